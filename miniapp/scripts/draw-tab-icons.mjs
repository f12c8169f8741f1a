#!/usr/bin/env node
// Draws the three tab bar icons (首页, 学习账户, 我的) as small PNGs, in grey and in the
// selected blue, so the repository carries no binary it cannot regenerate.
// Usage: node scripts/draw-tab-icons.mjs   (writes src/assets/tab/*.png)
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const SIZE = 81 // WeChat's recommended tab icon size in px
const SAMPLES = 4 // supersampling per axis, for smooth edges
const COLORS = { '': [0x4e, 0x59, 0x69], '-active': [0x15, 0x59, 0xb7] }

// Shapes work on a 0..1 square; each returns whether a point is inked.
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy)
  return d <= r && d >= r - w
}
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy)
  const d1 = s(ax, ay, bx, by)
  const d2 = s(bx, by, cx, cy)
  const d3 = s(cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}
const union = (...shapes) => (x, y) => shapes.some((shape) => shape(x, y))
const minus = (shape, hole) => (x, y) => shape(x, y) && !hole(x, y)
const frame = (x0, y0, x1, y1, w) => minus(rect(x0, y0, x1, y1), rect(x0 + w, y0 + w, x1 - w, y1 - w))

const ICONS = {
  // A house: roof and walls, with a door.
  home: minus(union(triangle(0.5, 0.1, 0.08, 0.5, 0.92, 0.5), rect(0.2, 0.45, 0.8, 0.9)), rect(0.42, 0.62, 0.58, 0.9)),
  // A book: cover, spine and two lines of text.
  account: union(frame(0.18, 0.1, 0.82, 0.9, 0.07), rect(0.18, 0.1, 0.3, 0.9), rect(0.4, 0.3, 0.7, 0.36), rect(0.4, 0.46, 0.7, 0.52)),
  // A person: head and shoulders.
  mine: union(ring(0.5, 0.3, 0.19, 0.07), minus(ring(0.5, 0.98, 0.4, 0.07), rect(0, 0.9, 1, 1)), rect(0.1, 0.83, 0.9, 0.9))
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(shape, [r, g, b]) {
  const rows = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4) // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      let hits = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((x + (sx + 0.5) / SAMPLES) / SIZE, (y + (sy + 0.5) / SAMPLES) / SIZE)) hits++
        }
      }
      row.set([r, g, b, Math.round((255 * hits) / (SAMPLES * SAMPLES))], 1 + x * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab')
mkdirSync(out, { recursive: true })
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [suffix, color] of Object.entries(COLORS)) {
    writeFileSync(join(out, `${name}${suffix}.png`), png(shape, color))
  }
}
process.stdout.write(`tab icons written to ${out}\n`)

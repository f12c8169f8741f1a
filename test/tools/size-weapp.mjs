#!/usr/bin/env node
// Measures the production weapp build against WeChat's package limits:
// 2 MB for the main package and for each subpackage, 20 MB for all of them together.
// Run after `taro build --type weapp` (NODE_ENV=production). The last line printed is JSON.
import { readFile, readdir, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT_PACKAGE_KB = 2048
const LIMIT_TOTAL_KB = 20480

const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'miniapp', 'dist', 'weapp')

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? listFiles(path) : [path]
    })
  )
  return nested.flat()
}

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10

async function main() {
  let appJson
  try {
    appJson = JSON.parse(await readFile(join(root, 'app.json'), 'utf8'))
  } catch (error) {
    console.error(`没有找到 ${join(root, 'app.json')}：请先运行 NODE_ENV=production taro build --type weapp（${error.message}）`)
    process.exit(2)
  }

  const roots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])]
    .map((pkg) => String(pkg.root).replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)

  const bytes = { main: 0 }
  for (const pkgRoot of roots) bytes[pkgRoot] = 0

  for (const file of await listFiles(root)) {
    const path = relative(root, file).split(sep).join('/')
    const size = (await stat(file)).size
    const owner = roots.find((pkgRoot) => path === pkgRoot || path.startsWith(`${pkgRoot}/`))
    bytes[owner ?? 'main'] += size
  }

  const total = Object.values(bytes).reduce((sum, n) => sum + n, 0)
  const problems = []
  const rows = [['main', bytes.main]]
  for (const pkgRoot of roots) rows.push([pkgRoot, bytes[pkgRoot]])
  for (const [name, size] of rows) {
    if (kb(size) > LIMIT_PACKAGE_KB) problems.push(`${name} is ${kb(size)} KB, over ${LIMIT_PACKAGE_KB} KB`)
  }
  if (kb(total) > LIMIT_TOTAL_KB) problems.push(`total is ${kb(total)} KB, over ${LIMIT_TOTAL_KB} KB`)

  const width = Math.max(...rows.map(([name]) => name.length), 'package'.length, 'total'.length)
  const line = (name, size, limit) =>
    `${name.padEnd(width)}  ${kb(size).toFixed(1).padStart(9)} KB  ${`/ ${limit} KB`.padStart(11)}  ${((size / 1024 / limit) * 100).toFixed(1).padStart(5)}%`
  console.log(`weapp build: ${root}`)
  console.log(`${'package'.padEnd(width)}  ${'size'.padStart(12)}  ${'limit'.padStart(11)}  ${'used'.padStart(6)}`)
  for (const [name, size] of rows) console.log(line(name, size, LIMIT_PACKAGE_KB))
  console.log(line('total', total, LIMIT_TOTAL_KB))
  for (const problem of problems) console.error(`TOO LARGE: ${problem}`)

  const subpackagesKb = Object.fromEntries(roots.map((pkgRoot) => [pkgRoot, kb(bytes[pkgRoot])]))
  console.log(JSON.stringify({ main_kb: kb(bytes.main), subpackages_kb: subpackagesKb, total_kb: kb(total) }))
  process.exit(problems.length ? 1 : 0)
}

main().catch((error) => {
  console.error(error)
  process.exit(2)
})

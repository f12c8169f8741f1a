#!/usr/bin/env node
// Writes a sealed transcript PDF in the seal format the server build of this checkout writes,
// signed with the tests' fixed transcript key (test/support/test-env.ts), for test/fixtures/transcripts/.
// Run after `npm run build -w @lp/server`:   node test/tools/transcript-fixture.mjs <out.pdf>
// A fixture is made once per seal format and then kept: PDFs already handed out never change, so
// the fixture of an old format must not be remade by newer code.
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const out = process.argv[2]
if (!out) throw new Error('usage: node test/tools/transcript-fixture.mjs <out.pdf>')
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'dist')
const require = createRequire(import.meta.url)
const { loadConfig } = require(join(dist, 'config', 'app-config.js'))
const { TranscriptSigner } = require(join(dist, 'transcripts', 'transcript-signer.js'))
const { statusEntry, transcriptContent, unsignedCredential } = require(join(dist, 'transcripts', 'credential.js'))
const { DataIntegrity } = require(join(dist, 'transcripts', 'data-integrity.js'))
const { renderTranscriptPdf } = require(join(dist, 'transcripts', 'transcript-pdf.js'))
const { sealPdf } = require(join(dist, 'transcripts', 'pdf-seal.js'))

const BASE = 'https://xuexi.example.cn'
// the same key as TEST_SECRETS.TRANSCRIPT_SIGNING_KEY: a fixed PKCS#8 prefix and the seed 0x07…07
const key = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]).toString('base64')
const signer = new TranscriptSigner(
  loadConfig({
    DATABASE_URL: 'postgres://fixture@localhost/fixture',
    JWT_SECRET: 'fixture-'.repeat(6),
    FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    LOOKUP_HASH_KEY: 'fixture-lookup-'.repeat(3),
    CHECKIN_SIGNING_KEY: 'fixture-checkin-'.repeat(3),
    TRANSCRIPT_SIGNING_KEY: key,
    WECHAT_APP_ID: 'wx-fixture',
    WECHAT_APP_SECRET: 'fixture',
    PUBLIC_BASE_URL: BASE,
  }),
)

const id = process.env.FIXTURE_ID ?? '5e7a1c00-0000-4000-8000-000000000001'
const issuedAt = process.env.FIXTURE_ISSUED_AT ?? '2025-11-20T02:00:00.000Z'
const holder = { residentName: '王秀英', district: '示范区', street: '示范街道', community: '示范社区' }
const records = [
  { day: '2025-10-03', title: '太极拳入门', source: 'attendance', category: 'health', minutes: 90, creditsMilli: 1500 },
  { day: '2025-10-05', title: '微课：手机视频通话', source: 'online_lesson', category: 'digital_literacy', minutes: 45, creditsMilli: 750 },
]
// the credential as the server issues it now (format 2, see credential.ts), at status entry 0 of list 1
const document = unsignedCredential({
  id,
  issuedAt,
  content: transcriptContent(holder, records),
  baseUrl: BASE,
  issuerId: signer.controllerUrl,
  credentialStatus: statusEntry(BASE, 1, 0),
})
const dataIntegrity = new DataIntegrity(signer)
const credential = { ...document, proof: await dataIntegrity.prove(document, issuedAt) }
await dataIntegrity.onModuleDestroy()
const rendered = await renderTranscriptPdf(credential, `${BASE}/verify/${id}`, signer.keyId)
const sealed = sealPdf(rendered, signer.keyId, (data) => signer.signBytes(data))
await writeFile(out, sealed)
console.log(`${out}: ${sealed.length} bytes, transcript ${id}, key ${signer.keyId}`)

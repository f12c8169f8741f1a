#!/usr/bin/env node
// Measures the production weapp build against WeChat's package limits:
// 2 MB for the main package and for each subpackage, 20 MB for all of them together, and our own
// budget of 600 KB for the main package (what a resident downloads before the first page).
// It also checks what WeChat's privacy rules need of the build: app.json declares
// requiredPrivateInfos with values WeChat accepts, and the main package carries our handling of
// onNeedPrivacyAuthorization (the popup's agree button) and the templates bind its events.
// Run after `taro build --type weapp` (NODE_ENV=production). The last line printed is JSON.
import { readFile, readdir, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT_PACKAGE_KB = 2048
const LIMIT_TOTAL_KB = 20480
const BUDGET_MAIN_KB = 600

/** The only values WeChat accepts in requiredPrivateInfos (the location APIs). */
const PRIVATE_INFOS = new Set([
  'getFuzzyLocation',
  'getLocation',
  'onLocationChange',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'chooseLocation',
  'choosePoi',
  'chooseAddress'
])

/**
 * What the main package must hold for the privacy popup: our answer to WeChat (only our code
 * reports the popup's exposure), the agree button's open-type, and the button events bound in
 * Taro's templates (without the binding a tap on 同意 or 手机号快速验证 reaches no handler).
 */
const PRIVACY_MARKERS = [
  { what: 'the onNeedPrivacyAuthorization handler', files: /\.js$/, text: 'exposureAuthorization' },
  { what: 'the agree button (open-type agreePrivacyAuthorization)', files: /\.js$/, text: 'agreePrivacyAuthorization' },
  { what: 'the agree event bound in the templates', files: /\.wxml$/, text: 'bindagreeprivacyauthorization' },
  { what: 'the getPhoneNumber event bound in the templates', files: /\.wxml$/, text: 'bindgetphonenumber' }
]

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
  const markersFound = new Set()

  for (const file of await listFiles(root)) {
    const path = relative(root, file).split(sep).join('/')
    const size = (await stat(file)).size
    const owner = roots.find((pkgRoot) => path === pkgRoot || path.startsWith(`${pkgRoot}/`))
    bytes[owner ?? 'main'] += size
    const markers = owner ? [] : PRIVACY_MARKERS.filter((m) => m.files.test(path) && !markersFound.has(m))
    if (markers.length) {
      const text = await readFile(file, 'utf8')
      for (const marker of markers) if (text.includes(marker.text)) markersFound.add(marker)
    }
  }

  const total = Object.values(bytes).reduce((sum, n) => sum + n, 0)
  const problems = []
  if (kb(bytes.main) > BUDGET_MAIN_KB) problems.push(`main is ${kb(bytes.main)} KB, over the ${BUDGET_MAIN_KB} KB budget`)

  const declared = appJson.requiredPrivateInfos
  const privacy = []
  if (!Array.isArray(declared) || declared.length === 0) {
    privacy.push('app.json declares no requiredPrivateInfos')
  } else {
    const unknown = declared.filter((name) => !PRIVATE_INFOS.has(name))
    if (unknown.length) privacy.push(`requiredPrivateInfos has values WeChat refuses: ${unknown.join(', ')}`)
  }
  for (const marker of PRIVACY_MARKERS) {
    if (!markersFound.has(marker)) privacy.push(`the main package lacks ${marker.what} ("${marker.text}")`)
  }
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
  console.log(`requiredPrivateInfos: ${JSON.stringify(declared ?? null)}; privacy handling: ${markersFound.size}/${PRIVACY_MARKERS.length} markers in the main package`)
  for (const problem of privacy) console.error(`PRIVACY: ${problem}`)

  const subpackagesKb = Object.fromEntries(roots.map((pkgRoot) => [pkgRoot, kb(bytes[pkgRoot])]))
  console.log(
    JSON.stringify({
      main_kb: kb(bytes.main),
      subpackages_kb: subpackagesKb,
      total_kb: kb(total),
      required_private_infos: Array.isArray(declared) ? declared : [],
      privacy_ok: privacy.length === 0
    })
  )
  process.exit(problems.length || privacy.length ? 1 : 0)
}

main().catch((error) => {
  console.error(error)
  process.exit(2)
})

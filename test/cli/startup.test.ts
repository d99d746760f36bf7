// Start-up stays fast (docs/startup.md): help and version come from oclif.manifest.json without importing a
// command, `controls list` loads no Azure SDK, spreadsheet, PDF, template, crypto or emulator module, no
// command module loads one either (checked over every command, so a new command written with eager imports
// fails here), and the shipped manifest is exactly the one the compiled commands produce.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/core/version.js'
import { staleManifestWarning } from '../../src/cli/manifest-check.js'
import { MANIFEST_FILE, compiledCommandIds, generateManifest, sourceCommandIds, type OclifManifest } from '../../src/build/manifest.js'

const root = projectRoot()
const preload = join(root, 'test', 'cli', 'import-log', 'register.mjs')
const scratch = mkdtempSync(join(tmpdir(), 'tp-startup-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Modules that only the use cases needing them may load (a path inside the package or our dist/). */
const HEAVY: { name: string; pattern: RegExp }[] = [
  { name: 'an Azure SDK', pattern: /\/node_modules\/@azure\// },
  { name: 'exceljs', pattern: /\/node_modules\/exceljs\// },
  { name: 'pdfkit', pattern: /\/node_modules\/pdfkit\// },
  { name: 'handlebars', pattern: /\/node_modules\/handlebars\// },
  { name: 'node-forge', pattern: /\/node_modules\/node-forge\// },
  { name: 'yauzl', pattern: /\/node_modules\/yauzl\// },
  { name: 'yazl', pattern: /\/node_modules\/yazl\// },
  // The emulator (HTTPS server, CA, wire bodies, sample estates); its estate schema is the check fixtures' format.
  { name: 'the emulator', pattern: /\/dist\/src\/emulator\/(?!estate\.js$)/ },
]

interface Loaded {
  /** every module path the process resolved or required */
  modules: Set<string>
  /** module → the module that first imported it (ESM only; CommonJS requires are listed without one) */
  parent: Map<string, string>
}

function asPath(urlOrPath: string): string {
  return urlOrPath.startsWith('file:') ? fileURLToPath(urlOrPath) : urlOrPath
}

function readLog(file: string): Loaded {
  const modules = new Set<string>()
  const parent = new Map<string, string>()
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('node:')) continue
    const [url, from] = line.split('\t')
    if (!url || url.startsWith('node:')) continue
    const path = asPath(url)
    modules.add(path)
    if (from && !from.startsWith('node:') && !parent.has(path)) parent.set(path, from.startsWith('file:') ? asPath(from) : from)
  }
  return { modules, parent }
}

function chainOf(loaded: Loaded, module: string): string[] {
  const chain = [module]
  while (chain.length < 40) {
    const up = loaded.parent.get(chain[chain.length - 1]!)
    if (!up || chain.includes(up)) break
    chain.push(up)
  }
  return chain.map((p) => p.replace(`${root}/`, ''))
}

/** One line per heavy module loaded: what it is and the import chain that reached it. */
function heavyLoads(loaded: Loaded): string[] {
  const out: string[] = []
  for (const { name, pattern } of HEAVY) {
    const hit = [...loaded.modules].find((m) => pattern.test(m))
    if (hit) out.push(`${name}: ${chainOf(loaded, hit).join(' <- ')}`)
  }
  return out
}

let runs = 0

/** Runs node with the import-logging preload; returns the exit code, output and what was loaded. */
function runLogged(nodeArgs: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; loaded: Loaded }> {
  const log = join(scratch, `imports-${++runs}.log`)
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, NO_COLOR: '1', TRUSTPACK_IMPORT_LOG: log }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', preload, ...nodeArgs], { cwd: root, env: { ...base, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, loaded: readLog(log) }))
  })
}

function cli(args: string[]): ReturnType<typeof runLogged> {
  return runLogged([join(root, 'bin', 'run.js'), ...args])
}

function readManifest(): OclifManifest {
  const file = join(root, MANIFEST_FILE)
  if (!existsSync(file)) throw new Error(`${MANIFEST_FILE} is missing: \`npm run build\` writes it`)
  return JSON.parse(readFileSync(file, 'utf8')) as OclifManifest
}

describe('start-up', () => {
  it('the import log sees a heavy module when one is loaded (the checks below can fail)', async () => {
    const r = await runLogged(['--input-type=module', '-e', "await import('exceljs'); await import('@azure/core-rest-pipeline')"])
    expect(r.code, r.stderr).toBe(0)
    expect(heavyLoads(r.loaded).map((l) => l.split(':')[0])).toEqual(['an Azure SDK', 'exceljs'])
  })

  it.each(['--help', '--version', 'scan --help', 'controls --help'])('`trustpack %s` answers from the manifest: no command module, nothing heavy', async (line) => {
    const args = line.split(' ')
    const r = await cli(args)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(args[0] === '--version' ? /^trustpack\/\d+\.\d+\.\d+ / : /USAGE/)
    expect(heavyLoads(r.loaded)).toEqual([])
    expect([...r.loaded.modules].filter((m) => m.includes('/dist/src/commands/')).map((m) => m.replace(`${root}/`, ''))).toEqual([])
  })

  it('`trustpack controls list` loads no Azure SDK, exceljs, pdfkit, handlebars, node-forge, zip library or emulator', async () => {
    const r = await cli(['controls', 'list'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/soc2/i)
    expect(heavyLoads(r.loaded)).toEqual([])
  })

  // Commands that read files only: each loads its heavy modules (if any) only on the path that needs them.
  it.each(['controls validate', 'library list', 'library validate'])('`trustpack %s` loads nothing heavy', async (line) => {
    const r = await cli(line.split(' '))
    expect(r.code, r.stderr).toBe(0)
    expect(heavyLoads(r.loaded)).toEqual([])
  })

  it('`trustpack check --snapshot` evaluates without loading an Azure SDK (only a scan needs one)', async () => {
    const snapshot = join(root, 'test', 'fixtures', 'snapshots', 'sql-db-tde-pass.json')
    const r = await cli(['check', '--snapshot', snapshot, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).breaking).toBe(false)
    expect(heavyLoads(r.loaded)).toEqual([])
  })

  it('no command module loads a heavy module when imported (use cases are imported inside run())', async () => {
    // Every compiled command, whether or not the manifest lists it yet.
    const files = compiledCommandIds(root).map((id) => `${join(root, 'dist', 'src', 'commands', ...id.split(':'))}.js`)
    expect(files.length).toBeGreaterThan(0)
    const script = 'for (const f of JSON.parse(process.env.TRUSTPACK_COMMAND_FILES)) await import(new URL(`file://${f}`).href)'
    const r = await runLogged(['--input-type=module', '-e', script], { TRUSTPACK_COMMAND_FILES: JSON.stringify(files) })
    expect(r.code, r.stderr).toBe(0)
    for (const f of files) expect(r.loaded.modules.has(f), `${f} was not imported`).toBe(true)
    expect(heavyLoads(r.loaded), 'a command imports a heavy module at load time; import its use case inside run() (docs/startup.md)').toEqual([])
  })

  it('a mistyped command is still caught by the command_not_found hook, with its suggestion', async () => {
    const r = await cli(['contrls', 'lst'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: "contrls lst" is not a trustpack command; did you mean "controls list"\?$/m)
    expect(heavyLoads(r.loaded)).toEqual([])
  })
})

describe('oclif.manifest.json', () => {
  it('lists exactly the commands whose sources exist, at the tool version', () => {
    const manifest = readManifest()
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; files: string[] }
    expect(manifest.version).toBe(pkg.version)
    expect(Object.keys(manifest.commands).sort()).toEqual(sourceCommandIds(root))
    expect(compiledCommandIds(root)).toEqual(sourceCommandIds(root))
    expect(pkg.files).toContain(MANIFEST_FILE)
  })

  it('is what the compiled commands produce now (flags, args, summaries, examples, aliases), so it cannot be stale', async () => {
    expect(readManifest()).toEqual(await generateManifest(root))
  })
})

describe('the stale-manifest warning (source checkouts only)', () => {
  /** A checkout with one compiled command and a manifest, the manifest `manifestAge` seconds older than the command. */
  function checkout(opts: { sources: boolean; manifest: boolean; manifestAge: number }): string {
    const dir = mkdtempSync(join(scratch, 'checkout-'))
    if (opts.sources) mkdirSync(join(dir, 'src', 'commands'), { recursive: true })
    mkdirSync(join(dir, 'dist', 'src', 'commands', 'controls'), { recursive: true })
    const command = join(dir, 'dist', 'src', 'commands', 'controls', 'list.js')
    writeFileSync(command, 'export default class {}\n')
    const t = Date.now() / 1000
    utimesSync(command, t, t)
    if (opts.manifest) {
      writeFileSync(join(dir, MANIFEST_FILE), '{"version":"0.1.0","commands":{}}\n')
      utimesSync(join(dir, MANIFEST_FILE), t - opts.manifestAge, t - opts.manifestAge)
    }
    return dir
  }

  it('names the command compiled after the manifest', () => {
    expect(staleManifestWarning(checkout({ sources: true, manifest: true, manifestAge: 5 }))).toMatch(/^dist\/src\/commands\/controls\/list\.js was compiled after oclif\.manifest\.json.*npm run build/)
  })

  it('says nothing when the manifest was written after the commands', () => {
    expect(staleManifestWarning(checkout({ sources: true, manifest: true, manifestAge: -5 }))).toBeNull()
  })

  it('says a missing manifest makes help load every command', () => {
    expect(staleManifestWarning(checkout({ sources: true, manifest: false, manifestAge: 0 }))).toMatch(/oclif\.manifest\.json is missing/)
  })

  it('checks nothing in an installed package (no sources), whatever the dates', () => {
    expect(staleManifestWarning(checkout({ sources: false, manifest: true, manifestAge: 5 }))).toBeNull()
    expect(staleManifestWarning(checkout({ sources: false, manifest: false, manifestAge: 0 }))).toBeNull()
  })

  it('reports nothing for this checkout, whose manifest the build just wrote', () => {
    expect(staleManifestWarning(root)).toBeNull()
  })
})

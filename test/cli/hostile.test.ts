// A user's own mistakes and interruptions, through the built CLI: an output naming an input, outputs that
// cannot be written, errors that keep their whole cause, errors under --json, a YAML alias bomb, a mistyped
// command, and SIGINT while work is under way. Each case once failed silently or misleadingly.
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createHash } from 'node:crypto'
import { projectRoot } from '../../src/core/version.js'
import { runCli } from './run.js'
import { loadEstate, withEmulator } from '../collect/helpers.js'

const ROOT = projectRoot()
const SNAPSHOT = join(ROOT, 'test/fixtures/snapshots/sql-db-tde-fail.json')
const QUESTIONNAIRE = join(ROOT, 'src/emulator/demo/sample-buyer-questionnaire.xlsx')

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'tp-hostile-'))
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** Every leftover temporary file or folder under `dir`. */
function leftovers(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.trustpack-tmp')) out.push(join(d, e.name))
      else if (e.isDirectory()) walk(join(d, e.name))
    }
  }
  walk(dir)
  return out
}

describe('an output that names an input is refused (exit 2), the input untouched', () => {
  it('evaluate --out SNAPSHOT, answer --out QUESTIONNAIRE (also through a symlink), check --sarif SNAPSHOT, baseline --out SNAPSHOT', async () => {
    const dir = tmp()
    const snap = join(dir, 's.json')
    copyFileSync(SNAPSHOT, snap)
    const q = join(dir, 'q.xlsx')
    copyFileSync(QUESTIONNAIRE, q)
    symlinkSync(q, join(dir, 'link.xlsx'))
    const before = { snap: sha(snap), q: sha(q) }
    const cases: [string[], RegExp][] = [
      [['evaluate', '--snapshot', 's.json', '--out', 's.json'], /^Error: --out s\.json: is the same file as the input --snapshot s\.json; refusing to overwrite it$/m],
      [['evaluate', '--snapshot', 's.json', '-o', './sub/../s.json'], /^Error: --out \.\/sub\/\.\.\/s\.json: is the same file as the input --snapshot s\.json/m],
      [['answer', 'q.xlsx', '--results', 's.json', '--out', 'q.xlsx'], /^Error: --out q\.xlsx: is the same file as the input QUESTIONNAIRE q\.xlsx/m],
      [['answer', 'q.xlsx', '--results', 's.json', '-o', 'link.xlsx'], /^Error: --out link\.xlsx: is the same file as the input QUESTIONNAIRE q\.xlsx/m],
      [['check', '--snapshot', 's.json', '--sarif', 's.json'], /^Error: --sarif s\.json: is the same file as the input --snapshot s\.json/m],
      [['baseline', '--snapshot', 's.json', '--out', 's.json'], /^Error: --out s\.json: is the same file as the input --snapshot s\.json/m],
      [['check', '--snapshot', 's.json', '--junit', 'r.xml', '--sarif', 'r.xml'], /^Error: --sarif r\.xml: is the same file as --junit r\.xml/m],
    ]
    for (const [args, message] of cases) {
      const r = await runCli(args, {}, dir)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(message)
    }
    mkdirSync(join(dir, 'sub'))
    expect({ snap: sha(snap), q: sha(q) }).toEqual(before)
  })
})

describe('an output that cannot be written is exit 2 naming the flag and path, before any work', () => {
  it('a path under a file, a folder where a file goes; check keeps exit 1 for the gate alone', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'plain'), 'x')
    mkdirSync(join(dir, 'folder'))
    const under = await runCli(['evaluate', '--snapshot', SNAPSHOT, '--out', 'plain/results.json'], {}, dir)
    expect(under.code).toBe(2)
    expect(under.stderr).toMatch(/^Error: --out plain\/results\.json: .*plain is not a folder$/m)
    const isDir = await runCli(['check', '--snapshot', SNAPSHOT, '--junit', 'folder'], {}, dir)
    expect(isDir.code).toBe(2)
    expect(isDir.stderr).toMatch(/^Error: --junit folder: is a folder, not a file$/m)
    expect(leftovers(dir)).toEqual([])
  })
})

describe('errors keep their whole cause, then the hint', () => {
  it('pack with no flags, answer with no argument, a credential chain with no az CLI', async () => {
    const pack = await runCli(['pack'])
    expect(pack.code).toBe(2)
    expect(pack.stderr).toContain('Missing required flag results')
    const answer = await runCli(['answer'])
    expect(answer.code).toBe(2)
    expect(answer.stderr).toMatch(/Missing 1 required arg:\n\s+questionnaire/)
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      // PATH holds node only: no az to ask for a token.
      const r = await runCli(['scan', '--arm-endpoint', emu.url, '--out', join(tmp(), 's.json')], { PATH: dirname(process.execPath), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' })
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/Azure CLI could not be found|az: not found|not installed/i)
      expect(r.stderr).toMatch(/^Hint: run `az login`/m)
      expect(emu.requests).toEqual([])
    })
  })
})

describe('under --json an error is one JSON object on stdout', () => {
  it('a usage error, a missing file, a YAML alias bomb (exit 2 naming the file), a mistyped command', async () => {
    const dir = tmp()
    const usage = await runCli(['answer', '--json'])
    expect(usage.code).toBe(2)
    expect(JSON.parse(usage.stdout)).toEqual({ error: expect.objectContaining({ code: 'UsageError', exitCode: 2, message: expect.stringContaining('Missing 1 required arg') }) })
    const missing = await runCli(['evaluate', '--snapshot', 'nope.json', '--json'], {}, dir)
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toEqual({ error: expect.objectContaining({ code: 'InputError', exitCode: 2, file: 'nope.json' }) })
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)]
    writeFileSync(join(dir, 'bomb.yaml'), `${lines.join('\n')}\n`)
    const bomb = await runCli(['evaluate', '--snapshot', SNAPSHOT, '--config', 'bomb.yaml', '--out', 'r.json'], {}, dir)
    expect(bomb.code).toBe(2)
    expect(bomb.stderr).toMatch(/^Error: bomb\.yaml:1: invalid YAML in config: too many aliases/m)
    const bombJson = await runCli(['evaluate', '--snapshot', SNAPSHOT, '--config', 'bomb.yaml', '--out', 'r.json', '--json'], {}, dir)
    expect(JSON.parse(bombJson.stdout).error).toMatchObject({ code: 'InputError', file: 'bomb.yaml', line: 1, exitCode: 2 })
    expect(existsSync(join(dir, 'r.json'))).toBe(false)
    const typo = await runCli(['scna'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/^Error: "scna" is not a trustpack command; did you mean "scan"\?$/m)
    const typoJson = await runCli(['controls', 'valdate', '--json'])
    expect(JSON.parse(typoJson.stdout).error.message).toMatch(/did you mean "controls validate"/)
  })

  it('describes the controls topic as the catalogs, not as one of its commands', async () => {
    const help = await runCli(['--help'])
    expect(help.stdout).toMatch(/^ {2}controls +Browse and validate the control catalogs/m)
  })
})

describe('SIGINT while work is under way', () => {
  it('stops a scan waiting on a hung read: exit 130, no snapshot, no temporary file', async () => {
    await withEmulator({ estate: loadEstate('mini'), faults: [{ path: '/providers/microsoft.resourcegraph/resources', hang: true }] }, async (emu) => {
      const dir = tmp()
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'scan', '--arm-endpoint', emu.url, '--out', join(dir, 'snap.json')], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', ...fakeAz(dir) },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      // Interrupt once the hung request has arrived.
      for (let i = 0; i < 200 && !emu.requests.some((r) => r.status === -1); i++) await new Promise((r) => setTimeout(r, 50))
      child.kill('SIGINT')
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code).toBe(130)
      expect(stderr).toMatch(/Interrupted \(SIGINT\)/)
      expect(existsSync(join(dir, 'snap.json'))).toBe(false)
      expect(leftovers(dir)).toEqual([])
    })
  })

  it('leaves a demo either absent or whole, never a temporary file, wherever it is interrupted', async () => {
    for (const delayMs of [1500, 7000]) {
      const dir = tmp()
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'demo', '--out', join(dir, 'demo')], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
      await new Promise((r) => setTimeout(r, delayMs))
      child.kill('SIGINT')
      // An interrupted command exits at once; one still running 30 s later is a hang (killed, and reported).
      const code = await Promise.race([closed, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))])
      if (code === 'hung') child.kill('SIGKILL')
      expect(code, `after ${delayMs} ms; stderr: ${stderr}`).not.toBe('hung')
      expect([0, 130], `exit after ${delayMs} ms`).toContain(code)
      expect(leftovers(dir), `after ${delayMs} ms`).toEqual([])
      const pack = join(dir, 'demo', 'pack')
      if (existsSync(pack)) {
        const verify = await runCli(['verify', pack], {}, dir)
        expect(verify.code, `pack verifies after ${delayMs} ms`).toBe(0)
      }
    }
  }, 180_000)
})

/** A stand-in `az` that hands out a token, so the scan reaches the emulator. */
function fakeAz(dir: string): Record<string, string> {
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'az'), `#!/bin/sh\necho '{"accessToken":"t","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}'\n`, { mode: 0o755 })
  return { PATH: `${bin}:${process.env.PATH ?? ''}` }
}

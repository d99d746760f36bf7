// The pack, verify and keys commands through the built CLI: exit codes, one-line errors, --json on stdout only.
import { appendFileSync, copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../cli/run.js'
import { RESULTS, SNAPSHOT, tmp } from './helpers.js'

let dir: string
beforeAll(() => { dir = tmp('trustpack-pack-cli-') })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

describe('trustpack pack / verify / keys generate', () => {
  it('signs a pack, verifies it (exit 0), then names a tampered file (exit 1)', async () => {
    const keys = await runCli(['keys', 'generate', '--out', join(dir, 'keys'), '--json'])
    expect(keys.code).toBe(0)
    expect(JSON.parse(keys.stdout).fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/)

    const pack = await runCli(['pack', '--results', RESULTS, '--out', join(dir, 'pack'), '--sign-key', join(dir, 'keys', 'trustpack-signing.key'), '--json'])
    expect(pack.code).toBe(0)
    expect(JSON.parse(pack.stdout)).toMatchObject({ signed: true, files: 23 })

    const ok = await runCli(['verify', join(dir, 'pack'), '--public-key', join(dir, 'keys', 'trustpack-signing.pub')])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('intact; signed by the holder of the given public key')

    const embedded = await runCli(['verify', join(dir, 'pack')])
    expect(embedded.code).toBe(0)
    expect(embedded.stdout).toMatch(/intact; signature valid with the key inside the pack .*not who signed it/)

    appendFileSync(join(dir, 'pack', 'evidence', 'soc2', 'CC6.7.csv'), 'x')
    const bad = await runCli(['verify', join(dir, 'pack')])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('changed: evidence/soc2/CC6.7.csv')
    expect(bad.stderr).toMatch(/^Error: .*NOT intact.*evidence\/soc2\/CC6\.7\.csv\n$/)

    const json = await runCli(['verify', join(dir, 'pack'), '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, changed: ['evidence/soc2/CC6.7.csv'] })
  })

  it('fails an unsigned pack as unsigned (exit 1) unless --allow-unsigned', async () => {
    const pack = await runCli(['pack', '--results', RESULTS, '--out', join(dir, 'unsigned')])
    expect(pack.code).toBe(0)
    const strict = await runCli(['verify', join(dir, 'unsigned')])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toMatch(/^Error: .*NOT intact: unsigned \(pass --allow-unsigned/m)
    const allowed = await runCli(['verify', join(dir, 'unsigned'), '--allow-unsigned'])
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toMatch(/intact; unsigned \(accepted with --allow-unsigned\)/)
  })

  it('exits 2 with the sentence for a folder that is not a pack', async () => {
    const r = await runCli(['verify', join(dir, 'keys'), '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.message).toBe(`${join(dir, 'keys')} is not a trustpack evidence pack (no manifest.json)`)
  })

  it('exits 2 with one line for an unreadable pack or a snapshot that does not match', async () => {
    const none = await runCli(['verify', join(dir, 'no-such-pack')])
    expect(none.code).toBe(2)
    expect(none.stderr.trim().split('\n')).toHaveLength(1)

    const results = join(dir, 'results.json')
    copyFileSync(RESULTS, results)
    const snapshot = join(dir, 'other-snapshot.json')
    copyFileSync(SNAPSHOT, snapshot)
    appendFileSync(snapshot, '\n')
    const mismatch = await runCli(['pack', '--results', results, '--snapshot', snapshot, '--out', join(dir, 'p2')])
    expect(mismatch.code).toBe(2)
    expect(mismatch.stderr).toContain(`${snapshot}: SHA-256`)
    expect(mismatch.stderr).not.toMatch(/\n\s+at /)

    writeFileSync(join(dir, 'snapshot.json'), '{}')
    const nextTo = await runCli(['pack', '--results', results, '--out', join(dir, 'p3')])
    expect(nextTo.code).toBe(2)
  })
})

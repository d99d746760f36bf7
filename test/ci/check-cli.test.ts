// `trustpack check` and `trustpack baseline` as processes (built CLI): exit codes, outputs,
// $GITHUB_STEP_SUMMARY, --json, and the live scan path against the emulator.
import { beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Estate } from '../../src/emulator/estate.js'
import { loadEstate, scanEmulator, withEmulator } from '../collect/helpers.js'
import { fakeAzCli, runCli } from '../cli/run.js'

function flip(estate: Estate, idSuffix: string, prop: string, value: unknown): { estate: Estate; id: string } {
  const copy = structuredClone(estate)
  const r = copy.resources.find((x) => x.id.toLowerCase().endsWith(idSuffix.toLowerCase()))!
  r.properties[prop] = value
  return { estate: copy, id: r.id }
}

describe('trustpack check as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-ci-cli-'))
  const cleanSnap = join(dir, 'clean.json')
  const driftSnap = join(dir, 'drift.json')
  const drifted = flip(loadEstate('mini'), '/storageAccounts/st1', 'minimumTlsVersion', 'TLS1_0')

  beforeAll(async () => {
    await withEmulator({ estate: loadEstate('mini') }, (emu) => scanEmulator(emu, { out: cleanSnap }))
    await withEmulator({ estate: drifted.estate }, (emu) => scanEmulator(emu, { out: driftSnap }))
  })

  it('exits 0 on the baseline estate and 1 on the drifted one, naming the control and resource in JUnit, SARIF and Markdown', async () => {
    const b = await runCli(['baseline', '--snapshot', cleanSnap], {}, dir)
    expect(b.stderr).toBe('')
    expect(b.code).toBe(0)
    expect(b.stdout).toMatch(/^Baseline written to trustpack-baseline\.json: \d+ controls in gdpr, iso27001, soc2, trust-claims/)
    expect(existsSync(join(dir, 'trustpack-baseline.json'))).toBe(true)

    const ok = await runCli(['check', '--snapshot', cleanSnap, '--baseline', 'trustpack-baseline.json'], {}, dir)
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout.split('\n')[0]).toMatch(/^trustpack check: passed \(--fail-on new, baseline trustpack-baseline\.json\): 0 new, [1-9]\d* still failing, 0 resolved, 0 new errors$/)
    expect(ok.stdout.trim().split('\n')).toHaveLength(5)

    const summary = join(dir, 'step-summary.md')
    const bad = await runCli(['check', '--snapshot', driftSnap, '--baseline', 'trustpack-baseline.json', '--junit', 'out/junit.xml', '--sarif', 'out/check.sarif', '--markdown', 'out/summary.md'], { GITHUB_STEP_SUMMARY: summary }, dir)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^Error: gate broken \(--fail-on new\): 1 new failing finding/)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    expect(bad.stdout).toContain(`NEW: storage-min-tls on ${drifted.id}`)
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8')
    const sarif = readFileSync(join(dir, 'out/check.sarif'), 'utf8')
    const md = readFileSync(join(dir, 'out/summary.md'), 'utf8')
    const control = /^ {2}(\S+ \S+) .*: /m.exec(bad.stdout.split('\n').slice(1).join('\n'))![1]!
    const [fw, controlId] = control.split(' ') as [string, string]
    for (const text of [junit, sarif, md]) expect(text).toContain(drifted.id)
    expect(junit).toContain(`<testcase classname="${fw}" name="${controlId}: `)
    expect(sarif).toContain(`${fw}:${controlId}`)
    expect(md).toContain(`| ${controlId} |`)
    expect(readFileSync(summary, 'utf8')).toBe(md)
  })

  it('--json prints the outcome on stdout and still exits 1 when the gate breaks', async () => {
    const r = await runCli(['check', '--snapshot', driftSnap, '--baseline', 'trustpack-baseline.json', '--json'], {}, dir)
    expect(r.code).toBe(1)
    const json = JSON.parse(r.stdout) as { breaking: boolean; failOn: string; comparison: { newFailures: { checkId: string; resourceId: string }[] } }
    expect(json.breaking).toBe(true)
    expect(json.comparison.newFailures.map((d) => [d.checkId, d.resourceId])).toEqual([['storage-min-tls', drifted.id]])
  })

  it('exits 2 on usage and input errors, naming the file', async () => {
    const badLevel = await runCli(['check', '--snapshot', cleanSnap, '--fail-on', 'severe'], {}, dir)
    expect(badLevel.code).toBe(2)
    writeFileSync(join(dir, 'broken.json'), '{"trustpackBaseline":1,"frameworks":[],"controls":{},"failing":{"x":"nope"},"errors":{}}')
    const broken = await runCli(['check', '--snapshot', cleanSnap, '--baseline', 'broken.json'], {}, dir)
    expect(broken.code).toBe(2)
    expect(broken.stderr.split('\n')[0]).toBe('Error: broken.json: not a valid trustpack baseline: failing.x: Invalid input: expected array, received string')
    const missing = await runCli(['check', '--snapshot', cleanSnap, '--baseline', 'nope.json', '--require-baseline'], {}, dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope.json: baseline not found')
    const newWithout = await runCli(['check', '--snapshot', cleanSnap, '--fail-on', 'new'], {}, dir)
    expect(newWithout.code).toBe(2)
  })

  it('scans live through --arm-endpoint (workload identity in CI, az CLI here) and gates the result', async () => {
    await withEmulator({ estate: drifted.estate }, async (emu) => {
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const az = fakeAzCli()
      const r = await runCli(['check', '--arm-endpoint', emu.url, '--baseline', 'trustpack-baseline.json', '--sarif', 'live.sarif'], {
        PATH: `${az.binDir}:${process.env.PATH}`,
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
      }, dir)
      expect(r.stderr.split('\n')[0]).toMatch(/^Error: gate broken \(--fail-on new\)/)
      expect(r.code).toBe(1)
      expect(r.stdout).toContain(`NEW: storage-min-tls on ${drifted.id}`)
      expect(JSON.parse(readFileSync(join(dir, 'live.sarif'), 'utf8')).runs[0].results.some((x: { baselineState: string }) => x.baselineState === 'new')).toBe(true)
    })
  })
})

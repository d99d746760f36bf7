// The evaluate and controls commands, run through the built CLI as a user would.
import { describe, expect, it } from 'vitest'
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../cli/run.js'
import { projectRoot } from '../../src/core/version.js'
import { ResultsSchema } from '../../src/snapshot/results.js'

const ROOT = projectRoot()
const GOOD = join(ROOT, 'test/fixtures/catalogs/good')
const BROKEN = join(ROOT, 'test/fixtures/catalogs/broken')

function snapshotCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-evaluate-'))
  const path = join(dir, 'snapshot.json')
  copyFileSync(join(ROOT, 'test/fixtures/snapshots/sql-db-tde-fail.json'), path)
  return path
}

describe('trustpack evaluate', () => {
  it('writes results.json next to the snapshot and prints the summary', async () => {
    const snap = snapshotCopy()
    const r = await runCli(['evaluate', '--snapshot', snap, '--catalog', GOOD])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/controls: 0 pass, 2 fail/)
    expect(r.stdout).toMatch(/FAIL {2}D1 {2}Data at rest is encrypted/)
    const out = join(snap, '..', 'results.json')
    expect(existsSync(out)).toBe(true)
    expect(ResultsSchema.safeParse(JSON.parse(readFileSync(out, 'utf8'))).success).toBe(true)
  })

  it('prints only the Results on stdout with --json, limited to the frameworks asked for', async () => {
    const snap = snapshotCopy()
    const out = join(snap, '..', 'custom.json')
    const r = await runCli(['evaluate', '--snapshot', snap, '--catalog', GOOD, '--framework', 'other', '--out', out, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const results = ResultsSchema.parse(JSON.parse(r.stdout))
    expect(results.frameworks.map((f) => f.id)).toEqual(['other'])
    expect(existsSync(out)).toBe(true)
  })

  it('exits 2 with one line for a missing snapshot or an unknown framework', async () => {
    const missing = await runCli(['evaluate', '--snapshot', join(tmpdir(), 'no-such-snapshot.json'), '--catalog', GOOD])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no-such-snapshot\.json: cannot read snapshot/)
    const unknown = await runCli(['evaluate', '--snapshot', snapshotCopy(), '--catalog', GOOD, '--framework', 'dmeo'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown framework "dmeo"; did you mean "demo"/)
  })
})

describe('trustpack controls', () => {
  it('validate passes on the shipped catalogs', async () => {
    const r = await runCli(['controls', 'validate'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^OK: \d+ checks, \d+ frameworks, \d+ controls/)
  })

  it('validate exits 2 listing every problem as file:line', async () => {
    const r = await runCli(['controls', 'validate', '--dir', BROKEN])
    expect(r.code).toBe(2)
    const lines = r.stderr.split('\n').filter((l) => /\.yaml:\d+: /.test(l))
    expect(lines.length).toBeGreaterThanOrEqual(10)
    expect(r.stderr).toMatch(/fw\.yaml:7: control C1: unknown check "sql-db-tdee"; did you mean "sql-db-tde"\?/)
  })

  it('list, show and coverage describe the catalog', async () => {
    const list = await runCli(['controls', 'list', '--dir', GOOD, '--framework', 'demo'])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/D4 +both +Encryption everywhere/)
    const control = await runCli(['controls', 'show', 'demo:D3', '--dir', GOOD])
    expect(control.stdout).toMatch(/attestation should hold: IR plan/)
    const check = await runCli(['controls', 'show', 'storage-min-tls', '--dir', GOOD, '--json'])
    expect(JSON.parse(check.stdout)).toMatchObject({ kind: 'check', id: 'storage-min-tls', usedBy: ['demo:D2', 'demo:D4', 'other:O.1'] })
    const coverage = await runCli(['controls', 'coverage', '--dir', GOOD, '--json'])
    expect(JSON.parse(coverage.stdout)).toEqual([
      { framework: 'demo', title: 'Demo framework', total: 4, automated: 2, manual: 1, both: 1, unmapped: 0 },
      { framework: 'other', title: 'Another framework', total: 1, automated: 1, manual: 0, both: 0, unmapped: 0 },
    ])
    const missing = await runCli(['controls', 'show', 'sql-db-tdee', '--dir', GOOD])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/did you mean "sql-db-tde"/)
  })
})

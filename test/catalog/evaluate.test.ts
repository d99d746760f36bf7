// evaluateSnapshot: results.json per DESIGN.md, control roll-up, exceptions and attestations from trustpack.yaml.
import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type LoadedConfig } from '../../src/core/config.js'
import { projectRoot } from '../../src/core/version.js'
import { ResultsSchema } from '../../src/snapshot/results.js'
import { SnapshotSchema, type Snapshot } from '../../src/snapshot/schema.js'
import { evaluateFile, evaluateSnapshot, renderEvaluationSummary } from '../../src/app/evaluate.js'
import { rollUp } from '../../src/catalog/rollup.js'

const ROOT = projectRoot()
const CATALOG = join(ROOT, 'test/fixtures/catalogs/good')
const NOW = new Date('2026-11-25T12:00:00Z')
const SQL = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-fixture/providers/Microsoft.Sql/servers/sql-orders'
const DB = `${SQL}/databases/orders`

function snapshot(file: string): Snapshot {
  return SnapshotSchema.parse(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/snapshots', file.replace('/', '-')), 'utf8')))
}

/** `files`: paths relative to the config's folder (attestation evidence) and their contents. */
function config(yaml: string, files: Record<string, string> = {}): LoadedConfig {
  const dir = mkdtempSync(join(tmpdir(), 'trustpack-eval-'))
  const file = join(dir, 'trustpack.yaml')
  writeFileSync(file, yaml)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return loadConfig(file)
}

const NO_CONFIG: LoadedConfig = { config: {}, file: null, lineOf: () => 1 }

function run(snap: Snapshot, cfg: LoadedConfig = NO_CONFIG, frameworks?: string[]) {
  return evaluateSnapshot({ snapshot: snap, snapshotSha256: 'f'.repeat(64), config: cfg, catalogDir: CATALOG, now: NOW, ...(frameworks ? { frameworks } : {}) })
}

describe('evaluateSnapshot', () => {
  it('produces schema-valid results with findings, controls and summary', () => {
    const r = run(snapshot('sql-db-tde/fail.json'))
    expect(ResultsSchema.safeParse(r).success).toBe(true)
    expect(r.evaluatedAt).toBe(NOW.toISOString())
    expect(r.checks.map((c) => c.id)).toEqual(['sql-db-tde', 'storage-min-tls'])
    expect(r.findings).toEqual([expect.objectContaining({ checkId: 'sql-db-tde', resourceId: DB, status: 'fail' })])
    const byId = Object.fromEntries(r.controls.map((c) => [`${c.framework}:${c.controlId}`, c]))
    expect(byId['demo:D1']).toMatchObject({ status: 'fail', counts: { fail: 1, pass: 0 } })
    expect(byId['demo:D2']).toMatchObject({ status: 'not_applicable' })
    expect(byId['demo:D3']).toMatchObject({ status: 'manual', manual: true, evidenceHint: 'IR plan and the last exercise report' })
    expect(byId['demo:D4']).toMatchObject({ status: 'fail' })
    expect(r.summary.demo).toEqual({ pass: 0, fail: 2, error: 0, not_applicable: 1, manual: 1 })
    expect(r.parameters).toEqual({ minTlsVersion: '1.2' })
  })

  it('is deterministic for the same inputs and clock', () => {
    expect(JSON.stringify(run(snapshot('sql-db-tde/fail.json')))).toBe(JSON.stringify(run(snapshot('sql-db-tde/fail.json'))))
  })

  it('limits controls to the frameworks asked for, from the flag or the config', () => {
    expect(run(snapshot('sql-db-tde/pass.json'), NO_CONFIG, ['other']).controls.map((c) => c.framework)).toEqual(['other'])
    expect(run(snapshot('sql-db-tde/pass.json'), config('frameworks: [other]\n')).frameworks.map((f) => f.id)).toEqual(['other'])
    expect(() => run(snapshot('sql-db-tde/pass.json'), NO_CONFIG, ['sco2'])).toThrow(/unknown framework "sco2"/)
    expect(() => run(snapshot('sql-db-tde/pass.json'), config('frameworks:\n  - demo\n  - othr\n'))).toThrow(/trustpack\.yaml:3: unknown framework "othr"; did you mean "other"/)
  })

  it('takes parameters from the config and rejects unknown ones with file:line', () => {
    const r = run(snapshot('storage-min-tls/pass.json'), config('parameters:\n  minTlsVersion: 1.3\n'))
    expect(r.parameters.minTlsVersion).toBe('1.3')
    expect(r.findings[0]?.status).toBe('fail')
    expect(() => run(snapshot('storage-min-tls/pass.json'), config('parameters:\n  minTlsVerison: "1.2"\n'))).toThrow(/trustpack\.yaml:2: unknown parameter "minTlsVerison"; did you mean "minTlsVersion"/)
  })
})

describe('exceptions', () => {
  const exception = (expires: string, check = 'sql-db-tde', resource = DB): string =>
    `exceptions:\n  - check: ${check}\n    resource: ${resource}\n    reason: migration in progress\n    owner: dba@example.com\n    expires: ${expires}\n`

  it('turns a failing finding into a pass citing the active exception', () => {
    const r = run(snapshot('sql-db-tde/fail.json'), config(exception('2026-12-31')))
    expect(r.findings[0]).toMatchObject({ status: 'pass', exception: { owner: 'dba@example.com', expires: '2026-12-31' } })
    expect(r.exceptions).toEqual([expect.objectContaining({ state: 'active' })])
    expect(r.controls.find((c) => c.controlId === 'D1')?.status).toBe('pass')
  })

  it('still counts an exception on its expiry day, and not after it', () => {
    expect(run(snapshot('sql-db-tde/fail.json'), config(exception('2026-11-25'))).findings[0]?.status).toBe('pass')
    const r = run(snapshot('sql-db-tde/fail.json'), config(exception('2026-11-24')))
    expect(r.findings[0]).toMatchObject({ status: 'fail' })
    expect(r.findings[0]?.exception).toBeUndefined()
    expect(r.findings[0]?.message).toMatch(/exception expired 2026-11-24/)
    expect(r.exceptions).toEqual([expect.objectContaining({ state: 'expired' })])
  })

  it('marks an exception that matched no failing finding as unused', () => {
    expect(run(snapshot('sql-db-tde/pass.json'), config(exception('2026-12-31'))).exceptions[0]?.state).toBe('unused')
  })

  it('rejects an exception for an unknown check, naming file and line', () => {
    expect(() => run(snapshot('sql-db-tde/fail.json'), config(exception('2026-12-31', 'sql-db-tdee')))).toThrow(/trustpack\.yaml:2: exception for unknown check "sql-db-tdee"; did you mean "sql-db-tde"/)
  })

  it('keeps an exception whose resource is gone as orphaned, with a warning naming file and line, not an error', () => {
    const r = run(snapshot('sql-db-tde/fail.json'), config(exception('2026-12-31', 'sql-db-tde', `${SQL}/databases/gone`)))
    expect(r.exceptions).toEqual([expect.objectContaining({ state: 'orphaned', resource: `${SQL}/databases/gone` })])
    expect(r.warnings).toEqual([expect.stringMatching(/trustpack\.yaml:3: exception for sql-db-tde on .*databases\/gone, which is not in the snapshot/)])
    expect(renderEvaluationSummary(r)).toMatch(/Warning: .*trustpack\.yaml:3: exception for sql-db-tde/)
    expect(r.findings[0]?.status).toBe('fail')
  })
})

describe('attestations', () => {
  const IR = 'Incident response plan, reviewed 2026\n'
  const IR_SHA = createHash('sha256').update(IR).digest('hex')
  const attestation = (control: string, expires: string, evidence = 'policies/ir.pdf', sha256?: string): string =>
    `attestations:\n  - control: ${control}\n    statement: IR plan tested\n    evidence: ${evidence}\n${sha256 ? `    sha256: ${sha256}\n` : ''}    owner: ciso@example.com\n    expires: ${expires}\n`
  const withFile = (yaml: string, text = IR): LoadedConfig => config(yaml, { 'policies/ir.pdf': text })

  it('turns a manual control into pass while valid, recording the evidence file\'s SHA-256 and size', () => {
    const r = run(snapshot('sql-db-tde/pass.json'), withFile(attestation('demo:D3', '2027-01-31')))
    expect(r.controls.find((c) => c.controlId === 'D3')).toMatchObject({ status: 'pass', attestationState: 'valid', attestation: { owner: 'ciso@example.com' } })
    expect(r.attestations).toEqual([expect.objectContaining({ control: 'demo:D3', state: 'valid', evidenceFile: { kind: 'file', sha256: IR_SHA, size: IR.length } })])
  })

  it('needs both passing checks and a valid attestation for a mixed control', () => {
    const none = run(snapshot('sql-db-tde/pass.json')).controls.find((c) => c.controlId === 'D4')
    expect(none).toMatchObject({ status: 'manual', automatedStatus: 'pass', attestationState: 'missing' })
    expect(run(snapshot('sql-db-tde/pass.json'), withFile(attestation('demo:D4', '2027-01-31'))).controls.find((c) => c.controlId === 'D4')?.status).toBe('pass')
    expect(run(snapshot('sql-db-tde/fail.json'), withFile(attestation('demo:D4', '2027-01-31'))).controls.find((c) => c.controlId === 'D4')).toMatchObject({ status: 'fail', automatedStatus: 'fail' })
  })

  it('does not count an attestation whose evidence file does not exist, and says why', () => {
    const r = run(snapshot('sql-db-tde/pass.json'), config(attestation('demo:D4', '2027-01-31')))
    expect(r.attestations[0]).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/evidence file policies\/ir\.pdf does not exist/) })
    expect(r.attestations[0]?.evidenceFile).toBeUndefined()
    expect(r.controls.find((c) => c.controlId === 'D4')).toMatchObject({ status: 'manual', automatedStatus: 'pass', attestationState: 'invalid', attestationReason: expect.stringMatching(/does not exist/) })
  })

  it('does not count an attestation whose evidence file differs from the declared sha256', () => {
    const ok = run(snapshot('sql-db-tde/pass.json'), withFile(attestation('demo:D3', '2027-01-31', 'policies/ir.pdf', IR_SHA)))
    expect(ok.controls.find((c) => c.controlId === 'D3')?.status).toBe('pass')
    const changed = run(snapshot('sql-db-tde/pass.json'), withFile(attestation('demo:D3', '2027-01-31', 'policies/ir.pdf', IR_SHA), IR.replace('2026', '2025')))
    expect(changed.controls.find((c) => c.controlId === 'D3')).toMatchObject({ status: 'manual', attestationState: 'invalid', attestationReason: expect.stringMatching(/has changed/) })
  })

  it('counts a URL only with a declared sha256, and never fetches it', () => {
    const url = 'https://policies.example.com/ir-2026.pdf'
    const without = run(snapshot('sql-db-tde/pass.json'), config(attestation('demo:D3', '2027-01-31', url)))
    expect(without.attestations[0]).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/URL without a sha256/) })
    const declared = run(snapshot('sql-db-tde/pass.json'), config(attestation('demo:D3', '2027-01-31', url, IR_SHA)))
    expect(declared.attestations[0]).toMatchObject({ state: 'valid', evidenceFile: { kind: 'url', sha256: IR_SHA } })
    expect(declared.controls.find((c) => c.controlId === 'D3')?.status).toBe('pass')
  })

  it('no longer counts an expired attestation and reports it', () => {
    const r = run(snapshot('sql-db-tde/pass.json'), config(attestation('demo:D3', '2026-01-31')))
    expect(r.controls.find((c) => c.controlId === 'D3')?.status).toBe('manual')
    expect(r.attestations[0]?.state).toBe('expired')
    expect(renderEvaluationSummary(r)).toMatch(/Expired attestation: demo:D3/)
  })

  it('rejects an attestation for an unknown framework or control with file:line', () => {
    expect(() => run(snapshot('sql-db-tde/pass.json'), config(attestation('demo:D9', '2027-01-31')))).toThrow(/trustpack\.yaml:2: attestation for unknown control "D9" in demo/)
    expect(() => run(snapshot('sql-db-tde/pass.json'), config(attestation('dmeo:D3', '2027-01-31')))).toThrow(/trustpack\.yaml:2: attestation for unknown framework "dmeo"; did you mean "demo"/)
  })
})

describe('inherited provider reports', () => {
  const report = (expires: string): string =>
    `inherited:\n  - id: azure-soc2\n    provider: Microsoft Azure\n    report: SOC 2 Type II report\n    issued: 2026-06-30\n    expires: ${expires}\n    scope: physical security of the data centers\n`

  it('carries each declared report into the results with its state', () => {
    expect(run(snapshot('sql-db-tde/pass.json'), config(report('2027-06-30'))).inherited).toEqual([
      { id: 'azure-soc2', provider: 'Microsoft Azure', report: 'SOC 2 Type II report', issued: '2026-06-30', expires: '2027-06-30', scope: 'physical security of the data centers', state: 'valid' },
    ])
    expect(run(snapshot('sql-db-tde/pass.json'), config(report('2026-01-31'))).inherited?.[0]?.state).toBe('expired')
    expect(run(snapshot('sql-db-tde/pass.json')).inherited).toBeUndefined()
  })

  it('rejects a report without a date, naming file and line', () => {
    expect(() => run(snapshot('sql-db-tde/pass.json'), config(report('soon')))).toThrow(/trustpack\.yaml:\d+: .*expected a date YYYY-MM-DD, got "soon"/)
  })
})

describe('roll-up', () => {
  const counts = (o: Partial<Record<'pass' | 'fail' | 'error' | 'not_applicable' | 'manual', number>>) => ({ pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0, ...o })
  it('follows DESIGN.md: fail, then error, then manual, then not_applicable, else pass', () => {
    expect(rollUp(counts({ fail: 1, error: 1, pass: 3 }), true, false)).toBe('fail')
    expect(rollUp(counts({ error: 1, pass: 3 }), true, false)).toBe('error')
    expect(rollUp(counts({ pass: 3 }), true, false)).toBe('manual')
    expect(rollUp(counts({ pass: 3 }), true, true)).toBe('pass')
    expect(rollUp(counts({ not_applicable: 2 }), false, false)).toBe('not_applicable')
    expect(rollUp(counts({}), false, false)).toBe('not_applicable')
    expect(rollUp(counts({ not_applicable: 2, pass: 1 }), false, false)).toBe('pass')
  })
})

describe('evaluateFile and the summary', () => {
  it('writes results.json next to the snapshot and renders failing controls first with their resources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustpack-evalfile-'))
    const snapPath = join(dir, 'snapshot.json')
    writeFileSync(snapPath, readFileSync(join(ROOT, 'test/fixtures/snapshots/sql-db-tde-fail.json')))
    const { results, outPath } = evaluateFile(snapPath, { config: NO_CONFIG, catalogDir: CATALOG, now: NOW })
    expect(outPath).toBe(join(dir, 'results.json'))
    expect(ResultsSchema.parse(JSON.parse(readFileSync(outPath, 'utf8'))).findings).toHaveLength(results.findings.length)
    const text = renderEvaluationSummary(results)
    expect(text).toMatch(/Demo framework \(demo, 1\)\n {2}controls: 0 pass, 2 fail, 0 error, 1 manual, 1 not applicable\n {2}FAIL {2}D1/)
    expect(text).toContain('sql-db-tde  servers/sql-orders/databases/orders: transparentdataencryption.properties.state is "Disabled"')
  })
})

import { describe, expect, it } from 'vitest'
import { baselineFromResults } from '../../src/report/ci/baseline.js'
import { compareResults, decideGate, parseFailOn } from '../../src/report/ci/compare.js'
import { buildResults, cleanFindings, withFinding, DB1, LAW, SQL1, ST1, ST2 } from './results-builder.js'

const NOW = new Date('2026-11-25T10:00:00Z')
const clean = () => buildResults(cleanFindings())
const sqlPublic = { checkId: 'sql-server-public-network', resourceId: SQL1, status: 'fail' as const, observed: 'Enabled', expected: 'Disabled' }

describe('drift against a baseline', () => {
  const baseline = baselineFromResults(clean())

  it('passes --fail-on new when nothing changed', () => {
    const cmp = compareResults(clean(), baseline, NOW)
    expect(cmp.newFailures).toEqual([])
    expect(decideGate(cmp, 'new')).toEqual({ failOn: 'new', breaking: false, reasons: [] })
  })

  it('breaks on one flipped setting and names the control and the resource', () => {
    const cmp = compareResults(buildResults(withFinding(cleanFindings(), sqlPublic)), baseline, NOW)
    expect(cmp.newFailures.map((d) => [d.checkId, d.resourceId, d.drift])).toEqual([['sql-server-public-network', SQL1, 'new']])
    expect(cmp.newFailures[0]!.controls).toEqual(['iso27001:8.20', 'soc2:CC6.1'])
    expect(cmp.regressedControls.map((c) => `${c.framework}:${c.controlId} ${c.baselineStatus}->${c.status}`)).toEqual(['soc2:CC6.1 pass->fail', 'iso27001:8.20 pass->fail'])
    const gate = decideGate(cmp, 'new')
    expect(gate.breaking).toBe(true)
    expect(gate.reasons).toEqual(['1 new failing finding', '2 controls got worse than the baseline'])
  })

  it('passes again once the setting is fixed, and reports what was resolved against a drifted baseline', () => {
    const driftedBaseline = baselineFromResults(buildResults(withFinding(cleanFindings(), sqlPublic)))
    const cmp = compareResults(clean(), driftedBaseline, NOW)
    expect(decideGate(cmp, 'new').breaking).toBe(false)
    expect(cmp.resolved.map((d) => [d.checkId, d.resourceId, d.status])).toEqual([['sql-server-public-network', SQL1, 'pass']])
    expect(cmp.controls.find((c) => c.controlId === 'CC6.1')!.change).toBe('better')
  })

  it('does not break on failures the baseline already accepted, but counts them as still failing', () => {
    const drifted = buildResults(withFinding(cleanFindings(), sqlPublic))
    const cmp = compareResults(drifted, baselineFromResults(drifted), NOW)
    expect(cmp.stillFailing).toHaveLength(1)
    expect(decideGate(cmp, 'new').breaking).toBe(false)
    expect(decideGate(cmp, 'any').breaking).toBe(true)
  })

  it('matches resource ids case-insensitively', () => {
    const drifted = buildResults(withFinding(cleanFindings(), sqlPublic))
    const upper = buildResults(withFinding(cleanFindings(), { ...sqlPublic, resourceId: SQL1.toUpperCase() }).map((f) => (f.resourceId === SQL1 ? { ...f, resourceId: SQL1.toUpperCase() } : f)))
    expect(compareResults(upper, baselineFromResults(drifted), NOW).newFailures).toEqual([])
  })

  it('a second failing resource under an already failing control is still new', () => {
    const oneFailing = buildResults(withFinding(cleanFindings(), { checkId: 'storage-public-network', resourceId: ST1, status: 'fail', observed: 'Allow', expected: 'Deny' }))
    const twoFailing = buildResults(withFinding(withFinding(cleanFindings(), { checkId: 'storage-public-network', resourceId: ST1, status: 'fail' }), { checkId: 'storage-public-network', resourceId: ST2, status: 'fail' }))
    const cmp = compareResults(twoFailing, baselineFromResults(oneFailing), NOW)
    expect(cmp.newFailures.map((d) => d.resourceId)).toEqual([ST2])
    expect(cmp.regressedControls).toEqual([])
    expect(decideGate(cmp, 'new').breaking).toBe(true)
  })

  it('a new error breaks --fail-on new (partial collection never passes silently), an accepted one does not', () => {
    const partial = buildResults(withFinding(cleanFindings(), { checkId: 'sql-db-tde', resourceId: DB1, status: 'error' }), { snapshotErrors: 1 })
    const cmp = compareResults(partial, baseline, NOW)
    expect(cmp.newErrors.map((d) => d.resourceId)).toEqual([DB1])
    expect(decideGate(cmp, 'new').reasons).toContain('1 new error (data that could not be read)')
    expect(cmp.notices.map((n) => n.message)).toContain('the snapshot records 1 failed read; 1 finding is error (never counted as pass)')
    expect(decideGate(compareResults(partial, baselineFromResults(partial), NOW), 'new').breaking).toBe(false)
  })

  it('a finding gone from the estate is resolved; a check not evaluated now says nothing', () => {
    const drifted = buildResults(withFinding(cleanFindings(), { checkId: 'log-retention', resourceId: LAW, status: 'fail' }))
    const b = baselineFromResults(drifted)
    const gone = clean()
    gone.findings = gone.findings.filter((f) => f.resourceId !== LAW)
    expect(compareResults(gone, b, NOW).resolved.map((d) => d.status)).toEqual(['absent'])
    gone.checks = gone.checks.filter((c) => c.id !== 'log-retention')
    expect(compareResults(gone, b, NOW).resolved).toEqual([])
  })
})

describe('scope of the gate', () => {
  it('judges only checks an evaluated control cites (evaluate runs every check, --framework selects controls)', () => {
    const results = buildResults(withFinding(cleanFindings(), sqlPublic))
    results.controls = results.controls.filter((c) => c.controlId === 'CC7.2')
    const cmp = compareResults(results, null, NOW)
    expect(cmp.failing).toEqual([])
    expect(decideGate(cmp, 'any').breaking).toBe(false)
    expect(decideGate(cmp, 'low').breaking).toBe(false)
    expect(baselineFromResults(results).failing).toEqual({})
  })
})

describe('--fail-on levels', () => {
  const medium = { checkId: 'storage-min-tls', resourceId: ST1, status: 'fail' as const, observed: 'TLS1_0', expected: { gte: '1.2' } }
  const results = buildResults(withFinding(cleanFindings(), medium))
  const cmp = compareResults(results, null, NOW)

  it('defaults to new with a baseline and any without', () => {
    expect(parseFailOn(undefined, true)).toBe('new')
    expect(parseFailOn(undefined, false)).toBe('any')
    expect(parseFailOn('HIGH', false)).toBe('high')
    expect(() => parseFailOn('new', false)).toThrow(/--fail-on new needs --baseline/)
    expect(() => parseFailOn('severe', true)).toThrow(/unknown level "severe"/)
  })

  it('breaks on a severity at or above the threshold only', () => {
    expect(decideGate(cmp, 'low').breaking).toBe(true)
    expect(decideGate(cmp, 'medium').reasons).toEqual(['1 failing finding of severity medium or above'])
    expect(decideGate(cmp, 'high').breaking).toBe(false)
    expect(decideGate(cmp, 'critical').breaking).toBe(false)
  })

  it('any breaks on failing controls, error also on controls in error', () => {
    expect(decideGate(cmp, 'any').reasons).toEqual(['2 failing controls'])
    const errOnly = compareResults(buildResults(withFinding(cleanFindings(), { checkId: 'sql-db-tde', resourceId: DB1, status: 'error' })), null, NOW)
    expect(decideGate(errOnly, 'any').breaking).toBe(false)
    expect(decideGate(errOnly, 'error').reasons).toEqual(['2 controls in error'])
  })

  it('a manual control losing its attestation is worse than the baseline', () => {
    const attested = buildResults(cleanFindings(), { attestations: [{ control: 'soc2:CC1.1', statement: 'Code of conduct signed', evidence: 'hr/coc.pdf', owner: 'hr@example.com', expires: '2026-11-24', state: 'valid' }] })
    const lapsed = buildResults(cleanFindings(), { attestations: [{ control: 'soc2:CC1.1', statement: 'Code of conduct signed', evidence: 'hr/coc.pdf', owner: 'hr@example.com', expires: '2026-11-24', state: 'expired' }] })
    const c = compareResults(lapsed, baselineFromResults(attested), NOW)
    expect(c.regressedControls.map((x) => `${x.controlId} ${x.baselineStatus}->${x.status}`)).toEqual(['CC1.1 pass->manual'])
    expect(decideGate(c, 'new').breaking).toBe(true)
    expect(c.notices.map((n) => n.message)).toContain('attestation for soc2:CC1.1 expired on 2026-11-24; the control needs a new one (owner hr@example.com)')
  })
})

describe('exceptions with expiry', () => {
  const exception = { check: 'storage-public-network', resource: ST1, reason: 'static marketing assets', owner: 'security@example.com', expires: '2026-12-01' }

  it('warns about an exception expiring within 14 days', () => {
    const cmp = compareResults(buildResults(cleanFindings(), { exceptions: [{ ...exception, state: 'active' }] }), null, NOW)
    expect(cmp.notices).toContainEqual({ level: 'warning', message: `exception for storage-public-network on ${ST1} expires on 2026-12-01 (in 6 days; owner security@example.com)` })
    const far = compareResults(buildResults(cleanFindings(), { exceptions: [{ ...exception, expires: '2027-03-31', state: 'active' }] }), null, NOW)
    expect(far.notices).toEqual([])
  })

  it('an expired exception makes its finding a new failure even when the baseline lists it, with a clear message', () => {
    const failingFinding = { checkId: 'storage-public-network', resourceId: ST1, status: 'fail' as const, observed: 'Allow', expected: 'Deny' }
    const results = buildResults(withFinding(cleanFindings(), failingFinding), { exceptions: [{ ...exception, expires: '2026-11-25', state: 'expired' }] })
    const cmp = compareResults(results, baselineFromResults(results), NOW)
    expect(cmp.newFailures).toHaveLength(1)
    expect(cmp.newFailures[0]!.expiredException).toEqual({ expires: '2026-11-25', owner: 'security@example.com', reason: 'static marketing assets' })
    expect(cmp.notices[0]).toEqual({ level: 'error', message: `exception for storage-public-network on ${ST1} expired on 2026-11-25; the finding fails again (owner security@example.com: renew the exception or fix the resource)` })
    expect(decideGate(cmp, 'new').breaking).toBe(true)
  })
})

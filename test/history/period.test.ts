// The period model on hand-built run sequences: failure windows, coverage gaps, exceptions expiring
// mid-period, period statuses and "what changed".
import { describe, expect, it } from 'vitest'
import { buildPeriodModel, coverageGaps, failureWindows, parsePeriod, type PeriodRun } from '../../src/history/period.js'
import type { Results, Status } from '../../src/snapshot/results.js'

const RES = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/a'

function day(n: number): string {
  return `2026-07-${String(n).padStart(2, '0')}`
}

function results(n: number, status: Status, extra: Partial<Results> = {}): Results {
  return {
    evaluatedAt: `${day(n)}T06:00:00.000Z`,
    controls: [{ framework: 'soc2', controlId: 'CC6.1', title: 'Access', status, checkIds: ['sql-server-min-tls'], manual: false, counts: { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 } }],
    findings: [{ checkId: 'sql-server-min-tls', resourceId: RES, resourceType: 'microsoft.sql/servers', status, observed: null, expected: null, message: '', callIds: [] }],
    exceptions: [],
    attestations: [],
    ...extra,
  } as unknown as Results
}

function runs(statuses: [number, Status][], extra: (n: number) => Partial<Results> = () => ({})): PeriodRun[] {
  return statuses.map(([n, s], i) => ({ seq: i + 1, record: `r${i + 1}`, results: results(n, s, extra(n)), resultsSha256: `h${i + 1}`, resources: [RES] }))
}

const store = { location: 'test', head: null, headSeq: null }
const daily = (from: number, to: number, status: (d: number) => Status): [number, Status][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, status(from + i)] as [number, Status])

describe('period model', () => {
  it('a control failing on days 10–14 then fixed has one window of 5 days and deviations', () => {
    const m = buildPeriodModel({ from: day(1), to: day(31), runs: runs(daily(1, 31, (d) => (d >= 10 && d <= 14 ? 'fail' : 'pass'))), store })
    const c = m.controls[0]!
    expect(c.periodStatus).toBe('deviations')
    expect(c.runs).toBe(31)
    expect(c.coverageGaps).toEqual([])
    expect(c.failureWindows).toEqual([{ firstSeen: day(10), lastSeen: day(14), fixed: day(15), daysToRemediate: 5, runs: 5, closedBy: 'pass' }])
    expect(c.segments.map((s) => [s.from, s.to, s.status])).toEqual([[day(1), day(9), 'pass'], [day(10), day(14), 'fail'], [day(15), day(31), 'pass']])
    expect(m.findings).toEqual([expect.objectContaining({ checkId: 'sql-server-min-tls', firstAppeared: day(1), windows: [expect.objectContaining({ firstSeen: day(10), fixed: day(15), daysToRemediate: 5 })] })])
    expect(m.changes.fixedFindings).toEqual([])
  })

  it('passing in every run with no gap is operated; a gap makes it insufficient', () => {
    const all = daily(1, 10, () => 'pass')
    expect(buildPeriodModel({ from: day(1), to: day(10), runs: runs(all), store }).controls[0]!.periodStatus).toBe('operated')
    const gap = all.filter(([d]) => d < 4 || d > 6)
    const m = buildPeriodModel({ from: day(1), to: day(10), runs: runs(gap), store })
    expect(m.controls[0]!.periodStatus).toBe('insufficient')
    expect(m.controls[0]!.coverageGaps).toEqual([{ from: day(4), to: day(6), days: 3 }])
    expect(m.coverageGaps).toEqual([{ from: day(4), to: day(6), days: 3 }])
  })

  it('counts days before the first run and after the last as gaps; a weekly cadence tolerates six idle days', () => {
    expect(coverageGaps([day(3), day(5)], day(1), day(7), 1)).toEqual([
      { from: day(1), to: day(2), days: 2 }, { from: day(4), to: day(4), days: 1 }, { from: day(6), to: day(7), days: 2 },
    ])
    expect(coverageGaps([day(1), day(8), day(15)], day(1), day(21), 7)).toEqual([])
    expect(coverageGaps([day(1), day(15)], day(1), day(21), 7)).toEqual([{ from: day(8), to: day(14), days: 7 }])
  })

  it('a window still open at the end has no fix date; an error run neither opens nor closes one', () => {
    expect(failureWindows([{ day: day(1), status: 'fail' }, { day: day(2), status: 'error' }, { day: day(3), status: 'fail' }])).toEqual([
      { firstSeen: day(1), lastSeen: day(3), fixed: null, daysToRemediate: null, runs: 2, closedBy: null },
    ])
    expect(failureWindows([{ day: day(1), status: 'fail' }, { day: day(4), status: null }])).toEqual([
      { firstSeen: day(1), lastSeen: day(1), fixed: day(4), daysToRemediate: 3, runs: 1, closedBy: 'removed' },
    ])
  })

  it('an exception expiring mid-period: in force until its expiry, then the failure shows and it is listed as expired', () => {
    const ex = { check: 'sql-server-min-tls', resource: RES, reason: 'r', owner: 'sec@example.com', expires: day(15) }
    const list = runs(daily(1, 20, (d) => (d <= 15 ? 'pass' : 'fail')), (d) => ({ exceptions: [{ ...ex, state: d <= 15 ? 'active' : 'expired' }] }))
    const m = buildPeriodModel({ from: day(1), to: day(20), runs: list, store })
    const c = m.controls[0]!
    expect(c.exceptions).toEqual([{ check: ex.check, resource: RES, owner: ex.owner, expires: day(15), firstSeen: day(1), lastInForce: day(15), expiredInPeriod: true }])
    expect(c.failureWindows).toEqual([expect.objectContaining({ firstSeen: day(16), fixed: null })])
    expect(m.changes.expiredExceptions).toEqual([{ check: ex.check, resource: RES, expires: day(15), owner: ex.owner }])
    expect(m.changes.newFailures).toEqual([{ checkId: 'sql-server-min-tls', resourceId: RES }])
  })

  it('what changed compares the last run before the period with the latest: fixed findings, new and removed resources', () => {
    const before: PeriodRun = { seq: 1, record: 'r0', results: results(1, 'fail'), resultsSha256: 'h0', resources: [RES, '/x/old'] }
    const inPeriod = runs(daily(5, 6, () => 'pass')).map((r) => ({ ...r, seq: r.seq + 1, resources: [RES, '/x/new'] }))
    const m = buildPeriodModel({ from: day(5), to: day(6), runs: inPeriod, previous: before, store })
    expect(m.changes).toMatchObject({ since: { seq: 1, basis: 'before-period' }, fixedFindings: [{ checkId: 'sql-server-min-tls', resourceId: RES }], newResources: ['/x/new'], removedResources: ['/x/old'], newFailures: [] })
  })

  it('parses periods and refuses bad ones', () => {
    expect(parsePeriod('2026-07-01..2026-12-31')).toEqual({ from: '2026-07-01', to: '2026-12-31' })
    expect(parsePeriod('2026-07-01..2026-02-30')).toMatch(/not a calendar date/)
    expect(parsePeriod('2026-12-31..2026-07-01')).toMatch(/starts .* after it ends/)
    expect(parsePeriod('july')).toMatch(/expected FROM..TO/)
  })
})

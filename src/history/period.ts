// The period model (docs/history.md, period.json): from the evaluate runs recorded in a period, per control
// the runs, coverage gaps, status timeline, failure windows, exceptions and attestations in force and the
// period status; per finding when it first failed and when it was fixed; and what changed since the
// previous pack. Pure: the same runs and period give the same model.
import type { Results, Status } from '../snapshot/results.js'

export const PERIOD_FORMAT = 'trustpack-period/1'
export const DEFAULT_CADENCE_DAYS = 1

export type PeriodStatus = 'operated' | 'deviations' | 'insufficient' | 'not_applicable'

export interface PeriodRun {
  seq: number
  /** the record's SHA-256 (the chain entry) */
  record: string
  results: Results
  resultsSha256: string
  /** resource IDs of the run's snapshot (for new/removed resources); needed for the previous and the last run */
  resources?: readonly string[]
}

export interface DayRange { from: string; to: string; days: number }

export interface TimelinePoint { seq: number; day: string; status: Status }

export interface FailureWindow {
  firstSeen: string
  lastSeen: string
  /** the day of the first run after the window that no longer failed; null while still failing at the period's end */
  fixed: string | null
  /** fixed − firstSeen in days; null while open */
  daysToRemediate: number | null
  /** runs that observed the failure */
  runs: number
  /** how the window closed: the status of the closing run, or "removed" (the resource left the estate) */
  closedBy: Status | 'removed' | null
}

export interface InForce {
  /** exception: check + resource; attestation: its statement */
  check?: string
  resource?: string
  statement?: string
  owner: string
  /** the first run in the period that lists it (the config records no start date) */
  firstSeen: string
  /** the last day it is valid (expires, as written in trustpack.yaml) */
  expires: string
  /** true when it expired inside the period: from the day after `expires` it no longer counted */
  expiredInPeriod: boolean
  /** the last run day on which it was in force (active / valid), null if never */
  lastInForce: string | null
}

export interface PeriodControl {
  framework: string
  controlId: string
  title: string
  periodStatus: PeriodStatus
  runs: number
  coverageGaps: DayRange[]
  timeline: TimelinePoint[]
  /** consecutive runs with the same status, for the chart */
  segments: { from: string; to: string; status: Status; runs: number }[]
  failureWindows: FailureWindow[]
  exceptions: InForce[]
  attestations: InForce[]
  latestStatus: Status
}

export interface PeriodFinding {
  checkId: string
  resourceId: string
  control: string[]
  /** the first run day in the period the finding was seen at all */
  firstAppeared: string
  windows: FailureWindow[]
}

export interface FindingKey { checkId: string; resourceId: string }

export interface PeriodChanges {
  /** the run compared against: the last run before the period (what the previous pack covered), else the first in it */
  since: { seq: number; day: string; basis: 'before-period' | 'first-in-period' }
  until: { seq: number; day: string }
  newFailures: FindingKey[]
  fixedFindings: FindingKey[]
  newResources: string[]
  removedResources: string[]
  expiredExceptions: { check: string; resource: string; expires: string; owner: string }[]
}

export interface PeriodModel {
  format: typeof PERIOD_FORMAT
  period: { from: string; to: string; days: number; cadenceDays: number }
  runs: { seq: number; record: string; day: string; evaluatedAt: string; resultsSha256: string }[]
  coverageGaps: DayRange[]
  summary: Record<PeriodStatus, number>
  controls: PeriodControl[]
  findings: PeriodFinding[]
  changes: PeriodChanges
  store: { location: string; head: string | null; headSeq: number | null }
}

const DAY_MS = 86_400_000

export function dayOf(iso: string): string {
  return iso.slice(0, 10)
}

export function dayIndex(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS)
}

export function dayFromIndex(i: number): string {
  return new Date(i * DAY_MS).toISOString().slice(0, 10)
}

/** Days of [from, to] not covered by a run: day d is covered when a run fell on one of the `cadence` days ending at d. */
export function coverageGaps(runDays: readonly string[], from: string, to: string, cadence: number): DayRange[] {
  const idx = [...new Set(runDays.map(dayIndex))].sort((a, b) => a - b)
  const gaps: DayRange[] = []
  let start: number | null = null
  let k = 0
  let lastRun = -Infinity
  const end = dayIndex(to)
  for (let d = dayIndex(from); d <= end; d++) {
    while (k < idx.length && idx[k]! <= d) lastRun = idx[k++]!
    const covered = d - lastRun < cadence
    if (!covered && start === null) start = d
    if (covered && start !== null) {
      gaps.push({ from: dayFromIndex(start), to: dayFromIndex(d - 1), days: d - start })
      start = null
    }
  }
  if (start !== null) gaps.push({ from: dayFromIndex(start), to: dayFromIndex(end), days: end - start + 1 })
  return gaps
}

/** Failure windows over a sequence of observations (status, or null when the subject was absent from the run). */
export function failureWindows(points: readonly { day: string; status: Status | null }[]): FailureWindow[] {
  const out: FailureWindow[] = []
  let open: FailureWindow | null = null
  for (const p of points) {
    if (p.status === 'fail') {
      if (!open) open = { firstSeen: p.day, lastSeen: p.day, fixed: null, daysToRemediate: null, runs: 0, closedBy: null }
      open.lastSeen = p.day
      open.runs++
    } else if (open && p.status !== 'error') {
      // An unreadable run (error) neither proves the fix nor the failure: the window stays open across it.
      open.fixed = p.day
      open.daysToRemediate = dayIndex(p.day) - dayIndex(open.firstSeen)
      open.closedBy = p.status ?? 'removed'
      out.push(open)
      open = null
    }
  }
  if (open) out.push(open)
  return out
}

function segmentsOf(timeline: readonly TimelinePoint[]): PeriodControl['segments'] {
  const segs: PeriodControl['segments'] = []
  for (const p of timeline) {
    const last = segs.at(-1)
    if (last && last.status === p.status) {
      last.to = p.day
      last.runs++
    } else segs.push({ from: p.day, to: p.day, status: p.status, runs: 1 })
  }
  return segs
}

function periodStatus(timeline: readonly TimelinePoint[], gaps: readonly DayRange[]): PeriodStatus {
  if (timeline.length === 0) return 'insufficient'
  if (timeline.some((p) => p.status === 'fail')) return 'deviations'
  if (gaps.length > 0 || timeline.some((p) => p.status === 'error' || p.status === 'manual')) return 'insufficient'
  if (timeline.every((p) => p.status === 'not_applicable')) return 'not_applicable'
  return 'operated'
}

interface InForceAcc extends InForce { key: string }

function trackInForce(acc: Map<string, InForceAcc>, key: string, base: Omit<InForce, 'firstSeen' | 'expiredInPeriod' | 'lastInForce'>, day: string, inForce: boolean): void {
  let e = acc.get(key)
  if (!e) acc.set(key, (e = { ...base, key, firstSeen: day, expiredInPeriod: false, lastInForce: null }))
  if (inForce) e.lastInForce = day
}

function finishInForce(acc: Map<string, InForceAcc>, from: string, to: string): InForce[] {
  return [...acc.values()].map(({ key: _key, ...e }) => ({ ...e, expiredInPeriod: e.expires >= from && e.expires < to }))
    .sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : (a.check ?? a.statement ?? '') < (b.check ?? b.statement ?? '') ? -1 : 1))
}

const fkey = (f: FindingKey): string => `${f.checkId}\u0000${f.resourceId}`

export interface PeriodInput {
  from: string
  to: string
  cadenceDays?: number
  /** evaluate runs whose evaluation day is in [from, to], in chain order */
  runs: readonly PeriodRun[]
  /** the last evaluate run before the period, if any (the basis of "what changed") */
  previous?: PeriodRun | null
  store: PeriodModel['store']
}

export function buildPeriodModel(input: PeriodInput): PeriodModel {
  const cadence = input.cadenceDays ?? DEFAULT_CADENCE_DAYS
  const runs = [...input.runs].sort((a, b) => (a.results.evaluatedAt < b.results.evaluatedAt ? -1 : a.results.evaluatedAt > b.results.evaluatedAt ? 1 : a.seq - b.seq))
  if (runs.length === 0) throw new Error('internal: a period model needs at least one run')
  const days = runs.map((r) => dayOf(r.results.evaluatedAt))
  const latest = runs.at(-1)!

  // Controls: every control of any run, in the latest run's order first.
  const controlKeys: string[] = []
  const titles = new Map<string, { framework: string; controlId: string; title: string; checkIds: Set<string> }>()
  for (const r of [latest, ...runs]) {
    for (const c of r.results.controls) {
      const k = `${c.framework}:${c.controlId}`
      if (!titles.has(k)) {
        controlKeys.push(k)
        titles.set(k, { framework: c.framework, controlId: c.controlId, title: c.title, checkIds: new Set(c.checkIds) })
      }
    }
  }
  const byRun = runs.map((r) => new Map(r.results.controls.map((c) => [`${c.framework}:${c.controlId}`, c])))

  const controls: PeriodControl[] = controlKeys.map((k) => {
    const meta = titles.get(k)!
    const timeline: TimelinePoint[] = []
    runs.forEach((r, i) => {
      const c = byRun[i]!.get(k)
      if (c) timeline.push({ seq: r.seq, day: days[i]!, status: c.status })
    })
    const gaps = coverageGaps(timeline.map((p) => p.day), input.from, input.to, cadence)
    const exceptions = new Map<string, InForceAcc>()
    const attestations = new Map<string, InForceAcc>()
    runs.forEach((r, i) => {
      if (!byRun[i]!.has(k)) return
      for (const e of r.results.exceptions) {
        if (!meta.checkIds.has(e.check)) continue
        trackInForce(exceptions, `${e.check}\u0000${e.resource}\u0000${e.expires}`, { check: e.check, resource: e.resource, owner: e.owner, expires: e.expires }, days[i]!, e.state === 'active')
      }
      for (const a of r.results.attestations) {
        if (a.control !== k) continue
        trackInForce(attestations, `${a.statement}\u0000${a.expires}`, { statement: a.statement, owner: a.owner, expires: a.expires }, days[i]!, a.state === 'valid')
      }
    })
    return {
      framework: meta.framework,
      controlId: meta.controlId,
      title: meta.title,
      periodStatus: periodStatus(timeline, gaps),
      runs: timeline.length,
      coverageGaps: gaps,
      timeline,
      segments: segmentsOf(timeline),
      failureWindows: failureWindows(timeline),
      exceptions: finishInForce(exceptions, input.from, input.to),
      attestations: finishInForce(attestations, input.from, input.to),
      latestStatus: timeline.at(-1)?.status ?? 'error',
    }
  })

  // Findings that failed at some point in the period.
  const everFailed = new Map<string, FindingKey>()
  for (const r of runs) for (const f of r.results.findings) if (f.status === 'fail') everFailed.set(fkey(f), { checkId: f.checkId, resourceId: f.resourceId })
  const findingMaps = runs.map((r) => new Map(r.results.findings.map((f) => [fkey(f), f.status])))
  const controlsByCheck = new Map<string, string[]>()
  for (const k of controlKeys) for (const id of titles.get(k)!.checkIds) controlsByCheck.set(id, [...(controlsByCheck.get(id) ?? []), k])
  const findings: PeriodFinding[] = [...everFailed.entries()].map(([key, f]) => {
    const points = runs.map((_r, i) => ({ day: days[i]!, status: findingMaps[i]!.get(key) ?? null }))
    const firstIdx = points.findIndex((p) => p.status !== null)
    return {
      ...f,
      control: controlsByCheck.get(f.checkId) ?? [],
      firstAppeared: points[firstIdx]!.day,
      windows: failureWindows(points.slice(firstIdx)),
    }
  }).sort((a, b) => (a.windows[0]!.firstSeen < b.windows[0]!.firstSeen ? -1 : a.windows[0]!.firstSeen > b.windows[0]!.firstSeen ? 1 : fkey(a) < fkey(b) ? -1 : 1))

  const summary: Record<PeriodStatus, number> = { operated: 0, deviations: 0, insufficient: 0, not_applicable: 0 }
  for (const c of controls) summary[c.periodStatus]++

  return {
    format: PERIOD_FORMAT,
    period: { from: input.from, to: input.to, days: dayIndex(input.to) - dayIndex(input.from) + 1, cadenceDays: cadence },
    runs: runs.map((r, i) => ({ seq: r.seq, record: r.record, day: days[i]!, evaluatedAt: r.results.evaluatedAt, resultsSha256: r.resultsSha256 })),
    coverageGaps: coverageGaps(days, input.from, input.to, cadence),
    summary,
    controls,
    findings,
    changes: changesBetween(input.previous ?? null, runs[0]!, latest),
    store: input.store,
  }
}

function sortKeys(list: FindingKey[]): FindingKey[] {
  return list.sort((a, b) => (fkey(a) < fkey(b) ? -1 : 1))
}

/** What changed from the previous pack's run (or the period's first run) to the latest run. */
export function changesBetween(previous: PeriodRun | null, first: PeriodRun, latest: PeriodRun): PeriodChanges {
  const base = previous ?? first
  const failing = (r: PeriodRun): Map<string, FindingKey> => new Map(r.results.findings.filter((f) => f.status === 'fail').map((f) => [fkey(f), { checkId: f.checkId, resourceId: f.resourceId }]))
  const before = failing(base)
  const after = failing(latest)
  const beforeRes = new Set(base.resources ?? [])
  const afterRes = new Set(latest.resources ?? [])
  const wasInForce = new Set(base.results.exceptions.filter((e) => e.state !== 'expired').map((e) => `${e.check}\u0000${e.resource}`))
  return {
    since: { seq: base.seq, day: dayOf(base.results.evaluatedAt), basis: previous ? 'before-period' : 'first-in-period' },
    until: { seq: latest.seq, day: dayOf(latest.results.evaluatedAt) },
    newFailures: sortKeys([...after.entries()].filter(([k]) => !before.has(k)).map(([, v]) => v)),
    fixedFindings: sortKeys([...before.entries()].filter(([k]) => !after.has(k)).map(([, v]) => v)),
    newResources: [...afterRes].filter((id) => !beforeRes.has(id)).sort(),
    removedResources: [...beforeRes].filter((id) => !afterRes.has(id)).sort(),
    expiredExceptions: latest.results.exceptions
      .filter((e) => e.state === 'expired' && (wasInForce.has(`${e.check}\u0000${e.resource}`) || e.expires >= dayOf(base.results.evaluatedAt)))
      .map((e) => ({ check: e.check, resource: e.resource, expires: e.expires, owner: e.owner }))
      .sort((a, b) => (a.check + a.resource < b.check + b.resource ? -1 : 1)),
  }
}

/** "2026-07-01..2026-12-31" → the two days; an input error message otherwise. */
export function parsePeriod(text: string): { from: string; to: string } | string {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text.trim())
  if (!m) return `expected FROM..TO as YYYY-MM-DD..YYYY-MM-DD, got "${text}"`
  const [, from, to] = m as unknown as [string, string, string]
  for (const d of [from, to]) if (Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || dayFromIndex(dayIndex(d)) !== d) return `"${d}" is not a calendar date`
  if (from > to) return `the period starts (${from}) after it ends (${to})`
  return { from, to }
}

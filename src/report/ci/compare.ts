// The CI gate's judgement: compares a results document with a baseline (new failures,
// resolved, still failing, new errors, controls that got worse), collects the notices about
// exceptions and attestations, and decides under --fail-on whether the build breaks.
// Pure: the same results, baseline and clock give the same comparison.
import { InputError } from '../../core/errors.js'
import type { Finding, Results, Severity, Status } from '../../snapshot/results.js'
import { compareResourceIds, findingKey, naturalCompare, type Baseline } from './baseline.js'
import { plural } from './format.js'

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low'] as const
export const FAIL_ON_LEVELS = ['new', 'any', 'error', ...SEVERITY_LEVELS] as const
export type FailOn = (typeof FAIL_ON_LEVELS)[number]

/** Days before expiry from which an active exception is announced. */
export const EXPIRY_WARNING_DAYS = 14

export function parseFailOn(value: string | undefined, hasBaseline: boolean): FailOn {
  const level = (value ?? (hasBaseline ? 'new' : 'any')).toLowerCase()
  if (!(FAIL_ON_LEVELS as readonly string[]).includes(level)) {
    throw new InputError(`--fail-on: unknown level "${value}"; expected one of ${FAIL_ON_LEVELS.join(', ')}`)
  }
  if (level === 'new' && !hasBaseline) {
    throw new InputError('--fail-on new needs --baseline FILE (the state to compare with)', 'create one with `trustpack baseline --snapshot FILE`')
  }
  return level as FailOn
}

export interface ExpiredException {
  expires: string
  owner: string
  reason: string
}

/** One failing or error finding now, or one that was failing in the baseline and is no longer. */
export interface FindingDelta {
  checkId: string
  resourceId: string
  resourceType: string | null
  /** Status now; 'absent' when the finding no longer exists (resource deleted, check not in scope). */
  status: Status | 'absent'
  /** What the baseline recorded for this finding (null: not failing nor error there, or no baseline). */
  baselineStatus: 'fail' | 'error' | null
  /** Relative to the baseline; null when there is no baseline. */
  drift: 'new' | 'unchanged' | 'resolved' | null
  severity: Severity | null
  checkTitle: string | null
  observed: unknown
  expected: unknown
  message: string
  /** framework:controlId of each evaluated control citing the check. */
  controls: string[]
  /** Set when the finding fails because its exception has expired. */
  expiredException?: ExpiredException
}

export interface ControlDelta {
  framework: string
  controlId: string
  title: string
  status: Status
  baselineStatus: Status | null
  change: 'worse' | 'better' | 'same' | 'new' | null
  failing: FindingDelta[]
  errors: FindingDelta[]
  resolved: FindingDelta[]
}

export interface Notice {
  level: 'error' | 'warning' | 'info'
  message: string
}

export interface Comparison {
  hasBaseline: boolean
  failing: FindingDelta[]
  errors: FindingDelta[]
  newFailures: FindingDelta[]
  stillFailing: FindingDelta[]
  newErrors: FindingDelta[]
  resolved: FindingDelta[]
  controls: ControlDelta[]
  regressedControls: ControlDelta[]
  notices: Notice[]
}

export interface GateDecision {
  failOn: FailOn
  breaking: boolean
  /** Why the gate broke (empty when it did not). */
  reasons: string[]
}

// manual < error < fail: a control moving right got worse. not_applicable counts as pass.
const STATUS_RANK: Record<Status, number> = { pass: 0, not_applicable: 0, manual: 1, error: 2, fail: 3 }
const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 }

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / 86_400_000)
}

function sortDeltas(list: FindingDelta[]): FindingDelta[] {
  return list.sort((a, b) => naturalCompare(a.checkId, b.checkId) || compareResourceIds(a.resourceId, b.resourceId))
}

export function compareResults(results: Results, baseline: Baseline | null, now: Date): Comparison {
  const checkInfo = new Map(results.checks.map((c) => [c.id, c]))
  const controlsByCheck = new Map<string, string[]>()
  for (const c of results.controls) {
    for (const id of c.checkIds) {
      const list = controlsByCheck.get(id) ?? []
      list.push(`${c.framework}:${c.controlId}`)
      controlsByCheck.set(id, list)
    }
  }
  const expired = new Map<string, ExpiredException>()
  for (const e of results.exceptions) {
    if (e.state === 'expired') expired.set(findingKey(e.check, e.resource), { expires: e.expires, owner: e.owner, reason: e.reason })
  }
  const baselineFail = new Set<string>()
  const baselineError = new Set<string>()
  const baselineIds = new Map<string, { checkId: string; resourceId: string }>()
  if (baseline) {
    for (const [checkId, ids] of Object.entries(baseline.failing)) {
      for (const id of ids) {
        baselineFail.add(findingKey(checkId, id))
        baselineIds.set(findingKey(checkId, id), { checkId, resourceId: id })
      }
    }
    for (const [checkId, ids] of Object.entries(baseline.errors)) {
      for (const id of ids) {
        baselineError.add(findingKey(checkId, id))
        baselineIds.set(findingKey(checkId, id), { checkId, resourceId: id })
      }
    }
  }
  const baselineStatusOf = (key: string): 'fail' | 'error' | null =>
    baselineFail.has(key) ? 'fail' : baselineError.has(key) ? 'error' : null

  const toDelta = (f: Pick<Finding, 'checkId' | 'resourceId' | 'status' | 'observed' | 'expected' | 'message'> & { resourceType: string | null }, status: Status | 'absent'): FindingDelta => {
    const key = findingKey(f.checkId, f.resourceId)
    const info = checkInfo.get(f.checkId)
    const baselineStatus = baselineStatusOf(key)
    const exp = status === 'fail' ? expired.get(key) : undefined
    let drift: FindingDelta['drift'] = null
    if (baseline) {
      if (status === 'fail') drift = baselineStatus === 'fail' && !exp ? 'unchanged' : 'new'
      else if (status === 'error') drift = baselineStatus === 'error' ? 'unchanged' : 'new'
      else drift = baselineStatus ? 'resolved' : null
    }
    return {
      checkId: f.checkId,
      resourceId: f.resourceId,
      resourceType: f.resourceType,
      status,
      baselineStatus,
      drift,
      severity: info?.severity ?? null,
      checkTitle: info?.title ?? null,
      observed: f.observed,
      expected: f.expected,
      message: f.message,
      controls: [...(controlsByCheck.get(f.checkId) ?? [])].sort(naturalCompare),
      ...(exp ? { expiredException: exp } : {}),
    }
  }

  // The worst finding wins when one (check, resource) appears twice.
  // The gate judges controls: only checks an evaluated control cites count (evaluate judges
  // every check of the catalog, whatever --framework selected).
  const current = new Map<string, Finding>()
  for (const f of results.findings) {
    if (!controlsByCheck.has(f.checkId)) continue
    const key = findingKey(f.checkId, f.resourceId)
    const prev = current.get(key)
    if (!prev || STATUS_RANK[f.status] > STATUS_RANK[prev.status]) current.set(key, f)
  }

  const failing: FindingDelta[] = []
  const errors: FindingDelta[] = []
  const resolved: FindingDelta[] = []
  for (const [key, f] of current) {
    if (f.status === 'fail') failing.push(toDelta(f, 'fail'))
    else if (f.status === 'error') errors.push(toDelta(f, 'error'))
    else if (baselineStatusOf(key)) resolved.push(toDelta(f, f.status))
  }
  // Baseline findings that disappeared count as resolved, but only for checks evaluated now:
  // a check outside the selected frameworks says nothing about the resource.
  for (const [key, ref] of baselineIds) {
    if (current.has(key) || !checkInfo.has(ref.checkId) || !controlsByCheck.has(ref.checkId)) continue
    resolved.push(toDelta({ ...ref, resourceType: null, status: 'pass', observed: null, expected: null, message: 'finding no longer present' }, 'absent'))
  }
  sortDeltas(failing)
  sortDeltas(errors)
  sortDeltas(resolved)

  const byCheck = (list: FindingDelta[]): Map<string, FindingDelta[]> => {
    const m = new Map<string, FindingDelta[]>()
    for (const d of list) m.set(d.checkId, [...(m.get(d.checkId) ?? []), d])
    return m
  }
  const failingByCheck = byCheck(failing)
  const errorsByCheck = byCheck(errors)
  const resolvedByCheck = byCheck(resolved)
  const controls: ControlDelta[] = results.controls.map((c) => {
    const baselineStatus = baseline?.controls[c.framework]?.[c.controlId] ?? null
    let change: ControlDelta['change'] = null
    if (baseline) {
      if (baselineStatus === null) change = 'new'
      else if (STATUS_RANK[c.status] > STATUS_RANK[baselineStatus]) change = 'worse'
      else if (STATUS_RANK[c.status] < STATUS_RANK[baselineStatus]) change = 'better'
      else change = 'same'
    }
    const pick = (m: Map<string, FindingDelta[]>): FindingDelta[] => c.checkIds.flatMap((id) => m.get(id) ?? [])
    return {
      framework: c.framework,
      controlId: c.controlId,
      title: c.title,
      status: c.status,
      baselineStatus,
      change,
      failing: sortDeltas(pick(failingByCheck)),
      errors: sortDeltas(pick(errorsByCheck)),
      resolved: sortDeltas(pick(resolvedByCheck)),
    }
  })

  return {
    hasBaseline: baseline !== null,
    failing,
    errors,
    newFailures: failing.filter((d) => d.drift === 'new'),
    stillFailing: failing.filter((d) => d.drift === 'unchanged'),
    newErrors: errors.filter((d) => d.drift === 'new'),
    resolved,
    controls,
    regressedControls: controls.filter((c) => c.change === 'worse'),
    notices: collectNotices(results, baseline, failing, now),
  }
}

function collectNotices(results: Results, baseline: Baseline | null, failing: FindingDelta[], now: Date): Notice[] {
  const notices: Notice[] = []
  const today = dayNumber(now.toISOString())
  const failingKeys = new Set(failing.map((d) => findingKey(d.checkId, d.resourceId)))
  const exceptions = [...results.exceptions].sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : naturalCompare(a.check, b.check) || compareResourceIds(a.resource, b.resource)))
  for (const e of exceptions) {
    if (e.state === 'expired') {
      const fails = failingKeys.has(findingKey(e.check, e.resource))
      notices.push({
        level: fails ? 'error' : 'warning',
        message: `exception for ${e.check} on ${e.resource} expired on ${e.expires}` +
          (fails ? `; the finding fails again (owner ${e.owner}: renew the exception or fix the resource)` : ` (owner ${e.owner}); remove it from the configuration`),
      })
    } else if (e.state === 'active') {
      const days = dayNumber(e.expires) - today
      if (days >= 0 && days <= EXPIRY_WARNING_DAYS) {
        notices.push({ level: 'warning', message: `exception for ${e.check} on ${e.resource} expires on ${e.expires} (${days === 0 ? 'today is its last day' : `in ${days} day${days === 1 ? '' : 's'}`}; owner ${e.owner})` })
      }
    }
  }
  for (const a of [...results.attestations].sort((x, y) => naturalCompare(x.control, y.control))) {
    if (a.state === 'expired') notices.push({ level: 'warning', message: `attestation for ${a.control} expired on ${a.expires}; the control needs a new one (owner ${a.owner})` })
    else {
      const days = dayNumber(a.expires) - today
      if (days >= 0 && days <= EXPIRY_WARNING_DAYS) notices.push({ level: 'warning', message: `attestation for ${a.control} expires on ${a.expires} (in ${days} day${days === 1 ? '' : 's'}; owner ${a.owner})` })
    }
  }
  if (results.snapshot.errorCount > 0) {
    const errorFindings = results.findings.filter((f) => f.status === 'error').length
    notices.push({ level: 'warning', message: `the snapshot records ${results.snapshot.errorCount} failed read${results.snapshot.errorCount === 1 ? '' : 's'}; ${errorFindings} finding${errorFindings === 1 ? ' is' : 's are'} error (never counted as pass)` })
  }
  if (baseline) {
    const now = new Set(results.frameworks.map((f) => f.id))
    const missing = baseline.frameworks.filter((f) => !now.has(f))
    const added = [...now].filter((f) => !baseline.frameworks.includes(f)).sort(naturalCompare)
    if (added.length) notices.push({ level: 'warning', message: `framework${added.length === 1 ? '' : 's'} ${added.join(', ')} not in the baseline: every failure there counts as new` })
    if (missing.length) notices.push({ level: 'info', message: `baseline framework${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not evaluated in this run` })
  }
  return notices
}

export function decideGate(comparison: Comparison, failOn: FailOn): GateDecision {
  const reasons: string[] = []
  if (failOn === 'new') {
    if (comparison.newFailures.length) reasons.push(`${plural(comparison.newFailures.length, 'new failing finding')}`)
    if (comparison.newErrors.length) reasons.push(`${plural(comparison.newErrors.length, 'new error')} (data that could not be read)`)
    if (comparison.regressedControls.length) reasons.push(`${plural(comparison.regressedControls.length, 'control')} got worse than the baseline`)
  } else if (failOn === 'any' || failOn === 'error') {
    const fails = comparison.controls.filter((c) => c.status === 'fail').length
    if (fails) reasons.push(plural(fails, 'failing control'))
    if (failOn === 'error') {
      const errs = comparison.controls.filter((c) => c.status === 'error').length
      if (errs) reasons.push(`${plural(errs, 'control')} in error`)
    }
  } else {
    const min = SEVERITY_RANK[failOn]
    const hits = comparison.failing.filter((d) => d.severity !== null && SEVERITY_RANK[d.severity] >= min).length
    if (hits) reasons.push(`${plural(hits, 'failing finding')} of severity ${failOn}${failOn === 'critical' ? '' : ' or above'}`)
  }
  return { failOn, breaking: reasons.length > 0, reasons }
}

/** Whether this finding breaks the gate under the level (used to highlight it in reports). */
export function isBreakingFinding(d: FindingDelta, failOn: FailOn): boolean {
  if (failOn === 'new') return d.drift === 'new' && (d.status === 'fail' || d.status === 'error')
  if (failOn === 'any') return d.status === 'fail'
  if (failOn === 'error') return d.status === 'fail' || d.status === 'error'
  return d.status === 'fail' && d.severity !== null && SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]
}

/** The controls that broke the gate, in report order, each with the findings that broke it. */
export function brokenControls(comparison: Comparison, gate: GateDecision): { control: ControlDelta; findings: FindingDelta[] }[] {
  if (!gate.breaking) return []
  const out: { control: ControlDelta; findings: FindingDelta[] }[] = []
  for (const c of comparison.controls) {
    const findings = [...c.failing, ...c.errors].filter((d) => isBreakingFinding(d, gate.failOn))
    const statusBreaks = (gate.failOn === 'any' && c.status === 'fail') || (gate.failOn === 'error' && (c.status === 'fail' || c.status === 'error'))
    const regressed = gate.failOn === 'new' && c.change === 'worse'
    if (findings.length || statusBreaks || regressed) out.push({ control: c, findings })
  }
  // Regressed controls and new failures first, then the rest in catalog order.
  return out.sort((a, b) => Number(b.control.change === 'worse') - Number(a.control.change === 'worse'))
}

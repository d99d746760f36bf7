// Display-ready view of the pack model, shared by the HTML and PDF writers: strings already
// formatted, what needs attention first (failures, errors, deviations, missing attestations), passing
// populations summarised as counts (the evidence files hold every row), so templates stay logic-free.
import type { Call } from '../../snapshot/schema.js'
import type { ControlResult, Counts, Finding, Status } from '../../snapshot/results.js'
import { shownValueLines, type ValueLine } from './format.js'
import { STATUS_LABEL, shortResourceName, displayValue, type AttestationState, type OperationSummary, type PackControl, type PackModel } from './model.js'

/** Findings needing attention listed per control; all of them are in the control's evidence files. */
export const ATTENTION_ROWS_SHOWN = 200
/** Resource names the text filter can find a control by (the rest are in its page and evidence files). */
export const SEARCH_RESOURCES = 20
/** Individual calls (request IDs) listed per control in HTML; all of them are in the evidence JSON. */
export const CALL_ROWS_SHOWN = 20

/** What a reader filters by: the status, with "needs attestation" for a manual control. */
export type FilterStatus = 'fail' | 'error' | 'attestation' | 'pass' | 'not_applicable'

export const FILTER_LABEL: Record<FilterStatus, string> = {
  fail: 'Fail',
  error: 'Error',
  attestation: 'Needs attestation',
  pass: 'Pass',
  not_applicable: 'Not applicable',
}

export interface FindingView {
  checkId: string
  resource: string
  resourceId: string
  status: Status
  statusLabel: string
  observed: ValueLine[]
  expected: ValueLine[]
  message: string
  exception: string
  /** x-ms-request-id of the first call the observed data came from ("—" when none was recorded). */
  requestId: string
  /** When that call was made (ISO time), "" when no call. */
  readAt: string
  /** Further calls behind the finding (their request IDs are in the evidence JSON). */
  moreCalls: number
}

export interface CallView {
  id: string
  method: string
  url: string
  apiVersion: string
  status: string
  requestId: string
  startedAt: string
}

export interface AttestationView {
  control: string
  statement: string
  evidence: string
  owner: string
  expires: string
  state: string
  reason: string
  /** The copy in the pack (link target), "" when not copied. */
  packPath: string
  sha256: string
}

export interface ControlView {
  anchor: string
  framework: string
  id: string
  title: string
  status: Status
  filterStatus: FilterStatus
  /** Precise wording: "Automated part passes; attestation missing" rather than "Manual". */
  statusLabel: string
  /** The PDF/HTML page (file) this control's detail is on; set by the HTML writer. */
  page: string
  manual: boolean
  evidenceHint: string
  /** For controls with a manual part: what attestation is needed and whether a valid one is recorded. */
  attestationNote: string
  evidenceJson: string
  evidenceCsv: string | null
  countsText: string
  findingsTotal: number
  checks: {
    id: string; title: string; severity: string; resourceType: string; description: string; remediation: string
    population: number; inScope: number; snapshotCount: string; countsText: string
  }[]
  attention: FindingView[]
  attentionTotal: number
  attentionHidden: number
  /** Passing and not-applicable findings: counted, not listed (the evidence CSV lists them). */
  restTotal: number
  restText: string
  operations: (OperationSummary & { apiVersionText: string; statusesText: string })[]
  calls: CallView[]
  callsTotal: number
  callsHidden: number
  attestations: AttestationView[]
  exceptions: { check: string; resource: string; reason: string; owner: string; expires: string; state: string }[]
  /** Lower-case words the text filter searches (id, title, status, checks, resources). */
  search: string
}

export interface FrameworkView {
  id: string
  anchor: string
  title: string
  version: string
  total: number
  summary: Counts
  /** Of summary.manual: controls whose automated checks all pass and only the attestation is missing or invalid. */
  manualAutomatedPass: number
  /** Every control, in catalog order (the summary table). */
  controls: ControlView[]
  /** Controls with checks or attestations, attention first: fail, error, needs attestation, pass, not applicable. */
  detailed: ControlView[]
  /** Controls only an attestation can evidence and none is declared: one row each, no detail block. */
  attestationOnly: ControlView[]
}

export interface PackView {
  title: string
  generatedAt: string
  evaluatedAt: string
  collectionStartedAt: string
  collectionFinishedAt: string
  toolVersion: string
  resultsToolVersion: string
  subscriptions: { id: string; name: string }[]
  endpoints: { arm: string; logs: string }
  snapshotSha256: string
  resultsSha256: string
  signed: boolean
  keyFingerprint: string
  /** Why this is sample data ("" for a real estate): every page is watermarked SAMPLE DATA. */
  sampleData: string
  collectionErrors: number
  calls: number
  resources: number
  findings: number
  parameters: { name: string; value: string }[]
  frameworks: FrameworkView[]
  exceptions: { check: string; resource: string; reason: string; owner: string; expires: string; state: string }[]
  attestations: AttestationView[]
}

export const LEGEND: { term: string; meaning: string }[] = [
  { term: 'Population', meaning: 'the resources the check was applied to: one finding each, whatever its status.' },
  { term: 'In scope', meaning: 'the population less the resources the check does not apply to (not applicable, e.g. the master database).' },
  { term: 'In snapshot', meaning: 'all resources of the check\'s type in the snapshot, to test the population for completeness: it should equal Population ("n/a" when the check spans several types).' },
]

export function anchorFor(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_')).join('--')
}

export function countsText(c: Record<Status, number>): string {
  const parts: string[] = []
  for (const s of ['fail', 'error', 'manual', 'pass', 'not_applicable'] as const) {
    if (c[s] > 0) parts.push(`${c[s]} ${s === 'manual' ? 'attestation needed' : STATUS_LABEL[s].toLowerCase()}`)
  }
  return parts.length ? parts.join(', ') : 'no findings'
}

const ATTESTATION_WORD: Record<NonNullable<ControlResult['attestationState']>, string> = {
  valid: 'attestation valid',
  missing: 'attestation missing',
  expired: 'attestation expired',
  invalid: 'attestation invalid',
}

/** The attestation state of a control; inferred from the attestations recorded when older results lack it. */
export function attestationStateOf(c: ControlResult, recorded: readonly { state: string }[]): NonNullable<ControlResult['attestationState']> {
  if (c.attestationState) return c.attestationState
  if (c.attestation || recorded.some((a) => a.state === 'valid')) return 'valid'
  if (recorded.some((a) => a.state === 'invalid')) return 'invalid'
  if (recorded.some((a) => a.state === 'expired')) return 'expired'
  return 'missing'
}

/** The status a reader sees: exact about a control with a manual part. */
export function controlStatusLabel(c: ControlResult, recorded: readonly { state: string }[] = []): string {
  if (c.status !== 'manual') return STATUS_LABEL[c.status]
  const att = ATTESTATION_WORD[attestationStateOf(c, recorded)]
  if (c.checkIds.length === 0 || c.automatedStatus === undefined) return att.charAt(0).toUpperCase() + att.slice(1)
  if (c.automatedStatus === 'pass') return `Automated part passes; ${att}`
  if (c.automatedStatus === 'not_applicable') return `Checks not applicable; ${att}`
  return `${STATUS_LABEL[c.automatedStatus]}; ${att}`
}

export function filterStatus(s: Status): FilterStatus {
  return s === 'manual' ? 'attestation' : s
}

function findingView(f: Finding, calls: ReadonlyMap<string, Call>): FindingView {
  const first = f.callIds.map((id) => calls.get(id)).find((c) => c !== undefined)
  return {
    checkId: f.checkId,
    resource: shortResourceName(f.resourceId),
    resourceId: f.resourceId,
    status: f.status,
    statusLabel: f.exception ? `${STATUS_LABEL[f.status]} (excepted)` : STATUS_LABEL[f.status],
    // An unreadable value is "not read", not the JSON null it is stored as.
    observed: f.status === 'error' && (f.observed === null || f.observed === undefined) ? [{ key: '', value: 'not read' }] : shownValueLines(f.observed),
    expected: shownValueLines(f.expected),
    message: f.message,
    exception: f.exception ? `Excepted until ${f.exception.expires} (${f.exception.owner}): ${f.exception.reason}` : '',
    requestId: first?.requestId ?? '—',
    readAt: first?.startedAt ?? '',
    moreCalls: Math.max(0, f.callIds.length - 1),
  }
}

function attestationView(a: AttestationState): AttestationView {
  return {
    control: a.control,
    statement: a.statement,
    evidence: a.evidence,
    owner: a.owner,
    expires: a.expires,
    state: a.state,
    reason: a.reason ?? '',
    packPath: a.packPath ?? '',
    sha256: a.evidenceFile?.sha256 ?? '',
  }
}

function attestationNote(pc: PackControl): string {
  const c = pc.control
  const hint = c.evidenceHint
  const who = c.checkIds.length ? 'Besides its automated checks, this control needs an attestation' : 'Only an attestation can evidence this control'
  const state = attestationStateOf(c, pc.attestations)
  const why = state === 'valid' ? 'A valid attestation is recorded, its evidence file hashed into the pack.'
    : state === 'missing' ? 'No attestation is declared.'
      : `The attestation declared does not count: ${c.attestationReason ?? state}.`
  return `${who}${hint ? ` (${hint})` : ''}. ${why}`
}

function restText(pc: PackControl, total: number): string {
  if (total === 0) return ''
  const c = pc.findings.reduce((acc, f) => {
    if (f.status === 'pass' && !f.exception) acc.pass++
    else if (f.status === 'not_applicable') acc.na++
    return acc
  }, { pass: 0, na: 0 })
  const parts = [c.pass ? `${c.pass} passing` : '', c.na ? `${c.na} not applicable` : ''].filter(Boolean).join(' and ')
  return `${parts} finding(s) are not listed here; every one, with its observed value and request ID, is in ${pc.evidenceCsv ?? pc.evidenceJson} and ${pc.evidenceJson}.`
}

function controlView(pc: PackControl, calls: ReadonlyMap<string, Call>): ControlView {
  const c = pc.control
  const attentionAll = pc.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'manual' || f.exception)
  const attention = attentionAll.slice(0, ATTENTION_ROWS_SHOWN)
  const restTotal = pc.findings.length - attentionAll.length
  const statusLabel = controlStatusLabel(c, pc.attestations)
  return {
    anchor: anchorFor(pc.framework, c.controlId),
    framework: pc.framework,
    id: c.controlId,
    title: c.title,
    status: c.status,
    filterStatus: filterStatus(c.status),
    statusLabel,
    page: '',
    manual: c.manual,
    evidenceHint: c.evidenceHint ?? '',
    attestationNote: c.manual ? attestationNote(pc) : '',
    evidenceJson: pc.evidenceJson,
    evidenceCsv: pc.evidenceCsv,
    countsText: countsText(c.counts),
    findingsTotal: pc.findings.length,
    checks: pc.checks.map((p) => ({
      id: p.check.id,
      title: p.check.title,
      severity: p.check.severity,
      resourceType: p.check.resourceType,
      description: p.check.description,
      remediation: p.check.remediation,
      population: p.findings.length,
      inScope: p.findings.length - p.counts.not_applicable,
      snapshotCount: p.snapshotResourceCount === null ? 'n/a' : String(p.snapshotResourceCount),
      countsText: countsText(p.counts),
    })),
    attention: attention.map((f) => findingView(f, calls)),
    attentionTotal: attentionAll.length,
    attentionHidden: attentionAll.length - attention.length,
    restTotal,
    restText: restText(pc, restTotal),
    operations: pc.operations.map((o) => ({ ...o, apiVersionText: o.apiVersion ?? '—', statusesText: o.statuses.join(', ') || 'no response' })),
    calls: pc.calls.slice(0, CALL_ROWS_SHOWN).map((x) => ({
      id: x.id, method: x.method, url: x.url, apiVersion: x.apiVersion ?? '—', status: x.status === null ? 'no response' : String(x.status),
      requestId: x.requestId ?? '—', startedAt: x.startedAt,
    })),
    callsTotal: pc.calls.length,
    callsHidden: Math.max(0, pc.calls.length - CALL_ROWS_SHOWN),
    attestations: pc.attestations.map(attestationView),
    exceptions: pc.exceptions.map((e) => ({ check: e.check, resource: e.resource, reason: e.reason, owner: e.owner, expires: e.expires, state: e.state })),
    // The resources needing attention, up to SEARCH_RESOURCES of them: every row of the control table carries
    // these words, so an uncapped list would grow the index page with the estate.
    search: [c.controlId, c.title, statusLabel, ...c.checkIds, ...[...new Set(attentionAll.map((f) => shortResourceName(f.resourceId)))].slice(0, SEARCH_RESOURCES)].join(' ').toLowerCase(),
  }
}

const ATTENTION_RANK: Record<FilterStatus, number> = { fail: 0, error: 1, attestation: 2, pass: 3, not_applicable: 4 }

export function buildView(model: PackModel): PackView {
  const r = model.results
  return {
    title: 'Compliance evidence pack',
    generatedAt: model.generatedAt,
    evaluatedAt: r.evaluatedAt,
    collectionStartedAt: model.snapshot.startedAt,
    collectionFinishedAt: model.snapshot.finishedAt,
    toolVersion: model.toolVersion,
    resultsToolVersion: r.tool.version,
    subscriptions: model.snapshot.subscriptions.map((s) => ({ id: s.subscriptionId, name: s.displayName ?? '' })),
    endpoints: model.snapshot.endpoints,
    snapshotSha256: model.snapshotSha256,
    resultsSha256: model.resultsSha256,
    signed: model.signed,
    keyFingerprint: model.keyFingerprint ?? '',
    sampleData: model.sampleData ?? '',
    collectionErrors: model.snapshot.errors.length,
    calls: model.snapshot.calls.length,
    resources: model.snapshot.resources.length,
    findings: r.findings.length,
    parameters: Object.keys(r.parameters).sort().map((k) => ({ name: k, value: displayValue(r.parameters[k], 300) })),
    frameworks: model.frameworks.map((fw) => {
      const controls = fw.controls.map((pc) => controlView(pc, model.callsById))
      const onlyAttestation = (c: ControlView): boolean => c.checks.length === 0 && c.attestations.length === 0
      const detailed = controls.filter((c) => !onlyAttestation(c))
        .map((c, i) => ({ c, i }))
        .sort((a, b) => ATTENTION_RANK[a.c.filterStatus] - ATTENTION_RANK[b.c.filterStatus] || a.i - b.i)
        .map((x) => x.c)
      return {
        id: fw.id,
        anchor: anchorFor(fw.id),
        title: fw.title,
        version: fw.version,
        total: fw.controls.length,
        summary: fw.summary,
        manualAutomatedPass: fw.controls.filter((pc) => pc.control.status === 'manual' && pc.control.automatedStatus === 'pass').length,
        controls,
        detailed,
        attestationOnly: controls.filter(onlyAttestation),
      }
    }),
    exceptions: r.exceptions.map((e) => ({ check: e.check, resource: e.resource, reason: e.reason, owner: e.owner, expires: e.expires, state: e.state })),
    attestations: model.attestations.map(attestationView),
  }
}

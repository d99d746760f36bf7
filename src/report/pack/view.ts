// Display-ready view of the pack model, shared by the HTML and PDF writers: strings already
// formatted, long lists split into "needs attention" and "the rest", so templates stay logic-free.
import type { Finding, Status } from '../../snapshot/results.js'
import { STATUS_LABEL, displayValue, shortResourceName, type OperationSummary, type PackControl, type PackModel } from './model.js'

/** Passing findings shown per control in HTML/PDF; all of them are in the control's evidence files. */
export const PASS_ROWS_SHOWN = 100
/** Individual calls (request IDs) listed per control; all of them are in the evidence JSON. */
export const CALL_ROWS_SHOWN = 50

export interface FindingView {
  checkId: string
  resource: string
  resourceId: string
  status: Status
  statusLabel: string
  observed: string
  expected: string
  message: string
  exception: string
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

export interface ControlView {
  anchor: string
  framework: string
  id: string
  title: string
  status: Status
  statusLabel: string
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
  rest: FindingView[]
  restTotal: number
  restHidden: number
  operations: (OperationSummary & { apiVersionText: string; statusesText: string })[]
  calls: CallView[]
  callsTotal: number
  callsHidden: number
  attestations: { statement: string; evidence: string; owner: string; expires: string; state: string }[]
  exceptions: { check: string; resource: string; reason: string; owner: string; expires: string; state: string }[]
}

export interface FrameworkView {
  id: string
  anchor: string
  title: string
  version: string
  total: number
  summary: Record<Status, number>
  controls: ControlView[]
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
  collectionErrors: number
  calls: number
  resources: number
  findings: number
  parameters: { name: string; value: string }[]
  frameworks: FrameworkView[]
  exceptions: { check: string; resource: string; reason: string; owner: string; expires: string; state: string }[]
  attestations: { control: string; statement: string; evidence: string; owner: string; expires: string; state: string }[]
}

export function anchorFor(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_')).join('--')
}

export function countsText(c: Record<Status, number>): string {
  const parts: string[] = []
  for (const s of ['fail', 'error', 'manual', 'pass', 'not_applicable'] as const) {
    if (c[s] > 0) parts.push(`${c[s]} ${STATUS_LABEL[s].toLowerCase()}`)
  }
  return parts.length ? parts.join(', ') : 'no findings'
}

function findingView(f: Finding): FindingView {
  return {
    checkId: f.checkId,
    resource: shortResourceName(f.resourceId),
    resourceId: f.resourceId,
    status: f.status,
    statusLabel: f.exception ? `${STATUS_LABEL[f.status]} (excepted)` : STATUS_LABEL[f.status],
    observed: displayValue(f.observed),
    expected: displayValue(f.expected),
    message: f.message,
    exception: f.exception ? `Excepted until ${f.exception.expires} (${f.exception.owner}): ${f.exception.reason}` : '',
  }
}

function attestationNote(pc: PackControl): string {
  const hint = pc.control.evidenceHint
  const who = pc.control.checkIds.length ? 'Besides its automated checks, this control needs an attestation' : 'Only an attestation can evidence this control'
  const valid = pc.attestations.some((a) => a.state === 'valid')
  return `${who}${hint ? ` (${hint})` : ''}. ${valid ? 'A valid attestation is recorded.' : 'No valid attestation is recorded.'}`
}

function controlView(pc: PackControl): ControlView {
  const c = pc.control
  const attention = pc.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'manual' || f.exception)
  const shown = new Set(attention)
  const restAll = pc.findings.filter((f) => !shown.has(f))
  const rest = restAll.slice(0, PASS_ROWS_SHOWN)
  return {
    anchor: anchorFor(pc.framework, c.controlId),
    framework: pc.framework,
    id: c.controlId,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status],
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
    attention: attention.map(findingView),
    rest: rest.map(findingView),
    restTotal: restAll.length,
    restHidden: restAll.length - rest.length,
    operations: pc.operations.map((o) => ({ ...o, apiVersionText: o.apiVersion ?? '—', statusesText: o.statuses.join(', ') || 'no response' })),
    calls: pc.calls.slice(0, CALL_ROWS_SHOWN).map((x) => ({
      id: x.id, method: x.method, url: x.url, apiVersion: x.apiVersion ?? '—', status: x.status === null ? 'no response' : String(x.status),
      requestId: x.requestId ?? '—', startedAt: x.startedAt,
    })),
    callsTotal: pc.calls.length,
    callsHidden: Math.max(0, pc.calls.length - CALL_ROWS_SHOWN),
    attestations: pc.attestations.map((a) => ({ statement: a.statement, evidence: a.evidence, owner: a.owner, expires: a.expires, state: a.state })),
    exceptions: pc.exceptions.map((e) => ({ check: e.check, resource: e.resource, reason: e.reason, owner: e.owner, expires: e.expires, state: e.state })),
  }
}

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
    collectionErrors: model.snapshot.errors.length,
    calls: model.snapshot.calls.length,
    resources: model.snapshot.resources.length,
    findings: r.findings.length,
    parameters: Object.keys(r.parameters).sort().map((k) => ({ name: k, value: displayValue(r.parameters[k], 300) })),
    frameworks: model.frameworks.map((fw) => ({
      id: fw.id,
      anchor: anchorFor(fw.id),
      title: fw.title,
      version: fw.version,
      total: fw.controls.length,
      summary: fw.summary,
      controls: fw.controls.map(controlView),
    })),
    exceptions: r.exceptions.map((e) => ({ check: e.check, resource: e.resource, reason: e.reason, owner: e.owner, expires: e.expires, state: e.state })),
    attestations: r.attestations.map((a) => ({ control: a.control, statement: a.statement, evidence: a.evidence, owner: a.owner, expires: a.expires, state: a.state })),
  }
}

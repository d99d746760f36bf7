// One evidence file per control: the "information produced by the entity" an auditor tests —
// what was read (API operation, api-version, request IDs, time), the population in scope and
// its count, each finding, and the exceptions and attestations that bear on the control.
import type { PackControl, PackModel } from './model.js'

export const EVIDENCE_FORMAT = 'trustpack-evidence/1'

export function evidenceJson(model: PackModel, pc: PackControl): string {
  const { control } = pc
  const callIds = new Set(pc.calls.map((c) => c.id))
  const doc = {
    format: EVIDENCE_FORMAT,
    framework: pc.framework,
    controlId: control.controlId,
    title: control.title,
    status: control.status,
    manual: control.manual,
    counts: control.counts,
    ...(control.evidenceHint !== undefined ? { evidenceHint: control.evidenceHint } : {}),
    source: {
      results: { file: 'results.json', sha256: model.resultsSha256, evaluatedAt: model.results.evaluatedAt },
      snapshot: {
        file: 'snapshot.json',
        sha256: model.snapshotSha256,
        collectionStartedAt: model.snapshot.startedAt,
        collectionFinishedAt: model.snapshot.finishedAt,
        endpoints: model.snapshot.endpoints,
        subscriptions: model.snapshot.subscriptions.map((s) => s.subscriptionId),
      },
    },
    parameters: model.results.parameters,
    checks: pc.checks.map((p) => ({
      checkId: p.check.id,
      title: p.check.title,
      description: p.check.description,
      severity: p.check.severity,
      resourceType: p.check.resourceType,
      remediation: p.check.remediation,
      population: {
        description: 'every resource this check was applied to: one entry in findings (below) each, with its status',
        count: p.findings.length,
        inScope: p.findings.length - p.counts.not_applicable,
        snapshotResourcesOfType: p.snapshotResourceCount,
        counts: p.counts,
      },
    })),
    findings: pc.findings.map((f) => ({
      checkId: f.checkId,
      resourceId: f.resourceId,
      resourceType: f.resourceType,
      status: f.status,
      observed: f.observed ?? null,
      expected: f.expected ?? null,
      message: f.message,
      ...(f.exception ? { exception: f.exception } : {}),
      callIds: f.callIds,
    })),
    howObtained: {
      method: 'Read-only HTTPS GET requests to the Azure Resource Manager and Log Analytics APIs; each response body hashed (SHA-256) as received.',
      operations: pc.operations,
      calls: pc.calls.map((c) => ({
        id: c.id,
        method: c.method,
        url: c.url,
        apiVersion: c.apiVersion,
        status: c.status,
        requestId: c.requestId,
        startedAt: c.startedAt,
        durationMs: c.durationMs,
        attempt: c.attempt,
        responseSha256: c.sha256,
      })),
      collectionErrors: model.snapshot.errors.filter((e) => e.callId !== null && callIds.has(e.callId)),
    },
    exceptions: pc.exceptions,
    attestations: pc.attestations,
  }
  return compactJson(doc) + '\n'
}

/** Arrays that can hold thousands of items: one item per line. */
const ONE_PER_LINE = new Set(['findings', 'calls', 'operations', 'collectionErrors'])

/**
 * Pretty JSON, except that the items of large lists (findings, calls) take one line each: the
 * file stays readable and diffable at a third of the size for large populations.
 */
export function compactJson(value: unknown, indent = '', oneLine = false): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const inner = indent + '  '
    return `[\n${value.map((v) => inner + (oneLine ? JSON.stringify(v) ?? 'null' : compactJson(v, inner))).join(',\n')}\n${indent}]`
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (entries.length === 0) return '{}'
    const inner = indent + '  '
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, ONE_PER_LINE.has(k))}`).join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** A spreadsheet could run a cell starting with these as a formula: quote it so it stays text. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const CSV_HEADER = ['checkId', 'resourceId', 'resourceType', 'status', 'observed', 'expected', 'message', 'exceptionOwner', 'exceptionExpires', 'requestIds', 'collectedAt']

/** The population as a table (one row per finding), for sampling in a spreadsheet. */
export function evidenceCsv(model: PackModel, pc: PackControl): string {
  const calls = model.callsById
  const rows = [CSV_HEADER.join(',')]
  for (const f of pc.findings) {
    const used = f.callIds.map((id) => calls.get(id)).filter((c) => c !== undefined)
    rows.push([
      f.checkId, f.resourceId, f.resourceType, f.status, f.observed ?? null, f.expected ?? null, f.message,
      f.exception?.owner ?? '', f.exception?.expires ?? '',
      used.map((c) => c.requestId ?? '').filter((r) => r !== '').join(' '),
      used.map((c) => c.startedAt).sort().at(-1) ?? '',
    ].map(csvCell).join(','))
  }
  return rows.join('\r\n') + '\r\n'
}

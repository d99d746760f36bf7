// The evidence pack's view of results + snapshot: per framework, per control, the findings,
// the population each check covered and the API calls the data came from. Every writer
// (evidence files, HTML, PDF, OSCAL) renders this one model, so they cannot disagree.
import type { Call, Snapshot } from '../../snapshot/schema.js'
import type { Attestation, CheckInfo, ControlResult, Counts, ExceptionRef, Finding, Results, Status } from '../../snapshot/results.js'

/** Display order: what needs attention first. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'manual', 'pass', 'not_applicable']

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  not_applicable: 'Not applicable',
  manual: 'Manual',
}

export interface ExceptionState extends ExceptionRef {
  state: 'active' | 'expired' | 'unused' | 'orphaned'
}

export interface AttestationState extends Attestation {
  state: 'valid' | 'expired' | 'invalid'
  reason?: string
  /** Where the pack holds a copy of the evidence file (forward slashes); null for a URL or a file not copied. */
  packPath: string | null
}

/** One API operation shape (method + URL path template + api-version) and the calls made with it. */
export interface OperationSummary {
  method: string
  operation: string
  apiVersion: string | null
  calls: number
  statuses: number[]
  firstAt: string
  lastAt: string
}

export interface CheckPopulation {
  check: CheckInfo
  /** The findings of this check: one per resource it was applied to (its population). */
  findings: Finding[]
  counts: Counts
  /** Resources of the check's type in the snapshot, to test the population for completeness. */
  snapshotResourceCount: number | null
}

export interface PackControl {
  framework: string
  control: ControlResult
  /** Evidence file paths inside the pack (forward slashes). */
  evidenceJson: string
  evidenceCsv: string | null
  checks: CheckPopulation[]
  /** All findings behind the control, attention-first (fail, error, manual, pass, not_applicable), then by resource. */
  findings: Finding[]
  calls: Call[]
  operations: OperationSummary[]
  exceptions: ExceptionState[]
  attestations: AttestationState[]
}

export interface PackFramework {
  id: string
  title: string
  version: string
  summary: Counts
  controls: PackControl[]
}

export interface PackModel {
  results: Results
  snapshot: Snapshot
  callsById: ReadonlyMap<string, Call>
  resultsSha256: string
  snapshotSha256: string
  toolVersion: string
  generatedAt: string
  signed: boolean
  /** SHA-256 of the signing public key (DER SubjectPublicKeyInfo), hex; null when unsigned. */
  keyFingerprint: string | null
  frameworks: PackFramework[]
  /** Every attestation in the results, with where its evidence file sits in the pack. */
  attestations: AttestationState[]
  /** Why the pack is sample data (watermarked SAMPLE DATA on every page), or null for a real estate. */
  sampleData: string | null
}

/** Attestation evidence copied into the pack: declared evidence path → pack path. */
export function attestationPackPaths(results: Results): Map<string, string> {
  const out = new Map<string, string>()
  const used = new Set<string>()
  const sorted = [...results.attestations].sort((a, b) => cmp(a.evidence, b.evidence))
  for (const a of sorted) {
    if (a.state === 'invalid' || a.evidenceFile?.kind !== 'file' || out.has(a.evidence)) continue
    const base = safeFileName(a.evidence.split(/[\\/]/).pop() ?? 'evidence')
    const dot = base.lastIndexOf('.')
    const stem = dot > 0 ? base.slice(0, dot) : base
    const ext = dot > 0 ? base.slice(dot) : ''
    let name = base
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}${ext}`
    used.add(name.toLowerCase())
    out.set(a.evidence, `attestations/${name}`)
  }
  return out
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i

/**
 * Sample data: the results say so (the demo marks them), or the configuration was read from a loopback
 * address (the local emulator), which is never Azure. Read from the data, so renaming a file cannot hide it.
 */
export function sampleDataReason(results: Results, snapshot: Snapshot): string | null {
  if (results.sampleData) return results.sampleData.source
  try {
    const host = new URL(snapshot.endpoints.arm).hostname
    if (LOOPBACK.test(host)) return `configuration read from a local endpoint (${snapshot.endpoints.arm}), not Azure`
  } catch {
    // not a URL: nothing to say
  }
  return null
}

export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
}

export function countFindings(findings: readonly Finding[]): Counts {
  const c = emptyCounts()
  for (const f of findings) c[f.status]++
  return c
}

const rank = (s: Status): number => STATUS_ORDER.indexOf(s)

export function compareFindings(a: Finding, b: Finding): number {
  return rank(a.status) - rank(b.status)
    || cmp(a.checkId, b.checkId)
    || cmp(a.resourceId.toLowerCase(), b.resourceId.toLowerCase())
    || cmp(a.resourceId, b.resourceId)
}

/** Locale-independent string order, so output never depends on the machine's locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A file-name-safe form of a framework or control ID: letters, digits, dot, dash and underscore only,
 * never starting with a dot (so "..", "." and hidden files are impossible).
 */
export function safeFileName(id: string): string {
  let s = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length))
  if (s === '') s = '_'
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s)) s = `_${s}`
  return s.slice(0, 120)
}

/**
 * An ARM URL as an operation template: values (subscription, group, resource names) become
 * placeholders, types and the provider namespace stay. Non-ARM URLs keep their path with GUIDs hidden.
 */
export function operationTemplate(method: string, url: string): string {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    path = url.split('?')[0] ?? url
  }
  const segs = path.split('/').filter((s) => s !== '')
  const out: string[] = []
  const sub = segs.findIndex((s) => s.toLowerCase() === 'subscriptions')
  if (sub === -1) {
    for (const s of segs) out.push(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) ? '{id}' : s)
    return `${method} /${out.join('/')}`
  }
  out.push(...segs.slice(0, sub))
  let i = sub
  while (i < segs.length) {
    const key = segs[i]!
    const lower = key.toLowerCase()
    out.push(key)
    if (lower === 'providers') {
      if (i + 1 < segs.length) out.push(segs[i + 1]!)
      i += 2
      continue
    }
    if (i + 1 < segs.length) {
      out.push(lower === 'subscriptions' ? '{subscriptionId}' : lower === 'resourcegroups' ? '{resourceGroup}' : '{name}')
    }
    i += 2
  }
  return `${method} /${out.join('/')}`
}

function summariseOperations(calls: readonly Call[]): OperationSummary[] {
  const byKey = new Map<string, OperationSummary>()
  for (const c of calls) {
    const operation = operationTemplate(c.method, c.url)
    const key = `${operation}\u0000${c.apiVersion ?? ''}`
    let s = byKey.get(key)
    if (!s) {
      s = { method: c.method, operation, apiVersion: c.apiVersion, calls: 0, statuses: [], firstAt: c.startedAt, lastAt: c.startedAt }
      byKey.set(key, s)
    }
    s.calls++
    if (c.status !== null && !s.statuses.includes(c.status)) s.statuses.push(c.status)
    if (c.startedAt < s.firstAt) s.firstAt = c.startedAt
    if (c.startedAt > s.lastAt) s.lastAt = c.startedAt
  }
  for (const s of byKey.values()) s.statuses.sort((a, b) => a - b)
  return [...byKey.values()].sort((a, b) => cmp(a.operation, b.operation) || cmp(a.apiVersion ?? '', b.apiVersion ?? ''))
}

export interface ModelInput {
  results: Results
  snapshot: Snapshot
  resultsSha256: string
  snapshotSha256: string
  toolVersion: string
  now: Date
  keyFingerprint: string | null
}

/** The attestations recorded for a control (valid, expired and invalid), including the one the control counted. */
function attestationsFor(all: readonly AttestationState[], control: ControlResult, key: string, paths: ReadonlyMap<string, string>): AttestationState[] {
  const list: AttestationState[] = all.filter((a) => a.control === key)
  const counted = control.attestation
  if (counted && !list.some((a) => a.statement === counted.statement && a.expires === counted.expires)) {
    list.unshift({ ...counted, state: 'valid', packPath: paths.get(counted.evidence) ?? null })
  }
  return list
}

export function buildModel(input: ModelInput): PackModel {
  const { results, snapshot } = input
  const paths = attestationPackPaths(results)
  const allAttestations: AttestationState[] = results.attestations.map((a) => ({ ...a, packPath: paths.get(a.evidence) ?? null }))
  const checks = new Map(results.checks.map((c) => [c.id, c]))
  const findingsByCheck = new Map<string, Finding[]>()
  for (const f of results.findings) {
    let list = findingsByCheck.get(f.checkId)
    if (!list) findingsByCheck.set(f.checkId, (list = []))
    list.push(f)
  }
  for (const list of findingsByCheck.values()) list.sort(compareFindings)
  const callOrder = new Map(snapshot.calls.map((c, i) => [c.id, i]))
  const typeCounts = new Map<string, number>()
  for (const r of snapshot.resources) typeCounts.set(r.type, (typeCounts.get(r.type) ?? 0) + 1)

  const frameworkIds = [...results.frameworks.map((f) => f.id)]
  for (const c of results.controls) if (!frameworkIds.includes(c.framework)) frameworkIds.push(c.framework)

  const frameworks: PackFramework[] = frameworkIds.map((fwId) => {
    const meta = results.frameworks.find((f) => f.id === fwId)
    const usedNames = new Set<string>()
    const fwDir = safeFileName(fwId)
    const controls = results.controls.filter((c) => c.framework === fwId).map((control): PackControl => {
      let base = safeFileName(control.controlId)
      for (let n = 2; usedNames.has(base.toLowerCase()); n++) base = `${safeFileName(control.controlId)}-${n}`
      usedNames.add(base.toLowerCase())
      const pops: CheckPopulation[] = control.checkIds.map((checkId) => {
        const info: CheckInfo = checks.get(checkId) ?? {
          id: checkId, title: checkId, description: '', resourceType: '', severity: 'medium', remediation: '',
        }
        const fs = findingsByCheck.get(checkId) ?? []
        return {
          check: info,
          findings: fs,
          counts: countFindings(fs),
          snapshotResourceCount: !info.resourceType || info.resourceType.includes('*')
            ? null
            : typeCounts.get(info.resourceType.toLowerCase()) ?? 0,
        }
      })
      const findings = pops.flatMap((p) => p.findings).sort(compareFindings)
      const callIds = new Set<string>()
      for (const f of findings) for (const id of f.callIds) callIds.add(id)
      const calls = [...callIds]
        .map((id) => snapshot.calls[callOrder.get(id) ?? -1])
        .filter((c): c is Call => c !== undefined)
        .sort((a, b) => (callOrder.get(a.id)! - callOrder.get(b.id)!))
      const key = `${fwId}:${control.controlId}`
      return {
        framework: fwId,
        control,
        evidenceJson: `evidence/${fwDir}/${base}.json`,
        evidenceCsv: pops.length > 0 ? `evidence/${fwDir}/${base}.csv` : null,
        checks: pops,
        findings,
        calls,
        operations: summariseOperations(calls),
        exceptions: results.exceptions.filter((e) => control.checkIds.includes(e.check)),
        attestations: attestationsFor(allAttestations, control, key, paths),
      }
    })
    const summary = results.summary[fwId] ?? controls.reduce((acc, c) => { acc[c.control.status]++; return acc }, emptyCounts())
    return { id: fwId, title: meta?.title ?? fwId, version: meta?.version ?? '', summary, controls }
  })

  return {
    results,
    snapshot,
    callsById: new Map(snapshot.calls.map((c) => [c.id, c])),
    resultsSha256: input.resultsSha256,
    snapshotSha256: input.snapshotSha256,
    toolVersion: input.toolVersion,
    generatedAt: input.now.toISOString(),
    signed: input.keyFingerprint !== null,
    keyFingerprint: input.keyFingerprint,
    frameworks,
    attestations: allAttestations,
    sampleData: sampleDataReason(results, snapshot),
  }
}

/** Compact one-line JSON of an observed/expected value, shortened for display (evidence files keep it whole). */
export function displayValue(v: unknown, max = 160): string {
  if (v === undefined) return ''
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/** Last segment(s) of an ARM ID that name the resource, for narrow table columns. */
export function shortResourceName(id: string): string {
  const segs = id.split('/').filter((s) => s !== '')
  // A subscription-level finding (Defender plans) names the subscription: say so rather than repeat the id.
  if (segs.length === 2 && segs[0]!.toLowerCase() === 'subscriptions') return `subscription ${segs[1]!.slice(0, 8)}…`
  const p = segs.findIndex((s) => s.toLowerCase() === 'providers')
  if (p === -1 || p + 2 >= segs.length) return id
  const names: string[] = []
  for (let i = p + 3; i < segs.length; i += 2) names.push(segs[i]!)
  return names.join('/') || id
}

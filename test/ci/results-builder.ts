// Builds realistic Results documents for the CI gate tests without the catalog or the engine:
// a small catalog (two frameworks) and the DESIGN.md roll-up of findings into controls.
import type { Counts, Finding, Results, Status } from '../../src/snapshot/results.js'

export const SUB = '/subscriptions/11111111-2222-3333-4444-555555555555'
export const SQL1 = `${SUB}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-prod-1`
export const DB1 = `${SQL1}/databases/orders`
export const ST1 = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Storage/storageAccounts/webassets`
export const ST2 = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Storage/storageAccounts/logsarchive`
export const LAW = `${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-prod`

export const CHECKS: Results['checks'] = [
  { id: 'sql-server-public-network', title: 'SQL server is not reachable from the internet', description: 'The SQL server public network access is disabled.', resourceType: 'microsoft.sql/servers', severity: 'high', remediation: 'Set publicNetworkAccess to Disabled and use private endpoints.' },
  { id: 'sql-db-tde', title: 'SQL database encrypted at rest', description: 'Transparent data encryption is enabled.', resourceType: 'microsoft.sql/servers/databases', severity: 'critical', remediation: 'Enable transparent data encryption on the database.' },
  { id: 'storage-public-network', title: 'Storage account not public', description: 'Public network access is disabled or the default action is Deny.', resourceType: 'microsoft.storage/storageaccounts', severity: 'high', remediation: 'Disable public network access or set networkAcls.defaultAction to Deny.' },
  { id: 'storage-min-tls', title: 'Storage requires TLS 1.2+', description: 'minimumTlsVersion is at least the configured minimum.', resourceType: 'microsoft.storage/storageaccounts', severity: 'medium', remediation: 'Set minimumTlsVersion to TLS1_2.' },
  { id: 'log-retention', title: 'Logs kept long enough', description: 'Workspace retention covers the promised window.', resourceType: 'microsoft.operationalinsights/workspaces', severity: 'low', remediation: 'Raise retentionInDays.' },
]

const CONTROLS: { framework: string; controlId: string; title: string; checkIds: string[]; manual?: boolean }[] = [
  { framework: 'soc2', controlId: 'CC6.1', title: 'Logical access to protected assets is restricted', checkIds: ['sql-server-public-network', 'storage-public-network'] },
  { framework: 'soc2', controlId: 'CC6.7', title: 'Data is protected in transit and at rest', checkIds: ['storage-min-tls', 'sql-db-tde'] },
  { framework: 'soc2', controlId: 'CC7.2', title: 'Security events are monitored', checkIds: ['log-retention'] },
  { framework: 'soc2', controlId: 'CC1.1', title: 'Commitment to integrity and ethical values', checkIds: [], manual: true },
  { framework: 'iso27001', controlId: '8.20', title: 'Networks are secured', checkIds: ['sql-server-public-network', 'storage-public-network'] },
  { framework: 'iso27001', controlId: '8.24', title: 'Cryptography is used effectively', checkIds: ['sql-db-tde', 'storage-min-tls'] },
  { framework: 'iso27001', controlId: '8.15', title: 'Activities are logged', checkIds: ['log-retention'] },
]

export interface FindingSpec {
  checkId: string
  resourceId: string
  status: Status
  observed?: unknown
  expected?: unknown
  message?: string
}

const TYPE_OF: Record<string, string> = Object.fromEntries(CHECKS.map((c) => [c.id, c.resourceType]))

/** A clean estate: every check passes. */
export function cleanFindings(): FindingSpec[] {
  return [
    { checkId: 'sql-server-public-network', resourceId: SQL1, status: 'pass', observed: 'Disabled', expected: 'Disabled' },
    { checkId: 'sql-db-tde', resourceId: DB1, status: 'pass', observed: 'Enabled', expected: 'Enabled' },
    { checkId: 'storage-public-network', resourceId: ST1, status: 'pass', observed: 'Deny', expected: 'Deny' },
    { checkId: 'storage-public-network', resourceId: ST2, status: 'pass', observed: 'Deny', expected: 'Deny' },
    { checkId: 'storage-min-tls', resourceId: ST1, status: 'pass', observed: 'TLS1_2', expected: { gte: '1.2' } },
    { checkId: 'storage-min-tls', resourceId: ST2, status: 'pass', observed: 'TLS1_2', expected: { gte: '1.2' } },
    { checkId: 'log-retention', resourceId: LAW, status: 'pass', observed: 400, expected: { gte: 365 } },
  ]
}

/** Replaces the finding for (check, resource). */
export function withFinding(list: FindingSpec[], spec: FindingSpec): FindingSpec[] {
  return list.map((f) => (f.checkId === spec.checkId && f.resourceId === spec.resourceId ? spec : f))
}

function rollup(statuses: Status[], manual: boolean, attested: boolean): Status {
  if (statuses.includes('fail')) return 'fail'
  if (statuses.includes('error')) return 'error'
  if (manual && !attested) return 'manual'
  if (statuses.length === 0 && !manual) return 'not_applicable'
  if (statuses.length > 0 && statuses.every((s) => s === 'not_applicable')) return 'not_applicable'
  return 'pass'
}

export interface BuildOptions {
  exceptions?: Results['exceptions']
  attestations?: Results['attestations']
  evaluatedAt?: string
  snapshotErrors?: number
}

export function buildResults(specs: FindingSpec[], opts: BuildOptions = {}): Results {
  const findings: Finding[] = specs.map((s) => ({
    checkId: s.checkId,
    resourceId: s.resourceId,
    resourceType: TYPE_OF[s.checkId] ?? 'unknown',
    status: s.status,
    observed: s.observed ?? null,
    expected: s.expected ?? null,
    message: s.message ?? (s.status === 'fail' ? `${s.checkId} failed` : s.status === 'error' ? 'GET failed: 403 AuthorizationFailed (call c7)' : 'ok'),
    callIds: ['c1'],
  }))
  const attested = new Set((opts.attestations ?? []).filter((a) => a.state === 'valid').map((a) => a.control))
  const controls: Results['controls'] = CONTROLS.map((c) => {
    const fs = findings.filter((f) => c.checkIds.includes(f.checkId))
    const counts: Counts = { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
    for (const f of fs) counts[f.status]++
    return {
      framework: c.framework,
      controlId: c.controlId,
      title: c.title,
      status: rollup(fs.map((f) => f.status), c.manual ?? false, attested.has(`${c.framework}:${c.controlId}`)),
      checkIds: c.checkIds,
      manual: c.manual ?? false,
      counts,
      ...(c.manual ? { evidenceHint: 'Code of conduct and signed acknowledgements' } : {}),
    }
  })
  const summary: Results['summary'] = {}
  for (const c of controls) {
    const s = (summary[c.framework] ??= { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 })
    s[c.status]++
  }
  return {
    schemaVersion: '1.0',
    tool: { name: 'trustpack', version: '0.1.0' },
    snapshotSha256: 'a'.repeat(64),
    snapshot: {
      startedAt: '2026-11-25T09:00:00.000Z',
      finishedAt: '2026-11-25T09:01:00.000Z',
      subscriptions: [{ subscriptionId: '11111111-2222-3333-4444-555555555555', displayName: 'prod' }],
      endpoints: { arm: 'https://management.azure.com', logs: 'https://api.loganalytics.io' },
      errorCount: opts.snapshotErrors ?? 0,
    },
    evaluatedAt: opts.evaluatedAt ?? '2026-11-25T10:00:00.000Z',
    parameters: { minTlsVersion: '1.2' },
    frameworks: [
      { id: 'soc2', title: 'SOC 2 Trust Services Criteria', version: '2017' },
      { id: 'iso27001', title: 'ISO/IEC 27001:2022 Annex A', version: '2022' },
    ],
    checks: CHECKS,
    findings,
    controls,
    summary,
    exceptions: opts.exceptions ?? [],
    attestations: opts.attestations ?? [],
  }
}

// Key Vault AuditEvent presence over the last 7 days, asked of every Log Analytics
// workspace the scan found, through @azure/monitor-query-logs. The answer becomes one
// derived child setting per vault: {vault}/auditEvents/last7days (see docs/snapshot-contract.md).
import { LogsQueryClient, LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs'
import type { DerivedContext, WireBody } from '../../collect/context.js'
import type { DerivedSimulation, DerivedSimulationResult, FailRead } from '../fixtures.js'
import { ReadScope, withinRead } from '../../collect/reads.js'
import type { Resource } from '../../snapshot/schema.js'

export const AUDIT_WINDOW_DAYS = 7

export const AUDIT_QUERY = [
  'union isfuzzy=true',
  '  (AzureDiagnostics | where ResourceProvider =~ "MICROSOFT.KEYVAULT" and Category == "AuditEvent" | project ResourceId = toupper(_ResourceId), TimeGenerated),',
  '  (AZKVAuditLogs | project ResourceId = toupper(_ResourceId), TimeGenerated)',
  '| summarize Events = count(), LastEvent = max(TimeGenerated) by ResourceId',
].join('\n')

const AUDIT_TYPE = 'microsoft.keyvault/vaults/auditevents'

function queryOperation(customerId: string): string {
  return `POST /v1/workspaces/${customerId}/query (LogsQueryClient.queryWorkspace)`
}

interface WorkspaceAnswer {
  customerId: string
  perVault: Map<string, { events: number; last: string | null }>
  callId: string | null
}

export async function collectAuditEvents(ctx: DerivedContext): Promise<void> {
  const { recorder, credential, logsEndpoint, armOptions: arm } = ctx
  const resources = recorder.sortedResources()
  const vaults = resources.filter((r) => r.type === 'microsoft.keyvault/vaults')
  if (vaults.length === 0) return
  const workspaces = resources.filter((r) => r.type === 'microsoft.operationalinsights/workspaces' && typeof r.properties.customerId === 'string')
  const client = new LogsQueryClient(credential, {
    endpoint: `${logsEndpoint.replace(/\/+$/, '')}/v1`,
    credentials: { scopes: [`${logsEndpoint.replace(/\/+$/, '')}/.default`] },
    retryOptions: arm.retryOptions,
    additionalPolicies: arm.additionalPolicies,
    ...(arm.tlsOptions ? { tlsOptions: arm.tlsOptions } : {}),
    userAgentOptions: arm.userAgentOptions,
  })

  const since = new Date(recorder.options.now().getTime() - AUDIT_WINDOW_DAYS * 86_400_000)
  const answers: WorkspaceAnswer[] = []
  const failed: { workspace: Resource; err: unknown }[] = []
  await Promise.all(
    workspaces.map(async (ws) => {
      const customerId = String(ws.properties.customerId)
      const operation = queryOperation(customerId)
      // The transport records the answer against this read and refuses a body that is not a query result.
      const read = new ReadScope('query', { scope: ws.id, resourceType: 'microsoft.keyvault/vaults/auditevents', operation }, recorder.limits)
      try {
        const result = await withinRead(read, () => client.queryWorkspace(customerId, AUDIT_QUERY, { duration: `P${AUDIT_WINDOW_DAYS}D` }))
        const callId = read.callId
        if (result.status !== LogsQueryResultStatus.Success) {
          const partial = result as { partialError?: { code?: string; message?: string } }
          throw Object.assign(new Error(partial.partialError?.message ?? 'query did not succeed'), { code: partial.partialError?.code ?? 'PartialFailure' })
        }
        answers.push({ customerId, perVault: countsByResource(result.tables, since), callId })
      } catch (err) {
        failed.push({ workspace: ws, err })
      }
    }),
  )

  const derived = deriveAuditEvents(vaults, answers, failed.map((f) => String(f.workspace.properties.customerId)))
  for (const d of derived.resources) {
    const added = recorder.addResource(d.body, d.callIds[0] ?? 'none', d.subscriptionId)
    if (added) added.callIds = d.callIds
  }
  for (const e of derived.errors) {
    const f = failed.find((x) => String(x.workspace.properties.customerId) === e.customerId)!
    recorder.recordError(e.vaultId, AUDIT_TYPE, queryOperation(e.customerId), f.err)
  }
  recorder.note(
    `Key Vault audit events: one Log Analytics query per workspace (${workspaces.length} found) over the last ${AUDIT_WINDOW_DAYS} days; a vault with no rows in any workspace has eventCount 0.`,
  )
}

/**
 * Reads (ResourceId, count, last) rows whatever the columns' exact spelling. A service that
 * answers raw event rows instead of the summary is counted row by row, keeping only
 * AuditEvent rows inside the window, so the verdict does not depend on the server's KQL.
 */
function countsByResource(tables: LogsTable[], since: Date): Map<string, { events: number; last: string | null }> {
  const out = new Map<string, { events: number; last: string | null }>()
  for (const table of tables) {
    const cols = table.columnDescriptors.map((c) => (c.name ?? '').toLowerCase())
    const idCol = cols.findIndex((c) => c === 'resourceid' || c === '_resourceid')
    const countCol = cols.findIndex((c) => c === 'events' || c.startsWith('count') || c === 'eventcount')
    const lastCol = cols.findIndex((c) => c === 'lastevent' || c.startsWith('max') || c === 'timegenerated')
    const categoryCol = cols.findIndex((c) => c === 'category')
    if (idCol < 0) continue
    for (const row of table.rows) {
      const id = String(row[idCol] ?? '').toUpperCase()
      if (!id) continue
      if (categoryCol >= 0 && String(row[categoryCol]) !== 'AuditEvent') continue
      const lastRaw = lastCol >= 0 ? row[lastCol] : null
      const last = lastRaw instanceof Date ? lastRaw.toISOString() : lastRaw == null ? null : String(lastRaw)
      if (countCol < 0 && last && Date.parse(last) < since.getTime()) continue
      const n = countCol >= 0 ? Number(row[countCol] ?? 0) : 1
      const prev = out.get(id) ?? { events: 0, last: null }
      prev.events += Number.isFinite(n) ? n : 0
      if (last && (!prev.last || last > prev.last)) prev.last = last
      out.set(id, prev)
    }
  }
  return out
}

/**
 * One derived setting per vault from the workspaces' answers: the events summed over every workspace. A vault
 * with no events while some workspace could not be queried is an error (its logs may sit there), not a zero.
 */
function deriveAuditEvents(
  vaults: readonly Resource[],
  answers: readonly WorkspaceAnswer[],
  failedWorkspaces: readonly string[],
): { resources: { body: WireBody; subscriptionId: string; callIds: string[] }[]; errors: { vaultId: string; customerId: string }[] } {
  const resources: { body: WireBody; subscriptionId: string; callIds: string[] }[] = []
  const errors: { vaultId: string; customerId: string }[] = []
  for (const vault of vaults) {
    const key = vault.id.toUpperCase()
    let events = 0
    let last: string | null = null
    const callIds: string[] = []
    for (const a of answers) {
      const hit = a.perVault.get(key)
      if (a.callId) callIds.push(a.callId)
      if (!hit) continue
      events += hit.events
      if (hit.last && (!last || hit.last > last)) last = hit.last
    }
    if (events === 0 && failedWorkspaces.length > 0) {
      errors.push({ vaultId: vault.id, customerId: failedWorkspaces[0]! })
      continue
    }
    resources.push({
      body: {
        id: `${vault.id}/auditEvents/last${AUDIT_WINDOW_DAYS}days`,
        name: `last${AUDIT_WINDOW_DAYS}days`,
        type: AUDIT_TYPE,
        ...(vault.location ? { location: vault.location } : {}),
        properties: { windowDays: AUDIT_WINDOW_DAYS, eventCount: events, lastEventTime: last, workspaces: answers.map((a) => a.customerId).sort(), query: AUDIT_QUERY },
      },
      subscriptionId: vault.subscriptionId,
      callIds: [...new Set(callIds)],
    })
  }
  return { resources, errors }
}

/** The same derivation offline, from an estate's log rows (for fixtures): AuditEvent rows inside the window. */
export function simulateAuditEvents(input: DerivedSimulation): DerivedSimulationResult {
  const vaults = input.resources.filter((r) => r.type === 'microsoft.keyvault/vaults')
  if (vaults.length === 0) return { resources: [], errors: [] }
  const workspaces = input.resources.filter((r) => r.type === 'microsoft.operationalinsights/workspaces' && typeof r.properties.customerId === 'string')
  const answers: WorkspaceAnswer[] = []
  const failed: { customerId: string; failure: FailRead }[] = []
  for (const ws of workspaces) {
    const customerId = String(ws.properties.customerId)
    const f = input.fails(ws.id)
    if (f) {
      failed.push({ customerId, failure: f })
      continue
    }
    const perVault = new Map<string, { events: number; last: string | null }>()
    for (const row of input.estate.logs?.[customerId] ?? []) {
      if (row.Category !== 'AuditEvent' || row.TimeGeneratedHoursAgo > AUDIT_WINDOW_DAYS * 24) continue
      const at = new Date(input.now.getTime() - row.TimeGeneratedHoursAgo * 3_600_000).toISOString()
      const prev = perVault.get(row.ResourceId.toUpperCase()) ?? { events: 0, last: null }
      prev.events++
      if (!prev.last || at > prev.last) prev.last = at
      perVault.set(row.ResourceId.toUpperCase(), prev)
    }
    answers.push({ customerId, perVault, callId: null })
  }
  const derived = deriveAuditEvents(vaults, answers, failed.map((f) => f.customerId))
  return {
    resources: derived.resources.map((r) => ({ body: r.body, subscriptionId: r.subscriptionId })),
    errors: derived.errors.map((e) => ({ scope: e.vaultId, resourceType: AUDIT_TYPE, operation: queryOperation(e.customerId), failure: failed.find((f) => f.customerId === e.customerId)!.failure })),
  }
}

// Key Vault AuditEvent presence over the last 7 days, asked of every Log Analytics
// workspace the scan found, through @azure/monitor-query-logs. The answer becomes one
// derived child setting per vault: {vault}/auditEvents/last7days (see docs/snapshot-contract.md).
import { LogsQueryClient, LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs'
import type { DerivedContext } from '../../collect/context.js'
import { ReadScope, withinRead } from '../../collect/reads.js'
import type { Resource } from '../../snapshot/schema.js'

export const AUDIT_WINDOW_DAYS = 7

export const AUDIT_QUERY = [
  'union isfuzzy=true',
  '  (AzureDiagnostics | where ResourceProvider =~ "MICROSOFT.KEYVAULT" and Category == "AuditEvent" | project ResourceId = toupper(_ResourceId), TimeGenerated),',
  '  (AZKVAuditLogs | project ResourceId = toupper(_ResourceId), TimeGenerated)',
  '| summarize Events = count(), LastEvent = max(TimeGenerated) by ResourceId',
].join('\n')

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
      const operation = `POST /v1/workspaces/${customerId}/query (LogsQueryClient.queryWorkspace)`
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
    if (events === 0 && failed.length > 0) {
      // Logs may sit in the workspace we could not query: unknown, not "none".
      const f = failed[0]!
      recorder.recordError(vault.id, 'microsoft.keyvault/vaults/auditevents', `POST /v1/workspaces/${String(f.workspace.properties.customerId)}/query (LogsQueryClient.queryWorkspace)`, f.err)
      continue
    }
    const derived = recorder.addResource(
      {
        id: `${vault.id}/auditEvents/last${AUDIT_WINDOW_DAYS}days`,
        name: `last${AUDIT_WINDOW_DAYS}days`,
        type: 'microsoft.keyvault/vaults/auditevents',
        location: vault.location ?? undefined,
        properties: {
          windowDays: AUDIT_WINDOW_DAYS,
          eventCount: events,
          lastEventTime: last,
          workspaces: answers.map((a) => a.customerId).sort(),
          query: AUDIT_QUERY,
        },
      },
      callIds[0] ?? 'none',
      vault.subscriptionId,
    )
    if (derived) derived.callIds = [...new Set(callIds)]
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

// Wire bodies of Log Analytics workspaces.
import { type Body, type Place, type SampleContext, type SampleContribution, hexFrom, armId, top, workspaceCustomerId } from '../../emulator/wire.js'

export function logAnalyticsWorkspace(place: Place, name: string, o: { retentionInDays?: number; createdAt: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.OperationalInsights/workspaces', name)
  return top(place, 'Microsoft.OperationalInsights/workspaces', name, place.region.name, {
    etag: `"${hexFrom(`${id}:etag`).slice(0, 16)}"`,
    properties: {
      customerId: workspaceCustomerId(id),
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018', lastSkuUpdate: o.createdAt },
      retentionInDays: o.retentionInDays ?? 365,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: { dailyQuotaGb: -1.0, quotaNextResetTime: '2026-11-26T00:00:00Z', dataIngestionStatus: 'RespectQuota' },
      publicNetworkAccessForIngestion: 'Disabled',
      publicNetworkAccessForQuery: 'Disabled',
      createdDate: o.createdAt,
      modifiedDate: o.createdAt,
    },
  })
}

/** One workspace per production region and one in shared services; every one keeps logs 365 days. */
export function sample(ctx: SampleContext): SampleContribution {
  return {
    resources: [
      ...ctx.prod.map((r) => logAnalyticsWorkspace(r.place, `log-vel-prod-${r.code}`, { createdAt: ctx.created })),
      logAnalyticsWorkspace(ctx.shared.core, 'log-vel-shared-cac', { createdAt: ctx.created }),
    ],
  }
}

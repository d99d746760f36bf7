// Wire bodies of Service Bus namespaces at api-version 2024-01-01 (type "Microsoft.ServiceBus/Namespaces",
// display locations).
import { type Body, type Place, type SampleContext, type SampleContribution, guidFrom, armId, top } from '../../emulator/wire.js'

export function serviceBusNamespace(place: Place, name: string, o: { disableLocalAuth?: boolean; minimumTlsVersion?: string; createdAt: string; tenantId: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.ServiceBus/namespaces', name)
  return top(place, 'Microsoft.ServiceBus/namespaces', name, place.region.display, {
    sku: { name: 'Premium', tier: 'Premium', capacity: 1 },
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${id}:principal`), tenantId: o.tenantId },
    properties: {
      premiumMessagingPartitions: 1,
      minimumTlsVersion: o.minimumTlsVersion ?? '1.2',
      publicNetworkAccess: 'Disabled',
      disableLocalAuth: o.disableLocalAuth ?? true,
      zoneRedundant: true,
      privateEndpointConnections: [],
      provisioningState: 'Succeeded',
      status: 'Active',
      metricId: `${place.subscriptionId}:${name}`,
      createdAt: o.createdAt,
      updatedAt: o.createdAt,
      serviceBusEndpoint: `https://${name}.servicebus.windows.net:443/`,
    },
  }, 'Microsoft.ServiceBus/Namespaces')
}

/** A Premium namespace per production region. Drift: West Europe still accepts SAS keys (local auth). */
export function sample(ctx: SampleContext): SampleContribution {
  return {
    resources: ctx.prod.map((r) => serviceBusNamespace(r.place, `sb-vel-prod-${r.code}`, { createdAt: ctx.created, tenantId: ctx.tenantId, disableLocalAuth: r.code !== 'weu' })),
    drifts: ctx.prod.filter((r) => r.code === 'weu').map((r) => ({
      check: 'servicebus-local-auth-disabled',
      resource: r.id('Microsoft.ServiceBus/namespaces', `sb-vel-prod-${r.code}`),
      why: 'local (SAS key) authentication left on: contradicts "managed identities, no connection strings"',
    })),
  }
}

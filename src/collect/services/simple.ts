// Services whose settings are all on the subscription-level list: storage accounts,
// Log Analytics workspaces, Container Apps and their environments, and Service Bus
// namespaces (read at a newer api-version than the SDK's, see below).
import { StorageManagementClient } from '@azure/arm-storage'
import { ServiceBusManagementClient } from '@azure/arm-servicebus'
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights'
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers'
import type { PipelinePolicy } from '@azure/core-rest-pipeline'
import { listRaw, type CollectorContext, type RawItem, type ReadSpec } from '../context.js'

/** Service Bus properties minimumTlsVersion and publicNetworkAccess appear from this api-version on. */
export const SERVICE_BUS_API_VERSION = '2024-01-01'

async function listInto(ctx: CollectorContext, type: string, op: string, run: (o: object) => { byPage(): AsyncIterableIterator<unknown> }): Promise<RawItem[]> {
  const spec: ReadSpec = { scope: `/subscriptions/${ctx.subscriptionId}`, resourceType: type, operation: `GET ${type} (${op})` }
  const { items } = await listRaw(ctx.recorder, spec, run)
  for (const item of items) ctx.recorder.addResource(item.body, item.callId, ctx.subscriptionId)
  return items
}

export async function collectStorage(ctx: CollectorContext): Promise<void> {
  const client = new StorageManagementClient(ctx.credential, ctx.subscriptionId, ctx.armOptions)
  await listInto(ctx, 'microsoft.storage/storageaccounts', 'StorageAccounts.list', (o) => client.storageAccounts.list(o))
}

export async function collectWorkspaces(ctx: CollectorContext): Promise<void> {
  const client = new OperationalInsightsManagementClient(ctx.credential, ctx.subscriptionId, ctx.armOptions)
  await listInto(ctx, 'microsoft.operationalinsights/workspaces', 'Workspaces.list', (o) => client.workspaces.list(o))
}

export async function collectContainerApps(ctx: CollectorContext): Promise<void> {
  const client = new ContainerAppsAPIClient(ctx.credential, ctx.subscriptionId, ctx.armOptions)
  await Promise.all([
    listInto(ctx, 'microsoft.app/managedenvironments', 'ManagedEnvironments.listBySubscription', (o) => client.managedEnvironments.listBySubscription(o)),
    listInto(ctx, 'microsoft.app/containerapps', 'ContainerApps.listBySubscription', (o) => client.containerApps.listBySubscription(o)),
  ])
}

/**
 * @azure/arm-servicebus 6.1 speaks api-version 2021-11-01, whose namespace body has no
 * minimumTlsVersion or publicNetworkAccess. The SDK client still does the request, but a
 * policy asks for a newer GA api-version; the raw body is what the snapshot keeps.
 */
export async function collectServiceBus(ctx: CollectorContext): Promise<void> {
  const client = new ServiceBusManagementClient(ctx.credential, ctx.subscriptionId, ctx.armOptions)
  client.pipeline.addPolicy(apiVersionPolicy(SERVICE_BUS_API_VERSION), { phase: 'Serialize' })
  ctx.recorder.note(
    `Service Bus namespaces are read at api-version ${SERVICE_BUS_API_VERSION} (the SDK's default 2021-11-01 lacks minimumTlsVersion and publicNetworkAccess).`,
  )
  await listInto(ctx, 'microsoft.servicebus/namespaces', 'Namespaces.list', (o) => client.namespaces.list(o))
}

function apiVersionPolicy(version: string): PipelinePolicy {
  return {
    name: 'trustpackApiVersionOverride',
    sendRequest(request, next) {
      const url = new URL(request.url)
      if (url.searchParams.has('api-version')) {
        url.searchParams.set('api-version', version)
        request.url = url.toString()
      }
      return next(request)
    },
  }
}

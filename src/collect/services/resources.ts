// The subscription's resource list: every top-level resource with its location, so the
// location check sees resource types trustpack has no collector for.
import { ResourceManagementClient } from '@azure/arm-resources'
import { listRaw, type CollectorContext } from '../context.js'

export async function collectResourceList(ctx: CollectorContext): Promise<void> {
  const client = new ResourceManagementClient(ctx.credential, ctx.subscriptionId, ctx.armOptions)
  const items = await listRaw(
    ctx.recorder,
    { scope: `/subscriptions/${ctx.subscriptionId}`, resourceType: 'microsoft.resources/resources', operation: 'GET resources (Resources.list)' },
    (o) => client.resources.list(o),
  )
  for (const item of items.items) ctx.recorder.addResource(item.body, item.callId, ctx.subscriptionId)
}

// Networking: application gateways (SSL policy), NSGs (rules), public IPs and network
// interfaces (what each public IP is attached to).
import { NetworkManagementClient } from '@azure/arm-network'
import { listRaw, type CollectorContext } from '../context.js'

export async function collectNetwork(ctx: CollectorContext): Promise<void> {
  const { recorder: rec, subscriptionId: sub } = ctx
  const client = new NetworkManagementClient(ctx.credential, sub, ctx.armOptions)
  const scope = `/subscriptions/${sub}`
  const lists = [
    { type: 'microsoft.network/applicationgateways', op: 'ApplicationGateways.listAll', run: (o: object) => client.applicationGateways.listAll(o) },
    { type: 'microsoft.network/networksecuritygroups', op: 'NetworkSecurityGroups.listAll', run: (o: object) => client.networkSecurityGroups.listAll(o) },
    { type: 'microsoft.network/publicipaddresses', op: 'PublicIPAddresses.listAll', run: (o: object) => client.publicIPAddresses.listAll(o) },
    { type: 'microsoft.network/networkinterfaces', op: 'NetworkInterfaces.listAll', run: (o: object) => client.networkInterfaces.listAll(o) },
  ]
  await Promise.all(
    lists.map(async (l) => {
      const items = await listRaw(rec, { scope, resourceType: l.type, operation: `GET ${l.type} (${l.op})` }, l.run)
      for (const item of items.items) rec.addResource(item.body, item.callId, sub)
    }),
  )
}

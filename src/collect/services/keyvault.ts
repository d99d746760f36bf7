// Key Vault from the management plane only (works for private vaults, never reads key
// material): vaults with their network and purge settings, keys with rotation policy.
import { KeyVaultManagementClient } from '@azure/arm-keyvault'
import { getRaw, listRaw, type CollectorContext } from '../context.js'
import { idParts } from './ids.js'

export async function collectKeyVault(ctx: CollectorContext): Promise<void> {
  const { recorder: rec, subscriptionId: sub } = ctx
  const client = new KeyVaultManagementClient(ctx.credential, sub, ctx.armOptions)
  // vaults.list() goes through the generic resource list and returns no properties.
  const vaults = await listRaw(rec, { scope: `/subscriptions/${sub}`, resourceType: 'microsoft.keyvault/vaults', operation: 'GET Microsoft.KeyVault/vaults (Vaults.listBySubscription)' }, (o) =>
    client.vaults.listBySubscription(o),
  )
  await ctx.forEach(vaults.items, async (vault) => {
    if (!rec.addResource(vault.body, vault.callId, sub)) return
    const id = vault.body.id!
    const { resourceGroup: rg, name } = idParts(id)
    const keys = await listRaw(rec, { scope: id, resourceType: 'microsoft.keyvault/vaults/keys', operation: 'GET keys (Keys.list)' }, (o) => client.keys.list(rg, name, o))
    // The list may omit rotationPolicy: read each key (metadata only, never key material).
    await ctx.forEach(keys.items, async (key) => {
      const keyName = idParts(String(key.body.id)).name
      const full = await getRaw(rec, { scope: String(key.body.id), resourceType: 'microsoft.keyvault/vaults/keys', operation: 'GET keys/{name} (Keys.get)' }, (o) =>
        client.keys.get(rg, name, keyName, o),
      )
      if (full) rec.addResource(full.body, full.callId, sub)
    })
  })
}

// Azure SQL: servers with auditing, encryption protector and firewall rules; databases
// with TDE, short- and long-term backup retention. `master` is listed but its child
// settings are not read: every check excludes it, and it saves three reads per server.
import { SqlManagementClient } from '@azure/arm-sql'
import { getRaw, listRaw, type CollectorContext } from '../context.js'
import { idParts } from './ids.js'

export async function collectSql(ctx: CollectorContext): Promise<void> {
  const { recorder: rec, subscriptionId: sub } = ctx
  const client = new SqlManagementClient(ctx.credential, sub, ctx.armOptions)
  const servers = await listRaw(rec, { scope: `/subscriptions/${sub}`, resourceType: 'microsoft.sql/servers', operation: 'GET Microsoft.Sql/servers (Servers.list)' }, (o) =>
    client.servers.list(o),
  )
  await ctx.forEach(servers.items, async (server) => {
    if (!rec.addResource(server.body, server.callId, sub)) return
    const id = server.body.id!
    const { resourceGroup: rg, name } = idParts(id)
    const child = (type: string, operation: string) => ({ scope: id, resourceType: `microsoft.sql/servers/${type}`, operation })
    await Promise.all([
      getRaw(rec, child('auditingsettings', 'GET auditingSettings/default (ServerBlobAuditingPolicies.get)'), (o) => client.serverBlobAuditingPolicies.get(rg, name, o)).then(
        (r) => r && rec.addResource(r.body, r.callId, sub),
      ),
      getRaw(rec, child('encryptionprotector', 'GET encryptionProtector/current (EncryptionProtectors.get)'), (o) =>
        client.encryptionProtectors.get(rg, name, 'current', o),
      ).then((r) => r && rec.addResource(r.body, r.callId, sub)),
      listRaw(rec, child('firewallrules', 'GET firewallRules (FirewallRules.listByServer)'), (o) => client.firewallRules.listByServer(rg, name, o)).then((rules) => {
        for (const r of rules.items) rec.addResource(r.body, r.callId, sub)
      }),
      collectDatabases(ctx, client, id, rg, name),
    ])
  })
}

async function collectDatabases(ctx: CollectorContext, client: SqlManagementClient, serverId: string, rg: string, server: string): Promise<void> {
  const { recorder: rec, subscriptionId: sub } = ctx
  const dbs = await listRaw(rec, { scope: serverId, resourceType: 'microsoft.sql/servers/databases', operation: 'GET databases (Databases.listByServer)' }, (o) =>
    client.databases.listByServer(rg, server, o),
  )
  await ctx.forEach(dbs.items, async (db) => {
    if (!rec.addResource(db.body, db.callId, sub)) return
    const id = db.body.id!
    const name = idParts(id).name
    if (name.toLowerCase() === 'master') return
    const child = (type: string, operation: string) => ({ scope: id, resourceType: `microsoft.sql/servers/databases/${type}`, operation })
    const results = await Promise.all([
      getRaw(rec, child('transparentdataencryption', 'GET transparentDataEncryption/current (TransparentDataEncryptions.get)'), (o) =>
        client.transparentDataEncryptions.get(rg, server, name, 'current', o),
      ),
      getRaw(rec, child('backupshorttermretentionpolicies', 'GET backupShortTermRetentionPolicies/default (BackupShortTermRetentionPolicies.get)'), (o) =>
        client.backupShortTermRetentionPolicies.get(rg, server, name, 'default', o),
      ),
      getRaw(rec, child('backuplongtermretentionpolicies', 'GET backupLongTermRetentionPolicies/default (LongTermRetentionPolicies.get)'), (o) =>
        client.longTermRetentionPolicies.get(rg, server, name, 'default', o),
      ),
    ])
    for (const r of results) if (r) rec.addResource(r.body, r.callId, sub)
  })
}

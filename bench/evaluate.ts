// bench:evaluate — generates a snapshot that yields about 100,000 findings and times evaluateSnapshot on it
// (catalog load, index, every check, exceptions, roll-up). Run: npm run build && npm run bench:evaluate [-- GROUPS]
import { performance } from 'node:perf_hooks'
import { evaluateSnapshot } from '../src/app/evaluate.js'
import { SNAPSHOT_SCHEMA_VERSION, type Resource, type Snapshot } from '../src/snapshot/schema.js'
import { requireCatalog } from '../src/catalog/load.js'
import { buildIndex } from '../src/checks/snapshot-index.js'
import { evaluateChecks } from '../src/checks/engine.js'

const SUB = '00000000-0000-0000-0000-0000000000b0'

function generate(groups: number): Snapshot {
  const resources: Resource[] = []
  let call = 0
  const add = (id: string, type: string, properties: Record<string, unknown>, location: string | null = 'eastus'): void => {
    resources.push({ id, type, name: id.slice(id.lastIndexOf('/') + 1), location, subscriptionId: SUB, properties, callIds: [`c${++call}`] })
  }
  for (let g = 0; g < groups; g++) {
    const odd = g % 7 === 0 // some drift so fail paths are exercised too
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-${g}/providers`
    const sql = `${rg}/Microsoft.Sql/servers/sql-${g}`
    add(sql, 'microsoft.sql/servers', { minimalTlsVersion: odd ? '1.0' : '1.2', publicNetworkAccess: 'Disabled' })
    add(`${sql}/auditingSettings/default`, 'microsoft.sql/servers/auditingsettings', { state: 'Enabled' }, null)
    add(`${sql}/encryptionProtector/current`, 'microsoft.sql/servers/encryptionprotector', { serverKeyType: 'AzureKeyVault' }, null)
    add(`${sql}/firewallRules/azure`, 'microsoft.sql/servers/firewallrules', { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }, null)
    add(`${sql}/firewallRules/office`, 'microsoft.sql/servers/firewallrules', { startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }, null)
    for (const db of ['master', 'orders', 'billing']) {
      const id = `${sql}/databases/${db}`
      add(id, 'microsoft.sql/servers/databases', { currentBackupStorageRedundancy: odd ? 'Local' : 'Geo' })
      add(`${id}/transparentDataEncryption/Current`, 'microsoft.sql/servers/databases/transparentdataencryption', { state: 'Enabled' }, null)
      add(`${id}/backupShortTermRetentionPolicies/default`, 'microsoft.sql/servers/databases/backupshorttermretentionpolicies', { retentionDays: 35 }, null)
      add(`${id}/backupLongTermRetentionPolicies/default`, 'microsoft.sql/servers/databases/backuplongtermretentionpolicies', { weeklyRetention: 'P4W' }, null)
    }
    const kv = `${rg}/Microsoft.KeyVault/vaults/kv-${g}`
    add(kv, 'microsoft.keyvault/vaults', { enableSoftDelete: true, enablePurgeProtection: true, publicNetworkAccess: 'Disabled' })
    add(`${kv}/auditEvents/last7days`, 'microsoft.keyvault/vaults/auditevents', { windowDays: 7, eventCount: odd ? 0 : 12 }, null)
    for (const k of ['a', 'b']) {
      add(`${kv}/keys/${k}`, 'microsoft.keyvault/vaults/keys', { rotationPolicy: { attributes: { expiryTime: 'P2Y' }, lifetimeActions: [{ trigger: { timeAfterCreate: odd ? 'P18M' : 'P90D' }, action: { type: 'rotate' } }] } })
    }
    add(`${rg}/Microsoft.Storage/storageAccounts/st${g}`, 'microsoft.storage/storageaccounts', { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, publicNetworkAccess: 'Disabled', allowBlobPublicAccess: false })
    add(`${rg}/Microsoft.Network/networkSecurityGroups/nsg-${g}`, 'microsoft.network/networksecuritygroups', {
      securityRules: [
        { name: 'https', properties: { protocol: 'Tcp', sourceAddressPrefix: '*', destinationPortRange: '443', access: 'Allow', priority: 100, direction: 'Inbound' } },
        { name: 'ssh', properties: { protocol: 'Tcp', sourceAddressPrefix: odd ? 'Internet' : '10.0.0.0/8', destinationPortRange: '22', access: 'Allow', priority: 110, direction: 'Inbound' } },
      ],
      defaultSecurityRules: [{ name: 'DenyAllInBound', properties: { protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*', access: 'Deny', priority: 65500, direction: 'Inbound' } }],
    })
    const agw = `${rg}/Microsoft.Network/applicationGateways/agw-${g}`
    add(agw, 'microsoft.network/applicationgateways', { sslPolicy: { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' } })
    add(`${rg}/Microsoft.Network/publicIPAddresses/pip-${g}`, 'microsoft.network/publicipaddresses', { ipConfiguration: { id: `${agw}/frontendIPConfigurations/fe` } })
    add(`${rg}/Microsoft.ServiceBus/namespaces/sb-${g}`, 'microsoft.servicebus/namespaces', { minimumTlsVersion: '1.2', disableLocalAuth: !odd, publicNetworkAccess: 'Disabled' })
    add(`${rg}/Microsoft.OperationalInsights/workspaces/law-${g}`, 'microsoft.operationalinsights/workspaces', { retentionInDays: 400 })
    const site = `${rg}/Microsoft.Web/sites/app-${g}`
    add(site, 'microsoft.web/sites', { httpsOnly: true })
    add(`${site}/config/web`, 'microsoft.web/sites/config', { minTlsVersion: '1.2' }, null)
    add(`${rg}/Microsoft.App/containerApps/ca-${g}`, 'microsoft.app/containerapps', { configuration: { ingress: { external: false, allowInsecure: false } } }, odd ? 'East Asia' : 'eastus')
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION, tool: { name: 'trustpack', version: 'bench' },
    startedAt: '2026-11-01T00:00:00Z', finishedAt: '2026-11-01T00:10:00Z',
    endpoints: { arm: 'https://management.azure.com', logs: 'https://api.loganalytics.io' },
    subscriptions: [{ subscriptionId: SUB, displayName: 'bench', tenantId: null, state: 'Enabled' }],
    resources, errors: [], calls: [], notes: [],
  }
}

const groups = Number(process.argv[2] ?? 2300)
const t0 = performance.now()
const snapshot = generate(groups)
const t1 = performance.now()
const cpu0 = process.cpuUsage()
const results = evaluateSnapshot({ snapshot, snapshotSha256: '0'.repeat(64), config: { config: {}, file: null, lineOf: () => 1 }, now: new Date('2026-11-25T00:00:00Z') })
const t2 = performance.now()
const cpu = process.cpuUsage(cpu0)
const bytes = JSON.stringify(results).length
const t3 = performance.now()
// The engine alone (catalog already loaded): index + every check over every resource, sorted.
const catalog = requireCatalog()
const t4 = performance.now()
const engineFindings = evaluateChecks(catalog.checks.map((c) => c.def), buildIndex(snapshot), catalog.parameterDefaults).length
const t5 = performance.now()
const byStatus: Record<string, number> = {}
for (const f of results.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1
console.log(`resources:  ${snapshot.resources.length} (generated in ${(t1 - t0).toFixed(0)} ms)`)
console.log(`findings:   ${results.findings.length} ${JSON.stringify(byStatus)}`)
console.log(`controls:   ${results.controls.length}`)
console.log(`evaluate:   ${(t2 - t1).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (catalog load, index, ${results.checks.length} checks, exceptions, roll-up)`)
console.log(`engine:     ${(t5 - t4).toFixed(0)} ms wall for ${engineFindings} findings (index + checks + sort, catalog already loaded)`)
console.log(`serialise:  ${(t3 - t2).toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB of results JSON)`)

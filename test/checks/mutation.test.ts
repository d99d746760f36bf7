// Mutation tests: start from an estate where every check passes, change one property, and exactly the
// matching check fails (no other check changes its verdict to fail or error).
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { loadConfig } from '../../src/core/config.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { ROOT, readFixture, runAll, shippedCatalog } from './helpers.js'

const ESTATE = 'test/fixtures/checks/estate/passing.json'
const params = loadConfig(join(ROOT, 'test/fixtures/checks/estate/trustpack.yaml')).config.parameters ?? {}

function mutate(idSuffix: string, change: (props: Record<string, unknown>, r: Snapshot['resources'][number]) => void): Snapshot {
  const snap = readFixture(ESTATE)
  const r = snap.resources.find((x) => x.id.toLowerCase().endsWith(idSuffix.toLowerCase()))
  if (!r) throw new Error(`no resource ending ${idSuffix}`)
  change(r.properties, r)
  return snap
}

const MUTATIONS: [string, string, (p: Record<string, unknown>, r: Snapshot['resources'][number]) => void][] = [
  ['sql-server-min-tls', '/servers/sql-orders', (p) => { p.minimalTlsVersion = '1.1' }],
  ['sql-server-public-network', '/servers/sql-orders', (p) => { p.publicNetworkAccess = 'Enabled' }],
  ['sql-server-auditing', '/auditingSettings/default', (p) => { p.state = 'Disabled' }],
  ['sql-server-firewall-no-public-range', '/firewallRules/office', (p) => { p.startIpAddress = '0.0.0.0'; p.endIpAddress = '255.255.255.255' }],
  ['sql-server-tde-cmk', '/encryptionProtector/current', (p) => { p.serverKeyType = 'ServiceManaged' }],
  ['sql-db-tde', '/databases/orders/transparentDataEncryption/Current', (p) => { p.state = 'Disabled' }],
  ['sql-db-pitr-retention', '/databases/orders/backupShortTermRetentionPolicies/default', (p) => { p.retentionDays = 7 }],
  ['sql-db-ltr-weekly', '/databases/orders/backupLongTermRetentionPolicies/default', (p) => { p.weeklyRetention = 'PT0S' }],
  ['sql-db-geo-backup', '/databases/orders', (p) => { p.currentBackupStorageRedundancy = 'Zone' }],
  ['keyvault-public-network', '/vaults/kv-orders', (p) => { p.publicNetworkAccess = 'Enabled'; p.networkAcls = { defaultAction: 'Allow' } }],
  ['keyvault-purge-protection', '/vaults/kv-orders', (p) => { p.enablePurgeProtection = false }],
  ['keyvault-key-rotation', '/keys/cmk-tde', (p) => { (p.rotationPolicy as { lifetimeActions: unknown[] }).lifetimeActions = [] }],
  ['keyvault-audit-logs', '/auditEvents/last7days', (p) => { p.eventCount = 0 }],
  ['appgw-min-tls', '/applicationGateways/agw-edge', (p) => { p.sslPolicy = { policyType: 'Predefined', policyName: 'AppGwSslPolicy20150501' } }],
  ['nsg-no-open-admin-ports', '/networkSecurityGroups/nsg-app', (p) => {
    (p.securityRules as unknown[]).push({ name: 'oops', properties: { protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationPortRange: '3389', access: 'Allow', priority: 300, direction: 'Inbound' } })
  }],
  ['public-endpoint-allowlist', '/publicIPAddresses/pip-agw', (p) => { p.ipConfiguration = { id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-fixture/providers/Microsoft.Network/networkInterfaces/nic-vm/ipConfigurations/ipconfig1' } }],
  ['storage-min-tls', '/storageAccounts/stordersdata', (p) => { p.minimumTlsVersion = 'TLS1_1' }],
  ['storage-https-only', '/storageAccounts/stordersdata', (p) => { p.supportsHttpsTrafficOnly = false }],
  ['storage-public-network', '/storageAccounts/stordersdata', (p) => { p.allowBlobPublicAccess = true }],
  ['servicebus-local-auth-disabled', '/namespaces/sb-orders', (p) => { p.disableLocalAuth = false }],
  ['servicebus-min-tls', '/namespaces/sb-orders', (p) => { p.minimumTlsVersion = '1.1' }],
  ['servicebus-public-network', '/namespaces/sb-orders', (p) => { p.publicNetworkAccess = 'Enabled' }],
  ['log-retention', '/workspaces/law-central', (p) => { p.retentionInDays = 90 }],
  ['app-min-tls', '/sites/app-orders/config/web', (p) => { p.minTlsVersion = '1.0' }],
  ['containerapp-ingress', '/containerApps/ca-api', (p) => { (p.configuration as { ingress: Record<string, unknown> }).ingress.external = true }],
  ['resource-location-allowed', '/vaults/kv-orders', (_p, r) => { r.location = 'brazilsouth' }],
]

describe('the passing estate', () => {
  it('passes every check (no fail, no error) and covers every check in the catalog', () => {
    const findings = runAll(readFixture(ESTATE), params)
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'error')).toEqual([])
    const covered = new Set(findings.filter((f) => f.status === 'pass').map((f) => f.checkId))
    expect([...covered].sort()).toEqual(shippedCatalog().checks.map((c) => c.def.id).sort())
  })

  it('has a mutation for every check', () => {
    expect(MUTATIONS.map((m) => m[0]).sort()).toEqual(shippedCatalog().checks.map((c) => c.def.id).sort())
  })
})

describe.each(MUTATIONS)('flipping one property for %s', (checkId, suffix, change) => {
  it('fails exactly that check', () => {
    const findings = runAll(mutate(suffix, change), params)
    const bad = findings.filter((f) => f.status !== 'pass' && f.status !== 'not_applicable')
    expect(bad.length).toBeGreaterThan(0)
    expect(new Set(bad.map((f) => `${f.checkId}:${f.status}`))).toEqual(new Set([`${checkId}:fail`]))
  })
})

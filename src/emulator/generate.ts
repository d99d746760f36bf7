// Generates large, valid estates for the scan benchmark and paging/throttling tests, with the
// same body builders as the sample estate. Deterministic: the same options give the same estate.
// Drifts are sprinkled at fixed rates (seeded) so evaluation has failures to find at scale.
import type { Estate, EstateLogRow, EstateResource } from './estate.js'
import { REGIONS, type Place, type Region, armId, guidFrom, subscription, workspaceCustomerId } from './wire.js'
import { sqlDatabase, sqlMaster, sqlServer } from '../services/sql/emulator.js'
import { auditRows, keyVault, vaultKey, type Rotation } from '../services/keyvault/emulator.js'
import { networkSecurityGroup, publicIp, userAssignedIdentity, virtualNetwork } from '../services/network/emulator.js'
import { applicationGateway } from '../services/appgateway/emulator.js'
import { storageAccount } from '../services/storage/emulator.js'
import { serviceBusNamespace } from '../services/servicebus/emulator.js'
import { logAnalyticsWorkspace } from '../services/monitor/emulator.js'
import { appServicePlan, functionApp } from '../services/web/emulator.js'
import { containerApp, managedEnvironment } from '../services/containerapps/emulator.js'

export interface GenerateOptions {
  /** SQL logical servers, spread over subscriptions and regions. */
  servers: number
  /** User databases per server; every server also has `master`. */
  databasesPerServer: number
  vaults: number
  keysPerVault: number
  /** Default 1. */
  subscriptions?: number
  /** Default 1. Changes names, GUIDs and where drifts fall. */
  seed?: number
}

const GENERATED_REGIONS: Region[] = [REGIONS.canadacentral, REGIONS.westeurope, REGIONS.uksouth, REGIONS.eastus]
const CREATED = '2025-06-01T08:00:00Z'

/** mulberry32: a small, fast, seedable PRNG; good enough to place drifts. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function count(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`generateEstate: ${name} must be a whole number ≥ 0 (got ${n})`)
}

export function generateEstate(opts: GenerateOptions): Estate {
  const seed = opts.seed ?? 1
  const subscriptionCount = opts.subscriptions ?? 1
  count('servers', opts.servers)
  count('databasesPerServer', opts.databasesPerServer)
  count('vaults', opts.vaults)
  count('keysPerVault', opts.keysPerVault)
  count('subscriptions', subscriptionCount)
  if (subscriptionCount < 1) throw new RangeError('generateEstate: subscriptions must be at least 1')

  const random = prng(seed)
  const tenantId = guidFrom(`generated:${seed}:tenant`)
  const subscriptionIds = Array.from({ length: subscriptionCount }, (_, i) => guidFrom(`generated:${seed}:subscription:${i}`))
  const place = (index: number, regionIndex: number, kind: string): Place => {
    const subscriptionId = subscriptionIds[index % subscriptionCount]!
    const region = GENERATED_REGIONS[regionIndex % GENERATED_REGIONS.length]!
    return { subscriptionId, group: `rg-load-${kind}-${region.code}`, region, tags: { environment: 'load-test', seed: String(seed) } }
  }

  const resources: EstateResource[] = []
  const logs: Record<string, EstateLogRow[]> = {}

  // Shared plumbing per subscription: a workspace (receives vault audit events) and a few of
  // every other type the checks read, so a scan touches every collector.
  const workspaceBySubscription = new Map<string, string>()
  subscriptionIds.forEach((subscriptionId, s) => {
    const p = place(s, s, 'platform')
    const id = (providerType: string, name: string) => armId(subscriptionId, p.group, providerType, name)
    const tag = `${seed}${s}`
    const workspaceId = id('Microsoft.OperationalInsights/workspaces', `log-load-${tag}`)
    workspaceBySubscription.set(subscriptionId, workspaceId)
    logs[workspaceCustomerId(workspaceId)] = []
    const vnetId = id('Microsoft.Network/virtualNetworks', `vnet-load-${tag}`)
    const gatewayId = id('Microsoft.Network/applicationGateways', `agw-load-${tag}`)
    const envId = id('Microsoft.App/managedEnvironments', `cae-load-${tag}`)
    const env = managedEnvironment(p, `cae-load-${tag}`, { subnetId: `${vnetId}/subnets/snet-aca`, workspaceCustomerId: workspaceCustomerId(workspaceId), staticIp: '10.0.3.250' })
    const defaultDomain = String((env.properties as { defaultDomain: string }).defaultDomain)
    resources.push(
      logAnalyticsWorkspace(p, `log-load-${tag}`, { createdAt: CREATED, retentionInDays: s % 3 === 2 ? 30 : 365 }),
      networkSecurityGroup(p, `nsg-load-${tag}-web`, [{ name: 'AllowHttpsInbound', priority: 100, source: 'Internet', destinationPorts: '443' }]),
      networkSecurityGroup(p, `nsg-load-${tag}-admin`, [{ name: 'AllowRdpAnywhere', priority: 100, source: '*', destinationPorts: '3389' }]),
      virtualNetwork(p, `vnet-load-${tag}`, '10.0.0.0/16', [
        { name: 'snet-appgw', prefix: '10.0.0.0/24' },
        { name: 'snet-aca', prefix: '10.0.2.0/23', delegation: 'Microsoft.App/environments' },
        { name: 'snet-func', prefix: '10.0.4.0/24', delegation: 'Microsoft.Web/serverFarms' },
      ]),
      userAssignedIdentity(p, `id-load-${tag}`, tenantId),
      publicIp(p, `pip-load-${tag}-appgw`, `20.0.${s % 256}.10`, `${gatewayId}/frontendIPConfigurations/appGwPublicFrontendIp`),
      publicIp(p, `pip-load-${tag}-spare`, `20.0.${s % 256}.11`),
      applicationGateway(p, {
        name: `agw-load-${tag}`,
        subnetId: `${vnetId}/subnets/snet-appgw`,
        publicIpId: id('Microsoft.Network/publicIPAddresses', `pip-load-${tag}-appgw`),
        identityId: id('Microsoft.ManagedIdentity/userAssignedIdentities', `id-load-${tag}`),
        hostName: `api-${tag}.load.example`,
        backendFqdn: `ca-load-${tag}.internal.${defaultDomain}`,
        certificateSecretId: `https://kv-load-${seed}-0.vault.azure.net/secrets/api-tls`,
        ...(s % 2 === 1 ? { sslPolicyName: 'AppGwSslPolicy20150501' } : {}),
      }),
      storageAccount(p, { name: `stload${tag}a`, createdAt: CREATED }),
      storageAccount(p, { name: `stload${tag}b`, createdAt: CREATED, minimumTlsVersion: 'TLS1_0', allowBlobPublicAccess: true, defaultAction: 'Allow', publicNetworkAccess: 'Enabled' }),
      serviceBusNamespace(p, `sb-load-${tag}`, { createdAt: CREATED, tenantId, disableLocalAuth: s % 2 === 0 }),
      env,
      containerApp(p, `ca-load-${tag}`, { environmentId: envId, defaultDomain, image: 'crload.azurecr.io/api:1', external: s % 2 === 1, tenantId }),
      appServicePlan(p, `asp-load-${tag}`),
      ...functionApp(p, {
        name: `func-load-${tag}`,
        planId: id('Microsoft.Web/serverfarms', `asp-load-${tag}`),
        subnetId: `${vnetId}/subnets/snet-func`,
        minTlsVersion: s % 2 === 0 ? '1.2' : '1.0',
        createdAt: CREATED,
        tenantId,
      }),
    )
  })

  for (let i = 0; i < opts.servers; i++) {
    const p = place(i, i, 'data')
    const [server, ...serverSettings] = sqlServer(p, {
      name: `sql-load-${seed}-${i}`,
      tenantId,
      adminGroup: 'sg-load-dba',
      ...(i % 10 === 9 ? { auditing: false } : {}),
      ...(i % 7 === 6 ? { minimalTlsVersion: '1.0', publicNetworkAccess: 'Enabled' as const } : {}),
    })
    resources.push(server!, ...serverSettings, ...sqlMaster(server!.id, p.region, CREATED))
    for (let d = 0; d < opts.databasesPerServer; d++) {
      const r = random()
      resources.push(
        ...sqlDatabase(server!.id, p.region, {
          name: `db-${String(d).padStart(4, '0')}`,
          createdAt: CREATED,
          // ~5% short restore window, ~3% local backups, ~2% TDE off, ~3% no weekly LTR
          ...(r < 0.05 ? { pitrDays: 7 } : {}),
          ...(r >= 0.05 && r < 0.08 ? { backupRedundancy: 'Local' } : {}),
          ...(r >= 0.08 && r < 0.1 ? { tde: 'Disabled' as const } : {}),
          ...(r >= 0.1 && r < 0.13 ? { weeklyRetention: 'PT0S' } : {}),
        }),
      )
    }
  }

  for (let v = 0; v < opts.vaults; v++) {
    const p = place(v, v, 'keys')
    const vault = keyVault(p, { name: `kv-load-${seed}-${v}`, tenantId, createdAt: CREATED, ...(v % 9 === 8 ? { purgeProtection: false, publicNetworkAccess: 'Enabled' as const, defaultAction: 'Allow' as const } : {}) })
    resources.push(vault)
    for (let k = 0; k < opts.keysPerVault; k++) {
      const r = random()
      const rotation: Rotation = r < 0.1 ? { kind: 'none' } : r < 0.2 ? { kind: 'afterCreate', every: 'P18M', expiry: 'P2Y' } : { kind: 'afterCreate', every: 'P90D' }
      resources.push(vaultKey(vault.id, p.region, `tenant-${String(k).padStart(4, '0')}`, CREATED, rotation))
    }
    // Every fifth vault sends no audit events: a keyvault-audit-logs failure at scale.
    if (v % 5 !== 4) {
      const workspaceId = workspaceBySubscription.get(p.subscriptionId)!
      logs[workspaceCustomerId(workspaceId)]!.push(...auditRows(vault.id, [1, 13, 49], '10.0.2.10'))
    }
  }

  return {
    description: `Generated estate (seed ${seed}): ${opts.servers} SQL servers × ${opts.databasesPerServer} databases, ${opts.vaults} vaults × ${opts.keysPerVault} keys, ${subscriptionCount} subscription(s).`,
    tenantId,
    subscriptions: subscriptionIds.map((id, i) => subscription(id, tenantId, `Load Test ${i + 1}`)),
    resources,
    logs,
  }
}

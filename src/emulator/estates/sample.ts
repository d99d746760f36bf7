// The bundled sample estate used by `trustpack demo`: Velaurum's SaaS platform as its public
// trust page describes it (API on Container Apps, worker on Functions, Azure SQL per region,
// Service Bus, Key Vault with per-tenant keys, storage, Log Analytics, an application gateway
// as the only public entry) in Canada Central and West Europe, with a handful of realistic
// drifts. sample.json (read by the emulator via load.ts) is this function's output; a test keeps the two identical, and
// docs/sample-estate.md lists every drift and the check it must fail.
import type { Estate, EstateLogRow, EstateResource } from '../estate.js'
import { sampleEstatePath } from '../load.js'
import { writeFileAtomic } from '../../core/fs.js'
import {
  REGIONS,
  type Place,
  type Region,
  applicationGateway,
  appServicePlan,
  armId,
  auditRows,
  containerApp,
  functionApp,
  keyVault,
  logAnalyticsWorkspace,
  managedDisk,
  managedEnvironment,
  networkInterface,
  networkSecurityGroup,
  publicIp,
  serviceBusNamespace,
  sqlDatabase,
  sqlFirewallRule,
  sqlMaster,
  sqlServer,
  storageAccount,
  subscription,
  userAssignedIdentity,
  vaultKey,
  virtualMachine,
  virtualNetwork,
  workspaceCustomerId,
} from './bodies.js'

export const SAMPLE_TENANT_ID = '5e0c9a1d-6b3f-4e27-8d41-c2a9f07b6e35'
export const SAMPLE_PROD_SUBSCRIPTION_ID = '7c1e4a52-93d0-4b8e-a6f1-2d5c8e90b3a7'
export const SAMPLE_SHARED_SUBSCRIPTION_ID = 'b3f29d71-0c4e-4f6a-9e82-51a7d6c4e018'

const PROD = SAMPLE_PROD_SUBSCRIPTION_ID
const SHARED = SAMPLE_SHARED_SUBSCRIPTION_ID
const TENANT = SAMPLE_TENANT_ID
const CREATED = '2025-03-12T09:30:00Z'


/** Ids the demo configuration and docs refer to. */
export function sampleIds() {
  const prod = (code: string, providerType: string, name: string) => armId(PROD, `rg-vel-prod-${code}`, providerType, name)
  const shared = (group: string, providerType: string, name: string) => armId(SHARED, group, providerType, name)
  return {
    gatewayCac: prod('cac', 'Microsoft.Network/applicationGateways', 'agw-vel-prod-cac'),
    gatewayWeu: prod('weu', 'Microsoft.Network/applicationGateways', 'agw-vel-prod-weu'),
    gatewayIpCac: prod('cac', 'Microsoft.Network/publicIPAddresses', 'pip-vel-prod-cac-appgw'),
    gatewayIpWeu: prod('weu', 'Microsoft.Network/publicIPAddresses', 'pip-vel-prod-weu-appgw'),
    sqlServerCac: prod('cac', 'Microsoft.Sql/servers', 'sql-vel-prod-cac'),
    sqlServerWeu: prod('weu', 'Microsoft.Sql/servers', 'sql-vel-prod-weu'),
    auditDbCac: `${prod('cac', 'Microsoft.Sql/servers', 'sql-vel-prod-cac')}/databases/audit`,
    reportingDbWeu: `${prod('weu', 'Microsoft.Sql/servers', 'sql-vel-prod-weu')}/databases/reporting`,
    vaultCac: prod('cac', 'Microsoft.KeyVault/vaults', 'kv-vel-prod-cac'),
    vaultWeu: prod('weu', 'Microsoft.KeyVault/vaults', 'kv-vel-prod-weu'),
    vaultShared: shared('rg-vel-shared-cac', 'Microsoft.KeyVault/vaults', 'kv-vel-shared-cac'),
    keyNoRotation: `${prod('cac', 'Microsoft.KeyVault/vaults', 'kv-vel-prod-cac')}/keys/tenant-fabrikam`,
    keyEighteenMonths: `${prod('weu', 'Microsoft.KeyVault/vaults', 'kv-vel-prod-weu')}/keys/tenant-northwind`,
    exportsStorage: prod('cac', 'Microsoft.Storage/storageAccounts', 'stvelexportscac'),
    archiveStorage: shared('rg-vel-archive-ea', 'Microsoft.Storage/storageAccounts', 'stvelarchiveea'),
    serviceBusWeu: prod('weu', 'Microsoft.ServiceBus/namespaces', 'sb-vel-prod-weu'),
    jumpboxNsg: shared('rg-vel-ops-cac', 'Microsoft.Network/networkSecurityGroups', 'nsg-vel-ops-jumpbox'),
    jumpboxIp: shared('rg-vel-ops-cac', 'Microsoft.Network/publicIPAddresses', 'pip-vel-ops-jumpbox'),
    jumpboxNic: shared('rg-vel-ops-cac', 'Microsoft.Network/networkInterfaces', 'nic-vel-ops-jumpbox'),
    spareIp: shared('rg-vel-ops-cac', 'Microsoft.Network/publicIPAddresses', 'pip-vel-ops-spare'),
    workspaceCac: prod('cac', 'Microsoft.OperationalInsights/workspaces', 'log-vel-prod-cac'),
    workspaceWeu: prod('weu', 'Microsoft.OperationalInsights/workspaces', 'log-vel-prod-weu'),
    workspaceShared: shared('rg-vel-shared-cac', 'Microsoft.OperationalInsights/workspaces', 'log-vel-shared-cac'),
  }
}

interface RegionPlan {
  region: Region
  /** second octet of the region's 10.x.0.0/16 */
  octet: number
  gatewayIp: string
  drifts: { disableLocalAuth: boolean; storageTls: string | null }
}

function prodRegion(p: RegionPlan): { resources: EstateResource[]; workspaceId: string; vaultId: string } {
  const code = p.region.code
  const place: Place = { subscriptionId: PROD, group: `rg-vel-prod-${code}`, region: p.region, tags: { environment: 'production', service: 'velaurum', costCenter: 'eng-platform' } }
  const id = (providerType: string, name: string) => armId(PROD, place.group, providerType, name)
  const vnetId = id('Microsoft.Network/virtualNetworks', `vnet-vel-prod-${code}`)
  const subnet = (n: string) => `${vnetId}/subnets/${n}`
  const nsgGateway = id('Microsoft.Network/networkSecurityGroups', `nsg-vel-prod-${code}-appgw`)
  const nsgApps = id('Microsoft.Network/networkSecurityGroups', `nsg-vel-prod-${code}-apps`)
  const gatewayId = id('Microsoft.Network/applicationGateways', `agw-vel-prod-${code}`)
  const gatewayIpId = id('Microsoft.Network/publicIPAddresses', `pip-vel-prod-${code}-appgw`)
  const identityId = id('Microsoft.ManagedIdentity/userAssignedIdentities', `id-vel-appgw-${code}`)
  const workspaceId = id('Microsoft.OperationalInsights/workspaces', `log-vel-prod-${code}`)
  const vaultId = id('Microsoft.KeyVault/vaults', `kv-vel-prod-${code}`)
  const envId = id('Microsoft.App/managedEnvironments', `cae-vel-prod-${code}`)
  const planId = id('Microsoft.Web/serverfarms', `asp-vel-worker-${code}`)
  const prefix = `10.${p.octet}`

  const env = managedEnvironment(place, `cae-vel-prod-${code}`, { subnetId: subnet('snet-aca'), workspaceCustomerId: workspaceCustomerId(workspaceId), staticIp: `${prefix}.3.250` })
  const defaultDomain = String((env.properties as { defaultDomain: string }).defaultDomain)
  const api = containerApp(place, `ca-vel-api-${code}`, {
    environmentId: envId,
    defaultDomain,
    image: 'crvelaurum.azurecr.io/velaurum/api:2026.11.3',
    external: false,
    targetPort: 8080,
    tenantId: TENANT,
  })
  const apiFqdn = String(((api.properties as { configuration: { ingress: { fqdn: string } } }).configuration.ingress).fqdn)

  const keys =
    code === 'cac'
      ? [
          vaultKey(vaultId, p.region, 'tenant-contoso', '2025-04-02T10:00:00Z', { kind: 'afterCreate', every: 'P90D' }),
          // drift: created by hand during onboarding, never given a rotation policy
          vaultKey(vaultId, p.region, 'tenant-fabrikam', '2025-06-18T14:20:00Z', { kind: 'none' }),
          vaultKey(vaultId, p.region, 'tenant-adatum', '2025-08-07T08:45:00Z', { kind: 'beforeExpiry', expiry: 'P1Y', before: 'P30D' }),
          vaultKey(vaultId, p.region, 'sql-tde-protector', '2025-03-12T09:40:00Z', { kind: 'afterCreate', every: 'P180D' }),
        ]
      : [
          // drift: rotates every 18 months, beyond the one-year rotation promise
          vaultKey(vaultId, p.region, 'tenant-northwind', '2025-05-20T11:00:00Z', { kind: 'afterCreate', every: 'P18M', expiry: 'P2Y' }),
          vaultKey(vaultId, p.region, 'tenant-tailspin', '2025-07-01T07:30:00Z', { kind: 'afterCreate', every: 'P90D' }),
          vaultKey(vaultId, p.region, 'tenant-wingtip', '2025-09-15T16:10:00Z', { kind: 'afterCreate', every: 'P90D' }),
          vaultKey(vaultId, p.region, 'sql-tde-protector', '2025-03-12T09:40:00Z', { kind: 'afterCreate', every: 'P180D' }),
        ]
  const tdeKey = keys.find((k) => k.name === 'sql-tde-protector')
  const serverKeyUri = tdeKey ? String((tdeKey.properties as { keyUriWithVersion: string }).keyUriWithVersion).replace(':443', '') : undefined

  const [server, ...serverSettings] = sqlServer(place, { name: `sql-vel-prod-${code}`, tenantId: TENANT, adminGroup: 'sg-velaurum-dba', ...(serverKeyUri ? { cmkKeyUri: serverKeyUri } : {}) })
  const serverId = server!.id
  const databases =
    code === 'cac'
      ? [
          ...sqlDatabase(serverId, p.region, { name: 'tenants', createdAt: CREATED }),
          // drift: created from the portal with the default 7-day point-in-time restore
          ...sqlDatabase(serverId, p.region, { name: 'audit', createdAt: '2025-10-02T13:05:00Z', pitrDays: 7 }),
        ]
      : [
          ...sqlDatabase(serverId, p.region, { name: 'tenants', createdAt: CREATED, backupRedundancy: 'GeoZone' }),
          // drift: a reporting copy with locally redundant backups and no long-term retention
          ...sqlDatabase(serverId, p.region, { name: 'reporting', createdAt: '2026-01-14T10:00:00Z', backupRedundancy: 'Local', weeklyRetention: 'PT0S' }),
        ]

  const resources: EstateResource[] = [
    userAssignedIdentity(place, `id-vel-appgw-${code}`, TENANT),
    networkSecurityGroup(
      place,
      `nsg-vel-prod-${code}-appgw`,
      [
        { name: 'AllowHttpsInbound', priority: 100, source: 'Internet', destinationPorts: '443', description: 'Public API traffic' },
        { name: 'AllowHttpRedirectInbound', priority: 110, source: 'Internet', destinationPorts: '80', description: 'Redirected to HTTPS by the gateway' },
        { name: 'AllowGatewayManagerInbound', priority: 120, source: 'GatewayManager', destinationPorts: '65200-65535', description: 'Application Gateway v2 infrastructure' },
        { name: 'AllowAzureLoadBalancerInbound', priority: 130, source: 'AzureLoadBalancer', destinationPorts: '*', protocol: '*' },
      ],
      { subnets: [subnet('snet-appgw')] },
    ),
    networkSecurityGroup(
      place,
      `nsg-vel-prod-${code}-apps`,
      [
        { name: 'AllowGatewayToApps', priority: 100, source: `${prefix}.0.0/24`, destinationPorts: ['443', '8080'], description: 'Only the gateway subnet reaches the apps' },
        { name: 'DenyInternetInbound', priority: 4000, source: 'Internet', destinationPorts: '*', protocol: '*', access: 'Deny' },
      ],
      { subnets: [subnet('snet-aca'), subnet('snet-func'), subnet('snet-private-endpoints')] },
    ),
    virtualNetwork(place, `vnet-vel-prod-${code}`, `${prefix}.0.0/16`, [
      { name: 'snet-appgw', prefix: `${prefix}.0.0/24`, nsgId: nsgGateway },
      { name: 'snet-aca', prefix: `${prefix}.2.0/23`, nsgId: nsgApps, delegation: 'Microsoft.App/environments' },
      { name: 'snet-func', prefix: `${prefix}.4.0/24`, nsgId: nsgApps, delegation: 'Microsoft.Web/serverFarms' },
      { name: 'snet-private-endpoints', prefix: `${prefix}.5.0/24`, nsgId: nsgApps },
    ]),
    publicIp(place, `pip-vel-prod-${code}-appgw`, p.gatewayIp, `${gatewayId}/frontendIPConfigurations/appGwPublicFrontendIp`),
    applicationGateway(place, {
      name: `agw-vel-prod-${code}`,
      subnetId: subnet('snet-appgw'),
      publicIpId: gatewayIpId,
      identityId,
      hostName: `api.${code === 'cac' ? 'ca' : 'eu'}.velaurum.example`,
      backendFqdn: apiFqdn,
      certificateSecretId: `https://kv-vel-prod-${code}.vault.azure.net/secrets/api-tls`,
    }),
    logAnalyticsWorkspace(place, `log-vel-prod-${code}`, { createdAt: CREATED }),
    env,
    api,
    ...(code === 'cac'
      ? [
          containerApp(place, `ca-vel-scheduler-${code}`, {
            environmentId: envId,
            defaultDomain,
            image: 'crvelaurum.azurecr.io/velaurum/scheduler:2026.11.3',
            external: false,
            ingress: false,
            tenantId: TENANT,
          }),
        ]
      : []),
    appServicePlan(place, `asp-vel-worker-${code}`),
    ...functionApp(place, {
      name: `func-vel-worker-${code}`,
      planId,
      subnetId: subnet('snet-func'),
      minTlsVersion: code === 'cac' ? '1.3' : '1.2',
      createdAt: CREATED,
      tenantId: TENANT,
    }),
    server!,
    ...serverSettings,
    ...(code === 'cac' ? [sqlFirewallRule(serverId, 'AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0')] : []),
    ...sqlMaster(serverId, p.region, CREATED),
    ...databases,
    serviceBusNamespace(place, `sb-vel-prod-${code}`, { createdAt: CREATED, tenantId: TENANT, disableLocalAuth: !p.drifts.disableLocalAuth }),
    keyVault(place, { name: `kv-vel-prod-${code}`, tenantId: TENANT, createdAt: CREATED }),
    ...keys,
    storageAccount(place, { name: `stvelprod${code}`, createdAt: CREATED }),
    ...(p.drifts.storageTls
      ? [storageAccount(place, { name: `stvelexports${code}`, sku: 'Standard_LRS', minimumTlsVersion: p.drifts.storageTls, createdAt: '2025-11-20T15:00:00Z' })]
      : []),
  ]
  return { resources, workspaceId, vaultId }
}

function sharedServices(): { resources: EstateResource[]; workspaceId: string; vaultId: string } {
  const region = REGIONS.canadacentral
  const tags = { environment: 'shared', service: 'platform', costCenter: 'eng-platform' }
  const core: Place = { subscriptionId: SHARED, group: 'rg-vel-shared-cac', region, tags }
  const ops: Place = { subscriptionId: SHARED, group: 'rg-vel-ops-cac', region, tags }
  const archive: Place = { subscriptionId: SHARED, group: 'rg-vel-archive-ea', region: REGIONS.eastasia, tags }
  const opsId = (providerType: string, name: string) => armId(SHARED, ops.group, providerType, name)
  const workspaceId = armId(SHARED, core.group, 'Microsoft.OperationalInsights/workspaces', 'log-vel-shared-cac')
  const vaultId = armId(SHARED, core.group, 'Microsoft.KeyVault/vaults', 'kv-vel-shared-cac')
  const vnetId = opsId('Microsoft.Network/virtualNetworks', 'vnet-vel-ops-cac')
  const nsgId = opsId('Microsoft.Network/networkSecurityGroups', 'nsg-vel-ops-jumpbox')
  const nicId = opsId('Microsoft.Network/networkInterfaces', 'nic-vel-ops-jumpbox')
  const vmId = opsId('Microsoft.Compute/virtualMachines', 'vm-vel-ops-jumpbox')
  const diskId = opsId('Microsoft.Compute/disks', 'vm-vel-ops-jumpbox_OsDisk_1')
  const jumpIpId = opsId('Microsoft.Network/publicIPAddresses', 'pip-vel-ops-jumpbox')

  const resources: EstateResource[] = [
    logAnalyticsWorkspace(core, 'log-vel-shared-cac', { createdAt: CREATED }),
    keyVault(core, { name: 'kv-vel-shared-cac', tenantId: TENANT, createdAt: CREATED }),
    vaultKey(vaultId, region, 'backup-encryption', '2025-03-20T12:00:00Z', { kind: 'afterCreate', every: 'P180D' }),
    vaultKey(vaultId, region, 'audit-export-signing', '2025-05-05T09:15:00Z', { kind: 'beforeExpiry', expiry: 'P1Y', before: 'P30D' }),
    storageAccount(core, { name: 'stvelshareddiag', createdAt: CREATED }),
    // drift: an administrator's SSH jump box reachable from the internet
    networkSecurityGroup(
      ops,
      'nsg-vel-ops-jumpbox',
      [{ name: 'AllowSshFromInternet', priority: 100, source: 'Internet', destinationPorts: '22', description: 'Temporary: vendor troubleshooting' }],
      { subnets: [`${vnetId}/subnets/snet-jumpbox`], nics: [nicId] },
    ),
    virtualNetwork(ops, 'vnet-vel-ops-cac', '10.50.0.0/16', [{ name: 'snet-jumpbox', prefix: '10.50.1.0/24', nsgId }]),
    publicIp(ops, 'pip-vel-ops-jumpbox', '20.116.203.44', `${nicId}/ipConfigurations/ipconfig1`),
    networkInterface(ops, 'nic-vel-ops-jumpbox', { subnetId: `${vnetId}/subnets/snet-jumpbox`, privateIp: '10.50.1.4', publicIpId: jumpIpId, vmId, nsgId }),
    virtualMachine(ops, 'vm-vel-ops-jumpbox', { nicId, diskId, createdAt: '2026-02-03T18:22:00Z' }),
    managedDisk(ops, 'vm-vel-ops-jumpbox_OsDisk_1', vmId, '2026-02-03T18:22:00Z'),
    // reserved, attached to nothing: out of scope for the public endpoint check
    publicIp(ops, 'pip-vel-ops-spare', '20.116.97.150'),
    // drift: an archive account in a region the trust page does not offer
    storageAccount(archive, { name: 'stvelarchiveea', sku: 'Standard_RAGRS', createdAt: '2024-09-30T08:00:00Z' }),
  ]
  return { resources, workspaceId, vaultId }
}

/** Hours ago at which audit events were logged: steady traffic over the last week. */
function recentHours(count: number, offset: number): number[] {
  return Array.from({ length: count }, (_, i) => offset + i * 6.5)
}

export function buildSampleEstate(): Estate {
  const cac = prodRegion({ region: REGIONS.canadacentral, octet: 10, gatewayIp: '20.151.88.17', drifts: { disableLocalAuth: false, storageTls: 'TLS1_0' } })
  const weu = prodRegion({ region: REGIONS.westeurope, octet: 20, gatewayIp: '20.103.41.202', drifts: { disableLocalAuth: true, storageTls: null } })
  const shared = sharedServices()
  const logs: Record<string, EstateLogRow[]> = {
    [workspaceCustomerId(cac.workspaceId)]: auditRows(cac.vaultId, recentHours(24, 0.5), '10.10.2.17'),
    // drift: the West Europe vault's diagnostic setting was removed 9 days ago; only older rows remain
    [workspaceCustomerId(weu.workspaceId)]: auditRows(weu.vaultId, recentHours(12, 216), '10.20.2.23'),
    [workspaceCustomerId(shared.workspaceId)]: auditRows(shared.vaultId, recentHours(8, 3), '10.10.4.9'),
  }
  return {
    description:
      'Velaurum SaaS sample estate (trustpack demo): production in Canada Central and West Europe plus a shared-services subscription, with deliberate drifts listed in docs/sample-estate.md.',
    tenantId: TENANT,
    subscriptions: [subscription(PROD, TENANT, 'Velaurum Production'), subscription(SHARED, TENANT, 'Velaurum Shared Services')],
    resources: [...cac.resources, ...weu.resources, ...shared.resources],
    logs,
  }
}

/** The exact text of sample.json. */
export function sampleEstateJson(): string {
  return `${JSON.stringify(buildSampleEstate(), null, 2)}\n`
}

/** Regenerates sample.json after a change here: `node -e "import('./dist/src/emulator/estates/sample.js').then(m => m.writeSampleEstate())"`. */
export function writeSampleEstate(path = sampleEstatePath()): void {
  writeFileAtomic(path, sampleEstateJson())
}

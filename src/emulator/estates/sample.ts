// The bundled sample estate used by `trustpack demo`: Velaurum's SaaS platform as its public trust page
// describes it (API on Container Apps, worker on Functions, Azure SQL per region, Service Bus, Key Vault
// with per-tenant keys, storage, Log Analytics, an application gateway as the only public entry) in Canada
// Central and West Europe, with a handful of realistic drifts. Every service contributes its part from its
// own folder (src/services/<service>/emulator.ts `sample()`), with the drifts it plants; this module only
// lays out the company. docs/sample-estate.md describes the result.
import type { Estate, EstateLogRow, EstateResource } from '../estate.js'
import { REGIONS, armId, subscription, type Drift, type Place, type Region, type SampleContext, type SampleRegion } from '../wire.js'
import { serviceEmulators } from '../../services/registry.js'

export const SAMPLE_TENANT_ID = '5e0c9a1d-6b3f-4e27-8d41-c2a9f07b6e35'
export const SAMPLE_PROD_SUBSCRIPTION_ID = '7c1e4a52-93d0-4b8e-a6f1-2d5c8e90b3a7'
export const SAMPLE_SHARED_SUBSCRIPTION_ID = 'b3f29d71-0c4e-4f6a-9e82-51a7d6c4e018'

const PROD = SAMPLE_PROD_SUBSCRIPTION_ID
const SHARED = SAMPLE_SHARED_SUBSCRIPTION_ID
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

function prodRegion(region: Region, octet: number): SampleRegion {
  const place: Place = { subscriptionId: PROD, group: `rg-vel-prod-${region.code}`, region, tags: { environment: 'production', service: 'velaurum', costCenter: 'eng-platform' } }
  const id = (providerType: string, name: string): string => armId(PROD, place.group, providerType, name)
  const vnetId = id('Microsoft.Network/virtualNetworks', `vnet-vel-prod-${region.code}`)
  return { region, code: region.code, octet, place, id, subnet: (name) => `${vnetId}/subnets/${name}` }
}

/** The company's layout every service contributes to. */
export function sampleContext(): SampleContext {
  const tags = { environment: 'shared', service: 'platform', costCenter: 'eng-platform' }
  return {
    tenantId: SAMPLE_TENANT_ID,
    created: CREATED,
    prodSubscriptionId: PROD,
    sharedSubscriptionId: SHARED,
    prod: [prodRegion(REGIONS.canadacentral, 10), prodRegion(REGIONS.westeurope, 20)],
    shared: {
      core: { subscriptionId: SHARED, group: 'rg-vel-shared-cac', region: REGIONS.canadacentral, tags },
      ops: { subscriptionId: SHARED, group: 'rg-vel-ops-cac', region: REGIONS.canadacentral, tags },
      archive: { subscriptionId: SHARED, group: 'rg-vel-archive-ea', region: REGIONS.eastasia, tags },
    },
    id: (place, providerType, name) => armId(place.subscriptionId, place.group, providerType, name),
  }
}

export interface SampleEstate {
  estate: Estate
  /** every drift the services planted, with the service that declared it */
  drifts: (Drift & { service: string })[]
}

/** Builds the estate from every service's contribution (deterministic: services in folder order). */
export async function buildSample(): Promise<SampleEstate> {
  const ctx = sampleContext()
  const resources: EstateResource[] = []
  const logs: Record<string, EstateLogRow[]> = {}
  const drifts: SampleEstate['drifts'] = []
  for (const { service, module } of await serviceEmulators()) {
    if (!module.sample) continue
    const part = module.sample(ctx)
    resources.push(...part.resources)
    for (const [workspace, rows] of Object.entries(part.logs ?? {})) logs[workspace] = [...(logs[workspace] ?? []), ...rows]
    for (const d of part.drifts ?? []) drifts.push({ ...d, service })
  }
  return {
    estate: {
      description:
        'Velaurum SaaS sample estate (trustpack demo): production in Canada Central and West Europe plus a shared-services subscription, with deliberate drifts declared by each service (see docs/sample-estate.md).',
      tenantId: SAMPLE_TENANT_ID,
      subscriptions: [subscription(PROD, SAMPLE_TENANT_ID, 'Velaurum Production'), subscription(SHARED, SAMPLE_TENANT_ID, 'Velaurum Shared Services')],
      resources,
      logs,
    },
    drifts,
  }
}

export async function buildSampleEstate(): Promise<Estate> {
  return (await buildSample()).estate
}

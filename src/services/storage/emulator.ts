// Wire bodies of storage accounts (supportsHttpsTrafficOnly and networkAcls as on the wire).
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Place, type SampleContext, type SampleContribution, top } from '../../emulator/wire.js'

export interface StorageOptions {
  name: string
  sku?: string
  minimumTlsVersion?: string
  httpsOnly?: boolean
  allowBlobPublicAccess?: boolean
  publicNetworkAccess?: 'Enabled' | 'Disabled'
  defaultAction?: 'Allow' | 'Deny'
  createdAt: string
}

export function storageAccount(place: Place, o: StorageOptions): Body {
  const sku = o.sku ?? 'Standard_GRS'
  const geo = /GRS|GZRS/.test(sku)
  const endpoint = (svc: string): string => `https://${o.name}.${svc}.core.windows.net/`
  const encrypted = { keyType: 'Account', enabled: true, lastEnabledTime: o.createdAt }
  return top(place, 'Microsoft.Storage/storageAccounts', o.name, place.region.name, {
    kind: 'StorageV2',
    sku: { name: sku, tier: 'Standard' },
    properties: {
      keyCreationTime: { key1: o.createdAt, key2: o.createdAt },
      allowCrossTenantReplication: false,
      privateEndpointConnections: [],
      minimumTlsVersion: o.minimumTlsVersion ?? 'TLS1_2',
      allowBlobPublicAccess: o.allowBlobPublicAccess ?? false,
      allowSharedKeyAccess: false,
      networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: o.defaultAction ?? 'Deny' },
      supportsHttpsTrafficOnly: o.httpsOnly ?? true,
      encryption: {
        requireInfrastructureEncryption: false,
        services: { file: encrypted, blob: encrypted },
        keySource: 'Microsoft.Storage',
      },
      accessTier: 'Hot',
      provisioningState: 'Succeeded',
      creationTime: o.createdAt,
      primaryEndpoints: { dfs: endpoint('dfs'), web: `https://${o.name}.z9.web.core.windows.net/`, blob: endpoint('blob'), queue: endpoint('queue'), table: endpoint('table'), file: endpoint('file') },
      primaryLocation: place.region.name,
      statusOfPrimary: 'available',
      ...(geo ? { secondaryLocation: place.region.pair, statusOfSecondary: 'available' } : {}),
      publicNetworkAccess: o.publicNetworkAccess ?? 'Disabled',
    },
  })
}

/**
 * Per production region a data account; in Canada Central the partner-exports account (drift: TLS 1.0 for a
 * legacy client); in shared services a diagnostics account and an archive account in East Asia (drift: a
 * region the trust page does not offer).
 */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  const drifts: Drift[] = []
  for (const r of ctx.prod) {
    resources.push(storageAccount(r.place, { name: `stvelprod${r.code}`, createdAt: ctx.created }))
    if (r.code === 'cac') {
      resources.push(storageAccount(r.place, { name: `stvelexports${r.code}`, sku: 'Standard_LRS', minimumTlsVersion: 'TLS1_0', createdAt: '2025-11-20T15:00:00Z' }))
      drifts.push({ check: 'storage-min-tls', resource: r.id('Microsoft.Storage/storageAccounts', `stvelexports${r.code}`), why: 'partner exports account kept on TLS 1.0 for a legacy client' })
    }
  }
  const archive = ctx.shared.archive
  resources.push(
    storageAccount(ctx.shared.core, { name: 'stvelshareddiag', createdAt: ctx.created }),
    storageAccount(archive, { name: 'stvelarchiveea', sku: 'Standard_RAGRS', createdAt: '2024-09-30T08:00:00Z' }),
  )
  drifts.push({ check: 'resource-location-allowed', resource: ctx.id(archive, 'Microsoft.Storage/storageAccounts', 'stvelarchiveea'), why: 'an archive account in a region the trust page does not offer' })
  return { resources, drifts }
}

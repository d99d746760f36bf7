// Wire bodies of Azure Cosmos DB accounts at api-version 2025-10-15 (type "Microsoft.DocumentDB/databaseAccounts",
// display locations such as "East US", kind GlobalDocumentDB).
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Place, type SampleContext, type SampleContribution, guidFrom, top } from '../../emulator/wire.js'

export interface CosmosAccountOptions {
  name: string
  publicNetworkAccess?: 'Enabled' | 'Disabled' | 'SecuredByPerimeter'
  isVirtualNetworkFilterEnabled?: boolean
  ipRules?: string[]
  /** omitted from the body when undefined, as older api-versions answer */
  disableLocalAuth?: boolean
  minimalTlsVersion?: 'Tls' | 'Tls11' | 'Tls12'
  /** the paired region for the read replica */
  secondary?: string
  /** a Key Vault key encrypting the account's data (keyVaultKeyUri) */
  keyVaultKeyUri?: string
}

export function cosmosAccount(place: Place, o: CosmosAccountOptions): Body {
  const endpoint = `https://${o.name}.documents.azure.com:443/`
  const loc = (locationName: string, priority: number) => ({
    id: `${o.name}-${locationName.toLowerCase().replace(/\s+/g, '')}`,
    locationName,
    documentEndpoint: `https://${o.name}-${locationName.toLowerCase().replace(/\s+/g, '')}.documents.azure.com:443/`,
    provisioningState: 'Succeeded',
    failoverPriority: priority,
    isZoneRedundant: priority === 0,
  })
  const locations = [loc(place.region.display, 0), ...(o.secondary ? [loc(o.secondary, 1)] : [])]
  return top(place, 'Microsoft.DocumentDB/databaseAccounts', o.name, place.region.display, {
    kind: 'GlobalDocumentDB',
    identity: { type: 'None' },
    properties: {
      provisioningState: 'Succeeded',
      documentEndpoint: endpoint,
      databaseAccountOfferType: 'Standard',
      ipRules: (o.ipRules ?? []).map((ipAddressOrRange) => ({ ipAddressOrRange })),
      isVirtualNetworkFilterEnabled: o.isVirtualNetworkFilterEnabled ?? false,
      enableAutomaticFailover: true,
      consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      capabilities: [],
      writeLocations: [locations[0]],
      readLocations: locations,
      locations,
      failoverPolicies: locations.map((l) => ({ id: l.id, locationName: l.locationName, failoverPriority: l.failoverPriority })),
      virtualNetworkRules: [],
      privateEndpointConnections: [],
      enableMultipleWriteLocations: false,
      enableFreeTier: false,
      disableKeyBasedMetadataWriteAccess: true,
      publicNetworkAccess: o.publicNetworkAccess ?? 'Disabled',
      networkAclBypass: 'None',
      networkAclBypassResourceIds: [],
      ...(o.disableLocalAuth === undefined ? {} : { disableLocalAuth: o.disableLocalAuth }),
      minimalTlsVersion: o.minimalTlsVersion ?? 'Tls12',
      backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } },
      ...(o.keyVaultKeyUri ? { keyVaultKeyUri: o.keyVaultKeyUri } : {}),
      instanceId: guidFrom(`${place.subscriptionId}/${o.name}:instance`),
      createMode: 'Default',
    },
  })
}

/** The session and preference store: an account per production region. Drift: West Europe still accepts account keys. */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  const drifts: Drift[] = []
  for (const r of ctx.prod) {
    const name = `cosmos-vel-prod-${r.code}`
    resources.push(cosmosAccount(r.place, { name, disableLocalAuth: r.code !== 'weu', secondary: r.code === 'cac' ? 'Canada East' : 'North Europe', keyVaultKeyUri: `https://kv-vel-prod-${r.code}.vault.azure.net/keys/${name}` }))
    if (r.code === 'weu') drifts.push({ check: 'cosmosdb-local-auth-disabled', resource: r.id('Microsoft.DocumentDB/databaseAccounts', name), why: 'account keys were left enabled for a migration script: a leaked key reads every tenant\'s sessions' })
  }
  return { resources, drifts }
}

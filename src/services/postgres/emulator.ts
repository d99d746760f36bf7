// Wire bodies of Azure Database for PostgreSQL flexible servers at api-version 2025-08-01 (short locations,
// version as a string) and of their server parameters (every value a string, allowedValues comma-separated).
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Place, type SampleContext, type SampleContribution, child, guidFrom, hexFrom, top } from '../../emulator/wire.js'

export interface PostgresServerOptions {
  name: string
  tenantId: string
  createdAt: string
  backupRetentionDays?: number
  geoRedundantBackup?: 'Enabled' | 'Disabled'
  requireSecureTransport?: 'on' | 'off'
  sslMinProtocolVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'
  subnetId?: string
  /** a Key Vault key encrypting the server's data, with the user-assigned identity that reaches it */
  cmk?: { keyUri: string; identityId: string }
}

/** The server and the two parameters trustpack reads (require_secure_transport, ssl_min_protocol_version). */
export function postgresServer(place: Place, o: PostgresServerOptions): Body[] {
  const server = top(place, 'Microsoft.DBforPostgreSQL/flexibleServers', o.name, place.region.name, {
    sku: { name: 'Standard_D4ds_v5', tier: 'GeneralPurpose' },
    ...(o.cmk ? { identity: { type: 'UserAssigned', userAssignedIdentities: { [o.cmk.identityId]: { principalId: guidFrom(`${o.cmk.identityId}:principal`), clientId: guidFrom(`${o.cmk.identityId}:client`) } } } } : {}),
    properties: {
      administratorLogin: 'pgadmin',
      version: '17',
      minorVersion: '5',
      state: 'Ready',
      fullyQualifiedDomainName: `${o.name}.postgres.database.azure.com`,
      storage: { storageSizeGB: 256, autoGrow: 'Enabled', tier: 'P15', iops: 1100, type: 'Premium_LRS' },
      authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled', tenantId: o.tenantId },
      dataEncryption: o.cmk ? { type: 'AzureKeyVault', primaryKeyURI: o.cmk.keyUri, primaryUserAssignedIdentityId: o.cmk.identityId, primaryEncryptionKeyStatus: 'Valid' } : { type: 'SystemManaged' },
      backup: { backupRetentionDays: o.backupRetentionDays ?? 35, geoRedundantBackup: o.geoRedundantBackup ?? 'Enabled', earliestRestoreDate: o.createdAt },
      network: {
        publicNetworkAccess: 'Disabled',
        ...(o.subnetId ? { delegatedSubnetResourceId: o.subnetId, privateDnsZoneArmResourceId: `/subscriptions/${place.subscriptionId}/resourceGroups/${place.group}/providers/Microsoft.Network/privateDnsZones/${o.name}.private.postgres.database.azure.com` } : {}),
      },
      highAvailability: { mode: 'ZoneRedundant', state: 'Healthy', standbyAvailabilityZone: '2' },
      maintenanceWindow: { customWindow: 'Disabled', dayOfWeek: 0, startHour: 0, startMinute: 0 },
      replicationRole: 'Primary',
      replicaCapacity: 5,
      availabilityZone: '1',
    },
  })
  return [
    server,
    configuration(server.id, 'require_secure_transport', o.requireSecureTransport ?? 'on', {
      description: 'Whether client connections to the server are required to use some form of secure transport.',
      defaultValue: 'on', dataType: 'Boolean', allowedValues: 'on,off', documentationLink: 'https://go.microsoft.com/fwlink/?linkid=2282200',
    }),
    configuration(server.id, 'ssl_min_protocol_version', o.sslMinProtocolVersion ?? 'TLSv1.2', {
      description: 'Sets the minimum SSL/TLS protocol version to use.',
      defaultValue: 'TLSv1.2', dataType: 'Enumeration', allowedValues: 'TLSv1.2,TLSv1.3', documentationLink: 'https://go.microsoft.com/fwlink/?linkid=2282200',
    }),
  ]
}

function configuration(serverId: string, name: string, value: string, o: { description: string; defaultValue: string; dataType: string; allowedValues: string; documentationLink: string }): Body {
  return child(serverId, 'configurations', name, 'Microsoft.DBforPostgreSQL/flexibleServers/configurations', {
    properties: {
      value,
      description: o.description,
      defaultValue: o.defaultValue,
      dataType: o.dataType,
      allowedValues: o.allowedValues,
      source: value === o.defaultValue ? 'system-default' : 'user-override',
      isDynamicConfig: true,
      isReadOnly: false,
      isConfigPendingRestart: false,
      documentationLink: o.documentationLink,
    },
  })
}

/** The analytics database in Canada Central. Drift: created with the default 7-day backup retention. */
export function sample(ctx: SampleContext): SampleContribution {
  const r = ctx.prod.find((x) => x.code === 'cac') ?? ctx.prod[0]!
  const name = 'psql-vel-analytics-cac'
  // Encrypted with its own key in the region's vault, as every tenant-data store of the company is.
  const cmk = { keyUri: `https://kv-vel-prod-${r.code}.vault.azure.net/keys/${name}/${hexFrom(`${name}:key`)}`, identityId: r.id('Microsoft.ManagedIdentity/userAssignedIdentities', `id-${name}`) }
  const resources: EstateResource[] = postgresServer(r.place, { name, tenantId: ctx.tenantId, createdAt: '2025-09-01T10:00:00Z', backupRetentionDays: 7, subnetId: r.subnet('snet-private-endpoints'), cmk })
  const drifts: Drift[] = [{ check: 'postgres-backup-retention', resource: r.id('Microsoft.DBforPostgreSQL/flexibleServers', name), why: 'created with the portal default of 7 days of backups; the page promises 35' }]
  return { resources, drifts }
}

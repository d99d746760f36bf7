// Wire bodies of Azure SQL servers, databases and their settings, as the REST API answers them
// (TDE is named "Current", master is listed with kind "v12.0,system").
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Place, type Region, type SampleContext, type SampleContribution, guidFrom, hexFrom, top, child } from '../../emulator/wire.js'
import { keyUriWithVersion } from '../keyvault/emulator.js'

export interface SqlServerOptions {
  name: string
  tenantId: string
  adminGroup: string
  minimalTlsVersion?: string
  publicNetworkAccess?: 'Enabled' | 'Disabled'
  auditing?: boolean
  /** key URI of a customer-managed TDE protector; service-managed when absent */
  cmkKeyUri?: string
}

/** The server and its server-level settings: auditing settings and encryption protector. */
export function sqlServer(place: Place, o: SqlServerOptions): Body[] {
  const server = top(place, 'Microsoft.Sql/servers', o.name, place.region.name, {
    kind: 'v12.0',
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${o.name}:principal`), tenantId: o.tenantId },
    properties: {
      administratorLogin: 'sqladmin-breakglass',
      version: '12.0',
      state: 'Ready',
      fullyQualifiedDomainName: `${o.name}.database.windows.net`,
      privateEndpointConnections: [],
      minimalTlsVersion: o.minimalTlsVersion ?? '1.2',
      publicNetworkAccess: o.publicNetworkAccess ?? 'Disabled',
      administrators: {
        administratorType: 'ActiveDirectory',
        principalType: 'Group',
        login: o.adminGroup,
        sid: guidFrom(`${o.adminGroup}:sid`),
        tenantId: o.tenantId,
        azureADOnlyAuthentication: true,
      },
      restrictOutboundNetworkAccess: 'Disabled',
    },
  })
  const auditingOn = o.auditing ?? true
  const auditing = child(server.id, 'auditingSettings', 'default', 'Microsoft.Sql/servers/auditingSettings', {
    properties: {
      retentionDays: auditingOn ? 90 : 0,
      auditActionsAndGroups: auditingOn
        ? ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP']
        : [],
      isAzureMonitorTargetEnabled: auditingOn,
      isManagedIdentityInUse: false,
      state: auditingOn ? 'Enabled' : 'Disabled',
      storageAccountSubscriptionId: '00000000-0000-0000-0000-000000000000',
    },
  })
  const protector = child(server.id, 'encryptionProtector', 'current', 'Microsoft.Sql/servers/encryptionProtector', {
    location: place.region.display,
    kind: o.cmkKeyUri ? 'azurekeyvault' : 'servicemanaged',
    properties: o.cmkKeyUri
      ? {
          serverKeyName: keyVaultServerKeyName(o.cmkKeyUri),
          serverKeyType: 'AzureKeyVault',
          uri: o.cmkKeyUri,
          thumbprint: hexFrom(`${o.cmkKeyUri}:thumb`).slice(0, 40).toUpperCase(),
          autoRotationEnabled: true,
        }
      : { serverKeyName: 'ServiceManaged', serverKeyType: 'ServiceManaged', autoRotationEnabled: false },
  })
  return [server, auditing, protector]
}

function keyVaultServerKeyName(uri: string): string {
  // https://{vault}.vault.azure.net/keys/{key}/{version} -> {vault}_{key}_{version}
  const m = /^https:\/\/([^.]+)\.vault\.azure\.net(?::443)?\/keys\/([^/]+)\/([^/]+)$/.exec(uri)
  return m ? `${m[1]}_${m[2]}_${m[3]}` : uri
}

export function sqlFirewallRule(serverId: string, name: string, start: string, end: string): Body {
  return child(serverId, 'firewallRules', name, 'Microsoft.Sql/servers/firewallRules', {
    properties: { startIpAddress: start, endIpAddress: end },
  })
}

export interface SqlDatabaseOptions {
  name: string
  createdAt: string
  /** Geo | GeoZone | Local | Zone */
  backupRedundancy?: string
  tde?: 'Enabled' | 'Disabled'
  pitrDays?: number
  /** ISO 8601 duration; PT0S means no weekly long-term backups */
  weeklyRetention?: string
  monthlyRetention?: string
  yearlyRetention?: string
  tags?: Record<string, string>
}

/** A user database with its TDE, short-term and long-term retention settings. */
export function sqlDatabase(serverId: string, region: Region, o: SqlDatabaseOptions): Body[] {
  const redundancy = o.backupRedundancy ?? 'Geo'
  const db = child(serverId, 'databases', o.name, 'Microsoft.Sql/servers/databases', {
    location: region.name,
    kind: 'v12.0,user,vcore',
    sku: { name: 'GP_Gen5', tier: 'GeneralPurpose', family: 'Gen5', capacity: 2 },
    ...(o.tags ? { tags: o.tags } : {}),
    properties: {
      collation: 'SQL_Latin1_General_CP1_CI_AS',
      maxSizeBytes: 34359738368,
      status: 'Online',
      databaseId: guidFrom(`${serverId}/${o.name}:databaseId`),
      creationDate: o.createdAt,
      currentServiceObjectiveName: 'GP_Gen5_2',
      requestedServiceObjectiveName: 'GP_Gen5_2',
      defaultSecondaryLocation: region.pair,
      catalogCollation: 'SQL_Latin1_General_CP1_CI_AS',
      licenseType: 'LicenseIncluded',
      maxLogSizeBytes: 68719476736,
      isInfraEncryptionEnabled: false,
      zoneRedundant: false,
      readScale: 'Disabled',
      earliestRestoreDate: o.createdAt,
      currentSku: { name: 'GP_Gen5', tier: 'GeneralPurpose', family: 'Gen5', capacity: 2 },
      currentBackupStorageRedundancy: redundancy,
      requestedBackupStorageRedundancy: redundancy,
      maintenanceConfigurationId: `/subscriptions/${serverId.split('/')[2]}/providers/Microsoft.Maintenance/publicMaintenanceConfigurations/SQL_Default`,
      isLedgerOn: false,
      availabilityZone: 'NoPreference',
    },
  })
  return [db, ...databaseSettings(db.id, o)]
}

/** master, as Azure lists it on every logical server (kind "v12.0,system", System sku). */
export function sqlMaster(serverId: string, region: Region, createdAt: string): Body[] {
  const db = child(serverId, 'databases', 'master', 'Microsoft.Sql/servers/databases', {
    location: region.name,
    kind: 'v12.0,system',
    sku: { name: 'System', tier: 'System', capacity: 0 },
    managedBy: serverId,
    properties: {
      collation: 'SQL_Latin1_General_CP1_CI_AS',
      maxSizeBytes: 32212254720,
      status: 'Online',
      databaseId: guidFrom(`${serverId}/master:databaseId`),
      creationDate: createdAt,
      currentServiceObjectiveName: 'System0',
      requestedServiceObjectiveName: 'System0',
      defaultSecondaryLocation: region.pair,
      catalogCollation: 'SQL_Latin1_General_CP1_CI_AS',
      zoneRedundant: false,
      readScale: 'Disabled',
      currentSku: { name: 'System', tier: 'System', capacity: 0 },
      currentBackupStorageRedundancy: 'Local',
      requestedBackupStorageRedundancy: 'Local',
      isLedgerOn: false,
      isInfraEncryptionEnabled: false,
    },
  })
  // master is not encrypted by TDE and keeps service defaults; checks must treat it as out of scope.
  return [db, ...databaseSettings(db.id, { name: 'master', createdAt, tde: 'Disabled', pitrDays: 7, weeklyRetention: 'PT0S' })]
}

function databaseSettings(dbId: string, o: SqlDatabaseOptions): Body[] {
  return [
    child(dbId, 'transparentDataEncryption', 'Current', 'Microsoft.Sql/servers/databases/transparentDataEncryption', {
      properties: { state: o.tde ?? 'Enabled' },
    }),
    child(dbId, 'backupShortTermRetentionPolicies', 'default', 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies', {
      properties: { retentionDays: o.pitrDays ?? 35, diffBackupIntervalInHours: 12 },
    }),
    child(dbId, 'backupLongTermRetentionPolicies', 'default', 'Microsoft.Sql/servers/databases/backupLongTermRetentionPolicies', {
      properties: {
        weeklyRetention: o.weeklyRetention ?? 'P4W',
        monthlyRetention: o.monthlyRetention ?? (o.weeklyRetention === 'PT0S' ? 'PT0S' : 'P12M'),
        yearlyRetention: o.yearlyRetention ?? (o.weeklyRetention === 'PT0S' ? 'PT0S' : 'P5Y'),
        weekOfYear: o.weeklyRetention === 'PT0S' ? 0 : 1,
      },
    }),
  ]
}

/**
 * A logical server per production region (TDE protector: the regional vault's sql-tde-protector key) with
 * master, `tenants` and one more database. Drifts: `audit` (cac) created from the portal with the default
 * 7-day restore window; `reporting` (weu) with locally redundant backups and no long-term retention.
 */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  const drifts: Drift[] = []
  for (const r of ctx.prod) {
    const vaultId = r.id('Microsoft.KeyVault/vaults', `kv-vel-prod-${r.code}`)
    const [server, ...settings] = sqlServer(r.place, { name: `sql-vel-prod-${r.code}`, tenantId: ctx.tenantId, adminGroup: 'sg-velaurum-dba', cmkKeyUri: keyUriWithVersion(vaultId, 'sql-tde-protector') })
    const serverId = server!.id
    resources.push(server!, ...settings)
    // "Allow Azure services" (0.0.0.0-0.0.0.0): not an open range.
    if (r.code === 'cac') resources.push(sqlFirewallRule(serverId, 'AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0'))
    resources.push(...sqlMaster(serverId, r.region, ctx.created))
    if (r.code === 'cac') {
      resources.push(
        ...sqlDatabase(serverId, r.region, { name: 'tenants', createdAt: ctx.created }),
        ...sqlDatabase(serverId, r.region, { name: 'audit', createdAt: '2025-10-02T13:05:00Z', pitrDays: 7 }),
      )
      drifts.push({ check: 'sql-db-pitr-retention', resource: `${serverId}/databases/audit`, why: 'created from the portal with the default 7-day point-in-time restore; the page promises 35 days' })
    } else {
      resources.push(
        ...sqlDatabase(serverId, r.region, { name: 'tenants', createdAt: ctx.created, backupRedundancy: 'GeoZone' }),
        ...sqlDatabase(serverId, r.region, { name: 'reporting', createdAt: '2026-01-14T10:00:00Z', backupRedundancy: 'Local', weeklyRetention: 'PT0S' }),
      )
      drifts.push(
        { check: 'sql-db-geo-backup', resource: `${serverId}/databases/reporting`, why: 'a reporting copy made with locally redundant backups' },
        { check: 'sql-db-ltr-weekly', resource: `${serverId}/databases/reporting`, why: 'the same copy, with no long-term retention' },
      )
    }
  }
  return { resources, drifts }
}

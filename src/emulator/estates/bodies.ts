// Builders for ARM resource bodies as the real services put them on the wire (shapes checked
// against the azure-rest-api-specs examples for the api-versions the installed SDKs call).
// The sample estate and the large-estate generator both use these, so their shapes agree.
// Wire quirks kept on purpose: Service Bus answers type "Microsoft.ServiceBus/Namespaces";
// Service Bus, App Service, Container Apps and the SQL encryption protector answer display
// locations ("Canada Central"); key attributes carry Unix seconds; TDE is named "Current".
import { createHash } from 'node:crypto'
import type { EstateLogRow, EstateResource, EstateSubscription } from '../estate.js'

export interface Region {
  /** canonical name, e.g. canadacentral */
  name: string
  /** display name as some resource providers answer it, e.g. Canada Central */
  display: string
  /** paired region for geo backups */
  pair: string
  /** short code used in resource names */
  code: string
}

export const REGIONS = {
  canadacentral: { name: 'canadacentral', display: 'Canada Central', pair: 'canadaeast', code: 'cac' },
  westeurope: { name: 'westeurope', display: 'West Europe', pair: 'northeurope', code: 'weu' },
  uksouth: { name: 'uksouth', display: 'UK South', pair: 'ukwest', code: 'uks' },
  eastus: { name: 'eastus', display: 'East US', pair: 'westus', code: 'eus' },
  eastasia: { name: 'eastasia', display: 'East Asia', pair: 'southeastasia', code: 'ea' },
} as const satisfies Record<string, Region>

type Body = EstateResource
type Json = Record<string, unknown>
/** Everything of a body but id, name and type. */
type Rest = { properties: Json; location?: string; kind?: string; sku?: Json; tags?: Record<string, string>; [k: string]: unknown }

/** A GUID derived from text, so estates are byte-identical on every build. */
export function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex')
  // Version 4 / variant bits set so the value looks like what Azure hands out.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** 32 hex digits, the form of a Key Vault key version. */
export function hexFrom(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}

export function resourceGroupId(subscriptionId: string, group: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}`
}

export function armId(subscriptionId: string, group: string, providerType: string, name: string): string {
  return `${resourceGroupId(subscriptionId, group)}/providers/${providerType}/${name}`
}

/** Where a top-level resource lives. */
export interface Place {
  subscriptionId: string
  group: string
  region: Region
  tags?: Record<string, string>
}

/** `wireType` is the type the service answers when it differs in casing from the id's path. */
function top(place: Place, providerType: string, name: string, location: string, rest: Rest, wireType = providerType): Body {
  const body: Body = { id: armId(place.subscriptionId, place.group, providerType, name), name, type: wireType, location, ...rest }
  if (place.tags && body.tags === undefined) body.tags = { ...place.tags }
  return orderKeys(body)
}

function child(parentId: string, collection: string, name: string, type: string, rest: Rest): Body {
  return orderKeys({ id: `${parentId}/${collection}/${name}`, name, type, ...rest })
}

/** id, name, type, location, kind, sku, tags, identity first — the order ARM answers in. */
function orderKeys(body: Body): Body {
  const first = ['id', 'name', 'type', 'location', 'kind', 'sku', 'tags', 'identity', 'zones', 'etag', 'systemData']
  const out: Json = {}
  for (const k of first) if (body[k] !== undefined) out[k] = body[k]
  for (const [k, v] of Object.entries(body)) if (!(k in out)) out[k] = v
  return out as Body
}

export function subscription(subscriptionId: string, tenantId: string, displayName: string): EstateSubscription {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
  }
}

// ---------------------------------------------------------------- SQL

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

// ---------------------------------------------------------------- Key Vault

export interface VaultOptions {
  name: string
  tenantId: string
  sku?: 'standard' | 'premium'
  purgeProtection?: boolean
  publicNetworkAccess?: 'Enabled' | 'Disabled'
  defaultAction?: 'Allow' | 'Deny'
  createdAt: string
}

export function keyVault(place: Place, o: VaultOptions): Body {
  return top(place, 'Microsoft.KeyVault/vaults', o.name, place.region.name, {
    systemData: {
      createdBy: 'platform-pipeline',
      createdByType: 'Application',
      createdAt: o.createdAt,
      lastModifiedBy: 'platform-pipeline',
      lastModifiedByType: 'Application',
      lastModifiedAt: o.createdAt,
    },
    properties: {
      sku: { family: 'A', name: o.sku ?? 'premium' },
      tenantId: o.tenantId,
      accessPolicies: [],
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: true,
      ...(o.purgeProtection === false ? {} : { enablePurgeProtection: true }),
      vaultUri: `https://${o.name}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: o.publicNetworkAccess ?? 'Disabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: o.defaultAction ?? 'Deny', ipRules: [], virtualNetworkRules: [] },
    },
  })
}

/** Rotation policy: none, rotate N after creation, or rotate N before an expiry. */
export type Rotation =
  | { kind: 'none' }
  | { kind: 'afterCreate'; every: string; expiry?: string }
  | { kind: 'beforeExpiry'; expiry: string; before: string }

export function vaultKey(vaultId: string, region: Region, name: string, createdAt: string, rotation: Rotation): Body {
  const vaultName = vaultId.split('/').pop()!
  const created = unixSeconds(createdAt)
  const properties: Json = {
    attributes: { enabled: true, created, updated: created, recoveryLevel: 'Recoverable', exportable: false },
    kty: 'RSA-HSM',
    keyOps: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    keySize: 3072,
    keyUri: `https://${vaultName}.vault.azure.net:443/keys/${name}`,
    keyUriWithVersion: `https://${vaultName}.vault.azure.net:443/keys/${name}/${hexFrom(`${vaultId}/${name}`)}`,
  }
  if (rotation.kind !== 'none') {
    const notify = { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } }
    properties.rotationPolicy =
      rotation.kind === 'afterCreate'
        ? {
            attributes: { created, updated: created, expiryTime: rotation.expiry ?? 'P2Y' },
            lifetimeActions: [{ trigger: { timeAfterCreate: rotation.every }, action: { type: 'rotate' } }, notify],
          }
        : {
            attributes: { created, updated: created, expiryTime: rotation.expiry },
            lifetimeActions: [{ trigger: { timeBeforeExpiry: rotation.before }, action: { type: 'rotate' } }],
          }
  }
  return child(vaultId, 'keys', name, 'Microsoft.KeyVault/vaults/keys', { location: region.name, properties })
}

/** Key Vault AuditEvent rows as Log Analytics stores them (AzureDiagnostics, resource id upper case). */
export function auditRows(vaultId: string, hoursAgo: number[], callerIp: string): EstateLogRow[] {
  const ops = ['KeyGet', 'KeyUnwrap', 'KeyWrap', 'KeyList', 'Authentication', 'SecretGet']
  return hoursAgo.map((h, i) => ({
    TimeGeneratedHoursAgo: h,
    ResourceId: vaultId.toUpperCase(),
    ResourceProvider: 'MICROSOFT.KEYVAULT',
    Category: 'AuditEvent',
    OperationName: ops[i % ops.length]!,
    ResultType: 'Success',
    CallerIPAddress: callerIp,
  }))
}

// ---------------------------------------------------------------- Network

export interface SubnetSpec {
  name: string
  prefix: string
  nsgId?: string
  delegation?: string
}

export function virtualNetwork(place: Place, name: string, prefix: string, subnets: SubnetSpec[]): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/virtualNetworks', name)
  return top(place, 'Microsoft.Network/virtualNetworks', name, place.region.name, {
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      addressSpace: { addressPrefixes: [prefix] },
      subnets: subnets.map((s) => ({
        name: s.name,
        id: `${id}/subnets/${s.name}`,
        etag: etag(`${id}/subnets/${s.name}`),
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: s.prefix,
          ...(s.nsgId ? { networkSecurityGroup: { id: s.nsgId } } : {}),
          delegations: s.delegation
            ? [
                {
                  name: 'delegation',
                  id: `${id}/subnets/${s.name}/delegations/delegation`,
                  etag: etag(`${id}/subnets/${s.name}/delegations/delegation`),
                  properties: {
                    provisioningState: 'Succeeded',
                    serviceName: s.delegation,
                    actions: ['Microsoft.Network/virtualNetworks/subnets/action'],
                  },
                  type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
                },
              ]
            : [],
          privateEndpointNetworkPolicies: 'Disabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
        },
        type: 'Microsoft.Network/virtualNetworks/subnets',
      })),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  })
}

function etag(id: string): string {
  return `W/"${guidFrom(`${id}:etag`)}"`
}

export interface SecurityRuleSpec {
  name: string
  priority: number
  direction?: 'Inbound' | 'Outbound'
  access?: 'Allow' | 'Deny'
  protocol?: string
  source: string
  destinationPorts: string | string[]
  description?: string
}

const DEFAULT_RULES: [string, string, number, 'Inbound' | 'Outbound', 'Allow' | 'Deny', string, string][] = [
  ['AllowVnetInBound', 'Allow inbound traffic from all VMs in VNET', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowAzureLoadBalancerInBound', 'Allow inbound traffic from azure load balancer', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
  ['DenyAllInBound', 'Deny all inbound traffic', 65500, 'Inbound', 'Deny', '*', '*'],
  ['AllowVnetOutBound', 'Allow outbound traffic from all VMs to all VMs in VNET', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowInternetOutBound', 'Allow outbound traffic from all VMs to Internet', 65001, 'Outbound', 'Allow', '*', 'Internet'],
  ['DenyAllOutBound', 'Deny all outbound traffic', 65500, 'Outbound', 'Deny', '*', '*'],
]

export function networkSecurityGroup(place: Place, name: string, rules: SecurityRuleSpec[], attached: { subnets?: string[]; nics?: string[] } = {}): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/networkSecurityGroups', name)
  const rule = (collection: string, r: Json, ruleName: string): Json => ({
    name: ruleName,
    id: `${id}/${collection}/${ruleName}`,
    etag: etag(`${id}/${collection}/${ruleName}`),
    type: `Microsoft.Network/networkSecurityGroups/${collection}`,
    properties: { provisioningState: 'Succeeded', ...r },
  })
  return top(place, 'Microsoft.Network/networkSecurityGroups', name, place.region.name, {
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      securityRules: rules.map((r) => {
        const ports = Array.isArray(r.destinationPorts) ? r.destinationPorts : [r.destinationPorts]
        return rule(
          'securityRules',
          {
            ...(r.description ? { description: r.description } : {}),
            protocol: r.protocol ?? 'Tcp',
            sourcePortRange: '*',
            ...(ports.length === 1 ? { destinationPortRange: ports[0] } : {}),
            sourceAddressPrefix: r.source,
            destinationAddressPrefix: '*',
            access: r.access ?? 'Allow',
            priority: r.priority,
            direction: r.direction ?? 'Inbound',
            sourcePortRanges: [],
            destinationPortRanges: ports.length === 1 ? [] : ports,
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
          },
          r.name,
        )
      }),
      defaultSecurityRules: DEFAULT_RULES.map(([n, description, priority, direction, access, src, dst]) =>
        rule(
          'defaultSecurityRules',
          {
            description,
            protocol: '*',
            sourcePortRange: '*',
            destinationPortRange: '*',
            sourceAddressPrefix: src,
            destinationAddressPrefix: dst,
            access,
            priority,
            direction,
            sourcePortRanges: [],
            destinationPortRanges: [],
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
          },
          n,
        ),
      ),
      ...(attached.subnets ? { subnets: attached.subnets.map((s) => ({ id: s })) } : {}),
      ...(attached.nics ? { networkInterfaces: attached.nics.map((s) => ({ id: s })) } : {}),
    },
  })
}

export function publicIp(place: Place, name: string, ipAddress: string, ipConfigurationId?: string): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/publicIPAddresses', name)
  return top(place, 'Microsoft.Network/publicIPAddresses', name, place.region.name, {
    sku: { name: 'Standard', tier: 'Regional' },
    zones: ['1', '2', '3'],
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      ipAddress,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ...(ipConfigurationId ? { ipConfiguration: { id: ipConfigurationId } } : {}),
      ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
    },
  })
}

export interface AppGatewayOptions {
  name: string
  subnetId: string
  publicIpId: string
  identityId: string
  hostName: string
  backendFqdn: string
  certificateSecretId: string
  sslPolicyName?: string
}

export function applicationGateway(place: Place, o: AppGatewayOptions): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/applicationGateways', o.name)
  const sub = (collection: string, name: string, properties: Json): Json => ({
    name,
    id: `${id}/${collection}/${name}`,
    etag: etag(`${id}/${collection}/${name}`),
    properties: { provisioningState: 'Succeeded', ...properties },
    type: `Microsoft.Network/applicationGateways/${collection}`,
  })
  const ref = (collection: string, name: string): Json => ({ id: `${id}/${collection}/${name}` })
  return top(place, 'Microsoft.Network/applicationGateways', o.name, place.region.name, {
    zones: ['1', '2', '3'],
    etag: etag(id),
    identity: { type: 'UserAssigned', userAssignedIdentities: { [o.identityId]: { principalId: guidFrom(`${o.identityId}:principal`), clientId: guidFrom(`${o.identityId}:client`) } } },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      sku: { name: 'WAF_v2', tier: 'WAF_v2', family: 'Generation_2' },
      operationalState: 'Running',
      gatewayIPConfigurations: [sub('gatewayIPConfigurations', 'appGatewayIpConfig', { subnet: { id: o.subnetId } })],
      sslCertificates: [sub('sslCertificates', 'api-tls', { keyVaultSecretId: o.certificateSecretId, httpListeners: [ref('httpListeners', 'https-listener')] })],
      trustedRootCertificates: [],
      trustedClientCertificates: [],
      sslProfiles: [],
      frontendIPConfigurations: [
        sub('frontendIPConfigurations', 'appGwPublicFrontendIp', {
          privateIPAllocationMethod: 'Dynamic',
          publicIPAddress: { id: o.publicIpId },
          httpListeners: [ref('httpListeners', 'https-listener'), ref('httpListeners', 'http-redirect')],
        }),
      ],
      frontendPorts: [sub('frontendPorts', 'port_443', { port: 443 }), sub('frontendPorts', 'port_80', { port: 80 })],
      backendAddressPools: [sub('backendAddressPools', 'api', { backendAddresses: [{ fqdn: o.backendFqdn }] })],
      backendHttpSettingsCollection: [
        sub('backendHttpSettingsCollection', 'api-https', {
          port: 443,
          protocol: 'Https',
          cookieBasedAffinity: 'Disabled',
          pickHostNameFromBackendAddress: true,
          requestTimeout: 30,
        }),
      ],
      httpListeners: [
        sub('httpListeners', 'https-listener', {
          frontendIPConfiguration: ref('frontendIPConfigurations', 'appGwPublicFrontendIp'),
          frontendPort: ref('frontendPorts', 'port_443'),
          protocol: 'Https',
          sslCertificate: ref('sslCertificates', 'api-tls'),
          hostName: o.hostName,
          hostNames: [],
          requireServerNameIndication: true,
        }),
        sub('httpListeners', 'http-redirect', {
          frontendIPConfiguration: ref('frontendIPConfigurations', 'appGwPublicFrontendIp'),
          frontendPort: ref('frontendPorts', 'port_80'),
          protocol: 'Http',
          hostName: o.hostName,
          hostNames: [],
          requireServerNameIndication: false,
        }),
      ],
      urlPathMaps: [],
      requestRoutingRules: [
        sub('requestRoutingRules', 'api', {
          ruleType: 'Basic',
          priority: 100,
          httpListener: ref('httpListeners', 'https-listener'),
          backendAddressPool: ref('backendAddressPools', 'api'),
          backendHttpSettings: ref('backendHttpSettingsCollection', 'api-https'),
        }),
        sub('requestRoutingRules', 'http-to-https', {
          ruleType: 'Basic',
          priority: 200,
          httpListener: ref('httpListeners', 'http-redirect'),
          redirectConfiguration: ref('redirectConfigurations', 'http-to-https'),
        }),
      ],
      probes: [],
      rewriteRuleSets: [],
      redirectConfigurations: [
        sub('redirectConfigurations', 'http-to-https', {
          redirectType: 'Permanent',
          targetListener: ref('httpListeners', 'https-listener'),
          includePath: true,
          includeQueryString: true,
          requestRoutingRules: [ref('requestRoutingRules', 'http-to-https')],
        }),
      ],
      sslPolicy: { policyType: 'Predefined', policyName: o.sslPolicyName ?? 'AppGwSslPolicy20220101S' },
      webApplicationFirewallConfiguration: {
        enabled: true,
        firewallMode: 'Prevention',
        ruleSetType: 'OWASP',
        ruleSetVersion: '3.2',
        disabledRuleGroups: [],
        requestBodyCheck: true,
        maxRequestBodySizeInKb: 128,
        fileUploadLimitInMb: 100,
      },
      enableHttp2: true,
      autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
    },
  })
}

export function networkInterface(place: Place, name: string, o: { subnetId: string; privateIp: string; publicIpId?: string; vmId?: string; nsgId?: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/networkInterfaces', name)
  return top(place, 'Microsoft.Network/networkInterfaces', name, place.region.name, {
    kind: 'Regular',
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${id}/ipConfigurations/ipconfig1`,
          etag: etag(`${id}/ipConfigurations/ipconfig1`),
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: o.privateIp,
            privateIPAllocationMethod: 'Dynamic',
            ...(o.publicIpId ? { publicIPAddress: { id: o.publicIpId } } : {}),
            subnet: { id: o.subnetId },
            primary: true,
            privateIPAddressVersion: 'IPv4',
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      macAddress: hexFrom(`${id}:mac`).slice(0, 12).toUpperCase().replace(/(..)(?!$)/g, '$1-'),
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      enableAcceleratedNetworking: true,
      disableTcpStateTracking: false,
      ...(o.nsgId ? { networkSecurityGroup: { id: o.nsgId } } : {}),
      primary: true,
      ...(o.vmId ? { virtualMachine: { id: o.vmId } } : {}),
      hostedWorkloads: [],
      tapConfigurations: [],
      nicType: 'Standard',
      allowPort25Out: false,
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
    },
  })
}

export function virtualMachine(place: Place, name: string, o: { nicId: string; diskId: string; createdAt: string }): Body {
  return top(place, 'Microsoft.Compute/virtualMachines', name, place.region.name, {
    properties: {
      vmId: guidFrom(`${name}:vmId`),
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest', exactVersion: '24.04.202510010' },
        osDisk: {
          osType: 'Linux',
          name: o.diskId.split('/').pop(),
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS', id: o.diskId },
          deleteOption: 'Delete',
          diskSizeGB: 30,
        },
        dataDisks: [],
        diskControllerType: 'SCSI',
      },
      osProfile: {
        computerName: name,
        adminUsername: 'opsadmin',
        linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true, patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' }, enableVMAgentPlatformUpdates: false },
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
      },
      securityProfile: { uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, securityType: 'TrustedLaunch' },
      networkProfile: { networkInterfaces: [{ id: o.nicId, properties: { deleteOption: 'Detach' } }] },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      provisioningState: 'Succeeded',
      timeCreated: o.createdAt,
    },
  })
}

export function managedDisk(place: Place, name: string, vmId: string, createdAt: string): Body {
  return top(place, 'Microsoft.Compute/disks', name, place.region.name, {
    managedBy: vmId,
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: {
      osType: 'Linux',
      hyperVGeneration: 'V2',
      creationData: { createOption: 'FromImage', imageReference: { id: `/Subscriptions/${place.subscriptionId}/Providers/Microsoft.Compute/Locations/${place.region.name}/Publishers/canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/24.04.202510010` } },
      diskSizeGB: 30,
      diskIOPSReadWrite: 120,
      diskMBpsReadWrite: 25,
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      networkAccessPolicy: 'DenyAll',
      publicNetworkAccess: 'Disabled',
      timeCreated: createdAt,
      provisioningState: 'Succeeded',
      diskState: 'Attached',
      diskSizeBytes: 32213303296,
      uniqueId: guidFrom(`${name}:disk`),
      tier: 'P4',
    },
  })
}

export function userAssignedIdentity(place: Place, name: string, tenantId: string): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.ManagedIdentity/userAssignedIdentities', name)
  return top(place, 'Microsoft.ManagedIdentity/userAssignedIdentities', name, place.region.name, {
    properties: { isolationScope: 'None', tenantId, principalId: guidFrom(`${id}:principal`), clientId: guidFrom(`${id}:client`) },
  })
}

// ---------------------------------------------------------------- Storage

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

// ---------------------------------------------------------------- Service Bus

export function serviceBusNamespace(place: Place, name: string, o: { disableLocalAuth?: boolean; minimumTlsVersion?: string; createdAt: string; tenantId: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.ServiceBus/namespaces', name)
  return top(place, 'Microsoft.ServiceBus/namespaces', name, place.region.display, {
    sku: { name: 'Premium', tier: 'Premium', capacity: 1 },
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${id}:principal`), tenantId: o.tenantId },
    properties: {
      premiumMessagingPartitions: 1,
      minimumTlsVersion: o.minimumTlsVersion ?? '1.2',
      publicNetworkAccess: 'Disabled',
      disableLocalAuth: o.disableLocalAuth ?? true,
      zoneRedundant: true,
      privateEndpointConnections: [],
      provisioningState: 'Succeeded',
      status: 'Active',
      metricId: `${place.subscriptionId}:${name}`,
      createdAt: o.createdAt,
      updatedAt: o.createdAt,
      serviceBusEndpoint: `https://${name}.servicebus.windows.net:443/`,
    },
  }, 'Microsoft.ServiceBus/Namespaces')
}

// ---------------------------------------------------------------- Log Analytics

export function logAnalyticsWorkspace(place: Place, name: string, o: { retentionInDays?: number; createdAt: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.OperationalInsights/workspaces', name)
  return top(place, 'Microsoft.OperationalInsights/workspaces', name, place.region.name, {
    etag: `"${hexFrom(`${id}:etag`).slice(0, 16)}"`,
    properties: {
      customerId: workspaceCustomerId(id),
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018', lastSkuUpdate: o.createdAt },
      retentionInDays: o.retentionInDays ?? 365,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: { dailyQuotaGb: -1.0, quotaNextResetTime: '2026-11-26T00:00:00Z', dataIngestionStatus: 'RespectQuota' },
      publicNetworkAccessForIngestion: 'Disabled',
      publicNetworkAccessForQuery: 'Disabled',
      createdDate: o.createdAt,
      modifiedDate: o.createdAt,
    },
  })
}

export function workspaceCustomerId(workspaceId: string): string {
  return guidFrom(`${workspaceId.toLowerCase()}:customerId`)
}

// ---------------------------------------------------------------- App Service

export function appServicePlan(place: Place, name: string): Body {
  return top(place, 'Microsoft.Web/serverfarms', name, place.region.display, {
    kind: 'elastic',
    sku: { name: 'EP1', tier: 'ElasticPremium', size: 'EP1', family: 'EP', capacity: 1 },
    properties: {
      serverFarmId: 0,
      name,
      workerSize: 'D1',
      workerSizeId: 3,
      currentWorkerSize: 'D1',
      currentWorkerSizeId: 3,
      currentNumberOfWorkers: 1,
      status: 'Ready',
      webSpace: `${place.group}-${place.region.display.replace(/\s/g, '')}webspace-Linux`,
      subscription: place.subscriptionId,
      maximumNumberOfWorkers: 20,
      planName: 'VirtualDedicatedPlan',
      computeMode: 'Dynamic',
      perSiteScaling: false,
      elasticScaleEnabled: true,
      maximumElasticWorkerCount: 20,
      numberOfSites: 1,
      isSpot: false,
      kind: 'elastic',
      reserved: true,
      isXenon: false,
      hyperV: false,
      targetWorkerCount: 0,
      targetWorkerSizeId: 0,
      provisioningState: 'Succeeded',
      zoneRedundant: true,
    },
  })
}

export interface SiteOptions {
  name: string
  planId: string
  subnetId: string
  httpsOnly?: boolean
  minTlsVersion?: string
  scmMinTlsVersion?: string
  ftpsState?: string
  createdAt: string
  tenantId: string
}

/** A Linux function app and its `config/web` (TLS settings live there, not on the site). */
export function functionApp(place: Place, o: SiteOptions): Body[] {
  const site = top(place, 'Microsoft.Web/sites', o.name, place.region.display, {
    kind: 'functionapp,linux',
    identity: { type: 'SystemAssigned', tenantId: o.tenantId, principalId: guidFrom(`${o.name}:principal`) },
    properties: {
      name: o.name,
      state: 'Running',
      hostNames: [`${o.name}.azurewebsites.net`],
      webSpace: `${place.group}-${place.region.display.replace(/\s/g, '')}webspace-Linux`,
      selfLink: `https://waws-prod-${place.region.code}-001.api.azurewebsites.windows.net:454/subscriptions/${place.subscriptionId}/webspaces/${place.group}-${place.region.display.replace(/\s/g, '')}webspace-Linux/sites/${o.name}`,
      repositorySiteName: o.name,
      owner: null,
      usageState: 'Normal',
      enabled: true,
      adminEnabled: true,
      enabledHostNames: [`${o.name}.azurewebsites.net`, `${o.name}.scm.azurewebsites.net`],
      siteProperties: { metadata: null, properties: [{ name: 'LinuxFxVersion', value: 'DOTNET-ISOLATED|8.0' }, { name: 'WindowsFxVersion', value: null }], appSettings: null },
      availabilityState: 'Normal',
      sslCertificates: null,
      csrs: [],
      cers: null,
      siteMode: null,
      hostNameSslStates: [
        { name: `${o.name}.azurewebsites.net`, sslState: 'Disabled', ipBasedSslResult: null, virtualIP: null, thumbprint: null, toUpdate: null, toUpdateIpBasedSsl: null, ipBasedSslState: 'NotConfigured', hostType: 'Standard' },
        { name: `${o.name}.scm.azurewebsites.net`, sslState: 'Disabled', ipBasedSslResult: null, virtualIP: null, thumbprint: null, toUpdate: null, toUpdateIpBasedSsl: null, ipBasedSslState: 'NotConfigured', hostType: 'Repository' },
      ],
      computeMode: null,
      serverFarm: null,
      serverFarmId: o.planId,
      reserved: true,
      isXenon: false,
      hyperV: false,
      lastModifiedTimeUtc: o.createdAt,
      storageRecoveryDefaultState: 'Running',
      contentAvailabilityState: 'Normal',
      runtimeAvailabilityState: 'Normal',
      dnsConfiguration: {},
      vnetRouteAllEnabled: true,
      containerAllocationSubnet: null,
      useContainerLocalhostBindings: null,
      vnetImagePullEnabled: false,
      vnetContentShareEnabled: true,
      siteConfig: {
        numberOfWorkers: 1,
        defaultDocuments: null,
        netFrameworkVersion: null,
        phpVersion: null,
        pythonVersion: null,
        nodeVersion: null,
        powerShellVersion: null,
        linuxFxVersion: 'DOTNET-ISOLATED|8.0',
        windowsFxVersion: null,
        requestTracingEnabled: null,
        remoteDebuggingEnabled: null,
        httpLoggingEnabled: null,
        acrUseManagedIdentityCreds: false,
        logsDirectorySizeLimit: null,
        detailedErrorLoggingEnabled: null,
        publishingUsername: null,
        appSettings: null,
        metadata: null,
        connectionStrings: null,
        alwaysOn: false,
        http20Enabled: false,
        minTlsVersion: null,
        scmMinTlsVersion: null,
        ftpsState: null,
        functionAppScaleLimit: 0,
        minimumElasticInstanceCount: 1,
        publicNetworkAccess: null,
      },
      functionAppConfig: null,
      daprConfig: null,
      deploymentId: o.name,
      slotName: null,
      trafficManagerHostNames: null,
      sku: 'ElasticPremium',
      scmSiteAlsoStopped: false,
      targetSwapSlot: null,
      hostingEnvironment: null,
      hostingEnvironmentProfile: null,
      clientAffinityEnabled: false,
      clientAffinityProxyEnabled: false,
      clientCertEnabled: false,
      clientCertMode: 'Required',
      clientCertExclusionPaths: null,
      hostNamesDisabled: false,
      ipMode: 'IPv4',
      domainVerificationIdentifiers: null,
      customDomainVerificationId: hexFrom(`${o.name}:cdv`).toUpperCase(),
      kind: 'functionapp,linux',
      managedEnvironmentId: null,
      inboundIpAddress: null,
      possibleInboundIpAddresses: null,
      outboundIpAddresses: null,
      possibleOutboundIpAddresses: null,
      containerSize: 1536,
      dailyMemoryTimeQuota: 0,
      suspendedTill: null,
      siteDisabledReason: 0,
      maxNumberOfWorkers: null,
      cloningInfo: null,
      hostingEnvironmentId: null,
      tags: place.tags ?? null,
      resourceGroup: place.group,
      defaultHostName: `${o.name}.azurewebsites.net`,
      slotSwapStatus: null,
      httpsOnly: o.httpsOnly ?? true,
      endToEndEncryptionEnabled: false,
      functionsRuntimeAdminIsolationEnabled: false,
      redundancyMode: 'None',
      inProgressOperationId: null,
      geoDistributions: null,
      privateEndpointConnections: [],
      publicNetworkAccess: 'Disabled',
      buildVersion: null,
      targetBuildVersion: null,
      migrationState: null,
      eligibleLogCategories: 'FunctionAppLogs,AppServiceAuthenticationLogs',
      inFlightFeatures: ['SiteContainers'],
      storageAccountRequired: false,
      virtualNetworkSubnetId: o.subnetId,
      keyVaultReferenceIdentity: 'SystemAssigned',
      autoGeneratedDomainNameLabelScope: null,
      privateLinkIdentifiers: null,
      sshEnabled: null,
    },
  })
  const config = child(site.id, 'config', 'web', 'Microsoft.Web/sites/config', {
    location: place.region.display,
    properties: {
      numberOfWorkers: 1,
      defaultDocuments: ['Default.htm', 'Default.html', 'index.html'],
      netFrameworkVersion: 'v4.0',
      phpVersion: '',
      pythonVersion: '',
      nodeVersion: '',
      powerShellVersion: '',
      linuxFxVersion: 'DOTNET-ISOLATED|8.0',
      requestTracingEnabled: false,
      remoteDebuggingEnabled: false,
      httpLoggingEnabled: false,
      acrUseManagedIdentityCreds: false,
      logsDirectorySizeLimit: 35,
      detailedErrorLoggingEnabled: false,
      publishingUsername: `$${o.name}`,
      scmType: 'None',
      use32BitWorkerProcess: false,
      webSocketsEnabled: false,
      alwaysOn: false,
      managedPipelineMode: 'Integrated',
      loadBalancing: 'LeastRequests',
      autoHealEnabled: false,
      vnetName: '',
      vnetRouteAllEnabled: true,
      vnetPrivatePortsCount: 0,
      publicNetworkAccess: 'Disabled',
      cors: { allowedOrigins: [], supportCredentials: false },
      localMySqlEnabled: false,
      ipSecurityRestrictions: [{ ipAddress: 'Any', action: 'Deny', priority: 2147483647, name: 'Deny all', description: 'Deny all access' }],
      ipSecurityRestrictionsDefaultAction: 'Deny',
      scmIpSecurityRestrictions: [{ ipAddress: 'Any', action: 'Deny', priority: 2147483647, name: 'Deny all', description: 'Deny all access' }],
      scmIpSecurityRestrictionsDefaultAction: 'Deny',
      scmIpSecurityRestrictionsUseMain: false,
      http20Enabled: true,
      minTlsVersion: o.minTlsVersion ?? '1.2',
      minTlsCipherSuite: null,
      scmMinTlsVersion: o.scmMinTlsVersion ?? '1.2',
      ftpsState: o.ftpsState ?? 'Disabled',
      preWarmedInstanceCount: 1,
      functionAppScaleLimit: 20,
      elasticWebAppScaleLimit: null,
      functionsRuntimeScaleMonitoringEnabled: true,
      minimumElasticInstanceCount: 1,
      azureStorageAccounts: {},
      http20ProxyFlag: 0,
    },
  })
  return [site, config]
}

// ---------------------------------------------------------------- Container Apps

export function managedEnvironment(place: Place, name: string, o: { subnetId: string; workspaceCustomerId: string; staticIp: string }): Body {
  const suffix = hexFrom(`${name}:domain`).slice(0, 8)
  return top(place, 'Microsoft.App/managedEnvironments', name, place.region.display, {
    properties: {
      provisioningState: 'Succeeded',
      daprAIInstrumentationKey: null,
      daprAIConnectionString: null,
      vnetConfiguration: { internal: true, infrastructureSubnetId: o.subnetId, dockerBridgeCidr: null, platformReservedCidr: null, platformReservedDnsIP: null },
      deploymentErrors: null,
      defaultDomain: `${name.replace(/^cae-/, '')}-${suffix}.${place.region.name}.azurecontainerapps.io`,
      staticIp: o.staticIp,
      appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: o.workspaceCustomerId, dynamicJsonColumns: false } },
      zoneRedundant: true,
      kedaConfiguration: { version: '2.17.2' },
      daprConfiguration: { version: '1.13.6-msft.6' },
      eventStreamEndpoint: `https://${place.region.name}.azurecontainerapps.dev/subscriptions/${place.subscriptionId}/resourceGroups/${place.group}/managedEnvironments/${name}/eventstream`,
      customDomainConfiguration: { customDomainVerificationId: hexFrom(`${name}:cdv`).toUpperCase() },
      workloadProfiles: [{ workloadProfileType: 'Consumption', name: 'Consumption' }],
      infrastructureResourceGroup: `ME_${name}_${place.group}_${place.region.name}`,
      peerAuthentication: { mtls: { enabled: true } },
      peerTrafficConfiguration: { encryption: { enabled: true } },
      publicNetworkAccess: 'Disabled',
    },
  })
}

export function containerApp(
  place: Place,
  name: string,
  o: { environmentId: string; defaultDomain: string; image: string; external: boolean; allowInsecure?: boolean; targetPort?: number; tenantId: string; ingress?: boolean },
): Body {
  const withIngress = o.ingress ?? true
  const revision = `${name}--${hexFrom(`${name}:rev`).slice(0, 7)}`
  const host = o.external ? `${name}.${o.defaultDomain}` : `${name}.internal.${o.defaultDomain}`
  return top(place, 'Microsoft.App/containerApps', name, place.region.display, {
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${name}:principal`), tenantId: o.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      runningStatus: 'Running',
      managedEnvironmentId: o.environmentId,
      environmentId: o.environmentId,
      workloadProfileName: 'Consumption',
      outboundIpAddresses: [],
      latestRevisionName: revision,
      latestReadyRevisionName: revision,
      latestRevisionFqdn: withIngress ? `${revision}.${o.external ? '' : 'internal.'}${o.defaultDomain}` : '',
      customDomainVerificationId: hexFrom(`${name}:cdv`).toUpperCase(),
      configuration: {
        secrets: null,
        activeRevisionsMode: 'Single',
        ingress: withIngress
          ? {
              fqdn: host,
              external: o.external,
              targetPort: o.targetPort ?? 8080,
              exposedPort: 0,
              transport: 'Auto',
              traffic: [{ weight: 100, latestRevision: true }],
              customDomains: null,
              allowInsecure: o.allowInsecure ?? false,
              ipSecurityRestrictions: null,
              corsPolicy: null,
              clientCertificateMode: 'Ignore',
              stickySessions: { affinity: 'none' },
              additionalPortMappings: null,
              targetPortHttpScheme: null,
            }
          : null,
        registries: [{ server: 'crvelaurum.azurecr.io', username: '', passwordSecretRef: '', identity: 'system' }],
        identitySettings: [],
        dapr: null,
        runtime: null,
        maxInactiveRevisions: 100,
        service: null,
      },
      template: {
        revisionSuffix: '',
        terminationGracePeriodSeconds: null,
        containers: [{ image: o.image, imageType: 'ContainerImage', name, resources: { cpu: 1, memory: '2Gi', ephemeralStorage: '4Gi' } }],
        initContainers: null,
        scale: { minReplicas: 2, maxReplicas: 10, cooldownPeriod: 300, pollingInterval: 30, rules: null },
        volumes: null,
        serviceBinds: null,
      },
      eventStreamEndpoint: `https://${place.region.name}.azurecontainerapps.dev/subscriptions/${place.subscriptionId}/resourceGroups/${place.group}/containerApps/${name}/eventstream`,
      delegatedIdentities: [],
    },
  })
}

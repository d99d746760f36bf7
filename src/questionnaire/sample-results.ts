// Synthetic results documents for the answer benchmark and tests: every check the catalog knows (a test keeps
// the list whole), two resources each,
// with the status of each check chosen by the caller. (The real ones come from `trustpack evaluate`.)
import type { Finding, Results, Status } from '../snapshot/results.js'

const CHECKS: Array<[id: string, type: string, title: string, description: string]> = [
  ['sql-server-min-tls', 'microsoft.sql/servers', 'SQL server requires a minimum TLS version', 'minimalTlsVersion is at least the minimum TLS version'],
  ['sql-server-public-network', 'microsoft.sql/servers', 'SQL server public network access disabled', 'publicNetworkAccess is Disabled unless allow-listed'],
  ['sql-server-auditing', 'microsoft.sql/servers', 'SQL server auditing enabled', 'server auditing settings state is Enabled'],
  ['sql-db-tde', 'microsoft.sql/servers/databases', 'SQL database transparent data encryption enabled', 'TDE encrypts the database at rest'],
  ['sql-db-pitr-retention', 'microsoft.sql/servers/databases', 'Point-in-time restore covers the promised window', 'short-term backup retention days at least the promised days'],
  ['sql-db-ltr-weekly', 'microsoft.sql/servers/databases', 'Weekly long-term backup retention set', 'long-term retention weeklyRetention is set'],
  ['sql-db-geo-backup', 'microsoft.sql/servers/databases', 'Database backups are geo-redundant', 'backup storage redundancy is Geo or GeoZone'],
  ['keyvault-public-network', 'microsoft.keyvault/vaults', 'Key Vault public network access restricted', 'public network access disabled or network ACL default action Deny'],
  ['keyvault-purge-protection', 'microsoft.keyvault/vaults', 'Key Vault soft delete and purge protection on', 'soft delete and purge protection both enabled'],
  ['keyvault-key-rotation', 'microsoft.keyvault/vaults/keys', 'Key Vault keys rotate automatically', 'rotation policy rotates each key within the maximum days'],
  ['appgw-min-tls', 'microsoft.network/applicationgateways', 'Application Gateway SSL policy requires TLS 1.2', 'SSL policy minimum protocol version at least TLS 1.2'],
  ['nsg-no-open-admin-ports', 'microsoft.network/networksecuritygroups', 'No SSH or RDP open to the internet', 'no inbound allow rule from Internet to ports 22 or 3389'],
  ['public-endpoint-allowlist', 'microsoft.network/publicipaddresses', 'Public IPs belong to allow-listed resources', 'every public IP address is attached to an allow-listed resource'],
  ['storage-min-tls', 'microsoft.storage/storageaccounts', 'Storage account minimum TLS version', 'minimumTlsVersion at least the minimum TLS version'],
  ['storage-https-only', 'microsoft.storage/storageaccounts', 'Storage account accepts HTTPS only', 'supportsHttpsTrafficOnly is true'],
  ['storage-public-network', 'microsoft.storage/storageaccounts', 'Storage account not publicly accessible', 'public network access disabled or default deny, and no public blob access'],
  ['servicebus-local-auth-disabled', 'microsoft.servicebus/namespaces', 'Service Bus local authentication disabled', 'disableLocalAuth true: managed identity only, no SAS keys'],
  ['servicebus-min-tls', 'microsoft.servicebus/namespaces', 'Service Bus minimum TLS version', 'minimumTlsVersion at least the minimum TLS version'],
  ['log-retention', 'microsoft.operationalinsights/workspaces', 'Log Analytics retention meets the minimum', 'retentionInDays at least the minimum log retention days'],
  ['keyvault-audit-logs', 'microsoft.keyvault/vaults', 'Key Vault audit events reach Log Analytics', 'AuditEvent logs reached a workspace in the last 7 days'],
  ['app-min-tls', 'microsoft.web/sites', 'App Service requires TLS 1.2 and HTTPS only', 'minTlsVersion at least the minimum and httpsOnly true'],
  ['containerapp-ingress', 'microsoft.app/containerapps', 'Container app ingress internal or allow-listed, no insecure HTTP', 'ingress internal or allow-listed and allowInsecure false'],
  ['resource-location-allowed', 'resources', 'Resources in allowed locations', 'location is in the allowed locations list'],
  ['servicebus-public-network', 'microsoft.servicebus/namespaces', 'Service Bus public network access disabled', 'publicNetworkAccess Disabled'],
  ['sql-server-firewall-no-public-range', 'microsoft.sql/servers', 'SQL firewall admits no public ranges', 'no firewall rule opens 0.0.0.0-255.255.255.255 or wide public ranges'],
  ['sql-server-tde-cmk', 'microsoft.sql/servers', 'SQL TDE protector is a customer-managed key', 'encryption protector server key type AzureKeyVault'],
  ['appgw-waf-prevention', 'microsoft.network/applicationgateways', 'Application gateways block attacks with a Web Application Firewall', 'The gateway runs the WAF_v2 tier and its Web Application Firewall is enabled in Prevention mode: through the WAF policy associated with the gateway (policySettings.state Enabled, mode Prevention), or, when no policy is associated, through the legacy webApplicationFirewallConfiguration (enabled, firewallMode Prevention). A policy the snapshot does not hold (in a subscription not scanned) is an error, not a pass. Policies associated only with a listener or path are not judged here.'],
  ['cosmosdb-public-network', 'microsoft.documentdb/databaseaccounts', 'Cosmos DB accounts are not open to the public network', 'publicNetworkAccess is Disabled (private endpoints only), or the account\'s firewall restricts it: the virtual-network filter is on (isVirtualNetworkFilterEnabled) or ipRules lists the addresses allowed. "SecuredByPerimeter" alone does not count, and a missing publicNetworkAccess means Enabled.'],
  ['cosmosdb-local-auth-disabled', 'microsoft.documentdb/databaseaccounts', 'Cosmos DB accounts accept Entra ID only, not account keys', 'disableLocalAuth is true, so data-plane requests authenticate with Microsoft Entra ID (managed identities) and the account\'s primary and secondary keys no longer work. A missing value means keys are accepted.'],
  ['cosmosdb-min-tls', 'microsoft.documentdb/databaseaccounts', 'Cosmos DB accounts refuse connections below the minimum TLS version', 'minimalTlsVersion is at least minTlsVersion ("Tls12" meets "1.2"; "Tls" is TLS 1.0 and "Tls11" TLS 1.1). A missing value is not read as the service default: it fails.'],
  ['defender-plans-standard', 'microsoft.resources/subscriptions', 'Defender for Cloud protects the services the platform runs on', 'In every subscription, the Defender plans named by defenderPlans (default SqlServers, KeyVaults, StorageAccounts, AppServices and Containers) are on the Standard tier. A plan missing from the complete list of the subscription\'s pricings is not enabled and fails; a pricing list that could not be read is an error.'],
  ['frontdoor-waf-prevention', 'microsoft.cdn/profiles/afdendpoints', 'Front Door endpoints are protected by a Web Application Firewall that blocks', 'A security policy of the endpoint\'s profile associates the endpoint itself (its id among parameters.associations[].domains[]) with a WAF policy, and that policy\'s policySettings has enabledState Enabled and mode Prevention. A policy associated only with custom domains leaves the endpoint\'s own *.azurefd.net host unprotected, so it does not count. A WAF policy the snapshot does not hold is an error.'],
  ['postgres-secure-transport', 'microsoft.dbforpostgresql/flexibleservers', 'PostgreSQL servers require TLS at the minimum version', 'The server parameter require_secure_transport is "on" (clients without TLS are refused) and ssl_min_protocol_version is at least minTlsVersion ("TLSv1.2" meets "1.2"). Either parameter missing from the snapshot is an error, not the service default.'],
  ['postgres-geo-backup', 'microsoft.dbforpostgresql/flexibleservers', 'PostgreSQL backups are stored geo-redundantly', 'The server\'s backup.geoRedundantBackup is Enabled, so a regional outage does not take the backups with it.'],
  ['postgres-backup-retention', 'microsoft.dbforpostgresql/flexibleservers', 'PostgreSQL point-in-time restore covers the promised window', 'The server\'s backup.backupRetentionDays is at least sqlPitrMinDays (the service allows 7 to 35).'],
  ['cosmosdb-geo-backup', 'microsoft.documentdb/databaseaccounts', 'Cosmos DB backups survive the loss of a region', 'In periodic backup mode, backupPolicy.periodicModeProperties.backupStorageRedundancy is Geo (the backups are copied to the paired region). Continuous backup mode keeps its backups in every region the account is replicated to, so it passes with two or more locations. A missing backup policy fails.'],
  ['postgres-cmk', 'microsoft.dbforpostgresql/flexibleservers', 'PostgreSQL servers encrypt data with a customer-managed key', 'The server\'s dataEncryption.type is AzureKeyVault: its storage, backups included, is encrypted with a key from Key Vault rather than the service-managed key.'],
  ['cosmosdb-cmk', 'microsoft.documentdb/databaseaccounts', 'Cosmos DB accounts encrypt data with a customer-managed key', 'keyVaultKeyUri names a Key Vault key: the account\'s data is encrypted with it as well as with the service-managed key.'],
  ['postgres-public-network', 'microsoft.dbforpostgresql/flexibleservers', 'PostgreSQL servers are not reachable from the public network', 'network.publicNetworkAccess is Disabled, so the server is reached only through its virtual network or a private endpoint, unless the server is on the publicEndpointAllowlist parameter.'],
]

/** The Defender plans the sample's subscriptions are checked for (the check's `defenderPlans`). */
const DEFENDER_PLANS = ['SqlServers', 'KeyVaults', 'StorageAccounts', 'AppServices', 'Containers']

export const SAMPLE_CHECK_IDS = CHECKS.map(([id]) => id)

const CONTROLS: Array<[fw: string, id: string, title: string, checks: string[]]> = [
  ['soc2', 'CC6.1', 'Logical access and encryption protect information assets', ['sql-db-tde', 'keyvault-purge-protection', 'keyvault-key-rotation']],
  ['soc2', 'CC6.6', 'Boundary protection against threats from outside', ['nsg-no-open-admin-ports', 'sql-server-public-network', 'public-endpoint-allowlist', 'storage-public-network', 'containerapp-ingress']],
  ['soc2', 'CC6.7', 'Data in transmission is protected', ['sql-server-min-tls', 'appgw-min-tls', 'storage-min-tls', 'storage-https-only', 'servicebus-min-tls', 'app-min-tls']],
  ['soc2', 'CC7.2', 'System components are monitored for anomalies', ['sql-server-auditing', 'keyvault-audit-logs', 'log-retention']],
  ['soc2', 'A1.2', 'Backup and recovery infrastructure', ['sql-db-pitr-retention', 'sql-db-ltr-weekly', 'sql-db-geo-backup']],
  ['soc2', 'CC7.4', 'Incidents are responded to', []],
  ['iso27001', '8.24', 'Use of cryptography', ['sql-db-tde', 'sql-server-tde-cmk', 'keyvault-key-rotation', 'storage-https-only']],
  ['iso27001', '8.13', 'Information backup', ['sql-db-pitr-retention', 'sql-db-ltr-weekly', 'sql-db-geo-backup']],
  ['iso27001', '8.15', 'Logging', ['sql-server-auditing', 'keyvault-audit-logs', 'log-retention']],
  ['iso27001', '8.20', 'Network security', ['nsg-no-open-admin-ports', 'sql-server-firewall-no-public-range', 'servicebus-public-network', 'keyvault-public-network']],
  ['iso27001', '5.23', 'Information security for use of cloud services', ['resource-location-allowed', 'servicebus-local-auth-disabled']],
  ['iso27001', '6.1', 'Screening', []],
  ['gdpr', '32', 'Security of processing', ['sql-db-tde', 'storage-https-only', 'sql-server-min-tls']],
  ['gdpr', '44', 'Transfers to third countries', ['resource-location-allowed']],
]

/** `/subscriptions/…/providers/microsoft.sql/servers/sql-prod/databases/NAME` for nested types. */
function armId(type: string, name: string): string {
  const [ns, ...types] = type.split('/')
  const parts = types.map((t, i) => (i === types.length - 1 ? `${t}/${name}` : `${t}/${t.replace(/s$/, '')}-prod`))
  return `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod/providers/${ns}/${parts.join('/')}`
}

/**
 * What a passing resource shows, as the checks record it (`observed` keyed by the path read), for the checks
 * whose values answer questions: retention days, rotation interval, region. Resource 1 and 2 differ.
 */
const OBSERVED_PASS: Record<string, (n: number) => Record<string, unknown>> = {
  'sql-db-pitr-retention': (n) => ({ 'backupshorttermretentionpolicies.properties.retentionDays': n === 1 ? 35 : 42 }),
  'keyvault-key-rotation': (n) => ({ 'properties.rotationPolicy → rotationIntervalDays': n === 1 ? 180 : 335 }),
  'resource-location-allowed': (n) => ({ location: n === 1 ? 'Canada Central' : 'West Europe' }),
  'postgres-backup-retention': () => ({ 'properties.backup.backupRetentionDays': 35 }),
  'log-retention': () => ({ 'properties.retentionInDays': 365 }),
  'sql-db-ltr-weekly': (n) => ({ 'backuplongtermretentionpolicies.properties.weeklyRetention → durationDays': n === 1 ? 28 : 84 }),
  // Each plan's tier keyed as the rules engine reads it, so the plans read show which services they protect.
  'defender-plans-standard': () => Object.fromEntries(DEFENDER_PLANS.map((p) => [`pricings/${p}.properties.pricingTier`, 'Standard'])),
}
/** What a failing resource shows, where the shape matters (the plans read still name their services). */
const OBSERVED_FAIL: Record<string, () => Record<string, unknown>> = {
  'defender-plans-standard': () => Object.fromEntries(DEFENDER_PLANS.map((p) => [`pricings/${p}.properties.pricingTier`, 'Free'])),
}

export type CheckOutcome = Status | 'partial' | 'none' | 'excepted' | 'absent'

/** Results where each check has the given outcome (default pass): `partial` = one pass, one fail. */
export function sampleResults(outcomes: Record<string, CheckOutcome> = {}, opts: { attestations?: string[]; evaluatedAt?: string } = {}): Results {
  const evaluatedAt = opts.evaluatedAt ?? '2026-11-20T12:00:00.000Z'
  const findings: Finding[] = []
  const checks = CHECKS.filter(([id]) => outcomes[id] !== 'absent')
  for (const [id, type] of checks) {
    const outcome = outcomes[id] ?? 'pass'
    if (outcome === 'none') continue
    for (const n of [1, 2]) {
      const resourceId = armId(type === 'resources' ? 'microsoft.web/sites' : type, `${id}-res${n}`)
      let status: Status = outcome === 'partial' ? (n === 1 ? 'pass' : 'fail') : outcome === 'excepted' ? 'pass' : (outcome as Status)
      if (outcome === 'excepted' && n === 2) status = 'pass'
      findings.push({
        checkId: id,
        resourceId,
        resourceType: type,
        status,
        observed: status === 'fail' ? OBSERVED_FAIL[id]?.() ?? 'bad' : OBSERVED_PASS[id]?.(n) ?? 'good',
        expected: 'good',
        message: `${id} ${status} on ${id}-res${n}`,
        ...(outcome === 'excepted' && n === 2
          ? { exception: { check: id, resource: resourceId, reason: 'static marketing assets', owner: 'security@example.com', expires: '2027-03-31' } }
          : {}),
        callIds: [],
      })
    }
  }
  const attested = new Set(opts.attestations ?? [])
  const counts = (ids: string[]): Results['controls'][number]['counts'] => {
    const c = { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
    for (const f of findings) if (ids.includes(f.checkId)) c[f.status]++
    return c
  }
  const controls = CONTROLS.map(([fw, cid, title, ids]) => {
    const c = counts(ids)
    const manual = ids.length === 0
    const att = attested.has(`${fw}:${cid}`)
    const status: Status = c.fail > 0 ? 'fail' : c.error > 0 ? 'error' : manual && !att ? 'manual' : c.pass > 0 || att ? 'pass' : 'not_applicable'
    return { framework: fw, controlId: cid, title, status, checkIds: ids, manual, counts: c }
  })
  const attestations = [...attested].map((control) => ({ control, statement: `Attested: ${control}`, evidence: 'policies/evidence.pdf', owner: 'ciso@example.com', expires: '2027-06-30', state: 'valid' as const }))
  return {
    schemaVersion: '1.0',
    tool: { name: 'trustpack', version: '0.1.0' },
    snapshotSha256: '0'.repeat(64),
    snapshot: { startedAt: evaluatedAt, finishedAt: evaluatedAt, subscriptions: [{ subscriptionId: '00000000-0000-0000-0000-000000000001', displayName: 'prod' }], endpoints: { arm: 'https://management.azure.com', logs: 'https://api.loganalytics.io' }, errorCount: 0 },
    evaluatedAt,
    parameters: { adminPorts: [22, 3389], minTlsVersion: '1.2', sqlPitrMinDays: 35, logRetentionMinDays: 365, keyRotationMaxDays: 365, allowedLocations: ['canadacentral', 'eastus', 'westeurope'], defenderPlans: DEFENDER_PLANS },
    frameworks: [{ id: 'soc2', title: 'SOC 2', version: '2017' }, { id: 'iso27001', title: 'ISO/IEC 27001', version: '2022' }, { id: 'gdpr', title: 'GDPR', version: '2016/679' }],
    checks: checks.map(([id, type, title, description]) => ({ id, title, description, resourceType: type, severity: 'high' as const, remediation: `Fix ${id}.` })),
    findings,
    controls,
    summary: {},
    exceptions: [],
    attestations,
  }
}

// Wire bodies of Key Vault vaults and keys (management plane; key attributes carry Unix seconds) and the
// AuditEvent rows Log Analytics holds for a vault.
import type { EstateLogRow, EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Json, type Place, type Region, type SampleContext, type SampleContribution, hexFrom, recentHours, unixSeconds, top, child, workspaceCustomerId } from '../../emulator/wire.js'

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

/** The versioned key URI a SQL server's TDE protector names (`https://{vault}.vault.azure.net/keys/{key}/{version}`). */
export function keyUriWithVersion(vaultId: string, name: string): string {
  return `https://${vaultId.split('/').pop()}.vault.azure.net/keys/${name}/${hexFrom(`${vaultId}/${name}`)}`
}

/**
 * A vault per production region with per-tenant keys and the SQL TDE protector, and a shared-services vault.
 * Drifts: a tenant key created by hand without rotation (cac), one rotating every 18 months (weu), and the
 * West Europe vault's diagnostic setting removed nine days ago (its newest audit row is 216 hours old).
 */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  const logs: Record<string, EstateLogRow[]> = {}
  const drifts: Drift[] = []
  for (const r of ctx.prod) {
    const vaultId = r.id('Microsoft.KeyVault/vaults', `kv-vel-prod-${r.code}`)
    resources.push(keyVault(r.place, { name: `kv-vel-prod-${r.code}`, tenantId: ctx.tenantId, createdAt: ctx.created }))
    const key = (name: string, created: string, rotation: Rotation): void => {
      resources.push(vaultKey(vaultId, r.region, name, created, rotation))
    }
    if (r.code === 'cac') {
      key('tenant-contoso', '2025-04-02T10:00:00Z', { kind: 'afterCreate', every: 'P90D' })
      key('tenant-fabrikam', '2025-06-18T14:20:00Z', { kind: 'none' })
      drifts.push({ check: 'keyvault-key-rotation', resource: `${vaultId}/keys/tenant-fabrikam`, why: 'created by hand during onboarding, never given a rotation policy' })
      key('tenant-adatum', '2025-08-07T08:45:00Z', { kind: 'beforeExpiry', expiry: 'P1Y', before: 'P30D' })
      key('sql-tde-protector', '2025-03-12T09:40:00Z', { kind: 'afterCreate', every: 'P180D' })
    } else {
      key('tenant-northwind', '2025-05-20T11:00:00Z', { kind: 'afterCreate', every: 'P18M', expiry: 'P2Y' })
      drifts.push({ check: 'keyvault-key-rotation', resource: `${vaultId}/keys/tenant-northwind`, why: 'rotates every 18 months, beyond the one-year rotation promise' })
      key('tenant-tailspin', '2025-07-01T07:30:00Z', { kind: 'afterCreate', every: 'P90D' })
      key('tenant-wingtip', '2025-09-15T16:10:00Z', { kind: 'afterCreate', every: 'P90D' })
      key('sql-tde-protector', '2025-03-12T09:40:00Z', { kind: 'afterCreate', every: 'P180D' })
    }
    const workspace = workspaceCustomerId(r.id('Microsoft.OperationalInsights/workspaces', `log-vel-prod-${r.code}`))
    if (r.code === 'cac') logs[workspace] = auditRows(vaultId, recentHours(24, 0.5), `10.${r.octet}.2.17`)
    else {
      logs[workspace] = auditRows(vaultId, recentHours(12, 216), `10.${r.octet}.2.23`)
      drifts.push({ check: 'keyvault-audit-logs', resource: vaultId, why: "the vault's diagnostic setting was removed nine days ago; only older audit rows remain" })
    }
  }
  const shared = ctx.shared.core
  const sharedVault = ctx.id(shared, 'Microsoft.KeyVault/vaults', 'kv-vel-shared-cac')
  resources.push(
    keyVault(shared, { name: 'kv-vel-shared-cac', tenantId: ctx.tenantId, createdAt: ctx.created }),
    vaultKey(sharedVault, shared.region, 'backup-encryption', '2025-03-20T12:00:00Z', { kind: 'afterCreate', every: 'P180D' }),
    vaultKey(sharedVault, shared.region, 'audit-export-signing', '2025-05-05T09:15:00Z', { kind: 'beforeExpiry', expiry: 'P1Y', before: 'P30D' }),
  )
  logs[workspaceCustomerId(ctx.id(shared, 'Microsoft.OperationalInsights/workspaces', 'log-vel-shared-cac'))] = auditRows(sharedVault, recentHours(8, 3), '10.10.4.9')
  return { resources, logs, drifts }
}

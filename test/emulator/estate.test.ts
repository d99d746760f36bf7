import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EstateSchema, estateProblems, type Estate, type EstateResource } from '../../src/emulator/estate.js'
import { generateEstate } from '../../src/emulator/generate.js'
import { SAMPLE_PROD_SUBSCRIPTION_ID, buildSample, sampleIds } from '../../src/emulator/estates/sample.js'
import { projectRoot } from '../../src/core/version.js'
import { loadConfig } from '../../src/core/config.js'
import { startEmulator } from '../../src/emulator/server.js'
import { staticTokenCredential } from '../../src/collect/credentials.js'
import { runScan } from '../../src/app/scan.js'
import { evaluateSnapshot } from '../../src/app/evaluate.js'
import { demoAsset } from '../../src/app/demo.js'

const built = await buildSample()
const sample: Estate = built.estate
const ids = sampleIds()

function byId(estate: Estate, id: string): EstateResource {
  const found = estate.resources.find((r) => r.id.toLowerCase() === id.toLowerCase())
  if (!found) throw new Error(`not in estate: ${id}`)
  return found
}

function props(estate: Estate, id: string): Record<string, unknown> {
  return byId(estate, id).properties
}

function ofType(estate: Estate, type: string): EstateResource[] {
  return estate.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase())
}

const userDatabases = (estate: Estate) => ofType(estate, 'Microsoft.Sql/servers/databases').filter((d) => d.name !== 'master')

describe('sample estate, from every service folder', () => {
  it('parses as an Estate', () => {
    expect(EstateSchema.safeParse(sample).success).toBe(true)
    expect(sample.subscriptions.map((s) => s.displayName)).toEqual(['Velaurum Production', 'Velaurum Shared Services'])
  })

  it('is the same on every build', async () => {
    expect(JSON.stringify((await buildSample()).estate)).toBe(JSON.stringify(sample))
  })

  it('declares drifts on resources that exist, each naming a check of the catalog', () => {
    expect(built.drifts.length).toBeGreaterThanOrEqual(11)
    const ids = new Set([...sample.resources.map((r) => r.id.toLowerCase()), ...sample.subscriptions.map((s) => s.id.toLowerCase())])
    for (const d of built.drifts) expect(ids.has(d.resource.toLowerCase()), d.resource).toBe(true)
  })

  it('has no structural problems: unique ids, types match ids, parents present, logs resolve', () => {
    expect(estateProblems(sample)).toEqual([])
  })

  it('gives every SQL server master, auditing and a protector, and every database its three settings', () => {
    for (const server of ofType(sample, 'Microsoft.Sql/servers')) {
      expect(props(sample, `${server.id}/auditingSettings/default`).state).toBe('Enabled')
      expect(byId(sample, `${server.id}/encryptionProtector/current`).kind).toMatch(/^(azurekeyvault|servicemanaged)$/)
      const master = byId(sample, `${server.id}/databases/master`)
      expect(master.kind).toBe('v12.0,system')
      expect(master.sku).toMatchObject({ tier: 'System' })
    }
    for (const db of ofType(sample, 'Microsoft.Sql/servers/databases')) {
      expect(byId(sample, `${db.id}/transparentDataEncryption/Current`).name).toBe('Current')
      expect(props(sample, `${db.id}/backupShortTermRetentionPolicies/default`).retentionDays).toEqual(expect.any(Number))
      expect(props(sample, `${db.id}/backupLongTermRetentionPolicies/default`).weeklyRetention).toEqual(expect.any(String))
    }
  })

  it('keeps wire quirks: Service Bus type casing and display locations', () => {
    const bus = byId(sample, ids.serviceBusWeu)
    expect(bus.type).toBe('Microsoft.ServiceBus/Namespaces')
    expect(bus.location).toBe('West Europe')
    expect(props(sample, ids.serviceBusWeu).minimumTlsVersion).toBe('1.2')
  })

  it('exposes only the gateways publicly, apart from the jump box drift', () => {
    const attached = ofType(sample, 'Microsoft.Network/publicIPAddresses')
      .map((ip) => (ip.properties.ipConfiguration as { id: string } | undefined)?.id)
      .filter((x): x is string => x !== undefined)
    expect(attached).toEqual([
      `${ids.gatewayCac}/frontendIPConfigurations/appGwPublicFrontendIp`,
      `${ids.gatewayWeu}/frontendIPConfigurations/appGwPublicFrontendIp`,
      `${ids.jumpboxNic}/ipConfigurations/ipconfig1`,
    ])
    // the reference is real: the gateway's frontend configuration names that public IP
    const frontends = props(sample, ids.gatewayCac).frontendIPConfigurations as { id: string; properties: { publicIPAddress: { id: string } } }[]
    expect(frontends[0]!.properties.publicIPAddress.id).toBe(ids.gatewayIpCac)
    expect(props(sample, ids.spareIp).ipConfiguration).toBeUndefined()
  })
})

describe('sample estate drifts listed in docs/sample-estate.md', () => {
  const doc = readFileSync(join(projectRoot(), 'docs', 'sample-estate.md'), 'utf8')

  it('names only resources that exist', () => {
    const driftTable = doc.split('## Drifts: what must fail')[1]!.split('\n## ')[0]!
    const names = [...driftTable.matchAll(/^\| \d+ \| `[a-z-]+` \| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/^\/subscriptions\/.*$/, ''))
      .filter((n) => n !== '')
    expect(names.length).toBeGreaterThanOrEqual(11)
    for (const name of names) {
      expect(sample.resources.some((r) => r.id.endsWith(`/${name}`)), name).toBe(true)
    }
  })

  it('has one database with a 7-day restore window, the others at 35 days or more', () => {
    const short = userDatabases(sample).filter((d) => Number(props(sample, `${d.id}/backupShortTermRetentionPolicies/default`).retentionDays) < 35)
    expect(short.map((d) => d.id)).toEqual([ids.auditDbCac])
    expect(props(sample, `${ids.auditDbCac}/backupShortTermRetentionPolicies/default`).retentionDays).toBe(7)
  })

  it('has one database with local backups and no weekly long-term retention', () => {
    const local = userDatabases(sample).filter((d) => !['Geo', 'GeoZone'].includes(String(d.properties.requestedBackupStorageRedundancy)))
    expect(local.map((d) => d.id)).toEqual([ids.reportingDbWeu])
    const noLtr = userDatabases(sample).filter((d) => props(sample, `${d.id}/backupLongTermRetentionPolicies/default`).weeklyRetention === 'PT0S')
    expect(noLtr.map((d) => d.id)).toEqual([ids.reportingDbWeu])
  })

  it('keeps TDE on for every user database and off for master', () => {
    for (const db of ofType(sample, 'Microsoft.Sql/servers/databases')) {
      expect(props(sample, `${db.id}/transparentDataEncryption/Current`).state).toBe(db.name === 'master' ? 'Disabled' : 'Enabled')
    }
  })

  it('has one key without a rotation policy and one rotating every 18 months', () => {
    const keys = ofType(sample, 'Microsoft.KeyVault/vaults/keys')
    expect(keys).toHaveLength(10)
    expect(keys.filter((k) => k.properties.rotationPolicy === undefined).map((k) => k.id)).toEqual([ids.keyNoRotation])
    const policy = props(sample, ids.keyEighteenMonths).rotationPolicy as { lifetimeActions: { trigger: Record<string, string>; action: { type: string } }[] }
    expect(policy.lifetimeActions.find((a) => a.action.type === 'rotate')?.trigger).toEqual({ timeAfterCreate: 'P18M' })
  })

  it('leaves the West Europe vault without audit events in the last 7 days', () => {
    const rows = Object.values(sample.logs ?? {}).flat()
    const recent = (vaultId: string) => rows.filter((r) => r.ResourceId === vaultId.toUpperCase() && r.TimeGeneratedHoursAgo <= 7 * 24)
    expect(recent(ids.vaultWeu)).toHaveLength(0)
    expect(rows.filter((r) => r.ResourceId === ids.vaultWeu.toUpperCase()).length).toBeGreaterThan(0)
    expect(recent(ids.vaultCac).length).toBeGreaterThan(0)
    expect(recent(ids.vaultShared).length).toBeGreaterThan(0)
  })

  it('has one storage account on TLS 1.0 and one outside the offered regions', () => {
    const accounts = ofType(sample, 'Microsoft.Storage/storageAccounts')
    expect(accounts.filter((a) => a.properties.minimumTlsVersion !== 'TLS1_2').map((a) => a.id)).toEqual([ids.exportsStorage])
    expect(accounts.every((a) => a.properties.supportsHttpsTrafficOnly === true && a.properties.allowBlobPublicAccess === false)).toBe(true)
    expect(byId(sample, ids.archiveStorage).location).toBe('eastasia')
  })

  it('puts every other top-level resource in an offered region', () => {
    const offered = ['canadacentral', 'eastus', 'westus', 'westeurope', 'uksouth', 'australiaeast']
    const topLevel = sample.resources.filter((r) => r.id.split('/').length === 9)
    expect(topLevel.length).toBeGreaterThan(40)
    const outside = topLevel.filter((r) => ![...offered, 'global'].includes(String(r.location).toLowerCase().replace(/\s+/g, '')))
    expect(outside.map((r) => r.id)).toEqual([ids.archiveStorage])
  })

  it('has one Service Bus namespace with local (SAS) auth still on', () => {
    const namespaces = ofType(sample, 'Microsoft.ServiceBus/namespaces')
    expect(namespaces.filter((n) => n.properties.disableLocalAuth !== true).map((n) => n.id)).toEqual([ids.serviceBusWeu])
  })

  it('opens SSH to the internet in exactly one NSG', () => {
    type Rule = { name: string; properties: { access: string; direction: string; sourceAddressPrefix: string; destinationPortRange?: string; destinationPortRanges: string[] } }
    const open = ofType(sample, 'Microsoft.Network/networkSecurityGroups').filter((nsg) =>
      (nsg.properties.securityRules as Rule[]).some(
        (r) =>
          r.properties.access === 'Allow' &&
          r.properties.direction === 'Inbound' &&
          ['Internet', '*', '0.0.0.0/0'].includes(r.properties.sourceAddressPrefix) &&
          [r.properties.destinationPortRange, ...r.properties.destinationPortRanges].some((p) => p === '22' || p === '3389' || p === '*'),
      ),
    )
    expect(open.map((n) => n.id)).toEqual([ids.jumpboxNsg])
    for (const nsg of ofType(sample, 'Microsoft.Network/networkSecurityGroups')) {
      expect((nsg.properties.defaultSecurityRules as Rule[]).map((r) => r.name)).toEqual([
        'AllowVnetInBound',
        'AllowAzureLoadBalancerInBound',
        'DenyAllInBound',
        'AllowVnetOutBound',
        'AllowInternetOutBound',
        'DenyAllOutBound',
      ])
    }
  })

  it('recommends an allowlist naming the two gateways', () => {
    expect(doc).toContain(`- ${ids.gatewayCac}\n`)
    expect(doc).toContain(`- ${ids.gatewayWeu}\n`)
    expect(doc).toContain(`resource: ${ids.jumpboxIp}\n`)
    expect(ids.gatewayCac).toContain(SAMPLE_PROD_SUBSCRIPTION_ID)
  })
})

/** Rows of the markdown table under `heading`, split into trimmed cells. */
function tableRows(doc: string, heading: string): string[][] {
  const section = doc.split(`## ${heading}`)[1]!.split('\n## ')[0]!
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| #') && !l.startsWith('| check') && !l.startsWith('|---'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '').trim()))
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)

describe('sample estate through scan and evaluate (the demo pipeline)', () => {
  it('fails exactly the declared drifts, excepts the excepted ones, and leaves out of scope what docs/sample-estate.md lists', async () => {
    const doc = readFileSync(join(projectRoot(), 'docs', 'sample-estate.md'), 'utf8')
    const config = loadConfig(demoAsset('trustpack.yaml'))
    const now = () => new Date('2026-11-25T12:00:00Z')
    const emu = await startEmulator({ estate: sample })
    const dir = mkdtempSync(join(tmpdir(), 'trustpack-estate-'))
    try {
      const scan = await runScan({ armEndpoint: emu.url, credential: staticTokenCredential('test'), caPem: emu.caPem, out: join(dir, 'snapshot.json'), now, subscriptions: config.config.subscriptions })
      expect(scan.snapshot.errors).toEqual([])
      const results = evaluateSnapshot({ snapshot: scan.snapshot, snapshotSha256: scan.sha256, config, now: now() })
      const key = (checkId: string, id: string) => `${checkId} ${id.toLowerCase()}`
      const expectedFail = built.drifts.filter((d) => !d.excepted).map((d) => key(d.check, d.resource))
      const expectedExcepted = built.drifts.filter((d) => d.excepted).map((d) => key(d.check, d.resource))
      const actual = (pred: (f: (typeof results.findings)[number]) => boolean) => results.findings.filter(pred).map((f) => key(f.checkId, f.resourceId)).sort()
      expect(actual((f) => f.status === 'fail')).toEqual(expectedFail.sort())
      expect(actual((f) => f.status === 'pass' && f.exception !== undefined && f.exception !== null)).toEqual(expectedExcepted.sort())
      const short = (checkId: string, id: string) => `${checkId} ${id.split('/providers/')[1]!.split('/').slice(2).join('/')}`
      const expectedNa = tableRows(doc, 'What must be `not_applicable`').flatMap((r) => ticked(r[0]!).flatMap((c) => ticked(r[1]!).map((res) => `${c} ${res}`)))
      const na = results.findings.filter((f) => f.status === 'not_applicable').map((f) => short(f.checkId, f.resourceId))
      for (const n of expectedNa) expect(na, n).toContain(n)
      expect(results.findings.filter((f) => f.status === 'error')).toEqual([])
    } finally {
      await emu.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('generateEstate', () => {
  const small = { servers: 3, databasesPerServer: 5, vaults: 2, keysPerVault: 4, subscriptions: 2 }

  it('yields the requested counts', () => {
    const estate = generateEstate(small)
    expect(estate.subscriptions).toHaveLength(2)
    expect(ofType(estate, 'Microsoft.Sql/servers')).toHaveLength(3)
    expect(ofType(estate, 'Microsoft.Sql/servers/databases')).toHaveLength(3 * 6)
    expect(ofType(estate, 'Microsoft.Sql/servers/databases').filter((d) => d.name === 'master')).toHaveLength(3)
    for (const child of ['transparentDataEncryption', 'backupShortTermRetentionPolicies', 'backupLongTermRetentionPolicies']) {
      expect(ofType(estate, `Microsoft.Sql/servers/databases/${child}`)).toHaveLength(18)
    }
    expect(ofType(estate, 'Microsoft.Sql/servers/auditingSettings')).toHaveLength(3)
    expect(ofType(estate, 'Microsoft.KeyVault/vaults')).toHaveLength(2)
    expect(ofType(estate, 'Microsoft.KeyVault/vaults/keys')).toHaveLength(8)
    for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.Network/networkSecurityGroups', 'Microsoft.Network/publicIPAddresses']) {
      expect(ofType(estate, type)).toHaveLength(4)
    }
    for (const type of ['Microsoft.Network/applicationGateways', 'Microsoft.ServiceBus/namespaces', 'Microsoft.OperationalInsights/workspaces', 'Microsoft.Web/sites', 'Microsoft.Web/sites/config', 'Microsoft.App/containerApps', 'Microsoft.App/managedEnvironments']) {
      expect(ofType(estate, type)).toHaveLength(2)
    }
    expect(estateProblems(estate)).toEqual([])
    expect(EstateSchema.safeParse(estate).success).toBe(true)
  })

  it('is deterministic, and the seed changes it', () => {
    expect(JSON.stringify(generateEstate(small))).toBe(JSON.stringify(generateEstate(small)))
    const other = generateEstate({ ...small, seed: 2 })
    expect(other.subscriptions[0]!.subscriptionId).not.toBe(generateEstate(small).subscriptions[0]!.subscriptionId)
  })

  it('builds the benchmark estate (20 servers × 100 databases) with drifts to find', () => {
    const estate = generateEstate({ servers: 20, databasesPerServer: 100, vaults: 10, keysPerVault: 20, subscriptions: 3 })
    const dbs = userDatabases(estate)
    expect(dbs).toHaveLength(2000)
    expect(ofType(estate, 'Microsoft.Sql/servers/databases/transparentDataEncryption')).toHaveLength(2020)
    expect(ofType(estate, 'Microsoft.KeyVault/vaults/keys')).toHaveLength(200)
    expect(new Set(estate.resources.map((r) => r.id.toLowerCase())).size).toBe(estate.resources.length)
    const index = new Map(estate.resources.map((r) => [r.id, r]))
    const short = dbs.filter((d) => index.get(`${d.id}/backupShortTermRetentionPolicies/default`)?.properties.retentionDays === 7)
    expect(short.length).toBeGreaterThan(40)
    expect(short.length).toBeLessThan(200)
    expect(estateProblems(estate)).toEqual([])
  })

  it('rejects counts that are not whole numbers', () => {
    expect(() => generateEstate({ ...small, servers: -1 })).toThrow(/servers/)
    expect(() => generateEstate({ ...small, keysPerVault: 1.5 })).toThrow(/keysPerVault/)
    expect(() => generateEstate({ ...small, subscriptions: 0 })).toThrow(/subscriptions/)
  })
})

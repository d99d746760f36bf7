// bench:evaluate — evaluate time for 100,000+ findings. Generates a snapshot shaped like a scan's (every
// population listed, so no finding is a "never listed" error padding the count) whose checks yield at least
// 100,000 findings, or reads one (an estate this bench never saw), and times evaluateSnapshot on it: catalog
// load, index, every check, exceptions, roll-up. Timings are printed as ratios to the 1 s goal and to a
// baseline measured in the same run (JSON.parse of the same snapshot), so a busy machine shows as such.
//
//   npm run build && npm run bench:evaluate                      # generated, 2,500 resource groups
//   npm run bench:evaluate -- 5000                               # bigger
//   npm run bench:evaluate -- --snapshot path/to/snapshot.json   # an estate of your own
//   npm run bench:evaluate -- --runs 9                           # more warm runs (default 5)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { evaluateFile, evaluateSnapshot } from '../src/app/evaluate.js'
import { completeSnapshot } from '../src/snapshot/io.js'
import { SNAPSHOT_SCHEMA_VERSION, type ListRecord, type Resource, type Snapshot } from '../src/snapshot/schema.js'
import type { Results } from '../src/snapshot/results.js'
import { requireCatalog } from '../src/catalog/load.js'
import { isTopLevelResourceId } from '../src/checks/values.js'
import { parentIdOf } from '../src/checks/snapshot-index.js'

const GOAL_MS = 1000
const SUB = '00000000-0000-0000-0000-0000000000b0'
const NO_CONFIG = { config: {}, file: null, lineOf: () => 1 }
const NOW = new Date('2026-11-25T00:00:00Z')

function generate(groups: number): Snapshot {
  const resources: Resource[] = []
  let call = 0
  const add = (id: string, type: string, properties: Record<string, unknown>, location: string | null = 'eastus'): void => {
    resources.push({ id, type, name: id.slice(id.lastIndexOf('/') + 1), location, subscriptionId: SUB, properties, callIds: [`c${++call}`] })
  }
  add(`/subscriptions/${SUB}`, 'microsoft.resources/subscriptions', { displayName: 'bench', state: 'Enabled' }, null)
  for (const plan of ['SqlServers', 'KeyVaults', 'StorageAccounts', 'AppServices', 'Containers']) {
    add(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/${plan}`, 'microsoft.security/pricings', { pricingTier: 'Standard' }, null)
  }
  for (let g = 0; g < groups; g++) {
    const odd = g % 7 === 0 // some drift so fail paths are exercised too
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-${g}/providers`
    const sql = `${rg}/Microsoft.Sql/servers/sql-${g}`
    add(sql, 'microsoft.sql/servers', { minimalTlsVersion: odd ? '1.0' : '1.2', publicNetworkAccess: 'Disabled' })
    add(`${sql}/auditingSettings/default`, 'microsoft.sql/servers/auditingsettings', { state: 'Enabled' }, null)
    add(`${sql}/encryptionProtector/current`, 'microsoft.sql/servers/encryptionprotector', { serverKeyType: 'AzureKeyVault' }, null)
    add(`${sql}/firewallRules/azure`, 'microsoft.sql/servers/firewallrules', { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }, null)
    add(`${sql}/firewallRules/office`, 'microsoft.sql/servers/firewallrules', { startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }, null)
    for (const db of ['master', 'orders', 'billing']) {
      const id = `${sql}/databases/${db}`
      add(id, 'microsoft.sql/servers/databases', { currentBackupStorageRedundancy: odd ? 'Local' : 'Geo' })
      if (db === 'master') continue // a scan reads no child setting of master
      add(`${id}/transparentDataEncryption/Current`, 'microsoft.sql/servers/databases/transparentdataencryption', { state: 'Enabled' }, null)
      add(`${id}/backupShortTermRetentionPolicies/default`, 'microsoft.sql/servers/databases/backupshorttermretentionpolicies', { retentionDays: 35 }, null)
      add(`${id}/backupLongTermRetentionPolicies/default`, 'microsoft.sql/servers/databases/backuplongtermretentionpolicies', { weeklyRetention: 'P4W' }, null)
    }
    const kv = `${rg}/Microsoft.KeyVault/vaults/kv-${g}`
    add(kv, 'microsoft.keyvault/vaults', { enableSoftDelete: true, enablePurgeProtection: true, publicNetworkAccess: 'Disabled' })
    add(`${kv}/auditEvents/last7days`, 'microsoft.keyvault/vaults/auditevents', { windowDays: 7, eventCount: odd ? 0 : 12 }, null)
    for (const k of ['a', 'b']) {
      add(`${kv}/keys/${k}`, 'microsoft.keyvault/vaults/keys', { rotationPolicy: { attributes: { expiryTime: 'P2Y' }, lifetimeActions: [{ trigger: { timeAfterCreate: odd ? 'P18M' : 'P90D' }, action: { type: 'rotate' } }] } })
    }
    add(`${rg}/Microsoft.Storage/storageAccounts/st${g}`, 'microsoft.storage/storageaccounts', { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, publicNetworkAccess: 'Disabled', allowBlobPublicAccess: false })
    add(`${rg}/Microsoft.Network/networkSecurityGroups/nsg-${g}`, 'microsoft.network/networksecuritygroups', {
      securityRules: [
        { name: 'https', properties: { protocol: 'Tcp', sourceAddressPrefix: '*', destinationPortRange: '443', access: 'Allow', priority: 100, direction: 'Inbound' } },
        { name: 'ssh', properties: { protocol: 'Tcp', sourceAddressPrefix: odd ? 'Internet' : '10.0.0.0/8', destinationPortRange: '22', access: 'Allow', priority: 110, direction: 'Inbound' } },
      ],
      defaultSecurityRules: [{ name: 'DenyAllInBound', properties: { protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*', access: 'Deny', priority: 65500, direction: 'Inbound' } }],
    })
    const agw = `${rg}/Microsoft.Network/applicationGateways/agw-${g}`
    add(agw, 'microsoft.network/applicationgateways', { sslPolicy: { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' } })
    add(`${rg}/Microsoft.Network/publicIPAddresses/pip-${g}`, 'microsoft.network/publicipaddresses', { ipConfiguration: { id: `${agw}/frontendIPConfigurations/fe` } })
    add(`${rg}/Microsoft.ServiceBus/namespaces/sb-${g}`, 'microsoft.servicebus/namespaces', { minimumTlsVersion: '1.2', disableLocalAuth: !odd, publicNetworkAccess: 'Disabled' })
    add(`${rg}/Microsoft.OperationalInsights/workspaces/law-${g}`, 'microsoft.operationalinsights/workspaces', { retentionInDays: 400 })
    const site = `${rg}/Microsoft.Web/sites/app-${g}`
    add(site, 'microsoft.web/sites', { httpsOnly: true })
    add(`${site}/config/web`, 'microsoft.web/sites/config', { minTlsVersion: '1.2' }, null)
    add(`${rg}/Microsoft.App/containerApps/ca-${g}`, 'microsoft.app/containerapps', { configuration: { ingress: { external: false, allowInsecure: false } } }, odd ? 'East Asia' : 'eastus')
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION, tool: { name: 'trustpack', version: 'bench' },
    startedAt: '2026-11-01T00:00:00Z', finishedAt: '2026-11-01T00:10:00Z',
    endpoints: { arm: 'https://management.azure.com', logs: 'https://api.loganalytics.io' },
    subscriptions: [{ subscriptionId: SUB, displayName: 'bench', tenantId: null, state: 'Enabled' }],
    resources, errors: [], calls: [], lists: listsOf(resources), notes: [],
  }
}

/**
 * The list records a scan would have made: each checked top-level type (and the generic resource list) under
 * the subscription, and each child type under every resource of its parent type, complete, with their counts.
 */
function listsOf(resources: Resource[]): ListRecord[] {
  const counts = new Map<string, number>()
  const bump = (scope: string, type: string, n = 1): void => {
    const key = `${scope}|${type}`
    counts.set(key, (counts.get(key) ?? 0) + n)
  }
  const sub = `/subscriptions/${SUB}`
  for (const c of requireCatalog().checks) if (c.def.resource.split('/').length === 2 && c.def.resource !== 'microsoft.resources/subscriptions') bump(sub, c.def.resource, 0)
  const byType = new Map<string, Resource[]>()
  for (const r of resources) {
    const list = byType.get(r.type)
    if (list) list.push(r)
    else byType.set(r.type, [r])
  }
  for (const r of resources) {
    if (r.type === 'microsoft.security/pricings') bump(sub, r.type) // extension resources of the subscription
    else if (isTopLevelResourceId(r.id)) {
      bump(sub, r.type)
      bump(sub, 'microsoft.resources/resources')
    } else if (r.type.split('/').length > 2) bump(parentIdOf(r.id), r.type)
  }
  // Child types with no member under some parent are listed (empty) there too.
  for (const type of byType.keys()) {
    const parentType = type.split('/').slice(0, -1).join('/')
    if (type.split('/').length <= 2) continue
    for (const p of byType.get(parentType) ?? []) bump(p.id, type, 0)
  }
  return [...counts.entries()].map(([key, items], i) => {
    const [scope, resourceType] = key.split('|') as [string, string]
    return { scope, resourceType, operation: 'bench', pages: [{ callId: `l${i + 1}`, items }], items, complete: true }
  })
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function ms(x: number): string {
  return `${x.toFixed(0)} ms`
}

function ratio(x: number, of: number): string {
  return `${(x / of).toFixed(2)}×`
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now()
  const value = fn()
  return { ms: performance.now() - t, value }
}

const argv = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const runs = Math.max(2, Number(opt('--runs') ?? 5))
const given = opt('--snapshot')
const groups = Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== '--runs') ?? 2500)

const made = time(() => (given ? readFileSync(given, 'utf8') : JSON.stringify(generate(groups))))
const text = made.value
// Each run evaluates a fresh parse, as `trustpack evaluate` does once per process, with only that one snapshot
// and its results in memory (the command never holds more): the previous run's are dropped first.
const parses: number[] = []
const evaluations: { ms: number; value: Results }[] = []
let resources = 0
for (let i = 0; i < runs; i++) {
  const p = time(() => completeSnapshot(JSON.parse(text) as Snapshot))
  parses.push(p.ms)
  resources = p.value.resources.length
  const e = time(() => evaluateSnapshot({ snapshot: p.value, snapshotSha256: '0'.repeat(64), config: NO_CONFIG, now: NOW }))
  evaluations.push(i === 0 ? e : { ms: e.ms, value: evaluations[0]!.value })
}
const results = evaluations[0]!.value
const cold = evaluations[0]!.ms
const warm = median(evaluations.slice(1).map((e) => e.ms))
const parse = median(parses)

// End to end as the command runs it: read, validate, evaluate, validate results, write results.json.
const dir = mkdtempSync(join(tmpdir(), 'tp-bench-evaluate-'))
const snapPath = join(dir, 'snapshot.json')
writeFileSync(snapPath, text)
const e2e = time(() => evaluateFile(snapPath, { config: NO_CONFIG, now: NOW, out: join(dir, 'results.json') }))
rmSync(dir, { recursive: true, force: true })

const byStatus: Record<string, number> = {}
for (const f of results.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1
const n = results.findings.length
console.log(`snapshot:   ${given ?? `generated, ${groups} resource groups`}: ${resources} resources, ${(text.length / 1e6).toFixed(1)} MB (${ms(made.ms)})`)
console.log(`findings:   ${n} ${JSON.stringify(byStatus)} from ${results.checks.length} checks; ${results.controls.length} controls`)
if (n < 100_000) console.log(`note:       fewer than 100,000 findings: pass a larger GROUPS`)
console.log(`evaluate:   ${ms(cold)} first run (catalog load, index, checks, exceptions, roll-up), ${ms(warm)} median of the next ${runs - 1}`)
console.log(`goal:       ${ms(GOAL_MS)} for 100,000 findings: first run ${ratio(cold, GOAL_MS)} the goal, later runs ${ratio(warm, GOAL_MS)} (${ms((cold * 100_000) / n)} per 100,000 findings)`)
console.log(`baseline:   JSON.parse of the same snapshot, median ${ms(parse)} in this run: evaluate is ${ratio(cold, parse)} (first) and ${ratio(warm, parse)} (later) of it`)
console.log(`end to end: trustpack evaluate (read + validate snapshot, evaluate, validate + write results.json): ${ms(e2e.ms)}, ${ratio(e2e.ms, GOAL_MS)} the goal, ${ratio(e2e.ms, parse)} JSON.parse`)

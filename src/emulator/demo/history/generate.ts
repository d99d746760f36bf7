// The sample estate's recorded history (docs/history.md "The demo's history"): eight evaluate runs, the last
// run of the second quarter and then one every 14 days through the third, derived deterministically from
// the demo's own snapshot so that `trustpack demo` can show a period pack. The story it tells:
//   - SQL server sql-vel-prod-weu drops to TLS 1.0 on 2026-07-29 and is put back on 2026-08-26 (a remediated failure);
//   - storage account stvelexportscac runs TLS 1.0 under an exception that expires on 2026-08-31, so from
//     the 2026-09-09 run its failure counts (an expired exception, a new failure);
//   - a legacy storage account open to the internet is deleted after 2026-07-15 (a removed resource, a
//     finding fixed by removal), and a backup account is added from 2026-08-26 (a new resource).
// Every run is evaluated with the demo's configuration (plus that exception) at its own date, and recorded
// through the evidence store like any `evaluate --record`, signed with the demo's key.
import type { LoadedConfig } from '../../../core/config.js'
import { sha256Hex } from '../../../core/json.js'
import type { Snapshot, Resource } from '../../../snapshot/schema.js'
import type { Results } from '../../../snapshot/results.js'
import type { Signer } from '../../../report/pack/manifest.js'
import { appendRun } from '../../../history/chain.js'
import type { HistoryStore } from '../../../history/store.js'

export const DEMO_RUN_DAYS = ['2026-06-30', '2026-07-01', '2026-07-15', '2026-07-29', '2026-08-12', '2026-08-26', '2026-09-09', '2026-09-23'] as const
export const DEMO_PERIOD = { from: '2026-07-01', to: '2026-09-30', cadenceDays: 14 } as const

const SQL_WEU = /\/servers\/sql-vel-prod-weu$/i
const EXPORTS = /\/storageAccounts\/stvelexportscac$/i
export const DEMO_EXCEPTION = {
  check: 'storage-min-tls',
  reason: 'Legacy export client of a customer needs TLS 1.0 until its migration (PLAT-377)',
  owner: 'platform-security@velaurum.example',
  expires: '2026-08-31',
}

function storageClone(base: Resource, name: string, props: Record<string, unknown>): Resource {
  const id = base.id.replace(/[^/]+$/, name)
  return { ...base, id, name, properties: { ...base.properties, ...props } }
}

function shiftTimes(snapshot: Snapshot, day: string): Snapshot {
  const origin = Date.parse(snapshot.startedAt)
  const target = Date.parse(`${day}T06:00:00.000Z`)
  const shift = (iso: string): string => new Date(Date.parse(iso) - origin + target).toISOString()
  return {
    ...snapshot,
    startedAt: shift(snapshot.startedAt),
    finishedAt: shift(snapshot.finishedAt),
    calls: snapshot.calls.map((c) => ({ ...c, startedAt: shift(c.startedAt) })),
  }
}

/** The estate as it stood on `day` (index i of DEMO_RUN_DAYS). */
export function estateOn(base: Snapshot, i: number): Snapshot {
  const day = DEMO_RUN_DAYS[i]!
  const storage = base.resources.find((r) => EXPORTS.test(r.id))
  const resources: Resource[] = base.resources.map((r) => {
    if (SQL_WEU.test(r.id) && (day === '2026-07-29' || day === '2026-08-12')) return { ...r, properties: { ...r.properties, minimalTlsVersion: '1.0' } }
    return r
  })
  const added: Resource[] = []
  if (storage && i <= 2) added.push(storageClone(storage, 'stvellegacycac', { minimumTlsVersion: 'TLS1_2', publicNetworkAccess: 'Enabled', allowBlobPublicAccess: true, networkAcls: { defaultAction: 'Allow' } }))
  if (storage && day >= '2026-08-26') added.push(storageClone(storage, 'stvelbackupcac', { minimumTlsVersion: 'TLS1_2' }))
  const lists = base.lists?.map((l) => {
    const n = added.filter((r) => storage && l.resourceType === storage.type && r.subscriptionId === storage.subscriptionId && l.scope.toLowerCase() === `/subscriptions/${storage.subscriptionId}`.toLowerCase()).length
    if (n === 0) return l
    return { ...l, items: l.items + n, pages: l.pages.map((p, k) => (k === l.pages.length - 1 ? { ...p, items: p.items + n } : p)) }
  })
  return shiftTimes({ ...base, resources: [...resources, ...added], ...(lists ? { lists } : {}) }, day)
}

/** The demo config with the history's exception added (the sample's own exceptions kept). */
export function historyConfig(config: LoadedConfig, base: Snapshot): LoadedConfig {
  const storage = base.resources.find((r) => EXPORTS.test(r.id))
  if (!storage) return config
  return { ...config, config: { ...config.config, exceptions: [...(config.config.exceptions ?? []), { ...DEMO_EXCEPTION, resource: storage.id }] } }
}

/**
 * Records the history into `store`: each day's estate evaluated at that day, recorded in order.
 * `evaluate` is the evaluate use case (passed in, so this module stays below app/).
 */
export async function recordDemoHistory(input: {
  store: HistoryStore
  base: Snapshot
  config: LoadedConfig
  signer: Signer | null
  toolVersion: string
  evaluate: (snapshot: Snapshot, sha256: string, config: LoadedConfig, now: Date) => Results
}): Promise<number> {
  const config = historyConfig(input.config, input.base)
  for (let i = 0; i < DEMO_RUN_DAYS.length; i++) {
    const snapshot = estateOn(input.base, i)
    const snapshotBytes = Buffer.from(JSON.stringify(snapshot, null, 2) + '\n', 'utf8')
    const at = new Date(Date.parse(snapshot.finishedAt) + 60_000)
    const results = input.evaluate(snapshot, sha256Hex(snapshotBytes), config, at)
    await appendRun(input.store, {
      kind: 'evaluate', recordedAt: at.toISOString(), toolVersion: input.toolVersion,
      snapshot: snapshotBytes, snapshotTimes: { startedAt: snapshot.startedAt, finishedAt: snapshot.finishedAt },
      results: Buffer.from(JSON.stringify(results, null, 2) + '\n', 'utf8'), evaluatedAt: results.evaluatedAt,
      config: null, signer: input.signer,
    })
  }
  return DEMO_RUN_DAYS.length
}

// Benchmark: scan generated estates through the HTTPS emulator with per-request latency and ARM's
// per-subscription token buckets, and print ratios measured in the same run:
//   1. wall time against the floor the buckets allow, with and without the remaining-reads header;
//      requests against the minimum a complete scan needs; 429s as a share of requests;
//   2. 200 small subscriptions (a bucket each) against the largest of them alone, and against the floor of one
//      subscription of the same total size;
// The floor is computed from the bucket model, per subscription: max(latency-bound critical path,
// latency + (reads - burst) / refill); the scan's floor is the largest over its subscriptions (they do not
// share a bucket). The minimum counts every page of every list at the service's page size and every GET once.
//   npm run bench:scan -- [--servers 4] [--dbs 100] [--vaults 4] [--keys 50] [--subscriptions 2]
//                         [--latency 5] [--burst 250] [--rate 25] [--concurrency 12]
//                         [--many 200] [--many-burst 10] [--many-rate 2] [--only pacing,many,graph]
//   3. the inventory from Resource Graph (`--inventory resource-graph`) against per-subscription lists
//      (`--inventory arm`) on the same many-subscription estate: requests (in all, and charged to the
//      subscriptions' buckets) and wall time; Resource Graph with its quota of 15 queries per 5 s.
import { parseArgs } from 'node:util'
import { generateEstate } from '../src/emulator/generate.js'
import type { Estate } from '../src/emulator/estate.js'
import { PAGE_SIZES, startEmulator, type EmulatorOptions } from '../src/emulator/server.js'
import { runScan, type ScanOptions } from '../src/app/scan.js'
import { staticTokenCredential } from '../src/collect/credentials.js'
import type { Snapshot } from '../src/snapshot/schema.js'

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '4' },
    dbs: { type: 'string', default: '100' },
    vaults: { type: 'string', default: '4' },
    keys: { type: 'string', default: '50' },
    subscriptions: { type: 'string', default: '2' },
    latency: { type: 'string', default: '5' },
    burst: { type: 'string', default: '250' },
    rate: { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '12' },
    many: { type: 'string', default: '200' },
    'many-burst': { type: 'string', default: '10' },
    'many-rate': { type: 'string', default: '2' },
    only: { type: 'string', default: 'pacing,many,graph' },
  },
})
const n = (s: string | undefined): number => Number(s)
const latency = n(values.latency)
const concurrency = n(values.concurrency)
const only = new Set(String(values.only).split(','))

interface Measured {
  wall: number
  made: number
  throttled: number
  minimum: number
  floor: number
  complete: boolean
  errors: number
  resources: number
  /** requests answered (other than 429) that were charged to a subscription's bucket */
  subscriptionReads: number
}

const subscriptionOf = (url: string): string | null => /\/subscriptions\/([^/?]+)\//i.exec(new URL(url, 'https://x').pathname + '/')?.[1]?.toLowerCase() ?? null

/** The minimum requests a complete scan needs, per throttling scope ('tenant' and 'logs' included). */
function minimumByScope(snapshot: Snapshot): Map<string, number> {
  const out = new Map<string, number>()
  const add = (k: string, v: number): void => {
    out.set(k, (out.get(k) ?? 0) + v)
  }
  const pageCalls = new Set((snapshot.lists ?? []).flatMap((l) => l.pages.map((p) => p.callId)))
  // Resource Graph's rows: every population from it shares the query's pages, 1,000 rows a page.
  const graphRows = (snapshot.lists ?? []).filter((l) => l.source === 'resource-graph').reduce((sum, l) => sum + l.items, 0)
  if ((snapshot.lists ?? []).some((l) => l.source === 'resource-graph')) add('graph', Math.max(1, Math.ceil(graphRows / 1000)))
  for (const l of snapshot.lists ?? []) {
    if (l.note || l.source === 'resource-graph') continue
    add(subscriptionOf(l.scope + '/x') ?? 'tenant', Math.max(1, Math.ceil(l.items / (PAGE_SIZES[l.resourceType] ?? 100))))
  }
  const gets = new Set<string>()
  for (const c of snapshot.calls) {
    if (c.status !== 200 || pageCalls.has(c.id)) continue
    const key = `${c.method} ${c.url}`
    if (gets.has(key)) continue
    gets.add(key)
    add(c.method === 'POST' ? (/\/v1\/workspaces\//.test(c.url) ? 'logs' : 'graph') : (subscriptionOf(c.url) ?? 'tenant'), 1)
  }
  return out
}

/** The floor: per subscription, max(critical path, latency + (reads - burst) / refill); the largest wins. */
function floorOf(minimum: Map<string, number>, burst: number, rate: number, criticalPath: number): number {
  let floor = criticalPath
  for (const [scope, reads] of minimum) {
    if (scope === 'logs' || scope === 'graph') continue
    floor = Math.max(floor, latency / 1000 + Math.max(0, reads - burst) / rate)
  }
  return floor
}

async function measure(estate: Estate, emu: Omit<EmulatorOptions, 'estate'>, scan: Partial<ScanOptions>, burst: number, rate: number): Promise<Measured> {
  const server = await startEmulator({ estate, latencyMs: latency, ...emu })
  try {
    const t0 = performance.now()
    const { snapshot } = await runScan({
      armEndpoint: server.url,
      credential: staticTokenCredential('bench'),
      caPem: server.caPem,
      concurrency,
      allowPartial: true,
      maxRetries: 20,
      ...scan,
    })
    const wall = (performance.now() - t0) / 1000
    const byScope = minimumByScope(snapshot)
    const minimum = [...byScope.values()].reduce((a, b) => a + b, 0)
    // The longest chain of requests that must follow one another: subscriptions, a list's pages, a child list's
    // pages, a GET under its items, and the audit-log query after every list.
    const maxPages = Math.max(1, ...(snapshot.lists ?? []).map((l) => l.pages.length))
    const criticalPath = ((4 + 2 * maxPages) * latency) / 1000
    const listed = new Set((snapshot.lists ?? []).map((l) => l.resourceType).filter((t) => !t.startsWith('microsoft.resources/')))
    const wire = estate.resources.filter((r) => listed.has(r.type.toLowerCase())).length
    const kept = snapshot.resources.filter((r) => listed.has(r.type)).length
    return {
      wall,
      made: server.requests.length,
    subscriptionReads: server.requests.filter((r) => r.status !== 429 && /^\/subscriptions\/[^/]+\/./i.test(r.path)).length,
      throttled: server.requests.filter((r) => r.status === 429).length,
      minimum,
      floor: floorOf(byScope, burst, rate, criticalPath),
      complete: (snapshot.lists ?? []).every((l) => l.complete) && kept === wire && snapshot.errors.length === 0,
      errors: snapshot.errors.length,
      resources: snapshot.resources.length,
    }
  } finally {
    await server.close()
  }
}

const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`

if (only.has('pacing')) {
  const estate = generateEstate({ servers: n(values.servers), databasesPerServer: n(values.dbs), vaults: n(values.vaults), keysPerVault: n(values.keys), subscriptions: n(values.subscriptions) })
  const burst = n(values.burst)
  const rate = n(values.rate)
  console.log(`1. pacing — estate: ${estate.resources.length} resources (${values.servers} servers × ${values.dbs} databases, ${values.vaults} vaults × ${values.keys} keys paged at 25, ${values.subscriptions} subscriptions)`)
  console.log(`   emulator: ${latency} ms latency, a token bucket per subscription of ${burst} reads burst + ${rate}/s (429 with Retry-After when empty); concurrency ${concurrency} per subscription`)
  console.log('   header   requests  minimum  req/min  429s  429 share  complete  wall (s)  floor (s)  wall/floor')
  for (const header of [true, false]) {
    const m = await measure(estate, { rateLimit: { capacity: burst, refillPerSecond: rate, remainingHeader: header } }, { inventory: 'arm' }, burst, rate)
    console.log(
      [
        (header ? 'on' : 'off').padStart(9),
        String(m.made).padStart(9),
        String(m.minimum).padStart(8),
        ratio(m.made - m.throttled, m.minimum).padStart(8),
        String(m.throttled).padStart(5),
        pct(m.throttled, m.made).padStart(10),
        (m.complete ? 'yes' : `NO (${m.errors} errors)`).padStart(9),
        m.wall.toFixed(1).padStart(9),
        m.floor.toFixed(1).padStart(10),
        ratio(m.wall, m.floor).padStart(11),
      ].join('  '),
    )
  }
  console.log('   (req/min: requests answered other than 429, against the minimum; a 429 is counted in its share instead)')
  console.log('')
}

if (only.has('many')) {
  const count = n(values.many)
  const burst = n(values['many-burst'])
  const rate = n(values['many-rate'])
  // One server (two databases and master), one vault (three keys) and the shared plumbing per subscription.
  const estate = generateEstate({ servers: count, databasesPerServer: 2, vaults: count, keysPerVault: 3, subscriptions: count })
  const largestSub = estate.subscriptions[0]!.subscriptionId
  const alone: Estate = { ...estate, subscriptions: [estate.subscriptions[0]!], resources: estate.resources.filter((r) => r.id.toLowerCase().startsWith(`/subscriptions/${largestSub}/`)) }
  console.log(`2. ${count} subscriptions — ${estate.resources.length} resources (${alone.resources.length} per subscription); a bucket per subscription of ${burst} burst + ${rate}/s, header on`)
  const limit = { rateLimit: { capacity: burst, refillPerSecond: rate } }
  const one = await measure(alone, limit, { subscriptions: [largestSub], inventory: 'arm' }, burst, rate)
  const all = await measure(estate, limit, { inventory: 'arm' }, burst, rate)
  const sameSizeFloor = latency / 1000 + Math.max(0, all.minimum - burst) / rate
  console.log('   scan                      requests  minimum  429s  complete  wall (s)  floor (s)')
  for (const [name, m] of [['the largest one alone', one], [`all ${count}`, all]] as const) {
    console.log(`   ${name.padEnd(24)}${String(m.made).padStart(9)}${String(m.minimum).padStart(9)}${String(m.throttled).padStart(6)}${(m.complete ? 'yes' : `NO (${m.errors})`).padStart(10)}${m.wall.toFixed(1).padStart(10)}${m.floor.toFixed(1).padStart(11)}`)
  }
  console.log(`   ${count} subscriptions / the largest alone: ${ratio(all.wall, one.wall)} in time`)
  console.log(`   one subscription of the same total size (${all.minimum} reads in one bucket) could not go faster than ${sameSizeFloor.toFixed(0)} s: ${count} subscriptions were ${(sameSizeFloor / all.wall).toFixed(0)}× faster than that floor`)
  console.log('')
}

if (only.has('graph')) {
  const count = n(values.many)
  const burst = n(values['many-burst'])
  const rate = n(values['many-rate'])
  const estate = generateEstate({ servers: count, databasesPerServer: 2, vaults: count, keysPerVault: 3, subscriptions: count })
  const emu = { rateLimit: { capacity: burst, refillPerSecond: rate }, resourceGraph: { quota: { queries: 15, windowSeconds: 5 } } }
  console.log(`3. inventory — the ${count}-subscription estate above; Resource Graph (quota 15 queries / 5 s) against per-subscription lists`)
  const arm = await measure(estate, emu, { inventory: 'arm' }, burst, rate)
  const graph = await measure(estate, emu, { inventory: 'resource-graph' }, burst, rate)
  console.log('   inventory                 requests  charged to subscriptions  429s  complete  wall (s)')
  for (const [name, m] of [['per-subscription lists', arm], ['Resource Graph', graph]] as const) {
    console.log(`   ${name.padEnd(24)}${String(m.made).padStart(9)}${String(m.subscriptionReads).padStart(26)}${String(m.throttled).padStart(6)}${(m.complete ? 'yes' : `NO (${m.errors})`).padStart(10)}${m.wall.toFixed(1).padStart(10)}`)
  }
  console.log(`   Resource Graph / per-subscription lists: ${ratio(graph.made, arm.made)} the requests, ${ratio(graph.subscriptionReads, arm.subscriptionReads)} of them charged to subscriptions, ${ratio(graph.wall, arm.wall)} the time`)
  console.log('')
}

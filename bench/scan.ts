// Benchmark: scan a large generated estate through the HTTPS emulator with per-request
// latency and a token-bucket rate limit, keys paged at 25 as Key Vault pages them, and report
// requests made against the minimum a complete scan needs, 429s provoked, whether every item
// of every list was kept, wall time, and the floor the rate limit allows.
//   npm run bench:scan -- [--servers 20] [--dbs 100] [--vaults 10] [--keys 60]
//                         [--latency 25] [--burst 250] [--rate 200] [--concurrency 12,32] [--no-remaining-header]
import { parseArgs } from 'node:util'
import { generateEstate } from '../src/emulator/generate.js'
import { PAGE_SIZES, startEmulator } from '../src/emulator/server.js'
import { runScan } from '../src/app/scan.js'
import { staticTokenCredential } from '../src/collect/credentials.js'

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: '20' },
    dbs: { type: 'string', default: '100' },
    vaults: { type: 'string', default: '10' },
    keys: { type: 'string', default: '60' },
    subscriptions: { type: 'string', default: '2' },
    latency: { type: 'string', default: '25' },
    burst: { type: 'string', default: '250' },
    rate: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '12' },
    'no-remaining-header': { type: 'boolean', default: false },
  },
})
const n = (s: string | undefined): number => Number(s)

const estate = generateEstate({
  servers: n(values.servers),
  databasesPerServer: n(values.dbs),
  vaults: n(values.vaults),
  keysPerVault: n(values.keys),
  subscriptions: n(values.subscriptions),
})
const latency = n(values.latency)
const burst = n(values.burst)
const rate = n(values.rate)

console.log(
  `estate: ${estate.resources.length} resources (${values.servers} servers × ${values.dbs} databases, ${values.vaults} vaults × ${values.keys} keys, ${values.subscriptions} subscriptions)`,
)
const remainingHeader = !values['no-remaining-header']
console.log(
  `emulator: ${latency} ms latency per request, token bucket ${burst} burst + ${rate}/s (429 with Retry-After when empty; remaining-reads header ${remainingHeader ? 'on' : 'off'})`,
)
console.log('')
console.log('concurrency  requests  minimum  429s  retried  resources  complete  errors  wall (s)  floor (s)  req/s')

for (const concurrency of String(values.concurrency).split(',').map(Number)) {
  const emu = await startEmulator({ estate, latencyMs: latency, rateLimit: { capacity: burst, refillPerSecond: rate, remainingHeader } })
  try {
    const t0 = performance.now()
    const { snapshot, stats } = await runScan({
      armEndpoint: emu.url,
      credential: staticTokenCredential('bench'),
      caPem: emu.caPem,
      concurrency,
      allowPartial: true,
      maxRetries: 10,
    })
    const wall = (performance.now() - t0) / 1000
    // The minimum a complete scan needs: every page of every list at the service's page size, and every GET once.
    const pageCalls = new Set((snapshot.lists ?? []).flatMap((l) => l.pages.map((p) => p.callId)))
    const pages = (snapshot.lists ?? []).filter((l) => !l.note).reduce((sum, l) => sum + Math.max(1, Math.ceil(l.items / (PAGE_SIZES[l.resourceType] ?? 100))), 0)
    const gets = new Set(snapshot.calls.filter((c) => c.status === 200 && !pageCalls.has(c.id)).map((c) => `${c.method} ${c.url}`)).size
    const minimum = pages + gets
    const made = emu.requests.length
    const throttled = emu.requests.filter((r) => r.status === 429).length
    // Every item of every list kept: each wire resource of a listed type is in the snapshot.
    const listed = new Set((snapshot.lists ?? []).map((l) => l.resourceType).filter((t) => !t.startsWith('microsoft.resources/')))
    const wire = estate.resources.filter((r) => listed.has(r.type.toLowerCase())).length
    const kept = snapshot.resources.filter((r) => listed.has(r.type)).length
    const complete = (snapshot.lists ?? []).every((l) => l.complete) && kept === wire
    // The limiter admits `burst` at once, then `rate` per second; latency bounds the first request.
    const floor = Math.max(0, (minimum - burst) / rate) + latency / 1000
    console.log(
      [
        String(concurrency).padStart(11),
        String(made).padStart(9),
        String(minimum).padStart(8),
        String(throttled).padStart(5),
        String(stats.retried).padStart(8),
        String(snapshot.resources.length).padStart(10),
        (complete ? `yes ${kept}` : `NO ${kept}/${wire}`).padStart(9),
        String(snapshot.errors.length).padStart(7),
        wall.toFixed(1).padStart(9),
        floor.toFixed(1).padStart(10),
        (made / wall).toFixed(0).padStart(6),
      ].join('  '),
    )
  } finally {
    await emu.close()
  }
}

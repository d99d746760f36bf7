// Pacing against the emulator's token buckets (one per subscription, as ARM has), with the real SDK clients:
// what is asserted is counts and orders of requests, never durations.
import { describe, expect, it } from 'vitest'
import { generateEstate } from '../../src/emulator/generate.js'
import type { RequestLogEntry } from '../../src/emulator/server.js'
import { scanEmulator, withEmulator } from './helpers.js'

const subOf = (r: RequestLogEntry): string | undefined => /^\/subscriptions\/([^/]+)\//i.exec(r.path)?.[1]?.toLowerCase()

/** Every (method, path, query) answered other than 429 once: no read was made twice. */
function duplicates(requests: RequestLogEntry[]): string[] {
  const seen = new Map<string, number>()
  for (const r of requests) if (r.status !== 429) seen.set(`${r.method} ${r.path}${r.query} ${r.body ?? ''}`, (seen.get(`${r.method} ${r.path}${r.query} ${r.body ?? ''}`) ?? 0) + 1)
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k)
}

describe('pacing per throttling scope', () => {
  it('pauses only the subscription whose bucket ran out: the other subscription goes on meanwhile', async () => {
    const estate = generateEstate({ servers: 2, databasesPerServer: 2, vaults: 2, keysPerVault: 2, subscriptions: 2 })
    const [a, b] = estate.subscriptions.map((s) => s.subscriptionId.toLowerCase()) as [string, string]
    await withEmulator({
      estate,
      // ARM's own bucket of A is empty (its header says 0) and asks for a 3 s pause, once.
      faults: [{ path: `/subscriptions/${a}/providers/microsoft.storage/storageaccounts`, status: 429, retryAfter: 3, times: 1, headers: { 'x-ms-ratelimit-remaining-subscription-reads': '0' } }],
    }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      const log = emu.requests
      const refusal = log.findIndex((r) => r.status === 429)
      expect(refusal).toBeGreaterThanOrEqual(0)
      // A's storage list asked again: the first request A sent once its pause was over.
      const retry = log.findIndex((r, i) => i > refusal && subOf(r) === a && r.path.toLowerCase().endsWith('/storageaccounts'))
      expect(log[retry]!.status).toBe(200)
      const between = log.slice(refusal + 1, retry)
      // B never waited on A's pause: every read of B was answered before A asked again (B's share is small and
      // A's pause is 3 s, so however the two interleave before the 429, none of B's reads is held behind it).
      expect(log.filter((r) => subOf(r) === b).length).toBeGreaterThan(5)
      expect(log.slice(retry + 1).filter((r) => subOf(r) === b)).toEqual([])
      // …and of A only what was already in flight when the 429 came (at most the concurrency, 12) arrived meanwhile.
      expect(between.filter((r) => subOf(r) === a).length).toBeLessThanOrEqual(12)
      expect(duplicates(log)).toEqual([])
    })
  })

  it('never drains a bucket below zero when the answers carry the remaining-reads header', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 8, vaults: 1, keysPerVault: 30, subscriptions: 1 })
    // A bucket far smaller than the scan (about 100 reads), refilled quickly enough for a short test.
    await withEmulator({ estate, pageSizes: { 'microsoft.keyvault/vaults/keys': 25 }, rateLimit: { capacity: 15, refillPerSecond: 60 } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      expect(emu.requests.length).toBeGreaterThan(60)
      expect(emu.requests.filter((r) => r.status === 429)).toEqual([])
      expect(duplicates(emu.requests)).toEqual([])
    })
  })

  it('keeps few reads in flight on a subscription whose refill is slower than ARM\'s documented 25/s, once a 429 shows it', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 4, vaults: 1, keysPerVault: 10, subscriptions: 1 })
    // The header says what is left, but the refill (6/s) is only learnt by watching it: until then the pacer
    // guesses 25/s, too high, and the first 429 says so. A burst at the concurrency (12) after that 1 s pause
    // would meet a bucket holding about 6 reads; one request at a time, each answer saying what is left, meets
    // none. (Measured: 2 in all, against 6 for a pacer that trusts its guess after the pause.)
    await withEmulator({ estate, rateLimit: { capacity: 12, refillPerSecond: 6 } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      expect(emu.requests.length).toBeGreaterThan(30)
      expect(emu.requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2)
      expect(duplicates(emu.requests)).toEqual([])
    })
  })

  it('sends few reads into a bucket nobody can see: without the header, a 429 finds few others in flight', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 10, vaults: 1, keysPerVault: 30, subscriptions: 1 })
    await withEmulator({ estate, rateLimit: { capacity: 15, refillPerSecond: 60, remainingHeader: false } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      const log = emu.requests
      const first429 = log.findIndex((r) => r.status === 429)
      expect(first429).toBeGreaterThanOrEqual(0)
      // The first refusal's wave: 429s arriving before its Retry-After (1 s) is over. At the concurrency (12)
      // every request in flight would be one; with few in flight, and none sent between a 429 and the pause it
      // causes, a handful.
      const wave = log.filter((r) => r.status === 429 && r.at < log[first429]!.at + 900)
      expect(wave.length).toBeLessThanOrEqual(4)
      expect(duplicates(log)).toEqual([])
    })
  })

  it('learns the rate from 429s when no header says it (AIMD), recovers, and reads everything once', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 10, vaults: 1, keysPerVault: 30, subscriptions: 1 })
    await withEmulator({ estate, rateLimit: { capacity: 15, refillPerSecond: 60, remainingHeader: false } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      expect((snapshot.lists ?? []).every((l) => l.complete)).toBe(true)
      const throttled = emu.requests.filter((r) => r.status === 429).length
      const answered = emu.requests.length - throttled
      // The bucket ran out (the scan needs several times its size), so 429s taught the rate…
      expect(throttled).toBeGreaterThan(0)
      // …and once learnt, few more: the first burst's in-flight requests (up to the concurrency, 12), the probe,
      // then a few per recovery (a loop retrying at full concurrency would answer 429 to most requests).
      expect(throttled).toBeLessThan(answered * 0.3)
      // After the last 429 the scan ran on at its learnt rate: many answers followed it.
      const last429 = emu.requests.map((r) => r.status).lastIndexOf(429)
      expect(emu.requests.length - 1 - last429).toBeGreaterThan(10)
      expect(duplicates(emu.requests)).toEqual([])
    })
  })

  it('slows only the resource provider that throttles on its own: other providers of the subscription go on', async () => {
    const estate = generateEstate({ servers: 4, databasesPerServer: 20, vaults: 1, keysPerVault: 40, subscriptions: 1 })
    // Key Vault's own limit, with ARM's bucket plentiful (its header says so on every other answer). A bucket of five
    // reads, so Key Vault is refused early, while SQL still has hundreds of reads to make.
    await withEmulator({
      estate,
      rateLimit: { capacity: 10_000, refillPerSecond: 1_000 },
      providerLimits: [{ path: '/providers/microsoft.keyvault/vaults/', capacity: 5, refillPerSecond: 20, retryAfter: 1 }],
    }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      expect(snapshot.resources.filter((r) => r.type === 'microsoft.keyvault/vaults/keys')).toHaveLength(40)
      const log = emu.requests
      const isKeyVault = (r: RequestLogEntry): boolean => r.path.toLowerCase().includes('/providers/microsoft.keyvault/vaults/')
      const first429 = log.findIndex((r) => r.status === 429)
      expect(first429).toBeGreaterThanOrEqual(0)
      expect(isKeyVault(log[first429]!)).toBe(true)
      // Key Vault's next read sent after its 1 s Retry-After (reads already in flight when the 429 came arrive within
      // milliseconds of it, so they are told apart by far more than any scheduling jitter).
      const retry = log.findIndex((r, i) => i > first429 && isKeyVault(r) && r.at >= log[first429]!.at + 900)
      expect(retry).toBeGreaterThan(first429)
      // While Key Vault waited, SQL's reads went on: more of them arrived than could have been in flight (the
      // concurrency, 12) had the whole subscription paused.
      const sqlMeanwhile = log.slice(first429 + 1, retry).filter((r) => r.path.toLowerCase().includes('/providers/microsoft.sql/'))
      expect(sqlMeanwhile.length).toBeGreaterThan(12)
      expect(log.filter((r) => r.status === 429).every(isKeyVault)).toBe(true)
      expect(duplicates(log)).toEqual([])
    })
  })

  it('makes exactly the minimum requests when nothing throttles: every page once, every GET once', async () => {
    const estate = generateEstate({ servers: 2, databasesPerServer: 3, vaults: 2, keysPerVault: 30, subscriptions: 2 })
    await withEmulator({ estate, rateLimit: { capacity: 10_000, refillPerSecond: 1_000 } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      const pages = (snapshot.lists ?? []).reduce((sum, l) => sum + l.pages.length, 0)
      const pageCalls = new Set((snapshot.lists ?? []).flatMap((l) => l.pages.map((p) => p.callId)))
      const others = snapshot.calls.filter((c) => !pageCalls.has(c.id)).length
      expect(emu.requests).toHaveLength(pages + others)
      expect(snapshot.calls).toHaveLength(emu.requests.length)
      // 30 keys in pages of 25: two pages per vault, no more.
      expect((snapshot.lists ?? []).filter((l) => l.resourceType === 'microsoft.keyvault/vaults/keys').map((l) => l.pages.length)).toEqual([2, 2])
      expect(duplicates(emu.requests)).toEqual([])
    })
  })

  it('shares one connection pool across the scan\'s SDK clients: connections follow the requests in flight, not the clients', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 2, vaults: 1, keysPerVault: 3, subscriptions: 6 })
    await withEmulator({ estate }, async (emu) => {
      // Two in flight per subscription: at most 12 at once (plus the tenant's), while each subscription uses
      // a dozen SDK clients. A pool per client would open at least one connection per client.
      const { snapshot } = await scanEmulator(emu, { concurrency: 2 })
      expect(snapshot.errors).toEqual([])
      expect(emu.connections).toBeGreaterThan(0)
      expect(emu.connections).toBeLessThanOrEqual(16)
    })
  })

  it('fails a read whose Retry-After is above --max-wait at once, saying so, and reads the rest', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 1, subscriptions: 1 })
    const notices: string[] = []
    await withEmulator({ estate, faults: [{ path: '/providers/microsoft.network/networksecuritygroups', status: 429, retryAfter: 3600 }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { maxRetryAfterMs: 30_000, onNotice: (m) => notices.push(m) })
      const err = snapshot.errors.find((e) => e.resourceType === 'microsoft.network/networksecuritygroups')!
      expect(err).toMatchObject({ status: 429, code: 'TooManyRequests' })
      expect(err.message).toMatch(/asked to wait 3600 s .*longer than the 30 s --max-wait allows/)
      expect(notices.some((n) => /not waiting longer than --max-wait \(30 s\)/.test(n))).toBe(true)
      expect(emu.requests.filter((r) => r.path.toLowerCase().endsWith('/networksecuritygroups'))).toHaveLength(1)
      expect(snapshot.resources.some((r) => r.type === 'microsoft.keyvault/vaults')).toBe(true)
    })
  })
})

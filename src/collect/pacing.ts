// Pacing: one rate controller per throttling scope, so a scan reads as fast as Azure's limits allow and no
// faster. ARM limits reads per subscription (and per tenant for tenant-level calls); a resource provider may
// throttle on its own below that; Resource Graph has its own quota. Each scope is paced on its own:
//   - from the remaining-reads headers when the answers carry them (x-ms-ratelimit-remaining-subscription-reads,
//     -subscription-global-reads, -tenant-reads; Resource Graph's x-ms-user-quota-remaining/-resets-after): the
//     bucket is tracked (every request sent counts against it until an answer says what is left), its refill
//     rate is measured from how the remaining count moves, and a request waits only when none would be left;
//   - without them, from the 429s themselves (additive increase, multiplicative decrease over the rate that
//     actually succeeded), with each Retry-After honoured for that scope alone.
// Requests of different subscriptions never wait on each other: each has its own queue, bucket and in-flight
// bound. Nothing here knows about SDKs: it sees URLs, statuses and headers.

/** A request's place in the throttling scopes: its subscription (or the tenant) and its resource provider there. */
export interface ScopeKeys {
  /** `sub:{id}`, `tenant`, `graph` (Resource Graph's own quota) or `logs` (Log Analytics queries' per-user limits) */
  primary: string
  /** `{primary}|{provider namespace}`: a resource provider's own limits within the primary scope */
  provider: string
}

/** Which scopes a request URL is charged to. */
export function scopesOf(url: string): ScopeKeys {
  let path = url
  try {
    path = new URL(url).pathname
  } catch {
    // keep the raw string
  }
  const lower = path.toLowerCase()
  const namespace = /\/providers\/([^/]+)/.exec(lower)?.[1] ?? 'microsoft.resources'
  if (/^\/providers\/microsoft\.resourcegraph\//.test(lower)) return { primary: 'graph', provider: 'graph|microsoft.resourcegraph' }
  // The Log Analytics query API (/v1/workspaces/{id}/query, /v1/{resource id}/query, /v1/$batch) is another
  // service with limits of its own (per user, not ARM's per-subscription bucket): its queries must neither
  // spend the tenant's ARM reads nor wait on them, even when the resource-centric path names a subscription.
  if (/^\/v1\//.test(lower)) return { primary: 'logs', provider: 'logs|microsoft.operationalinsights' }
  const sub = /^\/subscriptions\/([^/]+)\/./.exec(lower)?.[1]
  const primary = sub ? `sub:${sub}` : 'tenant'
  return { primary, provider: `${primary}|${namespace}` }
}

/** The headers in which ARM says how many reads a scope's bucket still holds. */
const REMAINING_HEADERS = ['x-ms-ratelimit-remaining-subscription-reads', 'x-ms-ratelimit-remaining-subscription-global-reads', 'x-ms-ratelimit-remaining-tenant-reads'] as const

/** ARM's documented refill for reads (25 per second): the first guess, replaced by what the headers show. */
const DEFAULT_REFILL_PER_SECOND = 25
/** How far back the refill rate is measured, and the shortest span it is measured over. */
const REFILL_WINDOW_MS = 10_000
const REFILL_MIN_SPAN_MS = 2_000
/** After this many answers in a row without the header, a scope's header buckets are stale (a proxy, a fault). */
const STALE_AFTER_ANSWERS = 3
/** Multiplicative decrease over the rate that succeeded, and additive increase per second (share of the rate). */
const DECREASE = 0.8
const INCREASE_SHARE = 0.02
const MIN_RATE = 0.2
/** While a scope without headers is measured after its first 429, few requests are in flight at once. */
const PROBE_IN_FLIGHT = 1
/**
 * A subscription whose answers carry no remaining-reads header has a bucket nobody can see: every request in
 * flight when it runs out is answered 429. Before its first 429 it starts with this many in flight and gains
 * one per FREE_GROWTH_EVERY successes (a bucket that large has room), up to the concurrency.
 */
const FREE_IN_FLIGHT = 2
const FREE_GROWTH_EVERY = 100

export interface HeaderLike {
  get(name: string): string | undefined
}

/**
 * One bucket as a remaining-reads header shows it, simulated between answers. `sent` counts every request
 * sent to the scope; an answer to request number k saying R remain means: after the first k requests were
 * charged, R were left. Requests sent after k are charged too (in flight, or answered later), so the bucket
 * then held at most R - (sent - k); from there it refills at the measured rate and each request sent takes one.
 */
class HeaderBucket {
  private level = 0
  private at = 0
  private anchorK = -1
  /** the most this bucket was seen to hold: its capacity, as far as anyone can tell */
  capacity = 0
  refill = DEFAULT_REFILL_PER_SECOND
  private measured = false
  /** a 429 came before the refill was measured: the guess was too high, so one request at a time until it is */
  private cautious = false
  private supply: { at: number; low: number; high: number }[] = []

  /**
   * `answered`: answers of this scope so far, this one included; `inFlight`: other requests sent and not yet
   * answered. Those may be charged after this one (connections differ, so charge order is not send order):
   * the bucket now holds at most remaining - inFlight.
   */
  observe(remaining: number, k: number, answered: number, inFlight: number, now: number): void {
    this.capacity = Math.max(this.capacity, remaining + 1)
    if (remaining >= this.capacity - 1) this.supply = []
    else {
      // remaining + charged grows at the refill rate while the bucket is not full; charged lies between the
      // answers so far and those plus the ones in flight (a request is charged on arrival, half-way through its
      // round trip): the slope is taken between the midpoints. Taken on the low side, it would underestimate the
      // refill by the requests in flight over the window (a tenth at 24 in flight over 10 s of 25/s); any
      // overestimate is corrected by the next answer, which says what is left.
      this.supply.push({ at: now, low: remaining + answered, high: remaining + answered + inFlight })
      while (this.supply.length > 2 && this.supply[0]!.at < now - REFILL_WINDOW_MS) this.supply.shift()
      const first = this.supply[0]!
      if (now - first.at >= REFILL_MIN_SPAN_MS) {
        const rate = ((remaining + answered + inFlight / 2 - (first.low + first.high) / 2) * 1000) / (now - first.at)
        if (rate > 0) {
          this.refill = rate
          this.measured = true
        }
      }
    }
    const bound = remaining - inFlight
    if (k > this.anchorK) {
      this.anchorK = k
      this.level = bound
    } else this.level = Math.min(this.current(now), bound)
    this.at = now
  }

  /** Reads the bucket holds now (below zero: more are in flight than it had). */
  current(now: number): number {
    return Math.min(this.capacity, this.level + ((now - this.at) / 1000) * this.refill)
  }

  /** Reads to keep in hand against answers charged out of order (none in a bucket too small to spare one). */
  get reserve(): number {
    return this.capacity > 4 ? 1 : 0
  }

  sent(now: number): void {
    this.level = this.current(now) - 1
    this.at = now
  }

  /** A 429 although the bucket looked non-empty: the refill was overestimated. */
  throttled(): void {
    this.refill = Math.max(MIN_RATE, this.refill * (this.measured ? DECREASE : 0.8))
    if (!this.measured) this.cautious = true
  }

  /** Whether the bucket is paced on a refill that a 429 showed to be guessed too high. */
  get guessing(): boolean {
    return this.cautious && !this.measured
  }
}

/** Resource Graph's quota: queries left in the window and when it resets. */
class QuotaWindow {
  remaining: number | null = null
  resetsAt = 0
  sentSince = 0
  observe(remaining: number, resetsAfterMs: number, now: number): void {
    this.remaining = remaining
    this.resetsAt = now + resetsAfterMs
    this.sentSince = 0
  }
  /** ms to wait before one more query fits, 0 when it does */
  waitMs(now: number): number {
    if (this.remaining === null || now >= this.resetsAt) return 0
    return this.remaining - this.sentSince >= 1 ? 0 : this.resetsAt - now
  }
}

/** The rate a scope without headers may use, learnt from its 429s. */
class AdaptiveRate {
  /** requests per second; Infinity until measured */
  rate = Number.POSITIVE_INFINITY
  private credit = 0
  private creditAt = 0
  /** 'free' before any 429, 'probe' after the first (few in flight, to measure what succeeds), then 'paced' */
  phase: 'free' | 'probe' | 'paced' = 'free'
  private lastDecreaseAt = Number.NEGATIVE_INFINITY
  private pauseEndsAt = 0
  private successesSince = 0
  /** successes before the first 429 */
  successesFree = 0

  succeeded(): void {
    this.successesSince++
    if (this.phase === 'free') this.successesFree++
  }

  /** One decrease per congestion event: a 429 for a request sent before the last decrease says nothing new. */
  throttled(sentAt: number, now: number, pauseMs: number): void {
    if (sentAt < this.lastDecreaseAt) return
    if (this.phase === 'free') this.phase = 'probe'
    else {
      // What succeeded since the last decrease is what the scope refills: pace just below it.
      const succeededRate = (this.successesSince * 1000) / Math.max(1, now - this.lastDecreaseAt)
      const next = Math.max(MIN_RATE, DECREASE * succeededRate)
      this.rate = this.phase === 'probe' ? next : Math.max(MIN_RATE, Math.min(this.rate * DECREASE, next))
      this.phase = 'paced'
    }
    this.successesSince = 0
    this.lastDecreaseAt = now
    this.pauseEndsAt = now + pauseMs
    this.credit = 0
    this.creditAt = now
  }

  private refresh(now: number): void {
    if (this.phase === 'probe' && now > this.pauseEndsAt + 2_000) this.phase = Number.isFinite(this.rate) ? 'paced' : 'free' // one 429 only: not a limit
    if (!Number.isFinite(this.rate)) return
    const dt = Math.max(0, now - this.creditAt) / 1000
    // Additive increase; the credit (reads refilled while waiting) holds at most a second's worth.
    this.rate += Math.max(0.1, this.rate * INCREASE_SHARE) * dt
    this.credit = Math.min(Math.max(1, this.rate), this.credit + this.rate * dt)
    this.creditAt = now
  }

  waitMs(now: number): number {
    this.refresh(now)
    if (!Number.isFinite(this.rate)) return 0
    return this.credit >= 1 ? 0 : ((1 - this.credit) / this.rate) * 1000
  }

  take(now: number): void {
    this.refresh(now)
    if (Number.isFinite(this.rate)) this.credit -= 1
  }

  maxInFlight(concurrency: number): number {
    return this.phase === 'probe' ? Math.min(concurrency, PROBE_IN_FLIGHT) : concurrency
  }
}

class Scope {
  sent = 0
  answered = 0
  inFlight = 0
  blockedUntil = 0
  readonly headers = new Map<string, HeaderBucket>()
  readonly quota = new QuotaWindow()
  readonly adaptive = new AdaptiveRate()
  /** answers in a row that carried no remaining-reads header */
  answersWithoutHeader = 0
  /** when each provider lane of this scope last had a 429 without any remaining-reads header */
  readonly headerless429At = new Map<string, number>()
  /** two providers of this (headerless) subscription were refused together: its 429s are the subscription's */
  sharedLimitSeen = false
  /** a headerless 429 on one provider: send nothing more until the requests in flight say whether it is the subscription's */
  holding = false
  constructor(readonly key: string) {}

  get pacedByHeaders(): boolean {
    return this.headers.size > 0 && this.answersWithoutHeader < STALE_AFTER_ANSWERS
  }

  /** Requests this scope may have in flight. */
  private inFlightBound(concurrency: number): number {
    let bound = this.adaptive.maxInFlight(concurrency)
    if (this.key.includes('|')) return bound
    // Without headers and before any 429, few in flight: a bucket that runs out refuses all of them.
    if (this.headers.size === 0 && this.answered > 0 && this.adaptive.phase === 'free') bound = Math.min(bound, FREE_IN_FLIGHT + Math.floor(this.adaptive.successesFree / FREE_GROWTH_EVERY))
    // A refill guessed too high: one at a time, each answer saying what is left, until it is measured.
    if (this.pacedByHeaders && [...this.headers.values()].some((b) => b.guessing)) bound = 1
    return bound
  }

  /** ms until this scope admits one more request (0: now), given the in-flight bound. */
  waitMs(now: number, concurrency: number): number {
    if (this.holding && this.inFlight > 0) return Number.POSITIVE_INFINITY
    this.holding = false
    if (this.inFlight >= this.inFlightBound(concurrency)) return Number.POSITIVE_INFINITY
    // A subscription's (or the tenant's) first answer says how full its bucket is: wait for it before sending more
    // than one request (a bucket smaller than the concurrency would otherwise answer 429 at once).
    if (!this.key.includes('|') && this.answered === 0 && this.inFlight >= 1) return Number.POSITIVE_INFINITY
    let wait = Math.max(0, this.blockedUntil - now)
    if (this.pacedByHeaders) {
      for (const bucket of this.headers.values()) {
        const need = 1 + bucket.reserve - bucket.current(now)
        if (need > 0) wait = Math.max(wait, (need / bucket.refill) * 1000)
      }
    }
    wait = Math.max(wait, this.quota.waitMs(now), this.adaptive.waitMs(now))
    return wait
  }

  take(now: number): number {
    this.sent++
    this.inFlight++
    this.quota.sentSince++
    this.adaptive.take(now)
    for (const bucket of this.headers.values()) bucket.sent(now)
    return this.sent
  }
}

/** How close together two providers' headerless 429s must come to be taken for one shared limit. */
const SHARED_LIMIT_WINDOW_MS = 3_000

/**
 * Records a headerless 429 on `provider`; true when it is the subscription's limit: another provider of the same
 * scope had one just before (or did so earlier in the scan). A subscription whose other answers carry ARM's
 * header is never judged so: ARM would have sent its header with its own 429.
 */
function sharedLimit(primary: Scope, provider: string, now: number): boolean {
  if (!primary.key.startsWith('sub:') || primary.pacedByHeaders) return false
  if (primary.sharedLimitSeen) return true
  primary.headerless429At.set(provider, now)
  for (const [other, at] of primary.headerless429At) if (other !== provider && now - at <= SHARED_LIMIT_WINDOW_MS) return (primary.sharedLimitSeen = true)
  return false
}

/** What the pacer hands a request: the scopes it was charged to and its number in each. */
export interface Ticket {
  keys: ScopeKeys
  primaryIndex: number
  providerIndex: number
  sentAt: number
}

interface Waiter {
  keys: ScopeKeys
  resolve(ticket: Ticket): void
}

export interface PacerOptions {
  /** requests in flight per subscription (or tenant) */
  concurrency: number
  /** requests in flight over every scope together */
  maxInFlight: number
  now?: () => number
}

/** What an answer said about throttling, for the caller's retry decision and the notice. */
export interface Throttle {
  /** the scope the 429 was charged to */
  scope: string
  /** whether ARM's bucket (a remaining-reads header at 0) or a provider's own limit refused it */
  kind: 'arm' | 'provider' | 'graph'
}

export class Pacer {
  private readonly scopes = new Map<string, Scope>()
  /** waiting requests per lane (primary + provider), so a throttled provider does not hold up the others */
  private readonly lanes = new Map<string, Map<string, Waiter[]>>()
  private readonly rotation = new Map<string, number>()
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>()
  private inFlight = 0
  private readonly now: () => number

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? (() => performance.now())
  }

  private scope(key: string): Scope {
    let s = this.scopes.get(key)
    if (!s) this.scopes.set(key, (s = new Scope(key)))
    return s
  }

  /** Waits until the request's scopes admit it, then charges it to them. */
  acquire(url: string): Promise<Ticket> {
    const keys = scopesOf(url)
    return new Promise<Ticket>((resolve) => {
      let lanes = this.lanes.get(keys.primary)
      if (!lanes) this.lanes.set(keys.primary, (lanes = new Map()))
      const lane = lanes.get(keys.provider)
      if (lane) lane.push({ keys, resolve })
      else lanes.set(keys.provider, [{ keys, resolve }])
      this.pump(keys.primary)
    })
  }

  /** Admits what the primary scope's lanes can send now, round robin, and sets one timer for the rest. */
  private pump(primaryKey: string): void {
    const lanes = this.lanes.get(primaryKey)
    if (!lanes || lanes.size === 0) return
    const primary = this.scope(primaryKey)
    for (;;) {
      const now = this.now()
      if (this.inFlight >= this.options.maxInFlight) return // a release anywhere pumps again
      const primaryWait = primary.waitMs(now, this.options.concurrency)
      if (primaryWait > 0) return this.wake(primaryKey, primaryWait)
      const keys = [...lanes.keys()]
      const start = (this.rotation.get(primaryKey) ?? 0) % keys.length
      let admitted = false
      let soonest = Number.POSITIVE_INFINITY
      for (let i = 0; i < keys.length; i++) {
        const laneKey = keys[(start + i) % keys.length]!
        const provider = this.scope(laneKey)
        const wait = provider.waitMs(now, this.options.concurrency)
        if (wait > 0) {
          soonest = Math.min(soonest, wait)
          continue
        }
        const queue = lanes.get(laneKey)!
        const waiter = queue.shift()!
        if (queue.length === 0) lanes.delete(laneKey)
        this.rotation.set(primaryKey, (start + i + 1) % Math.max(1, keys.length))
        this.inFlight++
        const ticket: Ticket = { keys: waiter.keys, primaryIndex: primary.take(now), providerIndex: provider.take(now), sentAt: now }
        waiter.resolve(ticket)
        admitted = true
        break
      }
      if (lanes.size === 0) return
      if (!admitted) return this.wake(primaryKey, soonest)
    }
  }

  private wake(primaryKey: string, ms: number): void {
    if (!Number.isFinite(ms)) return // an answer will pump again
    const at = this.now() + ms
    const existing = this.timers.get(primaryKey)
    if (existing && existing.at <= at + 1) return
    if (existing) clearTimeout(existing.timer)
    const timer = setTimeout(() => {
      this.timers.delete(primaryKey)
      this.pump(primaryKey)
    }, Math.max(1, Math.ceil(ms)))
    this.timers.set(primaryKey, { at, timer })
  }

  /**
   * Records an answer (or its absence): releases the request's place, reads the remaining-reads headers, and
   * for a 429 says which scope refused it. `pauseMs` (the Retry-After or backoff the caller will honour) pauses
   * that scope alone; the caller passes it after deciding to wait.
   */
  complete(ticket: Ticket, status: number | null, headers: HeaderLike | null): Throttle | null {
    const now = this.now()
    const primary = this.scope(ticket.keys.primary)
    const provider = this.scope(ticket.keys.provider)
    primary.inFlight--
    provider.inFlight--
    primary.answered++
    const wasFull = this.inFlight >= this.options.maxInFlight
    this.inFlight--
    let throttle: Throttle | null = null
    let armRemaining: number | null = null
    if (headers) {
      for (const name of REMAINING_HEADERS) {
        const v = headers.get(name)
        if (v === undefined || !/^\d+$/.test(v.trim())) continue
        const remaining = Number(v)
        armRemaining = armRemaining === null ? remaining : Math.min(armRemaining, remaining)
        let bucket = primary.headers.get(name)
        if (!bucket) primary.headers.set(name, (bucket = new HeaderBucket()))
        bucket.observe(remaining, ticket.primaryIndex, primary.answered, primary.inFlight, now)
      }
      const quota = headers.get('x-ms-user-quota-remaining')
      const resets = headers.get('x-ms-user-quota-resets-after')
      if (quota !== undefined && /^\d+$/.test(quota.trim()) && resets) primary.quota.observe(Number(quota), hmsToMs(resets), now)
    }
    if (status !== null) primary.answersWithoutHeader = armRemaining === null ? primary.answersWithoutHeader + 1 : 0
    if (status === 429) {
      if (ticket.keys.primary === 'graph') throttle = { scope: 'graph', kind: 'graph' }
      else if (armRemaining !== null && armRemaining < 1) {
        throttle = { scope: ticket.keys.primary, kind: 'arm' }
        for (const b of primary.headers.values()) b.throttled()
      } else if (armRemaining === null && sharedLimit(primary, ticket.keys.provider, now)) {
        // Without any header, two providers of one subscription refused within moments of each other is the
        // subscription's bucket, not each provider's own limit: the subscription adapts, all its lanes together.
        throttle = { scope: ticket.keys.primary, kind: 'provider' }
      } else {
        throttle = { scope: ticket.keys.provider, kind: 'provider' }
        if (armRemaining === null && ticket.keys.primary.startsWith('sub:') && !primary.pacedByHeaders) primary.holding = true
      }
    } else if (status !== null && status < 500) {
      provider.adaptive.succeeded()
      primary.adaptive.succeeded()
    }
    // After a 429 the caller pauses the scope that refused (synchronously, right after this): admitting more
    // before it does would send them into the same empty bucket.
    if (throttle) queueMicrotask(() => this.pump(ticket.keys.primary))
    else this.pump(ticket.keys.primary)
    // Others wait on the shared bound only when it was reached.
    if (wasFull) for (const key of this.lanes.keys()) if (key !== ticket.keys.primary) this.pump(key)
    return throttle
  }

  /** Pauses one scope (a Retry-After, or backoff after a 429 without one); adapts its rate when no header paces it. */
  pause(ticket: Ticket, throttle: Throttle, ms: number): void {
    const now = this.now()
    const scope = this.scope(throttle.scope)
    scope.blockedUntil = Math.max(scope.blockedUntil, now + ms)
    if (throttle.kind !== 'arm') scope.adaptive.throttled(ticket.sentAt, now, ms)
    this.pump(ticket.keys.primary)
  }

  /** When the pause of a scope ends, if it is paused at all: for the notice. */
  pausedUntil(scope: string): number {
    return this.scopes.get(scope)?.blockedUntil ?? 0
  }

}

/** "00:00:05" (Resource Graph's x-ms-user-quota-resets-after) as ms; a bare number is seconds. */
export function hmsToMs(v: string): number {
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v.trim())
  if (m) return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000
  const n = Number(v)
  return Number.isFinite(n) ? n * 1000 : 0
}

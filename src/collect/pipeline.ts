// HTTP pipeline policies shared by every SDK client of one scan:
// - readOnlyGuard (per call, before anything is sent): refuses non-GET requests other than
//   the Log Analytics query, any operation that reads keys, secrets or connection strings,
//   and any request to a host other than the configured endpoints (nextLink included).
// - transportPolicy (per retry, next to the wire): bounded concurrency, a shared throttle
//   gate that honours Retry-After for every request, backoff on 429 without Retry-After,
//   retries of transient 5xx and network failures, and provenance for every attempt.
import { createHash } from 'node:crypto'
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline'
import { RestError } from '@azure/core-rest-pipeline'
import type { Call } from '../snapshot/schema.js'
import { currentRead, ReadFailure } from './reads.js'

export class ReadOnlyViolation extends Error {
  constructor(readonly method: string, readonly url: string, reason: string) {
    super(`read-only guard refused ${method} ${url}: ${reason}`)
    this.name = 'ReadOnlyViolation'
  }
}

// Operations that return key material, secrets or connection strings, whatever their verb.
const SECRET_OPERATION = /\/(list[a-z]*keys|listconnectionstrings|list[a-z]*secrets?|listcredentials?|list[a-z]*sas|regenerate[a-z]*|getsecret[a-z]*|publishxml|listpublishingcredentials|listpublishingprofilexml[a-z]*|listsyncfunctiontriggers|listfunctionkeys|listhostkeys)(\/|$)/i
const SECRET_PATH = /\/(secrets|config\/(appsettings|connectionstrings|publishingcredentials|authsettings[a-z0-9]*)(\/list)?)(\/|$)/i

export interface GuardOptions {
  /** Origins requests may go to (ARM endpoint, logs endpoint). */
  allowedOrigins: string[]
  /** Origin of the Log Analytics query API: the one place a POST is allowed. */
  logsOrigin: string
}

/** Decides whether a request may be sent; returns the reason it may not, or null. */
export function readOnlyVerdict(method: string, url: string, options: GuardOptions): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a valid URL'
  }
  if (!options.allowedOrigins.some((o) => sameOrigin(o, parsed))) return `host ${parsed.origin} is not a configured endpoint`
  const path = parsed.pathname
  if (SECRET_OPERATION.test(path) || SECRET_PATH.test(path)) return 'the operation reads keys, secrets or connection strings'
  const m = method.toUpperCase()
  if (m === 'GET' || m === 'HEAD') return null
  if (m === 'POST' && parsed.origin === options.logsOrigin && /\/query$/i.test(path)) return null
  return `${m} is not a read`
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Same origin; on loopback (a local emulator) the names of this machine count as one host. */
function sameOrigin(allowed: string, url: URL): boolean {
  if (allowed === url.origin) return true
  const a = new URL(allowed)
  return a.protocol === url.protocol && a.port === url.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(url.hostname)
}

export function readOnlyGuardPolicy(options: GuardOptions): PipelinePolicy {
  return {
    name: 'trustpackReadOnlyGuard',
    async sendRequest(request, next) {
      const reason = readOnlyVerdict(request.method, request.url, options)
      if (reason) throw new ReadOnlyViolation(request.method, request.url, reason)
      return next(request)
    },
  }
}

export interface TransportOptions {
  concurrency: number
  maxRetries: number
  /** Base delay for exponential backoff when the server gives no Retry-After (ms). */
  backoffMs: number
  /** Per-attempt timeout (ms). */
  timeoutMs: number
  /** The longest one Retry-After is honoured (ms); a longer one makes the read fail as throttled. */
  maxRetryAfterMs: number
  now: () => Date
  /** The read-only verdict, applied again to every request the transport sends (redirect hops included). */
  verdict(method: string, url: string): string | null
  onCall(call: Omit<Call, 'id'>, request: PipelineRequest): string
  /** Told when every request is held back, and why (shown on stderr). */
  onWait?(ms: number, reason: string): void
}

/** Counters a benchmark or the scan summary reads. */
export interface TransportStats {
  attempts: number
  throttled: number
  retried: number
  /** reads given up because the server asked for a longer pause than the cap */
  gaveUp: number
}

class Semaphore {
  private active = 0
  private readonly waiting: (() => void)[] = []
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }
  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }
}

function retryAfterMs(response: PipelineResponse): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = response.headers.get(name)
    if (v && Number.isFinite(Number(v))) return Number(v)
  }
  const v = response.headers.get('retry-after')
  if (!v) return undefined
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

const TRANSIENT = new Set([408, 500, 502, 503, 504])

/** How long to hold requests when the bucket is nearly empty (ARM refills 25 reads/s). */
const LOW_BUCKET_PAUSE_MS = 500

export function transportPolicy(options: TransportOptions, stats: TransportStats): PipelinePolicy {
  const slots = new Semaphore(Math.max(1, options.concurrency))
  // When any request is throttled, every request waits: the limit is shared.
  let gateUntil = 0
  const waitGate = async (): Promise<void> => {
    for (;;) {
      const wait = gateUntil - Date.now()
      if (wait <= 0) return
      await sleep(wait)
    }
  }

  return {
    name: 'trustpackTransport',
    async sendRequest(request, next) {
      if (!request.timeout) request.timeout = options.timeoutMs
      // Redirects are not followed (the clients are built with none), and every request is judged
      // here too, next to the wire, so nothing reaches the network that the guard would refuse.
      const refused = options.verdict(request.method, request.url)
      if (refused) throw new ReadOnlyViolation(request.method, request.url, refused)
      const read = currentRead()
      read?.beforeSend(request)
      for (let attempt = 1; ; attempt++) {
        // Wait for the gate, then for a slot; the gate may have closed while queued for the slot.
        for (;;) {
          await waitGate()
          await slots.acquire()
          if (gateUntil <= Date.now()) break
          slots.release()
        }
        const started = options.now()
        const t0 = performance.now()
        let response: PipelineResponse | undefined
        let failure: unknown
        try {
          stats.attempts++
          response = await next(request)
        } catch (err) {
          failure = err
        } finally {
          slots.release()
        }
        const durationMs = Math.round((performance.now() - t0) * 10) / 10
        const body = response?.bodyAsText
        const callId = options.onCall(
          {
            method: request.method,
            url: request.url,
            apiVersion: new URL(request.url).searchParams.get('api-version'),
            status: response?.status ?? null,
            requestId: response?.headers.get('x-ms-request-id') ?? null,
            startedAt: started.toISOString(),
            durationMs,
            sha256: body == null ? null : createHash('sha256').update(body).digest('hex'),
            attempt,
          },
          request,
        )
        const canRetry = attempt <= options.maxRetries && !request.abortSignal?.aborted
        if (failure !== undefined) {
          if (failure instanceof ReadOnlyViolation || !canRetry) throw failure
          stats.retried++
          await sleep(backoff(options.backoffMs, attempt))
          continue
        }
        const res = response!
        // ARM reports the reads left in the subscription's bucket: when fewer remain than
        // requests we may have in flight, pause everyone briefly instead of provoking 429s.
        const remaining = Number(res.headers.get('x-ms-ratelimit-remaining-subscription-reads') ?? NaN)
        if (Number.isFinite(remaining) && remaining < options.concurrency) {
          gateUntil = Math.max(gateUntil, Date.now() + LOW_BUCKET_PAUSE_MS * (1 - remaining / options.concurrency))
        }
        if (res.status === 429 || (res.status === 503 && res.headers.get('retry-after'))) {
          if (res.status === 429) stats.throttled++
          if (!canRetry) return res
          // No Retry-After (the SDK's own policy would give up here): exponential backoff.
          const asked = retryAfterMs(res)
          const wait = asked ?? backoff(options.backoffMs, attempt)
          // A pause longer than the cap would stall the whole scan: this read fails as throttled instead.
          if (wait > options.maxRetryAfterMs) {
            stats.gaveUp++
            return res
          }
          stats.retried++
          if (Date.now() + wait > gateUntil) {
            gateUntil = Date.now() + wait
            if (wait >= 1_000) options.onWait?.(wait, `${res.status} on ${request.method} ${new URL(request.url).pathname}${asked !== undefined ? ' (Retry-After)' : ''}`)
          }
          continue
        }
        if (TRANSIENT.has(res.status) && canRetry) {
          stats.retried++
          await sleep(backoff(options.backoffMs, attempt))
          continue
        }
        if (res.status >= 200 && res.status < 300) read?.accept(res, callId)
        else read?.reject(res, callId)
        return res
      }
    },
  }
}

function backoff(base: number, attempt: number): number {
  const exp = base * 2 ** (attempt - 1)
  return Math.min(30_000, exp + Math.random() * base)
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** The Azure error code and message of a failed call, whatever shape the error came in. */
export function describeFailure(err: unknown): { status: number | null; code: string | null; message: string; request?: PipelineRequest; callId?: string } {
  if (err instanceof RestError || (err instanceof Error && err.name === 'RestError')) {
    const rest = err as RestError
    let code = rest.code ?? null
    let message = rest.message
    const text = rest.response?.bodyAsText
    if (text) {
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } }
        if (body.error?.code) code = body.error.code
        if (body.error?.message) message = body.error.message
      } catch {
        // not JSON: keep the transport message
      }
    }
    return { status: rest.statusCode ?? rest.response?.status ?? null, code, message: oneLine(message), ...(rest.request ? { request: rest.request } : {}) }
  }
  if (err instanceof ReadOnlyViolation) return { status: null, code: 'ReadOnlyViolation', message: err.message }
  if (err instanceof ReadFailure) return { status: err.status, code: err.code, message: oneLine(err.message), ...(err.callId ? { callId: err.callId } : {}) }
  const e = err as { code?: string; message?: string; name?: string }
  return { status: null, code: e.code ?? e.name ?? null, message: oneLine(e.message ?? String(err)) }
}

function oneLine(s: string): string {
  return s.split('\n')[0]!.trim().slice(0, 500)
}

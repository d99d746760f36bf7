// HTTP pipeline policies shared by every SDK client of one scan:
// - readOnlyGuard (per call, before anything is sent): refuses non-GET requests other than
//   the Log Analytics query, any operation that reads keys, secrets or connection strings,
//   and any request to a host other than the configured endpoints (nextLink included).
// - transportPolicy (per retry, next to the wire): pacing per throttling scope (pacing.ts: each
//   subscription, the tenant, each resource provider, Resource Graph), Retry-After honoured for the
//   scope that was refused (up to a cap, beyond which the read fails with a message saying so),
//   backoff on 429 without Retry-After, retries of transient 5xx and network failures, and
//   provenance for every attempt.
import { createHash } from 'node:crypto'
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline'
import { RestError } from '@azure/core-rest-pipeline'
import type { Call } from '../snapshot/schema.js'
import { currentRead, ReadFailure } from './reads.js'
import { Pacer } from './pacing.js'

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
  /** Origin of Resource Manager, where the Resource Graph query POST is allowed (nowhere else). */
  armOrigin?: string
}

/** The Resource Graph api-version trustpack queries at (that of @azure/arm-resourcegraph 4.2.1). */
export const RESOURCE_GRAPH_API_VERSION = '2021-03-01'

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
  // Resource Graph's query is a read sent as a POST: that one path, at the api-version trustpack speaks, on ARM only.
  if (m === 'POST' && options.armOrigin !== undefined && sameOrigin(options.armOrigin, parsed) && /^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path)) {
    const versions = parsed.searchParams.getAll('api-version')
    if (versions.length === 1 && versions[0] === RESOURCE_GRAPH_API_VERSION && [...parsed.searchParams.keys()].every((k) => k === 'api-version')) return null
    return `POST to Resource Graph is allowed only at api-version ${RESOURCE_GRAPH_API_VERSION}`
  }
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
  /** requests in flight per subscription (or the tenant, or Resource Graph) */
  concurrency: number
  /** requests in flight over all scopes (default 256) */
  maxInFlight?: number
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
  /** Told when a scope's requests are held back, and why (shown on stderr). */
  onWait?(ms: number, reason: string): void
  /** Told of a read given up on because Azure asked for a longer pause than the cap. */
  onGiveUp?(message: string): void
}

/** Counters a benchmark or the scan summary reads. */
export interface TransportStats {
  attempts: number
  throttled: number
  retried: number
  /** reads given up because the server asked for a longer pause than the cap */
  gaveUp: number
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

export function transportPolicy(options: TransportOptions, stats: TransportStats): PipelinePolicy {
  // One pacer for every client of the scan: the limits are Azure's, not a client's.
  const pacer = new Pacer({ concurrency: Math.max(1, options.concurrency), maxInFlight: Math.max(options.concurrency, options.maxInFlight ?? 256) })

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
        const ticket = await pacer.acquire(request.url)
        const started = options.now()
        const t0 = performance.now()
        let response: PipelineResponse | undefined
        let failure: unknown
        try {
          stats.attempts++
          response = await next(request)
        } catch (err) {
          failure = err
        }
        const throttle = pacer.complete(ticket, response?.status ?? null, response?.headers ?? null)
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
        if (res.status === 429 || (res.status === 503 && res.headers.get('retry-after'))) {
          if (res.status === 429) stats.throttled++
          if (!canRetry) return res
          // No Retry-After (the SDK's own policy would give up here): exponential backoff.
          const asked = retryAfterMs(res)
          const wait = asked ?? backoff(options.backoffMs, attempt)
          const where = `${res.status} on ${request.method} ${new URL(request.url).pathname}${asked !== undefined ? ' (Retry-After)' : ''}`
          // A pause longer than the cap would stall the scan (a CI job waiting an hour, silently): the read
          // fails as throttled, and says so, instead.
          if (wait > options.maxRetryAfterMs) {
            stats.gaveUp++
            const message = `Azure asked to wait ${Math.ceil(wait / 1000)} s before retrying (${where}), longer than the ${Math.round(options.maxRetryAfterMs / 1000)} s --max-wait allows: not retried, the read fails as throttled`
            options.onGiveUp?.(`${message} (${request.method} ${new URL(request.url).pathname}); not waiting longer than --max-wait (${Math.round(options.maxRetryAfterMs / 1000)} s)`)
            throw new ReadFailure(message, throttledCode(res), res.status, callId)
          }
          stats.retried++
          // Only the scope that refused waits: other subscriptions (and other providers) go on.
          const scope = throttle?.scope ?? ticket.keys.primary
          const announce = wait >= 1_000 && pacer.pausedUntil(scope) < performance.now() + wait - 500
          if (throttle) pacer.pause(ticket, throttle, wait)
          else await sleep(wait)
          if (announce) options.onWait?.(wait, where)
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

/** The ARM error code of a throttled answer, or TooManyRequests. */
function throttledCode(res: PipelineResponse): string {
  try {
    const body = JSON.parse(res.bodyAsText ?? '') as { error?: { code?: unknown } }
    if (typeof body.error?.code === 'string') return body.error.code
  } catch {
    // not an ARM error body
  }
  return res.status === 429 ? 'TooManyRequests' : `Http${res.status}`
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

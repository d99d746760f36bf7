// A local HTTPS emulator of Azure Resource Manager and the Log Analytics query API.
// It serves estates (JSON files of ARM resource bodies) with the ARM wire conventions
// the real SDK clients rely on: api-version required, bearer token required,
// x-ms-request-id, ARM error bodies, nextLink paging on its own origin, and declared
// faults (429 with/without Retry-After, 503, 403, hangs, latency) plus an optional
// token-bucket rate limit. Every request is logged so tests can assert what was sent.
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createEmulatorTls, type EmulatorTls } from './ca.js'
import { buildIndex, type EstateIndex } from './routes.js'
import type { Estate } from './estate.js'

export interface Fault {
  /** Matched against the lower-cased request path: a substring, or a RegExp. */
  path: string | RegExp
  /** Also match the decoded query string (e.g. /skiptoken/i for later pages only). */
  query?: string | RegExp
  /** Also match the request body (a Resource Graph query's $skipToken, for its later pages only). */
  body?: RegExp
  method?: string
  /** Status to answer with instead of the real response. */
  status?: number
  code?: string
  message?: string
  /** Seconds, sent as Retry-After. */
  retryAfter?: number
  /** How many matching requests the fault applies to (default: every one). */
  times?: number
  /** Extra latency for matching requests. */
  delayMs?: number
  /** Never answer: the client must time out. */
  hang?: boolean
  /** Answer this body as it is (a proxy's sign-in page, an empty 200, …) with the status (default 200). */
  rawBody?: { body: string; contentType?: string }
  /** A list page whose nextLink points back to the page itself. */
  selfNextLink?: boolean
  /** Extra response headers. */
  headers?: Record<string, string>
  /** A redirect: answer 302 with this Location (relative to the emulator's origin). */
  redirectTo?: string
  /** Leave these resource ids (any case) out of the list pages this fault matches, as an inconsistent service would. */
  omitIds?: string[]
  /** Start the matching list pages this many items earlier, as offset paging does when items were added meanwhile. */
  shiftBack?: number
}

/**
 * ARM's read throttling: a token bucket per subscription (per principal), and one for tenant-level calls
 * (GET /subscriptions). Each answer carries what its bucket holds, as ARM sends it.
 */
export interface RateLimit {
  /** Bucket size (ARM reads: 250). */
  capacity: number
  /** Tokens added per second (ARM reads: 25). */
  refillPerSecond: number
  /** Send Retry-After with the 429 (ARM does). Default true. */
  retryAfter?: boolean
  /** Send x-ms-ratelimit-remaining-subscription-reads (tenant-reads for tenant calls) on every response (ARM does). Default true. */
  remainingHeader?: boolean
  /** One bucket per subscription, as ARM has (default), or one bucket for every request (`shared`). */
  scope?: 'subscription' | 'shared'
  /** The tenant-level bucket (default: the same size and refill). */
  tenant?: { capacity: number; refillPerSecond: number }
}

/**
 * A resource provider's own throttle on the requests whose path matches: a bucket per subscription, answered
 * with 429 and Retry-After and without ARM's remaining-reads header (ARM's bucket is not what ran out).
 */
export interface ProviderLimit {
  path: string | RegExp
  capacity: number
  refillPerSecond: number
  /** Seconds sent as Retry-After (default: the time until a token is back, at least 1). */
  retryAfter?: number
}

/** Azure Resource Graph: its own quota per principal (x-ms-user-quota-remaining / -resets-after). */
export interface ResourceGraphOptions {
  /** Refuse every query with this status and code (a credential without access, a cloud without it). */
  refuse?: { status: number; code: string; message?: string }
  /** Queries allowed per window (Resource Graph: 15 per 5 s). Default unlimited. */
  quota?: { queries: number; windowSeconds: number }
  /** Rows per page when the request asks for none (Resource Graph: 100; at most 1000). */
  defaultTop?: number
  /** Resources (ids, any case) its index does not hold yet: created since it last caught up with ARM. */
  omitIds?: string[]
  /** Rows its index still holds for resources ARM no longer has (deleted since it last caught up). */
  staleRows?: Record<string, unknown>[]
}

export interface EmulatorOptions {
  estate: Estate | Estate[]
  faults?: Fault[]
  /** Latency added to every request, in ms. */
  latencyMs?: number
  /** Items per page on every list operation (default: each service's own page size, see PAGE_SIZES). */
  pageSize?: number
  /** Items per page by listed type (lower case), over the defaults. */
  pageSizes?: Record<string, number>
  /** How nextLink carries the continuation: `$skiptoken=N` (default), `$skipToken=…`, an opaque token, or a percent-encoded name. */
  nextLinkStyle?: NextLinkStyle
  rateLimit?: RateLimit
  providerLimits?: ProviderLimit[]
  resourceGraph?: ResourceGraphOptions
  port?: number
  tls?: EmulatorTls
  /** Which bearer tokens are accepted (default: any non-empty token). */
  acceptToken?: (token: string) => boolean
  now?: () => Date
  /** Answer log queries with every raw row, ignoring query and timespan (a naive server). */
  rawLogRows?: boolean
}

export interface RequestLogEntry {
  method: string
  path: string
  query: string
  status: number
  requestId: string
  authorized: boolean
  at: number
  body?: string
}

export interface RunningEmulator {
  url: string
  port: number
  caPem: string
  requests: RequestLogEntry[]
  /** TLS connections accepted so far (a client that pools its connections opens few). */
  readonly connections: number
  /** Add a fault while running (tests). */
  addFault(fault: Fault): void
  close(): Promise<void>
}

export type NextLinkStyle = 'skiptoken' | 'skipToken' | 'opaque' | 'encoded'

/**
 * Page sizes the services use when the caller does not ask for one. Key Vault's keys page at 25
 * (the data plane's default, which the management plane's key list follows); the generic resource
 * list pages at 1000; other ARM lists are answered in pages of 100 here.
 */
export const PAGE_SIZES: Record<string, number> = {
  'microsoft.keyvault/vaults/keys': 25,
  'microsoft.resources/resources': 1000,
}
const DEFAULT_PAGE_SIZE = 100

interface FaultState extends Fault {
  used: number
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const tls = options.tls ?? createEmulatorTls()
  const estates = Array.isArray(options.estate) ? options.estate : [options.estate]
  const index = buildIndex(estates)
  const faults: FaultState[] = (options.faults ?? []).map((f) => ({ ...f, used: 0 }))
  const requests: RequestLogEntry[] = []
  const now = options.now ?? (() => new Date())
  const pageSizeOf = (type: string | null): number =>
    options.pageSize ?? (type ? (options.pageSizes?.[type] ?? PAGE_SIZES[type]) : undefined) ?? DEFAULT_PAGE_SIZE
  const style = options.nextLinkStyle ?? 'skiptoken'
  const buckets = new Map<string, Bucket>()
  const bucketFor = (key: string, capacity: number, refillPerSecond: number): Bucket => {
    let b = buckets.get(key)
    if (!b) buckets.set(key, (b = new Bucket(capacity, refillPerSecond)))
    return b
  }
  const graphQueries: number[] = []
  const hanging = new Set<ServerResponse>()

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'))
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`)
    const method = (req.method ?? 'GET').toUpperCase()
    const auth = req.headers.authorization ?? ''
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1] ?? ''
    const authorized = token !== '' && (options.acceptToken ? options.acceptToken(token) : true)
    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search, status: 0, requestId, authorized, at: Date.now() }
    if (body) entry.body = body
    requests.push(entry)

    // The bucket this request is charged to: its subscription's, or the tenant's for tenant-level calls.
    const limit = options.rateLimit
    const sub = /^\/subscriptions\/([^/]+)\/./i.exec(url.pathname)?.[1]?.toLowerCase()
    const isGraph = /^\/providers\/microsoft\.resourcegraph\//i.test(url.pathname)
    const armBucket = limit && !isGraph && !/^\/v1\/workspaces\//i.test(url.pathname)
      ? limit.scope === 'shared'
        ? bucketFor('shared', limit.capacity, limit.refillPerSecond)
        : sub
          ? bucketFor(`sub:${sub}`, limit.capacity, limit.refillPerSecond)
          : bucketFor('tenant', limit.tenant?.capacity ?? limit.capacity, limit.tenant?.refillPerSecond ?? limit.refillPerSecond)
      : null
    const remainingHeaderName = sub || limit?.scope === 'shared' ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-tenant-reads'
    let armHeader = true

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status
      const text = payload === undefined ? '' : JSON.stringify(payload)
      // ARM tells every caller how many reads its bucket still holds.
      if (armBucket && armHeader && limit?.remainingHeader !== false) headers = { [remainingHeaderName]: String(Math.max(0, Math.floor(armBucket.level()))), ...headers }
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': requestId,
        'content-length': String(Buffer.byteLength(text)),
        ...headers,
      })
      res.end(text)
    }
    const armError = (status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
      send(status, { error: { code, message } }, headers)

    if (options.latencyMs) await sleep(options.latencyMs)

    const lowerPath = url.pathname.toLowerCase()
    const fault = faults.find(
      (f) =>
        (f.times === undefined || f.used < f.times) &&
        (!f.method || f.method.toUpperCase() === method) &&
        (f.body === undefined || f.body.test(body)) &&
        (typeof f.path === 'string' ? lowerPath.includes(f.path.toLowerCase()) : f.path.test(lowerPath)) &&
        (f.query === undefined || (typeof f.query === 'string' ? decodeURIComponent(url.search).includes(f.query) : f.query.test(decodeURIComponent(url.search)))),
    )
    if (fault) {
      fault.used++
      if (fault.delayMs) await sleep(fault.delayMs)
      if (fault.hang) {
        entry.status = -1
        hanging.add(res)
        return
      }
      if (fault.rawBody) {
        entry.status = fault.status ?? 200
        res.writeHead(entry.status, { 'content-type': fault.rawBody.contentType ?? 'text/html; charset=utf-8', 'x-ms-request-id': requestId, 'content-length': String(Buffer.byteLength(fault.rawBody.body)), ...fault.headers })
        res.end(fault.rawBody.body)
        return
      }
      if (fault.redirectTo) {
        entry.status = fault.status ?? 302
        res.writeHead(entry.status, { location: new URL(fault.redirectTo, `https://${req.headers.host ?? '127.0.0.1'}`).toString(), 'x-ms-request-id': requestId, 'content-length': '0' })
        res.end()
        return
      }
      if (fault.status) {
        const headers: Record<string, string> = { ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}), ...fault.headers }
        const code = fault.code ?? defaultCode(fault.status)
        return armError(fault.status, code, fault.message ?? `Injected fault: ${code}`, headers)
      }
    }

    if (!authorized) {
      return armError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing or its bearer token is not accepted.')
    }
    if (armBucket && !armBucket.take()) {
      const headers: Record<string, string> = limit?.retryAfter === false ? {} : { 'retry-after': String(armBucket.secondsToNext()) }
      return armError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read.', headers)
    }
    const providerLimit = (options.providerLimits ?? []).find((p) => (typeof p.path === 'string' ? lowerPath.includes(p.path.toLowerCase()) : p.path.test(lowerPath)))
    if (providerLimit) {
      const b = bucketFor(`provider:${String(providerLimit.path)}:${sub ?? ''}`, providerLimit.capacity, providerLimit.refillPerSecond)
      if (!b.take()) {
        armHeader = false
        return armError(429, 'TooManyRequests', 'The resource provider throttled the request: too many requests for this operation.', { 'retry-after': String(providerLimit.retryAfter ?? b.secondsToNext()) })
      }
    }

    // Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources
    if (isGraph) {
      const rg = options.resourceGraph ?? {}
      if (!/^\/providers\/microsoft\.resourcegraph\/resources$/i.test(url.pathname) || method !== 'POST') return armError(404, 'NotFound', `${method} ${url.pathname} is not served`)
      if (url.searchParams.get('api-version') !== '2021-03-01') return armError(400, 'InvalidApiVersionParameter', `The api-version '${url.searchParams.get('api-version') ?? ''}' is invalid. The supported versions are '2021-03-01'.`)
      if (rg.refuse) return armError(rg.refuse.status, rg.refuse.code, rg.refuse.message ?? `Injected refusal: ${rg.refuse.code}`)
      const headers: Record<string, string> = {}
      if (rg.quota) {
        const t = Date.now()
        while (graphQueries.length && graphQueries[0]! <= t - rg.quota.windowSeconds * 1000) graphQueries.shift()
        const resetsMs = graphQueries.length ? graphQueries[0]! + rg.quota.windowSeconds * 1000 - t : rg.quota.windowSeconds * 1000
        if (graphQueries.length >= rg.quota.queries) {
          return armError(429, 'RateLimiting', 'Please provide below info when asking for support: too many requests. Please retry.', { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': hms(resetsMs), 'retry-after': String(Math.ceil(resetsMs / 1000)) })
        }
        graphQueries.push(t)
        headers['x-ms-user-quota-remaining'] = String(rg.quota.queries - graphQueries.length)
        headers['x-ms-user-quota-resets-after'] = hms(resetsMs)
      }
      const answer = answerResourceGraph(index, body, rg)
      return answer.ok ? send(200, answer.body, headers) : armError(400, answer.code, answer.message, headers)
    }

    // Log Analytics query API: POST /v1/workspaces/{id}/query
    const logs = /^\/v1\/workspaces\/([^/]+)\/query$/i.exec(url.pathname)
    if (logs) {
      if (method !== 'POST' && method !== 'GET') return armError(405, 'MethodNotAllowed', `${method} is not supported here`)
      return answerLogsQuery(index, logs[1]!, method === 'POST' ? body : url.searchParams.get('query') ?? '', url, now(), send, options.rawLogRows ?? false)
    }

    if (method !== 'GET') {
      return armError(405, 'MethodNotAllowed', `The emulator is read-only: ${method} ${url.pathname} is not served.`)
    }
    if (!url.searchParams.get('api-version')) {
      return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.")
    }

    const found = index.lookup(url.pathname)
    if (found.kind === 'item') return send(200, found.body)
    if (found.kind === 'list') {
      const pageSize = pageSizeOf(found.type)
      const skip = readSkip(url)
      if (skip === null) return armError(400, 'InvalidSkipToken', 'The continuation token is not valid.')
      const omit = new Set((fault?.omitIds ?? []).map((id) => id.toLowerCase()))
      const items = omit.size ? found.items.filter((i) => !omit.has(String((i as { id?: unknown }).id).toLowerCase())) : found.items
      const from = Math.max(0, skip - (fault?.shiftBack ?? 0))
      const page = items.slice(from, from + pageSize)
      const payload: { value: unknown[]; nextLink?: string } = { value: page }
      if (skip + pageSize < items.length) payload.nextLink = nextLink(url, req.headers.host ?? '127.0.0.1', skip + pageSize, style)
      if (fault?.selfNextLink) payload.nextLink = new URL(`${url.pathname}${url.search}`, `https://${req.headers.host ?? '127.0.0.1'}`).toString()
      return send(200, payload)
    }
    return armError(404, found.code, found.message)
  }

  let connections = 0
  server.on('secureConnection', () => {
    connections++
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caPem: tls.caPem,
    requests,
    get connections() {
      return connections
    },
    addFault: (f) => faults.push({ ...f, used: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** ARM's token bucket: `capacity` reads at once, refilled continuously at `refillPerSecond`. */
class Bucket {
  private tokens: number
  private at = Date.now()
  constructor(readonly capacity: number, readonly refillPerSecond: number) {
    this.tokens = capacity
  }
  level(): number {
    const t = Date.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.at) / 1000) * this.refillPerSecond)
    this.at = t
    return this.tokens
  }
  take(): boolean {
    if (this.level() < 1) return false
    this.tokens -= 1
    return true
  }
  /** Whole seconds until one token is back, at least 1 (Retry-After is in seconds). */
  secondsToNext(): number {
    return Math.max(1, Math.ceil((1 - this.level()) / this.refillPerSecond))
  }
}

function hms(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000))
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

/** Resource Graph's cap on subscriptions named in one request. */
export const RESOURCE_GRAPH_MAX_SUBSCRIPTIONS = 1000

/**
 * Not a KQL engine: answers the one query shape trustpack sends — `Resources | where type in~ (...) |
 * project ...` over the named subscriptions — from the estate's top-level resources, sorted by id (Resource
 * Graph pages in a stable order only when `id` is projected), `$top` rows a page, `$skipToken` to go on.
 */
function answerResourceGraph(index: EstateIndex, text: string, rg: ResourceGraphOptions): { ok: true; body: unknown } | { ok: false; code: string; message: string } {
  const defaultTop = rg.defaultTop ?? 100
  let request: { subscriptions?: unknown; query?: unknown; options?: { $top?: unknown; $skipToken?: unknown; $skip?: unknown; resultFormat?: unknown } }
  try {
    request = JSON.parse(text) as typeof request
  } catch {
    return { ok: false, code: 'InvalidRequestContent', message: 'The request content was invalid and could not be deserialized.' }
  }
  const query = typeof request.query === 'string' ? request.query : ''
  const types = /\|\s*where\s+type\s+in~\s*\(([^)]*)\)/i.exec(query)
  if (!/^\s*Resources\b/i.test(query) || !types) return { ok: false, code: 'BadRequest', message: 'Please provide below info when asking for support: the emulator answers only Resources | where type in~ (...) queries.' }
  const wanted = new Set([...types[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!.toLowerCase()))
  const subs = Array.isArray(request.subscriptions) ? request.subscriptions.map((s) => String(s).toLowerCase()) : []
  if (subs.length === 0) return { ok: false, code: 'BadRequest', message: 'The emulator needs the subscriptions named in the request.' }
  if (subs.length > RESOURCE_GRAPH_MAX_SUBSCRIPTIONS) return { ok: false, code: 'BadRequest', message: `Please provide below info when asking for support: the number of subscriptions must not exceed ${RESOURCE_GRAPH_MAX_SUBSCRIPTIONS}.` }
  const opts = request.options ?? {}
  if (opts.resultFormat !== undefined && opts.resultFormat !== 'objectArray') return { ok: false, code: 'BadRequest', message: 'The emulator answers resultFormat objectArray only.' }
  const top = typeof opts.$top === 'number' ? opts.$top : defaultTop
  if (!Number.isInteger(top) || top < 1 || top > 1000) return { ok: false, code: 'BadRequest', message: 'Please provide below info when asking for support: $top must be between 1 and 1000.' }
  let skip = typeof opts.$skip === 'number' ? opts.$skip : 0
  if (typeof opts.$skipToken === 'string') {
    try {
      const token = JSON.parse(Buffer.from(opts.$skipToken, 'base64').toString('utf8')) as { skip?: unknown }
      if (typeof token.skip !== 'number') throw new Error('no skip')
      skip = token.skip
    } catch {
      return { ok: false, code: 'InvalidSkipToken', message: 'The skip token is invalid.' }
    }
  }
  const omit = new Set((rg.omitIds ?? []).map((id) => id.toLowerCase()))
  const stale = (rg.staleRows ?? []).filter((r) => subs.includes(String(r.subscriptionId).toLowerCase()) && wanted.has(String(r.type).toLowerCase()))
  const rows = [...index.graphRows(subs, wanted).filter((r) => !omit.has(String(r.id).toLowerCase())), ...stale].sort((a, b) => String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase()))
  const data = rows.slice(skip, skip + top)
  const body: Record<string, unknown> = { totalRecords: rows.length, count: data.length, data, facets: [], resultTruncated: 'false' }
  if (skip + top < rows.length) body.$skipToken = Buffer.from(JSON.stringify({ skip: skip + top })).toString('base64')
  return { ok: true, body }
}

/** The continuation a list request carries, in whichever form this emulator hands out; null when unreadable. */
function readSkip(url: URL): number | null {
  const raw = url.searchParams.get('$skiptoken') ?? url.searchParams.get('$skipToken')
  if (raw === null) return 0
  if (/^\d+$/.test(raw)) return Number(raw)
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { skip?: unknown }
    return typeof token.skip === 'number' && Number.isInteger(token.skip) && token.skip >= 0 ? token.skip : null
  } catch {
    return null
  }
}

/** An absolute nextLink on the request's own host, keeping api-version and any other query parameters. */
function nextLink(url: URL, host: string, skip: number, style: NextLinkStyle): string {
  const next = new URL(url.pathname, `https://${host}`)
  for (const [k, v] of url.searchParams) if (k !== '$skiptoken' && k !== '$skipToken') next.searchParams.set(k, v)
  switch (style) {
    case 'skipToken':
      next.searchParams.set('$skipToken', String(skip))
      return next.toString()
    case 'opaque':
      next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify({ skip, at: 'emulator' })).toString('base64url'))
      return next.toString()
    case 'encoded':
      // URLSearchParams writes "%24skiptoken": the form some services answer in.
      return `${next.toString()}${next.search ? '&' : '?'}%24skiptoken=${skip}`
    default:
      return `${next.toString()}${next.search ? '&' : '?'}$skiptoken=${skip}`
  }
}

function answerLogsQuery(
  index: EstateIndex,
  workspaceId: string,
  body: string,
  url: URL,
  now: Date,
  send: (status: number, payload: unknown) => void,
  rawRows: boolean,
): void {
  const rows = index.logs.get(workspaceId.toLowerCase())
  if (!rows) {
    return send(404, { error: { code: 'WorkspaceNotFoundError', message: `The workspace ${workspaceId} could not be found` } })
  }
  let query = body
  let timespan = url.searchParams.get('timespan') ?? 'P1D'
  try {
    const parsed = JSON.parse(body) as { query?: string; timespan?: string }
    query = parsed.query ?? ''
    timespan = parsed.timespan ?? timespan
  } catch {
    // GET form: query in the URL
  }
  if (!query.trim()) {
    return send(400, { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'QueryValidationError', message: 'query is empty' } } })
  }
  if (rawRows) {
    const columns = ['TimeGenerated', 'ResourceId', 'Category', 'OperationName'].map((name) => ({ name, type: name === 'TimeGenerated' ? 'datetime' : 'string' }))
    const out = rows.map((r) => [new Date(now.getTime() - Number(r.TimeGeneratedHoursAgo ?? 0) * 3600_000).toISOString(), r.ResourceId, r.Category, r.OperationName])
    return send(200, { tables: [{ name: 'PrimaryResult', columns, rows: out }] })
  }
  // Not a KQL engine: the emulator answers the one shape of question trustpack asks —
  // audit events per resource over the timespan — from the estate's log rows.
  const windowHours = timespanHours(timespan, now)
  const wanted = /auditevent|azkvauditlogs/i.test(query)
  const perResource = new Map<string, { count: number; last: number }>()
  for (const row of rows) {
    if (wanted && row.Category && row.Category !== 'AuditEvent') continue
    const age = typeof row.TimeGeneratedHoursAgo === 'number' ? row.TimeGeneratedHoursAgo : 0
    if (age > windowHours) continue
    const key = String(row.ResourceId ?? '').toUpperCase()
    const t = now.getTime() - age * 3600_000
    const agg = perResource.get(key) ?? { count: 0, last: 0 }
    agg.count++
    agg.last = Math.max(agg.last, t)
    perResource.set(key, agg)
  }
  const out = [...perResource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, a]) => [id, a.count, new Date(a.last).toISOString()])
  return send(200, {
    tables: [
      {
        name: 'PrimaryResult',
        columns: [
          { name: 'ResourceId', type: 'string' },
          { name: 'Events', type: 'long' },
          { name: 'LastEvent', type: 'datetime' },
        ],
        rows: out,
      },
    ],
  })
}

function timespanHours(timespan: string, now: Date): number {
  const parts = timespan.split('/')
  if (parts.length === 2) {
    const start = Date.parse(parts[0]!)
    const end = parts[1]!.startsWith('P') ? now.getTime() : Date.parse(parts[1]!)
    if (!Number.isNaN(start)) return (end - start) / 3600_000
  }
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(timespan)
  if (m) return Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60
  return 24
}

function defaultCode(status: number): string {
  switch (status) {
    case 400: return 'BadRequest'
    case 401: return 'AuthenticationFailed'
    case 403: return 'AuthorizationFailed'
    case 404: return 'ResourceNotFound'
    case 409: return 'Conflict'
    case 429: return 'TooManyRequests'
    case 500: return 'InternalServerError'
    case 502: return 'BadGateway'
    case 503: return 'ServiceUnavailable'
    case 504: return 'GatewayTimeout'
    default: return `Http${status}`
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

// One logical read (a list with all its pages, or one GET) and the responses that belong to it.
// The SDK clients fetch later pages in their own ways (the TypeSpec-generated ones without the
// operation's options, so no per-operation callback sees them). Every request of every client
// still passes the shared transport policy, so the read is carried in async context: whatever
// the SDK sends while the read runs is recorded against it there, next to the wire, with the body
// as received. Collectors take items from these recorded pages, never from SDK models.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline'

/** What a collector says about a read when it records a failure or a list. */
export interface ReadSpec {
  scope: string
  resourceType: string
  operation: string
}

/** A read that could not be trusted: a paging loop, the page cap, a body that is not what was asked for. */
export class ReadFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | null = null,
    readonly callId: string | null = null,
  ) {
    super(message)
    this.name = 'ReadFailure'
  }
}

export interface RecordedPage {
  url: string
  callId: string
  /** the `value` array exactly as received */
  value: unknown[]
  nextLink: string | null
}

export interface ReadLimits {
  /** pages one list may take before it is stopped and recorded as cut short */
  maxPages: number
}

export class ReadScope {
  readonly pages: RecordedPage[] = []
  /** the body of a GET (kind 'get'), of a logs query (kind 'query') or of a Resource Graph page (kind 'graph') */
  body: Record<string, unknown> | null = null
  callId: string | null = null
  /** the api-version the SDK would have sent, when the plan's differs */
  sdkApiVersion: string | null = null
  private readonly requested = new Set<string>()

  constructor(
    readonly kind: 'list' | 'get' | 'query' | 'graph',
    readonly spec: ReadSpec,
    readonly limits: ReadLimits,
    /** the api-version the plan declares for this read; set on every request of it */
    readonly apiVersion?: string,
  ) {}

  /** Called once per request before it is first sent: pins the api-version, refuses loops and runaway lists. */
  beforeSend(request: PipelineRequest): void {
    if (this.apiVersion) {
      const url = new URL(request.url)
      const sent = url.searchParams.get('api-version')
      if (sent !== this.apiVersion) {
        if (sent && this.pages.length === 0) this.sdkApiVersion = sent
        url.searchParams.set('api-version', this.apiVersion)
        request.url = url.toString()
      }
    }
    if (this.kind !== 'list') return
    const key = normalizeUrl(request.url)
    if (this.requested.has(key)) {
      throw new ReadFailure(`paging loop: the next page link ${request.url} was already read for this list`, 'PagingLoop')
    }
    if (this.requested.size >= this.limits.maxPages) {
      throw new ReadFailure(`the list was stopped after ${this.limits.maxPages} pages (the page cap per list)`, 'PageCapReached')
    }
    this.requested.add(key)
  }

  /**
   * Called with the final 2xx response of a request: the body must be JSON of the shape asked for
   * (a `value` array for a list, an object for a GET, `tables` for a logs query, `data` for Resource Graph),
   * else the read failed.
   */
  accept(response: PipelineResponse, callId: string): void {
    const what = {
      list: 'a list page (a JSON object with a "value" array)',
      query: 'a query result (a JSON object with "tables")',
      graph: 'a Resource Graph result (a JSON object with a "data" array)',
      get: 'a JSON object',
    }[this.kind]
    const contentType = response.headers.get('content-type') ?? 'no content type'
    const text = response.bodyAsText
    const fail = (why: string): never => {
      throw new ReadFailure(`HTTP ${response.status} answered ${why} (${contentType}) where ${what} was expected`, 'UnexpectedResponseBody', response.status, callId)
    }
    if (text === undefined || text === null || text.trim() === '') fail('an empty body')
    let body: unknown
    try {
      body = JSON.parse(text!)
    } catch {
      fail(`a body that is not JSON: ${JSON.stringify(text!.slice(0, 60))}`)
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('JSON that is not an object')
    const record = body as Record<string, unknown>
    if (this.kind === 'list') {
      if (!Array.isArray(record.value)) fail('JSON without a "value" array')
      const next = record.nextLink
      if (next !== undefined && next !== null && typeof next !== 'string') fail('a "nextLink" that is not a string')
      this.pages.push({ url: response.request.url, callId, value: record.value as unknown[], nextLink: typeof next === 'string' && next !== '' ? next : null })
      return
    }
    if (this.kind === 'query' && !Array.isArray(record.tables)) fail('JSON without a "tables" array')
    if (this.kind === 'graph' && !Array.isArray(record.data)) fail('JSON without a "data" array (resultFormat objectArray)')
    this.body = record
    this.callId = callId
  }

  /** The last answer that was not a 2xx (its status, ARM error code and message), as the wire had it. */
  refused: { status: number; code: string | null; message: string; callId: string } | null = null

  /** Called with the final non-2xx response of a request: an SDK's own error may lose the status (a 302). */
  reject(response: PipelineResponse, callId: string): void {
    let code: string | null = null
    let message = `HTTP ${response.status}${response.headers.get('location') ? ` (redirect to ${response.headers.get('location')}, not followed)` : ''}`
    try {
      const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: unknown; message?: unknown } }
      if (typeof body.error?.code === 'string') code = body.error.code
      if (typeof body.error?.message === 'string') message = body.error.message
    } catch {
      // not an ARM error body
    }
    this.refused = { status: response.status, code, message, callId }
  }

  /** The failure to record: what the wire answered, when the SDK's error does not carry it. */
  failure(err: unknown, status: number | null): unknown {
    if (status !== null || !this.refused) return err
    const r = this.refused
    return new ReadFailure(r.message, r.code ?? `Http${r.status}`, r.status, r.callId)
  }

  /** The nextLink of the last page read, if the list did not end there. */
  get pendingNextLink(): string | null {
    return this.pages.at(-1)?.nextLink ?? null
  }
}

/** Same page, same URL: query parameters compared in order-independent form, host in lower case. */
function normalizeUrl(url: string): string {
  try {
    const u = new URL(url)
    const params = [...u.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.toLowerCase()}?${new URLSearchParams(params).toString()}`
  } catch {
    return url
  }
}

const current = new AsyncLocalStorage<ReadScope>()

/** Runs `fn` with `scope` as the read every request inside it belongs to. */
export function withinRead<T>(scope: ReadScope, fn: () => Promise<T>): Promise<T> {
  return current.run(scope, fn)
}

/** The read the current request belongs to, if any. */
export function currentRead(): ReadScope | undefined {
  return current.getStore()
}

// The state of one scan that collectors share: the recorder of calls, resources and
// failed reads, SDK client options, and the two primitives every collector uses —
// `list` and `get` — which take the raw wire body of each response (the SDK models
// rename or drop properties) and turn any failure into a recorded error entry.
import type { TokenCredential } from '@azure/core-auth'
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline'
import type { OperationOptions } from '@azure/core-client'
import type { Call, CollectionError, ListRecord, Resource } from '../snapshot/schema.js'
import type { RawReader } from './raw.js'
import { describeFailure, ReadOnlyViolation, readOnlyGuardPolicy, readOnlyVerdict, transportPolicy, type GuardOptions, type TransportStats } from './pipeline.js'
import { ReadFailure, ReadScope, withinRead, type ReadLimits, type ReadSpec } from './reads.js'
import { Redactor } from './redact.js'

export type WireBody = Record<string, unknown> & { id?: string; name?: string; type?: string; location?: string; properties?: Record<string, unknown> }

export interface RawItem {
  body: WireBody
  callId: string
}

/** Options every management-plane client is built with. */
export interface ArmClientOptions {
  endpoint: string
  /** Older generated clients read credentialScopes, TypeSpec-generated ones credentials.scopes. */
  credentialScopes: string[]
  credentials: { scopes: string[] }
  retryOptions: { maxRetries: number }
  /** Redirects are never followed: a 3xx is a failed read (a redirect could lead past the guard). */
  redirectOptions: { maxRetries: number }
  additionalPolicies: { policy: ReturnType<typeof readOnlyGuardPolicy>; position: 'perCall' | 'perRetry' }[]
  tlsOptions?: { ca: string }
  userAgentOptions: { userAgentPrefix: string }
  /** One HTTP client (one connection pool) for every client of the scan: a handshake per host, not per client. */
  httpClient?: HttpClient
}

export interface RecorderOptions {
  concurrency: number
  maxRetries: number
  backoffMs: number
  timeoutMs: number
  maxRetryAfterMs: number
  maxPagesPerList: number
  now: () => Date
  guard: GuardOptions
  onWait?: (ms: number, reason: string) => void
  onGiveUp?: (message: string) => void
}

export class ScanRecorder {
  readonly calls: Call[] = []
  readonly errors: CollectionError[] = []
  readonly lists: ListRecord[] = []
  readonly notes: string[] = []
  readonly stats: TransportStats = { attempts: 0, throttled: 0, retried: 0, gaveUp: 0 }
  /** secrets found in what the services answered: replaced before anything is kept */
  readonly redactor = new Redactor()
  readonly limits: ReadLimits
  readonly violations: ReadOnlyViolation[] = []
  /** Set by collect(): the model-free fallback reader. */
  rawReader: RawReader | null = null
  private readonly resources = new Map<string, Resource>()
  /** ids (lower case) some service read returned, as opposed to only the generic resource list */
  private readonly serviceRead = new Set<string>()
  private readonly callByRequest = new Map<string, string>()
  readonly guardPolicy
  readonly transportPolicy

  constructor(readonly options: RecorderOptions) {
    this.limits = { maxPages: options.maxPagesPerList }
    this.guardPolicy = readOnlyGuardPolicy(options.guard)
    this.transportPolicy = transportPolicy(
      {
        ...options,
        verdict: (method, url) => readOnlyVerdict(method, url, options.guard),
        onCall: (call, request) => this.recordCall(call, request),
      },
      this.stats,
    )
  }

  private recordCall(call: Omit<Call, 'id'>, request: PipelineRequest): string {
    const id = `c${this.calls.length + 1}`
    this.calls.push({ id, ...call, url: this.redactor.string(call.url, `calls/${id}`, 'url') })
    this.callByRequest.set(request.requestId, id)
    return id
  }

  callIdOf(request: PipelineRequest | undefined): string | null {
    return request ? (this.callByRequest.get(request.requestId) ?? null) : null
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }

  /**
   * Adds a resource, merging with what another read of it gave. A service read is richer than the generic
   * resource list: its body wins whichever arrives first (reads run concurrently, so the snapshot must not
   * depend on their order); the generic entry only fills what the service read left out. Provenance accumulates.
   */
  addResource(body: WireBody, callId: string, subscriptionId: string, opts: { generic?: boolean } = {}): Resource | null {
    if (typeof body.id !== 'string') return null
    const key = body.id.toLowerCase()
    const fresh: Resource = {
      id: body.id,
      type: String(body.type ?? typeFromId(body.id)).toLowerCase(),
      name: String(body.name ?? body.id.split('/').pop()),
      location: typeof body.location === 'string' ? body.location : null,
      subscriptionId,
      ...(body.kind !== undefined ? { kind: (body.kind as string | null) ?? null } : {}),
      ...(body.sku !== undefined ? { sku: (body.sku as Record<string, unknown> | null) ?? null } : {}),
      ...(body.tags !== undefined ? { tags: this.redactor.value((body.tags as Record<string, string> | null) ?? null, body.id, 'tags') } : {}),
      properties: this.redactor.value((body.properties && typeof body.properties === 'object' ? body.properties : {}) as Record<string, unknown>, body.id, 'properties'),
      callIds: [callId],
    }
    const existing = this.resources.get(key)
    if (!existing) {
      this.resources.set(key, fresh)
      if (!opts.generic) this.serviceRead.add(key)
      return fresh
    }
    const callIds = [...new Set([...existing.callIds, callId])].sort(byCallNumber)
    let merged: Resource
    if (opts.generic && this.serviceRead.has(key)) merged = { ...fresh, ...existing, callIds }
    else if (!opts.generic && !this.serviceRead.has(key)) merged = { ...existing, ...fresh, location: fresh.location ?? existing.location, callIds }
    else merged = { ...existing, ...fresh, location: fresh.location ?? existing.location, properties: Object.keys(fresh.properties).length ? fresh.properties : existing.properties, callIds }
    if (!opts.generic) this.serviceRead.add(key)
    this.resources.set(key, merged)
    return merged
  }

  recordError(scope: string, resourceType: string, operation: string, err: unknown): void {
    const f = describeFailure(err)
    if (err instanceof ReadOnlyViolation) this.violations.push(err)
    this.errors.push({
      scope,
      resourceType: resourceType.toLowerCase(),
      operation,
      status: f.status,
      code: f.code,
      message: this.redactor.string(f.message, scope, 'message'),
      callId: f.callId ?? this.callIdOf(f.request),
    })
  }

  recordList(list: ListRecord): void {
    this.lists.push(list)
  }

  /** The resource with this id (any case), if collected. */
  resource(id: string): Resource | undefined {
    return this.resources.get(id.toLowerCase())
  }

  get resourceCount(): number {
    return this.resources.size
  }

  sortedResources(): Resource[] {
    return [...this.resources.values()].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
  }
}

/** Calls in the order they were made ("c9" before "c10"), so provenance does not depend on which read finished first. */
function byCallNumber(a: string, b: string): number {
  return (Number(a.slice(1)) || 0) - (Number(b.slice(1)) || 0) || (a < b ? -1 : a > b ? 1 : 0)
}

export function typeFromId(id: string): string {
  // /subscriptions/s/resourceGroups/rg/providers/NS/t1/n1/t2/n2 -> NS/t1/t2
  const parts = id.split('/')
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers')
  if (p < 0) return 'unknown'
  const rest = parts.slice(p + 1)
  const types = [rest[0]]
  for (let i = 1; i < rest.length; i += 2) types.push(rest[i])
  return types.join('/')
}

export type { ReadSpec } from './reads.js'

type SdkOptions = OperationOptions

/** A list as read: the items of every page, and whether the population is known to be whole. */
export interface ListOutcome {
  items: RawItem[]
  complete: boolean
}

/**
 * Runs a paged SDK list operation and returns the raw items of every page the SDK fetched, taken
 * from the responses the transport recorded for this read (never from the SDK's models or an
 * operation callback, which later pages may bypass). The SDK drives the paging; where it cannot
 * (its model layer rejected a page, or it stopped while a nextLink remained), trustpack follows the
 * remaining nextLinks itself on the same guarded pipeline and notes that it did.
 *
 * The list is complete only when its last page had no nextLink, every page the SDK yielded was
 * recorded, and every item kept was an object with an id. Otherwise the items read are still
 * kept, an error entry names the parent and type, and the list record says why it is cut short.
 */
export async function listRaw(
  recorder: ScanRecorder,
  spec: ReadSpec,
  op: (options: SdkOptions) => unknown,
  apiVersion?: string,
): Promise<ListOutcome> {
  const read = new ReadScope('list', spec, recorder.limits, apiVersion)
  let sdkPages = 0
  let failure: unknown
  try {
    await withinRead(read, async () => {
      const result = op({})
      // Paged operations return an iterator; a few lists (Defender pricings) are one plain response.
      if (isPaged(result)) for await (const _page of result.byPage()) sdkPages++
      else {
        await result
        sdkPages = 1
      }
    })
  } catch (err) {
    failure = err
  }
  noteApiVersion(recorder, read)
  let followedByHand = false
  if (recorder.rawReader && read.pendingNextLink && (failure === undefined || isModelError(failure))) {
    // The SDK could not go on although the service said there is more: follow the links directly.
    const why = failure === undefined ? 'the SDK stopped while a nextLink remained' : `the SDK model could not read a page (${describeFailure(failure).message})`
    try {
      await withinRead(read, () => followNextLinks(recorder.rawReader!, read))
      failure = undefined
      followedByHand = true
      recorder.note(`${spec.operation}: ${why}; the remaining pages were read by following nextLink directly.`)
    } catch (err) {
      failure = err
    }
  } else if (failure !== undefined && isModelError(failure) && read.pages.length > 0 && !read.pendingNextLink) {
    // Every page was recorded before the model layer failed: the wire bodies are whole.
    recorder.note(`${spec.operation}: the SDK model could not read the response (${describeFailure(failure).message}); the raw wire body was kept.`)
    failure = undefined
  }

  const items: RawItem[] = []
  const seen = new Set<string>()
  let notObjects = 0
  let repeated = 0
  for (const page of read.pages) {
    for (const v of page.value) {
      if (!v || typeof v !== 'object' || Array.isArray(v) || typeof (v as WireBody).id !== 'string') {
        notObjects++
        continue
      }
      const key = String((v as WireBody).id).toLowerCase()
      if (seen.has(key)) repeated++
      seen.add(key)
      items.push({ body: v as WireBody, callId: page.callId })
    }
  }
  let reason: string | null = null
  if (failure !== undefined) reason = describeFailure(read.failure(failure, describeFailure(failure).status)).message
  else if (read.pendingNextLink) reason = `the last page read still had a nextLink (${read.pendingNextLink})`
  else if (!followedByHand && sdkPages > read.pages.length) reason = `the SDK read ${sdkPages} page(s) but only ${read.pages.length} passed the transport`
  else if (notObjects > 0) reason = `${notObjects} item(s) in the pages were not resources with an id`
  // Offset paging over a list that changed while it was read repeats an item where it skipped another.
  else if (repeated > 0) reason = `${repeated} item(s) appeared on more than one page: the list changed while it was read, so another item may have been skipped`
  recorder.recordList({
    scope: spec.scope,
    resourceType: spec.resourceType.toLowerCase(),
    operation: spec.operation,
    pages: read.pages.map((p) => ({ callId: p.callId, items: p.value.length })),
    items: items.length,
    complete: reason === null,
    ...(reason ? { reason } : {}),
  })
  if (reason !== null) {
    const err = failure === undefined ? new ReadFailure(`list cut short: ${reason}`, 'IncompleteList', null, read.pages.at(-1)?.callId ?? null) : read.failure(failure, describeFailure(failure).status)
    recorder.recordError(spec.scope, spec.resourceType, spec.operation, err)
  }
  return { items, complete: reason === null }
}

/** Says once per operation that the plan's api-version replaced the SDK's (the body's shape follows it). */
function noteApiVersion(recorder: ScanRecorder, read: ReadScope): void {
  if (read.sdkApiVersion && read.apiVersion) {
    recorder.note(`${read.spec.operation} is read at api-version ${read.apiVersion}, the one its plan declares (the SDK's default is ${read.sdkApiVersion}).`)
  }
}

function isPaged(v: unknown): v is { byPage(): AsyncIterableIterator<unknown> } {
  return typeof v === 'object' && v !== null && typeof (v as { byPage?: unknown }).byPage === 'function'
}

async function followNextLinks(reader: RawReader, read: ReadScope): Promise<void> {
  for (let link = read.pendingNextLink; link; link = read.pendingNextLink) await reader.get(link)
}

/** A failure of the SDK's model layer on a 2xx response, as opposed to an HTTP, transport or read failure. */
function isModelError(err: unknown): boolean {
  if (err instanceof ReadOnlyViolation || err instanceof ReadFailure) return false
  return err instanceof TypeError || (err instanceof Error && err.name !== 'RestError' && (err as { statusCode?: number }).statusCode === undefined && !(err as { code?: string }).code)
}

/** Runs a single GET operation and returns its raw body, or null after recording the failure. */
export async function getRaw(recorder: ScanRecorder, spec: ReadSpec, op: (options: SdkOptions) => Promise<unknown>, apiVersion?: string): Promise<RawItem | null> {
  const read = new ReadScope('get', spec, recorder.limits, apiVersion)
  try {
    await withinRead(read, () => op({}))
  } catch (err) {
    noteApiVersion(recorder, read)
    if (!(read.body && isModelError(err))) {
      recorder.recordError(spec.scope, spec.resourceType, spec.operation, read.failure(err, describeFailure(err).status))
      return null
    }
    recorder.note(`${spec.operation}: the SDK model could not read the response (${describeFailure(err).message}); the raw wire body was kept.`)
  }
  noteApiVersion(recorder, read)
  if (!read.body || !read.callId) {
    recorder.recordError(spec.scope, spec.resourceType, spec.operation, new ReadFailure('no 2xx response body was recorded for this read', 'NoResponseBody'))
    return null
  }
  return { body: read.body as WireBody, callId: read.callId }
}

/** What a derived read (code in a service's folder, named by its plan) gets: it runs after every list. */
export interface DerivedContext {
  recorder: ScanRecorder
  credential: TokenCredential
  armOptions: ArmClientOptions
  logsEndpoint: string
}

// The state of one scan that collectors share: the recorder of calls, resources and
// failed reads, SDK client options, and the two primitives every collector uses —
// `list` and `get` — which take the raw wire body of each response (the SDK models
// rename or drop properties) and turn any failure into a recorded error entry.
import type { TokenCredential } from '@azure/core-auth'
import type { PipelineRequest } from '@azure/core-rest-pipeline'
import type { FullOperationResponse, OperationOptions } from '@azure/core-client'
import type { Call, CollectionError, Resource } from '../snapshot/schema.js'
import type { RawReader } from './raw.js'
import { readRemainingPages } from './raw.js'
import { describeFailure, ReadOnlyViolation, readOnlyGuardPolicy, transportPolicy, type GuardOptions, type TransportStats } from './pipeline.js'

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
  additionalPolicies: { policy: ReturnType<typeof readOnlyGuardPolicy>; position: 'perCall' | 'perRetry' }[]
  tlsOptions?: { ca: string }
  userAgentOptions: { userAgentPrefix: string }
}

export interface RecorderOptions {
  concurrency: number
  maxRetries: number
  backoffMs: number
  timeoutMs: number
  now: () => Date
  guard: GuardOptions
}

export class ScanRecorder {
  readonly calls: Call[] = []
  readonly errors: CollectionError[] = []
  readonly notes: string[] = []
  readonly stats: TransportStats = { attempts: 0, throttled: 0, retried: 0 }
  readonly violations: ReadOnlyViolation[] = []
  /** Set by collect(): the model-free fallback reader. */
  rawReader: RawReader | null = null
  private readonly resources = new Map<string, Resource>()
  private readonly callByRequest = new Map<string, string>()
  readonly guardPolicy
  readonly transportPolicy

  constructor(readonly options: RecorderOptions) {
    this.guardPolicy = readOnlyGuardPolicy(options.guard)
    this.transportPolicy = transportPolicy(
      { ...options, onCall: (call, request) => this.recordCall(call, request) },
      this.stats,
    )
  }

  private recordCall(call: Omit<Call, 'id'>, request: PipelineRequest): string {
    const id = `c${this.calls.length + 1}`
    this.calls.push({ id, ...call })
    this.callByRequest.set(request.requestId, id)
    return id
  }

  callIdOf(request: PipelineRequest | undefined): string | null {
    return request ? (this.callByRequest.get(request.requestId) ?? null) : null
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }

  /** Adds a resource, merging with what an earlier read (e.g. the generic resource list) gave. */
  addResource(body: WireBody, callId: string, subscriptionId: string, typeOverride?: string): Resource | null {
    if (typeof body.id !== 'string') return null
    const key = body.id.toLowerCase()
    const type = (typeOverride ?? String(body.type ?? typeFromId(body.id))).toLowerCase()
    const fresh: Resource = {
      id: body.id,
      type,
      name: String(body.name ?? body.id.split('/').pop()),
      location: typeof body.location === 'string' ? body.location : null,
      subscriptionId,
      ...(body.kind !== undefined ? { kind: (body.kind as string | null) ?? null } : {}),
      ...(body.sku !== undefined ? { sku: (body.sku as Record<string, unknown> | null) ?? null } : {}),
      ...(body.tags !== undefined ? { tags: (body.tags as Record<string, string> | null) ?? null } : {}),
      properties: (body.properties && typeof body.properties === 'object' ? body.properties : {}) as Record<string, unknown>,
      callIds: [callId],
    }
    const existing = this.resources.get(key)
    if (!existing) {
      this.resources.set(key, fresh)
      return fresh
    }
    // The service read is richer than the generic list: its body wins, provenance accumulates.
    const merged: Resource = {
      ...existing,
      ...fresh,
      location: fresh.location ?? existing.location,
      properties: Object.keys(fresh.properties).length ? fresh.properties : existing.properties,
      callIds: [...new Set([...existing.callIds, callId])],
    }
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
      message: f.message,
      callId: this.callIdOf(f.request),
    })
  }

  get resourceCount(): number {
    return this.resources.size
  }

  sortedResources(): Resource[] {
    return [...this.resources.values()].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
  }
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

/** What a scope-and-operation label says when a collector records a failure. */
export interface ReadSpec {
  scope: string
  resourceType: string
  operation: string
}

type RawOptions = OperationOptions & { onResponse?: (raw: FullOperationResponse) => void }

/**
 * Runs a paged SDK list operation, returning the raw items of every page.
 * Returns null (and records an error) when any page fails.
 */
export async function listRaw(
  recorder: ScanRecorder,
  spec: ReadSpec,
  op: (options: RawOptions) => { byPage(): AsyncIterableIterator<unknown> },
): Promise<RawItem[] | null> {
  const items: RawItem[] = []
  let nextLink: string | undefined
  let pages = 0
  const onResponse = (raw: FullOperationResponse): void => {
    if (raw.status >= 300) return
    const callId = recorder.callIdOf(raw.request) ?? 'unknown'
    const body = parseBody(raw) as { value?: unknown; nextLink?: string | null } | null
    pages++
    nextLink = body?.nextLink ?? undefined
    const value = body?.value
    if (Array.isArray(value)) for (const v of value) if (v && typeof v === 'object') items.push({ body: v as WireBody, callId })
  }
  try {
    for await (const _page of op({ onResponse }).byPage()) {
      // pages are taken from the raw responses above
    }
    return items
  } catch (err) {
    if (pages > 0 && isModelError(err) && recorder.rawReader) {
      try {
        items.push(...(await readRemainingPages(recorder.rawReader, nextLink)))
        recorder.note(`${spec.operation}: the SDK model could not read the response (${describeFailure(err).message}); the raw wire body was kept and paging followed directly.`)
        return items
      } catch (inner) {
        recorder.recordError(spec.scope, spec.resourceType, spec.operation, inner)
        return null
      }
    }
    recorder.recordError(spec.scope, spec.resourceType, spec.operation, err)
    return null
  }
}

/** A failure of the SDK's model layer on a 2xx response, as opposed to an HTTP or transport failure. */
function isModelError(err: unknown): boolean {
  return err instanceof TypeError || (err instanceof Error && err.name !== 'RestError' && !(err instanceof ReadOnlyViolation) && (err as { statusCode?: number }).statusCode === undefined && !(err as { code?: string }).code)
}

/** Runs a single GET operation and returns its raw body, or null after recording the failure. */
export async function getRaw(recorder: ScanRecorder, spec: ReadSpec, op: (options: RawOptions) => Promise<unknown>): Promise<RawItem | null> {
  let item: RawItem | null = null
  const onResponse = (raw: FullOperationResponse): void => {
    if (raw.status >= 300) return
    const body = parseBody(raw)
    if (body && typeof body === 'object') item = { body: body as WireBody, callId: recorder.callIdOf(raw.request) ?? 'unknown' }
  }
  try {
    await op({ onResponse })
    if (!item) throw new Error('empty response body')
    return item
  } catch (err) {
    if (item && isModelError(err)) {
      recorder.note(`${spec.operation}: the SDK model could not read the response (${describeFailure(err).message}); the raw wire body was kept.`)
      return item
    }
    recorder.recordError(spec.scope, spec.resourceType, spec.operation, err)
    return null
  }
}

function parseBody(raw: FullOperationResponse): unknown {
  if (!raw.bodyAsText) return null
  try {
    return JSON.parse(raw.bodyAsText)
  } catch {
    return null
  }
}

export interface CollectorContext {
  recorder: ScanRecorder
  credential: TokenCredential
  armOptions: ArmClientOptions
  subscriptionId: string
  /** Runs async work for each item, all at once: the transport policy bounds the requests. */
  forEach<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void>
}

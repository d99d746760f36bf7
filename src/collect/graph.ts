// Tenant-wide inventory through Azure Resource Graph (`scan --inventory`, docs/scanning-at-scale.md).
//
// One query, `Resources | where type in~ (...)`, over up to 1,000 subscriptions a request, 1,000 rows a page,
// paged with $skipToken, replaces one list per checked type per subscription. It is sent by the real
// @azure/arm-resourcegraph client, which is built on the older @azure/ms-rest-js runtime: it gets an
// httpClient that hands every request to the scan's own pipeline (read-only guard, pacing, retries,
// provenance) and no policies of its own but the deserializer, so there is no second retry or auth layer.
//
// The inventory is all or nothing: a batch is whole only when every page was read, no page says its result
// was truncated, the rows add up to the total Resource Graph announced, and every row is a resource of a
// subscription the batch named. Anything less and the per-subscription lists are read from ARM instead.
import type { TokenCredential } from '@azure/core-auth'
import { createHttpHeaders, createPipelineRequest, type HttpMethods } from '@azure/core-rest-pipeline'
import { describeFailure } from './pipeline.js'
import { ReadFailure, ReadScope, withinRead } from './reads.js'
import type { RawItem, ScanRecorder, WireBody } from './context.js'

/** Where the population of each checked type comes from. */
export const INVENTORY_MODES = ['auto', 'resource-graph', 'arm'] as const
export type InventoryMode = (typeof INVENTORY_MODES)[number]

export const RESOURCE_GRAPH_OPERATION = 'POST /providers/Microsoft.ResourceGraph/resources (ResourceGraphClient.resources)'
/** Resource Graph's largest page, and its cap on subscriptions named in one request. */
export const GRAPH_PAGE_ROWS = 1000
export const GRAPH_MAX_SUBSCRIPTIONS = 1000
/** The columns taken from the `Resources` table: what a service list's item carries. */
const COLUMNS = ['id', 'name', 'type', 'location', 'kind', 'sku', 'tags', 'identity', 'properties', 'subscriptionId']

export interface GraphPage {
  callId: string
  rows: number
}

/** The rows Resource Graph returned, by subscription and type (both lower case), and the pages they came on. */
export interface GraphInventory {
  items: Map<string, Map<string, RawItem[]>>
  /** the pages of the batch each subscription was queried in */
  pages: Map<string, GraphPage[]>
  query: string
}

export type GraphOutcome = { ok: true; inventory: GraphInventory } | { ok: false; status: number | null; code: string | null; reason: string }

export interface GraphContext {
  recorder: ScanRecorder
  credential: TokenCredential
  armEndpoint: string
}

/** The query trustpack sends: the checked types, the columns a service list would give. */
export function graphQuery(types: readonly string[]): string {
  const list = [...new Set(types.map((t) => t.toLowerCase()))].sort().map((t) => `'${t}'`).join(', ')
  return `Resources | where type in~ (${list}) | project ${COLUMNS.join(', ')}`
}

/** Reads the inventory of `types` in `subscriptions`; never throws for what Azure answered. */
export async function readGraphInventory(ctx: GraphContext, subscriptions: readonly string[], types: readonly string[]): Promise<GraphOutcome> {
  const query = graphQuery(types)
  const client = await graphClient(ctx)
  const inventory: GraphInventory = { items: new Map(), pages: new Map(), query }
  for (let i = 0; i < subscriptions.length; i += GRAPH_MAX_SUBSCRIPTIONS) {
    const batch = subscriptions.slice(i, i + GRAPH_MAX_SUBSCRIPTIONS)
    const outcome = await readBatch(ctx, client, batch, query, inventory)
    if (outcome) return { ok: false, ...outcome }
  }
  return { ok: true, inventory }
}

interface Failure {
  status: number | null
  code: string | null
  reason: string
}

type ResourcesCall = (query: { subscriptions: string[]; query: string; options: Record<string, unknown> }) => Promise<unknown>

async function readBatch(ctx: GraphContext, resources: ResourcesCall, batch: readonly string[], query: string, inventory: GraphInventory): Promise<Failure | null> {
  const wanted = new Set(batch.map((s) => s.toLowerCase()))
  const spec = { scope: '/providers/Microsoft.ResourceGraph', resourceType: 'microsoft.resourcegraph/resources', operation: RESOURCE_GRAPH_OPERATION }
  const pages: GraphPage[] = []
  const rows: { row: WireBody; callId: string }[] = []
  const seen = new Set<string>()
  let total: number | null = null
  let skipToken: string | undefined
  do {
    if (pages.length >= ctx.recorder.limits.maxPages) return { status: null, code: 'PageCapReached', reason: `the query was stopped after ${pages.length} pages (the page cap per list)` }
    const read = new ReadScope('graph', spec, ctx.recorder.limits)
    const options: Record<string, unknown> = { top: GRAPH_PAGE_ROWS, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) }
    try {
      await withinRead(read, () => resources({ subscriptions: [...batch], query, options }))
    } catch (err) {
      const f = describeFailure(read.failure(err, describeFailure(err).status))
      return { status: f.status, code: f.code, reason: `page ${pages.length + 1}: ${f.status ?? 'no answer'} ${f.code ?? ''} ${f.message}`.replace(/\s+/g, ' ').trim() }
    }
    if (!read.body || !read.callId) return { status: null, code: 'NoResponseBody', reason: `page ${pages.length + 1}: no 2xx response body was recorded` }
    const body = read.body
    const data = body.data as unknown[]
    if (body.resultTruncated === 'true' || body.resultTruncated === true) return { status: null, code: 'ResultTruncated', reason: `page ${pages.length + 1} says its result was truncated` }
    if (total === null) total = typeof body.totalRecords === 'number' ? body.totalRecords : null
    for (const v of data) {
      const row = v as WireBody
      if (!row || typeof row !== 'object' || typeof row.id !== 'string' || typeof row.type !== 'string') return { status: null, code: 'UnexpectedRow', reason: `page ${pages.length + 1} holds a row that is not a resource with an id and a type` }
      const sub = subscriptionOf(row)
      if (!wanted.has(sub)) return { status: null, code: 'UnexpectedRow', reason: `page ${pages.length + 1} holds ${row.id}, of a subscription the query did not name` }
      const key = row.id.toLowerCase()
      // Offset paging over an index that changed while it was read repeats a row where it skipped another.
      if (seen.has(key)) return { status: null, code: 'RepeatedRow', reason: `${row.id} appeared on more than one page: the index changed while it was read, so another row may have been skipped` }
      seen.add(key)
      rows.push({ row, callId: read.callId })
    }
    pages.push({ callId: read.callId, rows: data.length })
    const next = body.$skipToken
    skipToken = typeof next === 'string' && next !== '' ? next : undefined
  } while (skipToken !== undefined)
  if (total === null) return { status: null, code: 'NoTotalRecords', reason: 'the answer did not say how many rows the query has (totalRecords)' }
  if (rows.length !== total) return { status: null, code: 'IncompleteResult', reason: `Resource Graph announced ${total} rows and ${rows.length} were read` }
  for (const sub of wanted) inventory.pages.set(sub, pages)
  for (const { row, callId } of rows) {
    const sub = subscriptionOf(row)
    const byType = inventory.items.get(sub) ?? new Map<string, RawItem[]>()
    const type = row.type!.toLowerCase()
    byType.set(type, [...(byType.get(type) ?? []), { body: asServiceItem(row), callId }])
    inventory.items.set(sub, byType)
  }
  return null
}

function subscriptionOf(row: WireBody): string {
  const s = typeof row.subscriptionId === 'string' && row.subscriptionId ? row.subscriptionId : (row.id ?? '').split('/')[2] ?? ''
  return s.toLowerCase()
}

/**
 * A row as a service list's item: Resource Graph answers every projected column, with "" or null where the
 * resource has none; those are left out, so a resource reads the same whichever path listed it.
 */
function asServiceItem(row: WireBody): WireBody {
  const item: WireBody = { id: row.id!, name: row.name ?? row.id!.split('/').pop()!, type: row.type! }
  if (typeof row.location === 'string' && row.location !== '') item.location = row.location
  if (typeof row.kind === 'string' && row.kind !== '') item.kind = row.kind
  for (const k of ['sku', 'tags', 'identity'] as const) if (row[k] !== null && row[k] !== undefined && row[k] !== '') item[k] = row[k]
  item.properties = row.properties && typeof row.properties === 'object' ? row.properties : {}
  return item
}

/** The real ResourceGraphClient, sending through the scan's pipeline (imported only when the inventory is used). */
async function graphClient(ctx: GraphContext): Promise<ResourcesCall> {
  const [{ ResourceGraphClient }, msRest] = await Promise.all([import('@azure/arm-resourcegraph'), import('@azure/ms-rest-js')])
  const raw = ctx.recorder.rawReader
  if (!raw) throw new ReadFailure('the scan pipeline is not ready', 'NoPipeline')
  const httpClient = {
    async sendRequest(web: InstanceType<typeof msRest.WebResource>) {
      const request = createPipelineRequest({
        url: web.url,
        method: web.method as HttpMethods,
        headers: createHttpHeaders(web.headers.rawHeaders()),
        ...(typeof web.body === 'string' ? { body: web.body } : {}),
      })
      const response = await raw.send(request)
      return { request: web, status: response.status, headers: new msRest.HttpHeaders(response.headers.toJSON()), bodyAsText: response.bodyAsText ?? null }
    },
  }
  const client = new ResourceGraphClient(ctx.credential, {
    baseUri: ctx.armEndpoint,
    httpClient,
    // Only the deserializer (it turns a non-2xx into an error): auth, retries and pacing are the pipeline's.
    requestPolicyFactories: [msRest.deserializationPolicy()],
  })
  return (q) => client.resources(q as Parameters<typeof client.resources>[0])
}

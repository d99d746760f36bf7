// Resolves ARM paths against estates. Everything is derived from resource IDs:
// GET {id} returns the body, GET {parent}/{collection} lists the children, and the
// subscription-level and resource-group-level lists by provider type are built once.
import type { Estate } from './estate.js'

type Body = Record<string, unknown>

export type Lookup =
  | { kind: 'item'; body: unknown }
  /** `type` is the lower-case ARM type of what the list holds (`microsoft.keyvault/vaults/keys`), when known */
  | { kind: 'list'; items: unknown[]; type: string | null }
  | { kind: 'missing'; code: string; message: string }

export interface EstateIndex {
  lookup(path: string): Lookup
  logs: Map<string, Record<string, unknown>[]>
  /** Resource Graph rows (its `Resources` table) of the top-level resources of these types (lower case) in these subscriptions, by id. */
  graphRows(subscriptions: readonly string[], types: ReadonlySet<string>): Body[]
}

const TOP_LEVEL = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/

function norm(path: string): string {
  return decodeURIComponent(path).toLowerCase().replace(/\/+$/, '')
}

function push(map: Map<string, unknown[]>, key: string, value: unknown): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function buildIndex(estates: Estate[]): EstateIndex {
  const items = new Map<string, unknown>()
  const lists = new Map<string, unknown[]>()
  const logs = new Map<string, Record<string, unknown>[]>()
  const subscriptions: Body[] = []
  const groups = new Map<string, Body>()
  const topLevel: Body[] = []

  for (const estate of estates) {
    for (const sub of estate.subscriptions) {
      const s = sub as unknown as Body
      subscriptions.push(s)
      items.set(norm(`/subscriptions/${String(s.subscriptionId)}`), s)
      lists.set(norm(`/subscriptions/${String(s.subscriptionId)}/resources`), lists.get(norm(`/subscriptions/${String(s.subscriptionId)}/resources`)) ?? [])
      lists.set(norm(`/subscriptions/${String(s.subscriptionId)}/resourcegroups`), lists.get(norm(`/subscriptions/${String(s.subscriptionId)}/resourcegroups`)) ?? [])
    }
    for (const resource of estate.resources) {
      const body = resource as unknown as Body
      const id = String(body.id)
      const key = norm(id)
      items.set(key, body)
      const top = TOP_LEVEL.exec(key)
      if (top) {
        const [, sub, rg, ns, type] = top
        const originalRg = id.split('/')[4] ?? rg!
        topLevel.push(graphRow(body, sub!, rg!))
        push(lists, `/subscriptions/${sub}/providers/${ns}/${type}`, body)
        push(lists, `/subscriptions/${sub}/resourcegroups/${rg}/providers/${ns}/${type}`, body)
        push(lists, `/subscriptions/${sub}/resources`, genericView(body))
        push(lists, `/subscriptions/${sub}/resourcegroups/${rg}/resources`, genericView(body))
        const groupKey = `/subscriptions/${sub}/resourcegroups/${rg}`
        if (!groups.has(groupKey)) {
          const group: Body = {
            id: `/subscriptions/${id.split('/')[2]}/resourceGroups/${originalRg}`,
            name: originalRg,
            type: 'Microsoft.Resources/resourceGroups',
            location: body.location ?? 'global',
            properties: { provisioningState: 'Succeeded' },
          }
          groups.set(groupKey, group)
          items.set(groupKey, group)
          push(lists, `/subscriptions/${sub}/resourcegroups`, group)
        }
      } else {
        const parent = key.slice(0, key.lastIndexOf('/'))
        push(lists, parent, body)
      }
    }
    // Every workspace answers queries, with no rows when the estate holds none for it.
    for (const r of estate.resources) {
      const customerId = (r.properties as { customerId?: unknown }).customerId
      if (r.type.toLowerCase() === 'microsoft.operationalinsights/workspaces' && typeof customerId === 'string' && !logs.has(customerId.toLowerCase())) logs.set(customerId.toLowerCase(), [])
    }
    for (const [workspace, rows] of Object.entries(estate.logs ?? {})) {
      const k = workspace.toLowerCase()
      logs.set(k, [...(logs.get(k) ?? []), ...(rows as Record<string, unknown>[])])
    }
  }
  lists.set('/subscriptions', subscriptions)

  const lookup = (path: string): Lookup => {
    const key = norm(path)
    const item = items.get(key)
    if (item !== undefined) return { kind: 'item', body: item }
    const list = lists.get(key)
    if (list) return { kind: 'list', items: list, type: listType(key, items) }
    const segments = key.split('/').filter(Boolean)
    const sub = segments[1]
    if (segments[0] !== 'subscriptions' || !sub || !items.has(`/subscriptions/${sub}`)) {
      return { kind: 'missing', code: 'SubscriptionNotFound', message: `The subscription '${sub ?? ''}' could not be found.` }
    }
    // A collection under an existing parent is an empty list, as ARM answers it.
    const parent = key.slice(0, key.lastIndexOf('/'))
    const byType = /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/providers\/[^/]+\/[^/]+$/.exec(key)
    if (items.has(parent) || (byType && (!byType[1] || items.has(key.split('/providers/')[0]!)))) {
      return { kind: 'list', items: [], type: listType(key, items) }
    }
    const rg = segments[2] === 'resourcegroups' ? segments[3] : undefined
    if (rg && !items.has(`/subscriptions/${sub}/resourcegroups/${rg}`)) {
      return { kind: 'missing', code: 'ResourceGroupNotFound', message: `Resource group '${rg}' could not be found.` }
    }
    return { kind: 'missing', code: 'ResourceNotFound', message: `The Resource '${path}' was not found.` }
  }

  const graphRows = (subs: readonly string[], types: ReadonlySet<string>): Body[] => {
    const wanted = new Set(subs.map((s) => s.toLowerCase()))
    return topLevel
      .filter((r) => wanted.has(String(r.subscriptionId)) && types.has(String(r.type)))
      .sort((a, b) => String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase()))
  }

  return { lookup, logs, graphRows }
}

/**
 * A resource as Resource Graph's `Resources` table holds it, projected as trustpack asks: type, location and
 * resource group in lower case (as Resource Graph answers them), properties as the resource provider gave them.
 */
function graphRow(body: Body, subscriptionId: string, resourceGroup: string): Body {
  return {
    id: body.id,
    name: body.name,
    type: String(body.type).toLowerCase(),
    location: typeof body.location === 'string' ? body.location.toLowerCase().replace(/\s+/g, '') : '',
    subscriptionId,
    resourceGroup,
    properties: body.properties ?? {},
    tags: body.tags ?? {},
    kind: body.kind ?? '',
    sku: body.sku ?? null,
    identity: body.identity ?? null,
  }
}

/** The type a list path holds: `{parent}/{collection}` is the parent's type plus the collection. */
function listType(key: string, items: Map<string, unknown>): string | null {
  const provider = /\/providers\/([^/]+)\/([^/]+)$/.exec(key)
  if (provider && !items.has(key.slice(0, key.lastIndexOf('/')))) return `${provider[1]}/${provider[2]}`
  const parent = items.get(key.slice(0, key.lastIndexOf('/'))) as Body | undefined
  if (parent && typeof parent.type === 'string') return `${parent.type.toLowerCase()}/${key.slice(key.lastIndexOf('/') + 1)}`
  if (/^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/resources$/.test(key)) return 'microsoft.resources/resources'
  return null
}

/** What GET /subscriptions/{s}/resources returns for a resource: no properties. */
export function genericView(body: Body): Body {
  // The resource list answers canonical location names ("canadacentral") even where a
  // service's own GET answers display names ("Canada Central").
  const location = typeof body.location === 'string' ? body.location.toLowerCase().replace(/\s+/g, '') : body.location
  const view: Body = { id: body.id, name: body.name, type: body.type, location }
  for (const k of ['kind', 'sku', 'tags', 'identity', 'managedBy', 'zones'] as const) {
    if (body[k] !== undefined) view[k] = body[k]
  }
  return view
}

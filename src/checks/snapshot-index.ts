// One pass over a snapshot building the lookups the engine needs: resources by type, children by parent,
// failed reads by scope and type, and each call's api-version. Built once per evaluation.
import type { CollectionError, ListRecord, Resource, Snapshot } from '../snapshot/schema.js'
import { isTopLevelResourceId } from './values.js'

export interface SnapshotIndex {
  /** resources by lower-case type, each list in findings order (resource id case-insensitively, then exactly) */
  byType: Map<string, Resource[]>
  /** the resources of the subscriptions' resource lists, in the same order */
  topLevel: Resource[]
  /** children of a resource whose type is the parent's plus `/segment`, sorted by id */
  childrenOf(parent: Resource, segment: string): readonly Resource[]
  /** key: `${scope lower}|${resourceType}` */
  errorsByScopeType: Map<string, CollectionError[]>
  errorsByScope: Map<string, CollectionError[]>
  errors: CollectionError[]
  /** each failed read's position in `errors` */
  errorOrder: Map<CollectionError, number>
  /** failed reads whose scope ends in "/" (other producers): found by scanning, not by ancestor lookup */
  errorsWithTrailingSlash: CollectionError[]
  apiVersionOfCall: Map<string, string | null>
  /** whether a resource of the snapshot is in its subscription's resource list (the population of "*") */
  isTopLevel(r: Resource): boolean
  /** whether the snapshot holds a resource with this id (case-insensitive) */
  hasResource(id: string): boolean
  /** the resource with this id (case-insensitive) */
  resource(id: string): Resource | undefined
  /** the record of the list of `type` under `scope`, when the snapshot has one */
  listOf(scope: string, type: string): ListRecord | undefined
  /** the same, for a scope that is a resource of the snapshot, without lowering its id again (`type` in lower case) */
  listUnder(r: Resource, type: string): ListRecord | undefined
  /** whether the snapshot records its lists at all (snapshots from other producers may not) */
  listsRecorded: boolean
  subscriptionIds: string[]
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

export function parentIdOf(id: string): string {
  const last = id.lastIndexOf('/')
  return last <= 0 ? '' : id.slice(0, Math.max(0, id.lastIndexOf('/', last - 1)))
}

/**
 * An extension resource (`{scope}/providers/{ns}/{type}/{name}`, e.g. a subscription's Defender pricing)
 * hangs off the resource at {scope}: the scope and the extension's full type, or null for any other id.
 */
export function extensionOf(id: string, type: string): { scope: string; type: string } | null {
  const m = /^(.+)\/providers\/([^/]+)\/([^/]+)\/[^/]+$/i.exec(id)
  if (!m || (!/\/subscriptions\/[^/]+$/i.test(m[1]!) && !/\/providers\//i.test(m[1]!))) return null
  return { scope: m[1]!, type: type.toLowerCase() }
}

/** Cheap test before extensionOf's regex: an extension id has a second /providers/ or sits on a subscription. */
function mayBeExtension(lowerId: string): boolean {
  const first = lowerId.indexOf('/providers/')
  if (first < 0) return false
  return lowerId.indexOf('/providers/', first + 1) >= 0 || lowerId.lastIndexOf('/', first - 1) === lowerId.indexOf('/', 1)
}

const NONE: readonly Resource[] = []

/** Code-unit order of two strings (the order findings are sorted in). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  const byLowerId = new Map<string, Resource>()
  // Per parent, its children by last type segment: a short list of pairs (a parent has a handful of child
  // types), lighter than a Map per parent when a snapshot has tens of thousands of parents.
  const children = new Map<Resource, { segment: string; list: Resource[] }[]>()
  // Lists whose scope is a resource of the snapshot hang off that resource (most lists: a child type under
  // each parent); the others (a scope the snapshot holds no resource for) are keyed by scope and type.
  const listsByScope = new Map<string, ListRecord>()
  const listsOf = new Map<Resource, { type: string; list: ListRecord }[]>()
  const listIn = (r: Resource, type: string): ListRecord | undefined => {
    const groups = listsOf.get(r)
    if (groups) for (const g of groups) if (g.type === type) return g.list
    return undefined
  }
  const topLevel = new Set<Resource>()
  const index: SnapshotIndex = {
    byType: new Map(), topLevel: [], errorsByScopeType: new Map(), errorsByScope: new Map(),
    errors: snapshot.errors, errorOrder: new Map(), errorsWithTrailingSlash: [], apiVersionOfCall: new Map(),
    childrenOf: (parent, segment) => {
      // a loop, not find(): asked for every child condition of every resource
      const groups = children.get(parent)
      if (groups) for (const g of groups) if (g.segment === segment) return g.list
      return NONE
    },
    isTopLevel: (r) => topLevel.has(r),
    hasResource: (id) => byLowerId.has(id.toLowerCase()),
    resource: (id) => byLowerId.get(id.toLowerCase()),
    listOf: (scope, type) => {
      const lower = scope.toLowerCase()
      const owner = byLowerId.get(lower)
      return owner ? listIn(owner, type.toLowerCase()) : listsByScope.get(`${lower}|${type.toLowerCase()}`)
    },
    listUnder: (r, type) => listIn(r, type),
    listsRecorded: snapshot.lists !== undefined,
    subscriptionIds: snapshot.subscriptions.map((s) => s.subscriptionId),
  }
  // What each distinct type string needs (its lower case, its byType list, its last segment when it is a
  // child type), worked out once per type rather than once per resource: a snapshot has tens of thousands of
  // resources and a few dozen types.
  const typeInfo = new Map<string, { list: number[]; segment: string | null }>()
  const positions = new Map<string, number[]>()
  const topPositions: number[] = []
  const resources = snapshot.resources
  const lowerIds: string[] = new Array<string>(resources.length)
  const segments: (string | null)[] = new Array<string | null>(resources.length)
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]!
    let info = typeInfo.get(r.type)
    if (!info) {
      const lower = r.type.toLowerCase()
      let list = positions.get(lower)
      if (!list) positions.set(lower, (list = []))
      const lastSlash = lower.lastIndexOf('/')
      typeInfo.set(r.type, (info = { list, segment: lower.indexOf('/') !== lastSlash ? lower.slice(lastSlash + 1) : null }))
    }
    const id = r.id.toLowerCase()
    lowerIds[i] = id
    segments[i] = info.segment
    byLowerId.set(id, r)
    info.list.push(i)
    if (isTopLevelResourceId(r.id)) {
      topPositions.push(i)
      topLevel.add(r)
    }
  }
  // Each population sorted once here, in the order findings are reported, so a check's findings come out
  // sorted (sortFindings was a tenth of an evaluation, lowering every id once per check).
  const inOrder = (list: number[]): Resource[] => {
    list.sort((a, b) => cmp(lowerIds[a]!, lowerIds[b]!) || cmp(resources[a]!.id, resources[b]!.id))
    return list.map((i) => resources[i]!)
  }
  for (const [type, list] of positions) index.byType.set(type, inOrder(list))
  index.topLevel = inOrder(topPositions)
  for (const l of snapshot.lists ?? []) {
    const scope = l.scope.toLowerCase()
    const type = l.resourceType.toLowerCase()
    const owner = byLowerId.get(scope)
    if (!owner) {
      listsByScope.set(`${scope}|${type}`, l)
      continue
    }
    let groups = listsOf.get(owner)
    if (!groups) listsOf.set(owner, (groups = []))
    const at = groups.findIndex((g) => g.type === type)
    // A scope listed twice: the later record stands, as it always has.
    if (at >= 0) groups[at] = { type, list: l }
    else groups.push({ type, list: l })
  }
  // Children under their parents, once every parent is known (a child may come before its parent).
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i]!
    const id = lowerIds[i]!
    let parentId: string
    let segment = segments[i]!
    if (segment !== null) parentId = parentIdOf(id)
    else {
      // Extension resources are children of their scope under their full type (`children: microsoft.security/pricings`).
      const ext = mayBeExtension(id) ? extensionOf(r.id, r.type) : null
      if (!ext) continue
      parentId = ext.scope.toLowerCase()
      segment = ext.type
    }
    const parent = byLowerId.get(parentId)
    if (!parent) continue // a child setting whose parent is not in the snapshot is unreachable from any check
    let groups = children.get(parent)
    if (!groups) children.set(parent, (groups = []))
    const group = groups.find((g) => g.segment === segment)
    if (group) group.list.push(r)
    else groups.push({ segment, list: [r] })
  }
  const byId = (a: Resource, b: Resource): number => cmp(a.id, b.id)
  for (const groups of children.values()) for (const { list } of groups) if (list.length > 1) list.sort(byId)
  for (const [i, e] of snapshot.errors.entries()) {
    index.errorOrder.set(e, i)
    if (e.scope.endsWith('/')) index.errorsWithTrailingSlash.push(e)
    push(index.errorsByScopeType, `${e.scope.toLowerCase()}|${e.resourceType.toLowerCase()}`, e)
    push(index.errorsByScope, e.scope.toLowerCase(), e)
  }
  for (const c of snapshot.calls) index.apiVersionOfCall.set(c.id, c.apiVersion)
  return index
}

/** The api-version of the first call a resource came from, if recorded. */
export function apiVersionOf(index: SnapshotIndex, r: Resource): string | null {
  for (const id of r.callIds) {
    const v = index.apiVersionOfCall.get(id)
    if (v) return v
  }
  return null
}

/** A failed read explained in one line, quoted in findings. */
export function quoteError(e: CollectionError): string {
  const status = e.status === null ? 'no response' : `HTTP ${e.status}`
  return `read failed: ${e.operation} on ${e.scope} → ${status}${e.code ? ` ${e.code}` : ''}: ${e.message}${e.callId ? ` (call ${e.callId})` : ''}`
}

/**
 * The failed read that explains why a child of `parentId` of type `childType` is absent: one on the parent
 * itself first, then one on an ancestor scope, then any failed read of that type at all.
 */
export function errorExplainingChild(index: SnapshotIndex, parentId: string, childType: string): CollectionError | undefined {
  if (index.errors.length === 0) return undefined
  const parent = parentId.toLowerCase()
  const exact = index.errorsByScopeType.get(`${parent}|${childType}`)
  if (exact?.[0]) return exact[0]
  // A failed read above the parent (a list of its type), or an error on the parent itself that does
  // not name a type (snapshots from other producers may omit it). Never another resource's error.
  return firstErrorAbove(index, parent, childType, (e) => e.resourceType.toLowerCase() === childType) ?? index.errorsByScope.get(parent)?.find((e) => e.resourceType === '')
}

/**
 * The first failed read, in snapshot order, of `type` whose scope is a proper ancestor of `id` (lower case)
 * and that `accept`s: found by looking up each ancestor of the id (a handful) instead of scanning every
 * failed read, which made a partial scan with many failed reads quadratic.
 */
export function firstErrorAbove(index: SnapshotIndex, id: string, type: string, accept: (e: CollectionError) => boolean): CollectionError | undefined {
  let best: CollectionError | undefined
  let bestAt = Infinity
  for (let at = id.indexOf('/'); at >= 0; at = id.indexOf('/', at + 1)) {
    for (const e of index.errorsByScopeType.get(`${id.slice(0, at)}|${type}`) ?? []) {
      const order = index.errorOrder.get(e)!
      if (order < bestAt && accept(e)) {
        best = e
        bestAt = order
      }
    }
  }
  // A scope written with a trailing slash is an ancestor too ("/subscriptions/s/" of "/subscriptions/s/x").
  for (const e of index.errorsWithTrailingSlash) {
    const order = index.errorOrder.get(e)!
    if (order < bestAt && e.resourceType.toLowerCase() === type && id.startsWith(`${e.scope.toLowerCase()}/`) && accept(e)) {
      best = e
      bestAt = order
    }
  }
  return best
}

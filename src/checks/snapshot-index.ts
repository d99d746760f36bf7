// One pass over a snapshot building the lookups the engine needs: resources by type, children by parent,
// failed reads by scope and type, and each call's api-version. Built once per evaluation.
import type { CollectionError, Resource, Snapshot } from '../snapshot/schema.js'
import { isTopLevelResourceId } from './values.js'

export interface SnapshotIndex {
  byType: Map<string, Resource[]>
  topLevel: Resource[]
  /** key: `${parentId lower}|${last type segment}` */
  children: Map<string, Resource[]>
  /** key: `${scope lower}|${resourceType}` */
  errorsByScopeType: Map<string, CollectionError[]>
  errorsByScope: Map<string, CollectionError[]>
  errors: CollectionError[]
  apiVersionOfCall: Map<string, string | null>
  resourceIds: Set<string>
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

export function parentIdOf(id: string): string {
  const parts = id.split('/')
  return parts.slice(0, -2).join('/')
}

export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  const index: SnapshotIndex = {
    byType: new Map(), topLevel: [], children: new Map(), errorsByScopeType: new Map(), errorsByScope: new Map(),
    errors: snapshot.errors, apiVersionOfCall: new Map(), resourceIds: new Set(),
  }
  for (const r of snapshot.resources) {
    const type = r.type.toLowerCase()
    push(index.byType, type, r)
    index.resourceIds.add(r.id.toLowerCase())
    if (isTopLevelResourceId(r.id)) index.topLevel.push(r)
    const segments = type.split('/')
    if (segments.length >= 3) push(index.children, `${parentIdOf(r.id).toLowerCase()}|${segments[segments.length - 1]}`, r)
  }
  for (const e of snapshot.errors) {
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
  const parent = parentId.toLowerCase()
  const exact = index.errorsByScopeType.get(`${parent}|${childType}`)
  if (exact?.[0]) return exact[0]
  const ofType = index.errors.filter((e) => e.resourceType.toLowerCase() === childType)
  return ofType.find((e) => parent.startsWith(`${e.scope.toLowerCase()}/`)) ?? ofType[0]
}

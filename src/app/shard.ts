// Shards of a scan (`scan --shard K/N`): which subscriptions shard K of N takes, and the shard's snapshot.
// The fan-out itself is the CI system's (a GitHub Actions matrix, an Azure Pipelines parallel job); trustpack
// only decides, the same way on every machine, which share each shard scans, and records it (docs/shards.md).
import { createHash } from 'node:crypto'
import { InputError } from '../core/errors.js'
import type { CollectOutcome } from '../collect/index.js'
import type { TransportStats } from '../collect/pipeline.js'
import type { Call, Snapshot } from '../snapshot/schema.js'

export interface ShardSpec {
  /** 1-based */
  index: number
  count: number
}

/** How subscriptions are assigned to shards; recorded so a merge can re-derive and verify each share. */
export const SHARD_ASSIGNMENT = 'sha256-mod'

/** The largest N accepted: far above any CI matrix, low enough that a typo (`--shard 1/40000`) is caught. */
export const MAX_SHARDS = 256

/** `K/N` with 1 ≤ K ≤ N ≤ 256; anything else is a usage error naming the flag. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text)
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new InputError(`--shard: expected K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (e.g. 2/4), got "${text}"`, 'in a CI matrix pass the job\'s position and the job count, e.g. --shard ${{ matrix.shard }}/4')
  }
  return { index, count }
}

/**
 * The shard (1-based) a subscription belongs to: the first 48 bits of SHA-256 of its lower-cased ID, mod N.
 * It depends on that ID alone, so it is the same on every machine, in any listing order, and a subscription
 * keeps its shard when others are added or removed (see docs/shards.md for why not round-robin).
 */
export function shardOf(subscriptionId: string, count: number): number {
  const h = createHash('sha256').update(subscriptionId.trim().toLowerCase()).digest()
  return (h.readUIntBE(0, 6) % count) + 1
}

/** Subscription IDs sorted case-insensitively, each once (the first spelling kept). */
export function uniqueSorted(ids: readonly string[]): string[] {
  const byLower = new Map<string, string>()
  for (const id of ids) if (!byLower.has(id.toLowerCase())) byLower.set(id.toLowerCase(), id)
  return [...byLower.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, id]) => id)
}

/** The subscriptions of `seen` that shard K of N takes, sorted. */
export function takeShard(seen: readonly string[], spec: ShardSpec): string[] {
  return uniqueSorted(seen).filter((id) => shardOf(id, spec.count) === spec.index)
}

/** Renames every call id a snapshot refers to (calls, resources, errors, list pages). Mutates and returns it. */
export function remapCallIds(snapshot: Snapshot, rename: (id: string) => string): Snapshot {
  for (const c of snapshot.calls) c.id = rename(c.id)
  for (const r of snapshot.resources) r.callIds = r.callIds.map(rename)
  for (const e of snapshot.errors) if (e.callId) e.callId = rename(e.callId)
  for (const l of snapshot.lists ?? []) for (const p of l.pages) p.callId = rename(p.callId)
  return snapshot
}

export interface ShardMeta {
  armEndpoint: string
  logsEndpoint: string
  toolVersion: string
  now: () => Date
}

/**
 * Collects shard K of N. Without explicit subscriptions it first lists every subscription the credential sees
 * (the same list, and the same enabled-state filter, as an unsharded scan), then scans its share; with
 * explicit ones (-s, the config file) the share is taken of those. A shard whose share is empty scans nothing
 * and still returns a valid snapshot that says so, so a CI matrix wider than the estate neither fails nor
 * produces garbage.
 *
 * `collect(subscriptions, listOnly)` is the scan's own collection with everything else fixed.
 */
export async function collectShard(
  spec: ShardSpec,
  explicit: readonly string[] | undefined,
  collect: (subscriptions: string[] | undefined, listOnly: boolean) => Promise<CollectOutcome>,
  meta: ShardMeta,
): Promise<CollectOutcome> {
  const startedAt = meta.now().toISOString()
  const listing = explicit && explicit.length > 0 ? null : await collect(undefined, true)
  const seen = uniqueSorted(listing ? listing.snapshot.subscriptions.map((s) => s.subscriptionId) : explicit ?? [])
  const taken = takeShard(seen, spec)
  const main = taken.length > 0 ? await collect(taken, false) : null

  const head = listing?.snapshot
  const offset = head?.calls.length ?? 0
  const body: Snapshot = main
    ? remapCallIds(main.snapshot, (id) => renumber(id, offset))
    : {
        schemaVersion: head?.schemaVersion ?? '1.0',
        tool: { name: 'trustpack', version: meta.toolVersion },
        startedAt,
        finishedAt: meta.now().toISOString(),
        endpoints: head?.endpoints ?? { arm: meta.armEndpoint, logs: meta.logsEndpoint },
        subscriptions: [],
        resources: [],
        errors: [],
        calls: [],
        lists: [],
        notes: [],
      }
  const calls: Call[] = [...(head?.calls ?? []), ...body.calls]
  const note = `shard ${spec.index}/${spec.count}: took ${taken.length} of the ${seen.length} subscription(s) ${listing ? 'the credential sees' : 'named by -s or the config file'} (assigned by ${SHARD_ASSIGNMENT}: SHA-256 of the lower-cased subscription ID, mod ${spec.count})${taken.length === 0 ? '; nothing to scan in this shard' : ''}`
  const snapshot: Snapshot = {
    ...body,
    startedAt: head?.startedAt ?? body.startedAt,
    errors: sortErrors([...(head?.errors ?? []), ...body.errors]),
    calls,
    lists: sortLists([...(head?.lists ?? []), ...(body.lists ?? [])]),
    notes: [note, ...new Set([...(head?.notes ?? []), ...body.notes])],
    ...mergedRedaction(head, body),
    shard: { index: spec.index, count: spec.count, assignment: SHARD_ASSIGNMENT, seenFrom: listing ? 'list' : 'names', seen, taken },
  }
  return { snapshot, stats: addStats(listing?.stats, main?.stats) }
}

function renumber(id: string, offset: number): string {
  const m = /^c(\d+)$/.exec(id)
  return m && offset > 0 ? `c${Number(m[1]) + offset}` : id
}

export function sortErrors<T extends { scope: string; resourceType: string }>(errors: T[]): T[] {
  return errors.sort((a, b) => a.scope.localeCompare(b.scope) || a.resourceType.localeCompare(b.resourceType))
}

export function sortLists<T extends { scope: string; resourceType: string }>(lists: T[]): T[] {
  return lists.sort((a, b) => a.scope.localeCompare(b.scope) || a.resourceType.localeCompare(b.resourceType))
}

/** One redaction block from two collections; items keep their own salt where it differs from the block's. */
export function mergedRedaction(...parts: (Snapshot | undefined)[]): Pick<Snapshot, 'redaction'> {
  const blocks = parts.flatMap((p) => (p?.redaction ? [p.redaction] : []))
  if (blocks.length === 0) return {}
  const salt = blocks[0]!.salt
  const items = blocks.flatMap((b) => b.items.map((i) => (b.salt === salt || i.salt ? i : { ...i, salt: b.salt })))
  return { redaction: { salt, items: items.sort((a, b) => a.resourceId.localeCompare(b.resourceId) || a.path.localeCompare(b.path)) } }
}

/** Counters of both collections added up (whatever counters the transport keeps). */
function addStats(a: TransportStats | undefined, b: TransportStats | undefined): TransportStats {
  const out: Record<string, number> = { attempts: 0, throttled: 0, retried: 0, gaveUp: 0 }
  for (const s of [a, b]) {
    if (!s) continue
    for (const [k, v] of Object.entries(s)) if (typeof v === 'number') out[k] = (out[k] ?? 0) + v
  }
  return out as unknown as TransportStats
}

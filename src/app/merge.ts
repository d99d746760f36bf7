// Use case "merge": the N shard snapshots of one sharded scan (`scan --shard K/N`) → one snapshot, as if one
// scan had read everything. Keeps every input's provenance (calls renamed per shard, lists, failed reads),
// keeps a resource held identically by several inputs once, and never picks between two different readings
// of one resource: a conflict is recorded and every check over that resource becomes `error`. A missing shard
// or subscription is recorded as failed reads, so the merged snapshot is judged incomplete, never complete.
import { basename } from 'node:path'
import { InputError, PartialCollectionError } from '../core/errors.js'
import { sha256Hex } from '../core/json.js'
import { writeFileAtomic } from '../core/fs.js'
import { readSnapshot } from '../snapshot/io.js'
import type { CollectionError, ListRecord, MergeConflict, MergeRecord, Resource, Snapshot, Subscription } from '../snapshot/schema.js'
import { extensionOf, parentIdOf } from '../checks/snapshot-index.js'
import { mergedRedaction, remapCallIds, SHARD_ASSIGNMENT, shardOf, sortErrors, sortLists, takeShard, uniqueSorted } from './shard.js'

export interface MergeInput {
  /** shown in messages and recorded (its file name only) */
  path: string
  snapshot: Snapshot
  sha256: string
}

export interface MergeOptions {
  /** write the merged snapshot even when shards are missing or resources conflicted (exit 0 instead of 4) */
  allowPartial?: boolean
  out?: string
  /** told of what was tolerated (the same file given twice, subscriptions that changed while the shards ran) */
  onWarning?: (message: string) => void
}

export interface MergeSummary {
  out: string | null
  sha256: string
  complete: boolean
  shardCount: number
  shards: number[]
  missingShards: number[]
  missingSubscriptions: string[]
  subscriptions: number
  resources: number
  duplicatesDropped: number
  conflicts: { resourceId: string; differs: string[]; shards: number[] }[]
  errors: number
  warnings: string[]
}

export interface MergeResult {
  snapshot: Snapshot
  summary: MergeSummary
}

/** JSON with object keys sorted, so two readings of a resource compare by content, not key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function content(r: Resource): string {
  const { callIds: _ignored, ...rest } = r
  return canonical(rest)
}

/** The fields (down to properties.<name>) whose values differ between two readings. */
function differingFields(a: Resource, b: Resource): string[] {
  const out: string[] = []
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'callIds').sort()
  for (const k of keys) {
    const va = (a as unknown as Record<string, unknown>)[k]
    const vb = (b as unknown as Record<string, unknown>)[k]
    if (canonical(va) === canonical(vb)) continue
    if (k === 'properties' && va && vb && typeof va === 'object' && typeof vb === 'object') {
      const pa = va as Record<string, unknown>
      const pb = vb as Record<string, unknown>
      for (const p of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) if (canonical(pa[p]) !== canonical(pb[p])) out.push(`properties.${p}`)
    } else out.push(k)
  }
  return out
}

const byLowerId = (a: Resource, b: Resource): number => a.id.toLowerCase().localeCompare(b.id.toLowerCase())

/** The scope a child setting or extension resource hangs off (as the check engine links them), or null when top level. */
function parentScopeOf(r: Resource): string | null {
  const t = r.type.toLowerCase()
  if (t.indexOf('/') !== t.lastIndexOf('/')) return parentIdOf(r.id) || null
  return extensionOf(r.id, t)?.scope ?? null
}

function fail(message: string, hint?: string): never {
  throw new InputError(message, hint)
}

/** Checks the inputs are shards of one scan and orders them by shard; returns warnings for what was tolerated. */
function admit(inputs: MergeInput[]): { shards: MergeInput[]; warnings: string[] } {
  if (inputs.length === 0) fail('merge: no snapshot given', 'pass the N shard snapshots, e.g. trustpack merge snapshot-*.json --out merged.json')
  const warnings: string[] = []
  for (const i of inputs) {
    if (i.snapshot.merge) fail(`${i.path}: is already a merged snapshot; merge the shard snapshots themselves`)
    if (!i.snapshot.shard) fail(`${i.path}: not a shard snapshot (no "shard": it was not made by \`trustpack scan --shard K/N\`)`, 'scan each shard with --shard K/N, then merge those snapshots')
    const s = i.snapshot.shard
    if (s.index < 1 || s.index > s.count) fail(`${i.path}: shard ${s.index}/${s.count} is not a valid shard`)
    if (s.assignment !== SHARD_ASSIGNMENT) fail(`${i.path}: shards assigned by "${s.assignment}", which this version of trustpack does not know (it assigns by "${SHARD_ASSIGNMENT}")`)
    // The share must be the one the assignment gives: a hand-edited or foreign shard could overlap another.
    const expected = takeShard(s.seen, s)
    if (canonical(uniqueSorted(s.taken)) !== canonical(expected)) fail(`${i.path}: shard ${s.index}/${s.count} holds subscriptions [${s.taken.join(', ')}], not its share [${expected.join(', ')}] of the subscriptions it saw`)
    const scanned = uniqueSorted(i.snapshot.subscriptions.map((x) => x.subscriptionId)).map((x) => x.toLowerCase())
    const outside = scanned.filter((x) => shardOf(x, s.count) !== s.index || !s.taken.some((t) => t.toLowerCase() === x))
    if (outside.length) fail(`${i.path}: shard ${s.index}/${s.count} holds subscription ${outside[0]} outside its share`)
  }
  const first = inputs[0]!
  const same = (what: string, get: (s: Snapshot) => string): void => {
    for (const i of inputs.slice(1)) {
      if (get(i.snapshot) !== get(first.snapshot)) fail(`${i.path}: ${what} ${get(i.snapshot)} differs from ${first.path}'s ${get(first.snapshot)}; shards of one scan are made by one trustpack version against one endpoint`)
    }
  }
  same('snapshot schemaVersion', (s) => s.schemaVersion)
  same('tool', (s) => `${s.tool.name} ${s.tool.version}`)
  same('shard count', (s) => `N=${s.shard!.count}`)
  same('ARM endpoint', (s) => s.endpoints.arm)
  same('logs endpoint', (s) => s.endpoints.logs)
  same('subscription source', (s) => `${s.shard!.seenFrom === 'list' ? 'every subscription the credential sees' : 'subscriptions named by -s or the config file'}`)
  // One tenant: shards of one scan see one tenant's subscriptions; two tenants means two different scans.
  const tenants = new Map<string, string>()
  for (const i of inputs) for (const sub of i.snapshot.subscriptions) if (sub.tenantId && !tenants.has(sub.tenantId.toLowerCase())) tenants.set(sub.tenantId.toLowerCase(), i.path)
  if (tenants.size > 1) {
    const [[ta, fa], [tb, fb]] = [...tenants.entries()] as [[string, string], [string, string]]
    fail(`${fb}: subscriptions of tenant ${tb}, but ${fa} holds tenant ${ta}; merge refuses snapshots of different tenants`)
  }
  // One snapshot per shard: the same file twice is harmless, two different scans of one shard are not.
  const byShard = new Map<number, MergeInput>()
  for (const i of inputs) {
    const k = i.snapshot.shard!.index
    const prior = byShard.get(k)
    if (!prior) byShard.set(k, i)
    else if (prior.sha256 === i.sha256) warnings.push(`${i.path}: the same snapshot as ${prior.path} (shard ${k}/${first.snapshot.shard!.count}); merged once`)
    else fail(`${i.path}: shard ${k}/${first.snapshot.shard!.count} is also ${prior.path}, a different scan; pass one snapshot per shard, all from the same run`)
  }
  const shards = [...byShard.values()].sort((a, b) => a.snapshot.shard!.index - b.snapshot.shard!.index)
  const seen0 = canonical(shards[0]!.snapshot.shard!.seen.map((x) => x.toLowerCase()))
  for (const i of shards.slice(1)) {
    if (canonical(i.snapshot.shard!.seen.map((x) => x.toLowerCase())) !== seen0) {
      warnings.push(`${i.path}: saw ${i.snapshot.shard!.seen.length} subscription(s), ${shards[0]!.path} saw ${shards[0]!.snapshot.shard!.seen.length}: the subscriptions changed while the shards ran; any subscription no shard scanned is recorded as missing`)
    }
  }
  return { shards, warnings }
}

function gapError(scope: string, code: string, operation: string, message: string, resourceType = 'microsoft.resources/subscriptions'): CollectionError {
  return { scope, resourceType, operation, status: null, code, message, callId: null }
}

/** Combines admitted shard snapshots (pure: the inputs' snapshots are copied, not changed). */
export function mergeSnapshots(inputs: MergeInput[]): { snapshot: Snapshot; warnings: string[] } {
  const { shards, warnings } = admit(inputs)
  const count = shards[0]!.snapshot.shard!.count
  const copies = shards.map((i) => {
    const k = i.snapshot.shard!.index
    const prefix = `s${k}-`
    return { input: i, k, prefix, snap: remapCallIds(structuredClone(i.snapshot), (id) => `${prefix}${id}`) }
  })

  // Resources: one entry per id (case-insensitive); identical readings once, different readings a conflict.
  const groups = new Map<string, { k: number; r: Resource }[]>()
  for (const c of copies) {
    for (const r of c.snap.resources) {
      const key = r.id.toLowerCase()
      const g = groups.get(key)
      if (g) g.push({ k: c.k, r })
      else groups.set(key, [{ k: c.k, r }])
    }
  }
  const resources: Resource[] = []
  const conflicts: MergeConflict[] = []
  const conflictErrors: CollectionError[] = []
  let duplicatesDropped = 0
  for (const g of groups.values()) {
    const first = g[0]!.r
    if (g.length === 1) {
      resources.push(first)
      continue
    }
    const distinct = new Set(g.map((x) => content(x.r)))
    const callIds = [...new Set(g.flatMap((x) => x.r.callIds))]
    if (distinct.size === 1) {
      duplicatesDropped += g.length - 1
      resources.push({ ...first, callIds })
      continue
    }
    const other = g.find((x) => content(x.r) !== content(first))!.r
    const differs = differingFields(first, other)
    const shardsOf = [...new Set(g.map((x) => x.k))]
    conflicts.push({
      resourceId: first.id,
      resourceType: first.type,
      differs,
      versions: g.map((x) => ({ shard: x.k, sha256: sha256Hex(content(x.r)), callIds: x.r.callIds })),
    })
    // Neither reading is kept: a stub keeps the resource visible (inventories, the resource list's checks)
    // while the error entries make every check over it, or reaching it from its parent, `error`.
    resources.push({ id: first.id, type: first.type, name: first.name, location: null, subscriptionId: first.subscriptionId, properties: {}, callIds })
    const message = `shards ${shardsOf.join(' and ')} of ${count} read this resource differently (${differs.join(', ')}); neither reading is kept`
    conflictErrors.push(gapError(first.id, 'MergeConflict', 'merge', message, first.type))
    const parent = parentScopeOf(first)
    if (parent) conflictErrors.push(gapError(parent, 'MergeConflict', 'merge', `${first.id}: ${message}`, first.type))
  }
  const audit = auditEventGaps(resources, count)
  resources.splice(0, resources.length, ...resources.filter((r) => !audit.drop.has(r)))
  resources.sort(byLowerId)

  // Subscriptions: each scanned by exactly one shard (admit checked the shares).
  const subscriptions = new Map<string, Subscription>()
  for (const c of copies) for (const s of c.snap.subscriptions) if (!subscriptions.has(s.subscriptionId.toLowerCase())) subscriptions.set(s.subscriptionId.toLowerCase(), s)

  // What is missing: shards not given, and subscriptions some shard saw that no given shard scanned.
  const present = new Set(copies.map((c) => c.k))
  const missingShards = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !present.has(k))
  const seenAll = uniqueSorted(copies.flatMap((c) => c.snap.shard!.seen))
  const takenAll = new Set(copies.flatMap((c) => c.snap.shard!.taken.map((t) => t.toLowerCase())))
  const missingSubscriptions = seenAll.filter((s) => !takenAll.has(s.toLowerCase()))
  const gapErrors: CollectionError[] = missingSubscriptions.map((s) => {
    const k = shardOf(s, count)
    return gapError(`/subscriptions/${s}`, present.has(k) ? 'SubscriptionNotScanned' : 'ShardMissing', `scan --shard ${k}/${count}`,
      present.has(k) ? `shard ${k}/${count} did not see this subscription (it appeared while the shards ran), so nothing in it was read` : `shard ${k}/${count} was not merged, so nothing in this subscription was read`)
  })
  for (const k of missingShards) {
    // A missing shard whose share looks empty may still have seen subscriptions the others did not.
    if (!missingSubscriptions.some((s) => shardOf(s, count) === k)) {
      gapErrors.push(gapError('/subscriptions', 'ShardMissing', `scan --shard ${k}/${count}`, `shard ${k}/${count} was not merged; what it would have read is unknown`))
    }
  }

  const lists = mergeLists(copies.map((c) => c.snap.lists ?? []))
  const errorKey = (e: CollectionError): string => canonical(e)
  const errors = new Map<string, CollectionError>()
  for (const e of [...copies.flatMap((c) => c.snap.errors), ...conflictErrors, ...gapErrors, ...audit.errors]) if (!errors.has(errorKey(e))) errors.set(errorKey(e), e)

  const complete = missingShards.length === 0 && missingSubscriptions.length === 0 && conflicts.length === 0 && audit.errors.length === 0
  const merge: MergeRecord = {
    complete,
    shardCount: count,
    inputs: copies.map((c) => ({
      file: basename(c.input.path),
      sha256: c.input.sha256,
      shard: c.k,
      startedAt: c.snap.startedAt,
      finishedAt: c.snap.finishedAt,
      subscriptions: c.snap.shard!.taken,
      callIdPrefix: c.prefix,
    })),
    missingShards,
    missingSubscriptions,
    duplicatesDropped,
    conflicts: conflicts.sort((a, b) => a.resourceId.toLowerCase().localeCompare(b.resourceId.toLowerCase())),
  }
  const head = copies[0]!.snap
  const notes = [...new Set(copies.flatMap((c) => c.snap.notes))]
  if (audit.lowerBounds) notes.push(`Key Vault audit events of ${audit.lowerBounds} vault(s) were counted in the Log Analytics workspaces of their own shard only: their eventCount and lastEventTime are lower bounds ("workspaces" lists the ones asked); events were found, so the vaults do send audit logs`)
  notes.unshift(`merged from ${copies.length} of ${count} shard snapshot(s); call ids carry their shard's prefix ("s2-c14" is call c14 of shard 2)${complete ? '' : '; incomplete: see "merge" and the error entries'}`)
  const snapshot: Snapshot = {
    schemaVersion: head.schemaVersion,
    tool: head.tool,
    startedAt: copies.map((c) => c.snap.startedAt).sort()[0]!,
    finishedAt: copies.map((c) => c.snap.finishedAt).sort().at(-1)!,
    endpoints: head.endpoints,
    subscriptions: [...subscriptions.values()].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    resources,
    errors: sortErrors([...errors.values()]),
    calls: copies.flatMap((c) => c.snap.calls),
    lists,
    notes,
    ...mergedRedaction(...copies.map((c) => c.snap)),
    merge,
  }
  if (copies.every((c) => c.snap.lists === undefined)) delete snapshot.lists
  return { snapshot, warnings }
}

const AUDIT_TYPE = 'microsoft.keyvault/vaults/auditevents'

/**
 * A shard asks for Key Vault audit events only in the Log Analytics workspaces of its own subscriptions, but a
 * vault may log to a workspace in another (central logging). So a vault with no events in the workspaces its
 * shard asked, while the merged snapshot holds workspaces that shard never asked, is not known to log nothing:
 * its audit-event setting is dropped and recorded as a gap (its check is `error`, never a false `fail`).
 * Events found prove logging; their count is then a lower bound (noted).
 */
function auditEventGaps(resources: Resource[], count: number): { drop: Set<Resource>; errors: CollectionError[]; lowerBounds: number } {
  const drop = new Set<Resource>()
  const errors: CollectionError[] = []
  let lowerBounds = 0
  if (count === 1) return { drop, errors, lowerBounds }
  const all = new Set(resources.filter((r) => r.type === 'microsoft.operationalinsights/workspaces' && typeof r.properties.customerId === 'string').map((r) => String(r.properties.customerId).toLowerCase()))
  for (const r of resources) {
    if (r.type !== AUDIT_TYPE || !Array.isArray(r.properties.workspaces)) continue
    const asked = new Set((r.properties.workspaces as unknown[]).map((w) => String(w).toLowerCase()))
    const unasked = [...all].filter((w) => !asked.has(w))
    if (unasked.length === 0) continue
    if (typeof r.properties.eventCount === 'number' && r.properties.eventCount > 0) {
      lowerBounds++
      continue
    }
    drop.add(r)
    errors.push(gapError(parentIdOf(r.id), 'ShardScopeIncomplete', 'merge (Key Vault audit events)',
      `no audit events in the ${asked.size} workspace(s) this vault's shard asked, and ${unasked.length} workspace(s) of other shards were never asked for this vault's events; scan without --shard to judge it`, AUDIT_TYPE))
  }
  return { drop, errors, lowerBounds }
}

/**
 * One record per (scope, type). Shards list disjoint populations, except the subscription list every shard
 * reads: its copies are kept as one record, complete only if every copy is and they agree on the count.
 */
function mergeLists(perShard: ListRecord[][]): ListRecord[] {
  const byKey = new Map<string, ListRecord>()
  for (const lists of perShard) {
    for (const l of lists) {
      const key = `${l.scope.toLowerCase()}|${l.resourceType.toLowerCase()}`
      const prior = byKey.get(key)
      if (!prior) {
        byKey.set(key, l)
        continue
      }
      if (prior.complete && (!l.complete || l.items !== prior.items)) {
        byKey.set(key, { ...prior, complete: false, reason: l.complete ? `shards disagree on this list (${prior.items} vs ${l.items} items)` : (l.reason ?? 'cut short in another shard') })
      }
    }
  }
  return sortLists([...byKey.values()])
}

/** Reads the shard snapshots (each validated), merges them, writes the result atomically. */
export function mergeFiles(paths: string[], options: MergeOptions = {}): MergeResult {
  const inputs = paths.map((path) => {
    const { snapshot, sha256 } = readSnapshot(path)
    return { path, snapshot, sha256 }
  })
  const { snapshot, warnings } = mergeSnapshots(inputs)
  for (const w of warnings) options.onWarning?.(w)
  const text = JSON.stringify(snapshot, null, 2) + '\n'
  if (options.out) writeFileAtomic(options.out, text)
  const m = snapshot.merge!
  const summary: MergeSummary = {
    out: options.out ?? null,
    sha256: sha256Hex(text),
    complete: m.complete,
    shardCount: m.shardCount,
    shards: m.inputs.map((i) => i.shard),
    missingShards: m.missingShards,
    missingSubscriptions: m.missingSubscriptions,
    subscriptions: snapshot.subscriptions.length,
    resources: snapshot.resources.length,
    duplicatesDropped: m.duplicatesDropped,
    conflicts: m.conflicts.map((c) => ({ resourceId: c.resourceId, differs: c.differs, shards: c.versions.map((v) => v.shard) })),
    errors: snapshot.errors.length,
    warnings,
  }
  if (snapshot.errors.length > 0 && !options.allowPartial) {
    const why = [
      m.missingShards.length ? `shard(s) ${m.missingShards.join(', ')} of ${m.shardCount} missing` : '',
      m.missingSubscriptions.length ? `${m.missingSubscriptions.length} subscription(s) not scanned` : '',
      m.conflicts.length ? `${m.conflicts.length} resource(s) read differently by two shards (first: ${m.conflicts[0]!.resourceId})` : '',
      snapshot.errors.some((e) => e.code === 'ShardScopeIncomplete') ? `audit events of ${snapshot.errors.filter((e) => e.code === 'ShardScopeIncomplete').length} vault(s) not known (their shard did not ask every workspace)` : '',
      snapshot.errors.length && m.complete ? `the shards record ${snapshot.errors.length} failed read(s)` : '',
    ].filter(Boolean).join('; ')
    throw new PartialCollectionError(
      `merged snapshot is incomplete: ${why}${options.out ? ` (written to ${options.out}, marked incomplete)` : ''}`,
      'pass every shard\'s snapshot of one run, or --allow-partial to accept a merged snapshot that evaluates as incomplete',
    ).withResult(summary)
  }
  return { snapshot, summary }
}

/** The terminal summary of a merge. */
export function renderMergeSummary(s: MergeSummary): string {
  const lines = [
    `Merged ${s.shards.length} of ${s.shardCount} shard(s): ${s.subscriptions} subscription(s), ${s.resources} resources${s.duplicatesDropped ? ` (${s.duplicatesDropped} duplicate(s) kept once)` : ''}.`,
  ]
  if (s.missingShards.length) lines.push(`Missing shard(s): ${s.missingShards.join(', ')} of ${s.shardCount}.`)
  if (s.missingSubscriptions.length) lines.push(`Not scanned: ${s.missingSubscriptions.join(', ')}.`)
  for (const c of s.conflicts) lines.push(`Conflict: ${c.resourceId} read differently by shards ${c.shards.join(' and ')} (${c.differs.join(', ')}); its checks are error.`)
  lines.push(s.complete ? 'Complete: every shard and subscription is present.' : `Incomplete: ${s.errors} error entr${s.errors === 1 ? 'y' : 'ies'}; evaluate judges what is missing as error.`)
  return lines.join('\n')
}

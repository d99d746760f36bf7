// The snapshot (output of `scan`, input of `evaluate`): one source of truth for its
// TypeScript types and its JSON Schema (schemas/snapshot.schema.json is generated from this).
// `scan` writes every field. On read, fields beyond DESIGN.md's minimum (provenance ids,
// notes, attempt numbers) default, so a snapshot made by another producer still evaluates.
import { z } from 'zod'

export const SNAPSHOT_SCHEMA_VERSION = '1.0'

/** Provenance of one HTTP request made while collecting. */
export const CallSchema = z.object({
  id: z.string().default('').describe('stable id within the snapshot, e.g. "c42"; resources and errors refer to it (filled in on read when absent)'),
  method: z.string(),
  url: z.string().describe('full request URL including the query string'),
  apiVersion: z.string().nullable().default(null),
  status: z.number().int().nullable().default(null).describe('HTTP status, null when no response arrived'),
  requestId: z.string().nullable().default(null).describe('x-ms-request-id of the response'),
  startedAt: z.string().default(''),
  durationMs: z.number().default(0),
  sha256: z.string().nullable().default(null).describe('SHA-256 (hex) of the response body as received'),
  attempt: z.number().int().default(1).describe('1 for the first try, 2+ for retries of the same operation'),
})
export type Call = z.infer<typeof CallSchema>

/**
 * One collected resource or child setting. `properties` keep ARM wire names.
 * Child settings (TDE, backup policies, site config, …) are resources of their own whose
 * id extends the parent id and whose type extends the parent type by one segment.
 */
export const ResourceSchema = z.object({
  id: z.string().describe('ARM resource ID as returned by Azure'),
  type: z.string().describe('ARM type in lower case, e.g. microsoft.sql/servers/databases/transparentdataencryption'),
  name: z.string().default('').describe('filled in from the id on read when absent'),
  location: z.string().nullable().default(null),
  subscriptionId: z.string().default('').describe('filled in from the id on read when absent'),
  kind: z.string().nullable().optional(),
  sku: z.record(z.string(), z.unknown()).nullable().optional(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  properties: z.record(z.string(), z.unknown()),
  callIds: z.array(z.string()).default([]).describe('ids of the calls whose responses this resource came from'),
})
export type Resource = z.infer<typeof ResourceSchema>

/** A read that failed after retries. Never silently skipped. */
export const CollectionErrorSchema = z.object({
  scope: z.string().describe('resource ID (or /subscriptions/{id}) the failed read was about'),
  resourceType: z.string().default('').describe('lower-case ARM type of what could not be read (a list or a child setting)'),
  operation: z.string().default('').describe('what was attempted, e.g. "GET transparentDataEncryption"'),
  status: z.number().int().nullable().default(null),
  code: z.string().nullable().default(null).describe('Azure error code from the body, or a transport code like ETIMEDOUT'),
  message: z.string().default(''),
  callId: z.string().nullable().default(null),
})
export type CollectionError = z.infer<typeof CollectionErrorSchema>

/**
 * One list operation as read: its pages and the items kept. `complete` is true only when the last
 * page had no nextLink and every item of every page was kept; a list cut short (a page failed, a
 * paging loop, the page cap) is recorded with the reason, and the checks over its parent are `error`.
 */
export const ListRecordSchema = z.object({
  scope: z.string().describe('the parent whose population was listed: /subscriptions/{id} or a resource id'),
  resourceType: z.string().describe('lower-case ARM type of the items listed'),
  operation: z.string().default(''),
  pages: z.array(z.object({ callId: z.string(), items: z.number().int().nonnegative() })).describe('every page read, in order, with the length of its value array'),
  items: z.number().int().nonnegative().describe('items kept; equals the sum of the pages\' items when complete'),
  complete: z.boolean(),
  reason: z.string().optional().describe('why the list is not complete'),
  note: z.string().optional().describe('why a list was not read and is known empty (e.g. a classic CDN profile has no Front Door endpoints)'),
  source: z.literal('resource-graph').optional().describe('absent: the service\'s own list on Resource Manager; resource-graph: the rows of the tenant-wide Resource Graph inventory for this subscription and type (pages are the query\'s pages, items the rows of this type on each), held against the subscription\'s resource list'),
})
export type ListRecord = z.infer<typeof ListRecordSchema>

export const SubscriptionSchema = z.object({
  subscriptionId: z.string(),
  displayName: z.string().nullable().default(null),
  tenantId: z.string().nullable().default(null),
  state: z.string().nullable().default(null),
})
export type Subscription = z.infer<typeof SubscriptionSchema>

// Shards and merges (docs/shards.md). Additive: a snapshot without them is an ordinary whole scan.

/** Which share of the subscriptions a shard snapshot holds, and of which list it was taken. */
export const ShardRecordSchema = z.object({
  index: z.number().int().positive().describe('K of `--shard K/N` (1-based)'),
  count: z.number().int().positive().describe('N of `--shard K/N`'),
  assignment: z.string().describe('how subscriptions were assigned to shards ("sha256-mod": SHA-256 of the lower-cased subscription ID, mod N)'),
  seenFrom: z.enum(['list', 'names']).describe('"list": every subscription the credential sees; "names": those named by -s or the config file'),
  seen: z.array(z.string()).describe('every subscription the scan would have covered without --shard, sorted'),
  taken: z.array(z.string()).describe('the subscriptions of `seen` this shard scanned, sorted (may be empty)'),
})
export type ShardRecord = z.infer<typeof ShardRecordSchema>

/** A resource two shard snapshots hold with different content: none of the versions is kept. */
export const MergeConflictSchema = z.object({
  resourceId: z.string(),
  resourceType: z.string(),
  differs: z.array(z.string()).describe('the fields whose values differ, e.g. "properties.minimalTlsVersion"'),
  versions: z.array(z.object({ shard: z.number().int(), sha256: z.string().describe('SHA-256 of the version\'s JSON (callIds left out)'), callIds: z.array(z.string()) })),
})
export type MergeConflict = z.infer<typeof MergeConflictSchema>

export const MergeRecordSchema = z.object({
  complete: z.boolean().describe('false when a shard or a subscription is missing or a resource conflicted: the gaps are in `errors`'),
  shardCount: z.number().int().positive(),
  inputs: z.array(z.object({
    file: z.string().describe('file name of the shard snapshot (no folder)'),
    sha256: z.string(),
    shard: z.number().int().positive(),
    startedAt: z.string(),
    finishedAt: z.string(),
    subscriptions: z.array(z.string()),
    callIdPrefix: z.string().describe('prefix its call ids got in the merged snapshot, e.g. "s2-"'),
  })).describe('every shard snapshot merged, by shard'),
  missingShards: z.array(z.number().int()),
  missingSubscriptions: z.array(z.string()).describe('subscriptions some shard saw that no merged shard scanned'),
  duplicatesDropped: z.number().int().nonnegative().describe('resources held identically by more than one input, kept once'),
  conflicts: z.array(MergeConflictSchema),
})
export type MergeRecord = z.infer<typeof MergeRecordSchema>

export const SnapshotSchema = z.object({
  schemaVersion: z.string().regex(/^1(\.\d+)?$/, 'expected schemaVersion 1.x'),
  tool: z.object({ name: z.string(), version: z.string() }).default({ name: 'unknown', version: 'unknown' }),
  startedAt: z.string(),
  finishedAt: z.string(),
  endpoints: z.object({ arm: z.string(), logs: z.string() }).default({ arm: '', logs: '' }),
  subscriptions: z.array(SubscriptionSchema),
  resources: z.array(ResourceSchema),
  errors: z.array(CollectionErrorSchema),
  calls: z.array(CallSchema).default([]),
  lists: z.array(ListRecordSchema).optional().describe('every list read (absent in snapshots from producers that do not record lists: then no population counts as complete)'),
  notes: z.array(z.string()).default([]).describe('how data was obtained where it differs from the obvious SDK call'),
  redaction: z.object({
    salt: z.string().describe('hex salt the hashes below are taken with'),
    items: z.array(z.object({ resourceId: z.string(), path: z.string(), kind: z.string(), sha256: z.string(), salt: z.string().optional().describe('the salt of this hash when it differs from the block\'s (merged shards each had their own)') })).describe('every secret-looking value replaced at collection: where, which pattern, and sha256(salt + value), never the value'),
  }).optional(),
  shard: ShardRecordSchema.optional().describe('present when made by `scan --shard K/N`: which share of the subscriptions this snapshot holds'),
  merge: MergeRecordSchema.optional().describe('present when made by `trustpack merge`: the shard snapshots combined, what is missing, what conflicted'),
})
export type Snapshot = z.infer<typeof SnapshotSchema>

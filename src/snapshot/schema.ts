// The snapshot (output of `scan`, input of `evaluate`): one source of truth for its
// TypeScript types and its JSON Schema (schemas/snapshot.schema.json is generated from this).
import { z } from 'zod'

export const SNAPSHOT_SCHEMA_VERSION = '1.0'

/** Provenance of one HTTP request made while collecting. */
export const CallSchema = z.object({
  id: z.string().describe('stable id within the snapshot, e.g. "c42"; resources and errors refer to it'),
  method: z.string(),
  url: z.string().describe('full request URL including the query string'),
  apiVersion: z.string().nullable(),
  status: z.number().int().nullable().describe('HTTP status, null when no response arrived'),
  requestId: z.string().nullable().describe('x-ms-request-id of the response'),
  startedAt: z.string(),
  durationMs: z.number(),
  sha256: z.string().nullable().describe('SHA-256 (hex) of the response body as received'),
  attempt: z.number().int().describe('1 for the first try, 2+ for retries of the same operation'),
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
  name: z.string(),
  location: z.string().nullable(),
  subscriptionId: z.string(),
  kind: z.string().nullable().optional(),
  sku: z.record(z.string(), z.unknown()).nullable().optional(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  properties: z.record(z.string(), z.unknown()),
  callIds: z.array(z.string()).describe('ids of the calls whose responses this resource came from'),
})
export type Resource = z.infer<typeof ResourceSchema>

/** A read that failed after retries. Never silently skipped. */
export const CollectionErrorSchema = z.object({
  scope: z.string().describe('resource ID (or /subscriptions/{id}) the failed read was about'),
  resourceType: z.string().describe('lower-case ARM type of what could not be read (a list or a child setting)'),
  operation: z.string().describe('what was attempted, e.g. "GET transparentDataEncryption"'),
  status: z.number().int().nullable(),
  code: z.string().nullable().describe('Azure error code from the body, or a transport code like ETIMEDOUT'),
  message: z.string(),
  callId: z.string().nullable(),
})
export type CollectionError = z.infer<typeof CollectionErrorSchema>

export const SubscriptionSchema = z.object({
  subscriptionId: z.string(),
  displayName: z.string().nullable(),
  tenantId: z.string().nullable(),
  state: z.string().nullable(),
})
export type Subscription = z.infer<typeof SubscriptionSchema>

export const SnapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('trustpack'), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  endpoints: z.object({ arm: z.string(), logs: z.string() }),
  subscriptions: z.array(SubscriptionSchema),
  resources: z.array(ResourceSchema),
  errors: z.array(CollectionErrorSchema),
  calls: z.array(CallSchema),
  notes: z.array(z.string()).describe('how data was obtained where it differs from the obvious SDK call'),
})
export type Snapshot = z.infer<typeof SnapshotSchema>

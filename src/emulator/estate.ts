// The estate file format the emulator serves: subscriptions, ARM resource bodies exactly as a
// GET on their id returns them on the wire, and Key Vault audit log rows per workspace.
// One zod schema is the source of the TypeScript type; the emulator derives every route from ids.
import { z } from 'zod'

/** A subscription as `GET /subscriptions` returns it. */
export const EstateSubscriptionSchema = z.looseObject({
  id: z.string().regex(/^\/subscriptions\/[0-9a-f-]{36}$/i),
  subscriptionId: z.string().regex(/^[0-9a-f-]{36}$/i),
  tenantId: z.string(),
  displayName: z.string(),
  state: z.string(),
  subscriptionPolicies: z.record(z.string(), z.unknown()).optional(),
  authorizationSource: z.string().optional(),
})
export type EstateSubscription = z.infer<typeof EstateSubscriptionSchema>

/**
 * One ARM resource or child setting: the body a GET on `id` returns. `type` keeps ARM casing
 * (`Microsoft.Sql/servers/databases`); other wire fields (etag, identity, zones…) pass through.
 */
export const EstateResourceSchema = z.looseObject({
  id: z.string().startsWith('/subscriptions/'),
  name: z.string().min(1),
  type: z.string().regex(/^[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/),
  location: z.string().optional(),
  kind: z.string().optional(),
  sku: z.record(z.string(), z.unknown()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), z.unknown()),
})
export type EstateResource = z.infer<typeof EstateResourceSchema>

/**
 * One Log Analytics row. Times are relative (`TimeGeneratedHoursAgo`) so an estate stays
 * "recent" whatever day the emulator runs; ResourceId is upper case, as Log Analytics stores it.
 */
export const EstateLogRowSchema = z.looseObject({
  TimeGeneratedHoursAgo: z.number().nonnegative(),
  ResourceId: z.string(),
  ResourceProvider: z.string(),
  Category: z.string(),
  OperationName: z.string(),
  ResultType: z.string(),
  CallerIPAddress: z.string().optional(),
})
export type EstateLogRow = z.infer<typeof EstateLogRowSchema>

export const EstateSchema = z.object({
  description: z.string(),
  tenantId: z.string(),
  subscriptions: z.array(EstateSubscriptionSchema).min(1),
  resources: z.array(EstateResourceSchema),
  /** Keyed by workspace `properties.customerId`. */
  logs: z.record(z.string(), z.array(EstateLogRowSchema)).optional(),
})
export type Estate = z.infer<typeof EstateSchema>

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

const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i
/** A subscription-level resource (a Defender pricing): /subscriptions/{s}/providers/{ns}/{type}/{name}. */
const SUBSCRIPTION_LEVEL = /^\/subscriptions\/([^/]+)\/()providers\/([^/]+)\/(.+)$/i

/**
 * Structural problems the schema cannot see, one line each (empty when the estate is sound):
 * duplicate ids (case-insensitive, as ARM compares them), a type that does not match the id's
 * provider path, a name that is not the id's last segment, a child whose parent is missing,
 * an unknown subscription, and log rows for unknown workspaces or resources.
 */
export function estateProblems(estate: Estate): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  const subscriptions = new Set(estate.subscriptions.map((s) => s.subscriptionId.toLowerCase()))
  for (const r of estate.resources) {
    const key = r.id.toLowerCase()
    if (ids.has(key)) problems.push(`${r.id}: duplicate id`)
    ids.add(key)
  }
  for (const r of estate.resources) {
    const m = ID.exec(r.id) ?? SUBSCRIPTION_LEVEL.exec(r.id)
    if (!m) {
      problems.push(`${r.id}: not a resource-group or subscription scoped ARM id`)
      continue
    }
    const [, sub, , namespace, rest] = m
    if (!subscriptions.has(sub!.toLowerCase())) problems.push(`${r.id}: subscription ${sub} is not in the estate`)
    const segments = rest!.split('/')
    if (segments.length % 2 !== 0) {
      problems.push(`${r.id}: id has a type without a name`)
      continue
    }
    const types = segments.filter((_, i) => i % 2 === 0)
    const expectedType = `${namespace}/${types.join('/')}`
    if (expectedType.toLowerCase() !== r.type.toLowerCase()) problems.push(`${r.id}: type ${r.type} does not match the id (${expectedType})`)
    if (segments[segments.length - 1] !== r.name) problems.push(`${r.id}: name ${r.name} is not the id's last segment`)
    if (segments.length > 2) {
      const parent = r.id.split('/').slice(0, -2).join('/').toLowerCase()
      if (!ids.has(parent)) problems.push(`${r.id}: parent ${parent} is missing`)
    }
  }
  const workspaces = new Set(
    estate.resources
      .filter((r) => r.type.toLowerCase() === 'microsoft.operationalinsights/workspaces')
      .map((r) => String((r.properties as { customerId?: unknown }).customerId).toLowerCase()),
  )
  const upperIds = new Set(estate.resources.map((r) => r.id.toUpperCase()))
  for (const [workspace, rows] of Object.entries(estate.logs ?? {})) {
    if (!workspaces.has(workspace.toLowerCase())) problems.push(`logs.${workspace}: no workspace has this customerId`)
    for (const row of rows) {
      if (row.ResourceId !== row.ResourceId.toUpperCase()) problems.push(`logs.${workspace}: ResourceId ${row.ResourceId} is not upper case`)
      else if (!upperIds.has(row.ResourceId)) problems.push(`logs.${workspace}: ResourceId ${row.ResourceId} is not in the estate`)
    }
  }
  return problems
}

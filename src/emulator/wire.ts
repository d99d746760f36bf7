// What every service's emulator module (src/services/<service>/emulator.ts) builds wire bodies with:
// regions, deterministic ids and GUIDs, and the key order ARM answers in. Body builders themselves live
// with their service; shapes follow the azure-rest-api-specs examples for the api-versions the plans pin.
import { createHash } from 'node:crypto'
import type { EstateLogRow, EstateResource, EstateSubscription } from './estate.js'

export interface Region {
  /** canonical name, e.g. canadacentral */
  name: string
  /** display name as some resource providers answer it, e.g. Canada Central */
  display: string
  /** paired region for geo backups */
  pair: string
  /** short code used in resource names */
  code: string
}

export const REGIONS = {
  canadacentral: { name: 'canadacentral', display: 'Canada Central', pair: 'canadaeast', code: 'cac' },
  westeurope: { name: 'westeurope', display: 'West Europe', pair: 'northeurope', code: 'weu' },
  uksouth: { name: 'uksouth', display: 'UK South', pair: 'ukwest', code: 'uks' },
  eastus: { name: 'eastus', display: 'East US', pair: 'westus', code: 'eus' },
  eastasia: { name: 'eastasia', display: 'East Asia', pair: 'southeastasia', code: 'ea' },
} as const satisfies Record<string, Region>

export type Body = EstateResource
export type Json = Record<string, unknown>
/** Everything of a body but id, name and type. */
export type Rest = { properties: Json; location?: string; kind?: string; sku?: Json; tags?: Record<string, string>; [k: string]: unknown }

/** A GUID derived from text, so estates are byte-identical on every build. */
export function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex')
  // Version 4 / variant bits set so the value looks like what Azure hands out.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** 32 hex digits, the form of a Key Vault key version. */
export function hexFrom(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000)
}

export function resourceGroupId(subscriptionId: string, group: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}`
}

export function armId(subscriptionId: string, group: string, providerType: string, name: string): string {
  return `${resourceGroupId(subscriptionId, group)}/providers/${providerType}/${name}`
}

/** Where a top-level resource lives. */
export interface Place {
  subscriptionId: string
  group: string
  region: Region
  tags?: Record<string, string>
}

/** `wireType` is the type the service answers when it differs in casing from the id's path. */
export function top(place: Place, providerType: string, name: string, location: string, rest: Rest, wireType = providerType): Body {
  const body: Body = { id: armId(place.subscriptionId, place.group, providerType, name), name, type: wireType, location, ...rest }
  if (place.tags && body.tags === undefined) body.tags = { ...place.tags }
  return orderKeys(body)
}

export function child(parentId: string, collection: string, name: string, type: string, rest: Rest): Body {
  return orderKeys({ id: `${parentId}/${collection}/${name}`, name, type, ...rest })
}

/** id, name, type, location, kind, sku, tags, identity first — the order ARM answers in. */
export function orderKeys(body: Body): Body {
  const first = ['id', 'name', 'type', 'location', 'kind', 'sku', 'tags', 'identity', 'zones', 'etag', 'systemData']
  const out: Json = {}
  for (const k of first) if (body[k] !== undefined) out[k] = body[k]
  for (const [k, v] of Object.entries(body)) if (!(k in out)) out[k] = v
  return out as Body
}

export function subscription(subscriptionId: string, tenantId: string, displayName: string): EstateSubscription {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
  }
}


export function etag(id: string): string {
  return `W/"${guidFrom(`${id}:etag`)}"`
}

/** A Log Analytics workspace's customerId (the id the query API takes), derived from its resource id. */
export function workspaceCustomerId(workspaceId: string): string {
  return guidFrom(`${workspaceId.toLowerCase()}:customerId`)
}

// ---------------------------------------------------------------- the sample estate each service contributes to

/** One production region of the sample company, as every service's sample contribution sees it. */
export interface SampleRegion {
  region: Region
  code: string
  /** second octet of the region's 10.x.0.0/16 */
  octet: number
  place: Place
  /** the ARM id of a resource in the region's production resource group */
  id(providerType: string, name: string): string
  /** a subnet of the region's production VNet (vnet-vel-prod-{code}) */
  subnet(name: string): string
}

/** What a service's `sample()` gets: the company, its regions and subscriptions; names of other services' resources follow the conventions in docs/sample-estate.md. */
export interface SampleContext {
  tenantId: string
  /** when most resources were created */
  created: string
  prodSubscriptionId: string
  sharedSubscriptionId: string
  prod: SampleRegion[]
  shared: { core: Place; ops: Place; archive: Place }
  id(place: Place, providerType: string, name: string): string
}

/** A deliberate misconfiguration in the sample estate: the check it must fail, and why it is there. */
export interface Drift {
  check: string
  resource: string
  why: string
  /** an accepted risk in the demo configuration: the finding passes citing its exception */
  excepted?: boolean
}

export interface SampleContribution {
  resources: EstateResource[]
  /** Log Analytics rows keyed by workspace customerId */
  logs?: Record<string, EstateLogRow[]>
  drifts?: Drift[]
}

/** What a service's emulator module may export for the sample estate. */
export interface ServiceEmulator {
  sample?(ctx: SampleContext): SampleContribution
}

/** Hours ago at which events were logged: steady traffic from `offset` on, every 6.5 hours. */
export function recentHours(count: number, offset: number): number[] {
  return Array.from({ length: count }, (_, i) => offset + i * 6.5)
}

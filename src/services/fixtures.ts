// Check fixtures, per service folder: fixtures/base.json is an estate (the wire bodies a GET on each id
// returns) on which every check of the service passes, and fixtures/<check-id>.yaml lists cases, each a
// patch on the base with the exact resource → status map the check must give. A case turns into a snapshot
// the way `scan` would read it: `simulateScan` walks the same read plans over the estate, offline, and a
// test scans the same estates through the emulator with the real SDK clients to prove the two agree.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { parseYamlSource } from '../core/yaml.js'
import { EstateLogRowSchema, EstateResourceSchema, EstateSchema, type Estate, type EstateResource } from '../emulator/estate.js'
import { StatusSchema, type Status } from '../snapshot/results.js'
import { SNAPSHOT_SCHEMA_VERSION, type Resource, type Snapshot } from '../snapshot/schema.js'
import type { WireBody } from '../collect/context.js'
import { childrenSkipped, getName, isList, operationOf, type AnyRead, type DerivedRead, type GetRead, type ListRead, type Plan } from './plan.js'

export const FIXTURE_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001'
const RESOURCE_LIST = 'microsoft.resources/resources'

/** A read that fails in a case: the list or GET of `type` under (or about) `scope`, after keeping `keep` items. */
const FailReadSchema = z.object({
  scope: z.string().min(1),
  type: z.string().regex(/^[a-z0-9.]+\/[a-z0-9/]+$/),
  status: z.number().int().nullable().default(403),
  code: z.string().default('AuthorizationFailed'),
  message: z.string().default('The client does not have authorization to perform this action.'),
  keep: z.number().int().nonnegative().default(0),
}).strict()
export type FailRead = z.infer<typeof FailReadSchema>

export const FixtureCaseSchema = z.object({
  name: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()).optional(),
  /** key → JSON merge patch of that resource's body (null removes the resource and everything under it) */
  patch: z.record(z.string(), z.union([z.null(), z.record(z.string(), z.unknown())])).optional(),
  add: z.array(EstateResourceSchema).optional(),
  /** Log Analytics rows replaced per workspace customerId */
  logs: z.record(z.string(), z.array(EstateLogRowSchema)).optional(),
  failReads: z.array(FailReadSchema).optional(),
  /** other checks this case is expected to change (the mutation test holds every other check still) */
  alsoChanges: z.array(z.string()).optional(),
  /** the check's findings, exactly: key (a resource id or its last segments) → status */
  expect: z.record(z.string(), StatusSchema),
}).strict()
export type FixtureCase = z.infer<typeof FixtureCaseSchema>

export const CASE_KINDS = ['pass', 'fail', 'error', 'not_applicable'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

export const CheckFixturesSchema = z.object({
  /** parameters every case of this check is evaluated with (over the catalog's defaults) */
  parameters: z.record(z.string(), z.unknown()).optional(),
  pass: z.array(FixtureCaseSchema).min(1),
  fail: z.array(FixtureCaseSchema).min(1),
  error: z.array(FixtureCaseSchema).optional(),
  not_applicable: z.array(FixtureCaseSchema).optional(),
}).strict()
export type CheckFixtures = z.infer<typeof CheckFixturesSchema>

export interface FixtureProblem { file: string; line: number; message: string }

export function baseFile(serviceDir: string): string {
  return join(serviceDir, 'fixtures', 'base.json')
}

export function fixtureFile(serviceDir: string, checkId: string): string {
  return join(serviceDir, 'fixtures', `${checkId}.yaml`)
}

/** The service's base estate, or the problem that stops it loading. */
export function loadBase(serviceDir: string): { estate: Estate } | { problem: FixtureProblem } {
  const file = baseFile(serviceDir)
  if (!existsSync(file)) return { problem: { file, line: 1, message: 'no fixtures/base.json (the estate every check of the service passes on)' } }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    return { problem: { file, line: 1, message: `not valid JSON (${(err as Error).message})` } }
  }
  const parsed = EstateSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { problem: { file, line: 1, message: `not an estate: ${issue.path.join('.')}: ${issue.message}` } }
  }
  return { estate: parsed.data }
}

/** A check's fixture cases, or the problems in them (each with its line). */
export function loadCheckFixtures(serviceDir: string, checkId: string): { fixtures: CheckFixtures; file: string; lineOf: (p: (string | number)[]) => number } | { problems: FixtureProblem[] } {
  const file = fixtureFile(serviceDir, checkId)
  if (!existsSync(file)) return { problems: [{ file, line: 1, message: `check ${checkId} has no fixtures (fixtures/${checkId}.yaml with pass and fail cases)` }] }
  const src = parseYamlSource(readFileSync(file, 'utf8'))
  if (src.errors.length) return { problems: src.errors.map((e) => ({ file, line: e.line, message: `invalid YAML: ${e.message}` })) }
  const parsed = CheckFixturesSchema.safeParse(src.value)
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
        return { file, line: src.lineOf(path), message: `${path.join('.') || '(root)'}: ${issue.message}` }
      }),
    }
  }
  return { fixtures: parsed.data, file, lineOf: src.lineOf }
}

/** The one id among `ids` that `key` names: the id itself, or the id's last segments ("servers/sql-orders"). */
export function resolveKey(key: string, ids: readonly string[]): string {
  const k = key.toLowerCase().replace(/^\/+/, '')
  if (k === 'subscription') {
    const subs = ids.filter((id) => /^\/subscriptions\/[^/]+$/i.test(id))
    if (subs.length === 1) return subs[0]!
  }
  const hits = ids.filter((id) => {
    const lower = id.toLowerCase()
    return lower === `/${k}` || lower.endsWith(`/${k}`)
  })
  if (hits.length === 1) return hits[0]!
  throw new Error(hits.length === 0 ? `"${key}" names no resource` : `"${key}" names ${hits.length} resources (${hits.slice(0, 3).join(', ')}); use more of the id`)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = mergePatch(out[k], v)
  }
  return out
}

/** The estate a case describes: the base with its patches, additions and log rows. */
export function applyCase(base: Estate, c: FixtureCase): Estate {
  const estate = structuredClone(base)
  for (const [key, patch] of Object.entries(c.patch ?? {})) {
    const id = resolveKey(key, estate.resources.map((r) => r.id))
    if (patch === null) {
      const lower = id.toLowerCase()
      estate.resources = estate.resources.filter((r) => r.id.toLowerCase() !== lower && !r.id.toLowerCase().startsWith(`${lower}/`))
      continue
    }
    estate.resources = estate.resources.map((r) => (r.id === id ? (mergePatch(r, patch) as EstateResource) : r))
  }
  estate.resources.push(...structuredClone(c.add ?? []))
  for (const [workspace, rows] of Object.entries(c.logs ?? {})) (estate.logs ??= {})[workspace] = structuredClone(rows)
  return estate
}

/** Several estates as one (the passing estate of every service): subscriptions by id, resources and logs together. */
export function mergeEstates(estates: readonly Estate[]): Estate {
  const subs = new Map<string, Estate['subscriptions'][number]>()
  const logs: NonNullable<Estate['logs']> = {}
  for (const e of estates) {
    for (const s of e.subscriptions) subs.set(s.subscriptionId.toLowerCase(), s)
    for (const [w, rows] of Object.entries(e.logs ?? {})) logs[w] = [...(logs[w] ?? []), ...rows]
  }
  return {
    description: estates.map((e) => e.description).join(' + '),
    tenantId: estates[0]?.tenantId ?? '',
    subscriptions: [...subs.values()],
    resources: estates.flatMap((e) => e.resources),
    logs,
  }
}

/** What a derived read's `simulate` export gets, and gives back: the resources it derives and the reads that failed. */
export interface DerivedSimulation {
  estate: Estate
  resources: Resource[]
  /** whether the derived read's query fails for this workspace (or any, when `scope` matched it) */
  fails(scope: string): FailRead | undefined
  now: Date
}
export interface DerivedSimulationResult {
  resources: { body: WireBody; subscriptionId: string }[]
  errors: { scope: string; resourceType: string; operation: string; failure: FailRead }[]
}
type Simulate = (input: DerivedSimulation) => DerivedSimulationResult

const PROVIDER_SCOPED = /^\/subscriptions\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i
const TOP_LEVEL = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i

function subscriptionOf(id: string): string {
  return id.split('/')[2] ?? ''
}

function parentOf(id: string): string {
  const parts = id.split('/')
  return parts.slice(0, -2).join('/')
}

/**
 * The snapshot `scan` would write for this estate: the plans walked offline in the runner's order (generic
 * list, service lists, children, GETs, derived reads, the cross-check), each failing read recorded as the
 * runner records it. Calls are synthetic (one per read), so provenance exists for every resource.
 */
export async function simulateScan(estate: Estate, plans: readonly Plan[], opts: { failReads?: FailRead[]; now: Date }): Promise<Snapshot> {
  // Loaded here, not at the top: the catalog loader imports this module for its fixture checks, and the
  // recorder's pipeline pulls in the Azure SDK core, which `controls list` must not load (docs/startup.md).
  const [{ ScanRecorder }, { ReadFailure }, { genericView }] = await Promise.all([import('../collect/context.js'), import('../collect/reads.js'), import('../emulator/routes.js')])
  const now = opts.now
  const rec = new ScanRecorder({
    concurrency: 1, maxRetries: 0, backoffMs: 0, timeoutMs: 1, maxRetryAfterMs: 0, maxPagesPerList: 1000, now: () => now,
    guard: { allowedOrigins: [], logsOrigin: '' },
  })
  const host = 'https://management.azure.com'
  const call = (path: string, apiVersion: string | null, status = 200): string => {
    const id = `c${rec.calls.length + 1}`
    rec.calls.push({ id, method: 'GET', url: `${host}${path}${apiVersion ? `?api-version=${apiVersion}` : ''}`, apiVersion, status, requestId: randomUUID(), startedAt: now.toISOString(), durationMs: 0, sha256: '0'.repeat(64), attempt: 1 })
    return id
  }
  const byLower = new Map(estate.resources.map((r) => [r.id.toLowerCase(), r]))
  const allIds = [...estate.resources.map((r) => r.id), ...estate.subscriptions.map((s) => `/subscriptions/${s.subscriptionId}`)]
  const failures = (opts.failReads ?? []).map((f) => ({ ...f, scopeId: f.scope === 'subscription' ? null : resolveKey(f.scope, allIds).toLowerCase() }))
  const failing = (scope: string, type: string): FailRead | undefined =>
    failures.find((f) => f.type === type && (f.scopeId === null ? /^\/subscriptions\/[^/]+$/i.test(scope) : f.scopeId === scope.toLowerCase()))
  const fail = (scope: string, type: string, operation: string, f: FailRead, callId: string): void => {
    rec.recordError(scope, type, operation, new ReadFailure(f.message, f.code, f.status, callId))
  }

  const children = (parentId: string, type: string): EstateResource[] =>
    estate.resources.filter((r) => r.type.toLowerCase() === type && parentOf(r.id).toLowerCase() === parentId.toLowerCase())

  /** What a GET of a child reads: the child named by its last literal argument, else the only child of its type. */
  const childFor = (read: GetRead, parentId: string): EstateResource | undefined => {
    const name = getName(read)
    const kids = children(parentId, read.type)
    return name ? kids.find((k) => k.id.split('/').pop()!.toLowerCase() === name.toLowerCase()) : kids[0]
  }

  const runGet = (read: AnyRead, aboutId: string, body: EstateResource | undefined, sub: string): void => {
    const operation = operationOf(read)
    const f = failing(aboutId, read.type)
    const name = isList(read) ? null : getName(read)
    const path = body?.id ?? `${aboutId}/${read.type.split('/').pop()}${name ? `/${name}` : ''}`
    if (f) return fail(aboutId, read.type, operation, f, call(path, read.apiVersion, f.status ?? 500))
    if (!body) {
      const callId = call(path, read.apiVersion, 404)
      rec.recordError(aboutId, read.type, operation, new ReadFailure(`The Resource '${path}' was not found.`, 'ResourceNotFound', 404, callId))
      return
    }
    rec.addResource(structuredClone(body) as WireBody, call(body.id, read.apiVersion), sub)
  }

  const runList = (read: ListRead, scope: string, items: EstateResource[], sub: string, listed?: Set<string>): void => {
    const operation = operationOf(read)
    const f = failing(scope, read.type)
    const kept = f ? items.slice(0, f.keep) : items
    const path = read.type === RESOURCE_LIST ? `${scope}/resources` : scope.split('/').length <= 3 ? `${scope}/providers/${read.type}` : `${scope}/${read.type.split('/').pop()}`
    const callId = call(path, read.apiVersion, kept.length > 0 || !f ? 200 : (f.status ?? 500))
    rec.recordList({
      scope, resourceType: read.type, operation,
      pages: kept.length > 0 || !f ? [{ callId, items: kept.length }] : [],
      items: kept.length, complete: !f, ...(f ? { reason: f.message } : {}),
    })
    if (f) fail(scope, read.type, operation, f, callId)
    for (const item of kept) {
      const body = read.type === RESOURCE_LIST ? genericView(item as unknown as Record<string, unknown>) : structuredClone(item)
      const added = rec.addResource(body as WireBody, callId, sub, { generic: read.type === RESOURCE_LIST })
      if (!added) continue
      listed?.add(added.id.toLowerCase())
      if (read.type === RESOURCE_LIST) continue
      if (read.each) runGet(read.each, added.id, byLower.get(added.id.toLowerCase()), sub)
      if (read.skipChildrenOf.some((n) => n.toLowerCase() === added.name.toLowerCase())) continue
      const skipped = childrenSkipped(read, item as unknown as Record<string, unknown>)
      for (const child of read.children) {
        if (skipped) {
          if (isList(child)) rec.recordList({ scope: added.id, resourceType: child.type, operation: operationOf(child), pages: [], items: 0, complete: true, note: skipped })
        } else if (isList(child)) runList(child, added.id, children(added.id, child.type), sub)
        else runGet(child, added.id, childFor(child, added.id), sub)
      }
    }
  }

  const subsCall = call('/subscriptions', '2022-12-01')
  rec.recordList({ scope: '/subscriptions', resourceType: 'microsoft.resources/subscriptions', operation: 'GET /subscriptions (Subscriptions.list)', pages: [{ callId: subsCall, items: estate.subscriptions.length }], items: estate.subscriptions.length, complete: true })
  for (const s of estate.subscriptions) {
    const sub = s.subscriptionId
    const subId = `/subscriptions/${sub}`
    rec.addResource({ id: subId, name: sub, type: 'Microsoft.Resources/subscriptions', properties: { displayName: s.displayName, state: s.state, tenantId: s.tenantId, subscriptionPolicies: s.subscriptionPolicies } }, call(subId, '2022-12-01'), sub)
    const inSub = estate.resources.filter((r) => subscriptionOf(r.id).toLowerCase() === sub.toLowerCase())
    const listedBy = new Map<string, Set<string>>()
    for (const plan of plans) {
      for (const read of plan.reads) {
        const items = read.type === RESOURCE_LIST
          ? inSub.filter((r) => TOP_LEVEL.test(r.id))
          : inSub.filter((r) => r.type.toLowerCase() === read.type && (TOP_LEVEL.test(r.id) || PROVIDER_SCOPED.test(r.id)))
        const listed = new Set<string>()
        listedBy.set(read.type, listed)
        runList(read, subId, items, sub, listed)
      }
    }
    // The runner's cross-check: a resource the generic list shows that its complete service list did not return.
    const generic = listedBy.get(RESOURCE_LIST) ?? new Set<string>()
    for (const [type, returned] of listedBy) {
      if (type === RESOURCE_LIST || !rec.lists.find((l) => l.scope === subId && l.resourceType === type)?.complete) continue
      for (const id of generic) {
        const r = rec.resource(id)
        if (!r || r.type !== type || returned.has(id)) continue
        rec.recordError(r.id, type, operationOf(plans.flatMap((p) => p.reads).find((x) => x.type === type)!), new ReadFailure(`the subscription's resource list shows ${r.id}, but its service list did not return it`, 'MissingFromServiceList'))
      }
    }
  }

  for (const plan of plans) {
    for (const d of plan.derived) {
      const simulate = await simulator(plan, d)
      const out = simulate({ estate, resources: rec.sortedResources(), fails: (scope) => failing(scope, d.type), now })
      for (const r of out.resources) rec.addResource(r.body, call(`/derived/${d.type}`, null), r.subscriptionId)
      for (const e of out.errors) fail(e.scope, e.resourceType, e.operation, e.failure, call(`/derived/${d.type}`, null, e.failure.status ?? 500))
    }
  }

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'trustpack', version: 'fixture' },
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    endpoints: { arm: host, logs: 'https://api.loganalytics.io' },
    subscriptions: estate.subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: s.state })),
    resources: rec.sortedResources(),
    errors: rec.errors,
    calls: rec.calls,
    lists: rec.lists,
    notes: [],
  }
}

async function simulator(plan: Plan, d: DerivedRead): Promise<Simulate> {
  if (!d.simulate) throw new Error(`${plan.file}: derived read ${d.type} names no simulate export, so fixtures cannot show what it reads`)
  const mod = (await import(new URL(`./${plan.service}/${d.module}.js`, import.meta.url).href)) as Record<string, Simulate>
  const fn = mod[d.simulate]
  if (typeof fn !== 'function') throw new Error(`${plan.service}/${d.module} exports no ${d.simulate}`)
  return fn
}

/** The exact map a case expects, resolved to finding ids; throws naming the key that resolves to nothing. */
export function resolveExpect(expect: Record<string, Status>, findingIds: readonly string[]): Map<string, Status> {
  const out = new Map<string, Status>()
  for (const [key, status] of Object.entries(expect)) out.set(resolveKey(key, findingIds).toLowerCase(), status)
  return out
}

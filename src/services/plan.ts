// A service's read plan (src/services/<service>/plan.yaml): what `scan` reads for it, as data. Each read
// names the SDK client (package and class), the method on it, the arguments taken from the parent's id,
// and the api-version every request of the read is sent with. One generic collector (src/collect/runner.ts)
// runs every plan; `controls validate` and the fixtures use the same plans to know what is collected.
// Nothing here imports an Azure SDK: the runner imports the packages the plans name.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseYamlSource } from '../core/yaml.js'
import { InputError } from '../core/errors.js'
import { projectRoot } from '../core/version.js'

const TYPE = /^[a-z0-9.]+\/[a-z0-9]+(\/[a-z0-9]+)*$/
const METHOD = /^[a-zA-Z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/

/**
 * An argument of a read: `{resourceGroup}`, `{subscriptionId}`, `{name}` (the last segment of the id the
 * read is about), `{<collection>}` (the name after that collection in the id, e.g. `{servers}`), or a literal.
 */
const ArgSchema = z.string().min(1)

const ReadFields = {
  type: z.string().regex(TYPE, 'a lower-case ARM type such as microsoft.sql/servers/databases'),
  client: z.string().optional(),
  args: z.array(ArgSchema).default([]),
  apiVersion: z.string().regex(API_VERSION, 'an api-version such as 2023-08-01 or 2022-08-01-preview'),
  /** what the snapshot's errors and lists call the operation; default "GET {type} ({Group}.{method})" */
  operation: z.string().optional(),
}

export const GetReadSchema = z.object({ get: z.string().regex(METHOD, 'operationGroup.method, e.g. transparentDataEncryptions.get'), ...ReadFields }).strict()
export type GetRead = z.infer<typeof GetReadSchema>

export interface ListRead {
  list: string
  type: string
  client?: string | undefined
  args: string[]
  apiVersion: string
  operation?: string | undefined
  /** read each listed item again by GET (the list leaves out what the checks need, e.g. a key's rotation policy) */
  each?: GetRead | undefined
  /** reads under each listed item */
  children: (ListRead | GetRead)[]
  /** names (case-insensitive) of items whose children are not read, because every check excludes them */
  skipChildrenOf: string[]
  /** read children only of items whose value at `read` is one of `in` (a classic CDN profile has no Front Door endpoints) */
  childrenWhen?: { read: string; in: string[] } | undefined
  /**
   * a subscription-level list only: `arm` keeps it on Resource Manager when the scan takes its inventory from
   * Resource Graph (types Resource Graph's `Resources` table does not hold, such as Defender pricings)
   */
  inventory?: 'arm' | undefined
}

export const ListReadSchema: z.ZodType<ListRead> = z.lazy(() =>
  z.object({
    list: z.string().regex(METHOD, 'operationGroup.method, e.g. servers.list'),
    ...ReadFields,
    each: GetReadSchema.optional(),
    children: z.array(z.union([ListReadSchema, GetReadSchema])).default([]),
    skipChildrenOf: z.array(z.string()).default([]),
    childrenWhen: z.object({ read: z.string().regex(/^[A-Za-z0-9_.]+$/), in: z.array(z.string()).min(1) }).strict().optional(),
    inventory: z.literal('arm').optional(),
  }).strict(),
) as z.ZodType<ListRead>

/** A read that is not an ARM list or GET (a Log Analytics query), run after every list, by code in the service's folder. */
export const DerivedReadSchema = z.object({
  type: z.string().regex(TYPE),
  /** module in the service's folder (without extension) and the function it exports */
  module: z.string().regex(/^[a-z0-9-]+$/),
  export: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  /** the module's export that derives the same resources offline from an estate (for fixtures) */
  simulate: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/).optional(),
  operation: z.string().min(1),
}).strict()
export type DerivedRead = z.infer<typeof DerivedReadSchema>

export const PlanSchema = z.object({
  service: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  clients: z.record(z.string(), z.object({ package: z.string().regex(/^@azure\/[a-z0-9-]+$/), class: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/) }).strict()),
  /** lists at subscription scope, with the reads under their items */
  reads: z.array(ListReadSchema).default([]),
  derived: z.array(DerivedReadSchema).default([]),
}).strict()
export type Plan = z.infer<typeof PlanSchema> & { dir: string; file: string }

export type AnyRead = ListRead | GetRead

export function isList(r: AnyRead): r is ListRead {
  return 'list' in r
}

/** The method a read calls, e.g. "databases.listByServer". */
export function methodOf(r: AnyRead): string {
  return isList(r) ? r.list : r.get
}

/** How the snapshot names a read's operation: "GET microsoft.sql/servers/databases (Databases.listByServer)". */
export function operationOf(r: AnyRead): string {
  if (r.operation) return r.operation
  const [group, method] = methodOf(r).split('.') as [string, string]
  return `GET ${r.type} (${group.charAt(0).toUpperCase()}${group.slice(1)}.${method})`
}

/** Every read of a plan with the type of what it is read under (null: the subscription). */
export function walkReads(plan: Plan): { read: AnyRead; parentType: string | null; each: boolean }[] {
  const out: { read: AnyRead; parentType: string | null; each: boolean }[] = []
  const visit = (r: AnyRead, parentType: string | null): void => {
    out.push({ read: r, parentType, each: false })
    if (!isList(r)) return
    if (r.each) out.push({ read: r.each, parentType: r.type, each: true })
    for (const c of r.children) visit(c, r.type)
  }
  for (const r of plan.reads) visit(r, null)
  return out
}

/** Resolves a read's arguments against the id it is about (the parent for children, the item for `each`). */
export function resolveArgs(args: readonly string[], id: string): string[] {
  const parts = id.split('/')
  const after = (segment: string): string | undefined => {
    const i = parts.findIndex((p, k) => k % 2 === 1 && p.toLowerCase() === segment.toLowerCase())
    return i >= 0 ? parts[i + 1] : undefined
  }
  return args.map((a) => {
    const m = /^\{([A-Za-z]+)\}$/.exec(a)
    if (!m) return a
    const token = m[1]!
    const value = token === 'name' ? parts[parts.length - 1] : token === 'resourceGroup' ? after('resourceGroups') : after(token === 'subscriptionId' ? 'subscriptions' : token)
    if (value === undefined || value === '') throw new Error(`argument ${a} has no value in ${id}`)
    return value
  })
}

/** Whether a listed item's children are read, and if not, why (recorded with the empty child lists). */
export function childrenSkipped(read: ListRead, body: Record<string, unknown>): string | null {
  if (!read.childrenWhen) return null
  let v: unknown = body
  for (const k of read.childrenWhen.read.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined
  const value = typeof v === 'string' ? v : null
  if (value !== null && read.childrenWhen.in.some((x) => x.toLowerCase() === value.toLowerCase())) return null
  return `${read.childrenWhen.read} is ${value === null ? 'not set' : JSON.stringify(value)}, not one of ${read.childrenWhen.in.join(', ')}: this item has none`
}

/** The name a GET reads, when its last argument is a literal ("current", "require_secure_transport"). */
export function getName(read: GetRead): string | null {
  const last = read.args.at(-1)
  return last !== undefined && !/^\{[A-Za-z]+\}$/.test(last) ? last : null
}

export function servicesDir(): string {
  return join(projectRoot(), 'src', 'services')
}

/** The service folders (each holding a plan.yaml), sorted. */
export function serviceNames(dir = servicesDir()): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'plan.yaml')))
    .map((d) => d.name)
    .sort()
}

export interface PlanProblem { file: string; line: number; message: string }

/** Loads every plan under `dir`, collecting problems (file:line) rather than stopping at the first. */
export function loadPlans(dir = servicesDir()): { plans: Plan[]; problems: PlanProblem[] } {
  const plans: Plan[] = []
  const problems: PlanProblem[] = []
  for (const name of serviceNames(dir)) {
    const file = join(dir, name, 'plan.yaml')
    const src = parseYamlSource(readFileSync(file, 'utf8'))
    if (src.errors.length) {
      for (const e of src.errors) problems.push({ file, line: e.line, message: `invalid YAML: ${e.message}` })
      continue
    }
    const parsed = PlanSchema.safeParse(src.value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
        problems.push({ file, line: src.lineOf(path), message: `${path.join('.') || '(root)'}: ${issue.message}` })
      }
      continue
    }
    const plan: Plan = { ...parsed.data, dir: join(dir, name), file }
    if (plan.service !== name) problems.push({ file, line: src.lineOf(['service']), message: `service "${plan.service}" must be named like its folder "${name}"` })
    const clientNames = Object.keys(plan.clients)
    walkReads(plan).forEach(({ read }) => {
      const client = read.client ?? (clientNames.length === 1 ? clientNames[0] : undefined)
      if (!client || !plan.clients[client]) problems.push({ file, line: 1, message: `read ${methodOf(read)} (${read.type}): name its client, one of ${clientNames.join(', ') || '(none declared)'}` })
    })
    plans.push(plan)
  }
  return { plans, problems }
}

/** The plans, or an InputError naming the first problem. */
export function requirePlans(dir = servicesDir()): Plan[] {
  const { plans, problems } = loadPlans(dir)
  const first = problems[0]
  if (first) throw new InputError(`${first.file}:${first.line}: ${first.message}`)
  return plans
}

/** The client a read uses. */
export function clientOf(plan: Plan, read: AnyRead): { name: string; package: string; class: string } {
  const name = read.client ?? Object.keys(plan.clients)[0]!
  return { name, ...plan.clients[name]! }
}

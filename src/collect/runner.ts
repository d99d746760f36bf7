// The one collector: runs every service's read plan (src/services/<service>/plan.yaml) through the real SDK
// clients the plan names, for one subscription. Lists come from the pages the transport recorded (see
// reads.ts), children are read under every listed item, and afterwards the subscription's generic resource
// list is held against the service lists: a resource the generic list shows that its service list did not
// return is an error entry naming it, so no population is judged on fewer resources than exist.
import type { TokenCredential } from '@azure/core-auth'
import { childrenSkipped, clientOf, isList, methodOf, operationOf, resolveArgs, type AnyRead, type GetRead, type ListRead, type Plan } from '../services/plan.js'
import { getRaw, listRaw, type ArmClientOptions, type RawItem, type ScanRecorder } from './context.js'
import { RESOURCE_GRAPH_OPERATION, type GraphInventory } from './graph.js'
import { ReadFailure, type ReadSpec } from './reads.js'

/** The generic resource list's type: its items keep their own types. */
export const RESOURCE_LIST_TYPE = 'microsoft.resources/resources'

type Sdk = Record<string, Record<string, (...args: unknown[]) => unknown>>
type ClientClass = new (credential: TokenCredential, subscriptionId: string, options: unknown) => Sdk

const packages = new Map<string, Promise<Record<string, unknown>>>()

/** Imports an SDK package once per process (the plans name them; nothing is imported at load time). */
async function sdkClass(pkg: string, cls: string): Promise<ClientClass> {
  let mod = packages.get(pkg)
  if (!mod) packages.set(pkg, (mod = import(pkg) as Promise<Record<string, unknown>>))
  const ctor = (await mod)[cls]
  if (typeof ctor !== 'function') throw new Error(`${pkg} has no export ${cls}`)
  return ctor as ClientClass
}

/**
 * Where the subscription-level populations come from: absent, each service's own list on ARM; `graph`, the
 * tenant-wide Resource Graph inventory; `graph-failed`, Resource Graph was required (`--inventory
 * resource-graph`) and could not be read, so every population it was to give is recorded as failed.
 */
export type Inventory = { kind: 'graph'; inventory: GraphInventory } | { kind: 'graph-failed'; status: number | null; code: string | null; reason: string }

export interface RunContext {
  recorder: ScanRecorder
  credential: TokenCredential
  armOptions: ArmClientOptions
  subscriptionId: string
  inventory?: Inventory
}

/** Whether a subscription-level read takes its population from the Resource Graph inventory. */
export function fromGraph(read: ListRead): boolean {
  return read.type !== RESOURCE_LIST_TYPE && read.inventory !== 'arm'
}

/** The types the Resource Graph inventory is asked for: every subscription-level list that may come from it. */
export function graphTypes(plans: readonly Plan[]): string[] {
  return [...new Set(plans.flatMap((p) => p.reads.filter(fromGraph).map((r) => r.type)))].sort()
}

/** What a subscription's populations from Resource Graph are: its rows by type, or null to list them on ARM. */
type GraphSource = Promise<Map<string, RawItem[]> | null>

/** Runs async work for each item at once: the transport's semaphore bounds what is in flight. */
async function forEach<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(items.map(fn))
}

class PlanRun {
  private readonly clients = new Map<string, Promise<Sdk>>()
  /** ids (lower case) each subscription-level list returned, by type */
  readonly listed = new Map<string, Set<string>>()

  constructor(readonly plan: Plan, readonly ctx: RunContext) {}

  private client(read: AnyRead): Promise<Sdk> {
    const c = clientOf(this.plan, read)
    let client = this.clients.get(c.name)
    if (!client) {
      client = sdkClass(c.package, c.class).then((Ctor) => new Ctor(this.ctx.credential, this.ctx.subscriptionId, this.ctx.armOptions))
      this.clients.set(c.name, client)
    }
    return client
  }

  async run(graph?: GraphSource): Promise<void> {
    await Promise.all(this.plan.reads.map((r) => (graph && fromGraph(r) ? this.runGraphList(r, graph) : this.runList(r, `/subscriptions/${this.ctx.subscriptionId}`, true))))
  }

  /** A subscription-level population from the Resource Graph inventory; on ARM when the inventory is not usable. */
  private async runGraphList(read: ListRead, graph: GraphSource): Promise<void> {
    const rows = await graph
    const scope = `/subscriptions/${this.ctx.subscriptionId}`
    const inv = this.ctx.inventory
    if (inv?.kind === 'graph-failed') {
      const rec = this.ctx.recorder
      rec.recordList({ scope, resourceType: read.type, operation: RESOURCE_GRAPH_OPERATION, pages: [], items: 0, complete: false, reason: `Resource Graph could not be read: ${inv.reason}`, source: 'resource-graph' })
      rec.recordError(scope, read.type, RESOURCE_GRAPH_OPERATION, new ReadFailure(`Resource Graph could not be read (--inventory resource-graph): ${inv.reason}`, inv.code ?? 'ResourceGraphFailed', inv.status))
      return
    }
    if (rows === null || inv?.kind !== 'graph') return this.runList(read, scope, true)
    const items = rows.get(read.type) ?? []
    const pages = inv.inventory.pages.get(this.ctx.subscriptionId.toLowerCase()) ?? []
    this.ctx.recorder.recordList({
      scope,
      resourceType: read.type,
      operation: RESOURCE_GRAPH_OPERATION,
      pages: pages.map((p) => ({ callId: p.callId, items: items.filter((i) => i.callId === p.callId).length })),
      items: items.length,
      complete: true,
      source: 'resource-graph',
    })
    await this.take(read, items, true)
  }

  /** The read's client, or null after recording why it could not be made (a package or class the plan misnames). */
  private async clientFor(read: AnyRead, spec: ReadSpec): Promise<Sdk | null> {
    try {
      return await this.client(read)
    } catch (err) {
      this.ctx.recorder.recordError(spec.scope, spec.resourceType, spec.operation, err)
      return null
    }
  }

  /** Calls the read's method on its client with the arguments taken from `aboutId`. */
  private invoke(client: Sdk, read: AnyRead, aboutId: string, options: object): unknown {
    const [group, method] = methodOf(read).split('.') as [string, string]
    const fn = client[group]?.[method]
    if (typeof fn !== 'function') throw new ReadFailure(`${clientOf(this.plan, read).class} has no method ${methodOf(read)}`, 'PlanMethodMissing')
    return fn.apply(client[group], [...resolveArgs(read.args, aboutId), options])
  }

  private async runList(read: ListRead, parentId: string, topLevel: boolean): Promise<void> {
    const rec = this.ctx.recorder
    const spec = { scope: parentId, resourceType: read.type, operation: operationOf(read) }
    const client = await this.clientFor(read, spec)
    if (!client) return
    const { items } = await listRaw(rec, spec, (o) => this.invoke(client, read, parentId, o), read.apiVersion)
    await this.take(read, items, topLevel)
  }

  /** Keeps the items of a list and reads what lies under each. */
  private async take(read: ListRead, items: readonly RawItem[], topLevel: boolean): Promise<void> {
    const rec = this.ctx.recorder
    if (topLevel) {
      const ids = this.listed.get(read.type) ?? new Set<string>()
      for (const item of items) ids.add(String(item.body.id).toLowerCase())
      this.listed.set(read.type, ids)
    }
    await forEach(items, async (item) => {
      const added = rec.addResource(item.body, item.callId, this.ctx.subscriptionId, { generic: read.type === RESOURCE_LIST_TYPE })
      if (!added || read.type === RESOURCE_LIST_TYPE) return
      if (read.each) await this.runGet(read.each, added.id)
      if (read.skipChildrenOf.some((n) => n.toLowerCase() === added.name.toLowerCase())) return
      const skipped = childrenSkipped(read, item.body)
      if (skipped) {
        for (const child of read.children) if (isList(child)) rec.recordList({ scope: added.id, resourceType: child.type, operation: operationOf(child), pages: [], items: 0, complete: true, note: skipped })
        return
      }
      await Promise.all(read.children.map((child) => (isList(child) ? this.runList(child, added.id, false) : this.runGet(child, added.id))))
    })
  }

  /** A GET about `aboutId` (the parent of a child setting, or the listed item itself for `each`). */
  private async runGet(read: GetRead, aboutId: string): Promise<void> {
    const rec = this.ctx.recorder
    const spec = { scope: aboutId, resourceType: read.type, operation: operationOf(read) }
    const client = await this.clientFor(read, spec)
    if (!client) return
    const item = await getRaw(rec, spec, (o) => this.invoke(client, read, aboutId, o) as Promise<unknown>, read.apiVersion)
    if (item) rec.addResource(item.body, item.callId, this.ctx.subscriptionId)
  }
}

/**
 * Runs every plan for one subscription, then checks the service lists against the generic resource list.
 * With a Resource Graph inventory, the generic list is read first: Resource Graph's rows stand for the
 * subscription only when that list is whole (else its service lists are read on ARM), and a row the list no
 * longer shows (deleted since Resource Graph indexed it) is not assessed, with a note naming it.
 */
export async function runPlans(plans: readonly Plan[], ctx: RunContext): Promise<void> {
  const runs = plans.map((p) => new PlanRun(p, ctx))
  if (!ctx.inventory) {
    await Promise.all(runs.map((r) => r.run()))
  } else {
    const generic = runs.filter((r) => r.plan.reads.some((x) => x.type === RESOURCE_LIST_TYPE))
    const genericDone = Promise.all(generic.map((r) => r.run()))
    const graph = genericDone.then(() => graphRows(runs, ctx))
    await Promise.all([genericDone, ...runs.filter((r) => !generic.includes(r)).map((r) => r.run(graph))])
  }
  crossCheck(runs, ctx)
}

function graphRows(runs: readonly PlanRun[], ctx: RunContext): Map<string, RawItem[]> | null {
  const inv = ctx.inventory
  if (inv?.kind !== 'graph') return null
  const rec = ctx.recorder
  const scope = `/subscriptions/${ctx.subscriptionId}`
  const list = rec.lists.find((l) => l.scope === scope && l.resourceType === RESOURCE_LIST_TYPE)
  if (!list?.complete) {
    rec.note(`${scope}: its resource list could not be read in full, so Resource Graph's rows could not be held against it; its service lists were read on Resource Manager instead.`)
    return null
  }
  const known = new Set(runs.flatMap((r) => [...(r.listed.get(RESOURCE_LIST_TYPE) ?? [])]))
  const rows = inv.inventory.items.get(ctx.subscriptionId.toLowerCase()) ?? new Map<string, RawItem[]>()
  const kept = new Map<string, RawItem[]>()
  const gone: string[] = []
  for (const [type, items] of rows) {
    kept.set(type, items.filter((i) => known.has(String(i.body.id).toLowerCase()) || (gone.push(String(i.body.id)), false)))
  }
  if (gone.length) {
    rec.note(`${scope}: Resource Graph listed ${gone.length} resource(s) that the subscription's resource list no longer shows (deleted since Resource Graph indexed them); they were not assessed: ${gone.sort().join(', ')}`)
  }
  return kept
}

function crossCheck(runs: readonly PlanRun[], ctx: RunContext): void {
  const rec = ctx.recorder
  const scope = `/subscriptions/${ctx.subscriptionId}`
  const generic = runs.flatMap((r) => [...(r.listed.get(RESOURCE_LIST_TYPE) ?? [])])
  if (generic.length === 0) return
  for (const run of runs) {
    for (const read of run.plan.reads) {
      if (read.type === RESOURCE_LIST_TYPE) continue
      const list = rec.lists.find((l) => l.scope === scope && l.resourceType === read.type)
      // A service list that failed is already an error for the whole subscription.
      if (!list?.complete) continue
      const returned = run.listed.get(read.type) ?? new Set<string>()
      const lag = list.source === 'resource-graph' ? ' (Resource Graph\'s index may lag behind Resource Manager; scan again, or with --inventory arm)' : ''
      for (const id of generic) {
        const r = rec.resource(id)
        if (!r || r.type !== read.type || returned.has(id)) continue
        rec.recordError(r.id, read.type, list.operation, new ReadFailure(
          `the subscription's resource list shows ${r.id}, but ${list.operation} did not return it${lag}: its settings were not read`,
          'MissingFromServiceList',
        ))
      }
    }
  }
}

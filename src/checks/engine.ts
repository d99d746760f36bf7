// The check engine: applies each check's rule (data, see docs/checks.md) to every resource of its type in a
// snapshot and returns one finding per (check, resource). Pure and synchronous. Missing or unreadable data
// gives `error` (quoting the failed read that explains it), never `pass`.
import type { CollectionError, Resource } from '../snapshot/schema.js'
import type { Finding, Status } from '../snapshot/results.js'
import {
  conditionKind, isParamRef, readsOwnProperties,
  type AllCondition, type AnyCondition, type CheckDef, type ChildCondition, type ChildrenCondition, type Condition,
  type ExpectOperator, type IfCondition, type LinkedCondition, type NotCondition, type ReadCondition, type RefCondition,
} from './schema.js'
import { OPERATORS, TRANSFORM_FUNCTIONS, describeExpectation } from './operators.js'
import { apiVersionOf, cmp, errorExplainingChild, firstErrorAbove, parentIdOf, quoteError, type SnapshotIndex } from './snapshot-index.js'
import { isMissing, readAll, readPath, show } from './values.js'

type Verdict = 'pass' | 'fail' | 'error'

interface Outcome { verdict: Verdict; reasons: string[] }

/**
 * The calls a finding cites. Most findings cite exactly their resource's calls, so the list starts as the
 * resource's own array and is copied only when a call is added (a child read, a failed read quoted): a copy
 * per finding was a tenth of the evaluation's allocations. Shared by a trace and its exclusion scratch.
 */
interface Calls { ids: readonly string[]; own: boolean }

/** What one finding accumulates while its rule is evaluated. */
interface Trace {
  observed: Record<string, unknown>
  calls: Calls
}

function addCalls(trace: Trace, ids: readonly string[]): void {
  const calls = trace.calls
  for (const id of ids) {
    if (calls.ids.includes(id)) continue
    if (!calls.own) {
      calls.ids = calls.ids.slice()
      calls.own = true
    }
    ;(calls.ids as string[]).push(id)
  }
}

function newTrace(ids: readonly string[] = []): Trace {
  return { observed: {}, calls: { ids, own: false } }
}

interface Ctx {
  index: SnapshotIndex
  params: Record<string, unknown>
  trace: Trace
  /** per evaluation of one check: each read's operands resolved and described once, not per resource */
  resolved: Map<ReadCondition, { op: ExpectOperator; operand: unknown; want: string }[]>
}

export type Parameters = Record<string, unknown>

function resolve(operand: unknown, params: Parameters): unknown {
  if (isParamRef(operand)) return params[operand.param]
  return operand
}

function cite(trace: Trace, e: CollectionError | undefined): string | undefined {
  if (!e) return undefined
  if (e.callId) addCalls(trace, [e.callId])
  return quoteError(e)
}

function combineAll(outs: Outcome[]): Outcome {
  if (outs.length === 1) return outs[0]!
  let fail = false
  let error = false
  for (const o of outs) {
    if (o.verdict === 'fail') fail = true
    else if (o.verdict === 'error') error = true
  }
  const verdict: Verdict = fail ? 'fail' : error ? 'error' : 'pass'
  const reasons: string[] = []
  for (const o of outs) if (o.verdict === verdict) reasons.push(...o.reasons)
  return { verdict, reasons }
}

const EXPECTED = '; expected '

/** "location is X; expected A" and "location is X; expected B" read as "location is X; expected A or B". */
function mergeAlternatives(reasons: string[]): string[] {
  const merged = new Map<string, string[]>()
  const order: string[] = []
  for (const r of reasons) {
    const at = r.indexOf(EXPECTED)
    const head = at < 0 ? r : r.slice(0, at)
    if (!merged.has(head)) {
      merged.set(head, [])
      order.push(head)
    }
    if (at >= 0) merged.get(head)!.push(r.slice(at + EXPECTED.length))
  }
  return order.map((h) => (merged.get(h)!.length ? `${h}${EXPECTED}${merged.get(h)!.join(' or ')}` : h))
}

function combineAny(outs: Outcome[]): Outcome {
  if (outs.length === 1) return outs[0]!
  let pass = false
  let error = false
  for (const o of outs) {
    if (o.verdict === 'pass') pass = true
    else if (o.verdict === 'error') error = true
  }
  const verdict: Verdict = pass ? 'pass' : error ? 'error' : 'fail'
  const reasons: string[] = []
  for (const o of outs) if (o.verdict === verdict) reasons.push(...o.reasons)
  return { verdict, reasons: verdict === 'fail' ? mergeAlternatives(reasons) : reasons }
}

/** Paths and operator entries of a read condition, computed once per condition rather than per resource. */
interface CompiledRead { paths: string[]; segments: string[][]; ops: [ExpectOperator, unknown][] }

const compiledReads = new WeakMap<ReadCondition, CompiledRead>()

function compiled(c: ReadCondition): CompiledRead {
  let v = compiledReads.get(c)
  if (!v) {
    const paths = Array.isArray(c.read) ? c.read : [c.read]
    v = { paths, segments: paths.map((p) => p.split('.')), ops: Object.entries(c.expect) as [ExpectOperator, unknown][] }
    compiledReads.set(c, v)
  }
  return v
}

function evalRead(c: ReadCondition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  const { paths, segments, ops } = compiled(c)
  let path = paths[0]!
  let value: unknown = undefined
  for (let i = 0; i < paths.length; i++) {
    const v = readPath(subject, segments[i]!)
    if (!isMissing(v)) {
      path = paths[i]!
      value = v
      break
    }
  }
  const key = prefix + path
  ctx.trace.observed[key] = value ?? null
  let note = ''
  if (c.as) {
    const t = TRANSFORM_FUNCTIONS[c.as](value, { apiVersion: apiVersionOf(ctx.index, subject) })
    if ('error' in t) return { verdict: 'error', reasons: [`${key}: ${t.error}`] }
    value = t.value
    if (t.observed !== undefined) ctx.trace.observed[key] = t.observed
    if (t.note) note = ` (${t.note})`
    ctx.trace.observed[`${key} → ${c.as}`] = value ?? null
  }
  const subjectLabel = c.label ?? (c.as ? `${key} → ${c.as}` : key)
  let resolved = ctx.resolved.get(c)
  if (!resolved) {
    resolved = ops.map(([op, raw]) => {
      const operand = resolve(raw, ctx.params)
      return { op, operand, want: describeExpectation(op, operand) }
    })
    ctx.resolved.set(c, resolved)
  }
  // One operator is the common case: its outcome is the read's, without a list to combine.
  if (resolved.length === 1) return judgeRead(resolved[0]!, value, key, subjectLabel, note, ctx)
  return combineAll(resolved.map((r) => judgeRead(r, value, key, subjectLabel, note, ctx)))
}

function judgeRead(
  { op, operand, want }: { op: ExpectOperator; operand: unknown; want: string },
  value: unknown, key: string, subjectLabel: string, note: string, ctx: Ctx,
): Outcome {
  const r = OPERATORS[op](value, operand, { apiVersion: null })
  if (r.observed !== undefined) ctx.trace.observed[key] = r.observed
  if (r.error) return { verdict: 'error', reasons: [`${key}: ${r.error}`] }
  const shown = r.detail ?? show(value)
  const what = r.sentence ? `${shown}${note}` : `${subjectLabel} is ${shown}${note}`
  if (!r.ok) return { verdict: 'fail', reasons: [`${what}${EXPECTED}${r.sentence ? `${subjectLabel}: ` : ''}${want}`] }
  return { verdict: 'pass', reasons: [`${what} (${want})`] }
}

/** A failed read (or a merge conflict) recorded on the resource itself: what the snapshot holds of it is not its reading. */
function ownError(index: SnapshotIndex, r: Resource): CollectionError | undefined {
  return index.errors.length === 0 ? undefined : index.errorsByScopeType.get(`${r.id.toLowerCase()}|${r.type.toLowerCase()}`)?.[0]
}

/** Children of a resource by last type segment, sorted by id (the index sorts them once). */
function childrenOf(ctx: Ctx, parent: Resource, segment: string): readonly Resource[] {
  return ctx.index.childrenOf(parent, segment)
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}

const ownReads = new WeakMap<Condition, boolean>()

function propertiesMissing(r: Resource, rule: Condition): boolean {
  let reads = ownReads.get(rule)
  if (reads === undefined) ownReads.set(rule, (reads = readsOwnProperties(rule)))
  return reads && !hasKeys(r.properties)
}

function evalChild(c: ChildCondition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  const childType = `${subject.type.toLowerCase()}/${c.child}`
  const found = childrenOf(ctx, subject, c.child).filter((r) => !c.name || lastSegment(r.id).toLowerCase() === c.name.toLowerCase())
  const label = `${prefix}${c.child}${c.name ? `/${c.name}` : ''}`
  const child = found[0]
  if (!child) {
    const quoted = cite(ctx.trace, errorExplainingChild(ctx.index, subject.id, childType))
    ctx.trace.observed[label] = null
    return { verdict: 'error', reasons: [`${label} (${childType}) is absent from the snapshot${quoted ? `: ${quoted}` : '; it was not collected'}`] }
  }
  addCalls(ctx.trace, child.callIds)
  const unread = ownError(ctx.index, child)
  if (unread) return { verdict: 'error', reasons: [`${label} could not be read: ${cite(ctx.trace, unread)}`] }
  if (propertiesMissing(child, c.rule)) return { verdict: 'error', reasons: [`${label} has no properties in the snapshot`] }
  return evalCondition(c.rule, child, `${label}.`, ctx)
}

/** The type of a child population: the parent's type plus the segment, or the full type of an extension resource. */
export function childTypeOf(parentType: string, children: string): string {
  return children.includes('/') ? children : `${parentType.toLowerCase()}/${children}`
}

function evalChildren(c: ChildrenCondition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  const childType = childTypeOf(subject.type, c.children)
  const listError = ctx.index.errors.length === 0 ? undefined : ctx.index.errorsByScopeType.get(`${subject.id.toLowerCase()}|${childType}`)?.[0]
  if (listError) {
    ctx.trace.observed[`${prefix}${c.children}`] = null
    return { verdict: 'error', reasons: [`${prefix}${c.children} could not be listed: ${cite(ctx.trace, listError)}`] }
  }
  // A population never read in full is not an empty one: "none of 0" is not a pass.
  const gap = populationGap(ctx.index, subject.id, childType, subject)
  if (gap) {
    ctx.trace.observed[`${prefix}${c.children}`] = null
    return { verdict: 'error', reasons: [`${prefix}${c.children}: ${gap}`] }
  }
  const inner = (c.none ?? c.all ?? c.any)!
  let kids = childrenOf(ctx, subject, c.children)
  // Extension children (microsoft.security/pricings) are named in messages by their last segment.
  const segment = c.children.includes('/') ? c.children.slice(c.children.lastIndexOf('/') + 1) : c.children
  const noun = `${prefix}${segment}`
  if (c.names !== undefined) {
    // Each named child must be there (a complete list without it means it is not set up); the rest are not judged.
    const wanted = (Array.isArray(resolve(c.names, ctx.params)) ? (resolve(c.names, ctx.params) as unknown[]) : []).map(String)
    const byName = new Map(kids.map((k) => [lastSegment(k.id).toLowerCase(), k]))
    const absent = wanted.filter((n) => !byName.has(n.toLowerCase()))
    kids = wanted.map((n) => byName.get(n.toLowerCase())).filter((k): k is Resource => k !== undefined)
    if (absent.length && !c.none) {
      ctx.trace.observed[`${noun} absent`] = absent
      return { verdict: 'fail', reasons: absent.map((n) => `${noun}/${n} is not in the complete list of ${noun}`) }
    }
  }
  const outs = kids.map((k) => {
    addCalls(ctx.trace, k.callIds)
    const label = `${noun}/${lastSegment(k.id)}`
    const o = propertiesMissing(k, inner)
      ? { verdict: 'error' as const, reasons: [`${label} has no properties in the snapshot`] }
      : evalCondition(inner, k, `${label}.`, ctx)
    return { label, o }
  })
  return quantify(c, outs, kids.length, noun)
}

/** none / all / any over the judged members of a population (children or linked siblings). */
function quantify(c: { none?: Condition; all?: Condition; any?: Condition }, outs: { label: string; o: Outcome }[], count: number, noun: string): Outcome {
  if (c.none) {
    const hits = outs.filter((x) => x.o.verdict === 'pass')
    if (hits.length) return { verdict: 'fail', reasons: hits.map((x) => `${x.label} matches: ${x.o.reasons.join(', ')}`) }
    const errs = outs.filter((x) => x.o.verdict === 'error')
    if (errs.length) return { verdict: 'error', reasons: errs.flatMap((x) => x.o.reasons) }
    return { verdict: 'pass', reasons: [`none of ${count} ${noun} matches`] }
  }
  if (c.all) {
    const r = combineAll(outs.map((x) => x.o))
    return count === 0 ? { verdict: 'pass', reasons: [`no ${noun}`] } : r
  }
  const r = combineAny(outs.map((x) => x.o))
  return count === 0 ? { verdict: 'fail', reasons: [`no ${noun}`] } : r
}

/** Follows a resource id to the resource it names; a reference the snapshot cannot resolve is `error`, none at all `fail`. */
function evalRef(c: RefCondition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  const label = `${prefix}${c.ref}`
  const id = readPath(subject, c.ref)
  if (isMissing(id) || id === '') {
    ctx.trace.observed[label] = null
    return { verdict: 'fail', reasons: [`${label} is not set (no ${c.type.split('/').pop()} is attached)`] }
  }
  ctx.trace.observed[label] = id
  if (typeof id !== 'string') return { verdict: 'error', reasons: [`${label} is ${show(id)}, not a resource id`] }
  const target = ctx.index.resource(id)
  if (!target) {
    const quoted = cite(ctx.trace, (ctx.index.errors.length === 0 ? undefined : firstErrorAbove(ctx.index, id.toLowerCase(), c.type.toLowerCase(), (e) => e.resourceType === c.type)) ?? ctx.index.errorsByScope.get(id.toLowerCase())?.[0])
    return { verdict: 'error', reasons: [`${label} names ${id}, which is not in the snapshot${quoted ? `: ${quoted}` : ' (its subscription may not have been scanned)'}`] }
  }
  if (target.type !== c.type) return { verdict: 'error', reasons: [`${label} names a ${target.type}, not a ${c.type}`] }
  addCalls(ctx.trace, target.callIds)
  const unread = ownError(ctx.index, target)
  if (unread) return { verdict: 'error', reasons: [`${label} names ${id}, which could not be read: ${cite(ctx.trace, unread)}`] }
  if (propertiesMissing(target, c.rule)) return { verdict: 'error', reasons: [`${id} has no properties in the snapshot`] }
  return evalCondition(c.rule, target, `${label} → `, ctx)
}

/** The siblings (children of the subject's parent) whose `via` values name the subject, judged by the quantifier. */
function evalLinked(c: LinkedCondition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  const noun = `${prefix}${c.linked}`
  const parent = ctx.index.resource(parentIdOf(subject.id))
  if (!parent) return { verdict: 'error', reasons: [`${noun}: the parent of ${subject.id} is not in the snapshot`] }
  const siblingType = `${parent.type}/${c.linked}`
  const listError = ctx.index.errorsByScopeType.get(`${parent.id.toLowerCase()}|${siblingType}`)?.[0]
  if (listError) return { verdict: 'error', reasons: [`${noun} could not be listed: ${cite(ctx.trace, listError)}`] }
  const gap = populationGap(ctx.index, parent.id, siblingType, parent)
  if (gap) return { verdict: 'error', reasons: [`${noun}: ${gap}`] }
  const me = subject.id.toLowerCase()
  const via = c.via.split('.')
  const linking = ctx.index.childrenOf(parent, c.linked).filter((s) => readAll(s, via).some((v) => typeof v === 'string' && v.toLowerCase() === me))
  ctx.trace.observed[`${noun} linking`] = linking.map((s) => lastSegment(s.id))
  const inner = (c.none ?? c.all ?? c.any)!
  const outs = linking.map((s) => {
    addCalls(ctx.trace, s.callIds)
    const label = `${noun}/${lastSegment(s.id)}`
    const o = propertiesMissing(s, inner) ? { verdict: 'error' as const, reasons: [`${label} has no properties in the snapshot`] } : evalCondition(inner, s, `${label}.`, ctx)
    return { label, o }
  })
  return quantify(c, outs, linking.length, `${noun} linking this resource`)
}

export function evalCondition(c: Condition, subject: Resource, prefix: string, ctx: Ctx): Outcome {
  switch (conditionKind(c)) {
    case 'read': return evalRead(c as ReadCondition, subject, prefix, ctx)
    case 'all': return combineAll((c as AllCondition).all.map((x) => evalCondition(x, subject, prefix, ctx)))
    case 'any': return combineAny((c as AnyCondition).any.map((x) => evalCondition(x, subject, prefix, ctx)))
    case 'not': {
      const o = evalCondition((c as NotCondition).not, subject, prefix, ctx)
      const flipped: Verdict = o.verdict === 'pass' ? 'fail' : o.verdict === 'fail' ? 'pass' : 'error'
      return { verdict: flipped, reasons: o.reasons.map((r) => `not: ${r}`) }
    }
    case 'child': return evalChild(c as ChildCondition, subject, prefix, ctx)
    case 'children': return evalChildren(c as ChildrenCondition, subject, prefix, ctx)
    case 'ref': return evalRef(c as RefCondition, subject, prefix, ctx)
    case 'linked': return evalLinked(c as LinkedCondition, subject, prefix, ctx)
    case 'if': {
      const q = c as IfCondition
      // What decided the branch is evidence, not part of the verdict's explanation.
      const test = evalCondition(q.if, subject, prefix, ctx)
      if (test.verdict === 'error') return test
      return evalCondition(test.verdict === 'pass' ? q.then : q.else, subject, prefix, ctx)
    }
  }
}

/** The rule in words with parameters resolved: the `expected` of every finding of the check. */
export function describeCondition(c: Condition, params: Parameters, nested = false): string {
  const wrap = (s: string): string => (nested ? `(${s})` : s)
  switch (conditionKind(c)) {
    case 'read': {
      const r = c as ReadCondition
      const path = r.label ?? (Array.isArray(r.read) ? r.read : [r.read]).join(' | ') + (r.as ? ` → ${r.as}` : '')
      return Object.entries(r.expect).map(([op, v]) => `${path} ${describeExpectation(op as ExpectOperator, resolve(v, params))}`).join(' and ')
    }
    case 'all': return wrap((c as AllCondition).all.map((x) => describeCondition(x, params, true)).join(' and '))
    case 'any': return wrap((c as AnyCondition).any.map((x) => describeCondition(x, params, true)).join(' or '))
    case 'not': return `not ${describeCondition((c as NotCondition).not, params, true)}`
    case 'child': {
      const ch = c as ChildCondition
      return `${ch.child}${ch.name ? `/${ch.name}` : ''}: ${describeCondition(ch.rule, params, true)}`
    }
    case 'children': {
      const ch = c as ChildrenCondition
      const q = ch.none ? 'no' : ch.all ? 'every' : 'some'
      const names = ch.names === undefined ? '' : ` of ${show(resolve(ch.names, params))} (each present)`
      return `${q} ${ch.children}${names} where ${describeCondition((ch.none ?? ch.all ?? ch.any)!, params, true)}`
    }
    case 'ref': {
      const r = c as RefCondition
      return `${r.ref} names a ${r.type.split('/').pop()} where ${describeCondition(r.rule, params, true)}`
    }
    case 'if': {
      const q = c as IfCondition
      return `if ${describeCondition(q.if, params, true)} then ${describeCondition(q.then, params, true)}, else ${describeCondition(q.else, params, true)}`
    }
    case 'linked': {
      const l = c as LinkedCondition
      const q = l.none ? 'no' : l.all ? 'every' : 'some'
      return `${q} ${l.linked} naming this resource in ${l.via} where ${describeCondition((l.none ?? l.all ?? l.any)!, params, true)}`
    }
  }
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true
  return false
}

const lowerTypes = new Map<string, string>()

/** A type in lower case, remembered: the few distinct types of a snapshot are lowered once, not per finding. */
function lowerType(type: string): string {
  let lower = lowerTypes.get(type)
  if (lower === undefined) {
    lower = type.toLowerCase()
    if (lowerTypes.size < 10_000) lowerTypes.set(type, lower)
  }
  return lower
}

function finding(check: CheckDef, r: { id: string; type: string }, status: Status, expected: string, message: string, trace: Trace): Finding {
  return {
    checkId: check.id,
    resourceId: r.id,
    resourceType: lowerType(r.type),
    status,
    observed: hasKeys(trace.observed) ? trace.observed : null,
    expected,
    message,
    // The resource's own array when nothing was added (see Calls); findings are not mutated after this.
    callIds: trace.calls.ids as string[],
  }
}

/** The error entries that leave this check without data on their scope: failed lists of its type or an ancestor type. */
function isListErrorFor(check: CheckDef, e: CollectionError): boolean {
  const t = e.resourceType.toLowerCase()
  // Without the subscription (list or GET) nothing under it was read: every check lacks data there.
  if (t === 'microsoft.resources/subscriptions') return true
  if (check.resource === '*') return t.startsWith('microsoft.resources/') && /^\/subscriptions\/[^/]+$/i.test(e.scope)
  return t === check.resource || check.resource.startsWith(`${t}/`)
}

/** Why the population of `type` under `scope` cannot be judged complete, or null when its list was read in full. */
export function populationGap(index: SnapshotIndex, scope: string, type: string, scopeResource?: Resource): string | null {
  if (!index.listsRecorded) return `the snapshot does not record which lists were read in full (no "lists"), so ${type} under ${scope} may be incomplete; scan again with this version of trustpack`
  const list = scopeResource ? index.listUnder(scopeResource, type.toLowerCase()) : index.listOf(scope, type)
  if (!list) return `${type} under ${scope} was never listed, so whether all of them pass is unknown`
  if (!list.complete) return `the list of ${type} under ${scope} was cut short after ${list.pages.length} page(s) and ${list.items} item(s)${list.reason ? ` (${list.reason})` : ''}`
  return null
}

/**
 * The parents whose population of the check's type must have been listed in full: the subscriptions for a
 * top-level type (and for the resource list behind "*"), the resources of the parent type for a child type.
 * A subscription-level check (the subscription itself is the resource) has no population to guard.
 */
function populationParents(check: CheckDef, index: SnapshotIndex): { scope: string; type: string; parent?: Resource }[] {
  if (check.resource === 'microsoft.resources/subscriptions') return []
  const subs = index.subscriptionIds.map((s) => `/subscriptions/${s}`)
  if (check.resource === '*') return subs.map((scope) => ({ scope, type: 'microsoft.resources/resources' }))
  const segments = check.resource.split('/')
  if (segments.length <= 2) return subs.map((scope) => ({ scope, type: check.resource }))
  const parentType = segments.slice(0, -1).join('/')
  return (index.byType.get(parentType) ?? []).map((p) => ({ scope: p.id, type: check.resource, parent: p }))
}

interface CheckPlan { check: CheckDef; expected: string; needsProperties: boolean; excludeFirst: boolean; resolved: Ctx['resolved'] }

/** The finding of a resource the check's `exclude` rule puts out of scope (or cannot decide), else undefined. */
function excluded(plan: CheckPlan, r: Resource, ctx: Ctx): Finding | undefined {
  const { check, expected } = plan
  if (!check.exclude) return undefined
  // What the exclusion read is evidence only when it excludes; otherwise it would clutter `observed`. The
  // calls it cites are the finding's either way.
  const scratch: Trace = { observed: {}, calls: ctx.trace.calls }
  const ex = evalCondition(check.exclude, r, '', { ...ctx, trace: scratch })
  if (ex.verdict === 'pass') return finding(check, r, 'not_applicable', expected, `out of scope: ${ex.reasons.join('; ')}`, scratch)
  if (ex.verdict === 'error') return finding(check, r, 'error', expected, ex.reasons.join('; '), scratch)
  return undefined
}

function evaluateResource(plan: CheckPlan, r: Resource, params: Parameters, index: SnapshotIndex): Finding {
  const { check, expected } = plan
  const trace = newTrace(r.callIds)
  const ctx: Ctx = { index, params, trace, resolved: plan.resolved }
  // An exclusion by id or name (the master database) holds even when the rest of the resource could not be read.
  if (plan.excludeFirst) {
    const ex = excluded(plan, r, ctx)
    if (ex) return ex
  }
  const own = index.errors.length === 0 ? undefined : index.errorsByScopeType.get(`${r.id.toLowerCase()}|${r.type.toLowerCase()}`)?.[0]
  if (own) return finding(check, r, 'error', expected, `${r.type} could not be read: ${cite(trace, own)}`, trace)
  if (plan.needsProperties && !hasKeys(r.properties)) {
    const why = cite(trace, index.errorsByScope.get(r.id.toLowerCase())?.[0] ?? errorExplainingChild(index, r.id, r.type.toLowerCase()))
    return finding(check, r, 'error', expected, `the properties of this resource were not collected${why ? `: ${why}` : ' (only its resource-list entry is in the snapshot)'}`, trace)
  }
  if (!plan.excludeFirst) {
    const ex = excluded(plan, r, ctx)
    if (ex) return ex
  }
  if (check.scope) {
    const sc = evalCondition(check.scope, r, '', ctx)
    if (sc.verdict === 'fail') return finding(check, r, 'not_applicable', expected, `out of scope: ${sc.reasons.join('; ')}`, trace)
    if (sc.verdict === 'error') return finding(check, r, 'error', expected, sc.reasons.join('; '), trace)
  }
  const o = evalCondition(check.rule, r, '', ctx)
  return finding(check, r, o.verdict, expected, o.reasons.join('; '), trace)
}

/** Findings of one check over the snapshot, in sortFindings order. */
export function evaluateCheck(check: CheckDef, index: SnapshotIndex, params: Parameters): Finding[] {
  const expected = describeCondition(check.rule, params)
  const plan: CheckPlan = { check, expected, needsProperties: readsOwnProperties(check.rule) || readsOwnProperties(check.scope),
    excludeFirst: check.exclude !== undefined && !readsOwnProperties(check.exclude), resolved: new Map() }
  const resources = check.resource === '*' ? index.topLevel : (index.byType.get(check.resource) ?? [])
  const out: Finding[] = []
  for (const r of resources) out.push(evaluateResource(plan, r, params, index))
  // A scope already judged (one of the check's resources, or an error finding added below) gets no second
  // finding. Asked of the index rather than a set of every resource id, which would cost a lower-cased copy
  // of each id per check although most snapshots have no gap and no failed read at all.
  const added = new Set<string>()
  const judged = (scope: string): boolean => {
    const lower = scope.toLowerCase()
    if (added.has(lower)) return true
    const r = index.resource(lower)
    return r !== undefined && (check.resource === '*' ? index.isTopLevel(r) : r.type.toLowerCase() === check.resource)
  }
  const seen = { has: judged, add: (scope: string): void => void added.add(scope) }
  for (const { scope, type, parent } of populationParents(check, index)) {
    const gap = populationGap(index, scope, type, parent)
    if (!gap || seen.has(scope)) continue
    seen.add(scope.toLowerCase())
    const trace = newTrace()
    const quoted = cite(trace, index.errorsByScopeType.get(`${scope.toLowerCase()}|${type}`)?.[0])
    out.push(finding(check, { id: scope, type: check.resource === '*' ? type : check.resource }, 'error', expected,
      `the population this check judges is not known to be complete: ${gap}${quoted ? `: ${quoted}` : ''}`, trace))
  }
  if (index.errors.length === 0) return inFindingsOrder(out, resources.length)
  for (const e of index.errors) {
    if (!isListErrorFor(check, e) || seen.has(e.scope)) continue
    seen.add(e.scope.toLowerCase())
    const trace = newTrace()
    const quoted = cite(trace, e)
    out.push(finding(check, { id: e.scope, type: check.resource === '*' ? e.resourceType : check.resource }, 'error', expected,
      `${check.resource === '*' ? 'the resource list' : check.resource} could not be read here, so this check has no data: ${quoted}`, trace))
  }
  return inFindingsOrder(out, resources.length)
}

/**
 * The findings of the check's own resources come in the index's order, which is findings order; only when
 * findings for scopes without data were added after them is the whole list sorted.
 */
function inFindingsOrder(out: Finding[], fromResources: number): Finding[] {
  return out.length === fromResources ? out : sortFindings(out)
}

/** Deterministic order: check ID, then resource ID case-insensitively (ties broken by exact ID). */
export function sortFindings(findings: Finding[]): Finding[] {
  const keyed = findings.map((f) => ({ f, lower: f.resourceId.toLowerCase() }))
  keyed.sort((a, b) => cmp(a.f.checkId, b.f.checkId) || cmp(a.lower, b.lower) || cmp(a.f.resourceId, b.f.resourceId))
  return keyed.map((k) => k.f)
}

/**
 * All findings of the given checks, sorted by check ID then resource ID: the order of sortFindings over them
 * all, reached by sorting each check's findings (already near resource order) and the checks by ID (stable).
 */
export function evaluateChecks(checks: readonly CheckDef[], index: SnapshotIndex, params: Parameters): Finding[] {
  const byCheck = checks.map((c, i) => ({ id: c.id, i, findings: evaluateCheck(c, index, params) }))
  byCheck.sort((a, b) => cmp(a.id, b.id) || a.i - b.i)
  const out: Finding[] = []
  for (const c of byCheck) for (const f of c.findings) out.push(f)
  return out
}

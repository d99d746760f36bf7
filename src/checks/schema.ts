// The shape of a check in controls/checks/*.yaml: metadata, scope, the rule as data, parameters and fixtures.
// The rule language is documented in docs/checks.md; this file is its single source of truth.
import { z } from 'zod'
import { SeveritySchema } from '../snapshot/results.js'

/** A literal, or a reference to a parameter resolved from trustpack.yaml (or the check's default). */
export type Operand = unknown

export const EXPECT_OPERATORS = [
  'equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'exists', 'matches', 'nonEmpty', 'minItems',
  'tlsAtLeast', 'locationIn', 'withinResource', 'closedToInternet',
] as const
export type ExpectOperator = (typeof EXPECT_OPERATORS)[number]
export type Expect = Partial<Record<ExpectOperator, Operand>>

export const TRANSFORMS = ['durationDays', 'appGatewayMinTls', 'appGatewayWeakestTls', 'rotationIntervalDays'] as const
export type TransformName = (typeof TRANSFORMS)[number]

export interface ReadCondition {
  read: string | string[]
  as?: TransformName
  expect: Expect
  /** how messages name the value (default: the path), e.g. "inbound security rules" */
  label?: string
}
export interface AllCondition { all: Condition[] }
export interface AnyCondition { any: Condition[] }
export interface NotCondition { not: Condition }
export interface ChildCondition { child: string; name?: string; rule: Condition }
/** Over the children of a type; with `names` (a list or a parameter), each named child must exist and the quantifier applies to those. */
export interface ChildrenCondition { children: string; names?: Operand; none?: Condition; all?: Condition; any?: Condition }
/** Follows the resource id at `ref` to that resource (of `type`) and judges it by `rule`. */
export interface RefCondition { ref: string; type: string; rule: Condition }
/** Over the siblings (children of the subject's parent, by segment) whose `via` values name the subject. */
export interface LinkedCondition { linked: string; via: string; none?: Condition; all?: Condition; any?: Condition }
/** `then` where `if` holds, `else` where it does not (an `if` that cannot be judged is `error`). */
export interface IfCondition { if: Condition; then: Condition; else: Condition }
export type Condition = ReadCondition | AllCondition | AnyCondition | NotCondition | ChildCondition | ChildrenCondition | RefCondition | LinkedCondition | IfCondition

/** Accepts any value; the loader checks conditions with conditionProblems, which explains mistakes better than a union schema. */
const ConditionField = z.custom<Condition>(() => true)

const PATH = /^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/
/** the last type segment of a child (firewallrules), or the full type of an extension resource (microsoft.security/pricings) */
const CHILD = /^([a-z0-9]+|[a-z0-9.]+\/[a-z0-9]+)$/

export interface ConditionProblem { path: (string | number)[]; message: string }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Every mistake in a condition, each with its path inside the condition (for file:line reporting). */
export function conditionProblems(c: unknown, path: (string | number)[] = [], suggest: (word: string, options: readonly string[]) => string = () => ''): ConditionProblem[] {
  const out: ConditionProblem[] = []
  const bad = (p: (string | number)[], message: string): void => { out.push({ path: p, message }) }
  if (!isRecord(c)) return [{ path, message: 'a condition must be a mapping (read/expect, all, any, not, child, children)' }]
  const keys = Object.keys(c)
  const allowed = (list: string[]): void => {
    for (const k of keys) if (!list.includes(k)) bad([...path, k], `unexpected key "${k}" here${suggest(k, list)}`)
  }
  const sub = (v: unknown, p: (string | number)[]): void => { out.push(...conditionProblems(v, p, suggest)) }
  const quantified = (what: string): void => {
    const q = ['none', 'all', 'any'].filter((k) => k in c)
    if (q.length !== 1) bad(path, `${what} needs exactly one of none, all, any`)
    for (const k of q) sub(c[k], [...path, k])
  }
  if ('children' in c) {
    allowed(['children', 'names', 'none', 'all', 'any'])
    if (typeof c.children !== 'string' || !CHILD.test(c.children)) bad([...path, 'children'], 'children needs the lower-case last type segment of the child (firewallrules), or the full type of an extension resource (microsoft.security/pricings)')
    if ('names' in c && !isParamRef(c.names) && !(Array.isArray(c.names) && c.names.every((n) => typeof n === 'string'))) bad([...path, 'names'], 'names needs a list of child names or { param: name }')
    quantified('children')
  } else if ('linked' in c) {
    allowed(['linked', 'via', 'none', 'all', 'any'])
    if (typeof c.linked !== 'string' || !/^[a-z0-9]+$/.test(c.linked)) bad([...path, 'linked'], 'linked needs the lower-case last type segment of the sibling, e.g. securitypolicies')
    if (typeof c.via !== 'string' || !PATH.test(c.via)) bad([...path, 'via'], 'via needs the dotted path in the sibling that holds the ids it links, e.g. properties.parameters.associations.domains.id')
    quantified('linked')
  } else if ('if' in c) {
    allowed(['if', 'then', 'else'])
    for (const k of ['if', 'then', 'else']) {
      if (!(k in c)) bad(path, `if needs ${k}`)
      else sub(c[k], [...path, k])
    }
  } else if ('ref' in c) {
    allowed(['ref', 'type', 'rule'])
    if (typeof c.ref !== 'string' || !PATH.test(c.ref)) bad([...path, 'ref'], 'ref needs the dotted path of a resource id, e.g. properties.firewallPolicy.id')
    if (typeof c.type !== 'string' || !/^[a-z0-9.]+\/[a-z0-9]+(\/[a-z0-9]+)*$/.test(c.type)) bad([...path, 'type'], 'ref needs the lower-case ARM type of the resource it names')
    if (!('rule' in c)) bad(path, 'ref needs a rule')
    else sub(c.rule, [...path, 'rule'])
  } else if ('child' in c) {
    allowed(['child', 'name', 'rule'])
    if (typeof c.child !== 'string' || !CHILD.test(c.child)) bad([...path, 'child'], 'child needs the lower-case last type segment of the child, e.g. transparentdataencryption')
    if ('name' in c && typeof c.name !== 'string') bad([...path, 'name'], 'name must be a string')
    if (!('rule' in c)) bad(path, 'child needs a rule')
    else sub(c.rule, [...path, 'rule'])
  } else if ('read' in c || 'expect' in c) {
    allowed(['read', 'as', 'expect', 'label'])
    if ('label' in c && typeof c.label !== 'string') bad([...path, 'label'], 'label must be a string')
    const reads = Array.isArray(c.read) ? c.read : [c.read]
    if (reads.length === 0 || !reads.every((r) => typeof r === 'string' && PATH.test(r))) bad([...path, 'read'], 'read needs a dotted path (or a list of paths, first present wins) such as properties.minimalTlsVersion')
    if ('as' in c && !(TRANSFORMS as readonly string[]).includes(String(c.as))) bad([...path, 'as'], `unknown transform "${String(c.as)}"${suggest(String(c.as), TRANSFORMS)}; known: ${TRANSFORMS.join(', ')}`)
    if (!isRecord(c.expect) || Object.keys(c.expect).length === 0) bad([...path, 'expect'], 'expect needs at least one operator')
    else for (const op of Object.keys(c.expect)) {
      if (!(EXPECT_OPERATORS as readonly string[]).includes(op)) bad([...path, 'expect', op], `unknown operator "${op}"${suggest(op, EXPECT_OPERATORS)}; known: ${EXPECT_OPERATORS.join(', ')}`)
    }
  } else if ('all' in c || 'any' in c) {
    const k = 'all' in c ? 'all' : 'any'
    allowed([k])
    const list = c[k]
    if (!Array.isArray(list) || list.length === 0) bad([...path, k], `${k} needs a non-empty list of conditions`)
    else list.forEach((x, i) => sub(x, [...path, k, i]))
  } else if ('not' in c) {
    allowed(['not'])
    sub(c.not, [...path, 'not'])
  } else {
    bad(path, `not a condition (keys: ${keys.join(', ') || 'none'}); expected read/expect, all, any, not, child or children`)
  }
  return out
}

export const CheckDefSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'check ids are lower-case words joined by hyphens'),
  title: z.string().min(1),
  description: z.string().min(1),
  resource: z.string().regex(/^(\*|[a-z0-9.]+(\/[a-z0-9]+)+)$/, 'expected a lower-case ARM type such as microsoft.sql/servers, or "*" for every top-level resource'),
  scope: ConditionField.optional(),
  exclude: ConditionField.optional(),
  parameters: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.unknown()).optional(),
  rule: ConditionField,
  severity: SeveritySchema,
  remediation: z.string().min(1),
  references: z.array(z.string()).optional(),
}).strict()

export type CheckDef = z.infer<typeof CheckDefSchema>

export function isParamRef(v: unknown): v is { param: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { param?: unknown }).param === 'string'
}

export type ConditionKind = 'read' | 'all' | 'any' | 'not' | 'child' | 'children' | 'ref' | 'linked' | 'if'

const kinds = new WeakMap<Condition, ConditionKind>()

/**
 * Which form a condition has (children/linked/child first: they may also carry `all`/`any`). Remembered per
 * condition object: the engine asks it of every condition for every resource.
 */
export function conditionKind(c: Condition): ConditionKind {
  let kind = kinds.get(c)
  if (kind === undefined) kinds.set(c, (kind = kindOf(c)))
  return kind
}

function kindOf(c: Condition): ConditionKind {
  if ('children' in c) return 'children'
  if ('linked' in c) return 'linked'
  if ('child' in c) return 'child'
  if ('if' in c) return 'if'
  if ('ref' in c) return 'ref'
  if ('read' in c) return 'read'
  if ('all' in c) return 'all'
  if ('any' in c) return 'any'
  return 'not'
}

/** Every parameter a condition refers to (for validation). */
export function paramRefs(c: Condition | undefined, out = new Set<string>()): Set<string> {
  if (!c) return out
  switch (conditionKind(c)) {
    case 'read': for (const v of Object.values((c as ReadCondition).expect)) if (isParamRef(v)) out.add(v.param); break
    case 'all': (c as AllCondition).all.forEach((x) => paramRefs(x, out)); break
    case 'any': (c as AnyCondition).any.forEach((x) => paramRefs(x, out)); break
    case 'not': paramRefs((c as NotCondition).not, out); break
    case 'child': paramRefs((c as ChildCondition).rule, out); break
    case 'children': {
      const q = c as ChildrenCondition
      if (isParamRef(q.names)) out.add(q.names.param)
      paramRefs(q.none ?? q.all ?? q.any, out)
      break
    }
    case 'ref': paramRefs((c as RefCondition).rule, out); break
    case 'if': { const q = c as IfCondition; paramRefs(q.if, out); paramRefs(q.then, out); paramRefs(q.else, out); break }
    case 'linked': { const q = c as LinkedCondition; paramRefs(q.none ?? q.all ?? q.any, out); break }
  }
  return out
}

/** True when the condition reads the `properties` of its own subject (not of a child). */
export function readsOwnProperties(c: Condition | undefined): boolean {
  if (!c) return false
  switch (conditionKind(c)) {
    case 'read': { const r = (c as ReadCondition).read; return (Array.isArray(r) ? r : [r]).some((p) => p === 'properties' || p.startsWith('properties.')) }
    case 'all': return (c as AllCondition).all.some(readsOwnProperties)
    case 'any': return (c as AnyCondition).any.some(readsOwnProperties)
    case 'not': return readsOwnProperties((c as NotCondition).not)
    case 'ref': return (c as RefCondition).ref.startsWith('properties.')
    case 'if': { const q = c as IfCondition; return readsOwnProperties(q.if) || readsOwnProperties(q.then) || readsOwnProperties(q.else) }
    default: return false
  }
}

// The operator set of the rule language (docs/checks.md): value transforms (`as:`) and expectations (`expect:`).
// Each operator is a pure function of the value read and its resolved operand.
import type { ExpectOperator, TransformName } from './schema.js'
import {
  compareTls, durationDays, isMissing, isWithinResource, looseEquals, normalizeLocation, parseTlsVersion, show, tlsLabel, toNumber,
} from './values.js'
import { evaluateNsg } from './nsg.js'
import { resolveAppGwMinTls, resolveAppGwWeakestTls } from './appgw.js'

/** What a transform or operator may need beyond the value (the api-version the resource was read with). */
export interface OperatorContext { apiVersion: string | null }

/** `observed` replaces the raw value in the finding (e.g. per-policy minimums instead of the whole gateway). */
export type TransformResult = { value: unknown; note?: string; observed?: unknown } | { error: string }

function rotationIntervalDays(policy: unknown): TransformResult {
  if (isMissing(policy) || typeof policy !== 'object') return { value: undefined, note: 'no rotation policy' }
  const p = policy as Record<string, unknown>
  const actions = Array.isArray(p.lifetimeActions) ? p.lifetimeActions : []
  const expiry = durationDays((p.attributes as Record<string, unknown> | undefined)?.expiryTime ?? p.expiryTime)
  const intervals: number[] = []
  let rotates = 0
  for (const a of actions) {
    const act = a as { action?: { type?: unknown }; trigger?: Record<string, unknown> } | null
    if (typeof act?.action?.type !== 'string' || act.action.type.toLowerCase() !== 'rotate') continue
    rotates++
    const afterCreate = durationDays(act.trigger?.timeAfterCreate)
    const beforeExpiry = durationDays(act.trigger?.timeBeforeExpiry)
    if (afterCreate !== null) intervals.push(afterCreate)
    else if (beforeExpiry !== null && expiry !== null) intervals.push(expiry - beforeExpiry)
  }
  if (rotates === 0) return { value: undefined, note: 'no rotate lifetime action' }
  if (intervals.length === 0) return { value: undefined, note: 'rotate action has no interval (timeAfterCreate, or timeBeforeExpiry with an expiryTime)' }
  return { value: Math.round(Math.min(...intervals) * 100) / 100, note: 'days between rotations' }
}

export const TRANSFORM_FUNCTIONS: Record<TransformName, (v: unknown, ctx: OperatorContext) => TransformResult> = {
  durationDays: (v) => {
    if (isMissing(v)) return { value: undefined }
    const d = durationDays(v)
    return d === null ? { value: undefined, note: `${show(v)} is not an ISO 8601 duration` } : { value: d }
  },
  appGatewayMinTls: (v, ctx) => resolveAppGwMinTls(v, ctx.apiVersion),
  appGatewayWeakestTls: (v, ctx) => resolveAppGwWeakestTls(v, ctx.apiVersion),
  rotationIntervalDays: (v) => rotationIntervalDays(v),
}

/** An operator returns whether the value meets the operand, and may explain or replace the observed value. */
export interface OperatorResult {
  ok: boolean
  /** how to show the value in messages (e.g. "TLS 1.2") */
  detail?: string
  /** the detail is a whole sentence about the value, not a value to quote after "is" */
  sentence?: boolean
  error?: string
  /** replaces the raw value in the finding's `observed` (e.g. the offending rules instead of all properties) */
  observed?: unknown
}

function numeric(cmp: (a: number, b: number) => boolean) {
  return (v: unknown, operand: unknown): OperatorResult => {
    const a = toNumber(v)
    const b = toNumber(operand)
    if (b === null) return { ok: false, error: `operand ${show(operand)} is not a number` }
    return { ok: a !== null && cmp(a, b) }
  }
}

function list(operand: unknown): unknown[] {
  return Array.isArray(operand) ? operand : [operand]
}

export const OPERATORS: Record<ExpectOperator, (v: unknown, operand: unknown, ctx: OperatorContext) => OperatorResult> = {
  equals: (v, o) => ({ ok: !isMissing(v) && looseEquals(v, o) }),
  notEquals: (v, o) => ({ ok: !looseEquals(v, o) }),
  in: (v, o) => ({ ok: !isMissing(v) && list(o).some((x) => looseEquals(v, x)) }),
  notIn: (v, o) => ({ ok: !list(o).some((x) => looseEquals(v, x)) }),
  gt: numeric((a, b) => a > b),
  gte: numeric((a, b) => a >= b),
  lt: numeric((a, b) => a < b),
  lte: numeric((a, b) => a <= b),
  exists: (v, o) => ({ ok: (o === false) === isMissing(v) }),
  nonEmpty: (v, o) => {
    const filled = (Array.isArray(v) && v.length > 0) || (typeof v === 'string' && v.trim() !== '') || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0)
    return { ok: o === false ? !filled : filled }
  },
  minItems: (v, o) => {
    const n = toNumber(o)
    if (n === null) return { ok: false, error: `operand ${show(o)} is not a number` }
    return { ok: Array.isArray(v) && v.length >= n, ...(Array.isArray(v) ? { detail: `${v.length} item${v.length === 1 ? '' : 's'}` } : {}) }
  },
  matches: (v, o) => {
    try {
      return { ok: typeof v === 'string' && new RegExp(String(o), 'i').test(v) }
    } catch {
      return { ok: false, error: `bad regular expression ${show(o)}` }
    }
  },
  tlsAtLeast: (v, o) => {
    const min = parseTlsVersion(o)
    if (!min) return { ok: false, error: `operand ${show(o)} is not a TLS version` }
    const got = parseTlsVersion(v)
    return { ok: got !== null && compareTls(got, min) >= 0, detail: got ? tlsLabel(got) : 'no TLS version' }
  },
  locationIn: (v, o) => {
    const loc = normalizeLocation(v)
    return { ok: loc !== null && list(o).some((x) => normalizeLocation(x) === loc) }
  },
  withinResource: (v, o) => ({ ok: typeof v === 'string' && list(o).some((x) => typeof x === 'string' && isWithinResource(v, x)) }),
  closedToInternet: (v, o) => {
    const ports = list(o).map(toNumber)
    if (ports.some((p) => p === null)) return { ok: false, error: `operand ${show(o)} is not a list of ports` }
    if (isMissing(v) || typeof v !== 'object') return { ok: false, error: 'no security rules to evaluate' }
    const verdict = evaluateNsg(v, ports as number[])
    if (verdict.openings.length > 0) return { ok: false, observed: verdict.openings, detail: verdict.openings.join('; '), sentence: true }
    if (verdict.invalid.length > 0) return { ok: false, error: verdict.invalid.join('; '), observed: verdict.invalid }
    const summary = `${verdict.ruleCount} custom rule(s); none opens ${ports.join(', ')} to the Internet`
    return { ok: true, observed: summary, detail: summary, sentence: true }
  },
}

/** Human wording of an expectation, for `expected` and messages. */
export function describeExpectation(op: ExpectOperator, operand: unknown): string {
  switch (op) {
    case 'equals': return `= ${show(operand)}`
    case 'notEquals': return `≠ ${show(operand)}`
    case 'in': return `in ${show(operand)}`
    case 'notIn': return `not in ${show(operand)}`
    case 'gt': return `> ${show(operand)}`
    case 'gte': return `≥ ${show(operand)}`
    case 'lt': return `< ${show(operand)}`
    case 'lte': return `≤ ${show(operand)}`
    case 'exists': return operand === false ? 'is not set' : 'is set'
    case 'nonEmpty': return operand === false ? 'is empty' : 'is not empty'
    case 'minItems': return `lists at least ${show(operand)}`
    case 'matches': return `matches /${String(operand)}/`
    case 'tlsAtLeast': { const t = parseTlsVersion(operand); return `≥ ${t ? tlsLabel(t) : show(operand)}` }
    case 'locationIn': return `is one of the locations ${show(operand)}`
    case 'withinResource': return `belongs to (is or is under) one of ${show(operand)}`
    case 'closedToInternet': return `no inbound Allow from the Internet reaching ports ${list(operand).join(', ')}`
  }
}

// Small text helpers shared by the CI renderers (terminal, Markdown, JUnit, SARIF).
import type { FindingDelta } from './compare.js'

/** A value read from the snapshot, compact and on one line. */
export function formatValue(v: unknown, max = 160): string {
  if (v === undefined) return 'undefined'
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    s = String(v)
  }
  s = s.replace(/\s+/g, ' ')
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "observed X, expected Y" for a failing finding; the error message for an error. */
export function findingDetail(d: FindingDelta): string {
  if (d.status === 'error') return d.message
  if (d.status === 'absent') return 'no longer present'
  const parts = [`observed ${formatValue(d.observed)}, expected ${formatValue(d.expected)}`]
  if (d.message) parts.push(d.message)
  return parts.join(': ')
}

/** Why a finding is listed: new / still failing / exception expired. */
export function driftLabel(d: FindingDelta): string {
  if (d.expiredException) return `exception expired on ${d.expiredException.expires}`
  if (d.drift === 'new') return d.status === 'error' ? 'new error' : d.baselineStatus === 'error' ? 'new (was error)' : 'new'
  if (d.drift === 'unchanged') return d.status === 'error' ? 'still error' : 'still failing'
  if (d.drift === 'resolved') return 'resolved'
  return d.status
}

/** New (gate-relevant) findings first, keeping the given order otherwise. */
export function newFirst(list: readonly FindingDelta[]): FindingDelta[] {
  return [...list.filter((d) => d.drift === 'new'), ...list.filter((d) => d.drift !== 'new')]
}

// Exceptions (accepted risks) from trustpack.yaml: an active exception turns a failing finding into a pass
// that cites it; an expired one no longer counts and is reported as expired. "Today" comes from the caller's clock.
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import type { ExceptionRef, Finding, Results } from '../snapshot/results.js'
import { didYouMean } from '../catalog/suggest.js'

export type ExceptionState = Results['exceptions'][number]

/** Expiry is inclusive: an exception that expires today still counts today. */
export function isExpired(expires: string, today: string): boolean {
  return expires < today
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10)
}

/**
 * Rejects exceptions naming an unknown check (file:line): a typo there would except nothing. An exception
 * whose resource is not in the snapshot is not an error: the resource may have been deleted (Azure Policy drops
 * an exemption whose resource is gone, too). It is reported as `orphaned`, with a warning naming file and line.
 */
export function validateExceptions(loaded: LoadedConfig, checkIds: ReadonlySet<string>, hasResource: (id: string) => boolean): string[] {
  const file = loaded.file ?? 'trustpack.yaml'
  const warnings: string[] = []
  ;(loaded.config.exceptions ?? []).forEach((e, i) => {
    if (!checkIds.has(e.check)) {
      throw new InputError(`${file}:${loaded.lineOf(['exceptions', i, 'check'])}: exception for unknown check "${e.check}"${didYouMean(e.check, checkIds)}`)
    }
    if (!hasResource(e.resource)) {
      warnings.push(`${file}:${loaded.lineOf(['exceptions', i, 'resource'])}: exception for ${e.check} on ${e.resource}, which is not in the snapshot (deleted, or not scanned): it excepts nothing; remove it once the resource is gone for good`)
    }
  })
  return warnings
}

/** Returns the findings with active exceptions applied, and every exception with its state. */
export function applyExceptions(findings: Finding[], loaded: LoadedConfig, now: Date, hasResource: (id: string) => boolean = () => true): { findings: Finding[]; exceptions: ExceptionState[] } {
  const today = utcDay(now)
  const list = loaded.config.exceptions ?? []
  const byKey = new Map<string, { ref: ExceptionRef; expired: boolean; used: boolean }[]>()
  const entries = list.map((e) => {
    const ref: ExceptionRef = { check: e.check, resource: e.resource, reason: e.reason, owner: e.owner, expires: e.expires }
    const entry = { ref, expired: isExpired(e.expires, today), used: false, orphaned: !hasResource(e.resource) }
    const key = `${e.check}|${e.resource.toLowerCase()}`
    byKey.set(key, [...(byKey.get(key) ?? []), entry])
    return entry
  })
  const out = findings.map((f) => {
    if (f.status !== 'fail') return f
    const candidates = byKey.get(`${f.checkId}|${f.resourceId.toLowerCase()}`)
    if (!candidates) return f
    const active = candidates.find((c) => !c.expired)
    if (!active) {
      const last = candidates[candidates.length - 1]!
      return { ...f, message: `${f.message} (exception expired ${last.ref.expires}; owner ${last.ref.owner})` }
    }
    active.used = true
    return {
      ...f,
      status: 'pass' as const,
      exception: active.ref,
      message: `accepted risk until ${active.ref.expires} (owner ${active.ref.owner}: ${active.ref.reason}); finding: ${f.message}`,
    }
  })
  const exceptions = entries.map((e) => ({ ...e.ref, state: e.expired ? 'expired' as const : e.used ? 'active' as const : e.orphaned ? 'orphaned' as const : 'unused' as const }))
  return { findings: out, exceptions }
}

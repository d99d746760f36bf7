// Value helpers the operators share: TLS version spellings, ISO 8601 durations, locations, resource IDs, paths.

/** [major, minor] of a TLS version in any spelling Azure uses ("1.2", "TLS1_2", "TLSv1_2", "Tls12"); null for "None", missing or unknown. SSL versions sort below TLS 1.0. */
export function parseTlsVersion(v: unknown): [number, number] | null {
  let s: string
  if (typeof v === 'number' && Number.isFinite(v)) s = Number.isInteger(v) ? `${v}.0` : String(v)
  else if (typeof v === 'string') s = v.trim().toLowerCase()
  else return null
  let ssl = false
  const prefix = /^(ssl|tls)\s*v?\s*/.exec(s)
  if (prefix) {
    ssl = prefix[1] === 'ssl'
    s = s.slice(prefix[0].length)
  }
  // A bare "Tls" (Cosmos DB's name for TLS 1.0) is 1.0.
  if (prefix && !ssl && s === '') return [1, 0]
  const m = /^(\d)(?:[._ ]?(\d))?$/.exec(s)
  if (!m) return null
  const major = Number(m[1])
  const minor = m[2] === undefined ? 0 : Number(m[2])
  return ssl ? [0, major] : [major, minor]
}

export function compareTls(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1]
}

export function tlsLabel(v: [number, number]): string {
  return v[0] === 0 ? `SSL ${v[1]}` : `TLS ${v[0]}.${v[1]}`
}

const DURATION = /^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i

/**
 * Days in an ISO 8601 duration (P90D, P1Y, P18M, P2Y6M, P4W, PT720H). A year is 365 days and a
 * month a twelfth of that, so P12M equals P1Y; null when the text is not a duration.
 */
export function durationDays(v: unknown): number | null {
  if (typeof v !== 'string') return null
  const m = DURATION.exec(v.trim())
  if (!m) return null
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]!.replace(',', '.')))
  return n(1) * 365 + n(2) * (365 / 12) + n(3) * 7 + n(4) + n(5) / 24 + n(6) / 1440 + n(7) / 86400
}

/** "East US" and "eastus" are the same location. */
export function normalizeLocation(v: unknown): string | null {
  return typeof v === 'string' ? v.toLowerCase().replace(/[\s_-]+/g, '') : null
}

/** True when `id` is `base` or a resource under it (IDs compare case-insensitively). */
export function isWithinResource(id: string, base: string): boolean {
  const a = id.toLowerCase().replace(/\/+$/, '')
  const b = base.toLowerCase().replace(/\/+$/, '')
  return b !== '' && (a === b || a.startsWith(`${b}/`))
}

/** /subscriptions/s/resourceGroups/rg/providers/ns/type/name: a resource in the subscription's resource list, not a child setting. */
export function isTopLevelResourceId(id: string): boolean {
  // Asked of every resource of every snapshot: read in place, without splitting the id into copies.
  const at = SLASHES
  let n = 0
  for (let i = 0; i < id.length; i++) {
    if (id.charCodeAt(i) !== 47) continue
    if (n === 8) return false
    at[n++] = i
  }
  if (n !== 8 || at[0] !== 0 || at[7]! === id.length - 1) return false
  for (let k = 1; k < 8; k++) if (at[k]! === at[k - 1]! + 1) return false // an empty segment
  return segmentIs(id, at[0]! + 1, at[1]!, 'subscriptions') && segmentIs(id, at[2]! + 1, at[3]!, 'resourcegroups') && segmentIs(id, at[4]! + 1, at[5]!, 'providers')
}

const SLASHES = new Int32Array(8)

/** Whether id[start, end) is `word` (lower-case ASCII) in any case. */
function segmentIs(id: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false
  for (let i = 0; i < word.length; i++) if ((id.charCodeAt(start + i) | 0x20) !== word.charCodeAt(i)) return false
  return true
}

/** Reads a dotted path; a key that is not found exactly is looked up case-insensitively (wire casing varies). */
export function readPath(obj: unknown, path: string | readonly string[]): unknown {
  let cur: unknown = obj
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    if (cur === null || cur === undefined) return undefined
    if (Array.isArray(cur)) {
      const i = Number(key)
      cur = Number.isInteger(i) ? cur[i] : undefined
      continue
    }
    if (typeof cur !== 'object') return undefined
    const rec = cur as Record<string, unknown>
    if (key in rec) cur = rec[key]
    else {
      const lower = key.toLowerCase()
      const found = Object.keys(rec).find((k) => k.toLowerCase() === lower)
      cur = found === undefined ? undefined : rec[found]
    }
  }
  return cur
}

/** Every value at a dotted path, stepping into each element of the arrays on the way (associations.domains.id). */
export function readAll(obj: unknown, path: readonly string[]): unknown[] {
  let cur: unknown[] = [obj]
  for (const key of path) {
    const next: unknown[] = []
    for (const v of cur) {
      if (Array.isArray(v)) {
        for (const x of v) {
          const got = readPath(x, [key])
          if (got !== undefined) next.push(got)
        }
      } else {
        const got = readPath(v, [key])
        if (got !== undefined) next.push(got)
      }
    }
    cur = next
  }
  return cur.flatMap((v) => (Array.isArray(v) ? v : [v]))
}

export function isMissing(v: unknown): v is null | undefined {
  return v === null || v === undefined
}

/** Equality for rule values: strings compare case-insensitively (ARM enums vary in case), numbers and booleans strictly. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => looseEquals(x, b[i]))
  return a === b
}

export function toNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return null
}

/** Whether JSON.stringify would escape a character of `s` (a control character, a quote, a backslash, or a surrogate, left to it to judge). */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true
  }
  return false
}

export function show(v: unknown): string {
  if (v === undefined) return 'missing'
  if (v === null) return 'null'
  // Quoted directly when nothing needs escaping, which is what JSON.stringify gives: it is called for every
  // string value of every finding, and the general serializer costs several times the check.
  if (typeof v === 'string') return needsEscape(v) ? JSON.stringify(v) : `"${v}"`
  const s = JSON.stringify(v)
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}

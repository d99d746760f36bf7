// Observed and expected values as a reader wants them: one "property: value" line per leaf, Unix
// timestamps as ISO dates, ISO 8601 durations and day counts with their unit. The evidence files keep
// the raw JSON; this is display only. Pure and locale-independent (same value → same lines).

export interface ValueLine {
  /** Dotted property path ("" for a bare value). */
  key: string
  value: string
}

/** Lines shown per value; the rest are counted and left to the evidence file. */
export const VALUE_LINES_MAX = 12

const TIME_KEY = /(^|[._/])(created|updated|changed|modified|deleted|exp|expires?|expiry|nbf|notBefore|time|timestamp|date|since|start|end|last\w*)$|(At|On|Time|Date)$/i

/** Epoch seconds or milliseconds as an ISO date, when the key says it is a time and the number is plausible. */
export function epochToIso(key: string, n: number): string | null {
  if (!Number.isFinite(n) || !TIME_KEY.test(key)) return null
  let ms: number
  if (n >= 1e9 && n < 1e10) ms = n * 1000
  else if (n >= 1e12 && n < 1e13) ms = n
  else return null
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** "P180D" → "180 days"; "P1Y" → "1 year"; "PT0S" → "0 seconds"; null when not an ISO 8601 duration. */
export function durationText(s: string): string | null {
  const m = DURATION.exec(s)
  if (!m || s === 'P' || s === 'PT') return null
  const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second']
  const parts: string[] = []
  m.slice(1).forEach((v, i) => {
    if (v === undefined) return
    const n = Number(v)
    parts.push(`${v} ${units[i]}${n === 1 ? '' : 's'}`)
  })
  return parts.length ? parts.join(' ') : null
}

const DAYS_KEY = /(Days|InDays|_days)$/

/** One scalar, with what makes it readable: dates, durations and units. */
export function scalarText(key: string, v: unknown): string {
  if (v === null) return 'null'
  if (typeof v === 'number') {
    const iso = epochToIso(key, v)
    if (iso) return `${iso} (Unix time ${v})`
    if (DAYS_KEY.test(key)) return `${v} day${v === 1 ? '' : 's'}`
    return String(v)
  }
  if (typeof v === 'string') {
    if (v === '') return '(empty string)'
    const d = durationText(v)
    return d ? `${v} (${d})` : v
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return JSON.stringify(v) ?? String(v)
}

function walk(key: string, v: unknown, out: ValueLine[], depth: number): void {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push({ key, value: '(none)' })
      return
    }
    if (v.every((x) => x === null || typeof x !== 'object')) {
      out.push({ key, value: v.map((x) => scalarText(key, x)).join(', ') })
      return
    }
    if (depth >= 6) {
      out.push({ key, value: JSON.stringify(v) })
      return
    }
    v.forEach((x, i) => walk(`${key}[${i}]`, x, out, depth + 1))
    return
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
    if (entries.length === 0) {
      out.push({ key, value: '(empty)' })
      return
    }
    if (depth >= 6) {
      out.push({ key, value: JSON.stringify(v) })
      return
    }
    for (const [k, x] of entries) walk(key ? `${key}.${k}` : k, x, out, depth + 1)
    return
  }
  out.push({ key, value: scalarText(key, v) })
}

/** Every leaf of a value as a "property: value" line, in the value's own key order. */
export function valueLines(v: unknown): ValueLine[] {
  if (v === undefined) return []
  const out: ValueLine[] = []
  walk('', v, out, 0)
  return out
}

/** The lines to show, with a last line counting what was left out. */
export function shownValueLines(v: unknown, max = VALUE_LINES_MAX): ValueLine[] {
  const all = valueLines(v)
  if (all.length <= max) return all
  return [...all.slice(0, max - 1), { key: '', value: `… ${all.length - max + 1} more in the evidence file` }]
}

export function lineText(l: ValueLine): string {
  return l.key ? `${l.key}: ${l.value}` : l.value
}

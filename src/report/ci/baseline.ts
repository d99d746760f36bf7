// The CI baseline: what was failing when the team last accepted the state of the estate.
// Committed to a repository, so its bytes must be stable: sorted keys and lists, no
// timestamps, hashes or versions that churn, one line per control and per failing resource,
// so a pull request diff shows exactly which control or resource changed.
import { z } from 'zod'
import { InputError } from '../../core/errors.js'
import { readText } from '../../core/json.js'
import { ResultsSchema, StatusSchema, type Results, type Status } from '../../snapshot/results.js'

export const BASELINE_FORMAT = 1

export const BaselineSchema = z.object({
  trustpackBaseline: z.literal(BASELINE_FORMAT),
  frameworks: z.array(z.string()),
  controls: z.record(z.string(), z.record(z.string(), StatusSchema)).describe('framework -> controlId -> status'),
  failing: z.record(z.string(), z.array(z.string())).describe('checkId -> resource IDs whose finding failed'),
  errors: z.record(z.string(), z.array(z.string())).describe('checkId -> resource IDs whose finding was error'),
}).strict()
export type Baseline = z.infer<typeof BaselineSchema>

/** Deterministic natural order ("CC1.2" before "CC1.10"), independent of locale and ICU. */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? []
  const tb = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!
    const y = tb[i]!
    if (x === y) continue
    const nx = /^\d/.test(x)
    const ny = /^\d/.test(y)
    if (nx && ny) {
      const d = Number(x) - Number(y)
      if (d !== 0) return d < 0 ? -1 : 1
      return x.length < y.length ? -1 : 1
    }
    return x < y ? -1 : 1
  }
  if (ta.length !== tb.length) return ta.length < tb.length ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Resource IDs compare case-insensitively (Azure may change the casing it returns). */
export function compareResourceIds(a: string, b: string): number {
  const la = a.toLowerCase()
  const lb = b.toLowerCase()
  if (la !== lb) return la < lb ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

export function findingKey(checkId: string, resourceId: string): string {
  return `${checkId}\u0000${resourceId.toLowerCase()}`
}

function sortedRecord<V>(entries: Iterable<[string, V]>, compare: (a: string, b: string) => number = naturalCompare): Record<string, V> {
  const out: Record<string, V> = {}
  for (const [k, v] of [...entries].sort((x, y) => compare(x[0], y[0]))) out[k] = v
  return out
}

function uniqueSortedIds(ids: Iterable<string>): string[] {
  const byLower = new Map<string, string>()
  for (const id of ids) {
    const prev = byLower.get(id.toLowerCase())
    if (prev === undefined || compareResourceIds(id, prev) < 0) byLower.set(id.toLowerCase(), id)
  }
  return [...byLower.values()].sort(compareResourceIds)
}

/** The baseline of a results document: control statuses and the failing / error findings. */
export function baselineFromResults(results: Results): Baseline {
  const frameworks = new Map<string, Map<string, Status>>()
  for (const fw of results.frameworks) frameworks.set(fw.id, new Map())
  for (const c of results.controls) {
    let m = frameworks.get(c.framework)
    if (!m) frameworks.set(c.framework, (m = new Map()))
    m.set(c.controlId, c.status)
  }
  // Only checks an evaluated control cites: the baseline is about controls.
  const cited = new Set(results.controls.flatMap((c) => c.checkIds))
  const failing = new Map<string, string[]>()
  const errors = new Map<string, string[]>()
  for (const f of results.findings) {
    if (!cited.has(f.checkId)) continue
    const target = f.status === 'fail' ? failing : f.status === 'error' ? errors : null
    if (!target) continue
    const list = target.get(f.checkId) ?? []
    list.push(f.resourceId)
    target.set(f.checkId, list)
  }
  return {
    trustpackBaseline: BASELINE_FORMAT,
    frameworks: [...frameworks.keys()].sort(naturalCompare),
    controls: sortedRecord([...frameworks].map(([fw, m]) => [fw, sortedRecord(m)])),
    failing: sortedRecord([...failing].map(([k, v]) => [k, uniqueSortedIds(v)])),
    errors: sortedRecord([...errors].map(([k, v]) => [k, uniqueSortedIds(v)])),
  }
}

/** Stable bytes: keys in the order built above (re-sorted here, so any Baseline serialises the same). */
export function serializeBaseline(b: Baseline): string {
  const normalised: Baseline = {
    trustpackBaseline: b.trustpackBaseline,
    frameworks: [...new Set(b.frameworks)].sort(naturalCompare),
    controls: sortedRecord(Object.entries(b.controls).map(([fw, m]) => [fw, sortedRecord(Object.entries(m))])),
    failing: sortedRecord(Object.entries(b.failing).map(([k, v]) => [k, uniqueSortedIds(v)])),
    errors: sortedRecord(Object.entries(b.errors).map(([k, v]) => [k, uniqueSortedIds(v)])),
  }
  return JSON.stringify(normalised, null, 2) + '\n'
}

/**
 * Reads a baseline written by `trustpack baseline`, or a results.json (from `trustpack evaluate`)
 * used as one. Errors name the file and the field at fault.
 */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new InputError(`${file}: baseline is not valid JSON (${(err as Error).message})`)
  }
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null
  if (obj && 'trustpackBaseline' in obj) {
    const parsed = BaselineSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue ? issue.path.map(String).join('.') || '(root)' : '(root)'
      throw new InputError(`${file}: not a valid trustpack baseline: ${where}: ${issue?.message ?? 'invalid'}`)
    }
    return parsed.data
  }
  if (obj && 'findings' in obj && 'controls' in obj) {
    const parsed = ResultsSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue ? issue.path.map(String).join('.') || '(root)' : '(root)'
      throw new InputError(`${file}: not a valid results file to use as a baseline: ${where}: ${issue?.message ?? 'invalid'}`)
    }
    return baselineFromResults(parsed.data)
  }
  throw new InputError(`${file}: not a trustpack baseline (expected the output of \`trustpack baseline\` or a results.json)`)
}

export function readBaseline(path: string): { baseline: Baseline; text: string } {
  const text = readText(path, 'baseline')
  return { baseline: parseBaseline(text, path), text }
}

/**
 * 1-based line in a baseline written by serializeBaseline where SARIF should point code
 * scanning: the finding's own line when the baseline lists it, else the line of the first of
 * its controls (framework:controlId), else its check. Line 1 for files in another layout
 * (a results.json used as baseline).
 */
export function baselineLineOf(text: string, checkId: string, resourceId: string, controls: readonly string[] = []): number {
  const lines = text.split('\n')
  const checkKey = `    ${JSON.stringify(checkId)}: [`
  const rid = resourceId.toLowerCase()
  const wanted = new Set(controls)
  let section = ''
  let framework = ''
  let inCheck = false
  let checkLine = 0
  let controlLine = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const top = /^ {2}"(\w+)": /.exec(line)
    if (top) {
      section = top[1]!
      continue
    }
    if (section === 'controls') {
      const fw = /^ {4}("[^"]*"): \{/.exec(line)
      if (fw) framework = String(JSON.parse(fw[1]!))
      const ctl = /^ {6}("(?:[^"\\]|\\.)*"): /.exec(line)
      if (ctl && !controlLine && wanted.has(`${framework}:${String(JSON.parse(ctl[1]!))}`)) controlLine = i + 1
    } else if (section === 'failing') {
      if (line === checkKey) {
        checkLine = i + 1
        inCheck = true
        continue
      }
      if (inCheck) {
        if (/^ {4}\]/.test(line)) inCheck = false
        const m = /^ {6}(".*")/.exec(line)
        if (m && String(JSON.parse(m[1]!)).toLowerCase() === rid) return i + 1
      }
    }
  }
  return controlLine || checkLine || 1
}

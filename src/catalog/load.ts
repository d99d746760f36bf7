// Loads and validates the catalogs: controls/checks/*.yaml (the checks) and controls/frameworks/*.yaml
// (frameworks mapping controls to check IDs, format in docs/catalog-format.md). Every problem is collected
// with file:line so `controls validate` can report them all at once.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { z } from 'zod'
import { parseYamlSource } from '../core/yaml.js'
import { InputError } from '../core/errors.js'
import { projectRoot } from '../core/version.js'
import { CheckDefSchema, conditionProblems, paramRefs, type CheckDef } from '../checks/schema.js'
import { SnapshotSchema } from '../snapshot/schema.js'
import { closest, didYouMean } from './suggest.js'

export interface Problem { file: string; line: number; message: string }

export interface LoadedCheck { def: CheckDef; file: string; line: number }

export interface FrameworkControl {
  id: string
  title: string
  checks: string[]
  manual: boolean
  evidence?: string
  line: number
}

export interface Framework {
  id: string
  title: string
  version: string
  controls: FrameworkControl[]
  file: string
  line: number
}

export interface Catalog {
  /** the controls directory (holding checks/ and frameworks/) */
  dir: string
  checks: LoadedCheck[]
  checkById: Map<string, LoadedCheck>
  frameworks: Framework[]
  /** parameter defaults declared by the checks */
  parameterDefaults: Record<string, unknown>
  problems: Problem[]
  /** whether fixture files were checked (asked for, and present: an installed package has no test/) */
  fixturesChecked: boolean
}

export function defaultCatalogDir(): string {
  return join(projectRoot(), 'controls')
}

/** Where fixture paths in check files are relative to: the folder that holds the controls directory. */
export function fixtureRoot(catalogDir: string): string {
  return dirname(resolve(catalogDir))
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(dir, f))
}

function display(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') ? rel : file
}

function zodProblems(file: string, err: z.ZodError, lineOf: (p: (string | number)[]) => number, base: (string | number)[], idAt: (p: (string | number)[]) => string | undefined = () => undefined): Problem[] {
  return err.issues.map((issue) => {
    const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')]
    let message = issue.message
    if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'required but missing'
    const field = issue.path.length ? `${issue.path.join('.')}: ` : ''
    const id = base.length > 0 ? idAt(base) : undefined
    return { file: display(file), line: lineOf(path), message: `${id ? `${id}: ` : ''}${field}${message}` }
  })
}

const FrameworkHeaderSchema = z.object({
  framework: z.string().regex(/^[a-z0-9-]+$/, 'framework ids are lower-case, e.g. soc2'),
  title: z.string().min(1),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  controls: z.array(z.unknown()).min(1),
}).passthrough()

const ControlSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().min(1),
  checks: z.array(z.string()).optional(),
  manual: z.boolean().optional(),
  evidence: z.string().optional(),
}).passthrough()

const KNOWN_CONTROL_KEYS = ['id', 'title', 'checks', 'manual', 'evidence', 'description', 'notes', 'claim', 'rationale']

function loadChecks(catalogDir: string, problems: Problem[]): LoadedCheck[] {
  const out: LoadedCheck[] = []
  for (const file of yamlFiles(join(catalogDir, 'checks'))) {
    const src = parseYamlSource(readFileSync(file, 'utf8'))
    if (src.errors.length) {
      for (const e of src.errors) problems.push({ file: display(file), line: e.line, message: `invalid YAML: ${e.message}` })
      continue
    }
    const wrapped = typeof src.value === 'object' && src.value !== null && !Array.isArray(src.value) && 'checks' in src.value
    const list = wrapped ? (src.value as { checks: unknown }).checks : src.value
    const base: (string | number)[] = wrapped ? ['checks'] : []
    if (!Array.isArray(list)) {
      problems.push({ file: display(file), line: 1, message: 'a check file is a list of checks (- id: ...)' })
      continue
    }
    list.forEach((raw, i) => {
      const at = [...base, i]
      const parsed = CheckDefSchema.safeParse(raw)
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? `check ${(raw as { id: string }).id}` : undefined
        problems.push(...zodProblems(file, parsed.error, src.lineOf, at, () => id))
        return
      }
      const def = parsed.data
      const suggest = (w: string, opts: readonly string[]): string => didYouMean(w, opts)
      for (const field of ['rule', 'scope', 'exclude'] as const) {
        if (def[field] === undefined) continue
        for (const p of conditionProblems(def[field], [...at, field], suggest)) {
          problems.push({ file: display(file), line: src.lineOf(p.path), message: `check ${def.id}: ${p.message}` })
        }
      }
      const declared = new Set(Object.keys(def.parameters ?? {}))
      for (const ref of new Set([...paramRefs(def.rule), ...paramRefs(def.scope), ...paramRefs(def.exclude)])) {
        if (!declared.has(ref)) problems.push({ file: display(file), line: src.lineOf([...at, 'rule']), message: `check ${def.id}: parameter "${ref}" is used but not declared under parameters${didYouMean(ref, declared)}` })
      }
      out.push({ def, file: display(file), line: src.lineOf(at) })
    })
  }
  return out
}

function loadFrameworks(catalogDir: string, checkIds: Set<string>, problems: Problem[]): Framework[] {
  const out: Framework[] = []
  const seen = new Map<string, string>()
  for (const file of yamlFiles(join(catalogDir, 'frameworks'))) {
    const src = parseYamlSource(readFileSync(file, 'utf8'))
    const f = display(file)
    if (src.errors.length) {
      for (const e of src.errors) problems.push({ file: f, line: e.line, message: `invalid YAML: ${e.message}` })
      continue
    }
    const header = FrameworkHeaderSchema.safeParse(src.value)
    if (!header.success) {
      problems.push(...zodProblems(file, header.error, src.lineOf, []))
      continue
    }
    const h = header.data
    if (seen.has(h.framework)) problems.push({ file: f, line: src.lineOf(['framework']), message: `framework "${h.framework}" is also defined in ${seen.get(h.framework)}` })
    seen.set(h.framework, f)
    const fw: Framework = { id: h.framework, title: h.title, version: h.version, controls: [], file: f, line: src.lineOf(['framework']) }
    const ids = new Map<string, number>()
    h.controls.forEach((raw, i) => {
      const at = ['controls', i]
      const parsed = ControlSchema.safeParse(raw)
      if (!parsed.success) {
        const id = (raw as { id?: unknown } | null)?.id
        problems.push(...zodProblems(file, parsed.error, src.lineOf, at, () => (id === undefined ? undefined : `control ${String(id)}`)))
        return
      }
      const c = parsed.data
      const line = src.lineOf(at)
      for (const k of Object.keys(raw as object)) {
        if (KNOWN_CONTROL_KEYS.includes(k)) continue
        const near = closest(k, KNOWN_CONTROL_KEYS)
        if (near) problems.push({ file: f, line: src.lineOf([...at, k]), message: `control ${c.id}: unknown key "${k}"; did you mean "${near}"?` })
      }
      if (ids.has(c.id)) problems.push({ file: f, line, message: `duplicate control id "${c.id}" (first at line ${ids.get(c.id)})` })
      else ids.set(c.id, line)
      const checks = c.checks ?? []
      const manual = c.manual === true
      if (checks.length === 0 && !manual) problems.push({ file: f, line, message: `control ${c.id} has neither checks nor manual: true` })
      if (manual && !c.evidence) problems.push({ file: f, line, message: `control ${c.id} is manual but has no evidence (what an attestation should contain)` })
      const dupChecks = checks.filter((x, j) => checks.indexOf(x) !== j)
      if (dupChecks.length) problems.push({ file: f, line: src.lineOf([...at, 'checks']), message: `control ${c.id} lists ${dupChecks.join(', ')} twice` })
      checks.forEach((id, j) => {
        if (!checkIds.has(id)) problems.push({ file: f, line: src.lineOf([...at, 'checks', j]), message: `control ${c.id}: unknown check "${id}"${didYouMean(id, checkIds)}` })
      })
      fw.controls.push({ id: c.id, title: c.title, checks, manual, ...(c.evidence ? { evidence: c.evidence } : {}), line })
    })
    out.push(fw)
  }
  return out
}

/**
 * Whether the fixtures can be checked here: an installed package ships controls/ but not test/, so when
 * not one fixture folder exists the check is skipped (and reported as skipped) rather than failing.
 */
export function fixturesPresent(catalogDir: string, checks: LoadedCheck[]): boolean {
  const root = fixtureRoot(catalogDir)
  const tops = new Set(checks.flatMap((c) => Object.values(c.def.fixtures).flatMap((list) => (list ?? []).map((f) => dirname(f.path)))))
  return tops.size === 0 || [...tops].some((d) => existsSync(resolve(root, d)))
}

function fixtureProblems(catalogDir: string, checks: LoadedCheck[]): Problem[] {
  const root = fixtureRoot(catalogDir)
  const out: Problem[] = []
  for (const c of checks) {
    for (const [kind, paths] of Object.entries(c.def.fixtures)) {
      for (const { path: p } of paths ?? []) {
        const full = resolve(root, p)
        if (!existsSync(full)) {
          out.push({ file: c.file, line: c.line, message: `check ${c.def.id}: ${kind} fixture ${p} does not exist` })
          continue
        }
        let raw: unknown
        try {
          raw = JSON.parse(readFileSync(full, 'utf8'))
        } catch (err) {
          out.push({ file: c.file, line: c.line, message: `check ${c.def.id}: ${kind} fixture ${p} is not valid JSON (${(err as Error).message})` })
          continue
        }
        const parsed = SnapshotSchema.safeParse(raw)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          out.push({ file: c.file, line: c.line, message: `check ${c.def.id}: ${kind} fixture ${p} is not a valid snapshot (${issue?.path.join('.')}: ${issue?.message})` })
        }
      }
    }
  }
  return out
}

export interface LoadOptions { fixtures?: boolean }

/** Loads everything it can and collects every problem (never throws on catalog content). */
export function loadCatalog(catalogDir: string = defaultCatalogDir(), opts: LoadOptions = {}): Catalog {
  const problems: Problem[] = []
  if (!existsSync(join(catalogDir, 'checks'))) problems.push({ file: display(join(catalogDir, 'checks')), line: 0, message: 'no checks directory' })
  const checks = loadChecks(catalogDir, problems)
  const checkById = new Map<string, LoadedCheck>()
  for (const c of checks) {
    const first = checkById.get(c.def.id)
    if (first) problems.push({ file: c.file, line: c.line, message: `duplicate check id "${c.def.id}" (first at ${first.file}:${first.line})` })
    else checkById.set(c.def.id, c)
  }
  const parameterDefaults: Record<string, unknown> = {}
  const declaredAt = new Map<string, LoadedCheck>()
  for (const c of checks) {
    for (const [name, value] of Object.entries(c.def.parameters ?? {})) {
      const first = declaredAt.get(name)
      if (first && JSON.stringify(parameterDefaults[name]) !== JSON.stringify(value)) {
        problems.push({ file: c.file, line: c.line, message: `check ${c.def.id}: parameter ${name} defaults to ${JSON.stringify(value)} but ${first.def.id} (${first.file}:${first.line}) says ${JSON.stringify(parameterDefaults[name])}` })
      } else if (!first) {
        declaredAt.set(name, c)
        parameterDefaults[name] = value
      }
    }
  }
  const frameworks = loadFrameworks(catalogDir, new Set(checkById.keys()), problems)
  const fixturesChecked = opts.fixtures === true && fixturesPresent(catalogDir, [...checkById.values()])
  if (fixturesChecked) problems.push(...fixtureProblems(catalogDir, [...checkById.values()]))
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
  return { dir: catalogDir, checks: [...checkById.values()], checkById, frameworks, parameterDefaults, problems, fixturesChecked }
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`
}

/** The catalog, or an InputError naming the first problem (file:line) when it has any. */
export function requireCatalog(catalogDir: string = defaultCatalogDir()): Catalog {
  const cat = loadCatalog(catalogDir)
  const first = cat.problems[0]
  if (first) {
    const more = cat.problems.length > 1 ? ` (and ${cat.problems.length - 1} more problem(s))` : ''
    throw new InputError(`${formatProblem(first)}${more}`, 'run `trustpack controls validate` to see every problem')
  }
  return cat
}

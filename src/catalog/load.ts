// Loads and validates the catalogs: each service's checks (src/services/<service>/checks.yaml, with their
// fixtures beside them), controls/frameworks/*.yaml (frameworks mapping controls to check IDs, see
// docs/catalogs.md) and the answer library's references. It also proves the wiring: a check whose type no
// read plan collects, a check no control maps, a control or library entry citing an unknown check or
// control are problems. Every problem is collected with file:line so `controls validate` reports them all.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseYamlSource } from '../core/yaml.js'
import { InputError } from '../core/errors.js'
import { displayPath as display } from '../core/fs.js'
import { projectRoot } from '../core/version.js'
import { CheckDefSchema, conditionProblems, paramRefs, type CheckDef } from '../checks/schema.js'
import { closest, didYouMean } from './suggest.js'
import { readCatalogCache } from './cache.js'
import { serviceAnswerFiles } from '../questionnaire/library.js'
import { loadPlans, servicesDir as shippedServicesDir, walkReads, type Plan } from '../services/plan.js'
import { loadBase, loadCheckFixtures, resolveKey, CASE_KINDS } from '../services/fixtures.js'
import { childTypeOf } from '../checks/engine.js'
import { conditionKind, type ChildCondition, type ChildrenCondition, type Condition, type LinkedCondition, type RefCondition } from '../checks/schema.js'

export interface Problem { file: string; line: number; message: string }

export interface LoadedCheck {
  def: CheckDef
  file: string
  line: number
  /** the service folder the check lives in */
  service: string
  serviceDir: string
}

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
  /** the controls directory (holding frameworks/ and answers/) */
  dir: string
  /** the services directory the checks and plans come from */
  servicesDir: string
  plans: Plan[]
  checks: LoadedCheck[]
  checkById: Map<string, LoadedCheck>
  frameworks: Framework[]
  /** parameter defaults declared by the checks */
  parameterDefaults: Record<string, unknown>
  problems: Problem[]
  /** whether fixture files were checked (asked for) */
  fixturesChecked: boolean
}

export function defaultCatalogDir(): string {
  return join(projectRoot(), 'controls')
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(dir, f))
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

/** Folders under the services directory holding a checks.yaml, sorted. */
function checkFolders(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'checks.yaml')))
    .map((d) => d.name)
    .sort()
}

function loadChecks(servicesDir: string, problems: Problem[]): LoadedCheck[] {
  const out: LoadedCheck[] = []
  for (const service of checkFolders(servicesDir)) {
    const serviceDir = join(servicesDir, service)
    const file = join(serviceDir, 'checks.yaml')
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
      out.push({ def, file: display(file), line: src.lineOf(at), service, serviceDir })
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

/** The child types a condition reaches from its subject's type (child, children). */
function reachedTypes(c: Condition | undefined, subjectType: string, out: Set<string>): Set<string> {
  if (!c) return out
  switch (conditionKind(c)) {
    case 'child': {
      const ch = c as ChildCondition
      const t = childTypeOf(subjectType, ch.child)
      out.add(t)
      reachedTypes(ch.rule, t, out)
      break
    }
    case 'children': {
      const ch = c as ChildrenCondition
      const t = childTypeOf(subjectType, ch.children)
      out.add(t)
      reachedTypes(ch.none ?? ch.all ?? ch.any, t, out)
      break
    }
    case 'ref': {
      const r = c as RefCondition
      out.add(r.type)
      reachedTypes(r.rule, r.type, out)
      break
    }
    case 'linked': {
      const l = c as LinkedCondition
      const t = `${subjectType.split('/').slice(0, -1).join('/')}/${l.linked}`
      out.add(t)
      reachedTypes(l.none ?? l.all ?? l.any, t, out)
      break
    }
    case 'if': for (const k of ['if', 'then', 'else'] as const) reachedTypes((c as unknown as Record<string, Condition>)[k], subjectType, out); break
    case 'all': for (const x of (c as { all: Condition[] }).all) reachedTypes(x, subjectType, out); break
    case 'any': for (const x of (c as { any: Condition[] }).any) reachedTypes(x, subjectType, out); break
    case 'not': reachedTypes((c as { not: Condition }).not, subjectType, out); break
    default: break
  }
  return out
}

/** Every type some plan collects (and the subscription, which every scan reads). */
export function collectedTypes(plans: readonly Plan[]): Set<string> {
  const types = new Set<string>(['microsoft.resources/subscriptions'])
  for (const plan of plans) {
    for (const { read } of walkReads(plan)) types.add(read.type)
    for (const d of plan.derived) types.add(d.type)
  }
  return types
}

/** A check whose resource type, or a child type its rule reads, no plan collects: it could only ever be `error`. */
function wiringProblems(checks: LoadedCheck[], plans: readonly Plan[]): Problem[] {
  const types = collectedTypes(plans)
  const out: Problem[] = []
  for (const c of checks) {
    const own = c.def.resource === '*' ? 'microsoft.resources/resources' : c.def.resource
    if (!types.has(own)) out.push({ file: c.file, line: c.line, message: `check ${c.def.id}: no read plan collects ${c.def.resource === '*' ? 'the resource list' : own} (add a read to a service's plan.yaml)${didYouMean(own, [...types])}` })
    if (c.def.resource === '*') continue
    for (const t of reachedTypes(c.def.rule, own, reachedTypes(c.def.scope, own, new Set()))) {
      if (!types.has(t)) out.push({ file: c.file, line: c.line, message: `check ${c.def.id}: reads ${t}, which no read plan collects${didYouMean(t, [...types])}` })
    }
  }
  return out
}

/** A check no control of any framework maps: its findings would count towards nothing. */
function unmappedProblems(checks: LoadedCheck[], frameworks: Framework[]): Problem[] {
  const mapped = new Set(frameworks.flatMap((f) => f.controls.flatMap((c) => c.checks)))
  return checks.filter((c) => !mapped.has(c.def.id)).map((c) => ({ file: c.file, line: c.line, message: `check ${c.def.id} is mapped by no control of any framework (add it to a control in controls/frameworks/)` }))
}

/** The framework holding the company's public claims, which library entries name in `claims`. */
const TRUST_CLAIMS_FRAMEWORK = 'trust-claims'

/** What a library entry may cite: check ids, framework:control ids, and the trust-claims control ids. */
export interface LibraryRefs {
  checkIds: Set<string>
  controls: Set<string>
  claims: Set<string>
}

export function libraryRefs(cat: Pick<Catalog, 'checkById' | 'frameworks'>): LibraryRefs {
  return libraryRefsOf(new Set(cat.checkById.keys()), cat.frameworks)
}

function libraryRefsOf(checkIds: Set<string>, frameworks: Framework[]): LibraryRefs {
  return {
    checkIds,
    controls: new Set(frameworks.flatMap((f) => f.controls.map((c) => `${f.id}:${c.id}`))),
    claims: new Set(frameworks.filter((f) => f.id === TRUST_CLAIMS_FRAMEWORK).flatMap((f) => f.controls.map((c) => c.id))),
  }
}

/**
 * One answer library file's citations, each with its line: checks, framework:control ids (controls,
 * attestations) and trust claims that must exist. Read without the schema, so every citation is reported
 * even when the file has schema errors too.
 */
export function libraryFileProblems(file: string, refs: LibraryRefs): Problem[] {
  const src = parseYamlSource(readFileSync(file, 'utf8'))
  if (src.errors.length) return src.errors.map((e) => ({ file: display(file), line: e.line, message: `invalid YAML: ${e.message}` }))
  const entries = (src.value as { entries?: unknown } | null)?.entries
  if (!Array.isArray(entries)) return []
  const out: Problem[] = []
  entries.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null) return
    const e = raw as Record<string, unknown>
    const name = typeof e.id === 'string' ? e.id : `#${i + 1}`
    const list = (key: string): unknown[] => (Array.isArray(e[key]) ? (e[key] as unknown[]) : [])
    list('checks').forEach((id, j) => {
      if (typeof id === 'string' && !refs.checkIds.has(id)) out.push({ file: display(file), line: src.lineOf(['entries', i, 'checks', j]), message: `library entry ${name}: unknown check "${id}"${didYouMean(id, refs.checkIds)}` })
    })
    for (const key of ['controls', 'attestations']) {
      list(key).forEach((ref, j) => {
        if (typeof ref === 'string' && !refs.controls.has(ref)) out.push({ file: display(file), line: src.lineOf(['entries', i, key, j]), message: `library entry ${name}: unknown control "${ref}"${suggestControl(ref, refs.controls)}` })
      })
    }
    // A value read from a check the entry does not cite would never be filled: the value is silently not given.
    const cited = new Set(list('checks'))
    for (const m of typeof e.value === 'string' ? e.value.matchAll(/\{(?:min|max|list):([^{}]+)\}/g) : []) {
      for (const id of m[1]!.split(';').map((s) => s.slice(0, s.indexOf(':')).trim())) {
        if (!cited.has(id)) out.push({ file: display(file), line: src.lineOf(['entries', i, 'value']), message: `library entry ${name}: the value reads check "${id}", which the entry does not cite in checks` })
      }
    }
    list('claims').forEach((id, j) => {
      if (typeof id === 'string' && !refs.claims.has(id)) out.push({ file: display(file), line: src.lineOf(['entries', i, 'claims', j]), message: `library entry ${name}: unknown trust claim "${id}" (not in controls/frameworks/trust-claims.yaml)${didYouMean(id, refs.claims)}` })
    })
  })
  return out
}

/** The answer library's citations (the main file and each service's answers.yaml). */
function libraryProblems(catalogDir: string, servicesDir: string, checkIds: Set<string>, frameworks: Framework[]): Problem[] {
  const files = [join(catalogDir, 'answers', 'library.yaml'), ...serviceAnswerFiles(servicesDir)].filter((f) => existsSync(f))
  const refs = libraryRefsOf(checkIds, frameworks)
  return files.flatMap((file) => libraryFileProblems(file, refs))
}

/** "did you mean" for a control reference: the nearest id, or the framework's controls of the same number ("gdpr:32" → Art.32(1)(a)…). */
function suggestControl(ref: string, controls: Set<string>): string {
  const near = didYouMean(ref, controls)
  if (near) return near
  const [fw, id] = ref.split(':') as [string, string | undefined]
  const token = (id ?? '').replace(/^art\.?/i, '')
  if (!token) return ''
  const same = [...controls].filter((c) => c.startsWith(`${fw}:`) && new RegExp(`(^|[^0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^0-9]|$)`).test(c.slice(fw.length + 1)))
  return same.length ? `; did you mean ${same.slice(0, 4).map((c) => `"${c}"`).join(' or ')}?` : ''
}

/** Each check's fixture file: present, well-formed, with pass and fail cases whose keys name resources of the base. */
function fixtureProblems(checks: LoadedCheck[]): Problem[] {
  const out: Problem[] = []
  const bases = new Map<string, ReturnType<typeof loadBase>>()
  for (const c of checks) {
    let base = bases.get(c.serviceDir)
    if (!base) {
      bases.set(c.serviceDir, (base = loadBase(c.serviceDir)))
      if ('problem' in base) out.push({ file: display(base.problem.file), line: base.problem.line, message: base.problem.message })
    }
    const loaded = loadCheckFixtures(c.serviceDir, c.def.id)
    if ('problems' in loaded) {
      out.push(...loaded.problems.map((p) => ({ file: display(p.file), line: p.line, message: p.message })))
      continue
    }
    if ('problem' in base) continue
    const ids = [...base.estate.resources.map((r) => r.id), ...base.estate.subscriptions.map((s) => `/subscriptions/${s.subscriptionId}`)]
    for (const kind of CASE_KINDS) {
      loaded.fixtures[kind]?.forEach((fx, i) => {
        for (const key of Object.keys(fx.patch ?? {})) {
          try {
            resolveKey(key, ids)
          } catch (err) {
            out.push({ file: display(loaded.file), line: loaded.lineOf([kind, i, 'patch', key]), message: `${kind} case "${fx.name}": patch ${(err as Error).message} in fixtures/base.json` })
          }
        }
      })
    }
  }
  return out
}

export interface LoadOptions {
  fixtures?: boolean
  /** read the YAML even where the build's cache of the shipped catalog matches (the build itself, tests) */
  fromSource?: boolean
}

/**
 * The services directory of a catalog: its own services/ when it has one, else the shipped services (a
 * custom catalog may bring only frameworks that map the shipped checks).
 */
export function servicesDirOf(catalogDir: string): string {
  const own = join(catalogDir, 'services')
  return existsSync(own) ? own : shippedServicesDir()
}

/** Loads everything it can and collects every problem (never throws on catalog content). */
export function loadCatalog(catalogDir: string = defaultCatalogDir(), opts: LoadOptions = {}): Catalog {
  const problems: Problem[] = []
  const servicesDir = servicesDirOf(catalogDir)
  if (opts.fixtures !== true && opts.fromSource !== true && catalogDir === defaultCatalogDir() && servicesDir === shippedServicesDir()) {
    const cached = readCatalogCache(catalogDir, servicesDir)
    if (cached) return cached
  }
  const planned = loadPlans(servicesDir)
  // A catalog with services of its own may map the shipped checks' types too.
  const plans = servicesDir === shippedServicesDir() ? planned.plans : [...planned.plans, ...loadPlans(shippedServicesDir()).plans]
  problems.push(...planned.problems.map((p) => ({ file: display(p.file), line: p.line, message: p.message })))
  const checks = loadChecks(servicesDir, problems)
  if (checks.length === 0) problems.push({ file: display(servicesDir), line: 0, message: 'no checks (no service folder with a checks.yaml)' })
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
  const unique = [...checkById.values()]
  const frameworks = loadFrameworks(catalogDir, new Set(checkById.keys()), problems)
  problems.push(...wiringProblems(unique, plans), ...unmappedProblems(unique, frameworks), ...libraryProblems(catalogDir, servicesDir, new Set(checkById.keys()), frameworks))
  const fixturesChecked = opts.fixtures === true
  if (fixturesChecked) problems.push(...fixtureProblems(unique))
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
  return { dir: catalogDir, servicesDir, plans, checks: unique, checkById, frameworks, parameterDefaults, problems, fixturesChecked }
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

// The shipped catalog, parsed once at build time. Reading and validating its YAML (about 240 KB, with line
// numbers for every problem) took 170–220 ms of every cold `evaluate`, `check` and `pack`; the cache is one
// JSON file read in a few milliseconds.
//
// A stale cache must never be read: it is keyed by a SHA-256 over every file the catalog loader reads (each
// path and its bytes: frameworks, the answer library, every service's plan, checks and answers) and over the
// compiled loader and schema modules themselves, so an edited YAML file or a rebuilt loader misses the
// cache and the catalog is loaded from source as before. Only a catalog without problems is cached (a
// broken one is reported from source, with lines), only the shipped one (a custom --catalog is always read
// from source), and never when fixtures are checked. Paths are stored relative to the catalog and services
// directories and re-rooted on reading, so a moved install still hits. See docs/startup.md.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { projectRoot } from '../core/version.js'
import { displayPath as display, writeFileAtomic } from '../core/fs.js'
import type { Plan } from '../services/plan.js'
import type { Catalog, Framework, LoadedCheck } from './load.js'

/** Bumped when the cached shape changes. */
const FORMAT = 1

export function catalogCachePath(root: string = projectRoot()): string {
  return join(root, 'dist', 'catalog-cache.json')
}

interface CachedCatalog {
  format: number
  key: string
  plans: (Omit<Plan, 'dir' | 'file'> & { dir: string; file: string })[]
  checks: (Omit<LoadedCheck, 'file' | 'serviceDir'>)[]
  frameworks: (Omit<Framework, 'file'> & { file: string })[]
  parameterDefaults: Record<string, unknown>
}

function yamlIn(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name)).map((d) => join(dir, d.name)).sort()
}

/**
 * Every file loadCatalog reads without fixtures, by path relative to its directory: frameworks/*.yaml and
 * answers/*.yaml of the catalog, and the YAML files of each service folder. A file added, removed or renamed
 * changes the key as surely as one edited.
 */
function sourceFiles(catalogDir: string, servicesDir: string): { label: string; path: string }[] {
  const out: { label: string; path: string }[] = []
  for (const sub of ['frameworks', 'answers']) for (const f of yamlIn(join(catalogDir, sub))) out.push({ label: `catalog/${sub}/${relative(join(catalogDir, sub), f)}`, path: f })
  if (existsSync(servicesDir)) {
    for (const d of readdirSync(servicesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      for (const f of yamlIn(join(servicesDir, d))) out.push({ label: `services/${d}/${relative(join(servicesDir, d), f)}`, path: f })
    }
  }
  return out
}

/** The compiled modules whose code decides what a catalog parses to (loader, schemas, plans, YAML reading). */
function codeFiles(): string[] {
  const self = fileURLToPath(import.meta.url)
  const here = dirname(self)
  const ext = self.endsWith('.ts') ? '.ts' : '.js' // compiled, or the sources when run by the tests
  return [join(here, `load${ext}`), join(here, '..', 'checks', `schema${ext}`), join(here, '..', 'services', `plan${ext}`), join(here, '..', 'core', `yaml${ext}`), self]
}

export function catalogKey(catalogDir: string, servicesDir: string): string {
  const h = createHash('sha256')
  h.update(`format ${FORMAT}\n`)
  const part = (label: string, bytes: Buffer): void => {
    h.update(`${label}\n${bytes.length}\n`)
    h.update(bytes)
  }
  for (const f of sourceFiles(catalogDir, servicesDir)) part(f.label, readFileSync(f.path))
  for (const f of codeFiles()) part(`code/${relative(dirname(fileURLToPath(import.meta.url)), f)}`, existsSync(f) ? readFileSync(f) : Buffer.alloc(0))
  return h.digest('hex')
}

/** Writes the cache of a problem-free catalog (the build does this for the shipped one). */
export function writeCatalogCache(cat: Catalog, path: string = catalogCachePath()): void {
  if (cat.problems.length > 0) throw new Error(`the catalog has ${cat.problems.length} problem(s); it is not cached`)
  if (cat.fixturesChecked) throw new Error('a catalog loaded with fixtures is not cached')
  const cached: CachedCatalog = {
    format: FORMAT,
    key: catalogKey(cat.dir, cat.servicesDir),
    plans: cat.plans.map((p) => ({ ...p, dir: relative(cat.servicesDir, p.dir), file: relative(cat.servicesDir, p.file) })),
    checks: cat.checks.map(({ file: _file, serviceDir: _dir, ...rest }) => rest),
    frameworks: cat.frameworks.map((f) => ({ ...f, file: relative(cat.dir, resolve(f.file)) })),
    parameterDefaults: cat.parameterDefaults,
  }
  writeFileAtomic(path, JSON.stringify(cached))
}

/**
 * The cached catalog when the cache exists and its key matches the files as they are now, else undefined
 * (load from source). A cache that cannot be read or parsed is a miss, never an error.
 */
export function readCatalogCache(catalogDir: string, servicesDir: string, path: string = catalogCachePath()): Catalog | undefined {
  let cached: CachedCatalog
  try {
    cached = JSON.parse(readFileSync(path, 'utf8')) as CachedCatalog
  } catch {
    return undefined
  }
  if (cached.format !== FORMAT || cached.key !== catalogKey(catalogDir, servicesDir)) return undefined
  const checks: LoadedCheck[] = cached.checks.map((c) => ({ ...c, file: display(join(servicesDir, c.service, 'checks.yaml')), serviceDir: join(servicesDir, c.service) }))
  return {
    dir: catalogDir,
    servicesDir,
    plans: cached.plans.map((p) => ({ ...p, dir: join(servicesDir, p.dir), file: join(servicesDir, p.file) }) as Plan),
    checks,
    checkById: new Map(checks.map((c) => [c.def.id, c])),
    frameworks: cached.frameworks.map((f) => ({ ...f, file: display(join(catalogDir, f.file)) })),
    parameterDefaults: cached.parameterDefaults,
    problems: [],
    fixturesChecked: false,
  }
}

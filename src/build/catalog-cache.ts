// Build step (after tsc and the manifest): parses the shipped catalog once and writes dist/catalog-cache.json,
// which loadCatalog reads instead of the YAML while every source file and the loader itself are unchanged
// (src/catalog/cache.ts). The old cache is removed first, so a catalog that no longer loads cleanly leaves no
// cache behind and is reported from source, with its lines.
import { resolve } from 'node:path'
import { rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { defaultCatalogDir, formatProblem, loadCatalog } from '../catalog/load.js'
import { catalogCachePath, writeCatalogCache } from '../catalog/cache.js'

function main(): void {
  const target = catalogCachePath()
  rmSync(target, { force: true })
  const cat = loadCatalog(defaultCatalogDir(), { fromSource: true })
  if (cat.problems.length > 0) {
    process.stderr.write(`catalog cache: not written, the catalog has ${cat.problems.length} problem(s); the first: ${formatProblem(cat.problems[0]!)}\n`)
    return
  }
  writeCatalogCache(cat, target)
  process.stderr.write(`catalog cache: dist/catalog-cache.json written (${cat.checks.length} checks, ${cat.frameworks.length} frameworks)\n`)
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) main()

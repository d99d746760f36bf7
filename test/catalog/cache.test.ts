// The build's cache of the shipped catalog: read back, it is the catalog the YAML gives; any change to a file
// the loader reads, or a damaged cache, is a miss (the YAML is read), never a stale catalog.
import { describe, expect, it } from 'vitest'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../src/core/version.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { readCatalogCache, writeCatalogCache } from '../../src/catalog/cache.js'

const ROOT = projectRoot()

/** A copy of the shipped catalog with its services inside it (a catalog dir of its own), and a cache path. */
function copy(): { dir: string; services: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tp-catalog-cache-'))
  cpSync(join(ROOT, 'controls'), join(dir, 'controls'), { recursive: true })
  cpSync(join(ROOT, 'src', 'services'), join(dir, 'controls', 'services'), { recursive: true, filter: (src) => !src.endsWith('.ts') })
  return { dir: join(dir, 'controls'), services: join(dir, 'controls', 'services'), cache: join(dir, 'catalog-cache.json') }
}

function cached(c: ReturnType<typeof copy>): ReturnType<typeof loadCatalog> {
  const fresh = loadCatalog(c.dir)
  expect(fresh.problems).toEqual([])
  writeCatalogCache(fresh, c.cache)
  return fresh
}

describe('catalog cache', () => {
  it('reads back exactly the catalog its YAML gives: checks, rules, plans, frameworks, lines and paths', () => {
    const c = copy()
    const fresh = cached(c)
    const hit = readCatalogCache(c.dir, c.services, c.cache)
    expect(hit).toBeDefined()
    expect(hit).toEqual(fresh)
    expect(hit!.checks.length).toBeGreaterThan(30)
    expect(hit!.checkById.get('sql-db-tde')?.def.rule).toEqual(fresh.checkById.get('sql-db-tde')?.def.rule)
  })

  /** Caches a fresh copy, changes it, and expects the cache to miss. */
  const missesAfter = (change: (c: ReturnType<typeof copy>) => void): void => {
    const c = copy()
    cached(c)
    change(c)
    expect(readCatalogCache(c.dir, c.services, c.cache)).toBeUndefined()
  }

  it('misses when a check file is edited, so an edited rule is never judged by its old version', () => {
    missesAfter((c) => {
      const file = join(c.services, 'sql', 'checks.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace(/severity: high/, 'severity: low'))
    })
  })

  it('misses when a framework file is added, or the answer library changes', () => {
    missesAfter((c) => writeFileSync(join(c.dir, 'frameworks', 'extra.yaml'), 'id: extra\ntitle: Extra\nversion: "1"\ncontrols: []\n'))
    missesAfter((c) => appendFileSync(join(c.dir, 'answers', 'library.yaml'), '\n# edited\n'))
  })

  it('misses when a service gains a YAML file, or a service folder is added', () => {
    missesAfter((c) => writeFileSync(join(c.services, 'sql', 'answers.yaml'), 'entries: []\n'))
    missesAfter((c) => {
      mkdirSync(join(c.services, 'extra'))
      writeFileSync(join(c.services, 'extra', 'plan.yaml'), 'service: extra\n')
    })
  })

  it('treats a damaged or foreign cache as a miss, not an error', () => {
    const c = copy()
    cached(c)
    writeFileSync(c.cache, readFileSync(c.cache, 'utf8').slice(0, 500))
    expect(readCatalogCache(c.dir, c.services, c.cache)).toBeUndefined()
    writeFileSync(c.cache, JSON.stringify({ format: 999, key: 'x' }))
    expect(readCatalogCache(c.dir, c.services, c.cache)).toBeUndefined()
  })

  it('refuses to cache a catalog with problems', () => {
    const c = copy()
    const fresh = loadCatalog(c.dir)
    expect(() => writeCatalogCache({ ...fresh, problems: [{ file: 'x.yaml', line: 1, message: 'bad' }] }, c.cache)).toThrow(/problem/)
  })
})

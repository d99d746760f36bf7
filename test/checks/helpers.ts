// Shared helpers for check tests: the shipped catalog (loaded once), one check or all of them over a
// snapshot, and the exact resource → status map a fixture case expects.
import { join } from 'node:path'
import { loadCatalog, type Catalog } from '../../src/catalog/load.js'
import { buildIndex } from '../../src/checks/snapshot-index.js'
import { evaluateCheck, evaluateChecks } from '../../src/checks/engine.js'
import type { Finding, Status } from '../../src/snapshot/results.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { loadBase, mergeEstates, resolveKey, simulateScan } from '../../src/services/fixtures.js'
import type { Estate } from '../../src/emulator/estate.js'
import { projectRoot } from '../../src/core/version.js'

export const ROOT = projectRoot()
/** The clock fixtures are evaluated at (audit rows are "hours ago" from it). */
export const FIXTURE_NOW = new Date('2026-11-25T12:00:00Z')
let cached: Catalog | undefined

export function shippedCatalog(): Catalog {
  cached ??= loadCatalog(join(ROOT, 'controls'), { fixtures: true })
  return cached
}

export function runCheck(checkId: string, snapshot: Snapshot, overrides: Record<string, unknown> = {}): Finding[] {
  const cat = shippedCatalog()
  const check = cat.checkById.get(checkId)
  if (!check) throw new Error(`no check ${checkId}`)
  return evaluateCheck(check.def, buildIndex(snapshot), { ...cat.parameterDefaults, ...overrides })
}

export function runAll(snapshot: Snapshot, overrides: Record<string, unknown> = {}): Finding[] {
  const cat = shippedCatalog()
  return evaluateChecks(cat.checks.map((c) => c.def), buildIndex(snapshot), { ...cat.parameterDefaults, ...overrides })
}

/**
 * The statuses found and the statuses a case expects, both keyed by lower-case resource id. A key is an id or
 * its last segments (naming exactly one finding), a key starting "*" and a slash names every finding ending so, and "*" alone stands for
 * every finding the other keys do not name, so the map stays exact.
 */
export function exactStatuses(findings: readonly Finding[], expect: Record<string, Status>): { got: Record<string, Status>; want: Record<string, Status> } {
  const ids = findings.map((f) => f.resourceId)
  const got: Record<string, Status> = {}
  for (const f of findings) got[f.resourceId.toLowerCase()] = f.status
  const want: Record<string, Status> = {}
  for (const [key, status] of Object.entries(expect)) {
    if (key === '*') continue
    if (key.startsWith('*/')) {
      // every finding whose id ends with the rest ("*/databases/master")
      const tail = key.slice(1).toLowerCase()
      const hits = ids.filter((id) => id.toLowerCase().endsWith(tail))
      if (hits.length === 0) want[`${key} (names no finding)`] = status
      for (const id of hits) want[id.toLowerCase()] = status
      continue
    }
    try {
      want[resolveKey(key, ids).toLowerCase()] = status
    } catch (err) {
      want[`${key} (${(err as Error).message})`] = status
    }
  }
  const rest = expect['*']
  if (rest) for (const id of ids) want[id.toLowerCase()] ??= rest
  return { got, want }
}

/** Every service's fixtures/base.json together: the estate on which every check passes. */
export function passingEstate(): Estate {
  const dirs = [...new Set(shippedCatalog().checks.map((c) => c.serviceDir))]
  return mergeEstates(dirs.map((dir) => {
    const b = loadBase(dir)
    if ('problem' in b) throw new Error(`${b.problem.file}: ${b.problem.message}`)
    return b.estate
  }))
}

let passingSnap: Snapshot | undefined

/** The passing estate as scan would read it (a fresh copy each call). */
export async function passingSnapshot(): Promise<Snapshot> {
  passingSnap ??= await simulateScan(passingEstate(), shippedCatalog().plans, { now: FIXTURE_NOW })
  return structuredClone(passingSnap)
}

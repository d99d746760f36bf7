// Shared helpers for check tests: load the shipped catalog once, evaluate one check over a fixture file.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SnapshotSchema, type Snapshot } from '../../src/snapshot/schema.js'
import { loadCatalog, type Catalog } from '../../src/catalog/load.js'
import { buildIndex } from '../../src/checks/snapshot-index.js'
import { evaluateCheck, evaluateChecks } from '../../src/checks/engine.js'
import type { Finding } from '../../src/snapshot/results.js'
import { projectRoot } from '../../src/core/version.js'

export const ROOT = projectRoot()
let cached: Catalog | undefined

export function shippedCatalog(): Catalog {
  cached ??= loadCatalog(join(ROOT, 'controls'))
  return cached
}

export function readFixture(rel: string): Snapshot {
  return SnapshotSchema.parse(JSON.parse(readFileSync(join(ROOT, rel), 'utf8')))
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

// Shared test helpers: the small fixture estate, a fixed clock, and temp folders.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ResultsSchema, type Results } from '../../src/snapshot/results.js'
import { SnapshotSchema, type Snapshot } from '../../src/snapshot/schema.js'
import { projectRoot } from '../../src/core/version.js'
import { assemblePack } from '../../src/report/pack/build.js'
import type { Signer } from '../../src/report/pack/manifest.js'

export const FIXTURES = fileURLToPath(new URL('../fixtures/pack/', import.meta.url))
export const RESULTS = join(FIXTURES, 'results.json')
export const SNAPSHOT = join(FIXTURES, 'snapshot.json')
export const NOW = new Date('2026-10-01T09:30:00.000Z')

export function tmp(prefix = 'trustpack-pack-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function fixturePack(signer: Signer | null, mutate?: (r: Results) => void, mutateSnapshot?: (s: Snapshot) => void): ReturnType<typeof assemblePack> {
  let resultsBytes = readFileSync(RESULTS)
  const snapshotBytes = readFileSync(SNAPSHOT)
  const results = ResultsSchema.parse(JSON.parse(resultsBytes.toString('utf8')))
  if (mutate) {
    mutate(results)
    resultsBytes = Buffer.from(JSON.stringify(results, null, 2) + '\n')
  }
  const snapshot = SnapshotSchema.parse(JSON.parse(snapshotBytes.toString('utf8')))
  mutateSnapshot?.(snapshot)
  return assemblePack({
    results,
    resultsBytes,
    snapshot,
    snapshotBytes,
    toolVersion: '0.1.0',
    now: NOW,
    signer,
    templatesDir: join(projectRoot(), 'templates', 'pack'),
  })
}

// Reading and writing snapshot.json and results.json (validated on read, atomic on write).
import { readJsonDocument } from '../core/json.js'
import { writeJsonAtomic } from '../core/fs.js'
import { SnapshotSchema, type Snapshot } from './schema.js'
import { ResultsSchema, type Results } from './results.js'

export function readSnapshot(path: string): { snapshot: Snapshot; sha256: string } {
  const { value, sha256 } = readJsonDocument(path, SnapshotSchema, 'snapshot')
  return { snapshot: completeSnapshot(value), sha256 }
}

/** Fills what a snapshot from another producer may leave out: call ids, names and subscriptions taken from ids. */
export function completeSnapshot(snapshot: Snapshot): Snapshot {
  snapshot.calls.forEach((c, i) => {
    if (!c.id) c.id = `c${i + 1}`
  })
  for (const r of snapshot.resources) {
    // Split only when something is missing: our own snapshots name every resource and its subscription.
    if (!r.name || !r.subscriptionId) {
      const parts = r.id.split('/')
      if (!r.name) r.name = parts[parts.length - 1] ?? r.id
      if (!r.subscriptionId) r.subscriptionId = parts[1]?.toLowerCase() === 'subscriptions' ? (parts[2] ?? '') : ''
    }
    r.type = r.type.toLowerCase()
  }
  for (const e of snapshot.errors) e.resourceType = e.resourceType.toLowerCase()
  return snapshot
}

export function writeSnapshot(path: string, snapshot: Snapshot): void {
  writeJsonAtomic(path, snapshot)
}

export function readResults(path: string): { results: Results; sha256: string } {
  const { value, sha256 } = readJsonDocument(path, ResultsSchema, 'results file')
  return { results: value, sha256 }
}

export function writeResults(path: string, results: Results): void {
  writeJsonAtomic(path, results)
}

// Reading and writing snapshot.json and results.json (validated on read, atomic on write).
import { readJsonDocument } from '../core/json.js'
import { writeJsonAtomic } from '../core/fs.js'
import { SnapshotSchema, type Snapshot } from './schema.js'
import { ResultsSchema, type Results } from './results.js'

export function readSnapshot(path: string): { snapshot: Snapshot; sha256: string } {
  const { value, sha256 } = readJsonDocument(path, SnapshotSchema, 'snapshot')
  return { snapshot: value, sha256 }
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

// Use case: build an evidence pack from results.json and the snapshot it was evaluated from.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError } from '../core/errors.js'
import { sha256Hex } from '../core/json.js'
import { projectRoot, toolVersion } from '../core/version.js'
import { readResults, readSnapshot } from '../snapshot/io.js'
import type { Results } from '../snapshot/results.js'
import type { Snapshot } from '../snapshot/schema.js'
import { assemblePack } from '../report/pack/build.js'
import { writePack } from '../report/pack/io.js'
import { loadSigner } from '../report/pack/manifest.js'
import { evidencePath } from '../catalog/rollup.js'

export interface BuildPackInput {
  resultsPath: string
  /** Default: snapshot.json next to the results file, used only when its SHA-256 matches. */
  snapshotPath?: string
  outDir: string
  zip?: boolean
  signKeyPath?: string
  /**
   * The trustpack.yaml the results were evaluated with: attestation evidence paths are relative to its
   * folder. Default ./trustpack.yaml when present, else the results file's folder.
   */
  configPath?: string
  now: Date
}

export interface BuildPackResult {
  path: string
  files: number
  signed: boolean
}

/** reports/pack-<YYYY-MM-DD of results.evaluatedAt>, relative to the working directory. */
export function defaultPackDir(resultsPath: string): string {
  const { results } = readResults(resultsPath)
  const day = /^\d{4}-\d{2}-\d{2}/.exec(results.evaluatedAt)?.[0] ?? 'undated'
  return join('reports', `pack-${day}`)
}

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new InputError(`${path}: cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

function loadSnapshotFor(results: Results, resultsPath: string, snapshotPath: string | undefined): { snapshot: Snapshot; bytes: Buffer } {
  const path = snapshotPath ?? join(dirname(resultsPath), 'snapshot.json')
  if (!snapshotPath && !existsSync(path)) {
    throw new InputError(`${resultsPath}: no snapshot.json next to it; pass --snapshot FILE (the snapshot these results were evaluated from)`)
  }
  const { snapshot, sha256 } = readSnapshot(path)
  const bytes = readBytes(path, 'snapshot')
  if (sha256 !== results.snapshotSha256 || sha256Hex(bytes) !== results.snapshotSha256) {
    throw new InputError(
      `${path}: SHA-256 ${sha256.slice(0, 12)}… does not match snapshotSha256 ${results.snapshotSha256.slice(0, 12)}… in ${resultsPath}`,
      snapshotPath ? 'pass the snapshot these results were evaluated from' : 'pass --snapshot FILE with the snapshot these results were evaluated from',
    )
  }
  return { snapshot, bytes }
}

/**
 * The attestation evidence files the results recorded, read again now (the pack checks they are unchanged);
 * their paths are relative to `configFile`, the trustpack.yaml the results were evaluated with.
 */
export function readAttestationFiles(results: Results, configFile: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const a of results.attestations) {
    if (a.state === 'invalid' || a.evidenceFile?.kind !== 'file' || out.has(a.evidence)) continue
    try {
      out.set(a.evidence, readFileSync(evidencePath(a.evidence, configFile)))
    } catch {
      // Left out: assemblePack refuses the pack, naming the file.
    }
  }
  return out
}

export async function buildPack(input: BuildPackInput): Promise<BuildPackResult> {
  const { results, sha256: resultsSha } = readResults(input.resultsPath)
  const resultsBytes = readBytes(input.resultsPath, 'results file')
  if (sha256Hex(resultsBytes) !== resultsSha) throw new InputError(`${input.resultsPath}: changed while being read; try again`)
  const { snapshot, bytes: snapshotBytes } = loadSnapshotFor(results, input.resultsPath, input.snapshotPath)
  const signer = input.signKeyPath ? loadSigner(input.signKeyPath) : null
  const files = await assemblePack({
    results,
    resultsBytes,
    snapshot,
    snapshotBytes,
    toolVersion: toolVersion(),
    now: input.now,
    signer,
    templatesDir: join(projectRoot(), 'templates', 'pack'),
    attestationFiles: readAttestationFiles(results, input.configPath ?? (existsSync('trustpack.yaml') ? 'trustpack.yaml' : join(dirname(input.resultsPath), 'trustpack.yaml'))),
  })
  const path = await writePack(input.outDir, files, input.zip === true, input.now)
  return { path, files: files.size, signed: signer !== null }
}

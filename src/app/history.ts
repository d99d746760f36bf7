// Use cases of the evidence store (docs/history.md): open the configured store, record a scan or evaluate
// run, list and show runs, verify the chain. The Blob backend is imported only when the config names it.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { FailingError, InputError } from '../core/errors.js'
import type { HistoryConfig, LoadedConfig } from '../core/config.js'
import { sha256Hex } from '../core/json.js'
import { toolVersion } from '../core/version.js'
import { loadSigner, type Signer } from '../report/pack/manifest.js'
import { ResultsSchema, type Results } from '../snapshot/results.js'
import { SnapshotSchema, type Snapshot } from '../snapshot/schema.js'
import { appendRun, objectEntryName, readRuns, verifyChain, type ChainReport, type RunRecord, type StoredRun } from '../history/chain.js'
import { FolderStore } from '../history/folder-store.js'
import type { HistoryStore } from '../history/store.js'

/** The folder store used when the config has a history section without a path, relative to the config file. */
export const DEFAULT_HISTORY_DIR = '.trustpack/history'

export interface HistoryFlags {
  /** --history DIR: a folder store here, whatever the config says */
  dir?: string
  /** --record */
  record?: boolean
  /** --history-sign-key FILE (else the config's history.signKey) */
  signKey?: string
}

function configDir(config: LoadedConfig): string {
  return config.file ? dirname(resolve(config.file)) : process.cwd()
}

/** Opens the store the flags or the config name; null when neither names one. */
export async function openHistoryStore(config: LoadedConfig, flags: HistoryFlags = {}): Promise<HistoryStore | null> {
  if (flags.dir) return new FolderStore(flags.dir)
  const h: HistoryConfig | undefined = config.config.history
  if (!h) return null
  if (h.store === 'folder') return new FolderStore(resolve(configDir(config), h.path ?? DEFAULT_HISTORY_DIR))
  const where = `${config.file ?? 'trustpack.yaml'}:${config.lineOf(['history'])}`
  let connectionString: string | undefined
  if (h.connectionStringEnv) {
    connectionString = process.env[h.connectionStringEnv]
    if (!connectionString) throw new InputError(`${where}: history.connectionStringEnv names ${h.connectionStringEnv}, which is not set`)
  }
  const { BlobStore } = await import('../history/blob-store.js')
  const { defaultCredential } = await import('../collect/credentials.js')
  return new BlobStore({
    container: h.container!,
    ...(h.prefix ? { prefix: h.prefix } : {}),
    ...(connectionString ? { connectionString } : { url: h.url!, credential: defaultCredential(process.env.AZURE_TENANT_ID) }),
  })
}

/** The store to use, or an input error saying how to name one. */
export async function requireHistoryStore(config: LoadedConfig, flags: HistoryFlags = {}): Promise<HistoryStore> {
  const store = await openHistoryStore(config, flags)
  if (!store) throw new InputError('no evidence store: add a `history:` section to trustpack.yaml or pass --history DIR')
  return store
}

/** Whether this scan/evaluate records: --record, --history DIR, or a history section without `record: false`. */
export function shouldRecord(config: LoadedConfig, flags: HistoryFlags): boolean {
  if (flags.record || flags.dir) return true
  const h = config.config.history
  return h !== undefined && h.record !== false
}

function signerFor(config: LoadedConfig, flags: HistoryFlags): Signer | null {
  if (flags.signKey) return loadSigner(flags.signKey)
  const key = config.config.history?.signKey
  return key ? loadSigner(resolve(configDir(config), key)) : null
}

export interface RecordedRun {
  store: string
  seq: number
  run: string
  sha256: string
  signed: boolean
}

/**
 * Before a scan or evaluate that will record: the store is named and the signing key loads, so a long scan
 * never ends in "nothing to record into". Opening a store does no I/O.
 */
export async function checkRecording(config: LoadedConfig, flags: HistoryFlags): Promise<void> {
  if (!shouldRecord(config, flags)) return
  signerFor(config, flags)
  await requireHistoryStore(config, flags)
}

/** Records one run (the exact bytes written by scan/evaluate) when recording is on; null when it is off. */
export async function recordRun(input: {
  config: LoadedConfig
  flags: HistoryFlags
  kind: 'scan' | 'evaluate'
  snapshotBytes: Buffer
  resultsBytes?: Buffer
  now: Date
}): Promise<RecordedRun | null> {
  if (!shouldRecord(input.config, input.flags)) return null
  const signer = signerFor(input.config, input.flags)
  const store = await requireHistoryStore(input.config, input.flags)
  const snapshot = SnapshotSchema.parse(JSON.parse(input.snapshotBytes.toString('utf8'))) as Snapshot
  const results = input.resultsBytes ? (ResultsSchema.parse(JSON.parse(input.resultsBytes.toString('utf8'))) as Results) : null
  const configBytes = input.config.file ? readFileSync(input.config.file) : null
  const run = await appendRun(store, {
    kind: input.kind,
    recordedAt: input.now.toISOString(),
    toolVersion: toolVersion(),
    snapshot: input.snapshotBytes,
    snapshotTimes: { startedAt: snapshot.startedAt, finishedAt: snapshot.finishedAt },
    results: input.resultsBytes ?? null,
    evaluatedAt: results?.evaluatedAt ?? null,
    config: input.config.file && configBytes ? { file: input.config.file.replace(/^.*[\\/]/, ''), sha256: sha256Hex(configBytes) } : null,
    signer,
  })
  return { store: store.location, seq: run.record.seq, run: run.name, sha256: run.sha256, signed: signer !== null }
}

export interface RunSummary {
  seq: number
  run: string
  kind: 'scan' | 'evaluate'
  recordedAt: string
  snapshotSha256: string
  resultsSha256: string | null
  signed: boolean
  sha256: string
}

function summary(r: StoredRun): RunSummary {
  return {
    seq: r.record.seq, run: r.name, kind: r.record.kind, recordedAt: r.record.recordedAt,
    snapshotSha256: r.record.snapshot.sha256, resultsSha256: r.record.results?.sha256 ?? null,
    signed: r.record.signature.status === 'signed', sha256: r.sha256,
  }
}

export async function listHistory(store: HistoryStore): Promise<{ store: string; runs: RunSummary[] }> {
  const { runs } = await readRuns(store)
  return { store: store.location, runs: runs.map(summary) }
}

export function renderHistoryList(list: { store: string; runs: RunSummary[] }): string {
  if (list.runs.length === 0) return `No runs recorded in ${list.store}.`
  const lines = [`${list.runs.length} run(s) in ${list.store}:`, `  ${'seq'.padStart(5)}  ${'recorded at'.padEnd(24)}  ${'kind'.padEnd(8)}  ${'record'.padEnd(14)}  signed`]
  for (const r of list.runs) lines.push(`  ${String(r.seq).padStart(5)}  ${r.recordedAt.padEnd(24)}  ${r.kind.padEnd(8)}  ${(r.sha256.slice(0, 12) + '…').padEnd(14)}  ${r.signed ? 'yes' : 'no'}`)
  return lines.join('\n')
}

export interface RunDetails extends RunSummary {
  record: RunRecord
  summary: Results['summary'] | null
  resources: number
}

/** One run, by sequence number ("3"), "latest", or a prefix of its record hash. */
export async function showHistoryRun(store: HistoryStore, ref: string): Promise<RunDetails> {
  const { runs } = await readRuns(store)
  const want = ref.trim().toLowerCase()
  const found = want === 'latest' ? runs.at(-1)
    : /^\d+$/.test(want) ? runs.find((r) => r.record.seq === Number(want))
    : want.length >= 6 ? runs.find((r) => r.sha256.startsWith(want)) : undefined
  if (!found) throw new InputError(`${store.location}: no run "${ref}"; give a run number (see \`trustpack history list\`), "latest", or a record hash prefix of 6 or more characters`)
  const snap = await store.get(objectEntryName(found.record.snapshot.sha256))
  const res = found.record.results ? await store.get(objectEntryName(found.record.results.sha256)) : null
  let resources = 0
  try {
    resources = snap ? (JSON.parse(snap.toString('utf8')) as Snapshot).resources.length : 0
  } catch {
    resources = 0
  }
  let resultsSummary: Results['summary'] | null = null
  try {
    resultsSummary = res ? (JSON.parse(res.toString('utf8')) as Results).summary : null
  } catch {
    resultsSummary = null
  }
  return { ...summary(found), record: found.record, summary: resultsSummary, resources }
}

export function renderHistoryRun(d: RunDetails): string {
  const lines = [
    `Run ${d.seq} (${d.run}), ${d.kind}, recorded ${d.recordedAt}`,
    `  record    sha256 ${d.sha256}`,
    `  prev      ${d.record.prev ?? '(none: first run)'}`,
    `  snapshot  sha256 ${d.snapshotSha256} (${d.resources} resources)`,
    `  results   ${d.resultsSha256 ? `sha256 ${d.resultsSha256}` : '(scan only)'}`,
    `  signed    ${d.record.signature.status === 'signed' ? `Ed25519 ${d.record.signature.publicKeyFingerprint}` : 'no'}`,
  ]
  if (d.summary) for (const [fw, c] of Object.entries(d.summary)) lines.push(`  ${fw.padEnd(14)} ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.manual} manual, ${c.not_applicable} n/a`)
  return lines.join('\n')
}

/** Verifies the chain; a problem is a FailingError (exit 1) carrying the report. */
export async function verifyHistory(store: HistoryStore, opts: { publicKeyPath?: string; expectHead?: string; requireSigned?: boolean } = {}): Promise<ChainReport> {
  let trustedKey: string | undefined
  if (opts.publicKeyPath) {
    const { createPublicKey } = await import('node:crypto')
    const { keyFingerprint } = await import('../report/pack/manifest.js')
    try {
      trustedKey = keyFingerprint(createPublicKey(readFileSync(opts.publicKeyPath, 'utf8')))
    } catch (err) {
      throw new InputError(`${opts.publicKeyPath}: not a readable PEM public key (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
    }
  }
  if (opts.expectHead !== undefined && !/^[0-9a-f]{64}$/.test(opts.expectHead)) throw new InputError(`--head: expected a 64-character SHA-256, got "${opts.expectHead}"`)
  const report = await verifyChain(store, {
    ...(trustedKey ? { trustedKey } : {}),
    ...(opts.expectHead ? { expectHead: opts.expectHead } : {}),
    ...(opts.requireSigned ? { requireSigned: true } : {}),
  })
  if (report.problems.length > 0) {
    throw new FailingError([`history verify: ${report.problems.length} problem(s) in ${report.location}`, ...report.problems.map((p) => p.message)].join('\n'), report)
  }
  return report
}

export function renderChainReport(r: ChainReport): string {
  if (r.runs === 0) return `No runs recorded in ${r.location}.`
  const signing = r.unsigned === r.runs ? 'unsigned (hashes and sequence checked; no signature proves who recorded them)' : `${r.signed} signed by ${r.keys.join(', ')}${r.unsigned ? `, ${r.unsigned} unsigned` : ''}`
  return [`Verified ${r.runs} run(s) in ${r.location}: chain intact, every object matches its hash.`, `  runs: ${signing}`, `  head: run ${r.headSeq} ${r.head}`].join('\n')
}

/** Records the files scan/evaluate just wrote (their exact bytes), checking they are the ones evaluated. */
export async function recordFiles(input: { config: LoadedConfig; flags: HistoryFlags; kind: 'scan' | 'evaluate'; snapshotPath: string; resultsPath?: string; now: Date }): Promise<RecordedRun | null> {
  if (!shouldRecord(input.config, input.flags)) return null
  const snapshotBytes = readFileSync(input.snapshotPath)
  const resultsBytes = input.resultsPath ? readFileSync(input.resultsPath) : undefined
  if (resultsBytes) {
    const claimed = (JSON.parse(resultsBytes.toString('utf8')) as { snapshotSha256?: string }).snapshotSha256
    if (claimed !== sha256Hex(snapshotBytes)) throw new InputError(`${input.snapshotPath}: changed since it was evaluated; not recorded`)
  }
  return recordRun({ ...input, snapshotBytes, ...(resultsBytes ? { resultsBytes } : {}) })
}

export function renderRecorded(r: RecordedRun): string {
  return `Recorded run ${r.seq} in ${r.store} (${r.signed ? 'signed' : 'unsigned'}, record sha256 ${r.sha256.slice(0, 12)}…)`
}

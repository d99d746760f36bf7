// The evidence store's chain of runs. A run is three content-addressed objects (objects/<sha256>: the snapshot,
// the results of an evaluate run, and a run manifest naming both) and one run record (runs/<seq>.json) that
// quotes their hashes, the hash of the previous record (`prev`) and an Ed25519 signature over the record.
// Deleting, editing or reordering a run breaks a hash, the sequence or the signature; verifyChain names it.
import { createPublicKey, sign, verify as verifySignature } from 'node:crypto'
import { z } from 'zod'
import { sha256Hex } from '../core/json.js'
import { keyFingerprint, type Signer } from '../report/pack/manifest.js'
import { EntryExistsError, type HistoryStore } from './store.js'

export const RUN_FORMAT = 'trustpack-run/1'
export const RUN_MANIFEST_FORMAT = 'trustpack-run-manifest/1'
export const RUNS_DIR = 'runs/'
export const OBJECTS_DIR = 'objects/'

const Sha = z.string().regex(/^[0-9a-f]{64}$/)
const ObjectRef = z.object({ sha256: Sha, size: z.number().int().nonnegative() }).strict()

export const RunBodySchema = z.object({
  format: z.literal(RUN_FORMAT),
  seq: z.number().int().positive(),
  recordedAt: z.string(),
  kind: z.enum(['scan', 'evaluate']),
  tool: z.object({ name: z.literal('trustpack'), version: z.string() }).strict(),
  snapshot: ObjectRef,
  results: ObjectRef.nullable(),
  manifest: ObjectRef,
  /** SHA-256 of the previous run record's exact bytes; null for run 1. */
  prev: Sha.nullable(),
}).strict()
export type RunBody = z.infer<typeof RunBodySchema>

export const RunRecordSchema = RunBodySchema.extend({
  signature: z.discriminatedUnion('status', [
    z.object({ status: z.literal('unsigned') }).strict(),
    z.object({
      status: z.literal('signed'),
      algorithm: z.literal('Ed25519'),
      publicKey: z.string(),
      publicKeyFingerprint: z.string(),
      /** base64 Ed25519 over the canonical JSON of the record without `signature` */
      value: z.string(),
    }).strict(),
  ]),
}).strict()
export type RunRecord = z.infer<typeof RunRecordSchema>

/** The run manifest object: what the run was, with the hashes of its other objects. */
export interface RunManifest {
  format: typeof RUN_MANIFEST_FORMAT
  kind: 'scan' | 'evaluate'
  recordedAt: string
  snapshot: { sha256: string; size: number; startedAt: string; finishedAt: string }
  results: { sha256: string; size: number; evaluatedAt: string } | null
  config: { file: string; sha256: string } | null
}

export function runEntryName(seq: number): string {
  return `${RUNS_DIR}${String(seq).padStart(8, '0')}.json`
}

export function objectEntryName(sha256: string): string {
  return `${OBJECTS_DIR}${sha256}`
}

/** Canonical bytes of a record body: the text the signature covers. */
export function bodyText(body: RunBody): string {
  const { format, seq, recordedAt, kind, tool, snapshot, results, manifest, prev } = body
  return JSON.stringify({ format, seq, recordedAt, kind, tool, snapshot, results, manifest, prev })
}

export function recordText(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n'
}

export function signRecord(body: RunBody, signer: Signer | null): RunRecord {
  if (!signer) return { ...body, signature: { status: 'unsigned' } }
  return {
    ...body,
    signature: {
      status: 'signed',
      algorithm: 'Ed25519',
      publicKey: signer.publicKeyPem,
      publicKeyFingerprint: signer.fingerprint,
      value: sign(null, Buffer.from(bodyText(body), 'utf8'), signer.privateKey).toString('base64'),
    },
  }
}

/** A signed record's signature verifies with the key it names, and that key has the fingerprint it states. */
export function signatureValid(r: RunRecord): boolean {
  if (r.signature.status !== 'signed') return false
  const sig = r.signature
  try {
    const key = createPublicKey(sig.publicKey)
    return keyFingerprint(key) === sig.publicKeyFingerprint && verifySignature(null, Buffer.from(bodyText(r), 'utf8'), key, Buffer.from(sig.value, 'base64'))
  } catch {
    return false
  }
}

/** Stores an object under its SHA-256; an identical object already there is the same object (not an error). */
export async function putObject(store: HistoryStore, bytes: Buffer): Promise<{ sha256: string; size: number }> {
  const sha256 = sha256Hex(bytes)
  try {
    await store.put(objectEntryName(sha256), bytes)
  } catch (err) {
    if (!(err instanceof EntryExistsError)) throw err
    const existing = await store.get(objectEntryName(sha256))
    if (!existing || sha256Hex(existing) !== sha256) throw new Error(`${store.location}: ${objectEntryName(sha256)} exists with other content; run \`trustpack history verify\``)
  }
  return { sha256, size: bytes.length }
}

export interface StoredRun {
  name: string
  bytes: Buffer
  record: RunRecord
  /** SHA-256 of the record's bytes: what the next run's `prev` quotes */
  sha256: string
}

/** The run records in the store, by sequence; a record that does not parse is returned as `bad`. */
export async function readRuns(store: HistoryStore): Promise<{ runs: StoredRun[]; bad: { name: string; reason: string }[] }> {
  const runs: StoredRun[] = []
  const bad: { name: string; reason: string }[] = []
  for (const name of await store.list(RUNS_DIR)) {
    const bytes = await store.get(name)
    if (!bytes) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(bytes.toString('utf8'))
    } catch {
      bad.push({ name, reason: 'not valid JSON' })
      continue
    }
    const r = RunRecordSchema.safeParse(parsed)
    if (!r.success) {
      const issue = r.error.issues[0]
      bad.push({ name, reason: `not a run record (${issue?.path.join('.') || 'record'}: ${issue?.message})` })
      continue
    }
    runs.push({ name, bytes, record: r.data, sha256: sha256Hex(bytes) })
  }
  runs.sort((a, b) => a.record.seq - b.record.seq || (a.name < b.name ? -1 : 1))
  return { runs, bad }
}

export interface AppendInput {
  kind: 'scan' | 'evaluate'
  recordedAt: string
  toolVersion: string
  snapshot: Buffer
  snapshotTimes: { startedAt: string; finishedAt: string }
  results: Buffer | null
  evaluatedAt: string | null
  config: { file: string; sha256: string } | null
  signer: Signer | null
}

/**
 * Appends one run: its objects, then its record as the next in the chain. The record's name is its sequence
 * number, so two recorders racing for the same number cannot both win: the loser re-reads the head and
 * tries the next number.
 */
export async function appendRun(store: HistoryStore, input: AppendInput): Promise<StoredRun> {
  const snapshot = await putObject(store, input.snapshot)
  const results = input.results ? await putObject(store, input.results) : null
  const manifestDoc: RunManifest = {
    format: RUN_MANIFEST_FORMAT,
    kind: input.kind,
    recordedAt: input.recordedAt,
    snapshot: { ...snapshot, ...input.snapshotTimes },
    results: results && input.evaluatedAt ? { ...results, evaluatedAt: input.evaluatedAt } : null,
    config: input.config,
  }
  const manifest = await putObject(store, Buffer.from(JSON.stringify(manifestDoc, null, 2) + '\n', 'utf8'))
  for (let attempt = 0; attempt < 5; attempt++) {
    const { runs } = await readRuns(store)
    const head = runs.at(-1)
    // A recorder that lost a race appends after the winner, so its record is never dated before the head:
    // the chain stays in time order and verify's "recorded before the previous run" keeps meaning tampering.
    const recordedAt = head && head.record.recordedAt > input.recordedAt ? head.record.recordedAt : input.recordedAt
    const body: RunBody = {
      format: RUN_FORMAT,
      seq: (head?.record.seq ?? 0) + 1,
      recordedAt,
      kind: input.kind,
      tool: { name: 'trustpack', version: input.toolVersion },
      snapshot,
      results,
      manifest,
      prev: head?.sha256 ?? null,
    }
    const record = signRecord(body, input.signer)
    const bytes = Buffer.from(recordText(record), 'utf8')
    const name = runEntryName(body.seq)
    try {
      await store.put(name, bytes)
      return { name, bytes, record, sha256: sha256Hex(bytes) }
    } catch (err) {
      if (!(err instanceof EntryExistsError)) throw err
    }
  }
  throw new Error(`${store.location}: another recorder kept taking the next run number; try again`)
}

export interface ChainProblem {
  /** the run record at fault (its entry name), or the object */
  run: string
  seq: number | null
  kind: 'missing' | 'edited' | 'reordered' | 'signature' | 'unreadable'
  message: string
}

export interface ChainReport {
  location: string
  runs: number
  signed: number
  unsigned: number
  /** the key fingerprints that signed runs */
  keys: string[]
  /** SHA-256 of the newest run record: quote it to detect a later truncation of the chain */
  head: string | null
  headSeq: number | null
  problems: ChainProblem[]
}

export interface VerifyOptions {
  /** The fingerprint (SHA256:…) of the key every signed run must carry; default: the first signed run's key. */
  trustedKey?: string
  /** A head (record SHA-256) seen before: it must still be in the chain (catches removal of the newest runs). */
  expectHead?: string
  /** Refuse unsigned runs (default: reported, not a mismatch). */
  requireSigned?: boolean
}

/** Checks every run record and object: sequence, prev links, times, hashes, signatures. */
export async function verifyChain(store: HistoryStore, opts: VerifyOptions = {}): Promise<ChainReport> {
  const { runs, bad } = await readRuns(store)
  const problems: ChainProblem[] = bad.map((b) => ({ run: b.name, seq: null, kind: 'unreadable', message: `${b.name}: ${b.reason}` }))
  const keys: string[] = []
  let signed = 0
  let sawSigned = false
  let expected = 1
  let prev: StoredRun | undefined
  for (const run of runs) {
    const r = run.record
    const label = `run ${r.seq} (${run.name})`
    if (run.name !== runEntryName(r.seq)) {
      problems.push({ run: run.name, seq: r.seq, kind: 'reordered', message: `${run.name}: holds run ${r.seq}; a run was renamed or moved` })
    }
    if (r.seq > expected) {
      const missing = r.seq - expected === 1 ? `run ${expected} is missing` : `runs ${expected}–${r.seq - 1} are missing`
      problems.push({ run: run.name, seq: r.seq, kind: 'missing', message: `${missing} before ${label}: deleted from the store` })
    } else if (r.seq < expected) {
      problems.push({ run: run.name, seq: r.seq, kind: 'reordered', message: `${label}: a second run with number ${r.seq}` })
    }
    const wantPrev = r.seq === 1 ? null : prev && prev.record.seq === r.seq - 1 ? prev.sha256 : undefined
    if (wantPrev !== undefined && r.prev !== wantPrev) {
      problems.push({ run: run.name, seq: r.seq, kind: 'edited', message: `${label}: prev ${String(r.prev).slice(0, 12)}… does not match the hash of ${r.seq === 1 ? 'nothing (it is the first run)' : `run ${r.seq - 1} (${wantPrev?.slice(0, 12)}…)`}: run ${r.seq - 1} was edited or replaced` })
    }
    if (prev && r.recordedAt < prev.record.recordedAt) {
      problems.push({ run: run.name, seq: r.seq, kind: 'reordered', message: `${label}: recorded ${r.recordedAt}, before run ${prev.record.seq} (${prev.record.recordedAt}): runs out of order` })
    }
    if (r.signature.status === 'signed') {
      signed++
      sawSigned = true
      const sig = r.signature
      if (!signatureValid(r)) problems.push({ run: run.name, seq: r.seq, kind: 'signature', message: `${label}: signature does not match the record: the run was edited after it was signed` })
      const trusted = opts.trustedKey ?? keys[0]
      if (trusted && sig.publicKeyFingerprint !== trusted) {
        problems.push({ run: run.name, seq: r.seq, kind: 'signature', message: `${label}: signed by ${sig.publicKeyFingerprint}, not the ${opts.trustedKey ? 'trusted' : 'chain\'s'} key ${trusted}` })
      }
      if (!keys.includes(sig.publicKeyFingerprint)) keys.push(sig.publicKeyFingerprint)
    } else if (sawSigned || opts.requireSigned) {
      problems.push({ run: run.name, seq: r.seq, kind: 'signature', message: `${label}: unsigned${sawSigned ? ' after signed runs: a run was replaced without the signing key' : ''}` })
    }
    for (const [what, ref] of [['snapshot', r.snapshot], ['results', r.results], ['manifest', r.manifest]] as const) {
      if (!ref) continue
      const bytes = await store.get(objectEntryName(ref.sha256))
      if (!bytes) problems.push({ run: run.name, seq: r.seq, kind: 'missing', message: `${label}: its ${what} ${objectEntryName(ref.sha256)} is missing` })
      else if (sha256Hex(bytes) !== ref.sha256 || bytes.length !== ref.size) problems.push({ run: run.name, seq: r.seq, kind: 'edited', message: `${label}: its ${what} ${objectEntryName(ref.sha256)} was edited (SHA-256 ${sha256Hex(bytes).slice(0, 12)}…)` })
    }
    expected = Math.max(expected, r.seq + 1)
    prev = run
  }
  const head = runs.at(-1)
  if (opts.expectHead && !runs.some((r) => r.sha256 === opts.expectHead)) {
    problems.push({ run: head?.name ?? RUNS_DIR, seq: head?.record.seq ?? null, kind: 'missing', message: `the expected head ${opts.expectHead.slice(0, 12)}… is not in the chain: the newest runs were removed or replaced` })
  }
  return { location: store.location, runs: runs.length, signed, unsigned: runs.length - signed, keys, head: head?.sha256 ?? null, headSeq: head?.record.seq ?? null, problems }
}

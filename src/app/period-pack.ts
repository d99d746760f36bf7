// Use case `pack --period FROM..TO` / `--since DATE` (docs/history.md): a pack over every evaluate run
// recorded in the period, built from the evidence store after it verifies. Its own module so that recording
// (scan, evaluate) never loads the pack's renderers.
import { join, relative, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import { sha256Hex } from '../core/json.js'
import { projectRoot, toolVersion } from '../core/version.js'
import { loadSigner } from '../report/pack/manifest.js'
import { assemblePack } from '../report/pack/build.js'
import { writePack } from '../report/pack/io.js'
import { sampleDataReason } from '../report/pack/model.js'
import { renderPeriodHtml } from '../report/pack/period-html.js'
import { renderPeriodPdf } from '../report/pack/period-pdf.js'
import { ResultsSchema, type Results } from '../snapshot/results.js'
import { SnapshotSchema, type Snapshot } from '../snapshot/schema.js'
import { objectEntryName, readRuns, runEntryName, type StoredRun } from '../history/chain.js'
import { PACK_RUNS_DIR } from '../report/pack/verify.js'
import { buildPeriodModel, DEFAULT_CADENCE_DAYS, parsePeriod, type PeriodModel, type PeriodRun } from '../history/period.js'
import type { HistoryStore } from '../history/store.js'
import { requireHistoryStore, verifyHistory } from './history.js'
import { readAttestationFiles } from './pack.js'

export interface PeriodPackInput {
  config: LoadedConfig
  historyDir?: string
  /** --period FROM..TO, or --since DATE (to = today) */
  period?: string
  since?: string
  outDir: string
  zip?: boolean
  signKeyPath?: string
  cadenceDays?: number
  now: Date
}

export interface PeriodPackResult {
  path: string
  files: number
  signed: boolean
  period: { from: string; to: string }
  runs: number
  summary: PeriodModel['summary']
}

async function loadObject(store: HistoryStore, sha256: string, what: string): Promise<Buffer> {
  const bytes = await store.get(objectEntryName(sha256))
  if (!bytes || sha256Hex(bytes) !== sha256) throw new InputError(`${store.location}: the ${what} object ${sha256.slice(0, 12)}… is missing or changed; run \`trustpack history verify\``)
  return bytes
}

/** "2026-07-01..2026-12-31" or --since DATE (to today, UTC), as two days; an input error otherwise. */
export function resolvePeriod(period: string | undefined, since: string | undefined, now: Date): { from: string; to: string } {
  if (period && since) throw new InputError('--period and --since: give one, not both')
  const text = period ?? (since ? `${since}..${now.toISOString().slice(0, 10)}` : undefined)
  if (!text) throw new InputError('give --period FROM..TO or --since DATE')
  const parsed = parsePeriod(text)
  if (typeof parsed === 'string') throw new InputError(`${period ? '--period' : '--since'}: ${parsed}`)
  return parsed
}

/**
 * A pack over every evaluate run recorded in the period: the latest run's results and snapshot as the pack's
 * results.json and snapshot.json, plus period.json (the period model), period.html and period.pdf, all in
 * the manifest. The store must verify first: a pack is never built from a broken chain.
 */
export async function buildPeriodPack(input: PeriodPackInput): Promise<PeriodPackResult> {
  const { from, to } = resolvePeriod(input.period, input.since, input.now)
  const cadenceDays = input.cadenceDays ?? input.config.config.history?.cadenceDays ?? DEFAULT_CADENCE_DAYS
  if (!Number.isInteger(cadenceDays) || cadenceDays < 1 || cadenceDays > 92) throw new InputError(`--cadence-days: expected a whole number of days from 1 to 92, got ${cadenceDays}`)
  const signer = input.signKeyPath ? loadSigner(input.signKeyPath) : null
  const store = await requireHistoryStore(input.config, input.historyDir ? { dir: input.historyDir } : {})
  const chain = await verifyHistory(store)
  const { runs } = await readRuns(store)
  const evaluated: (PeriodRun & { run: StoredRun; day: string })[] = []
  for (const r of runs) {
    if (r.record.kind !== 'evaluate' || !r.record.results) continue
    const bytes = await loadObject(store, r.record.results.sha256, 'results')
    const results = ResultsSchema.parse(JSON.parse(bytes.toString('utf8'))) as Results
    evaluated.push({ seq: r.record.seq, record: r.sha256, results, resultsSha256: r.record.results.sha256, run: r, day: results.evaluatedAt.slice(0, 10) })
  }
  const inPeriod = evaluated.filter((r) => r.day >= from && r.day <= to)
  if (inPeriod.length === 0) {
    throw new InputError(`${store.location}: no evaluate run recorded from ${from} to ${to} (${evaluated.length} evaluate run(s) in the store)`, 'record runs with `trustpack evaluate --record`, or choose a period that has runs (`trustpack history list`)')
  }
  const previous = evaluated.filter((r) => r.day < from).at(-1) ?? null
  const byTime = [...inPeriod].sort((a, b) => (a.results.evaluatedAt < b.results.evaluatedAt ? -1 : a.results.evaluatedAt > b.results.evaluatedAt ? 1 : a.seq - b.seq))
  const latest = byTime.at(-1)!
  const first = byTime[0]!
  const snapshots = new Map<number, { bytes: Buffer; snapshot: Snapshot }>()
  for (const r of [previous, first, latest]) {
    if (!r || snapshots.has(r.seq)) continue
    const bytes = await loadObject(store, r.run.record.snapshot.sha256, 'snapshot')
    snapshots.set(r.seq, { bytes, snapshot: SnapshotSchema.parse(JSON.parse(bytes.toString('utf8'))) as Snapshot })
  }
  const withResources = (r: typeof latest): PeriodRun => ({ seq: r.seq, record: r.record, results: r.results, resultsSha256: r.resultsSha256, ...(snapshots.has(r.seq) ? { resources: snapshots.get(r.seq)!.snapshot.resources.map((x) => x.id) } : {}) })
  const model = buildPeriodModel({
    from, to, cadenceDays,
    runs: inPeriod.map(withResources),
    previous: previous ? withResources(previous) : null,
    store: { location: store.location, head: chain.head, headSeq: chain.headSeq },
  })
  const resultsBytes = await loadObject(store, latest.resultsSha256, 'results')
  const snap = snapshots.get(latest.seq)!
  const title = 'Evidence pack'
  const sample = sampleDataReason(latest.results, snap.snapshot)
  const extraFiles = new Map<string, Buffer>([
    ['period.json', Buffer.from(JSON.stringify(model, null, 2) + '\n', 'utf8')],
    ['period.html', Buffer.from(renderPeriodHtml(model, title, sample), 'utf8')],
    ['period.pdf', await renderPeriodPdf(model, title, input.now, sample)],
    // Every run record up to the head, byte for byte: verify re-checks the chain the period was read from.
    ...runs.filter((r) => chain.headSeq !== null && r.record.seq <= chain.headSeq).map((r): [string, Buffer] => [`${PACK_RUNS_DIR}${runEntryName(r.record.seq)}`, r.bytes]),
  ])
  const files = await assemblePack({
    results: latest.results, resultsBytes, snapshot: snap.snapshot, snapshotBytes: snap.bytes,
    toolVersion: toolVersion(), now: input.now, signer, templatesDir: join(projectRoot(), 'templates', 'pack'), extraFiles, period: model,
    // The latest run's attestation evidence, read again beside the configuration and checked against what it recorded.
    attestationFiles: readAttestationFiles(latest.results, input.config.file ?? 'trustpack.yaml'),
  })
  const path = await writePack(input.outDir, files, input.zip === true, input.now)
  return { path, files: files.size, signed: signer !== null, period: { from, to }, runs: inPeriod.length, summary: model.summary }
}

export function renderPeriodPackResult(r: PeriodPackResult): string {
  return [
    `Wrote a period pack (${r.period.from} to ${r.period.to}, ${r.runs} run(s)) of ${r.files} files to ${r.path} (${r.signed ? 'signed' : 'unsigned'})`,
    `  controls: ${r.summary.operated} operated throughout, ${r.summary.deviations} with deviations, ${r.summary.insufficient} insufficient evidence, ${r.summary.not_applicable} not applicable`,
    `  period view: ${r.path.endsWith('.zip') ? 'period.html in the zip' : join(r.path, 'period.html')}`,
  ].join('\n')
}

export interface DemoHistoryResult {
  historyPath: string
  runs: number
  periodPackPath: string
  period: { from: string; to: string }
  summary: PeriodModel['summary']
  changes: { newFailures: number; fixedFindings: number; newResources: number; removedResources: number; expiredExceptions: number }
  remediated: number
  /** the lines `demo` prints about it */
  text: string
}

/**
 * The demo's recorded history and period pack: the sample's history (src/emulator/demo/history/) recorded
 * into DIR/history, signed with the demo key, verified, then a period pack over the third quarter.
 */
export async function runDemoHistory(input: { outDir: string; snapshot: Snapshot; config: LoadedConfig; signKeyPath: string; publicKeyPath: string; now: Date }): Promise<DemoHistoryResult> {
  const { rmSync } = await import('node:fs')
  const { FolderStore } = await import('../history/folder-store.js')
  const { recordDemoHistory, DEMO_PERIOD } = await import('../emulator/demo/history/generate.js')
  const { evaluateSnapshot } = await import('./evaluate.js')
  const historyPath = join(input.outDir, 'history')
  // The store is append-only: a fresh demo starts a fresh history rather than appending a second copy.
  rmSync(historyPath, { recursive: true, force: true })
  const store = new FolderStore(historyPath)
  const runs = await recordDemoHistory({
    store, base: input.snapshot, config: input.config, signer: loadSigner(input.signKeyPath), toolVersion: toolVersion(),
    evaluate: (snapshot, snapshotSha256, config, now) => evaluateSnapshot({ snapshot, snapshotSha256, config, now }),
  })
  const periodPackPath = join(input.outDir, 'period-pack')
  const pack = await buildPeriodPack({
    config: input.config, historyDir: historyPath, period: `${DEMO_PERIOD.from}..${DEMO_PERIOD.to}`, cadenceDays: DEMO_PERIOD.cadenceDays,
    outDir: periodPackPath, signKeyPath: input.signKeyPath, now: input.now,
  })
  const { verifyPack } = await import('./verify.js')
  const verified = await verifyPack({ packPath: pack.path, publicKeyPath: input.publicKeyPath })
  if (!verified.ok) throw new Error(`internal: the demo period pack failed verification: ${verified.problems.join('; ')}`)
  const model = JSON.parse((await import('node:fs')).readFileSync(join(pack.path, 'period.json'), 'utf8')) as PeriodModel
  const c = model.changes
  const result: Omit<DemoHistoryResult, 'text'> = {
    historyPath: resolve(historyPath), runs, periodPackPath: pack.path, period: pack.period, summary: pack.summary,
    changes: { newFailures: c.newFailures.length, fixedFindings: c.fixedFindings.length, newResources: c.newResources.length, removedResources: c.removedResources.length, expiredExceptions: c.expiredExceptions.length },
    remediated: model.findings.filter((f) => f.windows.some((w) => w.fixed !== null)).length,
  }
  return { ...result, text: renderDemoHistory(result, (p) => relative(process.cwd(), p) || '.') }
}

export function renderDemoHistory(r: Omit<DemoHistoryResult, 'text'>, rel: (p: string) => string): string {
  return [
    `Recorded history: ${r.runs} signed runs in ${rel(r.historyPath)} (trustpack history verify --history ${rel(r.historyPath)})`,
    `Period pack ${r.period.from} to ${r.period.to}: ${rel(r.periodPackPath)} (period.html: timeline, failure windows, what changed)`,
    `  controls: ${r.summary.operated} operated throughout, ${r.summary.deviations} with deviations, ${r.summary.insufficient} insufficient evidence`,
    `  what changed: ${r.changes.newFailures} new failure(s), ${r.changes.fixedFindings} fixed, ${r.changes.newResources} new and ${r.changes.removedResources} removed resource(s), ${r.changes.expiredExceptions} expired exception(s); ${r.remediated} finding(s) remediated in the period`,
  ].join('\n')
}

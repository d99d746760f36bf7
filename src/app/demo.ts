// Use case: the whole pipeline on the bundled sample estate, with no Azure account:
// emulator → scan → evaluate → signed pack → verify → answered buyer questionnaire.
import { join, resolve } from 'node:path'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { startEmulator } from '../emulator/server.js'
import { buildSampleEstate } from '../emulator/estates/sample.js'
import { staticTokenCredential } from '../collect/credentials.js'
import { loadConfig, type LoadedConfig } from '../core/config.js'
import { projectRoot } from '../core/version.js'
import { writeFileAtomic, writeJsonAtomic } from '../core/fs.js'
import { runScan, summarizeSnapshot } from './scan.js'
import { evaluateSnapshot, renderBriefSummary } from './evaluate.js'
import { generateKeys } from './keys.js'
import { buildPack } from './pack.js'
import { verifyPack, type VerifyPackResult } from './verify.js'
import { answerQuestionnaire } from './answer.js'
import type { Results } from '../snapshot/results.js'
import { runDemoHistory, type DemoHistoryResult } from './period-pack.js'

export interface DemoOptions {
  outDir: string
  /** A config other than the sample's own. */
  configPath?: string
  now: () => Date
  onProgress?: (message: string) => void
}

export interface DemoResult {
  outDir: string
  /** the configuration the demo evaluated with (a copy of the sample's own, beside the outputs) */
  configPath: string
  snapshotPath: string
  resultsPath: string
  packPath: string
  questionnairePath: string | null
  reviewPath: string | null
  scanSummary: string
  evaluationSummary: string
  verify: VerifyPackResult
  answers: Record<string, number>
  summary: Results['summary']
  /** the sample's recorded history and its period pack (docs/history.md) */
  history: DemoHistoryResult
}

export function demoAsset(name: string): string {
  return join(projectRoot(), 'src', 'emulator', 'demo', name)
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir)
  const progress = options.onProgress ?? (() => {})
  const config: LoadedConfig = loadConfig(options.configPath ?? demoAsset('trustpack.yaml'))
  mkdirSync(outDir, { recursive: true })
  // The configuration the demo evaluated with sits beside its outputs, so re-running `evaluate` on the
  // snapshot gives the same numbers (without it, the exceptions and allowlist would be missing).
  const configPath = options.configPath ? resolve(options.configPath) : join(outDir, 'trustpack.yaml')
  if (!options.configPath) writeFileAtomic(configPath, readFileSync(demoAsset('trustpack.yaml')))

  progress('starting the local ARM emulator with the sample estate')
  const emu = await startEmulator({ estate: await buildSampleEstate() })
  const snapshotPath = join(outDir, 'snapshot.json')
  let scan
  try {
    progress(`scanning ${emu.url}`)
    scan = await runScan({
      armEndpoint: emu.url,
      credential: staticTokenCredential('trustpack-demo'),
      caPem: emu.caPem,
      out: snapshotPath,
      now: options.now,
      ...(config.config.subscriptions ? { subscriptions: config.config.subscriptions } : {}),
    })
  } finally {
    await emu.close()
  }

  progress('evaluating against the catalogs')
  const results = evaluateSnapshot({ snapshot: scan.snapshot, snapshotSha256: scan.sha256, config, now: options.now() })
  const resultsPath = join(outDir, 'results.json')
  writeJsonAtomic(resultsPath, results)

  progress('building and signing the evidence pack')
  const keyDir = join(outDir, 'keys')
  rmSync(keyDir, { recursive: true, force: true })
  const keys = generateKeys({ outDir: keyDir })
  const packPath = join(outDir, 'pack')
  const pack = await buildPack({ resultsPath, snapshotPath, outDir: packPath, signKeyPath: keys.privateKeyPath, now: options.now() })
  const verify = await verifyPack({ packPath: pack.path, publicKeyPath: keys.publicKeyPath })
  progress('recording the sample history and building the period pack')
  const history = await runDemoHistory({ outDir, snapshot: scan.snapshot, config, signKeyPath: keys.privateKeyPath, publicKeyPath: keys.publicKeyPath, now: options.now() })

  progress('answering the sample buyer questionnaire')
  const qDir = join(outDir, 'questionnaire')
  mkdirSync(qDir, { recursive: true })
  const answered = await answerQuestionnaire({
    questionnairePath: demoAsset('sample-buyer-questionnaire.xlsx'),
    resultsPath,
    outPath: join(qDir, 'sample-buyer-questionnaire.filled.xlsx'),
    now: options.now(),
  })

  return {
    outDir,
    configPath,
    snapshotPath,
    resultsPath,
    packPath: pack.path,
    questionnairePath: answered.outPath,
    reviewPath: answered.reviewPath,
    scanSummary: summarizeSnapshot(scan.snapshot),
    evaluationSummary: renderBriefSummary(results),
    verify,
    answers: answered.counts,
    summary: results.summary,
    history,
  }
}

// Use case: the CI gate. Scan (or read a snapshot or results file), evaluate, compare with
// the committed baseline, decide under --fail-on, and write JUnit, SARIF and Markdown.
import { appendFileSync, existsSync } from 'node:fs'
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import { writeFileAtomic } from '../core/fs.js'
import { readText } from '../core/json.js'
import { toolVersion } from '../core/version.js'
import { readResults, readSnapshot } from '../snapshot/io.js'
import type { Snapshot } from '../snapshot/schema.js'
import type { Results } from '../snapshot/results.js'
import { baselineFromResults, parseBaseline, serializeBaseline, type Baseline } from '../report/ci/baseline.js'
import { compareResults, decideGate, parseFailOn, type Comparison, type FailOn, type Notice } from '../report/ci/compare.js'
import { renderJUnit } from '../report/ci/junit.js'
import { artifactUriOf } from '../report/ci/location.js'
import { renderMarkdown } from '../report/ci/markdown.js'
import { renderSarif } from '../report/ci/sarif.js'
import { renderTerminal } from '../report/ci/terminal.js'
import { evaluateSnapshot } from './evaluate.js'
import type { ScanOptions } from './scan.js'

export const DEFAULT_BASELINE_FILE = 'trustpack-baseline.json'

/** Where the results come from: a results file, a snapshot file, or a live scan (the default). */
export interface ResultsSource {
  snapshotPath?: string
  resultsPath?: string
  scan?: ScanOptions
  frameworks?: string[]
  catalogDir?: string
  config: LoadedConfig
  now: Date
}

export interface CheckInput extends ResultsSource {
  baselinePath?: string
  failOn?: string
  junitPath?: string
  sarifPath?: string
  markdownPath?: string
  /** $GITHUB_STEP_SUMMARY: the Markdown summary is appended there. */
  stepSummaryPath?: string
  updateBaseline?: boolean
  /** A missing baseline is an input error (exit 2) instead of being created from this run. */
  requireBaseline?: boolean
  /**
   * The working folder relative --baseline and --config paths are given in (the CLI's). SARIF
   * points at those files relative to the repository that holds them, or to this folder when
   * none does. Default: process.cwd().
   */
  cwd?: string
}

export interface CheckOutcome {
  breaking: boolean
  failOn: FailOn
  reasons: string[]
  baseline: { path: string; existed: boolean; written: boolean } | null
  comparison: Comparison
  summary: Results['summary']
  notices: Notice[]
  outputs: { junit: string | null; sarif: string | null; markdown: string | null; stepSummary: string | null; baseline: string | null }
  /** The terminal report (short on success, precise on failure). */
  report: string
  snapshotSha256: string
  results: Results
}

function restrictFrameworks(results: Results, frameworks: string[] | undefined): Results {
  if (!frameworks?.length) return results
  const known = new Set(results.frameworks.map((f) => f.id))
  const unknown = frameworks.filter((f) => !known.has(f))
  if (unknown.length) throw new InputError(`--framework: ${unknown.join(', ')} not in the results file (it has ${[...known].join(', ') || 'none'})`)
  const keep = new Set(frameworks)
  return {
    ...results,
    frameworks: results.frameworks.filter((f) => keep.has(f.id)),
    controls: results.controls.filter((c) => keep.has(c.framework)),
    summary: Object.fromEntries(Object.entries(results.summary).filter(([fw]) => keep.has(fw))),
  }
}

/** Results from --results, from --snapshot, or from a scan (which throws exit 4 on a partial collection). */
export async function obtainResults(input: ResultsSource): Promise<Results> {
  if (input.snapshotPath && input.resultsPath) throw new InputError('give either --snapshot or --results, not both')
  if (input.resultsPath) return restrictFrameworks(readResults(input.resultsPath).results, input.frameworks)
  // The scan (and with it every Azure SDK) is loaded only when this run scans: --snapshot and --results never need it.
  const { snapshot, sha256 } = input.snapshotPath ? readSnapshot(input.snapshotPath) : await (await import('./scan.js')).runScan(input.scan ?? {})
  return evaluateWith(snapshot, sha256, input)
}

/** Evaluates with the run's configuration, frameworks and clock. */
function evaluateWith(snapshot: Snapshot, sha256: string, input: ResultsSource): Results {
  return evaluateSnapshot({
    snapshot,
    snapshotSha256: sha256,
    config: input.config,
    ...(input.frameworks?.length ? { frameworks: input.frameworks } : {}),
    ...(input.catalogDir ? { catalogDir: input.catalogDir } : {}),
    now: input.now,
  })
}

/**
 * A baseline file, a results.json, or (for convenience) a snapshot.json, which is then
 * evaluated with the same configuration, frameworks and clock as the run it is compared with.
 */
function loadBaseline(path: string, input: ResultsSource): { baseline: Baseline; text: string } {
  const text = readText(path, 'baseline')
  let raw: unknown = null
  try {
    raw = JSON.parse(text)
  } catch {
    // parseBaseline reports it
  }
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null
  if (obj && 'resources' in obj && 'calls' in obj && !('findings' in obj)) {
    const { snapshot, sha256 } = readSnapshot(path)
    return { baseline: baselineFromResults(evaluateWith(snapshot, sha256, input)), text }
  }
  return { baseline: parseBaseline(text, path), text }
}

export async function runCheck(input: CheckInput): Promise<CheckOutcome> {
  const cwd = input.cwd ?? process.cwd()
  const baselinePath = input.baselinePath ?? (input.updateBaseline ? DEFAULT_BASELINE_FILE : undefined)
  const failOn = parseFailOn(input.failOn, baselinePath !== undefined)
  const baselineExists = baselinePath !== undefined && existsSync(baselinePath)
  if (baselinePath && !baselineExists && input.requireBaseline) {
    throw new InputError(`${baselinePath}: baseline not found`, 'create it with `trustpack baseline --out ' + baselinePath + '` and commit it')
  }
  // Read the baseline before the (slow) scan so a bad file fails fast.
  let baseline: Baseline | null = null
  let baselineText: string | undefined
  if (baselinePath && baselineExists) ({ baseline, text: baselineText } = loadBaseline(baselinePath, input))

  const results = await obtainResults(input)
  const current = baselineFromResults(results)
  const currentText = serializeBaseline(current)
  // First run: no baseline yet, so this run's state becomes it (and nothing is new).
  const created = baselinePath !== undefined && !baselineExists
  const comparison = compareResults(results, created ? current : baseline, input.now)
  if (created) {
    comparison.notices.unshift({ level: 'warning', message: `baseline ${baselinePath} did not exist: created it from this run; commit it so later runs compare against it` })
  }
  const gate = decideGate(comparison, failOn)

  let baselineWritten = false
  if (baselinePath && (created || input.updateBaseline)) {
    if (baselineText !== currentText) writeFileAtomic(baselinePath, currentText)
    baselineText = currentText
    baselineWritten = true
  }

  const ctx = { baselinePath: baselinePath ?? null, baselineCreated: created }
  const outputs: CheckOutcome['outputs'] = { junit: null, sarif: null, markdown: null, stepSummary: null, baseline: baselineWritten ? baselinePath! : null }
  if (input.junitPath) {
    writeFileAtomic(input.junitPath, renderJUnit(results, comparison, failOn))
    outputs.junit = input.junitPath
  }
  if (input.sarifPath) {
    // Code scanning needs a committed file to annotate: the baseline, else the config file.
    const artifact = baselinePath
      ? { uri: artifactUriOf(baselinePath, cwd), text: baselineText }
      : input.config.file
        ? { uri: artifactUriOf(input.config.file, cwd), text: readText(input.config.file, 'config') }
        : { uri: 'trustpack.yaml', text: undefined }
    const sarif = renderSarif(results, comparison, {
      toolVersion: toolVersion(),
      gate,
      artifactUri: artifact.uri,
      ...(artifact.text !== undefined ? { artifactText: artifact.text } : {}),
    })
    writeFileAtomic(input.sarifPath, sarif)
    outputs.sarif = input.sarifPath
  }
  if (input.markdownPath || input.stepSummaryPath) {
    const md = renderMarkdown(results, comparison, gate, ctx)
    if (input.markdownPath) {
      writeFileAtomic(input.markdownPath, md)
      outputs.markdown = input.markdownPath
    }
    if (input.stepSummaryPath) {
      // The step summary is shared with other steps of the job: append, never replace.
      appendFileSync(input.stepSummaryPath, md)
      outputs.stepSummary = input.stepSummaryPath
    }
  }

  return {
    breaking: gate.breaking,
    failOn,
    reasons: gate.reasons,
    baseline: baselinePath ? { path: baselinePath, existed: baselineExists, written: baselineWritten } : null,
    comparison,
    summary: results.summary,
    notices: comparison.notices,
    outputs,
    report: renderTerminal(results, comparison, gate, ctx),
    snapshotSha256: results.snapshotSha256,
    results,
  }
}

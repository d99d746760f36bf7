// Use case "evaluate": snapshot + catalogs + trustpack.yaml → results.json (DESIGN.md "Results"), and the
// terminal summary shown by `evaluate` and `demo`. Pure apart from evaluateFile's read and write.
import { dirname, join } from 'node:path'
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import { toolVersion } from '../core/version.js'
import { readSnapshot, writeResults } from '../snapshot/io.js'
import type { Snapshot } from '../snapshot/schema.js'
import { RESULTS_SCHEMA_VERSION, ResultsSchema, type ControlResult, type Finding, type Results } from '../snapshot/results.js'
import { defaultCatalogDir, requireCatalog, type Catalog, type Framework } from '../catalog/load.js'
import { controlResults, inheritedStates, resolveAttestations, summarize } from '../catalog/rollup.js'
import { didYouMean } from '../catalog/suggest.js'
import { buildIndex } from '../checks/snapshot-index.js'
import { evaluateChecks } from '../checks/engine.js'
import { resolveParameters } from '../checks/parameters.js'
import { applyExceptions, utcDay, validateExceptions } from '../checks/exceptions.js'

export interface EvaluateInput {
  snapshot: Snapshot
  snapshotSha256: string
  config: LoadedConfig
  /** framework ids; default config.frameworks, else every framework in the catalog */
  frameworks?: string[]
  /** the controls directory (checks/ and frameworks/); default projectRoot()/controls */
  catalogDir?: string
  now: Date
}

/** The frameworks asked for, in the order asked; unknown ids are input errors (with file:line when from the config). */
export function selectFrameworks(catalog: Catalog, fromFlag: string[] | undefined, config: LoadedConfig): Framework[] {
  const known = catalog.frameworks.map((f) => f.id)
  const pick = (id: string, where: string): Framework => {
    const fw = catalog.frameworks.find((f) => f.id === id)
    if (!fw) throw new InputError(`${where}unknown framework "${id}"${didYouMean(id, known)}; known: ${known.join(', ') || '(none)'}`)
    return fw
  }
  if (fromFlag && fromFlag.length > 0) return [...new Set(fromFlag)].map((id) => pick(id, ''))
  const configured = config.config.frameworks
  if (configured && configured.length > 0) {
    return [...new Set(configured)].map((id) => pick(id, `${config.file ?? 'trustpack.yaml'}:${config.lineOf(['frameworks', configured.indexOf(id)])}: `))
  }
  return catalog.frameworks
}

/**
 * Judges a snapshot: every check of the catalog over every resource in its scope, exceptions and
 * attestations applied, controls of the selected frameworks rolled up. Pure and synchronous.
 */
export function evaluateSnapshot(input: { snapshot: Snapshot; snapshotSha256: string; config: LoadedConfig; frameworks?: string[]; catalogDir?: string; now: Date }): Results {
  const { snapshot, config, now } = input
  const catalog = requireCatalog(input.catalogDir ?? defaultCatalogDir())
  const frameworks = selectFrameworks(catalog, input.frameworks, config)
  const parameters = resolveParameters(catalog.parameterDefaults, config)
  const index = buildIndex(snapshot)
  const warnings = validateExceptions(config, new Set(catalog.checkById.keys()), index.hasResource)
  const checks = [...catalog.checks].map((c) => c.def).sort((a, b) => (a.id < b.id ? -1 : 1))
  const applied = applyExceptions(evaluateChecks(checks, index, parameters), config, now, index.hasResource)
  const attestations = resolveAttestations(config, catalog.frameworks, utcDay(now))
  const controls = controlResults(frameworks, applied.findings, attestations.valid, attestations.states)
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'trustpack', version: toolVersion() },
    snapshotSha256: input.snapshotSha256,
    snapshot: {
      startedAt: snapshot.startedAt,
      finishedAt: snapshot.finishedAt,
      subscriptions: snapshot.subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName })),
      endpoints: snapshot.endpoints,
      errorCount: snapshot.errors.length,
    },
    evaluatedAt: now.toISOString(),
    parameters,
    frameworks: frameworks.map((f) => ({ id: f.id, title: f.title, version: f.version })),
    checks: checks.map((c) => ({ id: c.id, title: c.title, description: c.description, resourceType: c.resource, severity: c.severity, remediation: c.remediation })),
    findings: applied.findings,
    controls,
    summary: summarize(controls, frameworks.map((f) => f.id)),
    exceptions: applied.exceptions,
    attestations: attestations.states,
    ...(config.config.inherited?.length ? { inherited: inheritedStates(config.config.inherited, utcDay(now)) } : {}),
    ...(warnings.length ? { warnings } : {}),
  }
}

export interface EvaluateFileOptions {
  config: LoadedConfig
  frameworks?: string[]
  /** default: results.json next to the snapshot */
  out?: string
  catalogDir?: string
  now: Date
}

/** Where `evaluate` writes results without --out: results.json next to the snapshot. */
export function defaultResultsPath(snapshotPath: string): string {
  return join(dirname(snapshotPath), 'results.json')
}

/** Reads and validates the snapshot, evaluates it, validates and writes results.json atomically. */
export function evaluateFile(snapshotPath: string, opts: EvaluateFileOptions): { results: Results; outPath: string } {
  const { snapshot, sha256 } = readSnapshot(snapshotPath)
  const results = evaluateSnapshot({
    snapshot, snapshotSha256: sha256, config: opts.config, now: opts.now,
    ...(opts.frameworks ? { frameworks: opts.frameworks } : {}),
    ...(opts.catalogDir ? { catalogDir: opts.catalogDir } : {}),
  })
  const checked = ResultsSchema.safeParse(results)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new Error(`internal error: results do not match the results schema at ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const outPath = opts.out ?? defaultResultsPath(snapshotPath)
  writeResults(outPath, results)
  return { results, outPath }
}

/** The part of a resource ID after /providers/{namespace}/, which is what a person recognises. */
export function shortResourceId(id: string): string {
  const m = /\/providers\/[^/]+\/(.+)$/i.exec(id)
  return m ? m[1]! : id
}

const MAX_RESOURCES_PER_CONTROL = 5

function controlLines(c: ControlResult, findingsByCheck: Map<string, Finding[]>): string[] {
  const lines = [`  ${c.status.toUpperCase().padEnd(5)} ${c.controlId}  ${c.title}`]
  const bad = c.checkIds.flatMap((id) => (findingsByCheck.get(id) ?? []).filter((f) => f.status === c.status))
  for (const f of bad.slice(0, MAX_RESOURCES_PER_CONTROL)) {
    lines.push(`        ${f.checkId}  ${shortResourceId(f.resourceId)}: ${f.message}`)
  }
  if (bad.length > MAX_RESOURCES_PER_CONTROL) lines.push(`        … and ${bad.length - MAX_RESOURCES_PER_CONTROL} more`)
  return lines
}

/** Per framework: control counts by status, then failing controls (with the failing resources), then errors. */
export function renderEvaluationSummary(results: Results): string {
  const findingsByCheck = new Map<string, Finding[]>()
  for (const f of results.findings) {
    const list = findingsByCheck.get(f.checkId)
    if (list) list.push(f)
    else findingsByCheck.set(f.checkId, [f])
  }
  const fcounts = { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
  for (const f of results.findings) fcounts[f.status]++
  const out: string[] = [
    `Evaluated ${results.findings.length} findings from ${results.checks.length} checks: ${fcounts.pass} pass, ${fcounts.fail} fail, ${fcounts.error} error, ${fcounts.not_applicable} not applicable.`,
  ]
  if (results.snapshot.errorCount > 0) out.push(`The snapshot records ${results.snapshot.errorCount} failed read(s); findings that needed them are errors.`)
  for (const fw of results.frameworks) {
    const s = results.summary[fw.id]
    out.push('', `${fw.title} (${fw.id}, ${fw.version})`)
    if (s) out.push(`  controls: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.manual} manual, ${s.not_applicable} not applicable`)
    const controls = results.controls.filter((c) => c.framework === fw.id)
    for (const c of controls.filter((x) => x.status === 'fail')) out.push(...controlLines(c, findingsByCheck))
    for (const c of controls.filter((x) => x.status === 'error')) out.push(...controlLines(c, findingsByCheck))
  }
  const expiredEx = results.exceptions.filter((e) => e.state === 'expired')
  const expiredAt = results.attestations.filter((a) => a.state === 'expired')
  const warnings = results.warnings ?? []
  if (expiredEx.length || expiredAt.length || warnings.length) out.push('')
  for (const e of expiredEx) out.push(`Expired exception: ${e.check} on ${shortResourceId(e.resource)} (expired ${e.expires}, owner ${e.owner})`)
  for (const a of expiredAt) out.push(`Expired attestation: ${a.control} (expired ${a.expires}, owner ${a.owner})`)
  for (const w of warnings) out.push(`Warning: ${w}`)
  return out.join('\n')
}

/** Short form (demo): finding totals, each failing or error finding once, then control counts per framework. */
export function renderBriefSummary(results: Results): string {
  const counts = { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
  for (const f of results.findings) counts[f.status]++
  const out = [
    `Evaluated ${results.findings.length} findings from ${results.checks.length} checks: ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.not_applicable} not applicable.`,
  ]
  const excepted = results.findings.filter((f) => f.exception).length
  if (excepted) out.push(`${excepted} failing finding(s) pass under an active exception.`)
  for (const status of ['fail', 'error'] as const) {
    const list = results.findings.filter((f) => f.status === status)
    if (list.length === 0) continue
    out.push('', `${status === 'fail' ? 'Failing' : 'Unreadable (error)'} findings:`)
    const width = Math.max(...list.map((f) => f.checkId.length))
    for (const f of list) out.push(`  ${f.checkId.padEnd(width)}  ${shortResourceId(f.resourceId)}: ${f.message}`)
  }
  out.push('', 'Controls by framework:', `  ${'framework'.padEnd(14)} ${'controls'.padStart(8)} ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'error'.padStart(5)} ${'manual'.padStart(6)} ${'n/a'.padStart(4)}`)
  for (const fw of results.frameworks) {
    const s = results.summary[fw.id]
    if (!s) continue
    const total = s.pass + s.fail + s.error + s.manual + s.not_applicable
    out.push(`  ${fw.id.padEnd(14)} ${String(total).padStart(8)} ${String(s.pass).padStart(5)} ${String(s.fail).padStart(5)} ${String(s.error).padStart(5)} ${String(s.manual).padStart(6)} ${String(s.not_applicable).padStart(4)}`)
  }
  return out.join('\n')
}

// SARIF 2.1.0 for code scanning: rules are the evaluated checks (with help text and
// remediation), results are the failing findings, each with the Azure resource ID as a logical
// location and a fingerprint stable per check + resource so alerts track across runs.
// Code scanning (GitHub) also requires a physical location: a file relative to the repository
// root (uriBaseId %SRCROOT%) and a full region. It points at the committed baseline file (the
// line of the finding when the baseline lists it), or at the config file, and the region spans
// the text of that line.
import { createHash } from 'node:crypto'
import type { CheckInfo, Results, Severity } from '../../snapshot/results.js'
import { baselineLineOf, naturalCompare } from './baseline.js'
import type { Comparison, FailOn, FindingDelta, GateDecision } from './compare.js'
import { findingDetail, formatValue } from './format.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const FINGERPRINT_KEY = 'trustpackFinding/v1'
/** The one partial fingerprint GitHub code scanning uses to match a result across runs. */
export const LINE_HASH_KEY = 'primaryLocationLineHash'
/** The uriBaseId of repository-relative artifact URIs (the name GitHub's and Microsoft's tools use). */
export const SRCROOT = '%SRCROOT%'

const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' }
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' }

export interface SarifOptions {
  toolVersion: string
  gate: GateDecision
  /**
   * The file the results point at (the baseline or config file): a URI relative to the
   * repository root (forward slashes, percent-encoded), or an absolute file: URI for a file
   * outside any repository and the working folder. See artifactUriOf in location.ts.
   */
  artifactUri: string
  /** Text of that file, for each finding's line and the columns of its text. */
  artifactText?: string
}

export function findingFingerprint(checkId: string, resourceId: string): string {
  return createHash('sha256').update(`${checkId}|${resourceId.toLowerCase()}`).digest('hex')
}

/**
 * partialFingerprints.primaryLocationLineHash in the shape GitHub computes it (a hash, then
 * ":" and the occurrence), but of the finding's identity (check + lower-cased resource ID)
 * rather than of the line's text: the baseline line a finding points at moves and changes
 * (a trailing comma, a control's status) while the finding stays the same, and one
 * (check, resource) occurs once per run, so the occurrence is always 1.
 */
export function lineHashFingerprint(checkId: string, resourceId: string): string {
  return `${findingFingerprint(checkId, resourceId).slice(0, 16)}:1`
}

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }

/** The region of one line: its text without the indentation and trailing blanks (columns 1-based, end exclusive). */
export function lineRegion(text: string | undefined, line: number): Region {
  const content = (text?.split('\n')[line - 1] ?? '').replace(/\r$/, '')
  const start = content.length - content.trimStart().length
  const end = content.trimEnd().length
  return end > start
    ? { startLine: line, startColumn: start + 1, endLine: line, endColumn: end + 1 }
    : { startLine: line, startColumn: 1, endLine: line, endColumn: 1 }
}

/** A relative URI is relative to the repository root; an absolute one (file:) stands alone. */
function isRelativeUri(uri: string): boolean {
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)
}

/** PascalCase rule name from a check id: sql-db-tde -> SqlDbTde. */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')
}

function rule(check: CheckInfo, controls: string[]): Record<string, unknown> {
  const controlText = controls.length ? controls.join(', ') : 'none in the evaluated frameworks'
  const text = [
    check.description || check.title,
    `Resource type: ${check.resourceType}.`,
    `Remediation: ${check.remediation}`,
    `Controls: ${controlText}.`,
  ].join('\n\n')
  const markdown = [
    `**${check.title}**`,
    check.description,
    `**Resource type:** \`${check.resourceType}\``,
    `**Remediation:** ${check.remediation}`,
    `**Controls:** ${controls.length ? controls.map((c) => `\`${c}\``).join(', ') : controlText}`,
  ].filter(Boolean).join('\n\n')
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.description || check.title },
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      severity: check.severity,
      'security-severity': SECURITY_SEVERITY[check.severity],
      precision: 'very-high',
      resourceType: check.resourceType,
      tags: ['security', 'compliance', 'azure', ...controls],
    },
  }
}

function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean)
  return parts[parts.length - 1] ?? id
}

function result(d: FindingDelta, ruleIndex: number, opts: SarifOptions, hasBaseline: boolean): Record<string, unknown> {
  const controls = d.controls.length ? ` (controls ${d.controls.join(', ')})` : ''
  const why = d.expiredException ? ` The exception for this finding expired on ${d.expiredException.expires} (owner ${d.expiredException.owner}).` : ''
  const text = `${d.checkId} failed on ${d.resourceId}${controls}: ${findingDetail(d)}.${why}`
  const line = opts.artifactText !== undefined ? baselineLineOf(opts.artifactText, d.checkId, d.resourceId, d.controls) : 1
  const artifactLocation = isRelativeUri(opts.artifactUri) ? { uri: opts.artifactUri, uriBaseId: SRCROOT } : { uri: opts.artifactUri }
  return {
    ruleId: d.checkId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    kind: 'fail',
    level: d.severity ? LEVEL[d.severity] : 'error',
    message: { text },
    locations: [{
      physicalLocation: { artifactLocation, region: lineRegion(opts.artifactText, line) },
      logicalLocations: [{ name: lastSegment(d.resourceId), fullyQualifiedName: d.resourceId, kind: 'resource' }],
    }],
    partialFingerprints: {
      [LINE_HASH_KEY]: lineHashFingerprint(d.checkId, d.resourceId),
      [FINGERPRINT_KEY]: findingFingerprint(d.checkId, d.resourceId),
    },
    ...(hasBaseline ? { baselineState: d.drift === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      resourceType: d.resourceType,
      observed: formatValue(d.observed, 1000),
      expected: formatValue(d.expected, 1000),
      controls: d.controls,
      ...(d.expiredException ? { exceptionExpired: d.expiredException.expires } : {}),
    },
  }
}

export function buildSarif(results: Results, comparison: Comparison, opts: SarifOptions): Record<string, unknown> {
  const controlsByCheck = new Map<string, string[]>()
  for (const c of results.controls) {
    for (const id of c.checkIds) controlsByCheck.set(id, [...(controlsByCheck.get(id) ?? []), `${c.framework}:${c.controlId}`])
  }
  // Rules: the checks the evaluated controls cite (the ones the gate judged).
  const checks = results.checks.filter((c) => controlsByCheck.has(c.id)).sort((a, b) => naturalCompare(a.id, b.id))
  // A failing check missing from results.checks still gets a rule, so every result resolves.
  for (const d of comparison.failing) {
    if (!checks.some((c) => c.id === d.checkId)) {
      checks.push({ id: d.checkId, title: d.checkId, description: '', resourceType: d.resourceType ?? 'unknown', severity: d.severity ?? 'high', remediation: 'See the check definition.' })
    }
  }
  const index = new Map(checks.map((c, i) => [c.id, i]))
  const rules = checks.map((c) => rule(c, [...new Set(controlsByCheck.get(c.id) ?? [])].sort(naturalCompare)))
  const notifications = comparison.notices.map((n) => ({ level: n.level === 'info' ? 'note' : n.level, message: { text: n.message } }))
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'trustpack', version: opts.toolVersion, semanticVersion: opts.toolVersion, rules } },
      invocations: [{
        executionSuccessful: true,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
      }],
      ...(isRelativeUri(opts.artifactUri) ? {
        originalUriBaseIds: {
          // No uri: the root is wherever the repository is checked out (SARIF allows an entry without one), so no
          // machine path is written; code scanning resolves relative URIs against it.
          [SRCROOT]: { description: { text: 'The root of the repository trustpack check ran in.' } },
        },
      } : {}),
      columnKind: 'utf16CodeUnits',
      results: comparison.failing.map((d) => result(d, index.get(d.checkId) ?? -1, opts, comparison.hasBaseline)),
      properties: {
        failOn: opts.gate.failOn satisfies FailOn,
        breaking: opts.gate.breaking,
        reasons: opts.gate.reasons,
        snapshotSha256: results.snapshotSha256,
        evaluatedAt: results.evaluatedAt,
        frameworks: results.frameworks.map((f) => f.id),
      },
    }],
  }
}

export function renderSarif(results: Results, comparison: Comparison, opts: SarifOptions): string {
  return JSON.stringify(buildSarif(results, comparison, opts), null, 2) + '\n'
}

// Use cases behind `trustpack controls list|show|validate|coverage`: browsing and validating the catalogs.
import { InputError } from '../core/errors.js'
import { defaultCatalogDir, formatProblem, loadCatalog, requireCatalog, type Catalog, type Framework, type FrameworkControl } from '../catalog/load.js'
import { didYouMean } from '../catalog/suggest.js'
import { describeCondition } from '../checks/engine.js'
import type { Severity } from '../snapshot/results.js'

export type ControlKind = 'automated' | 'manual' | 'both' | 'unmapped'

export function controlKind(c: FrameworkControl): ControlKind {
  if (c.checks.length > 0) return c.manual ? 'both' : 'automated'
  return c.manual ? 'manual' : 'unmapped'
}

export interface CoverageRow { framework: string; title: string; total: number; automated: number; manual: number; both: number; unmapped: number }

export interface ControlListResult {
  frameworks: { id: string; title: string; version: string; controls: { id: string; title: string; kind: ControlKind; checks: string[] }[] }[]
  coverage: CoverageRow[]
}

function pickFrameworks(cat: Catalog, ids: string[] | undefined): Framework[] {
  if (!ids || ids.length === 0) return cat.frameworks
  const known = cat.frameworks.map((f) => f.id)
  return ids.map((id) => {
    const fw = cat.frameworks.find((f) => f.id === id)
    if (!fw) throw new InputError(`unknown framework "${id}"${didYouMean(id, known)}; known: ${known.join(', ') || '(none)'}`)
    return fw
  })
}

export function coverageOf(frameworks: Framework[]): CoverageRow[] {
  return frameworks.map((fw) => {
    const row: CoverageRow = { framework: fw.id, title: fw.title, total: fw.controls.length, automated: 0, manual: 0, both: 0, unmapped: 0 }
    for (const c of fw.controls) row[controlKind(c)]++
    return row
  })
}

export function listControls(opts: { catalogDir?: string; frameworks?: string[] } = {}): ControlListResult {
  const cat = requireCatalog(opts.catalogDir ?? defaultCatalogDir())
  const fws = pickFrameworks(cat, opts.frameworks)
  return {
    frameworks: fws.map((fw) => ({
      id: fw.id, title: fw.title, version: fw.version,
      controls: fw.controls.map((c) => ({ id: c.id, title: c.title, kind: controlKind(c), checks: c.checks })),
    })),
    coverage: coverageOf(fws),
  }
}

export function renderCoverage(rows: CoverageRow[]): string {
  const head = `${'framework'.padEnd(16)} ${'controls'.padStart(8)} ${'automated'.padStart(9)} ${'both'.padStart(5)} ${'manual'.padStart(6)} ${'unmapped'.padStart(8)}`
  const lines = rows.map((r) => `${r.framework.padEnd(16)} ${String(r.total).padStart(8)} ${String(r.automated).padStart(9)} ${String(r.both).padStart(5)} ${String(r.manual).padStart(6)} ${String(r.unmapped).padStart(8)}`)
  return [head, ...lines, '', 'automated: checks only; both: checks plus an attestation; manual: attestation only; unmapped: neither.'].join('\n')
}

export function renderControlList(r: ControlListResult): string {
  const out: string[] = []
  for (const fw of r.frameworks) {
    out.push(`${fw.title} (${fw.id}, ${fw.version})`)
    const width = Math.max(...fw.controls.map((c) => c.id.length), 4)
    for (const c of fw.controls) {
      out.push(`  ${c.id.padEnd(width)}  ${c.kind.padEnd(9)}  ${c.title}${c.checks.length ? `  [${c.checks.join(', ')}]` : ''}`)
    }
    out.push('')
  }
  out.push(renderCoverage(r.coverage))
  return out.join('\n')
}

export interface CheckDetails {
  kind: 'check'
  id: string
  title: string
  description: string
  resourceType: string
  severity: Severity
  rule: string
  parameters: Record<string, unknown>
  remediation: string
  file: string
  usedBy: string[]
}

export interface ControlDetails {
  kind: 'control'
  framework: string
  id: string
  title: string
  controlKind: ControlKind
  evidence?: string
  file: string
  checks: { id: string; title: string; severity: Severity; resourceType: string }[]
}

function checkDetails(cat: Catalog, id: string): CheckDetails {
  const c = cat.checkById.get(id)!
  const params = { ...cat.parameterDefaults }
  return {
    kind: 'check', id, title: c.def.title, description: c.def.description, resourceType: c.def.resource, severity: c.def.severity,
    rule: describeCondition(c.def.rule, params), parameters: c.def.parameters ?? {}, remediation: c.def.remediation, file: `${c.file}:${c.line}`,
    usedBy: cat.frameworks.flatMap((fw) => fw.controls.filter((x) => x.checks.includes(id)).map((x) => `${fw.id}:${x.id}`)),
  }
}

function controlDetails(cat: Catalog, fw: Framework, c: FrameworkControl): ControlDetails {
  return {
    kind: 'control', framework: fw.id, id: c.id, title: c.title, controlKind: controlKind(c), file: `${fw.file}:${c.line}`,
    ...(c.evidence ? { evidence: c.evidence } : {}),
    checks: c.checks.map((id) => {
      const d = cat.checkById.get(id)!.def
      return { id, title: d.title, severity: d.severity, resourceType: d.resource }
    }),
  }
}

/** `soc2:CC6.1`, a bare check ID, or a bare control ID that only one framework has. */
export function showControl(id: string, opts: { catalogDir?: string } = {}): CheckDetails | ControlDetails {
  const cat = requireCatalog(opts.catalogDir ?? defaultCatalogDir())
  const sep = id.indexOf(':')
  if (sep > 0) {
    const fwId = id.slice(0, sep)
    const controlId = id.slice(sep + 1)
    const fw = cat.frameworks.find((f) => f.id === fwId)
    if (!fw) throw new InputError(`unknown framework "${fwId}"${didYouMean(fwId, cat.frameworks.map((f) => f.id))}`)
    const c = fw.controls.find((x) => x.id === controlId)
    if (!c) throw new InputError(`unknown control "${controlId}" in ${fwId}${didYouMean(controlId, fw.controls.map((x) => x.id))}`)
    return controlDetails(cat, fw, c)
  }
  if (cat.checkById.has(id)) return checkDetails(cat, id)
  const matches = cat.frameworks.flatMap((fw) => fw.controls.filter((c) => c.id === id).map((c) => ({ fw, c })))
  if (matches.length === 1) return controlDetails(cat, matches[0]!.fw, matches[0]!.c)
  if (matches.length > 1) throw new InputError(`control "${id}" is in several frameworks; say which: ${matches.map((m) => `${m.fw.id}:${id}`).join(', ')}`)
  const all = [...cat.checkById.keys(), ...cat.frameworks.flatMap((fw) => fw.controls.map((c) => `${fw.id}:${c.id}`))]
  throw new InputError(`no check or control "${id}"${didYouMean(id, all)}`)
}

export function renderShow(d: CheckDetails | ControlDetails): string {
  if (d.kind === 'check') {
    return [
      `${d.id}: ${d.title}`,
      `  resource:    ${d.resourceType}`,
      `  severity:    ${d.severity}`,
      `  passes when: ${d.rule}`,
      ...(Object.keys(d.parameters).length ? [`  parameters:  ${Object.entries(d.parameters).map(([k, v]) => `${k} (default ${JSON.stringify(v)})`).join(', ')}`] : []),
      `  defined in:  ${d.file}`,
      `  used by:     ${d.usedBy.join(', ') || '(no control yet)'}`,
      '',
      `  ${d.description}`,
      '',
      `  Remediation: ${d.remediation}`,
    ].join('\n')
  }
  return [
    `${d.framework}:${d.id}: ${d.title}`,
    `  kind:       ${d.controlKind}`,
    `  defined in: ${d.file}`,
    ...(d.evidence ? [`  attestation should hold: ${d.evidence}`] : []),
    ...(d.checks.length ? ['  checks:', ...d.checks.map((c) => `    ${c.id.padEnd(36)} ${c.severity.padEnd(8)} ${c.title}`)] : []),
  ].join('\n')
}

export interface ValidateResult { ok: boolean; dir: string; checks: number; frameworks: number; controls: number; fixturesChecked: boolean; problems: string[] }

/** Every problem in the catalogs (file:line), fixtures included. */
export function validateControls(opts: { catalogDir?: string } = {}): ValidateResult {
  const dir = opts.catalogDir ?? defaultCatalogDir()
  const cat = loadCatalog(dir, { fixtures: true })
  return {
    ok: cat.problems.length === 0,
    dir,
    checks: cat.checks.length,
    frameworks: cat.frameworks.length,
    controls: cat.frameworks.reduce((n, f) => n + f.controls.length, 0),
    fixturesChecked: cat.fixturesChecked,
    problems: cat.problems.map(formatProblem),
  }
}

export function coverageReport(opts: { catalogDir?: string; frameworks?: string[] } = {}): CoverageRow[] {
  const cat = requireCatalog(opts.catalogDir ?? defaultCatalogDir())
  return coverageOf(pickFrameworks(cat, opts.frameworks))
}

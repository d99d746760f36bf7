// The gate's terminal report: one line per framework when the gate passes; when it breaks,
// each broken control with the resources at fault and what changed since the baseline.
import type { Results } from '../../snapshot/results.js'
import { brokenControls, type Comparison, type FindingDelta, type GateDecision } from './compare.js'
import { driftLabel, findingDetail, plural } from './format.js'

export interface TerminalContext {
  baselinePath: string | null
}

function frameworkLines(results: Results): string[] {
  const ids = results.frameworks.map((f) => f.id)
  for (const fw of Object.keys(results.summary)) if (!ids.includes(fw)) ids.push(fw)
  const width = Math.max(0, ...ids.map((s) => s.length))
  return ids.map((fw) => {
    const c = results.summary[fw] ?? { pass: 0, fail: 0, error: 0, manual: 0, not_applicable: 0 }
    return `  ${fw.padEnd(width)}  ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.manual} manual, ${c.not_applicable} not applicable`
  })
}

function findingRef(d: FindingDelta): string {
  return `${driftLabel(d).toUpperCase()}: ${d.checkId} on ${d.resourceId}`
}

/** What was read and what was wanted, once per finding (several controls may cite it). */
function findingDetailLine(d: FindingDelta): string {
  const detail = d.status === 'fail' && d.message ? d.message : findingDetail(d)
  return `    ${d.checkId} on ${d.resourceId}${d.severity ? ` (${d.severity})` : ''}: ${detail}`
}

function driftSummary(comparison: Comparison): string {
  if (!comparison.hasBaseline) return `${plural(comparison.failing.length, 'failing finding')}, ${plural(comparison.errors.length, 'error')}`
  return [
    `${comparison.newFailures.length} new`,
    `${comparison.stillFailing.length} still failing`,
    `${comparison.resolved.length} resolved`,
    `${plural(comparison.newErrors.length, 'new error')}`,
  ].join(', ')
}

export function renderTerminal(results: Results, comparison: Comparison, gate: GateDecision, ctx: TerminalContext): string {
  const against = ctx.baselinePath ? `, baseline ${ctx.baselinePath}` : ''
  const lines: string[] = []
  if (!gate.breaking) {
    lines.push(`trustpack check: passed (--fail-on ${gate.failOn}${against}): ${driftSummary(comparison)}`)
    lines.push(...frameworkLines(results))
  } else {
    lines.push(`trustpack check: FAILED (--fail-on ${gate.failOn}${against}): ${gate.reasons.join('; ')}`)
    const details = new Map<string, FindingDelta>()
    for (const { control, findings } of brokenControls(comparison, gate)) {
      const change = control.baselineStatus && control.baselineStatus !== control.status ? `${control.baselineStatus} -> ${control.status}` : control.status
      lines.push(`  ${control.framework} ${control.controlId} ${control.title}: ${change}`)
      for (const d of findings) {
        lines.push(`    ${findingRef(d)}`)
        details.set(`${d.checkId}|${d.resourceId}`, d)
      }
      if (!findings.length && control.status === 'manual') lines.push('    needs a valid attestation (the one it had is missing or expired)')
    }
    if (details.size) {
      lines.push('  what changed:')
      for (const d of details.values()) lines.push(findingDetailLine(d))
    }
    if (comparison.resolved.length) lines.push(`  resolved since the baseline: ${comparison.resolved.map((d) => `${d.checkId} on ${d.resourceId}`).join('; ')}`)
    lines.push(`  findings: ${driftSummary(comparison)}`)
    lines.push(...frameworkLines(results))
  }
  for (const n of comparison.notices) lines.push(`${n.level}: ${n.message}`)
  return lines.join('\n') + '\n'
}

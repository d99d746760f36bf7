// The gate's terminal report: one line per framework when the gate passes; when it breaks, what changed
// first (each finding that broke the gate, what was read, how to fix it), then the controls it broke;
// findings still failing as in the baseline and accepted risks are counted, not listed.
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

/** The first sentence of a remediation (the rest is in the pack and the Markdown summary). */
function oneSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  const end = t.search(/[.:](\s|$)/)
  return end > 0 && end < 240 ? t.slice(0, end + 1) : t.length > 240 ? `${t.slice(0, 239)}…` : t
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
  const remediation = new Map(results.checks.map((c) => [c.id, oneSentence(c.remediation)]))
  const against = ctx.baselinePath ? `, baseline ${ctx.baselinePath}` : ''
  const lines: string[] = []
  if (!gate.breaking) {
    lines.push(`trustpack check: passed (--fail-on ${gate.failOn}${against}): ${driftSummary(comparison)}`)
    lines.push(...frameworkLines(results))
  } else {
    lines.push(`trustpack check: FAILED (--fail-on ${gate.failOn}${against}): ${gate.reasons.join('; ')}`)
    // What changed leads: each finding that broke the gate once, with what was read and how to fix it.
    const broken = brokenControls(comparison, gate)
    const details = new Map<string, FindingDelta>()
    for (const { findings } of broken) for (const d of findings) details.set(`${d.checkId}|${d.resourceId}`, d)
    if (details.size) {
      lines.push('  what changed:')
      for (const d of details.values()) {
        lines.push(`    ${findingRef(d)}`, findingDetailLine(d))
        const fix = remediation.get(d.checkId)
        if (fix) lines.push(`      fix: ${fix}`)
      }
    }
    lines.push('  controls broken:')
    for (const { control, findings } of broken) {
      const change = control.baselineStatus && control.baselineStatus !== control.status ? `${control.baselineStatus} -> ${control.status}` : control.status
      lines.push(`  ${control.framework} ${control.controlId} ${control.title}: ${change}`)
      if (!findings.length && control.status === 'manual') lines.push('    needs a valid attestation (the one it had is missing or expired)')
    }
    if (comparison.resolved.length) lines.push(`  resolved since the baseline: ${comparison.resolved.map((d) => `${d.checkId} on ${d.resourceId}`).join('; ')}`)
    // What did not break the gate is counted, not listed: the full detail is in --markdown and results.json.
    const folded: string[] = []
    if (comparison.hasBaseline && comparison.stillFailing.length) folded.push(`${plural(comparison.stillFailing.length, 'finding')} still failing as in the baseline`)
    const accepted = results.findings.filter((f) => f.exception).length
    if (accepted) folded.push(`${plural(accepted, 'accepted risk')} (failing under an active exception)`)
    if (folded.length) lines.push(`  not shown: ${folded.join('; ')}`)
    lines.push(`  findings: ${driftSummary(comparison)}`)
    lines.push(...frameworkLines(results))
  }
  for (const n of comparison.notices) lines.push(`${n.level}: ${n.message}`)
  return lines.join('\n') + '\n'
}

// The gate's Markdown summary (for $GITHUB_STEP_SUMMARY, a pull request comment, or
// --markdown FILE): verdict, then what changed with its fix, counts and notices, accepted risks folded
// away, then a table per framework.
import type { Results, Status } from '../../snapshot/results.js'
import type { Comparison, ControlDelta, FindingDelta, GateDecision } from './compare.js'
import { driftLabel, findingDetail, formatValue, newFirst, plural } from './format.js'

export interface MarkdownContext {
  baselinePath: string | null
  /** Set when the baseline did not exist and this run created it. */
  baselineCreated?: boolean
}

const ICON: Record<Status, string> = { pass: '✅', fail: '❌', error: '⚠️', manual: '📝', not_applicable: '➖' }

/** Text safe inside a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function code(s: string): string {
  const clean = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``
}

function findingsTable(list: FindingDelta[], fixes: Map<string, string>): string[] {
  const rows = list.map((d) => `| ${cell(driftLabel(d))} | ${code(d.checkId)} | ${code(d.resourceId)} | ${d.severity ?? ''} | ${cell(d.controls.join(', '))} | ${cell(d.status === 'fail' ? `observed ${formatValue(d.observed, 80)}, expected ${formatValue(d.expected, 80)}` : findingDetail(d))} | ${cell(fixes.get(d.checkId) ?? '')} |`)
  return ['| Change | Check | Resource | Severity | Controls | Detail | Fix |', '|---|---|---|---|---|---|---|', ...rows]
}

// Sort key: controls that got worse or hold new failures first, then still failing, then errors.
function controlRank(c: ControlDelta): number {
  if (c.change === 'worse' || c.failing.some((d) => d.drift === 'new') || c.errors.some((d) => d.drift === 'new')) return 0
  if (c.status === 'fail') return 1
  if (c.status === 'error') return 2
  return 3
}

function controlRow(c: ControlDelta): string {
  const list = newFirst([...c.failing, ...c.errors])
  const fresh = list.some((d) => d.drift === 'new')
  const change = c.baselineStatus === null
    ? (c.change === 'new' ? 'not in baseline' : '')
    : c.baselineStatus !== c.status ? `${c.baselineStatus} → ${c.status}` : fresh ? 'new failing resource' : 'unchanged'
  const shown = list.slice(0, 5).map((d) => `${d.drift === 'new' ? '**new** ' : ''}${code(d.checkId)} on ${code(d.resourceId)}`).join('<br>')
  const more = list.length > 5 ? `<br>… and ${list.length - 5} more` : ''
  return `| ${ICON[c.status]} ${c.status} | ${cell(c.controlId)} | ${cell(c.title)} | ${cell(change)} | ${shown}${more} |`
}

export function renderMarkdown(results: Results, comparison: Comparison, gate: GateDecision, ctx: MarkdownContext): string {
  const out: string[] = []
  out.push(gate.breaking ? '## ❌ trustpack check failed' : '## ✅ trustpack check passed')
  out.push('')
  const against = ctx.baselinePath ? ` against baseline ${code(ctx.baselinePath)}` : ' (no baseline)'
  out.push(`Gate: ${code(`--fail-on ${gate.failOn}`)}${against}${gate.breaking ? ` — ${cell(gate.reasons.join('; '))}` : ''}.`)
  out.push('')
  // What changed leads, with how to fix it; everything else follows, folded.
  const fixes = new Map(results.checks.map((c) => [c.id, c.remediation]))
  const fresh = [...comparison.newFailures, ...comparison.newErrors]
  if (fresh.length) out.push('### New since the baseline', '', ...findingsTable(fresh, fixes), '')
  if (comparison.hasBaseline) {
    out.push('| New failures | New errors | Resolved | Still failing | Errors |')
    out.push('|---:|---:|---:|---:|---:|')
    out.push(`| ${comparison.newFailures.length} | ${comparison.newErrors.length} | ${comparison.resolved.length} | ${comparison.stillFailing.length} | ${comparison.errors.length} |`)
  } else {
    out.push(`${plural(comparison.failing.length, 'failing finding')}, ${plural(comparison.errors.length, 'finding')} in error.`)
  }
  out.push('')
  if (ctx.baselineCreated) {
    out.push(`> [!WARNING]\n> The baseline ${code(ctx.baselinePath ?? '')} did not exist: this run created it. Commit it so later runs compare against it.`)
    out.push('')
  }
  if (comparison.notices.length) {
    for (const n of comparison.notices) out.push(`- ${n.level === 'error' ? '⛔' : n.level === 'warning' ? '⚠️' : 'ℹ️'} ${cell(n.message)}`)
    out.push('')
  }
  if (comparison.resolved.length) {
    out.push('### Resolved since the baseline', '')
    for (const d of comparison.resolved) out.push(`- ${code(d.checkId)} on ${code(d.resourceId)} (${d.status === 'absent' ? 'no longer present' : d.status})`)
    out.push('')
  }
  const accepted = results.findings.filter((f) => f.exception)
  if (accepted.length) {
    out.push(`<details><summary>${plural(accepted.length, 'accepted risk')}: failing, passed under an active exception</summary>`, '')
    for (const f of accepted) out.push(`- ${code(f.checkId)} on ${code(f.resourceId)}: until ${f.exception!.expires}, owner ${cell(f.exception!.owner)} — ${cell(f.exception!.reason)}`)
    out.push('', '</details>', '')
  }
  const ids = results.frameworks.map((f) => f.id)
  for (const c of comparison.controls) if (!ids.includes(c.framework)) ids.push(c.framework)
  for (const fw of ids) {
    const meta = results.frameworks.find((f) => f.id === fw)
    const controls = comparison.controls.filter((c) => c.framework === fw)
    const counts = results.summary[fw]
    out.push(`### ${cell(fw)}${meta ? ` — ${cell(meta.title)}` : ''}`, '')
    if (counts) out.push(`${counts.pass} pass · ${counts.fail} fail · ${counts.error} error · ${counts.manual} manual · ${counts.not_applicable} not applicable`, '')
    const notable = controls.filter((c) => c.status === 'fail' || c.status === 'error' || c.change === 'worse')
      .map((c, i) => ({ c, i }))
      .sort((a, b) => controlRank(a.c) - controlRank(b.c) || a.i - b.i)
      .map((x) => x.c)
    if (notable.length) {
      out.push('| Status | Control | Title | Change | Failing resources |', '|---|---|---|---|---|', ...notable.map(controlRow), '')
    } else {
      out.push('No failing controls.', '')
    }
  }
  return out.join('\n') + '\n'
}

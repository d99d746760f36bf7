// period.html: the period view of a pack (docs/history.md) as one self-contained page: per framework an
// inline SVG status timeline (one row per control, gaps hatched), what changed since the previous pack,
// failure windows, exceptions and attestations in force, findings first seen and fixed, and per control its
// period status. No script, no external resource; deterministic for the same model.
import { failureWindowsSvg, passRateTimelineSvg } from './charts.js'
import type { Status } from '../../snapshot/results.js'
import { dayIndex, type PeriodControl, type PeriodModel, type PeriodStatus } from '../../history/period.js'
import { shortResourceName } from './model.js'

const STATUS_FILL: Record<Status, string> = { pass: '#1f7a3a', fail: '#b42318', error: '#b54708', manual: '#6941c6', not_applicable: '#98a2b3' }
export const PERIOD_STATUS_LABEL: Record<PeriodStatus, string> = {
  operated: 'Operated throughout',
  deviations: 'Deviations',
  insufficient: 'Insufficient evidence',
  not_applicable: 'Not applicable',
}
const PERIOD_FILL: Record<PeriodStatus, string> = { operated: '#1f7a3a', deviations: '#b42318', insufficient: '#b54708', not_applicable: '#667085' }

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const ROW = 14
const LABEL_W = 150
const CHART_W = 640

/** One framework's controls as rows of status segments over the period's days. */
export function timelineSvg(model: PeriodModel, controls: readonly PeriodControl[]): string {
  const start = dayIndex(model.period.from)
  const days = model.period.days
  const x = (day: string): number => LABEL_W + ((dayIndex(day) - start) / days) * CHART_W
  const w = (from: string, to: string): number => Math.max(1.5, ((dayIndex(to) - dayIndex(from) + 1) / days) * CHART_W)
  const h = controls.length * ROW + 22
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${LABEL_W + CHART_W + 10}" height="${h}" viewBox="0 0 ${LABEL_W + CHART_W + 10} ${h}" role="img" aria-label="status timeline">`,
    '<defs><pattern id="gap" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="#d0d5dd"/></pattern></defs>',
    `<text x="${LABEL_W}" y="10" font-size="9" fill="#5d6778">${esc(model.period.from)}</text>`,
    `<text x="${LABEL_W + CHART_W}" y="10" font-size="9" fill="#5d6778" text-anchor="end">${esc(model.period.to)}</text>`,
  ]
  controls.forEach((c, i) => {
    const y = 16 + i * ROW
    parts.push(`<text x="0" y="${y + 10}" font-size="9" fill="#1d2430">${esc(c.controlId)}</text>`)
    c.segments.forEach((s, k) => {
      // A segment lasts until the next one begins (the status held between runs), the last until its own day.
      const next = c.segments[k + 1]
      const endIdx = next ? dayIndex(next.from) - 1 : dayIndex(s.to)
      const width = Math.max(1.5, ((endIdx - dayIndex(s.from) + 1) / days) * CHART_W)
      parts.push(`<rect x="${x(s.from).toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 3}" fill="${STATUS_FILL[s.status]}"><title>${esc(c.controlId)} ${esc(s.status)} ${esc(s.from)} to ${esc(s.to)} (${s.runs} run${s.runs === 1 ? '' : 's'})</title></rect>`)
    })
    for (const g of c.coverageGaps) parts.push(`<rect x="${x(g.from).toFixed(1)}" y="${y}" width="${w(g.from, g.to).toFixed(1)}" height="${ROW - 3}" fill="url(#gap)"><title>no run ${esc(g.from)} to ${esc(g.to)}</title></rect>`)
  })
  parts.push('</svg>')
  return parts.join('')
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="none">None.</p>'
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}

const badge = (s: PeriodStatus): string => `<span class="badge" style="background:${PERIOD_FILL[s]}">${esc(PERIOD_STATUS_LABEL[s])}</span>`

/** Rows of the failure-window chart; the table below it lists every window. */
const WINDOW_ROWS = 40

/** Per run of the period, the share of a framework's controls judged by checks that passed. */
function passRates(model: PeriodModel, framework: string): { at: string; passRate: number | null }[] {
  const controls = model.controls.filter((c) => c.framework === framework)
  return model.runs.map((run) => {
    let judged = 0
    let passed = 0
    for (const c of controls) {
      const status = c.timeline.find((t) => t.seq === run.seq)?.status
      if (status === 'pass' || status === 'fail' || status === 'error') judged++
      if (status === 'pass') passed++
    }
    return { at: run.day, passRate: judged === 0 ? null : passed / judged }
  })
}

export function renderPeriodHtml(model: PeriodModel, title: string, sampleData: string | null = null): string {
  const ch = model.changes
  const fkRows = (list: { checkId: string; resourceId: string }[]): string[][] => list.map((f) => [esc(f.checkId), `<span title="${esc(f.resourceId)}">${esc(shortResourceName(f.resourceId))}</span>`])
  const frameworks = [...new Set(model.controls.map((c) => c.framework))]
  const windows = model.controls.flatMap((c) => c.failureWindows.map((w) => [esc(`${c.framework}:${c.controlId}`), esc(w.firstSeen), esc(w.lastSeen), w.fixed ? esc(w.fixed) : '<b>still failing</b>', w.daysToRemediate === null ? '—' : String(w.daysToRemediate), String(w.runs)]))
  const inForce = model.controls.flatMap((c) => [
    ...c.exceptions.map((e) => [esc(`${c.framework}:${c.controlId}`), 'exception', esc(`${e.check} on ${shortResourceName(e.resource ?? '')}`), esc(e.owner), esc(e.firstSeen), esc(e.expires), e.expiredInPeriod ? '<b>expired in period</b>' : e.lastInForce ? 'in force' : 'not in force']),
    ...c.attestations.map((a) => [esc(`${c.framework}:${c.controlId}`), 'attestation', esc(a.statement ?? ''), esc(a.owner), esc(a.firstSeen), esc(a.expires), a.expiredInPeriod ? '<b>expired in period</b>' : a.lastInForce ? 'in force' : 'not in force']),
  ])
  const windowRows = model.controls.filter((c) => c.failureWindows.length > 0).slice(0, WINDOW_ROWS).map((c) => ({
    label: `${c.framework}:${c.controlId}`,
    windows: c.failureWindows.map((w) => ({ from: w.firstSeen, to: w.fixed ?? w.lastSeen, open: w.fixed === null })),
  }))
  const body = [
    ...(sampleData ? [`<div class="watermark" aria-hidden="true">SAMPLE DATA</div><p class="sample-banner"><strong>SAMPLE DATA.</strong> Built from ${esc(sampleData)}. It is not evidence about any real system.</p>`] : []),
    `<h1>${esc(title)}: period ${esc(model.period.from)} to ${esc(model.period.to)}</h1>`,
    `<p>${model.runs.length} evaluated run(s) from the evidence store (${esc(model.store.location)}), expected every ${model.period.cadenceDays} day(s); head of the chain: run ${model.store.headSeq ?? '—'} <code>${esc(model.store.head ?? '—')}</code>.</p>`,
    `<p>${(Object.keys(model.summary) as PeriodStatus[]).map((s) => `${badge(s)} ${model.summary[s]}`).join(' &nbsp; ')}</p>`,
    model.coverageGaps.length ? `<p><b>Coverage gaps</b> (no run): ${model.coverageGaps.map((g) => `${esc(g.from)}${g.days > 1 ? ` to ${esc(g.to)}` : ''} (${g.days} day${g.days === 1 ? '' : 's'})`).join(', ')}</p>` : '<p>No coverage gap: a run on every expected day.</p>',
    `<h2 id="changes">What changed since the previous pack</h2><p>From run ${ch.since.seq} (${esc(ch.since.day)}${ch.since.basis === 'first-in-period' ? ', the first run of the period: no earlier run recorded' : ''}) to run ${ch.until.seq} (${esc(ch.until.day)}).</p>`,
    '<h3>New failures</h3>', table(['Check', 'Resource'], fkRows(ch.newFailures)),
    '<h3>Fixed findings</h3>', table(['Check', 'Resource'], fkRows(ch.fixedFindings)),
    '<h3>New resources</h3>', table(['Resource'], ch.newResources.map((r) => [`<span title="${esc(r)}">${esc(shortResourceName(r))}</span>`])),
    '<h3>Removed resources</h3>', table(['Resource'], ch.removedResources.map((r) => [`<span title="${esc(r)}">${esc(shortResourceName(r))}</span>`])),
    '<h3>Expired exceptions</h3>', table(['Check', 'Resource', 'Expired after', 'Owner'], ch.expiredExceptions.map((e) => [esc(e.check), esc(shortResourceName(e.resource)), esc(e.expires), esc(e.owner)])),
    '<h2 id="pass-rate">Pass rate over the period</h2><p>Per framework, the share of controls judged by checks (pass, fail or error) that passed in each run; a gap is a run where no control was judged.</p>',
    ...frameworks.map((fw) => `<h3>${esc(fw)}</h3>${passRateTimelineSvg(passRates(model, fw), { from: model.period.from, to: model.period.to, title: `${fw}: pass rate per run` })}`),
    ...(windowRows.length > 0 ? ['<h2 id="window-chart">Failure windows</h2><p>Each bar runs from the first run a control failed in to the run it was fixed in (or the last run, while it still fails).</p>', failureWindowsSvg(windowRows, { from: model.period.from, to: model.period.to }, { title: 'Failure windows per control' })] : []),
    '<h2 id="timeline">Status timeline</h2><p>One row per control; colour: pass green, fail red, error orange, manual purple, not applicable grey; hatched: no run.</p>',
    ...frameworks.map((fw) => `<h3>${esc(fw)}</h3>${timelineSvg(model, model.controls.filter((c) => c.framework === fw))}`),
    '<h2 id="windows">Failure windows</h2>', table(['Control', 'First seen', 'Last seen', 'Fixed', 'Days to remediate', 'Runs'], windows),
    '<h2 id="in-force">Exceptions and attestations in force</h2>', table(['Control', 'Kind', 'What', 'Owner', 'First seen', 'Expires', 'State'], inForce),
    '<h2 id="findings">Findings that failed in the period</h2>',
    table(['Check', 'Resource', 'First appeared', 'Failed', 'Fixed', 'Days to remediate'], model.findings.flatMap((f) => f.windows.map((w) => [esc(f.checkId), `<span title="${esc(f.resourceId)}">${esc(shortResourceName(f.resourceId))}</span>`, esc(f.firstAppeared), esc(w.firstSeen), w.fixed ? `${esc(w.fixed)}${w.closedBy === 'removed' ? ' (resource removed)' : ''}` : '<b>still failing</b>', w.daysToRemediate === null ? '—' : String(w.daysToRemediate)]))),
    '<h2 id="controls">Controls over the period</h2>',
    table(['Control', 'Title', 'Period status', 'Runs', 'Gap days', 'Failure windows', 'Latest'], model.controls.map((c) => [esc(`${c.framework}:${c.controlId}`), esc(c.title), badge(c.periodStatus), String(c.runs), String(c.coverageGaps.reduce((a, g) => a + g.days, 0)), String(c.failureWindows.length), esc(c.latestStatus)])),
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}: period ${esc(model.period.from)} to ${esc(model.period.to)}${sampleData ? ' (SAMPLE DATA)' : ''}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;color:#1d2430;margin:2rem auto;max-width:60rem;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{border-bottom:1px solid #d0d5dd;padding:.25rem .4rem;text-align:left;font-size:13px;vertical-align:top}th{background:#eef1f5}.badge{color:#fff;border-radius:3px;padding:0 .35rem;font-size:12px;white-space:nowrap}.none{color:#5d6778}svg.timeline{max-width:100%;height:auto}code{font-size:12px}.sample-banner{padding:8px 12px;background:#fff4e5;border:2px solid #b54708;border-radius:6px;color:#7a2e0e}.watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:120px;font-weight:700;color:rgba(180,35,24,.08);transform:rotate(-30deg);pointer-events:none;z-index:0}</style>
</head><body>
${body.join('\n')}
<p class="none">period.json holds this model in full; manifest.json lists its SHA-256 with every other file of the pack.</p>
</body></html>
`
}

/** The period section index.html carries in a period pack: the figures and where the full view is. */
export function periodIndexSection(model: PeriodModel): string {
  const ch = model.changes
  return `<section id="period"><h2>Period ${esc(model.period.from)} to ${esc(model.period.to)}</h2>
<p>${model.runs.length} evaluated run(s) from the evidence store; this report shows the latest (${esc(ch.until.day)}). ${(Object.keys(model.summary) as PeriodStatus[]).map((s) => `${badge(s)} ${model.summary[s]}`).join(' ')}</p>
<p>Since run ${ch.since.seq} (${esc(ch.since.day)}): ${ch.newFailures.length} new failure(s), ${ch.fixedFindings.length} fixed finding(s), ${ch.newResources.length} new and ${ch.removedResources.length} removed resource(s), ${ch.expiredExceptions.length} expired exception(s). Timeline, failure windows and exceptions in force: <a href="period.html">period.html</a> (print: <a href="period.pdf">period.pdf</a>; data: <a href="period.json">period.json</a>).</p></section>
`
}

/** index.html with the period section before its end (the page renderer knows nothing of periods). */
export function withPeriodSection(html: string, model: PeriodModel): string {
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + periodIndexSection(model) : html.slice(0, at) + periodIndexSection(model) + html.slice(at)
}

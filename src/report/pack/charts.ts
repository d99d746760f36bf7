// Inline SVG charts for the pack's HTML pages, drawn by hand from plain data arrays (no charting
// library, no scripts, no external resources): controls by status per framework (stacked bars), the
// pass-rate timeline over a period, and failure windows per control. Deterministic: same data → same
// bytes (coordinates rounded to 0.1, no ids from counters or clocks). Every chart carries a <title> and
// <desc> and text labels, so it reads without colour and in a screen reader.

export const CHART_STATUSES = ['fail', 'error', 'attestation', 'pass', 'not_applicable'] as const
export type ChartStatus = (typeof CHART_STATUSES)[number]

export const CHART_COLOR: Record<ChartStatus, string> = {
  fail: '#b42318',
  error: '#b54708',
  attestation: '#6941c6',
  pass: '#1f7a3a',
  not_applicable: '#98a2b3',
}

export const CHART_LABEL: Record<ChartStatus, string> = {
  fail: 'Fail',
  error: 'Error',
  attestation: 'Needs attestation',
  pass: 'Pass',
  not_applicable: 'Not applicable',
}

export interface StatusBarRow {
  label: string
  counts: Record<ChartStatus, number>
}

export interface PassRatePoint {
  /** ISO date or date-time of the run. */
  at: string
  /** 0..1; null for a run with nothing to judge (drawn as a gap). */
  passRate: number | null
}

export interface FailureWindowRow {
  label: string
  /** ISO dates or date-times; `to` is the last run the failure was seen in (or the period end, if still open). */
  windows: { from: string; to: string; open?: boolean }[]
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const n1 = (x: number): string => {
  const r = Math.round(x * 10) / 10
  return Object.is(r, -0) ? '0' : String(r)
}

/** Shortens a label to about `width` pixels at 12 px (≈ 6.5 px a character), ending in an ellipsis. */
function fitLabel(label: string, width: number): string {
  const max = Math.max(4, Math.floor(width / 6.5))
  return label.length > max ? `${label.slice(0, max - 1)}…` : label
}

const FONT = 'font-family="-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"'

function svgOpen(width: number, height: number, title: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n1(width)} ${n1(height)}" width="${n1(width)}" height="${n1(height)}" role="img" class="chart" ${FONT} font-size="12">`
    + `<title>${escapeXml(title)}</title><desc>${escapeXml(desc)}</desc>`
}

/** Controls by status per framework: one horizontal bar each, segments in attention order, counts written in. */
export function statusBarsSvg(rows: readonly StatusBarRow[], opts: { width?: number; title?: string } = {}): string {
  const width = opts.width ?? 760
  const labelW = Math.min(260, Math.max(120, Math.round(width * 0.24)))
  const totalW = 84
  const barW = width - labelW - totalW - 10
  const rowH = 30
  const top = 8
  const legendH = 26
  const height = top + rows.length * rowH + legendH + 6
  const desc = rows.map((r) => `${r.label}: ${CHART_STATUSES.filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${CHART_LABEL[s].toLowerCase()}`).join(', ') || 'no controls'}`).join('; ')
  let out = svgOpen(width, height, opts.title ?? 'Controls by status, per framework', desc)
  rows.forEach((r, i) => {
    const y = top + i * rowH
    const total = CHART_STATUSES.reduce((a, s) => a + r.counts[s], 0)
    out += `<text x="0" y="${n1(y + 18)}" fill="#1d2430">${escapeXml(fitLabel(r.label, labelW - 8))}</text>`
    let x = labelW
    for (const s of CHART_STATUSES) {
      const v = r.counts[s]
      if (v <= 0 || total === 0) continue
      const w = (v / total) * barW
      out += `<rect x="${n1(x)}" y="${n1(y + 4)}" width="${n1(w)}" height="20" fill="${CHART_COLOR[s]}"><title>${escapeXml(`${r.label}: ${v} ${CHART_LABEL[s].toLowerCase()}`)}</title></rect>`
      if (w >= 8 * String(v).length + 6) out += `<text x="${n1(x + w / 2)}" y="${n1(y + 18)}" fill="#fff" text-anchor="middle" font-weight="600">${v}</text>`
      x += w
    }
    if (total === 0) out += `<rect x="${labelW}" y="${n1(y + 4)}" width="${n1(barW)}" height="20" fill="none" stroke="#d0d5dd"/>`
    out += `<text x="${n1(width - 4)}" y="${n1(y + 18)}" fill="#5d6778" text-anchor="end">${total} controls</text>`
  })
  let lx = labelW
  const ly = top + rows.length * rowH + 8
  for (const s of CHART_STATUSES) {
    out += `<rect x="${n1(lx)}" y="${n1(ly)}" width="12" height="12" fill="${CHART_COLOR[s]}"/><text x="${n1(lx + 16)}" y="${n1(ly + 10)}" fill="#1d2430" font-size="11">${CHART_LABEL[s]}</text>`
    lx += 26 + CHART_LABEL[s].length * 6
  }
  return out + '</svg>'
}

function timeOf(s: string): number {
  const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)
  return Number.isNaN(t) ? 0 : t
}

function dayLabel(t: number): string {
  return new Date(t).toISOString().slice(0, 10)
}

/** Ticks at the start, the end and evenly between (at most `n`), as dates. */
function timeTicks(t0: number, t1: number, n: number): number[] {
  if (t1 <= t0) return [t0]
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(t0 + ((t1 - t0) * i) / (n - 1))
  return out
}

/** Pass rate per run over a period: a line with a dot per run, 0–100 % axis, dates along the bottom. */
export function passRateTimelineSvg(points: readonly PassRatePoint[], opts: { width?: number; height?: number; from?: string; to?: string; title?: string } = {}): string {
  const width = opts.width ?? 760
  const height = opts.height ?? 220
  const m = { l: 44, r: 12, t: 12, b: 30 }
  const pw = width - m.l - m.r
  const ph = height - m.t - m.b
  const sorted = [...points].sort((a, b) => timeOf(a.at) - timeOf(b.at))
  const t0 = opts.from ? timeOf(opts.from) : sorted.length ? timeOf(sorted[0]!.at) : 0
  const t1 = opts.to ? timeOf(opts.to) : sorted.length ? timeOf(sorted[sorted.length - 1]!.at) : 0
  const xOf = (t: number): number => m.l + (t1 > t0 ? ((t - t0) / (t1 - t0)) * pw : pw / 2)
  const yOf = (rate: number): number => m.t + (1 - Math.max(0, Math.min(1, rate))) * ph
  const judged = sorted.filter((p) => p.passRate !== null)
  const desc = judged.length
    ? `${judged.length} run(s) from ${dayLabel(timeOf(sorted[0]!.at))} to ${dayLabel(timeOf(sorted[sorted.length - 1]!.at))}; pass rate ${judged.map((p) => `${Math.round(p.passRate! * 100)}%`).join(', ')}`
    : 'no runs in the period'
  let out = svgOpen(width, height, opts.title ?? 'Pass rate per run over the period', desc)
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = yOf(pct / 100)
    out += `<line x1="${m.l}" y1="${n1(y)}" x2="${n1(width - m.r)}" y2="${n1(y)}" stroke="#e4e7ec"/><text x="${m.l - 6}" y="${n1(y + 4)}" text-anchor="end" fill="#5d6778" font-size="11">${pct}%</text>`
  }
  for (const t of timeTicks(t0, t1, t1 > t0 ? 5 : 1)) {
    // The first and last labels are anchored inside the plot, so the edge dates are never cut off.
    const anchor = t <= t0 ? 'start' : t >= t1 ? 'end' : 'middle'
    out += `<text x="${n1(xOf(t))}" y="${n1(height - 10)}" text-anchor="${anchor}" fill="#5d6778" font-size="11">${dayLabel(t)}</text>`
  }
  // A null rate breaks the line: a run with nothing judged is not a 0 % run.
  let path = ''
  let pen = false
  for (const p of sorted) {
    if (p.passRate === null) {
      pen = false
      continue
    }
    path += `${pen ? 'L' : 'M'}${n1(xOf(timeOf(p.at)))} ${n1(yOf(p.passRate))}`
    pen = true
  }
  if (path) out += `<path d="${path}" fill="none" stroke="#1f7a3a" stroke-width="2"/>`
  for (const p of judged) {
    out += `<circle cx="${n1(xOf(timeOf(p.at)))}" cy="${n1(yOf(p.passRate!))}" r="3" fill="${p.passRate! < 1 ? CHART_COLOR.fail : CHART_COLOR.pass}"><title>${escapeXml(`${p.at}: ${Math.round(p.passRate! * 1000) / 10}% pass`)}</title></circle>`
  }
  if (!judged.length) out += `<text x="${n1(m.l + pw / 2)}" y="${n1(m.t + ph / 2)}" text-anchor="middle" fill="#5d6778">No runs in the period</text>`
  return out + '</svg>'
}

/** Failure windows per control across a period: a lane each, a red bar from first seen to last seen failing. */
export function failureWindowsSvg(rows: readonly FailureWindowRow[], range: { from: string; to: string }, opts: { width?: number; title?: string } = {}): string {
  const width = opts.width ?? 760
  const labelW = 170
  const m = { r: 12, t: 8, b: 28 }
  const laneH = 22
  const height = m.t + Math.max(1, rows.length) * laneH + m.b
  const t0 = timeOf(range.from)
  const t1 = timeOf(range.to)
  const pw = width - labelW - m.r
  const xOf = (t: number): number => labelW + (t1 > t0 ? ((Math.max(t0, Math.min(t1, t)) - t0) / (t1 - t0)) * pw : 0)
  const desc = rows.length
    ? rows.map((r) => `${r.label}: ${r.windows.map((w) => `${w.from.slice(0, 10)} to ${w.to.slice(0, 10)}${w.open ? ' (still failing)' : ''}`).join(', ')}`).join('; ')
    : 'no failures in the period'
  let out = svgOpen(width, height, opts.title ?? 'Failure windows over the period', desc)
  rows.forEach((r, i) => {
    const y = m.t + i * laneH
    out += `<text x="0" y="${n1(y + 15)}" fill="#1d2430">${escapeXml(fitLabel(r.label, labelW - 8))}</text>`
    out += `<rect x="${labelW}" y="${n1(y + 4)}" width="${n1(pw)}" height="14" fill="#f2f4f7"/>`
    for (const w of r.windows) {
      const x0 = xOf(timeOf(w.from))
      const x1 = Math.max(x0 + 3, xOf(timeOf(w.to)))
      out += `<rect x="${n1(x0)}" y="${n1(y + 4)}" width="${n1(x1 - x0)}" height="14" fill="${CHART_COLOR.fail}"${w.open ? ' fill-opacity="0.65"' : ''}><title>${escapeXml(`${r.label}: failing ${w.from} to ${w.to}${w.open ? ' (still failing)' : ''}`)}</title></rect>`
    }
  })
  if (!rows.length) out += `<text x="${n1(labelW + pw / 2)}" y="${n1(m.t + 15)}" text-anchor="middle" fill="#5d6778">No failures in the period</text>`
  for (const t of timeTicks(t0, t1, t1 > t0 ? 5 : 1)) {
    out += `<text x="${n1(xOf(t))}" y="${n1(height - 8)}" text-anchor="middle" fill="#5d6778" font-size="11">${dayLabel(t)}</text>`
  }
  return out + '</svg>'
}

// summary.pdf: the pack laid out for print with pdfkit's built-in Helvetica (no font files, no
// network): cover, table of contents, per-framework summaries, per-control detail, running header
// and page numbers. Tables repeat their header row on each new page. Deterministic: dates come
// from the injected clock and pdfkit derives the document /ID from them.
import PDFDocument from 'pdfkit'
import type { Status } from '../../snapshot/results.js'
import { lineText, type ValueLine } from './format.js'
import { LEGEND, type ControlView, type FindingView, type FrameworkView, type PackView } from './view.js'

/** Findings needing attention listed per control in print; all of them are in the HTML pages and the evidence CSV. */
export const PDF_ATTENTION_ROWS = 50
/** Longest cell text in print; full values are in the evidence files. */
const CELL_MAX = 2000
/** Smallest font a cell shrinks to so that its longest unbreakable token fits the column. */
const MIN_CELL_SIZE = 5

/** A4 landscape: findings tables need width more than length. */
const PAGE = { w: 841.89, h: 595.28 }
const M = { top: 52, bottom: 46, left: 40, right: 40 }
const INK = '#1d2430'
const MUTED = '#5d6778'
const LINE = '#d0d5dd'
const HEAD_BG = '#eef1f5'
const STATUS_COLOR: Record<Status, string> = { pass: '#1f7a3a', fail: '#b42318', error: '#b54708', manual: '#6941c6', not_applicable: '#667085' }

/** Helvetica (standard 14 fonts) covers WinAnsi only: map common typography and drop the rest. */
export function pdfText(s: string): string {
  return s
    .replace(/[\u2012-\u2015]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\u2265/g, '>=')
    .replace(/\u2264/g, '<=')
    .replace(/\u2260/g, '!=')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2192/g, '->')
    .replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff]/g, '?')
}

function clip(s: string, max = CELL_MAX): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s
}

/**
 * Where a line may break: after a space, slash, comma, semicolon or closing bracket; after . - _ : =
 * only before a letter (a property path or an ID's next segment), so dates, times, numbers and GUIDs
 * are never cut.
 */
const BREAK_AFTER = /(?<=[ /,;|)\]}&?])|(?<=[-.:_=])(?=[A-Za-z{[(])/

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const KEEP = '\u0001'

/** The runs a line may break between; a GUID (request ID, subscription) is one run. */
export function breakRuns(para: string): string[] {
  return para.replace(GUID, (m) => m.replace(/-/g, KEEP)).split(BREAK_AFTER).map((t) => t.replaceAll(KEEP, '-'))
}

interface Column {
  header: string
  width: number
  mono?: boolean
  align?: 'left' | 'right'
}

interface Cell {
  text: string
  color?: string
  bold?: boolean
  /** Font size for this cell (default the table's). */
  size?: number
}

interface TocEntry {
  level: 0 | 1
  label: string
  status?: Status
  statusLabel?: string
  dest: string
  page: number
}

class PdfLayout {
  readonly doc: PDFKit.PDFDocument
  readonly width = PAGE.w - M.left - M.right
  readonly bottom = PAGE.h - M.bottom
  /** Section title shown in the running header, per page index. */
  readonly sectionOfPage: string[] = []
  section = ''

  constructor(now: Date, title: string) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: M,
      bufferPages: true,
      autoFirstPage: false,
      compress: true,
      info: { Title: title, Author: 'trustpack', Creator: 'trustpack', Producer: 'trustpack (pdfkit)', CreationDate: now, ModDate: now },
    })
    this.doc.on('pageAdded', () => {
      this.sectionOfPage.push(this.section)
    })
  }

  get pageIndex(): number {
    return this.doc.bufferedPageRange().start + this.doc.bufferedPageRange().count - 1
  }

  newPage(): void {
    this.doc.addPage()
    this.doc.x = M.left
    this.doc.y = M.top
  }

  ensure(h: number): void {
    if (this.doc.y + h > this.bottom) this.newPage()
  }

  heading(text: string, level: 1 | 2 | 3, dest?: string, color = INK): void {
    const size = level === 1 ? 17 : level === 2 ? 13 : 11
    this.ensure(size * 2 + 40)
    if (level === 1) this.doc.moveDown(0.3)
    else this.doc.moveDown(0.5)
    this.doc.font('Helvetica-Bold').fontSize(size).fillColor(color)
      .text(pdfText(text), M.left, this.doc.y, { width: this.width, ...(dest ? { destination: dest } : {}) })
    if (level === 1) {
      const y = this.doc.y + 2
      this.doc.moveTo(M.left, y).lineTo(M.left + this.width, y).lineWidth(1.2).strokeColor(INK).stroke()
      this.doc.y = y + 6
    } else {
      this.doc.moveDown(0.2)
    }
  }

  /** `keep`: extra room needed below (e.g. the first rows of the table this text introduces), so it is never orphaned. */
  para(text: string, opts: { size?: number; color?: string; bold?: boolean; mono?: boolean; keep?: number } = {}): void {
    const size = opts.size ?? 9.5
    this.doc.font(opts.mono ? 'Courier' : opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size)
    const t = pdfText(text)
    const h = this.doc.heightOfString(t, { width: this.width })
    this.ensure(Math.min(h, 120) + (opts.keep ?? 0))
    this.doc.fillColor(opts.color ?? INK).text(t, M.left, this.doc.y, { width: this.width })
    this.doc.moveDown(0.3)
  }

  keyValues(rows: [string, string][], keyWidth = 130): void {
    for (const [k, v] of rows) {
      this.doc.fontSize(9.5)
      const t = pdfText(v)
      const h = Math.max(this.doc.font('Helvetica').heightOfString(t, { width: this.width - keyWidth }), 12)
      this.ensure(h + 4)
      const y = this.doc.y
      this.doc.font('Helvetica-Bold').fillColor(MUTED).text(pdfText(k), M.left, y, { width: keyWidth - 8 })
      this.doc.font('Helvetica').fillColor(INK).text(t, M.left + keyWidth, y, { width: this.width - keyWidth })
      this.doc.y = Math.max(this.doc.y, y + h) + 4
    }
  }

  private readonly widths = new Map<string, number>()

  /** Width of `s` in the current font and size, cached: table cells repeat the same words a lot. */
  private measure(s: string, font: string, size: number): number {
    const key = `${font}\u0000${size}\u0000${s}`
    let w = this.widths.get(key)
    if (w === undefined) {
      w = this.doc.widthOfString(s)
      this.widths.set(key, w)
    }
    return w
  }

  /** The widest run that may not be broken (a word, a number, a GUID segment), in this font and size. */
  widestToken(text: string, font: string, size: number): number {
    this.doc.font(font).fontSize(size)
    let w = 0
    for (const para of text.split('\n')) for (const token of breakRuns(para)) w = Math.max(w, this.measure(token.trimEnd(), font, size))
    return w
  }

  /** The cell's size: the table's, shrunk (not below MIN_CELL_SIZE) until its widest token fits the column. */
  fitSize(text: string, font: string, size: number, width: number): number {
    const w = this.widestToken(text, font, size)
    if (w <= width) return size
    return Math.max(MIN_CELL_SIZE, Math.floor((size * width / w) * 4) / 4)
  }

  /**
   * Greedy line breaking for table cells, only after spaces and punctuation (ARM IDs and property
   * paths have no spaces, but slashes and dots), so no word or number is cut; a run still wider than
   * the column at the smallest size is split by character as a last resort. pdfkit's own wrapper
   * measures every word again on each call; this one caches, which keeps 10,000-row estates fast.
   */
  wrapLines(text: string, font: string, size: number, width: number): string[] {
    this.doc.font(font).fontSize(size)
    const out: string[] = []
    for (const para of text.split('\n')) {
      const tokens = breakRuns(para)
      let line = ''
      let lineW = 0
      for (const token of tokens) {
        const w = this.measure(token, font, size)
        if (lineW + w <= width) {
          line += token
          lineW += w
          continue
        }
        if (line) out.push(line.trimEnd())
        if (w <= width) {
          line = token
          lineW = w
          continue
        }
        // A run wider than the column: split it by character.
        line = ''
        lineW = 0
        for (const ch of token) {
          const cw = this.measure(ch, font, size)
          if (lineW + cw > width && line) {
            out.push(line)
            line = ''
            lineW = 0
          }
          line += ch
          lineW += cw
        }
      }
      out.push(line.trimEnd())
    }
    return out
  }

  /** A table that breaks across pages between rows and repeats its header row on each new page. */
  table(columns: Column[], rows: Cell[][], size = 8): void {
    const pad = 3
    const lineH = size * 1.18
    const total = columns.reduce((a, c) => a + c.width, 0)
    const widths = columns.map((c) => (c.width / total) * this.width)
    const fontOf = (col: Column, cell?: Cell): string => (col.mono ? 'Courier' : cell?.bold ? 'Helvetica-Bold' : 'Helvetica')
    const drawLines = (lines: string[], font: string, fs: number, x: number, y: number, w: number, align: 'left' | 'right'): void => {
      this.doc.font(font).fontSize(fs)
      lines.forEach((line, k) => {
        const dx = align === 'right' ? Math.max(0, w - this.measure(line, font, fs)) : 0
        this.doc.text(line, x + dx, y + k * fs * 1.18, { lineBreak: false })
      })
    }
    const drawHeader = (): void => {
      const cells = columns.map((c, i) => this.wrapLines(pdfText(c.header), 'Helvetica-Bold', size, widths[i]! - 2 * pad))
      const h = Math.max(...cells.map((l) => l.length)) * lineH + 2 * pad
      const y = this.doc.y
      this.doc.rect(M.left, y, this.width, h).fill(HEAD_BG)
      this.doc.fillColor(INK)
      let x = M.left
      columns.forEach((c, i) => {
        drawLines(cells[i]!, 'Helvetica-Bold', size, x + pad, y + pad, widths[i]! - 2 * pad, c.align ?? 'left')
        x += widths[i]!
      })
      this.doc.moveTo(M.left, y + h).lineTo(M.left + this.width, y + h).lineWidth(0.8).strokeColor('#98a2b3').stroke()
      this.doc.y = y + h
    }
    this.ensure(size * 5)
    drawHeader()
    for (const row of rows) {
      const laid = row.map((cell, i) => {
        const text = pdfText(clip(cell.text)) || ' '
        const font = fontOf(columns[i]!, cell)
        const w = widths[i]! - 2 * pad
        const cs = this.fitSize(text, font, cell.size ?? size, w)
        return { lines: this.wrapLines(text, font, cs, w), size: cs, font }
      })
      const h = Math.max(...laid.map((c) => c.lines.length * c.size * 1.18)) + 2 * pad
      if (this.doc.y + h > this.bottom) {
        this.newPage()
        drawHeader()
      }
      const y = this.doc.y
      let x = M.left
      laid.forEach((c, i) => {
        const col = columns[i]!
        this.doc.fillColor(row[i]!.color ?? INK)
        drawLines(c.lines, c.font, c.size, x + pad, y + pad, widths[i]! - 2 * pad, col.align ?? 'left')
        x += widths[i]!
      })
      this.doc.moveTo(M.left, y + h).lineTo(M.left + this.width, y + h).lineWidth(0.4).strokeColor(LINE).stroke()
      this.doc.x = M.left
      this.doc.y = y + h
    }
    this.doc.moveDown(0.6)
  }
}

const statusCell = (s: Status, label: string): Cell => ({ text: label, color: STATUS_COLOR[s], bold: true })

const kvText = (lines: ValueLine[]): string => lines.map(lineText).join('\n')

function findingRows(list: FindingView[]): Cell[][] {
  return list.map((f) => [
    { text: `${f.resource}\n${f.resourceId}` },
    { text: `${f.checkId}\n${f.statusLabel}`, color: STATUS_COLOR[f.status], bold: true },
    { text: kvText(f.observed) || 'not read' },
    { text: kvText(f.expected) },
    { text: f.exception ? `${f.message}\n${f.exception}` : f.message },
    { text: `${f.requestId}${f.readAt ? `\nread ${f.readAt}` : ''}${f.moreCalls ? `\n+${f.moreCalls} call(s)` : ''}`, size: 6.5 },
  ])
}

const FINDING_COLUMNS: Column[] = [
  { header: 'Resource', width: 18 },
  { header: 'Check / status', width: 12 },
  { header: 'Observed', width: 21 },
  { header: 'Expected', width: 18 },
  { header: 'Message', width: 15 },
  { header: 'Request ID / read at', width: 16 },
]

function legend(l: PdfLayout): void {
  for (const { term, meaning } of LEGEND) {
    l.doc.font('Helvetica-Bold').fontSize(8.5).fillColor(INK).text(`${term}: `, M.left, l.doc.y, { continued: true, width: l.width })
      .font('Helvetica').fillColor(MUTED).text(pdfText(meaning), { width: l.width })
  }
  l.doc.moveDown(0.4)
}

function controlDetail(l: PdfLayout, c: ControlView): TocEntry {
  const dest = `c-${c.anchor}`
  l.doc.moveDown(0.6)
  l.heading(`${c.id}  ${c.title}`, 2, dest)
  const page = l.pageIndex
  l.doc.font('Helvetica-Bold').fontSize(10).fillColor(STATUS_COLOR[c.status])
    .text(pdfText(`Status: ${c.statusLabel}`), M.left, l.doc.y, { continued: true })
    .font('Helvetica').fillColor(MUTED).text(pdfText(`   ${c.countsText}`))
  l.doc.moveDown(0.2)
  l.para(`Evidence files: ${c.evidenceJson}${c.evidenceCsv ? `, ${c.evidenceCsv}` : ''}`, { size: 8.5, color: MUTED })
  if (c.manual) l.para(c.attestationNote, { size: 9, color: c.status === 'manual' ? STATUS_COLOR.manual : INK })
  for (const a of c.attestations) {
    const where = a.packPath ? `${a.packPath} in this pack (from ${a.evidence}, SHA-256 ${a.sha256})` : a.sha256 ? `${a.evidence} (not copied; expected SHA-256 ${a.sha256})` : a.evidence
    l.para(`Attestation (${a.state}${a.reason ? `: ${a.reason}` : ''}; expires ${a.expires}, owner ${a.owner}): ${a.statement}. Evidence: ${where}.`, { size: 9, color: a.state === 'valid' ? STATUS_COLOR.pass : STATUS_COLOR.fail })
  }
  if (c.checks.length) {
    l.table(
      [{ header: 'Check', width: 34 }, { header: 'Applies to', width: 26, mono: true }, { header: 'Population', width: 9, align: 'right' }, { header: 'In scope', width: 8, align: 'right' }, { header: 'In snapshot', width: 9, align: 'right' }, { header: 'Result', width: 22 }],
      c.checks.map((k) => [{ text: `${k.id}\n${k.title}` }, { text: k.resourceType }, { text: String(k.population) }, { text: String(k.inScope) }, { text: k.snapshotCount }, { text: k.countsText }]),
    )
  }
  if (c.attention.length) {
    const shown = c.attention.slice(0, PDF_ATTENTION_ROWS)
    l.para(`Findings needing attention (${c.attentionTotal}${c.attentionTotal > shown.length ? `; first ${shown.length} shown, all in ${c.evidenceCsv}` : ''})`, { bold: true, size: 9.5, keep: 60 })
    l.table(FINDING_COLUMNS, findingRows(shown), 7)
  }
  if (c.restTotal) l.para(c.restText, { size: 8.5, color: MUTED })
  for (const e of c.exceptions) {
    l.para(`Exception (${e.state}): ${e.check} on ${e.resource}, expires ${e.expires}, owner ${e.owner}: ${e.reason}`, { size: 8.5, color: STATUS_COLOR.manual })
  }
  if (c.operations.length) {
    l.para(`How obtained: ${c.callsTotal} API call(s); every request ID in ${c.evidenceJson}`, { bold: true, size: 9.5, keep: 50 })
    l.table(
      [{ header: 'Operation', width: 56, mono: true }, { header: 'api-version', width: 13, mono: true }, { header: 'Calls', width: 6, align: 'right' }, { header: 'Status', width: 7 }, { header: 'Collected', width: 18 }],
      c.operations.map((o) => [{ text: o.operation }, { text: o.apiVersionText }, { text: String(o.calls) }, { text: o.statusesText }, { text: o.firstAt === o.lastAt ? o.firstAt : `${o.firstAt}\n${o.lastAt}` }]),
      7,
    )
  }
  return { level: 1, label: `${c.id}  ${c.title}`, status: c.status, statusLabel: c.statusLabel, dest, page }
}

const BAR_ORDER: { key: 'fail' | 'error' | 'manual' | 'pass' | 'not_applicable'; label: string; color: string }[] = [
  { key: 'fail', label: 'Fail', color: STATUS_COLOR.fail },
  { key: 'error', label: 'Error', color: STATUS_COLOR.error },
  { key: 'manual', label: 'Needs attestation', color: STATUS_COLOR.manual },
  { key: 'pass', label: 'Pass', color: STATUS_COLOR.pass },
  { key: 'not_applicable', label: 'Not applicable', color: '#98a2b3' },
]

/** Controls by status per framework as stacked bars (the same chart as index.html, drawn with pdfkit). */
function statusBars(l: PdfLayout, frameworks: FrameworkView[]): void {
  const { doc } = l
  const labelW = 150
  const barW = l.width - labelW - 70
  const rowH = 20
  l.ensure(frameworks.length * rowH + 30)
  let y = doc.y
  for (const fw of frameworks) {
    doc.font('Helvetica').fontSize(9).fillColor(INK).text(pdfText(fw.title), M.left, y + 4, { width: labelW - 8, lineBreak: false, ellipsis: true })
    let x = M.left + labelW
    const total = fw.total || 1
    for (const b of BAR_ORDER) {
      const v = fw.summary[b.key]
      if (!v) continue
      const w = (v / total) * barW
      doc.rect(x, y + 2, w, 14).fill(b.color)
      if (w > 8 * String(v).length + 4) doc.font('Helvetica-Bold').fontSize(8).fillColor('#ffffff').text(String(v), x, y + 5.5, { width: w, align: 'center', lineBreak: false })
      x += w
    }
    doc.font('Helvetica').fontSize(8.5).fillColor(MUTED).text(`${fw.total} controls`, M.left + labelW + barW + 6, y + 4.5, { width: 64, lineBreak: false })
    y += rowH
  }
  let lx = M.left + labelW
  for (const b of BAR_ORDER) {
    doc.rect(lx, y + 4, 8, 8).fill(b.color)
    doc.font('Helvetica').fontSize(8).fillColor(INK).text(b.label, lx + 11, y + 4, { lineBreak: false })
    lx += 22 + doc.widthOfString(b.label)
  }
  doc.x = M.left
  doc.y = y + 22
}

export function renderPdf(view: PackView, now: Date, extraSection?: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const l = new PdfLayout(now, `${view.title} ${view.evaluatedAt}${view.sampleData ? ' (SAMPLE DATA)' : ''}`)
  const { doc } = l
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('end', () => res(Buffer.concat(chunks)))
    doc.on('error', rej)
  })

  // Cover.
  l.section = ''
  l.newPage()
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('TRUSTPACK EVIDENCE PACK', M.left, 70, { characterSpacing: 1.5 })
  doc.font('Helvetica-Bold').fontSize(24).fillColor(INK).text(pdfText(view.title), M.left, 88, { width: l.width })
  doc.moveDown(0.4)
  if (view.sampleData) {
    doc.font('Helvetica-Bold').fontSize(11).fillColor(STATUS_COLOR.error).text(pdfText(`SAMPLE DATA: built from ${view.sampleData}. Not evidence about any real system.`), { width: l.width })
    doc.moveDown(0.3)
  }
  doc.font('Helvetica-Bold').fontSize(11).fillColor(view.signed ? STATUS_COLOR.pass : STATUS_COLOR.error)
    .text(view.signed ? `Signed (Ed25519), key ${view.keyFingerprint}` : 'Unsigned: file hashes in manifest.json, no signature', { width: l.width })
  doc.moveDown(0.8)
  l.keyValues([
    ['Subscriptions', view.subscriptions.map((s) => (s.name ? `${s.name} (${s.id})` : s.id)).join('\n') || 'none recorded'],
    ['Configuration collected', `${view.collectionStartedAt} to ${view.collectionFinishedAt}`],
    ['Evaluated', `${view.evaluatedAt} (trustpack ${view.resultsToolVersion})`],
    ['Pack generated', `${view.generatedAt} (trustpack ${view.toolVersion})`],
    ['Source data', `${view.resources} resources, ${view.calls} API calls, ${view.collectionErrors} failed reads; ${view.findings} findings`],
    ['Snapshot SHA-256', view.snapshotSha256],
    ['Results SHA-256', view.resultsSha256],
  ])
  doc.moveDown(0.8)
  statusBars(l, view.frameworks)
  l.table(
    [{ header: 'Framework', width: 30 }, { header: 'Controls', width: 9, align: 'right' }, { header: 'Fail', width: 8, align: 'right' }, { header: 'Error', width: 8, align: 'right' }, { header: 'Needs attestation', width: 13, align: 'right' }, { header: 'of which automated part passes', width: 14, align: 'right' }, { header: 'Pass', width: 8, align: 'right' }, { header: 'N/A', width: 8, align: 'right' }],
    view.frameworks.map((f) => [
      { text: f.title, bold: true }, { text: String(f.total) },
      { text: String(f.summary.fail), color: f.summary.fail ? STATUS_COLOR.fail : INK }, { text: String(f.summary.error), color: f.summary.error ? STATUS_COLOR.error : INK },
      { text: String(f.summary.manual) }, { text: String(f.manualAutomatedPass) }, { text: String(f.summary.pass), color: STATUS_COLOR.pass }, { text: String(f.summary.not_applicable) },
    ]),
    9,
  )
  l.para('The full evidence (every finding, request ID and population) is in the pack\'s evidence/ folder, results.json and snapshot.json; manifest.json lists the SHA-256 of every file.', { size: 8.5, color: MUTED })

  // Table of contents: reserve its pages now, fill them once page numbers are known.
  const entries: TocEntry[] = []
  const tocCount = view.frameworks.length * 3 + view.frameworks.reduce((a, f) => a + f.detailed.length, 0) + 3
  const tocLine = 13
  const perPage = Math.floor((l.bottom - M.top - 40) / tocLine)
  const tocPages = Math.max(1, Math.ceil(tocCount / perPage))
  l.section = 'Contents'
  const tocStart = l.pageIndex + 1
  for (let i = 0; i < tocPages; i++) l.newPage()

  // Summary tables per framework.
  l.section = 'Summary'
  l.newPage()
  l.heading('Summary by framework', 1, 'summary')
  entries.push({ level: 0, label: 'Summary by framework', dest: 'summary', page: l.pageIndex })
  l.para('A control fails when any finding behind it fails; it is in error when data needed could not be read (never counted as a pass); it needs an attestation when part of it only a person can evidence and no valid attestation (unexpired, its evidence file present and unchanged) is recorded. "Automated part passes; attestation missing" means every automated check passed and only the attestation is lacking. An excepted failing finding counts as a pass, with its exception cited, until the exception expires.', { size: 8.5, color: MUTED })
  legend(l)
  for (const fw of view.frameworks) {
    l.heading(`${fw.title}${fw.version ? ` (${fw.version})` : ''}`, 2, `s-${fw.anchor}`)
    entries.push({ level: 1, label: `${fw.title}: summary table`, dest: `s-${fw.anchor}`, page: l.pageIndex })
    l.table(
      [{ header: 'Control', width: 9 }, { header: 'Title', width: 47 }, { header: 'Status', width: 24 }, { header: 'Findings', width: 20 }],
      fw.controls.map((c) => [{ text: c.id, bold: true }, { text: c.title }, statusCell(c.status, c.statusLabel), { text: c.countsText }]),
    )
  }

  // Per framework: control detail, attention first; then the controls only an attestation can evidence.
  for (const fw of view.frameworks) {
    l.section = fw.title
    l.newPage()
    l.heading(fw.title, 1, `f-${fw.anchor}`)
    entries.push({ level: 0, label: fw.title, dest: `f-${fw.anchor}`, page: l.pageIndex })
    l.para('Controls with failures come first, then errors, then those needing an attestation, then passing ones. Passing findings are counted, not listed: each control\'s evidence files list every one.', { size: 8.5, color: MUTED })
    for (const c of fw.detailed) entries.push(controlDetail(l, c))
    if (fw.attestationOnly.length) {
      const dest = `a-${fw.anchor}`
      l.heading(`Controls only an attestation can evidence, none declared (${fw.attestationOnly.length})`, 2, dest)
      entries.push({ level: 1, label: `Attestation-only controls without an attestation (${fw.attestationOnly.length})`, dest, page: l.pageIndex })
      l.table(
        [{ header: 'Control', width: 9 }, { header: 'Title', width: 33 }, { header: 'Status', width: 14 }, { header: 'Evidence an attestation should give', width: 44 }],
        fw.attestationOnly.map((c) => [{ text: c.id, bold: true }, { text: c.title }, statusCell(c.status, c.statusLabel), { text: c.evidenceHint }]),
        7.5,
      )
    }
  }

  // Exceptions, attestations, method.
  l.section = 'Exceptions and attestations'
  l.newPage()
  l.heading('Exceptions and attestations', 1, 'exceptions')
  entries.push({ level: 0, label: 'Exceptions and attestations', dest: 'exceptions', page: l.pageIndex })
  l.heading('Exceptions (accepted risks)', 3)
  if (view.exceptions.length) {
    l.table(
      [{ header: 'Check', width: 18 }, { header: 'Resource', width: 34 }, { header: 'Reason', width: 22 }, { header: 'Owner', width: 14 }, { header: 'Expires', width: 10 }, { header: 'State', width: 8 }],
      view.exceptions.map((e) => [{ text: e.check }, { text: e.resource }, { text: e.reason }, { text: e.owner }, { text: e.expires }, { text: e.state, bold: true, color: e.state === 'active' ? STATUS_COLOR.pass : STATUS_COLOR.fail }]),
    )
  } else l.para('None.', { color: MUTED })
  l.heading('Attestations (manual evidence)', 3)
  if (view.attestations.length) {
    l.table(
      [{ header: 'Control', width: 10 }, { header: 'Statement', width: 28 }, { header: 'Evidence (copy in the pack, SHA-256)', width: 30 }, { header: 'Owner', width: 12 }, { header: 'Expires', width: 8 }, { header: 'State', width: 12 }],
      view.attestations.map((a) => [
        { text: a.control }, { text: a.statement },
        { text: a.packPath ? `${a.packPath}\nfrom ${a.evidence}\n${a.sha256}` : a.sha256 ? `${a.evidence}\nnot copied; expected ${a.sha256}` : a.evidence },
        { text: a.owner }, { text: a.expires },
        { text: a.reason ? `${a.state}: ${a.reason}` : a.state, bold: true, color: a.state === 'valid' ? STATUS_COLOR.pass : STATUS_COLOR.fail },
      ]),
    )
  } else l.para('None.', { color: MUTED })
  l.heading('Parameters and method', 3)
  if (view.parameters.length) {
    l.table([{ header: 'Parameter', width: 25, mono: true }, { header: 'Value', width: 75, mono: true }], view.parameters.map((p) => [{ text: p.name }, { text: p.value }]))
  }
  l.para('Configuration was read with read-only HTTPS GET requests to Azure Resource Manager and Log Analytics (Reader role; no keys, secrets or connection strings are read). Each request\'s method, URL, api-version, HTTP status, x-ms-request-id, time and the SHA-256 of the response body are recorded in snapshot.json and repeated per control in the evidence files.', { size: 9 })

  // A period pack's period section (src/report/pack/period-pdf.ts), on pages of its own.
  if (extraSection) { l.section = 'Period'; l.newPage(); extraSection(doc) }

  // Fill the table of contents.
  l.section = 'Contents'
  let k = 0
  for (let p = 0; p < tocPages; p++) {
    doc.switchToPage(tocStart + p)
    doc.y = M.top
    if (p === 0) {
      doc.font('Helvetica-Bold').fontSize(17).fillColor(INK).text('Contents', M.left, M.top)
      doc.moveDown(0.5)
    }
    while (k < entries.length && doc.y + tocLine <= l.bottom) {
      const e = entries[k++]!
      const y = doc.y
      const indent = e.level === 0 ? 0 : 14
      const num = String(e.page + 1)
      doc.font(e.level === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(e.level === 0 ? 10 : 9).fillColor(INK)
      const label = pdfText(clip(e.label, 110))
      doc.text(label, M.left + indent, y, { width: l.width - indent - 250, lineBreak: false, goTo: e.dest, height: tocLine, ellipsis: true })
      if (e.status && e.statusLabel) {
        doc.font('Helvetica-Bold').fontSize(8).fillColor(STATUS_COLOR[e.status]).text(pdfText(e.statusLabel), M.left + l.width - 235, y + 1, { width: 205, lineBreak: false })
      }
      doc.font('Helvetica').fontSize(9).fillColor(INK).text(num, M.left + l.width - 25, y, { width: 25, align: 'right', lineBreak: false, goTo: e.dest })
      doc.y = y + tocLine
    }
  }

  // Running header, page numbers and (for sample data) the watermark, on every page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const margins = doc.page.margins
    doc.page.margins = { ...margins, top: 0, bottom: 0 }
    if (view.sampleData) {
      doc.save()
      doc.rotate(-28, { origin: [PAGE.w / 2, PAGE.h / 2] })
      doc.font('Helvetica-Bold').fontSize(96).fillColor(STATUS_COLOR.fail).fillOpacity(0.1)
        .text('SAMPLE DATA', 0, PAGE.h / 2 - 48, { width: PAGE.w, align: 'center', lineBreak: false })
      doc.restore()
      doc.fillOpacity(1)
    }
    if (i > 0) {
      doc.font('Helvetica').fontSize(8).fillColor(MUTED)
      doc.text(pdfText(`trustpack evidence pack | evaluated ${view.evaluatedAt.slice(0, 10)} | ${view.signed ? 'signed' : 'unsigned'}${view.sampleData ? ' | SAMPLE DATA' : ''}`), M.left, 26, { width: l.width * 0.55, lineBreak: false })
      doc.text(pdfText(clip(l.sectionOfPage[i] ?? '', 60)), M.left + l.width * 0.55, 26, { width: l.width * 0.45, align: 'right', lineBreak: false })
      doc.moveTo(M.left, 38).lineTo(M.left + l.width, 38).lineWidth(0.5).strokeColor(LINE).stroke()
      doc.text(`Page ${i + 1} of ${range.count}`, M.left, PAGE.h - 30, { width: l.width, align: 'center', lineBreak: false })
    }
    doc.page.margins = margins
  }
  doc.end()
  return done
}

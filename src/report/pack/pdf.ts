// summary.pdf: the pack laid out for print with pdfkit's built-in Helvetica (no font files, no
// network): cover, table of contents, per-framework summaries, per-control detail, running header
// and page numbers. Tables repeat their header row on each new page. Deterministic: dates come
// from the injected clock and pdfkit derives the document /ID from them.
import PDFDocument from 'pdfkit'
import type { Status } from '../../snapshot/results.js'
import { STATUS_LABEL } from './model.js'
import type { ControlView, FindingView, PackView } from './view.js'

/** Passing findings listed per control in print (the HTML and the evidence CSV hold the rest). */
export const PDF_PASS_ROWS = 20
/** Findings needing attention listed per control in print; all of them are in index.html and the evidence CSV. */
export const PDF_ATTENTION_ROWS = 50
/** Longest cell text in print; full values are in the evidence files. */
const CELL_MAX = 300

const A4 = { w: 595.28, h: 841.89 }
const M = { top: 56, bottom: 54, left: 48, right: 48 }
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
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2192/g, '->')
    .replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff]/g, '?')
}

function clip(s: string, max = CELL_MAX): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s
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
}

interface TocEntry {
  level: 0 | 1
  label: string
  status?: Status
  dest: string
  page: number
}

class PdfLayout {
  readonly doc: PDFKit.PDFDocument
  readonly width = A4.w - M.left - M.right
  readonly bottom = A4.h - M.bottom
  /** Section title shown in the running header, per page index. */
  readonly sectionOfPage: string[] = []
  section = ''

  constructor(now: Date, title: string) {
    this.doc = new PDFDocument({
      size: 'A4',
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

  /**
   * Greedy line breaking for table cells, after spaces, slashes, commas and hyphens (ARM IDs and
   * JSON have no spaces), splitting longer runs by character. pdfkit's own wrapper measures every
   * word again on each call; this one caches, which keeps 10,000-row estates fast.
   */
  wrapLines(text: string, font: string, size: number, width: number): string[] {
    this.doc.font(font).fontSize(size)
    const out: string[] = []
    for (const para of text.split('\n')) {
      const tokens = para.split(/(?<=[ /,-])/)
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
    const drawLines = (lines: string[], font: string, x: number, y: number, w: number, align: 'left' | 'right'): void => {
      this.doc.font(font).fontSize(size)
      lines.forEach((line, k) => {
        const dx = align === 'right' ? Math.max(0, w - this.measure(line, font, size)) : 0
        this.doc.text(line, x + dx, y + k * lineH, { lineBreak: false })
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
        drawLines(cells[i]!, 'Helvetica-Bold', x + pad, y + pad, widths[i]! - 2 * pad, c.align ?? 'left')
        x += widths[i]!
      })
      this.doc.moveTo(M.left, y + h).lineTo(M.left + this.width, y + h).lineWidth(0.8).strokeColor('#98a2b3').stroke()
      this.doc.y = y + h
    }
    this.ensure(size * 5)
    drawHeader()
    for (const row of rows) {
      const cells = row.map((cell, i) => this.wrapLines(pdfText(clip(cell.text)) || ' ', fontOf(columns[i]!, cell), size, widths[i]! - 2 * pad))
      const h = Math.max(...cells.map((l) => l.length)) * lineH + 2 * pad
      if (this.doc.y + h > this.bottom) {
        this.newPage()
        drawHeader()
      }
      const y = this.doc.y
      let x = M.left
      cells.forEach((lines, i) => {
        const col = columns[i]!
        this.doc.fillColor(row[i]!.color ?? INK)
        drawLines(lines, fontOf(col, row[i]), x + pad, y + pad, widths[i]! - 2 * pad, col.align ?? 'left')
        x += widths[i]!
      })
      this.doc.moveTo(M.left, y + h).lineTo(M.left + this.width, y + h).lineWidth(0.4).strokeColor(LINE).stroke()
      this.doc.x = M.left
      this.doc.y = y + h
    }
    this.doc.moveDown(0.6)
  }
}

const statusCell = (s: Status): Cell => ({ text: STATUS_LABEL[s], color: STATUS_COLOR[s], bold: true })

/** Observed/expected values can be whole JSON objects; print their start (the evidence files have them whole). */
const VALUE_MAX = 110

function findingRows(list: FindingView[]): Cell[][] {
  return list.map((f) => [
    { text: `${f.resource}\n${f.resourceId}` },
    { text: f.checkId },
    { text: f.statusLabel, color: STATUS_COLOR[f.status], bold: true },
    { text: clip(f.observed, VALUE_MAX) },
    { text: clip(f.expected, VALUE_MAX) },
    { text: f.exception ? `${f.message}\n${f.exception}` : f.message },
  ])
}

const FINDING_COLUMNS: Column[] = [
  { header: 'Resource', width: 34 },
  { header: 'Check', width: 14 },
  { header: 'Status', width: 10 },
  { header: 'Observed', width: 11, mono: true },
  { header: 'Expected', width: 11, mono: true },
  { header: 'Message', width: 20 },
]

function controlDetail(l: PdfLayout, c: ControlView): TocEntry {
  const dest = `c-${c.anchor}`
  l.doc.moveDown(0.6)
  l.heading(`${c.id}  ${c.title}`, 2, dest)
  const page = l.pageIndex
  l.doc.font('Helvetica-Bold').fontSize(10).fillColor(STATUS_COLOR[c.status])
    .text(`Status: ${STATUS_LABEL[c.status]}`, M.left, l.doc.y, { continued: true })
    .font('Helvetica').fillColor(MUTED).text(pdfText(`   ${c.countsText}`))
  l.doc.moveDown(0.2)
  l.para(`Evidence files: ${c.evidenceJson}${c.evidenceCsv ? `, ${c.evidenceCsv}` : ''}`, { size: 8.5, color: MUTED })
  if (c.manual) l.para(c.attestationNote, { size: 9, color: STATUS_COLOR.manual })
  for (const a of c.attestations) {
    l.para(`Attestation (${a.state}, expires ${a.expires}, owner ${a.owner}): ${a.statement}. Evidence: ${a.evidence}.`, { size: 9, color: a.state === 'valid' ? STATUS_COLOR.pass : STATUS_COLOR.fail })
  }
  if (c.checks.length) {
    l.table(
      [{ header: 'Check', width: 34 }, { header: 'Applies to', width: 28, mono: true }, { header: 'Population', width: 10, align: 'right' }, { header: 'In scope', width: 9, align: 'right' }, { header: 'Result', width: 22 }],
      c.checks.map((k) => [{ text: `${k.id}\n${k.title}` }, { text: k.resourceType }, { text: String(k.population) }, { text: String(k.inScope) }, { text: k.countsText }]),
    )
  }
  if (c.attention.length) {
    const shown = c.attention.slice(0, PDF_ATTENTION_ROWS)
    l.para(`Findings needing attention (${c.attention.length}${c.attention.length > shown.length ? `; first ${shown.length} shown, all in index.html and ${c.evidenceCsv}` : ''})`, { bold: true, size: 9.5, keep: 60 })
    l.table(FINDING_COLUMNS, findingRows(shown), 7.5)
  }
  if (c.restTotal) {
    const shown = c.rest.slice(0, PDF_PASS_ROWS)
    l.para(`Passing and not-applicable findings (${c.restTotal}${c.restTotal > shown.length ? `; first ${shown.length} shown, all in ${c.evidenceCsv}` : ''})`, { bold: true, size: 9.5, keep: 60 })
    l.table(FINDING_COLUMNS, findingRows(shown), 7.5)
  }
  for (const e of c.exceptions) {
    l.para(`Exception (${e.state}): ${e.check} on ${e.resource}, expires ${e.expires}, owner ${e.owner}: ${e.reason}`, { size: 8.5, color: STATUS_COLOR.manual })
  }
  if (c.operations.length) {
    l.para(`How obtained: ${c.callsTotal} API call(s); request IDs in ${c.evidenceJson}`, { bold: true, size: 9.5, keep: 50 })
    l.table(
      [{ header: 'Operation', width: 52, mono: true }, { header: 'api-version', width: 15, mono: true }, { header: 'Calls', width: 7, align: 'right' }, { header: 'Status', width: 8 }, { header: 'Collected', width: 22 }],
      c.operations.map((o) => [{ text: o.operation }, { text: o.apiVersionText }, { text: String(o.calls) }, { text: o.statusesText }, { text: o.firstAt === o.lastAt ? o.firstAt : `${o.firstAt}\n${o.lastAt}` }]),
      7,
    )
  }
  return { level: 1, label: `${c.id}  ${c.title}`, status: c.status, dest, page }
}

export function renderPdf(view: PackView, now: Date, extraSection?: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const l = new PdfLayout(now, `${view.title} ${view.evaluatedAt}`)
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
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('TRUSTPACK EVIDENCE PACK', M.left, 90, { characterSpacing: 1.5 })
  doc.font('Helvetica-Bold').fontSize(26).fillColor(INK).text(pdfText(view.title), M.left, 110, { width: l.width })
  doc.moveDown(0.6)
  doc.font('Helvetica-Bold').fontSize(11).fillColor(view.signed ? STATUS_COLOR.pass : STATUS_COLOR.error)
    .text(view.signed ? `Signed (Ed25519), key ${view.keyFingerprint}` : 'Unsigned: file hashes in manifest.json, no signature', { width: l.width })
  doc.moveDown(1)
  l.keyValues([
    ['Subscriptions', view.subscriptions.map((s) => (s.name ? `${s.name} (${s.id})` : s.id)).join('\n') || 'none recorded'],
    ['Configuration collected', `${view.collectionStartedAt} to ${view.collectionFinishedAt}`],
    ['Evaluated', `${view.evaluatedAt} (trustpack ${view.resultsToolVersion})`],
    ['Pack generated', `${view.generatedAt} (trustpack ${view.toolVersion})`],
    ['Source data', `${view.resources} resources, ${view.calls} API calls, ${view.collectionErrors} failed reads; ${view.findings} findings`],
    ['Snapshot SHA-256', view.snapshotSha256],
    ['Results SHA-256', view.resultsSha256],
  ])
  doc.moveDown(1)
  l.table(
    [{ header: 'Framework', width: 40 }, { header: 'Controls', width: 10, align: 'right' }, { header: 'Pass', width: 10, align: 'right' }, { header: 'Fail', width: 10, align: 'right' }, { header: 'Error', width: 10, align: 'right' }, { header: 'Manual', width: 10, align: 'right' }, { header: 'N/A', width: 10, align: 'right' }],
    view.frameworks.map((f) => [
      { text: f.title, bold: true }, { text: String(f.total) }, { text: String(f.summary.pass), color: STATUS_COLOR.pass },
      { text: String(f.summary.fail), color: f.summary.fail ? STATUS_COLOR.fail : INK }, { text: String(f.summary.error), color: f.summary.error ? STATUS_COLOR.error : INK },
      { text: String(f.summary.manual) }, { text: String(f.summary.not_applicable) },
    ]),
    9,
  )
  l.para('The full evidence (every finding, request ID and population) is in the pack\'s evidence/ folder, results.json and snapshot.json; manifest.json lists the SHA-256 of every file.', { size: 8.5, color: MUTED })

  // Table of contents: reserve its pages now, fill them once page numbers are known.
  const entries: TocEntry[] = []
  const tocCount = view.frameworks.length * 2 + view.frameworks.reduce((a, f) => a + f.controls.length, 0) + 3
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
  l.para('A control fails when any finding behind it fails; it is in error when data needed could not be read (never counted as a pass); manual when only an attestation can evidence it and none is valid. An excepted failing finding counts as a pass, with its exception cited, until the exception expires.', { size: 8.5, color: MUTED })
  for (const fw of view.frameworks) {
    l.heading(`${fw.title}${fw.version ? ` (${fw.version})` : ''}`, 2, `s-${fw.anchor}`)
    entries.push({ level: 1, label: `${fw.title}: summary table`, dest: `s-${fw.anchor}`, page: l.pageIndex })
    l.table(
      [{ header: 'Control', width: 12 }, { header: 'Title', width: 50 }, { header: 'Status', width: 13 }, { header: 'Findings', width: 25 }],
      fw.controls.map((c) => [{ text: c.id, bold: true }, { text: c.title }, statusCell(c.status), { text: c.countsText }]),
    )
  }

  // Per framework, per control detail.
  for (const fw of view.frameworks) {
    l.section = fw.title
    l.newPage()
    l.heading(fw.title, 1, `f-${fw.anchor}`)
    entries.push({ level: 0, label: fw.title, dest: `f-${fw.anchor}`, page: l.pageIndex })
    for (const c of fw.controls) entries.push(controlDetail(l, c))
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
      [{ header: 'Control', width: 14 }, { header: 'Statement', width: 32 }, { header: 'Evidence', width: 22 }, { header: 'Owner', width: 14 }, { header: 'Expires', width: 10 }, { header: 'State', width: 8 }],
      view.attestations.map((a) => [{ text: a.control }, { text: a.statement }, { text: a.evidence }, { text: a.owner }, { text: a.expires }, { text: a.state, bold: true, color: a.state === 'valid' ? STATUS_COLOR.pass : STATUS_COLOR.fail }]),
    )
  } else l.para('None.', { color: MUTED })
  l.heading('Parameters and method', 3)
  if (view.parameters.length) {
    l.table([{ header: 'Parameter', width: 30, mono: true }, { header: 'Value', width: 70, mono: true }], view.parameters.map((p) => [{ text: p.name }, { text: p.value }]))
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
      const label = pdfText(clip(e.label, 90))
      doc.text(label, M.left + indent, y, { width: l.width - indent - 90, lineBreak: false, goTo: e.dest, height: tocLine, ellipsis: true })
      if (e.status) {
        doc.font('Helvetica-Bold').fontSize(8).fillColor(STATUS_COLOR[e.status]).text(STATUS_LABEL[e.status], M.left + l.width - 85, y + 1, { width: 60, lineBreak: false })
      }
      doc.font('Helvetica').fontSize(9).fillColor(INK).text(num, M.left + l.width - 25, y, { width: 25, align: 'right', lineBreak: false, goTo: e.dest })
      doc.y = y + tocLine
    }
  }

  // Running header and page numbers on every page but the cover.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    if (i === 0) continue
    const margins = doc.page.margins
    doc.page.margins = { ...margins, top: 0, bottom: 0 }
    doc.font('Helvetica').fontSize(8).fillColor(MUTED)
    doc.text(pdfText(`trustpack evidence pack | evaluated ${view.evaluatedAt.slice(0, 10)} | ${view.signed ? 'signed' : 'unsigned'}`), M.left, 28, { width: l.width * 0.55, lineBreak: false })
    doc.text(pdfText(clip(l.sectionOfPage[i] ?? '', 60)), M.left + l.width * 0.55, 28, { width: l.width * 0.45, align: 'right', lineBreak: false })
    doc.moveTo(M.left, 40).lineTo(M.left + l.width, 40).lineWidth(0.5).strokeColor(LINE).stroke()
    doc.text(`Page ${i + 1} of ${range.count}`, M.left, A4.h - 34, { width: l.width, align: 'center', lineBreak: false })
    doc.page.margins = margins
  }
  doc.end()
  return done
}

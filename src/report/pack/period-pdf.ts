// period.pdf: the period view for print (pdfkit, built-in Helvetica, no network): the period's figures, what
// changed since the previous pack, a drawn status timeline of every control that did not operate
// throughout, failure windows and exceptions/attestations in force. Deterministic for the same model and clock.
import PDFDocument from 'pdfkit'
import type { Status } from '../../snapshot/results.js'
import { dayIndex, type PeriodModel } from '../../history/period.js'
import { shortResourceName } from './model.js'
import { pdfText } from './pdf.js'
import { PERIOD_STATUS_LABEL } from './period-html.js'

const FILL: Record<Status, string> = { pass: '#1f7a3a', fail: '#b42318', error: '#b54708', manual: '#6941c6', not_applicable: '#98a2b3' }
const INK = '#1d2430'
const MUTED = '#5d6778'
const LEFT = 48
const WIDTH = 499
const BOTTOM = 790

/** Draws the period section into `doc` from the current page on (also usable inside summary.pdf). */
export function drawPeriodSection(doc: PDFKit.PDFDocument, model: PeriodModel, title: string): void {
  const ensure = (h: number): void => {
    if (doc.y + h > BOTTOM) doc.addPage()
  }
  const h1 = (t: string): void => { ensure(40); doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor(INK).text(pdfText(t), LEFT, doc.y, { width: WIDTH }).moveDown(0.3) }
  const line = (t: string, opts: { bold?: boolean; color?: string; size?: number } = {}): void => {
    ensure(14)
    doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size ?? 9).fillColor(opts.color ?? INK).text(pdfText(t), LEFT, doc.y, { width: WIDTH })
  }
  const list = (items: string[]): void => {
    if (items.length === 0) line('None.', { color: MUTED })
    for (const i of items) line(`- ${i}`)
  }

  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(pdfText(`${title}: period ${model.period.from} to ${model.period.to}`), LEFT, doc.y, { width: WIDTH })
  doc.moveDown(0.5)
  line(`${model.runs.length} evaluated run(s), expected every ${model.period.cadenceDays} day(s). Evidence store ${model.store.location}; head run ${model.store.headSeq ?? '-'} ${model.store.head ?? ''}`, { color: MUTED })
  line(Object.entries(model.summary).map(([s, n]) => `${PERIOD_STATUS_LABEL[s as keyof typeof PERIOD_STATUS_LABEL]}: ${n}`).join('   '), { bold: true })
  line(model.coverageGaps.length ? `Coverage gaps: ${model.coverageGaps.map((g) => `${g.from}..${g.to} (${g.days} d)`).join(', ')}` : 'No coverage gap.')

  const ch = model.changes
  h1('What changed since the previous pack')
  line(`From run ${ch.since.seq} (${ch.since.day}) to run ${ch.until.seq} (${ch.until.day}).`, { color: MUTED })
  line('New failures', { bold: true }); list(ch.newFailures.map((f) => `${f.checkId} on ${shortResourceName(f.resourceId)}`))
  line('Fixed findings', { bold: true }); list(ch.fixedFindings.map((f) => `${f.checkId} on ${shortResourceName(f.resourceId)}`))
  line('New resources', { bold: true }); list(ch.newResources.map(shortResourceName))
  line('Removed resources', { bold: true }); list(ch.removedResources.map(shortResourceName))
  line('Expired exceptions', { bold: true }); list(ch.expiredExceptions.map((e) => `${e.check} on ${shortResourceName(e.resource)}, expired after ${e.expires} (owner ${e.owner})`))

  h1('Status timeline: controls with deviations or gaps')
  const drawn = (c: PeriodModel['controls'][number]): boolean => c.periodStatus === 'deviations' || (c.periodStatus === 'insufficient' && (c.coverageGaps.length > 0 || c.timeline.some((p) => p.status !== 'manual')))
  const rows = model.controls.filter(drawn)
  const manualOnly = model.controls.filter((c) => c.periodStatus === 'insufficient' && !drawn(c)).length
  line(`Not drawn: ${model.summary.operated} control(s) that passed in every run with no gap, and ${manualOnly} manual control(s) without a valid attestation in any run (insufficient). period.html draws every control.`, { color: MUTED })
  line('Red: fail; green: pass; orange: error; purple: manual; grey: not applicable; light grey: no run (coverage gap).', { color: MUTED })
  const start = dayIndex(model.period.from)
  const labelW = 110
  const chartW = WIDTH - labelW
  for (const c of rows) {
    ensure(14)
    const y = doc.y
    doc.font('Helvetica').fontSize(7.5).fillColor(INK).text(pdfText(`${c.framework}:${c.controlId}`), LEFT, y + 1, { width: labelW - 4, lineBreak: false })
    c.segments.forEach((s, k) => {
      const next = c.segments[k + 1]
      const end = next ? dayIndex(next.from) - 1 : dayIndex(s.to)
      const x = LEFT + labelW + ((dayIndex(s.from) - start) / model.period.days) * chartW
      const w = Math.max(1, ((end - dayIndex(s.from) + 1) / model.period.days) * chartW)
      doc.rect(x, y, w, 9).fill(FILL[s.status])
    })
    for (const g of c.coverageGaps) {
      const x = LEFT + labelW + ((dayIndex(g.from) - start) / model.period.days) * chartW
      doc.rect(x, y, Math.max(1, (g.days / model.period.days) * chartW), 9).fill('#e4e7ec')
    }
    doc.y = y + 12
  }

  h1('Failure windows')
  list(model.controls.flatMap((c) => c.failureWindows.map((w) => `${c.framework}:${c.controlId}: failing ${w.firstSeen} to ${w.lastSeen}, ${w.fixed ? `fixed ${w.fixed} (${w.daysToRemediate} days to remediate)` : 'still failing at the end of the period'}`)))
  h1('Exceptions and attestations in force')
  list(model.controls.flatMap((c) => [
    ...c.exceptions.map((e) => `${c.framework}:${c.controlId}: exception ${e.check} on ${shortResourceName(e.resource ?? '')}, first seen ${e.firstSeen}, expires ${e.expires}${e.expiredInPeriod ? ' (expired in the period)' : ''}`),
    ...c.attestations.map((a) => `${c.framework}:${c.controlId}: attestation "${a.statement}", first seen ${a.firstSeen}, expires ${a.expires}${a.expiredInPeriod ? ' (expired in the period)' : ''}`),
  ]))
}

export function renderPeriodPdf(model: PeriodModel, title: string, now: Date, sampleData: string | null = null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margins: { top: 56, bottom: 54, left: LEFT, right: 48 }, compress: true, autoFirstPage: true,
    info: { Title: `${title} period ${model.period.from}..${model.period.to}`, Author: 'trustpack', Creator: 'trustpack', Producer: 'trustpack (pdfkit)', CreationDate: now, ModDate: now },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('end', () => res(Buffer.concat(chunks)))
    doc.on('error', rej)
  })
  if (sampleData) {
    // Every page, the first included: a period PDF of the sample estate can never pass for real evidence.
    const mark = (): void => {
      const { x, y } = { x: doc.x, y: doc.y }
      doc.save().rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] }).font('Helvetica-Bold').fontSize(90).fillColor('#b42318').fillOpacity(0.08)
        .text('SAMPLE DATA', 0, doc.page.height / 2 - 45, { width: doc.page.width, align: 'center', lineBreak: false }).restore()
      doc.save().font('Helvetica-Bold').fontSize(9).fillColor('#b42318').text(`SAMPLE DATA: built from ${sampleData}`, LEFT, 24, { lineBreak: false }).restore()
      doc.x = x
      doc.y = y
    }
    mark()
    doc.on('pageAdded', mark)
  }
  drawPeriodSection(doc, model, title)
  doc.end()
  return done
}

// The test workbooks are sound: exceljs reads them, every XML part is well-formed, the package is
// consistent (content types, relationships, calcChain, shared string counts), each layout says exactly
// what the sheet XML holds, and the zip and comparison helpers do what they claim.
// (Checked once by hand as well: LibreOffice 7.4 opens all six variants, and recalculating them gives the
// cached formula values the builders write.)
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { unzipAll } from '../../zip-tools.js'
import {
  CAIQ_HEADER_ROW,
  CAIQ_SHEET,
  caiqLayout,
  caiqWorkbook,
  cellsOf,
  cellValue,
  changedParts,
  entryOrder,
  HECVAT_SHEET,
  hecvatLayout,
  hecvatWorkbook,
  readEntries,
  readParts,
  sheetPath,
  sheetXml,
  withoutCells,
  writeZip,
  yesNoColumnsLayout,
  yesNoColumnsWorkbook,
  type Parts,
  type SheetLayout,
} from './build.js'

interface Kind {
  name: string
  build: (opts: { prefilled?: boolean }) => Buffer
  layouts: (opts: { prefilled?: boolean }) => SheetLayout[]
  sheets: Array<[name: string, state: 'visible' | 'hidden' | 'veryHidden']>
}

const KINDS: Kind[] = [
  { name: 'CAIQ', build: caiqWorkbook, layouts: (o) => [caiqLayout(o)], sheets: [['Introduction', 'visible'], [CAIQ_SHEET, 'visible'], ['Lists', 'hidden']] },
  { name: 'HECVAT', build: hecvatWorkbook, layouts: (o) => [hecvatLayout(o)], sheets: [['START HERE', 'visible'], [HECVAT_SHEET, 'visible'], ['Summary', 'visible'], ['Lists', 'hidden'], ['Calc', 'veryHidden']] },
  { name: 'Yes/No columns', build: yesNoColumnsWorkbook, layouts: yesNoColumnsLayout, sheets: [['Instructions', 'visible'], ['Infrastructure', 'visible'], ['Application', 'visible']] },
]
const VARIANTS = KINDS.flatMap((k) => [false, true].map((prefilled) => ({ ...k, prefilled, label: `${k.name}${prefilled ? ', prefilled' : ''}` })))

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0])
  return wb
}

const text = (parts: Parts, name: string): string => parts.get(name)!.toString('utf8')

/** Whether an sqref (space-separated cells and ranges) covers a cell. */
function covers(sqref: string, address: string): boolean {
  const at = (a: string): [number, number] => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!
    return [m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), Number(m[2])]
  }
  const [c, r] = at(address)
  return sqref.split(' ').some((range) => {
    const [from, to = from] = range.split(':') as [string, string?]
    const [c1, r1] = at(from)
    const [c2, r2] = at(to!)
    return c >= c1 && c <= c2 && r >= r1 && r <= r2
  })
}

/** The list validations of a sheet, from its main dataValidations and its x14 extension. */
function listValidations(xml: string): Array<{ source: string; sqref: string; x14: boolean }> {
  const main = [...xml.matchAll(/<dataValidation\b[^>]*\btype="list"[^>]*\bsqref="([^"]*)"[^>]*><formula1>([^<]*)<\/formula1>/g)].map((m) => ({ source: m[2]!, sqref: m[1]!, x14: false }))
  const ext = [...xml.matchAll(/<x14:dataValidation\b[^>]*\btype="list"[^>]*><x14:formula1><xm:f>([^<]*)<\/xm:f><\/x14:formula1><xm:sqref>([^<]*)<\/xm:sqref>/g)].map((m) => ({ source: m[1]!, sqref: m[2]!, x14: true }))
  return [...main, ...ext]
}

describe.each(VARIANTS)('$label workbook', ({ build, layouts, sheets, prefilled }) => {
  const buf = build({ prefilled })
  const parts = readParts(buf)

  it('is read by exceljs with its sheets, visibility, header row and merges', async () => {
    const wb = await load(buf)
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual(sheets)
    for (const layout of layouts({ prefilled })) {
      const ws = wb.getWorksheet(layout.sheet)!
      expect([...((ws.model as { merges?: string[] }).merges ?? [])].sort()).toEqual([...layout.merges].sort())
      for (const [col, header] of Object.entries(layout.columns)) expect(ws.getCell(`${col}${layout.headerRow}`).value).toBe(header)
    }
  })

  it('holds each answer cell exactly as its layout says (absent, styled and empty, or a value)', async () => {
    const wb = await load(buf)
    for (const layout of layouts({ prefilled })) {
      const cells = cellsOf(sheetXml(parts, layout.sheet))
      const ws = wb.getWorksheet(layout.sheet)!
      for (const q of layout.questions) {
        expect(cellValue(parts, layout.sheet, `A${q.row}`), q.id).toBe(q.id)
        for (const c of Object.values(q.cells)) {
          const xml = cells.get(c.address)
          expect(xml !== undefined, `${q.id} ${c.address} in XML`).toBe(c.inXml)
          if (c.inXml && c.value === null) expect(xml, c.address).toMatch(/^<c r="[A-Z]+\d+" s="\d+"\/>$/)
          if (c.value !== null) expect(xml, c.address).toContain(c.as === 'inline' ? 't="inlineStr"' : 't="s"')
          expect(cellValue(parts, layout.sheet, c.address), c.address).toBe(c.value ?? '')
          expect(ws.getCell(c.address).value ?? null, c.address).toBe(c.value)
        }
      }
    }
  })

  it('has only well-formed XML parts', async () => {
    const xml = [...parts].filter(([n]) => !n.endsWith('.png')).map(([n, d]) => ({ fileName: n.replace(/[^\w.]/g, '_'), contents: d.toString('utf8') }))
    const r = await validateXML({ xml, normalization: 'c14n' })
    expect(r.errors.map((e) => e.rawMessage)).toEqual([])
  })

  it('declares a content type for every part and points every relationship at a part that exists', () => {
    const types = text(parts, '[Content_Types].xml')
    const defaults = [...types.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1]!)
    const overrides = new Set([...types.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]!))
    for (const name of parts.keys()) {
      if (name === '[Content_Types].xml') continue
      expect(overrides.has(name) || defaults.includes(name.slice(name.lastIndexOf('.') + 1)), name).toBe(true)
    }
    for (const o of overrides) expect(parts.has(o), o).toBe(true)
    for (const [name, data] of parts) {
      if (!name.endsWith('.rels')) continue
      const base = name.replace(/_rels\/([^/]*)\.rels$/, '$1').replace(/[^/]*$/, '')
      for (const m of data.toString('utf8').matchAll(/Target="([^"]+)"/g)) {
        const target = m[1]!.startsWith('/') ? m[1]!.slice(1) : new URL(m[1]!, `file:///${base}`).pathname.slice(1)
        expect(parts.has(target), `${name} → ${m[1]}`).toBe(true)
      }
    }
  })

  it('counts its shared strings and lists every formula cell in calcChain', () => {
    const sheetParts = [...parts.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    const refs = sheetParts.reduce((n, p) => n + (text(parts, p).match(/ t="s"/g)?.length ?? 0), 0)
    const sst = text(parts, 'xl/sharedStrings.xml')
    expect(sst).toContain(`count="${refs}"`)
    expect(sst).toContain(`uniqueCount="${sst.match(/<si>/g)!.length}"`)

    const formulas = sheetParts.flatMap((p) => [...cellsOf(text(parts, p)).entries()].filter(([, c]) => c.includes('<f')).map(([a]) => `${p}!${a}`))
    if (!parts.has('xl/calcChain.xml')) return expect(formulas).toEqual([])
    const ids = new Map([...text(parts, 'xl/workbook.xml').matchAll(/<sheet name="([^"]+)" sheetId="(\d+)"/g)].map((m) => [m[2]!, sheetPath(parts, m[1]!.replace(/&amp;/g, '&'))]))
    let sheet = ''
    const chain = [...text(parts, 'xl/calcChain.xml').matchAll(/<c r="([A-Z]+\d+)"(?: i="(\d+)")?\/>/g)].map((m) => `${(sheet = m[2] ? ids.get(m[2])! : sheet)}!${m[1]}`)
    expect([...chain].sort()).toEqual([...formulas].sort())
  })
})

describe('CAIQ workbook', () => {
  const blank = readParts(caiqWorkbook({}))
  const filled = readParts(caiqWorkbook({ prefilled: true }))
  const layout = caiqLayout({ prefilled: true })

  it('lays out 30 questions under the header on row 3, with one category row merged across A:J', () => {
    expect(layout.headerRow).toBe(CAIQ_HEADER_ROW)
    expect(layout.questions).toHaveLength(30)
    expect(layout.questions[0]).toMatchObject({ id: 'A&A-01.1', row: 4 })
    expect(layout.sectionRows).toEqual([25])
    expect(layout.merges).toContain('A25:J25')
    expect(layout.merges).toEqual(expect.arrayContaining(['A1:L1', 'G4:G5', 'H4:H5', 'I4:I5', 'J4:J5', 'G9:G11']))
    // The category row's text and the ampersand in IDs survive escaping.
    expect(cellValue(blank, CAIQ_SHEET, 'A25')).toBe('Identity & Access Management')
    expect(text(blank, 'xl/sharedStrings.xml')).toContain('<t>A&amp;A-01.1</t>')
  })

  it('exercises every kind of answer cell: styled and empty, absent with the row ending early, absent in a gap, filled', () => {
    const kinds = (l: SheetLayout): Set<string> => new Set(l.questions.map((q) => { const c = q.cells.answer!; return !c.inXml ? 'absent' : c.value === null ? 'empty' : c.as! }))
    expect(kinds(caiqLayout({}))).toEqual(new Set(['empty', 'absent']))
    expect(kinds(layout)).toEqual(new Set(['empty', 'absent', 'shared', 'inline']))
    const cells = cellsOf(sheetXml(blank, CAIQ_SHEET))
    const row = (id: string): number => layout.questions.find((q) => q.id === id)!.row
    const short = row('A&A-01.2')
    expect([...cells.keys()].filter((a) => a.replace(/^[A-Z]+/, '') === String(short))).toEqual([`A${short}`, `B${short}`])
    const gap = row('CEK-12.2')
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((c) => cells.has(`${c}${gap}`))).toEqual([true, true, false, false, true, true])
  })

  it('gives every answer cell one list validation from the Lists sheet: the defined name, or the x14 extension', async () => {
    const xml = sheetXml(blank, CAIQ_SHEET)
    expect(text(blank, 'xl/workbook.xml')).toContain('<definedName name="CAIQAnswers">Lists!$A$1:$A$3</definedName>')
    const lists = listValidations(xml).filter((v) => v.sqref.startsWith('C'))
    expect(lists.map((v) => [v.source, v.x14])).toEqual([['CAIQAnswers', false], ['Lists!$A$1:$A$3', true]])
    for (const q of layout.questions) expect(lists.filter((v) => covers(v.sqref, q.cells.answer!.address)), q.id).toHaveLength(1)
    expect(xml).toContain('<formula1>"CSP-owned,CSC-owned,Shared CSP and CSC"</formula1>')
    const ws = (await load(caiqWorkbook({}))).getWorksheet(CAIQ_SHEET)!
    expect(ws.getCell('C4').dataValidation).toMatchObject({ type: 'list', formulae: ['CAIQAnswers'] })
    expect(ws.getCell('D4').dataValidation).toMatchObject({ type: 'list', formulae: ['"CSP-owned,CSC-owned,Shared CSP and CSC"'] })
  })

  it('has the parts real CAIQ files have: notes, a drawing with a stored PNG, x14 conditional formatting, print settings', async () => {
    const xml = sheetXml(blank, CAIQ_SHEET)
    for (const s of ['<legacyDrawing r:id="rId1"/>', '<pageSetup ', '<sheetFormatPr ', 'state="frozen"', '<conditionalFormatting sqref="C4:C34">', '{78C0D931-6437-407d-A8EE-F0AAD7539E65}', '<x14:conditionalFormattings>']) expect(xml).toContain(s)
    expect(text(blank, 'xl/comments1.xml').match(/<comment /g)).toHaveLength(3)
    expect(text(blank, 'xl/drawings/vmlDrawing1.vml').match(/ObjectType="Note"/g)).toHaveLength(3)
    const png = blank.get('xl/media/image1.png')!
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(readEntries(caiqWorkbook({})).find((e) => e.name === 'xl/media/image1.png')!.method).toBe(0)
    const wb = await load(caiqWorkbook({}))
    expect((wb.model as unknown as { media: Array<{ extension: string }> }).media.map((m) => m.extension)).toEqual(['png'])
    expect(wb.getWorksheet(CAIQ_SHEET)!.getCell('C3').note).toBeDefined()
  })

  it('prefills about half the answers, some of them against what the evidence says, and some descriptions', () => {
    const answered = layout.questions.filter((q) => q.cells.answer!.value !== null)
    expect(answered).toHaveLength(17)
    expect(answered.filter((q) => q.cells.answer!.as === 'inline')).toHaveLength(5)
    const answer = (id: string): string | null => layout.questions.find((q) => q.id === id)!.cells.answer!.value
    expect([answer('CEK-03.1'), answer('BCR-08.2'), answer('DSP-19.1'), answer('CEK-03.2')]).toEqual(['No', 'NA', 'No', 'Yes'])
    expect(layout.questions.filter((q) => q.cells.description!.value !== null).map((q) => q.id)).toEqual(['A&A-01.1', 'BCR-08.1', 'CEK-03.1', 'CEK-10.1', 'DSP-19.1', 'IAM-14.1'])
    expect(caiqLayout({}).questions.every((q) => Object.values(q.cells).every((c) => c.value === null))).toBe(true)
  })

  it('caches the Introduction formulas that count the answers', () => {
    const count = (v: string): string => String(layout.questions.filter((q) => q.cells.answer!.value === v).length)
    expect(['B7', 'B8', 'B9', 'B10', 'B11'].map((a) => cellValue(filled, 'Introduction', a))).toEqual([count('Yes'), count('No'), count('NA'), '17', 'Yes'])
    expect(['B7', 'B10', 'B11'].map((a) => cellValue(blank, 'Introduction', a))).toEqual(['0', '0', '(unanswered)'])
    expect(cellsOf(sheetXml(blank, 'Introduction')).get('B7')).toBe(`<c r="B7" s="10"><f>COUNTIF('${CAIQ_SHEET}'!C4:C40,"Yes")</f><v>0</v></c>`)
  })
})

describe('HECVAT workbook', () => {
  const parts = readParts(hecvatWorkbook({ prefilled: true }))
  const layout = hecvatLayout({ prefilled: true })

  it('lays out 40 questions in 7 merged section rows under the header on row 4, some asking for values', () => {
    expect(layout.headerRow).toBe(4)
    expect(layout.questions).toHaveLength(40)
    expect(layout.sectionRows).toEqual([5, 12, 20, 29, 35, 41, 48])
    expect(layout.merges).toEqual(['A1:E1', 'A2:E2', ...layout.sectionRows.map((r) => `A${r}:E${r}`)])
    const open = layout.questions.filter((q) => q.open).map((q) => q.text)
    expect(open).toEqual(expect.arrayContaining(['How long are backups retained?', 'Which regions host customer data?', 'How often are backups tested?', 'List the third parties with access to data.']))
    expect(layout.questions.map((q) => q.id)).toEqual(expect.arrayContaining(['HLAD-01', 'DATA-03', 'APPL-05']))
  })

  it('validates yes/no answers from the AnswerList name on the hidden Lists sheet, and not the value questions', async () => {
    const [list] = listValidations(sheetXml(parts, HECVAT_SHEET))
    expect(list!.source).toBe('AnswerList')
    for (const q of layout.questions) expect(covers(list!.sqref, q.cells.answer!.address), q.id).toBe(!q.open)
    const ws = (await load(hecvatWorkbook({}))).getWorksheet(HECVAT_SHEET)!
    expect(ws.getCell('C6').dataValidation).toMatchObject({ type: 'list', formulae: ['AnswerList'] })
    expect(['Yes', 'No', 'N/A'].map((_, i) => cellValue(parts, 'Lists', `A${i + 1}`))).toEqual(['Yes', 'No', 'N/A'])
  })

  it('has defined names (one local to a sheet), calcPr, shared formulas and x14 conditional formats', () => {
    const wb = text(parts, 'xl/workbook.xml')
    expect(wb).toContain('<definedName name="SectionScores" localSheetId="2">Summary!$D$9:$D$15</definedName>')
    expect(wb).toContain('<definedName name="AnswerList">Lists!$A$1:$A$3</definedName>')
    expect(wb).toContain('<calcPr calcId="191029"/>')
    const summary = sheetXml(parts, 'Summary')
    expect(summary).toContain('<f t="shared" ref="B3:B5" si="0">COUNTIF(HECVAT!$C$5:$C$60,A3)</f>')
    expect(summary).toContain('<f t="shared" si="0"/>')
    expect(summary).toContain('<x14:dataBar ')
    const questions = sheetXml(parts, HECVAT_SHEET)
    expect(questions).toContain('<f t="shared" ref="G6:G9" si="0">IF(C6=F6,1,0)</f>')
    expect(questions).toContain('<x14:iconSet iconSet="3Stars"')
    expect(questions).toContain('<xm:f>$C6=Lists!$A$2</xm:f>')
  })

  it('caches Summary scores that follow from the prefilled answers', () => {
    const count = (v: string): string => String(layout.questions.filter((q) => q.cells.answer!.value === v).length)
    expect(['B3', 'B4', 'B5', 'B6'].map((a) => cellValue(parts, 'Summary', a))).toEqual([count('Yes'), count('No'), count('N/A'), '24'])
    expect(cellValue(parts, 'Summary', 'B16')).toBe('13')
    expect(cellValue(parts, 'START HERE', 'B11')).toBe('In progress')
    expect(cellValue(parts, 'START HERE', 'B7')).toBe('Example Vendor Ltd')
    // THRD-04 has no answer cell at all, yet its score formula reads it.
    const thrd04 = layout.questions.find((q) => q.id === 'THRD-04')!
    expect(thrd04.cells.answer!.inXml).toBe(false)
    expect(cellsOf(sheetXml(parts, HECVAT_SHEET)).get(`G${thrd04.row}`)).toContain('<v>0</v>')
  })
})

describe('Yes/No columns workbook', () => {
  it('puts marks in one of three columns on two question sheets, numbers as IDs on the first', () => {
    const [infra, app] = yesNoColumnsLayout({ prefilled: true })
    expect([infra!.sheet, app!.sheet, infra!.headerRow]).toEqual(['Infrastructure', 'Application', 2])
    expect(infra!.questions.map((q) => q.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    const parts = readParts(yesNoColumnsWorkbook({ prefilled: true }))
    expect(cellsOf(sheetXml(parts, 'Infrastructure')).get('A3')).toBe('<c r="A3" s="5"><v>1</v></c>')
    const marks = [infra!, app!].flatMap((l) => l.questions.flatMap((q) => (['yes', 'no', 'na'] as const).filter((m) => q.cells[m]!.value !== null).map((m) => `${l.sheet}:${q.id}:${m}=${q.cells[m]!.value}`)))
    expect(marks).toEqual(['Infrastructure:1:yes=X', 'Infrastructure:3:no=X', 'Infrastructure:5:no=X', 'Infrastructure:8:yes=X', 'Application:2.2:yes=X', 'Application:2.4:na=x'])
    // Unanswered Application rows end at the question: no mark or comment cells at all.
    expect(yesNoColumnsLayout({})[1]!.questions.every((q) => Object.values(q.cells).every((c) => !c.inXml))).toBe(true)
  })

  it('resolves sheets through absolute relationship targets', () => {
    const parts = readParts(yesNoColumnsWorkbook({}))
    expect(text(parts, 'xl/_rels/workbook.xml.rels')).toContain('Target="/xl/worksheets/sheet3.xml"')
    expect(sheetPath(parts, 'Application')).toBe('xl/worksheets/sheet3.xml')
  })
})

describe('zip helpers', () => {
  const buf = caiqWorkbook({ prefilled: true })

  it('read back every part in the order written, and rewriting them gives the same bytes', async () => {
    const entries = readEntries(buf)
    expect(entryOrder(buf)[0]).toBe('[Content_Types].xml')
    expect(entryOrder(buf)).toEqual([...readParts(buf).keys()])
    expect(writeZip(entries.map((e) => ({ name: e.name, data: e.data, store: e.method === 0 })))).toEqual(buf)
    // An independent reader (yauzl) sees the same entries and contents.
    expect((await unzipAll(buf)).map((e) => [e.name, e.data.toString('base64')])).toEqual(entries.map((e) => [e.name, e.data.toString('base64')]))
  })

  it('flag names as UTF-8 and keep non-ASCII names intact', () => {
    const zip = writeZip([{ name: 'xl/média/ünïcode.xml', data: '<a/>' }])
    expect(zip.readUInt16LE(6) & 0x800).toBe(0x800)
    expect([...readParts(zip).keys()]).toEqual(['xl/média/ünïcode.xml'])
  })

  it('refuse a corrupted entry', () => {
    const bad = Buffer.from(buf)
    const png = readEntries(bad).find((e) => e.name === 'xl/media/image1.png')!
    // A byte inside the stored PNG's IDAT chunk: still a zip, but its CRC no longer matches.
    const at = png.offset + 30 + png.name.length + 20
    bad.writeUInt8(bad.readUInt8(at) ^ 0xff, at)
    expect(() => readParts(bad)).toThrow(/CRC/)
  })
})

describe('comparison helpers', () => {
  const buf = caiqWorkbook({})
  const parts = readParts(buf)
  const xml = sheetXml(parts, CAIQ_SHEET)

  it('changedParts names changed, added and removed parts', () => {
    const entries = readEntries(buf)
      .filter((e) => e.name !== 'docProps/app.xml')
      .map((e) => ({ name: e.name, data: e.name === 'xl/worksheets/sheet2.xml' ? Buffer.from(e.data.toString('utf8').replace('<c r="C4" s="7"/>', '<c r="C4" s="7" t="inlineStr"><is><t>Yes</t></is></c>')) : e.data, store: e.method === 0 }))
    const after = writeZip([...entries, { name: 'customXml/item1.xml', data: '<x/>' }])
    expect(changedParts(buf, after)).toEqual({ changed: ['xl/worksheets/sheet2.xml'], added: ['customXml/item1.xml'], removed: ['docProps/app.xml'] })
    expect(changedParts(buf, caiqWorkbook({}))).toEqual({ changed: [], added: [], removed: [] })
  })

  it('cellsOf gives each cell element exactly as written, and no <col> or <cfRule>', () => {
    const cells = cellsOf(xml)
    expect(cells.get('C4')).toBe('<c r="C4" s="7"/>')
    expect(cells.get('A4')).toMatch(/^<c r="A4" s="5" t="s"><v>\d+<\/v><\/c>$/)
    expect(cells.has('C5')).toBe(false)
    expect([...cells.keys()].every((a) => /^[A-J]\d+$/.test(a))).toBe(true)
    expect([...cells.values()].join('')).toBe(xml.slice(xml.indexOf('<sheetData>'), xml.indexOf('</sheetData>')).replace(/<\/?row[^>]*>|<\/?sheetData>/g, ''))
  })

  it('withoutCells removes only the named cells (and their rows\' spans hints), ignoring addresses the sheet does not have', () => {
    const cells = cellsOf(xml)
    const out = withoutCells(xml, ['C4', 'D4', 'C5', 'Z99'])
    // …and the spans hint of the rows they were in (4 and 5), which a cell added past a row's end widens.
    const noSpans = (x: string, r: string): string => x.replace(new RegExp(`(<row r="${r}")([^>]*?) spans="[^"]*"`), '$1$2')
    expect(out).toBe(noSpans(noSpans(xml.replace(cells.get('C4')!, '').replace(cells.get('D4')!, ''), '4'), '5'))
    expect([...cellsOf(out).keys()]).toEqual([...cells.keys()].filter((a) => a !== 'C4' && a !== 'D4'))
    // Cells outside <sheetData> do not exist: the extLst's <xm:sqref> and the like are never touched.
    expect(out.slice(out.indexOf('</sheetData>'))).toBe(xml.slice(xml.indexOf('</sheetData>')))
    expect(withoutCells(xml, [])).toBe(xml)
  })

  it('sheetPath follows workbook.xml and its relationships, not the tab order', () => {
    const hecvat = readParts(hecvatWorkbook({}))
    expect(['START HERE', HECVAT_SHEET, 'Summary', 'Lists', 'Calc'].map((s) => sheetPath(hecvat, s))).toEqual(['sheet1', 'sheet2', 'sheet5', 'sheet3', 'sheet4'].map((f) => `xl/worksheets/${f}.xml`))
    expect(() => sheetPath(hecvat, 'Missing')).toThrow(/no sheet named "Missing"/)
  })

  it('cellValue reads shared, rich, inline, numeric, formula and absent cells', () => {
    expect(cellValue(parts, CAIQ_SHEET, 'B4')).toBe('Are the policies for audit and assurance work written down, approved by management and published to staff?')
    expect(cellsOf(sheetXml(parts, 'Introduction')).get('A5')).toContain('t="inlineStr"')
    expect(cellValue(parts, 'Introduction', 'A5')).toMatch(/^The CCM columns/)
    expect(cellValue(parts, 'Introduction', 'B7')).toBe('0')
    expect(cellValue(parts, 'Introduction', 'B11')).toBe('(unanswered)')
    expect(cellValue(parts, CAIQ_SHEET, 'C4')).toBe('')
    expect(cellValue(parts, CAIQ_SHEET, 'C5')).toBe('')
    expect(cellValue(parts, CAIQ_SHEET, 'A4')).toBe('A&A-01.1')
  })
})

it('the well-formedness check does catch a broken part', async () => {
  const r = await validateXML({ xml: [{ fileName: 'ok.xml', contents: '<a/>' }, { fileName: 'bad.xml', contents: '<a><b></a>' }], normalization: 'c14n' })
  expect(r.valid).toBe(false)
  expect(r.errors.some((e) => e.rawMessage.includes('bad.xml'))).toBe(true)
})

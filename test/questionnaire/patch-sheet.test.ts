// The sheet-XML patcher on its own: where a written cell lands, what it keeps, and what stops it.
import { describe, expect, it } from 'vitest'
import { parseSheet, readCell, writeCells, type CellRef } from '../../src/questionnaire/patch/sheet.js'
import { recalcOnOpen } from '../../src/questionnaire/patch/workbook.js'
import { PatchRefused } from '../../src/questionnaire/patch/zip.js'

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
const sheet = (data: string, before = '<dimension ref="A1:C3"/>', after = '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>'): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${before}<cols><col min="2" max="2" width="30" style="4" customWidth="1"/></cols><sheetData>${data}</sheetData>${after}</worksheet>`
const at = (address: string): CellRef => {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!
  return { row: Number(m[2]), col: m[1]!.charCodeAt(0) - 65 }
}
const write = (xml: string, cells: Array<[string, string]>): string => writeCells(parseSheet(xml, 'q.xlsx [Q]'), cells.map(([a, text]) => ({ ref: at(a), text })), 'q.xlsx [Q]')

describe('sheet patcher', () => {
  it('replaces an existing cell in place, keeping its style and every byte around it', () => {
    const xml = sheet('<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="7"/><c r="C1" s="2"><v>5</v></c></row>')
    const out = write(xml, [['B1', 'Yes & <no>']])
    expect(out).toBe(xml.replace('<c r="B1" s="7"/>', '<c r="B1" s="7" t="inlineStr"><is><t xml:space="preserve">Yes &amp; &lt;no&gt;</t></is></c>'))
  })

  it('inserts a missing cell in column order, with its column style, and a missing row in row order', () => {
    const xml = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>')
    const out = write(xml, [['B1', 'x'], ['B3', 'y'], ['C7', 'z']])
    const p = parseSheet(out, 'q')
    expect(p.rows.map((r) => r.row)).toEqual([1, 3, 5, 7])
    expect(p.rows[0]!.cells.map((c) => c.col)).toEqual([0, 1, 2])
    expect(out).toContain('<c r="B1" s="4" t="inlineStr">') // column B's default style
    expect(out).toContain('<c r="C7" t="inlineStr">')
    expect(out).toContain('<dimension ref="A1:C7"/>')
    expect(readCell(p, at('B3'), []).text).toBe('y')
    // Everything before the cell table and after it is untouched.
    expect(out.slice(out.indexOf('</sheetData>'))).toBe(xml.slice(xml.indexOf('</sheetData>')))
  })

  it('opens a self-closing row and a self-closing cell table, and widens a row\'s spans only when needed', () => {
    const xml = sheet('<row r="2" spans="1:2" ht="30" customHeight="1"/>')
    const out = write(xml, [['C2', 'a']])
    expect(out).toContain('<row r="2" spans="1:3" ht="30" customHeight="1"><c r="C2" t="inlineStr">')
    const empty = sheet('', '', '').replace('<sheetData></sheetData>', '<sheetData/>')
    expect(write(empty, [['A1', 'b']])).toContain('<sheetData><row r="1"><c r="A1" t="inlineStr">')
  })

  it('reads shared, inline, boolean and formula cells as they show', () => {
    const p = parseSheet(sheet('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><r><t>Ye</t></r><r><t>s_x000D_</t></r><rPh><t>phonetic</t></rPh></is></c><c r="C1" t="b"><v>1</v></c><c r="D1"><f>A1</f><v>x</v></c></row>'), 'q')
    expect(readCell(p, at('A1'), ['a', 'No']).text).toBe('No')
    expect(readCell(p, at('B1'), []).text).toBe('Yes\r')
    expect(readCell(p, at('C1'), []).text).toBe('TRUE')
    expect(readCell(p, at('D1'), [])).toEqual({ text: 'x', formula: true })
    expect(readCell(p, at('E9'), [])).toEqual({ text: '', formula: false })
  })

  it('keeps a namespace prefix the file uses', () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`
    expect(write(xml, [['B1', 'ok']])).toContain('<x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">ok</x:t></x:is></x:c></x:row>')
  })

  it('refuses to add a cell to a sheet that places rows by position, rather than shift them', () => {
    const xml = sheet('<row><c><v>1</v></c></row><row><c><v>2</v></c></row>')
    expect(() => write(xml, [['B1', 'x']])).toThrow(PatchRefused)
    expect(() => write(xml, [['B1', 'x']])).toThrow(/no "r" references.*B1/)
    // Replacing a cell that is there is still safe.
    expect(write(xml, [['A2', 'x']])).toContain('<c r="A2" t="inlineStr">')
  })

  it('refuses rows out of order, naming the row', () => {
    expect(() => parseSheet(sheet('<row r="3"/><row r="2"/>'), 'q.xlsx [Q]')).toThrow(/q\.xlsx \[Q\]: row 2 is out of order/)
  })

  it('drops characters XML cannot hold and keeps a literal _x0041_ literal', () => {
    const out = write(sheet(''), [['A1', 'a\u0001b _x0041_']])
    const p = parseSheet(out, 'q')
    expect(readCell(p, at('A1'), []).text).toBe('ab _x0041_')
  })
})

describe('recalculation on open', () => {
  it('sets fullCalcOnLoad on calcPr, or adds calcPr in its schema position', () => {
    expect(recalcOnOpen('<workbook><sheets/><calcPr calcId="191029"/></workbook>')).toBe('<workbook><sheets/><calcPr fullCalcOnLoad="1" calcId="191029"/></workbook>')
    expect(recalcOnOpen('<workbook><sheets/><definedNames/><extLst/></workbook>')).toBe('<workbook><sheets/><definedNames/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>')
    const on = '<workbook><calcPr fullCalcOnLoad="1"/></workbook>'
    expect(recalcOnOpen(on)).toBe(on)
  })
})

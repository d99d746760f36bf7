// The buyer's workbook comes back intact: CAIQ-, HECVAT- and Yes/No-column-style workbooks built from their
// XML parts, answered blank (as a buyer sends them) and prefilled (last year's answers in place).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire, type AnswerQuestionnaireResult } from '../../src/app/answer.js'
import { resourceName } from '../../src/questionnaire/evidence.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import type { Results } from '../../src/snapshot/results.js'
import type { CheckOutcome } from '../../src/questionnaire/sample-results.js'
import {
  CAIQ_SHEET,
  HECVAT_SHEET,
  caiqLayout,
  caiqWorkbook,
  cellValue,
  cellsOf,
  changedParts,
  hecvatLayout,
  hecvatWorkbook,
  readParts,
  sheetPath,
  sheetXml,
  spansCoverCells,
  withoutCells,
  yesNoColumnsLayout,
  yesNoColumnsWorkbook,
  type Parts,
  type SheetLayout,
} from './workbooks/build.js'
import { NOW, tmp, writeResults } from './helpers.js'

interface Case {
  name: string
  build: (opts: { prefilled?: boolean }) => Buffer
  layouts: (opts: { prefilled?: boolean }) => SheetLayout[]
  /** The roles of the cells an answer may go in, and the comment role. */
  answerRoles: string[]
  commentRole: string
  /** What an answer cell may hold after the write: the drop-down's options (or the mark). */
  allowed: (text: string) => boolean
}

const CASES: Case[] = [
  { name: 'CAIQ', build: caiqWorkbook, layouts: (o) => [caiqLayout(o)], answerRoles: ['answer'], commentRole: 'description', allowed: (t) => ['Yes', 'No', 'NA'].includes(t) },
  {
    name: 'HECVAT',
    build: hecvatWorkbook,
    layouts: (o) => [hecvatLayout(o)],
    answerRoles: ['answer'],
    commentRole: 'comment',
    // Value questions have no drop-down: their cell takes a value, never a bare Yes/No is checked below.
    allowed: () => true,
  },
  { name: 'Yes/No columns', build: yesNoColumnsWorkbook, layouts: yesNoColumnsLayout, answerRoles: ['yes', 'no', 'na'], commentRole: 'comment', allowed: (t) => ['X', 'x'].includes(t) },
]

const MIXED: Record<string, CheckOutcome> = { 'storage-min-tls': 'fail', 'sql-db-geo-backup': 'partial', 'nsg-no-open-admin-ports': 'partial', 'keyvault-key-rotation': 'fail' }

async function answer(c: Case, prefilled: boolean, extra: { overwrite?: boolean } = {}): Promise<{ before: Parts; after: Parts; bytes: { before: Buffer; after: Buffer }; r: AnswerQuestionnaireResult; results: Results; review: string }> {
  const dir = tmp()
  const src = join(dir, 'buyer.xlsx')
  writeFileSync(src, c.build({ prefilled }))
  const resultsPath = writeResults(dir, MIXED)
  const out = join(dir, 'filled.xlsx')
  const r = await answerQuestionnaire({ questionnairePath: src, resultsPath, outPath: out, write: extra, now: NOW })
  const bytes = { before: readFileSync(src), after: readFileSync(out) }
  return {
    before: readParts(bytes.before),
    after: readParts(bytes.after),
    bytes,
    r,
    results: JSON.parse(readFileSync(resultsPath, 'utf8')) as Results,
    review: readFileSync(r.reviewPath!, 'utf8'),
  }
}

/** Cells whose XML differs between the two versions of a sheet. */
function changedCells(before: string, after: string): string[] {
  const a = cellsOf(before)
  const b = cellsOf(after)
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k))
}

describe.each(CASES)('$name workbook', (c) => {
  for (const prefilled of [false, true]) {
    describe(prefilled ? 'as it is (last year\'s answers in place)' : 'as a buyer sends it (answers cleared)', () => {
      it('changes only the answered sheets and the recalculation flag; every other part stays byte for byte', async () => {
        const { before, after, bytes } = await answer(c, prefilled)
        const sheets = c.layouts({ prefilled }).map((l) => sheetPath(before, l.sheet))
        const diff = changedParts(bytes.before, bytes.after)
        expect(diff.added).toEqual([])
        expect(diff.removed).toEqual([])
        for (const part of diff.changed) expect([...sheets, 'xl/workbook.xml'], part).toContain(part)
        expect(diff.changed).toContain('xl/workbook.xml')
        expect(after.get('xl/workbook.xml')!.toString()).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/)
        // Only the calcPr tag differs in workbook.xml.
        const strip = (x: string): string => x.replace(/<calcPr[^>]*\/>/, '')
        expect(strip(after.get('xl/workbook.xml')!.toString())).toBe(strip(before.get('xl/workbook.xml')!.toString()))
      })

      it('writes only answer and comment cells of question rows; the rest of the sheet XML is unchanged', async () => {
        const { before, after } = await answer(c, prefilled)
        let total = 0
        for (const layout of c.layouts({ prefilled })) {
          const b = sheetXml(before, layout.sheet)
          const a = sheetXml(after, layout.sheet)
          const changed = changedCells(b, a)
          const writable = new Set(layout.questions.flatMap((q) => [...c.answerRoles, c.commentRole].map((role) => q.cells[role]!.address)))
          for (const addr of changed) expect(writable.has(addr), `${layout.sheet}!${addr} changed`).toBe(true)
          total += changed.length
          // Outside those cells, byte for byte: merges, validations, conditional formats, extLst, cols, views.
          expect(withoutCells(a, changed)).toBe(withoutCells(b, changed))
          expect(spansCoverCells(a), layout.sheet).toEqual([])
        }
        expect(total).toBeGreaterThan(0)
      })

      it('changes no existing answer or comment, and says whether the evidence agrees', async () => {
        const { before, after, r, review } = await answer(c, prefilled)
        let held = 0
        for (const layout of c.layouts({ prefilled })) {
          for (const q of layout.questions) {
            const roles = [...c.answerRoles, c.commentRole]
            const had = roles.filter((role) => (q.cells[role]!.value ?? '') !== '')
            for (const role of had) expect(cellValue(after, layout.sheet, q.cells[role]!.address), `${layout.sheet}!${q.cells[role]!.address}`).toBe(cellValue(before, layout.sheet, q.cells[role]!.address))
            if (c.answerRoles.some((role) => (q.cells[role]!.value ?? '') !== '')) {
              held++
              // A kept answer keeps its neighbours: no mark added in another column, no comment added.
              for (const role of roles) expect(cellValue(after, layout.sheet, q.cells[role]!.address)).toBe(cellValue(before, layout.sheet, q.cells[role]!.address))
            }
          }
        }
        expect(r.kept).toBe(held)
        if (prefilled) {
          expect(held).toBeGreaterThan(0)
          expect(review).toContain('## Answers already in the file')
          expect(review).toContain('kept the existing answer')
          expect(r.disagreements).toBeGreaterThan(0)
          expect(review).toMatch(/\| disagrees \| the file says "/)
        } else expect(held).toBe(0)
      })

      it('writes only drop-down values or marks into answer cells, comments into the file\'s own column, and no resource name', async () => {
        const { before, after, results } = await answer(c, prefilled)
        const names = new Set(results.findings.map((f) => resourceName(f.resourceId)).flatMap((n) => n.split('/')).filter((n) => n.length >= 4))
        for (const layout of c.layouts({ prefilled })) {
          const header = Object.values(layout.columns)
          expect(header).not.toContain('Comments (trustpack)')
          const a = sheetXml(after, layout.sheet)
          expect(a).not.toContain('Comments (trustpack)')
          const changed = new Set(changedCells(sheetXml(before, layout.sheet), a))
          for (const q of layout.questions) {
            for (const role of c.answerRoles) {
              const addr = q.cells[role]!.address
              if (!changed.has(addr)) continue
              const text = cellValue(after, layout.sheet, addr)
              if (text !== '') expect(c.allowed(text), `${layout.sheet}!${addr} = "${text}"`).toBe(true)
              // A question that asks for a value never gets a bare Yes or No.
              if (q.open) expect(['Yes', 'No', 'NA', 'N/A', 'Partial'], `${q.id}: ${q.text}`).not.toContain(text)
            }
            const written = [...c.answerRoles, c.commentRole].map((role) => q.cells[role]!.address).filter((x) => changed.has(x))
            for (const addr of written) {
              const text = cellValue(after, layout.sheet, addr)
              for (const n of names) expect(text, `${layout.sheet}!${addr} names ${n}`).not.toContain(n)
            }
          }
        }
      })

      it('is read back by a spreadsheet library with every sheet, merge and validation', async () => {
        const { after } = await answer(c, prefilled)
        const { writeZip } = await import('./workbooks/build.js')
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(writeZip([...after].map(([name, data]) => ({ name, data }))) as unknown as ArrayBuffer)
        for (const layout of c.layouts({ prefilled })) {
          const ws = wb.getWorksheet(layout.sheet)!
          expect(((ws.model as { merges?: string[] }).merges ?? []).length, layout.sheet).toBe(layout.merges.length)
        }
      })
    })
  }
})

describe('reading the CAIQ-style layout', () => {
  it('finds every question with its ID and its domain, across vertical merges and the category row', async () => {
    const dir = tmp()
    const src = join(dir, 'caiq.xlsx')
    writeFileSync(src, caiqWorkbook())
    const q = await importQuestionnaire(src)
    const layout = caiqLayout()
    expect(q.questions.map((x) => [x.id, x.row])).toEqual(layout.questions.map((x) => [x.id, x.row]))
    expect(q.questions.map((x) => x.section)).toEqual(layout.questions.map((x) => x.section))
    expect(q.layout).toMatchObject({ answerCol: 2, commentCol: 4 })
  })

  it('reads the HECVAT-style sheet and skips its hidden and very hidden helper sheets', async () => {
    const dir = tmp()
    const src = join(dir, 'hecvat.xlsx')
    writeFileSync(src, hecvatWorkbook({ prefilled: true }))
    const q = await importQuestionnaire(src)
    const layout = hecvatLayout({ prefilled: true })
    expect(q.sheets.map((s) => s.name)).toEqual([HECVAT_SHEET])
    expect(q.questions.map((x) => [x.id, x.row])).toEqual(layout.questions.map((x) => [x.id, x.row]))
    // The section rows read "Documentation (HLAD)".
    q.questions.forEach((x, i) => expect(x.section, x.id).toMatch(new RegExp(`^${layout.questions[i]!.section}\\b`)))
    expect(q.layout).toMatchObject({ answerCol: 2, commentCol: 3 })
  })
})

describe('answering over what is already there', () => {
  it('--overwrite replaces plain answers, never a formula, and still lists each disagreement', async () => {
    const { before, after, r, review } = await answer(CASES[0]!, true, { overwrite: true })
    const layout = caiqLayout({ prefilled: true })
    const replaced = layout.questions.filter((q) => q.cells.answer!.value && cellValue(after, CAIQ_SHEET, q.cells.answer!.address) !== cellValue(before, CAIQ_SHEET, q.cells.answer!.address))
    expect(replaced.length).toBeGreaterThan(0)
    expect(r.kept).toBe(0)
    expect(r.disagreements).toBeGreaterThan(0)
    expect(review).toContain('replaced (--overwrite)')
  })

  it('answers HECVAT value questions with a value or leaves them, and its scoring sheet recalculates on open', async () => {
    const { after, r } = await answer(CASES[1]!, false)
    const layout = hecvatLayout()
    const open = layout.questions.filter((q) => q.open)
    expect(open.length).toBeGreaterThan(3)
    for (const q of open) {
      const a = r.answers.find((x) => x.question === q.text)!
      expect(['text', 'unknown'], `${q.id}: ${q.text}`).toContain(a.answer)
      const cell = cellValue(after, HECVAT_SHEET, q.cells.answer!.address)
      expect(cell === '' || cell === a.value, `${q.id} cell "${cell}"`).toBe(true)
    }
    expect(after.get('xl/workbook.xml')!.toString()).toContain('fullCalcOnLoad="1"')
  })
})

// XLSX import (exceljs): pick the question sheet, build a cell grid with merges, detect the layout;
// and write-back into a copy of the buyer's workbook, leaving everything else as it was.
import ExcelJS from 'exceljs'
import { InputError } from '../core/errors.js'
import { columnLetter, detectLayout, extractQuestions, type Grid } from './layout.js'
import { checkWorkbook, readWorkbookBytes } from './workbook-guard.js'
import { QUESTIONNAIRE_LIMITS, QuestionnaireTooLarge, count, questionnaireLimits, type QuestionnaireLimits } from './limits.js'
import type { ImportOptions, ImportedQuestionnaire, Question, SheetLayout } from './types.js'

/**
 * Loads a workbook once the guard has passed its zip (workbook-guard.ts): exceljs gets the very bytes that
 * were checked. `bytes` saves a second read when the caller has them.
 */
export async function loadWorkbook(path: string, limits: QuestionnaireLimits = QUESTIONNAIRE_LIMITS, bytes?: Buffer): Promise<ExcelJS.Workbook> {
  const data = bytes ?? readWorkbookBytes(path, limits)
  await checkWorkbook(data, path, limits)
  const wb = new ExcelJS.Workbook()
  try {
    // exceljs's types predate Buffer's generic parameter; the bytes are a plain Node Buffer.
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0])
  } catch {
    throw new InputError(`${path}: cannot read questionnaire (not a readable XLSX workbook)`)
  }
  if (wb.worksheets.length === 0) throw new InputError(`${path}: workbook has no worksheets`)
  return wb
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((p) => p.text).join('')
    if ('text' in v && typeof v.text === 'string') return v.text
    if ('result' in v && v.result !== undefined && v.result !== null) return String(v.result)
  }
  try {
    return cell.text ?? ''
  } catch {
    return ''
  }
}

function decodeRange(range: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/i.exec(range.trim())
  if (!m) return null
  const col = (s: string): number => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)
  return { c1: col(m[1]!), r1: Number(m[2]), c2: col(m[3]!), r2: Number(m[4]) }
}

/** An empty row shared by every row without cells, so a sheet used down to row 1,048,576 costs one pointer a row. */
const EMPTY_ROW: string[] = Object.freeze([]) as unknown as string[]

/**
 * The sheet as a grid of cell text. Only rows and cells that exist are visited (exceljs creates a row or
 * cell object on every lookup), and each row holds only its non-empty cells (see Grid: rows may be sparse).
 */
export function sheetGrid(ws: ExcelJS.Worksheet, file: string, limits: QuestionnaireLimits = QUESTIONNAIRE_LIMITS): Grid {
  const merges = new Map<number, Array<[number, number]>>()
  const mergeList = ((ws.model as unknown as { merges?: string[] }).merges ?? [])
  for (const m of mergeList) {
    const r = decodeRange(m)
    if (!r || r.c2 <= r.c1) continue
    const list = merges.get(r.r1 - 1) ?? []
    list.push([r.c1 - 1, r.c2 - 1])
    merges.set(r.r1 - 1, list)
  }
  if (ws.rowCount > limits.maxRows) {
    throw new QuestionnaireTooLarge(`${file}: row ${count(ws.rowCount)} is beyond the ${count(limits.maxRows)} rows a sheet can have; not a questionnaire`)
  }
  const filled = new Map<number, string[]>()
  let lastRow = 0
  ws.eachRow((row, r) => {
    const cells: string[] = []
    row.eachCell((cell, c) => {
      if (c > limits.maxColumns) throw new QuestionnaireTooLarge(`${file}: row ${r} has a cell beyond column XFD (${count(limits.maxColumns)}); not a questionnaire`)
      // A merged range's other cells repeat its first cell's value: only the first one holds it.
      if (cell.type === ExcelJS.ValueType.Merge) return
      const text = cellText(cell)
      if (text.length > limits.maxCellChars) {
        throw new QuestionnaireTooLarge(`${file}: cell ${columnLetter(c - 1)}${r} holds ${count(text.length)} characters, more than a spreadsheet cell holds (${count(limits.maxCellChars)}); not a questionnaire`)
      }
      if (text !== '') cells[c - 1] = text
    })
    if (cells.length === 0) return
    filled.set(r, cells)
    lastRow = Math.max(lastRow, r)
  })
  const rows = new Array<string[]>(lastRow).fill(EMPTY_ROW)
  for (const [r, cells] of filled) rows[r - 1] = cells
  return { rows, merges }
}

export async function importXlsx(path: string, opts: ImportOptions, bytes?: Buffer): Promise<ImportedQuestionnaire> {
  const limits = questionnaireLimits(opts.limits)
  const wb = await loadWorkbook(path, limits, bytes)
  let candidates = wb.worksheets
  if (opts.sheet !== undefined) {
    const byName = wb.worksheets.find((w) => w.name === opts.sheet) ?? wb.worksheets.find((w) => w.name.toLowerCase() === opts.sheet!.toLowerCase())
    const byIndex = /^\d+$/.test(opts.sheet) ? wb.worksheets[Number(opts.sheet) - 1] : undefined
    const ws = byName ?? byIndex
    if (!ws) throw new InputError(`${path}: no sheet "${opts.sheet}" (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`)
    candidates = [ws]
  }
  const tables: Array<{ ws: ExcelJS.Worksheet; layout: SheetLayout; questions: Question[]; score: number; confident: boolean }> = []
  let firstError: unknown = null
  for (const ws of candidates) {
    if (ws.state && ws.state !== 'visible' && opts.sheet === undefined) continue
    const where = `${path} [${ws.name}]`
    const grid = sheetGrid(ws, where, limits)
    if (grid.rows.length === 0) continue
    try {
      const { score, headerHasAnswer, ...layout } = detectLayout(grid, opts, where)
      const questions = extractQuestions(grid, layout, where, limits)
      if (questions.length > 0) tables.push({ ws, layout, questions, score, confident: headerHasAnswer && questions.length >= 3 })
    } catch (err) {
      if (err instanceof QuestionnaireTooLarge) throw err
      firstError ??= err
    }
  }
  if (tables.length === 0) throw firstError ?? new InputError(`${path}: no sheet with questions found; name one with --sheet`)
  // Every sheet with a real question table (header naming question and answer columns) is answered;
  // otherwise the one that looks most like a question list.
  const confident = tables.filter((t) => t.confident)
  const chosen = confident.length > 0 ? confident : [tables.reduce((a, b) => (b.score > a.score ? b : a))]
  const several = chosen.length > 1
  const total = chosen.reduce((n, t) => n + t.questions.length, 0)
  if (total > limits.maxQuestions) throw new QuestionnaireTooLarge(`${path}: ${count(total)} questions over ${chosen.length} sheets, more than ${count(limits.maxQuestions)}; not a questionnaire: name the question sheet with --sheet`)
  const questions = chosen.flatMap((t) => t.questions.map((q) => ({ ...q, id: several ? `${t.ws.name}!${q.id}` : q.id, sheet: t.ws.name })))
  return {
    format: 'xlsx',
    path,
    questions,
    layout: chosen[0]!.layout,
    sheetName: chosen[0]!.ws.name,
    sheets: chosen.map((t) => ({ name: t.ws.name, layout: t.layout })),
    csv: null,
  }
}

// Writing answers back: into a copy of the buyer's XLSX (their layout kept), a CSV, or JSON; and the
// neutralisation of text that a spreadsheet would otherwise run as a formula.
import { extname } from 'node:path'
import ExcelJS from 'exceljs'
import { InputError } from '../core/errors.js'
import { serialiseCsv } from './csv.js'
import { encodeText } from './encoding.js'
import { loadWorkbook, validationList } from './xlsx.js'
import { columnLetter } from './layout.js'
import { QUESTIONNAIRE_LIMITS } from './limits.js'
import type { Answer, AnswerValue, DecidedAnswer, ImportedQuestionnaire, Question, SheetLayout } from './types.js'

/** Text starting with = + - @ (or tab / CR) is prefixed with a single quote so no spreadsheet evaluates it. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const LABELS: Record<AnswerValue, string[]> = {
  yes: ['yes', 'y', 'true', 'compliant', 'fully compliant', 'implemented', 'in place'],
  no: ['no', 'n', 'false', 'non-compliant', 'not compliant', 'not implemented', 'not in place'],
  partial: ['partial', 'partially', 'partially compliant', 'partially implemented', 'partly', 'in progress'],
  not_applicable: ['n/a', 'na', 'not applicable', 'n.a.'],
  unknown: [],
}
const DEFAULT_LABEL: Record<AnswerValue, string> = { yes: 'Yes', no: 'No', partial: 'Partial', not_applicable: 'N/A', unknown: '' }

/**
 * The answer cell's text. With a drop-down list the value is one of its options: `partial` becomes the
 * list's "Partial" option if it has one, else "No" (the comment explains what does hold); `unknown` stays
 * blank for a person. Without a list, open questions get the approved wording.
 */
export function answerCellText(a: DecidedAnswer, allowed: string[] | null): { text: string; mappedFrom: AnswerValue | null } {
  if (a.answer === 'unknown') return { text: '', mappedFrom: null }
  if (!allowed) return { text: a.openText ?? DEFAULT_LABEL[a.answer], mappedFrom: null }
  const find = (v: AnswerValue): string | undefined => allowed.find((o) => LABELS[v].includes(o.trim().toLowerCase()))
  const direct = find(a.answer)
  if (direct) return { text: direct, mappedFrom: null }
  if (a.answer === 'partial') {
    const no = find('no')
    if (no) return { text: no, mappedFrom: 'partial' }
  }
  // No fitting option: leave the cell for a person rather than write something the list forbids.
  return { text: '', mappedFrom: a.answer }
}

export function commentText(a: DecidedAnswer, mappedFrom: AnswerValue | null): string {
  const prefix = mappedFrom === 'partial' ? 'Partially. ' : mappedFrom ? `${DEFAULT_LABEL[mappedFrom] || mappedFrom}. ` : ''
  const cites = a.citations.length > 0 ? ` [Evidence: ${a.citations.join(', ')}]` : ''
  return `${prefix}${a.rationale}${cites}`
}

export function publicAnswer(a: DecidedAnswer): Answer {
  return { questionId: a.questionId, question: a.question, answer: a.answer, confidence: a.confidence, citations: a.citations, rationale: a.rationale }
}

export type OutFormat = 'xlsx' | 'csv' | 'json'

export function outFormat(path: string): OutFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.xlsx') return 'xlsx'
  if (ext === '.csv') return 'csv'
  if (ext === '.json') return 'json'
  throw new InputError(`--out ${path}: unsupported extension "${ext || '(none)'}"; use .xlsx, .csv or .json`)
}

/** The filled file's bytes for `outPath`'s format; nothing is written here. */
export async function renderAnswers(q: ImportedQuestionnaire, answers: DecidedAnswer[], outPath: string): Promise<string | Uint8Array> {
  const fmt = outFormat(outPath)
  if (fmt === 'json') return JSON.stringify(answers.map(publicAnswer), null, 2) + '\n'
  if (fmt === 'csv') {
    // The buyer's CSV comes back in its own encoding and byte-order mark; a flat table is UTF-8.
    return q.format === 'csv' && q.csv && q.layout ? encodeText(filledCsv(q, answers), q.csv.encoding, q.csv.bom) : flatCsv(answers)
  }
  return q.format === 'xlsx' && q.sheets.length > 0 ? await filledXlsx(q, answers) : await flatXlsx(answers)
}

const FLAT_HEADER = ['Question ID', 'Question', 'Answer', 'Confidence', 'Citations', 'Rationale']
function flatRow(a: DecidedAnswer): string[] {
  return [a.questionId, a.question, DEFAULT_LABEL[a.answer] || 'Needs review', String(a.confidence), a.citations.join(' '), a.rationale].map(neutralise)
}

function flatCsv(answers: DecidedAnswer[]): string {
  return serialiseCsv([FLAT_HEADER, ...answers.map(flatRow)])
}

function filledCsv(q: ImportedQuestionnaire, answers: DecidedAnswer[]): string {
  const layout = q.layout!
  const rows = q.csv!.rows.map((r) => [...r])
  const h = (layout.headerRow ?? 1) - 1
  const byRow = new Map(q.questions.map((qq, i) => [qq.row, answers[i]!]))
  let commentCol = layout.commentCol
  if (commentCol === null) {
    // Right of the last filled cell of the question table (header and question rows), not of the widest
    // row anywhere: a stray row or trailing empty fields 16,384 wide must not widen every answered row.
    const table = [h, ...[...byRow.keys()].flatMap((r) => (r === null ? [] : [r - 1]))]
    const filledWidth = (r: number): number => {
      const row = rows[r] ?? []
      let n = row.length
      while (n > 0 && row[n - 1] === '') n--
      return n
    }
    let width = 0
    for (const r of table) width = Math.max(width, filledWidth(r))
    commentCol = Math.max(width, layout.answerCol + 1)
    if (commentCol >= QUESTIONNAIRE_LIMITS.maxColumns) {
      const free = (c: number): boolean => table.every((r) => (rows[r]?.[c] ?? '') === '')
      let c = layout.answerCol + 1
      while (c < QUESTIONNAIRE_LIMITS.maxColumns && !free(c)) c++
      if (c >= QUESTIONNAIRE_LIMITS.maxColumns) throw new InputError(`${q.path}: no empty column right of the answers for comments; name one with --comment-col`)
      commentCol = c
    }
    if (rows[h]) {
      while (rows[h]!.length <= commentCol) rows[h]!.push('')
      rows[h]![commentCol] = 'Comments (trustpack)'
    }
  }
  // Only the header and the answered rows change; every other row keeps its fields as they were.
  rows.forEach((row, i) => {
    const a = byRow.get(i + 1)
    if (!a) return
    const { text, mappedFrom } = answerCellText(a, null)
    while (row.length <= Math.max(layout.answerCol, commentCol!)) row.push('')
    row[layout.answerCol] = neutralise(text)
    row[commentCol!] = neutralise(commentText(a, mappedFrom))
  })
  return serialiseCsv(rows, q.csv!.delimiter)
}

async function filledXlsx(q: ImportedQuestionnaire, answers: DecidedAnswer[]): Promise<Buffer> {
  const wb = await loadWorkbook(q.path)
  for (const sheet of q.sheets) {
    const ws = wb.getWorksheet(sheet.name)
    if (!ws) throw new InputError(`${q.path}: sheet "${sheet.name}" disappeared while answering`)
    fillSheet(ws, `${q.path} [${sheet.name}]`, sheet.layout, q.questions.map((qq, i) => ({ question: qq, answer: answers[i]! })).filter((x) => (x.question.sheet ?? q.sheetName) === sheet.name))
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function fillSheet(ws: ExcelJS.Worksheet, where: string, layout: SheetLayout, items: Array<{ question: Question; answer: DecidedAnswer }>): void {
  let commentCol = layout.commentCol
  if (commentCol === null) {
    // No comment column: add one right of the table so the nuance is not lost.
    commentCol = Math.max(ws.columnCount, layout.answerCol + 1)
    // A sheet used up to its last column (XFD) has no column right of it: take the first one right of the
    // answers that is empty on the header and every question row.
    if (commentCol >= QUESTIONNAIRE_LIMITS.maxColumns) commentCol = freeColumn(ws, where, layout, items)
    const header = ws.getCell(layout.headerRow ?? 1, commentCol + 1)
    header.value = 'Comments (trustpack)'
    const model = ws.getCell(layout.headerRow ?? 1, layout.answerCol + 1)
    header.style = { ...model.style }
    ws.getColumn(commentCol + 1).width = 60
  }
  for (const { question, answer } of items) {
    if (question.row === null) continue
    const answerAddr = `${columnLetter(layout.answerCol)}${question.row}`
    const { text, mappedFrom } = answerCellText(answer, validationList(ws, answerAddr))
    ws.getCell(answerAddr).value = text === '' ? null : neutralise(text)
    // Values only: the buyer's cell styles (fonts, fills, wrapping) stay as they were.
    ws.getCell(question.row, commentCol + 1).value = neutralise(commentText(answer, mappedFrom))
  }
}

function freeColumn(ws: ExcelJS.Worksheet, where: string, layout: SheetLayout, items: Array<{ question: Question }>): number {
  const rows = [layout.headerRow ?? 1, ...items.flatMap((x) => (x.question.row === null ? [] : [x.question.row]))]
  for (let c = layout.answerCol + 1; c < QUESTIONNAIRE_LIMITS.maxColumns; c++) {
    if (rows.every((r) => (ws.findCell(r, c + 1)?.value ?? null) === null)) return c
  }
  throw new InputError(`${where}: no empty column right of the answers for comments; name one with --comment-col`)
}

async function flatXlsx(answers: DecidedAnswer[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Answers')
  ws.addRow(FLAT_HEADER).font = { bold: true }
  for (const a of answers) ws.addRow(flatRow(a))
  ws.columns.forEach((col, i) => (col.width = [16, 70, 12, 12, 30, 80][i] ?? 20))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

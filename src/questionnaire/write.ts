// Writing answers back: into a copy of the buyer's XLSX (their layout kept), a CSV, or JSON; and the
// neutralisation of text that a spreadsheet would otherwise run as a formula.
import { extname } from 'node:path'
import ExcelJS from 'exceljs'
import { InputError } from '../core/errors.js'
import { serialiseCsv } from './csv.js'
import { encodeText } from './encoding.js'
import { XlsxPackage } from './patch/workbook.js'
import { readWorkbookBytes } from './workbook-guard.js'
import { QUESTIONNAIRE_LIMITS } from './limits.js'
import type { Answer, AnswerValue, DecidedAnswer, ImportedQuestionnaire, Question, SheetLayout } from './types.js'

/** Text starting with = + - @ (or tab / CR) is prefixed with a single quote so no spreadsheet evaluates it. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const LABELS: Record<Exclude<AnswerValue, 'text'>, string[]> = {
  yes: ['yes', 'y', 'true', 'compliant', 'fully compliant', 'implemented', 'in place', 'agree', 'met', 'fully met'],
  no: ['no', 'n', 'false', 'non-compliant', 'not compliant', 'not implemented', 'not in place', 'disagree', 'not met'],
  partial: ['partial', 'partially', 'partially compliant', 'partially implemented', 'partly', 'in progress', 'partially met', 'partially agree'],
  not_applicable: ['n/a', 'na', 'not applicable', 'n.a.'],
  unknown: [],
}
const DEFAULT_LABEL: Record<AnswerValue, string> = { yes: 'Yes', no: 'No', partial: 'Partial', not_applicable: 'N/A', unknown: '', text: '' }

/** What a person's existing answer text means, when it is one of the usual labels. */
export function labelValue(text: string): Exclude<AnswerValue, 'text' | 'unknown'> | null {
  const t = text.trim().toLowerCase().replace(/[.!]$/, '')
  for (const v of ['yes', 'no', 'partial', 'not_applicable'] as const) if (LABELS[v].includes(t)) return v
  return null
}

export interface WriteOptions {
  /** Replace answers and comments already in the file (a disagreement is still listed for a person). */
  overwrite?: boolean
  /** Name resources in the text written into the file (the review list always names them). */
  nameResources?: boolean
  /** What a `partial` becomes in a drop-down without a partial option: left blank (default), or its "No". */
  partialAs?: 'blank' | 'no'
}

/**
 * The answer cell's text. With a drop-down list the value is one of its options; `partial` is its
 * "Partial" option if it has one, else blank for a person (or "No" with `partialAs: 'no'`); a value
 * answer cannot go into a list, so it goes in the comment; `unknown` stays blank. Without a list, open
 * questions get the approved wording and value questions their value.
 */
export function answerCellText(a: DecidedAnswer, allowed: string[] | null, opts: WriteOptions = {}): { text: string; mappedFrom: AnswerValue | null } {
  if (a.answer === 'unknown') return { text: '', mappedFrom: null }
  if (a.answer === 'text') return allowed ? { text: '', mappedFrom: 'text' } : { text: a.value ?? '', mappedFrom: null }
  if (!allowed) return { text: a.openText ?? DEFAULT_LABEL[a.answer], mappedFrom: null }
  // "Every / Most / Few / None": the extent chosen, where the list offers it.
  const offered = a.openText ? allowed.find((o) => o.trim().toLowerCase() === a.openText!.trim().toLowerCase()) : undefined
  if (offered) return { text: offered, mappedFrom: null }
  const find = (v: Exclude<AnswerValue, 'text'>): string | undefined => allowed.find((o) => LABELS[v].includes(o.trim().toLowerCase()))
  const direct = find(a.answer)
  if (direct) return { text: direct, mappedFrom: null }
  if (a.answer === 'partial' && opts.partialAs === 'no') {
    const no = find('no')
    if (no) return { text: no, mappedFrom: 'partial' }
  }
  // No fitting option: leave the cell for a person rather than write something the list forbids.
  return { text: '', mappedFrom: a.answer }
}

/** The comment cell's text: the evidence in words a buyer may read (no resource names unless asked). */
export function commentText(a: DecidedAnswer, mappedFrom: AnswerValue | null, opts: WriteOptions = {}): string {
  const rationale = opts.nameResources ? a.namedRationale : a.rationale
  const lead = mappedFrom === 'partial' ? 'Partially. ' : mappedFrom === 'text' ? valueLead(a.value ?? '', rationale) : mappedFrom ? `${DEFAULT_LABEL[mappedFrom] || mappedFrom}. ` : ''
  const cites = a.citations.length > 0 ? ` [Evidence: ${a.citations.join(', ')}]` : ''
  return `${lead}${rationale}${cites}`.trim()
}

/** A value moved into the comment, said once: not again where the rationale already says it ("Where it holds: …"). */
function valueLead(value: string, rationale: string): string {
  const v = value.trim().replace(/[.;:,\s]+$/, '')
  return v === '' || rationale.includes(v) ? '' : `${v}. `
}

/** What happened to one question's cells in the file, for the review list. */
export interface CellOutcome {
  questionId: string
  /** written: our answer went in; kept: the file's own answer stays; overwritten: --overwrite replaced it; left: blank for a person. */
  answer: 'written' | 'kept' | 'overwritten' | 'left'
  /** The file's answer before we touched it ('' when it had none). */
  existing: string
  commentKept: boolean
  /** With an existing answer: whether the evidence agrees. */
  verdict: 'agrees' | 'disagrees' | 'unverified' | null
  /** Why the answer cell was left, or why the evidence disagrees. */
  note: string | null
}

export function verdictOn(existing: string, a: DecidedAnswer): { verdict: 'agrees' | 'disagrees' | 'unverified'; note: string } {
  const said = labelValue(existing)
  if (a.answer === 'unknown') return { verdict: 'unverified', note: `the evidence does not settle it: ${a.review ?? a.namedRationale}` }
  if (a.answer === 'text' || said === null) return { verdict: 'unverified', note: `the evidence says: ${a.answer === 'text' ? a.value ?? '' : DEFAULT_LABEL[a.answer]}. ${a.namedRationale}` }
  if (said === a.answer) return { verdict: 'agrees', note: a.namedRationale }
  return { verdict: 'disagrees', note: `the file says "${existing.trim()}", the evidence says ${DEFAULT_LABEL[a.answer]}: ${a.namedRationale}` }
}

/** Decides one question's cells from what they hold now; `write` receives only what may be written. */
export function planCells(
  a: DecidedAnswer,
  current: { answer: string; answerFormula?: boolean; comment: string; commentFormula?: boolean },
  allowed: string[] | null,
  opts: WriteOptions,
): { outcome: CellOutcome; answerText: string | null; commentText: string | null } {
  const existing = current.answer.trim()
  const outcome: CellOutcome = { questionId: a.questionId, answer: 'left', existing, commentKept: false, verdict: null, note: null }
  if (existing !== '' || current.answerFormula) {
    const v = verdictOn(existing, a)
    outcome.verdict = v.verdict
    outcome.note = v.note
    if (!opts.overwrite || current.answerFormula) {
      // The person's answer (or a formula) stands, and so does the comment beside it.
      outcome.answer = 'kept'
      if (current.answerFormula) outcome.note = `the answer cell holds a formula, which is never replaced; ${v.note}`
      outcome.commentKept = current.comment.trim() !== ''
      return { outcome, answerText: null, commentText: null }
    }
  }
  const { text, mappedFrom } = answerCellText(a, allowed, opts)
  const commentKept = (current.comment.trim() !== '' && !opts.overwrite) || current.commentFormula === true
  outcome.commentKept = commentKept && current.comment.trim() !== ''
  if (text === '') {
    outcome.answer = 'left'
    outcome.note ??= leftReason(a, mappedFrom, allowed)
  } else outcome.answer = existing !== '' ? 'overwritten' : 'written'
  // Nothing goes to the buyer for a question nobody answered; its hints are in the review list.
  const comment = a.answer === 'unknown' || commentKept ? null : commentText(a, mappedFrom, opts)
  return { outcome, answerText: text === '' ? null : text, commentText: comment }
}

function leftReason(a: DecidedAnswer, mappedFrom: AnswerValue | null, allowed: string[] | null): string {
  if (a.answer === 'unknown') return 'not answered: a person answers it'
  if (mappedFrom === 'text') return `answer cell left blank: a value does not fit its drop-down (${(allowed ?? []).join(', ')}); the value is in the comment`
  if (mappedFrom === 'partial') return `answer cell left blank: its drop-down (${(allowed ?? []).join(', ')}) has no partial option; the evidence is in the comment`
  return `the drop-down (${(allowed ?? []).join(', ')}) has no option for ${a.answer}`
}

export function publicAnswer(a: DecidedAnswer): Answer {
  const out: Answer = { questionId: a.questionId, question: a.question, answer: a.answer, confidence: a.confidence, citations: a.citations, rationale: a.rationale }
  if (a.answer === 'text' && a.value !== undefined) out.value = a.value
  if (a.source) out.source = a.source
  return out
}

export type OutFormat = 'xlsx' | 'csv' | 'json'

export function outFormat(path: string): OutFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.xlsx') return 'xlsx'
  if (ext === '.csv') return 'csv'
  if (ext === '.json') return 'json'
  throw new InputError(`--out ${path}: unsupported extension "${ext || '(none)'}"; use .xlsx, .csv or .json`)
}

export interface Rendered {
  data: string | Uint8Array
  /** Per answered question (buyer's own CSV or XLSX only): what happened to its cells. */
  outcomes: CellOutcome[]
}

/** The filled file's bytes for `outPath`'s format; nothing is written here. */
export async function renderAnswers(q: ImportedQuestionnaire, answers: DecidedAnswer[], outPath: string, opts: WriteOptions = {}): Promise<Rendered> {
  const fmt = outFormat(outPath)
  if (fmt === 'json') return { data: JSON.stringify(answers.map(publicAnswer), null, 2) + '\n', outcomes: [] }
  if (fmt === 'csv') {
    if (q.format === 'csv' && q.csv && q.layout) {
      // The buyer's CSV comes back in its own encoding and byte-order mark; a flat table is UTF-8.
      const { text, outcomes } = filledCsv(q, answers, opts)
      return { data: encodeText(text, q.csv.encoding, q.csv.bom), outcomes }
    }
    return { data: flatCsv(answers, opts), outcomes: [] }
  }
  if (q.format === 'xlsx' && q.sheets.length > 0) return patchXlsx(q, answers, opts)
  return { data: await flatXlsx(answers, opts), outcomes: [] }
}

const FLAT_HEADER = ['Question ID', 'Question', 'Answer', 'Confidence', 'Citations', 'Rationale']
function flatRow(a: DecidedAnswer, opts: WriteOptions): string[] {
  const answer = a.answer === 'text' ? a.value ?? '' : DEFAULT_LABEL[a.answer] || 'Needs review'
  return [a.questionId, a.question, answer, String(a.confidence), a.citations.join(' '), opts.nameResources ? a.namedRationale : a.rationale].map(neutralise)
}

function flatCsv(answers: DecidedAnswer[], opts: WriteOptions): string {
  return serialiseCsv([FLAT_HEADER, ...answers.map((a) => flatRow(a, opts))])
}

function filledCsv(q: ImportedQuestionnaire, answers: DecidedAnswer[], opts: WriteOptions): { text: string; outcomes: CellOutcome[] } {
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
  const outcomes: CellOutcome[] = []
  // Only the header and the answered rows change; every other row keeps its fields as they were.
  rows.forEach((row, i) => {
    const a = byRow.get(i + 1)
    if (!a) return
    const put = (col: number, text: string): void => {
      while (row.length <= col) row.push('')
      row[col] = text
    }
    outcomes.push(fillRow(a, layout, commentCol!, (col) => ({ text: row[col] ?? '', formula: false }), put, null, opts))
  })
  return { text: serialiseCsv(rows, q.csv!.delimiter), outcomes }
}

/**
 * One question row, in either file kind: reads its answer cells (or Yes/No/N/A marks) and comment through
 * `read`, decides with planCells, and writes only what may be written through `write`.
 */
function fillRow(
  a: DecidedAnswer,
  layout: SheetLayout,
  commentCol: number,
  read: (col: number) => { text: string; formula: boolean },
  write: (col: number, text: string) => void,
  dropDown: string[] | null,
  opts: WriteOptions,
): CellOutcome {
  const marks = layout.marks
  const cells = (marks ? markColumns(marks) : [{ col: layout.answerCol, label: null }]).map((m) => ({ ...m, state: read(m.col) }))
  const comment = read(commentCol)
  const marked = cells.find((c) => c.state.text.trim() !== '' || c.state.formula)
  const current = {
    answer: marks ? (marked ? marked.label ?? '' : '') : cells[0]!.state.text,
    answerFormula: cells.some((c) => c.state.formula),
    comment: comment.text,
    commentFormula: comment.formula,
  }
  const plan = planCells(a, current, marks ? cells.map((c) => c.label!) : dropDown, opts)
  if (plan.answerText !== null) {
    if (marks) {
      const target = cells.find((c) => c.label === plan.answerText)
      for (const c of cells) if (c !== target && c.state.text.trim() !== '') write(c.col, '')
      if (target) write(target.col, marks.mark)
    } else write(layout.answerCol, neutralise(plan.answerText))
  }
  if (plan.commentText !== null) write(commentCol, neutralise(plan.commentText))
  return plan.outcome
}

function markColumns(marks: NonNullable<SheetLayout['marks']>): Array<{ col: number; label: string | null }> {
  const out: Array<{ col: number; label: string | null }> = [{ col: marks.yes, label: 'Yes' }, { col: marks.no, label: 'No' }]
  if (marks.na !== null) out.push({ col: marks.na, label: 'N/A' })
  return out
}

/**
 * The buyer's workbook with only the answered cells changed, in the sheet XML itself (patch/): every other
 * part keeps its bytes, and inside the sheet everything outside those cells stays as it was.
 */
function patchXlsx(q: ImportedQuestionnaire, answers: DecidedAnswer[], opts: WriteOptions): Rendered {
  const bytes = readWorkbookBytes(q.path, QUESTIONNAIRE_LIMITS)
  const book = new XlsxPackage(bytes, q.path)
  const outcomes: CellOutcome[] = []
  for (const sheet of q.sheets) {
    if (!book.hasSheet(sheet.name)) throw new InputError(`${q.path}: sheet "${sheet.name}" disappeared while answering`)
    const items = q.questions.map((qq, i) => ({ question: qq, answer: answers[i]! })).filter((x) => (x.question.sheet ?? q.sheetName) === sheet.name)
    outcomes.push(...fillSheet(book, q.path, sheet.name, sheet.layout, items, opts))
  }
  return { data: book.build(), outcomes }
}

function fillSheet(book: XlsxPackage, path: string, sheet: string, layout: SheetLayout, items: Array<{ question: Question; answer: DecidedAnswer }>, opts: WriteOptions): CellOutcome[] {
  let commentCol = layout.commentCol
  const headerRow = layout.headerRow ?? 1
  const rows = items.flatMap((x) => (x.question.row === null ? [] : [x.question.row]))
  if (commentCol === null) {
    // No comment column: the first column right of the answers that is empty on the header and every
    // question row gets one, so the nuance is not lost.
    commentCol = freeColumn(book, path, sheet, layout, [headerRow, ...rows])
    book.write(sheet, { row: headerRow, col: commentCol }, 'Comments (trustpack)')
  }
  const outcomes: CellOutcome[] = []
  for (const { question, answer } of items) {
    const row = question.row
    if (row === null) continue
    let allowed: string[] | null = null
    let unreadable: string | null = null
    if (!layout.marks) {
      const dd = book.dropDown(sheet, { row, col: layout.answerCol })
      if (dd && 'values' in dd) allowed = dd.values
      else if (dd) unreadable = dd.unreadable
    }
    const write = (col: number, text: string): void => book.write(sheet, { row, col }, text)
    const outcome = fillRow(answer, layout, commentCol, (col) => book.cell(sheet, { row, col }), write, unreadable ? [] : allowed, opts)
    if (unreadable && outcome.answer === 'left' && !outcome.verdict) outcome.note = `the answer cell's drop-down (${unreadable}) could not be read, so nothing was written into it`
    outcomes.push(outcome)
  }
  return outcomes
}

function freeColumn(book: XlsxPackage, path: string, sheet: string, layout: SheetLayout, rows: number[]): number {
  const used = [layout.questionCol, layout.answerCol, layout.idCol, layout.sectionCol, ...(layout.marks ? [layout.marks.yes, layout.marks.no, layout.marks.na] : [])]
  const last = Math.max(...used.filter((c): c is number => c !== null))
  for (let c = last + 1; c < QUESTIONNAIRE_LIMITS.maxColumns; c++) {
    const empty = (r: number): boolean => {
      const cell = book.cell(sheet, { row: r, col: c })
      return cell.text === '' && !cell.formula
    }
    if (rows.every(empty)) return c
  }
  throw new InputError(`${path} [${sheet}]: no empty column right of the answers for comments; name one with --comment-col`)
}

async function flatXlsx(answers: DecidedAnswer[], opts: WriteOptions): Promise<Buffer> {
  // A new workbook of our own (the questionnaire was CSV or VSAQ): exceljs writes it, no buyer's file is touched.
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Answers')
  ws.addRow(FLAT_HEADER).font = { bold: true }
  for (const a of answers) ws.addRow(flatRow(a, opts))
  ws.columns.forEach((col, i) => (col.width = [16, 70, 12, 12, 30, 80][i] ?? 20))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// Finding the questions in a grid of cells (a CSV or one worksheet): header row, question/answer/comment
// columns (guessed, or named by flags as a letter or a header name), category rows, question IDs.
import { InputError } from '../core/errors.js'
import { QUESTIONNAIRE_LIMITS, QuestionnaireTooLarge, count, type QuestionnaireLimits } from './limits.js'
import type { ImportOptions, Question, SheetLayout } from './types.js'

export interface Grid {
  /**
   * rows[r][c]: cell text, 0-based. A row may be sparse (a sheet row with cells in A and XFD holds two, not
   * 16,384): a missing cell is empty, so read cells with `?? ''` and iterate with forEach/map/filter/some.
   */
  rows: string[][]
  /** Per 0-based row: horizontal merges [firstCol, lastCol] (0-based) that start on that row. */
  merges: Map<number, Array<[number, number]>>
}

const YES_NO_START = /^(is|are|do|does|did|can|could|will|would|have|has|had|should|shall|must|may|was|were)\b/i
const OPEN_START = /^(what|which|how|where|when|who|whom|why|describe|list|explain|provide|please|name|state|specify|outline|give|enter|identify|indicate|detail)\b/i

/** "What / how / describe…" questions want text, not yes/no. */
export function isOpenQuestion(text: string): boolean {
  const t = text.trim()
  // VSAQ-style preambles: judge the last sentence, which holds the actual question.
  const sentences = t.split(/(?<=[.?!:])\s+/).filter((s) => s.length > 0)
  const last = sentences.length > 1 ? sentences[sentences.length - 1]! : t
  if (YES_NO_START.test(last)) return false
  if (OPEN_START.test(last)) return true
  return /:\s*$/.test(t)
}

type Role = 'question' | 'answer' | 'comment' | 'id' | 'section'

function roleScores(header: string): Partial<Record<Role, number>> {
  const h = header.trim().toLowerCase().replace(/\s+/g, ' ')
  if (h === '') return {}
  const s: Partial<Record<Role, number>> = {}
  if (/^(#|no\.?|nr\.?|n°|id|ref\.?|reference|ref(erence)? ?(no\.?|id|#)|q ?#|q ?no\.?|(question|item|control|requirement) ?(id|#|no\.?|number|ref\.?))$/.test(h)) s.id = 10
  if (/^(category|section|domain|area|topic|group|theme|control (area|domain|family))$/.test(h)) s.section = 9
  else if (/\b(category|section|domain|area|topic|group)\b/.test(h)) s.section = 7
  if (/^(the )?questions?( text)?$/.test(h)) s.question = 12
  else if (/\bquestions?\b/.test(h) && !s.id) s.question = s.section ? 3 : 10
  // "Control | Requirement", "Control | Control statement" (a FedRAMP or NIST control list): the words of the control,
  // not its name, are what is asked.
  else if (/requirement|control (?:description|statement|text)|^statement$|query|criteria/.test(h)) s.question = 7
  else if (/^description$|^item$|^control$|^request$/.test(h)) s.question = 6
  if (/response|answer|reply|yes ?\/ ?no|\by\/n\b|^compliant|compliance status|^status$|^choice$/.test(h)) s.answer = /comment|explanation|detail|justification/.test(h) ? 4 : 9
  if (/comment|explanation|explain|^notes?$|remarks?|details|justification|evidence|additional|clarification|supporting/.test(h)) s.comment = 8
  // CAIQ's "CSP Implementation Description": where the provider says how it is done.
  else if (/implementation (description|details?|notes?)|description of (the )?implementation/.test(h)) s.comment = 8
  return s
}

interface HeaderGuess {
  row: number
  cols: Partial<Record<Role, number>>
  score: number
}

function guessHeader(grid: Grid): HeaderGuess | null {
  let best: HeaderGuess | null = null
  const limit = Math.min(grid.rows.length, 40)
  for (let r = 0; r < limit; r++) {
    if ((grid.merges.get(r) ?? []).some(([a, b]) => b - a >= 2)) continue
    const cells = grid.rows[r] ?? []
    const cols: Partial<Record<Role, number>> = {}
    const taken = new Set<number>()
    let score = 0
    for (const role of ['id', 'section', 'question', 'answer', 'comment'] as Role[]) {
      let bestCol = -1
      let bestScore = 0
      cells.forEach((cell, c) => {
        if (taken.has(c)) return
        const sc = roleScores(cell)[role] ?? 0
        if (sc > bestScore) {
          bestScore = sc
          bestCol = c
        }
      })
      if (bestCol >= 0) {
        cols[role] = bestCol
        taken.add(bestCol)
        score += bestScore
      }
    }
    if (cols.question === undefined) continue
    if (!best || score > best.score) best = { row: r, cols, score }
  }
  return best
}

/** First column whose (non-empty) header satisfies `test`; -1 if none. Safe on sparse rows. */
function findHeader(cells: string[] | null, test: (header: string) => boolean): number {
  if (!cells) return -1
  let found = -1
  cells.some((h, c) => (test(h.trim().toLowerCase()) ? ((found = c), true) : false))
  return found
}

/** Column from a flag: a letter ("C"), a 1-based number, or a header name. */
export function resolveColumn(spec: string, headerCells: string[] | null, flag: string, file: string): number {
  const s = spec.trim()
  const beyond = (): never => {
    throw new InputError(`${file}: ${flag} "${spec}" is beyond the last column a sheet can have (XFD, ${count(QUESTIONNAIRE_LIMITS.maxColumns)})`)
  }
  if (/^[A-Za-z]{1,3}$/.test(s)) {
    const byName = findHeader(headerCells, (h) => h === s.toLowerCase())
    if (byName >= 0 && s.length > 1) return byName
    let n = 0
    for (const ch of s.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
    return n - 1 < QUESTIONNAIRE_LIMITS.maxColumns ? n - 1 : beyond()
  }
  if (/^\d+$/.test(s) && Number(s) >= 1) return Number(s) - 1 < QUESTIONNAIRE_LIMITS.maxColumns ? Number(s) - 1 : beyond()
  const idx = findHeader(headerCells, (h) => h === s.toLowerCase())
  if (idx >= 0) return idx
  const partial = findHeader(headerCells, (h) => h.includes(s.toLowerCase()))
  if (partial >= 0) return partial
  throw new InputError(`${file}: ${flag} "${spec}" is neither a column letter nor a header of the question table`)
}

export function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const m = (n - 1) % 26
    s = String.fromCharCode(65 + m) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** Row holding a header named in a flag, when the guess found none. */
function rowWithHeader(grid: Grid, names: string[]): number | null {
  const wanted = names.filter((n) => !/^[A-Za-z]{1,3}$/.test(n) && !/^\d+$/.test(n)).map((n) => n.trim().toLowerCase())
  if (wanted.length === 0) return null
  for (let r = 0; r < Math.min(grid.rows.length, 60); r++) {
    const cells = (grid.rows[r] ?? []).map((c) => c.trim().toLowerCase())
    if (wanted.every((w) => cells.some((c) => c === w || c.includes(w)))) return r
  }
  return null
}

export function detectLayout(grid: Grid, opts: ImportOptions, file: string): SheetLayout & { score: number; headerHasAnswer: boolean } {
  const guess = guessHeader(grid)
  const named = [opts.questionCol, opts.answerCol, opts.commentCol].filter((x): x is string => typeof x === 'string')
  const flagRow = rowWithHeader(grid, named)
  const headerRow0 = flagRow ?? guess?.row ?? null
  const headerCells = headerRow0 !== null ? grid.rows[headerRow0] ?? [] : null
  const guessedCols = flagRow !== null && flagRow !== guess?.row ? (guessHeaderAt(grid, flagRow)) : guess?.cols ?? {}

  let questionCol = opts.questionCol ? resolveColumn(opts.questionCol, headerCells, '--question-col', file) : guessedCols.question ?? null
  if (questionCol === null) questionCol = guessQuestionColumn(grid)
  if (questionCol === null) throw new InputError(`${file}: cannot find the question column; name it with --question-col`)

  let answerCol = opts.answerCol ? resolveColumn(opts.answerCol, headerCells, '--answer-col', file) : guessedCols.answer ?? null
  if (answerCol === null || answerCol === questionCol) answerCol = firstFreeColumnAfter(questionCol, [guessedCols.id, guessedCols.section, guessedCols.comment])
  if (answerCol >= QUESTIONNAIRE_LIMITS.maxColumns) throw new InputError(`${file}: no column right of the question column for the answers (it is the sheet's last); name one with --answer-col`)
  let commentCol = opts.commentCol ? resolveColumn(opts.commentCol, headerCells, '--comment-col', file) : guessedCols.comment ?? null
  if (commentCol === questionCol || commentCol === answerCol) commentCol = null
  const idCol = guessedCols.id ?? null
  const sectionCol = guessedCols.section ?? null
  const marks = !opts.answerCol && headerRow0 !== null ? markColumns(grid, headerRow0, questionCol) : null
  if (marks) {
    answerCol = marks.yes
    if (commentCol !== null && [marks.yes, marks.no, marks.na].includes(commentCol)) commentCol = null
  }
  return {
    questionCol,
    answerCol,
    marks,
    commentCol,
    idCol: idCol === questionCol || (marks && [marks.yes, marks.no, marks.na].includes(idCol)) ? null : idCol,
    sectionCol: sectionCol === questionCol ? null : sectionCol,
    headerRow: headerRow0 === null ? null : headerRow0 + 1,
    headerHasAnswer: headerRow0 !== null && (guessedCols.answer !== undefined || marks !== null),
    score: (guess?.score ?? 0) + countQuestionRows(grid, questionCol, headerRow0),
  }
}

const MARK_LABELS = { yes: /^(yes|y)$/, no: /^(no|n)$/, na: /^(n\/a|na|not applicable|n\.a\.)$/ }

/**
 * Separate "Yes", "No" (and "N/A") columns on the header row, where a mark goes in one of them; the mark is
 * the one the file already uses in those columns ("X", "✓"), else "X".
 */
function markColumns(grid: Grid, headerRow0: number, questionCol: number): SheetLayout['marks'] {
  const header = grid.rows[headerRow0] ?? []
  const find = (re: RegExp): number => findHeader(header, (h) => re.test(h))
  const yes = find(MARK_LABELS.yes)
  const no = find(MARK_LABELS.no)
  if (yes < 0 || no < 0 || yes === questionCol || no === questionCol || Math.abs(yes - no) > 2) return null
  const naCol = find(MARK_LABELS.na)
  const na = naCol >= 0 && naCol !== questionCol ? naCol : null
  let mark = 'X'
  for (let r = headerRow0 + 1; r < Math.min(grid.rows.length, headerRow0 + 2000); r++) {
    const row = grid.rows[r] ?? []
    const used = [yes, no, ...(na === null ? [] : [na])].map((c) => (row[c] ?? '').trim()).find((t) => t !== '' && t.length <= 3)
    if (used) {
      mark = used
      break
    }
  }
  return { yes, no, na, mark }
}

function guessHeaderAt(grid: Grid, row: number): Partial<Record<Role, number>> {
  const cells = grid.rows[row] ?? []
  const cols: Partial<Record<Role, number>> = {}
  for (const role of ['id', 'section', 'question', 'answer', 'comment'] as Role[]) {
    let bestScore = 0
    cells.forEach((cell, c) => {
      const sc = roleScores(cell)[role] ?? 0
      if (sc > bestScore && !Object.values(cols).includes(c)) {
        bestScore = sc
        cols[role] = c
      }
    })
  }
  return cols
}

function firstFreeColumnAfter(col: number, used: (number | undefined)[]): number {
  let c = col + 1
  while (used.includes(c)) c++
  return c
}

/** Without a header: the column where most cells read like questions. */
function guessQuestionColumn(grid: Grid): number | null {
  const score = new Map<number, number>()
  for (const row of grid.rows) {
    row.forEach((cell, c) => {
      const t = cell.trim()
      if (t.endsWith('?') || (t.split(/\s+/).length >= 5 && /[a-z]/i.test(t))) score.set(c, (score.get(c) ?? 0) + (t.endsWith('?') ? 2 : 1))
    })
  }
  let best: number | null = null
  let bestScore = 0
  for (const [c, s] of score) if (s > bestScore) { best = c; bestScore = s }
  return best
}

function countQuestionRows(grid: Grid, questionCol: number, headerRow0: number | null): number {
  let n = 0
  for (let r = (headerRow0 ?? -1) + 1; r < grid.rows.length; r++) {
    const t = (grid.rows[r]?.[questionCol] ?? '').trim()
    if (t.endsWith('?')) n += 2
    else if (t.split(/\s+/).length >= 4) n += 1
  }
  return n
}

/** What a question row already holds in its answer and comment cells. */
function existingCells(cells: string[], layout: SheetLayout): { answer: string; comment: string } {
  const comment = layout.commentCol === null ? '' : (cells[layout.commentCol] ?? '').trim()
  const m = layout.marks
  if (!m) return { answer: (cells[layout.answerCol] ?? '').trim(), comment }
  const marked = [{ c: m.yes, label: 'Yes' }, { c: m.no, label: 'No' }, ...(m.na === null ? [] : [{ c: m.na, label: 'N/A' }])].find((x) => (cells[x.c] ?? '').trim() !== '')
  return { answer: marked?.label ?? '', comment }
}

/** A category row: a merge covers the question cell and the answer cell, or spans three columns or more. */
function isCategoryRow(grid: Grid, r: number, layout: SheetLayout): boolean {
  return (grid.merges.get(r) ?? []).some(([a, b]) =>
    (a <= layout.questionCol && b >= layout.questionCol && (b >= layout.answerCol && a <= layout.answerCol || b - a >= 2)))
}

/**
 * Question rows below the header; merged or heading-like rows become the current section. `file` names the
 * file (and sheet) when there are more questions than a questionnaire has.
 */
export function extractQuestions(grid: Grid, layout: SheetLayout, file: string, limits: QuestionnaireLimits = QUESTIONNAIRE_LIMITS): Question[] {
  const questions: Question[] = []
  const used = new Set<string>()
  let section: string | null = null
  let carried: string | null = null
  const start = layout.headerRow ?? 0
  for (let r = start; r < grid.rows.length; r++) {
    const cells = grid.rows[r] ?? []
    const text = (cells[layout.questionCol] ?? '').replace(/\s+/g, ' ').trim()
    const nonEmpty = [...new Set(cells.map((c) => c.trim()).filter((c) => c !== ''))]
    if (isCategoryRow(grid, r, layout) || (nonEmpty.length === 1 && text === '')) {
      if (nonEmpty.length > 0) section = nonEmpty[0]!
      carried = null
      continue
    }
    if (text === '') continue
    const id = layout.idCol !== null ? (cells[layout.idCol] ?? '').trim() : ''
    const looksLikeQuestion = /[?:]\s*$/.test(text) || text.split(/\s+/).length >= 4
    if (layout.idCol !== null && id === '' && !looksLikeQuestion) {
      section = text
      continue
    }
    if (layout.idCol === null && nonEmpty.length === 1 && !looksLikeQuestion) {
      section = text
      continue
    }
    // A section cell merged down over several questions (CAIQ's domain column) holds its text on the first row only.
    const own = layout.sectionCol !== null ? (cells[layout.sectionCol] ?? '').trim() : ''
    if (own !== '') carried = own
    const sec = layout.sectionCol !== null ? own || carried || section : section
    if (questions.length === limits.maxQuestions) {
      throw new QuestionnaireTooLarge(`${file}: more than ${count(limits.maxQuestions)} questions (row ${r + 1} is question ${count(limits.maxQuestions + 1)}); not a questionnaire: split it, or name the question sheet with --sheet`)
    }
    let qid = id !== '' ? id : `row-${r + 1}`
    if (used.has(qid)) qid = `${qid}@row-${r + 1}`
    used.add(qid)
    questions.push({ id: qid, text, section: sec, row: r + 1, open: isOpenQuestion(text), existing: existingCells(cells, layout) })
  }
  return questions
}

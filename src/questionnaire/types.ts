// Questionnaire domain types: imported questions, decided answers and the layout needed to write them back.
import type { TextEncoding } from './encoding.js'
import type { LimitOverrides } from './limits.js'

/** `text`: a value answer ("35 days…") for questions that ask which, how long, how often, how many. */
export const ANSWER_VALUES = ['yes', 'no', 'partial', 'not_applicable', 'unknown', 'text'] as const
export type AnswerValue = (typeof ANSWER_VALUES)[number]

export interface Question {
  /** Stable ID: the questionnaire's own (VSAQ id, "#" column) or `row-N`. */
  id: string
  text: string
  section: string | null
  /** 1-based sheet/CSV row the question sits on (null for VSAQ). */
  row: number | null
  /** True for "what/how/describe…" questions whose answer is text, not yes/no. */
  open: boolean
  /** XLSX: the sheet the question is on. */
  sheet?: string
  /** What the file already holds in this question's answer and comment cells ('' when empty). */
  existing?: { answer: string; comment: string }
  /** A standard questionnaire's question (CAIQ, HECVAT, VSAQ): what its ID maps to (standard.ts). */
  mapping?: QuestionMapping
}

export interface QuestionMapping {
  /** "CAIQ 4.0.3 CEK-03.1". */
  label: string
  /** Library entries the question may be answered from; the text picks among them. */
  entries: string[]
  /** No check can ground it: only an attestation, a standing position or an approved past answer may. */
  manual: boolean
  reason: string
}

/** How many findings of one check are behind an answer, by status. */
export interface CheckCount {
  id: string
  pass: number
  fail: number
  error: number
  manual: number
  notApplicable: number
}

/**
 * Where an answer comes from, named: the checks (with counts and the results' date), the attestation, the
 * library entry (approver, date, expiry, the questionnaire it came from), or nothing (`none`, for `unknown`).
 * `why` says how the question was matched to it.
 */
export type AnswerSource =
  | { kind: 'evidence'; checks: CheckCount[]; evaluatedAt: string; subscriptions?: number; attestation?: { control: string; owner: string; expires: string }; why: string }
  | { kind: 'attestation'; control: string; owner: string; expires: string; why: string }
  | { kind: 'library'; entryId: string; approvedBy: string | null; approvedAt: string | null; expires: string | null; file?: string; question?: string; why: string }
  | { kind: 'inherited'; id: string; provider: string; report: string; issued: string; expires: string; scope: string; why: string }
  | { kind: 'none'; why: string }

/** The public answer shape (`--json` prints an array of these, nothing more). */
export interface Answer {
  questionId: string
  question: string
  answer: AnswerValue
  confidence: number
  citations: string[]
  /** Safe to send: names no resource, key, subscription or tenant ("2 of 10 keys"). */
  rationale: string
  /** With `answer: 'text'`: the value written into the answer cell. */
  value?: string
  /** Set on every answer the matcher decides. */
  source?: AnswerSource
}

/** An answer plus what the writers and the review report need. */
export interface DecidedAnswer extends Answer {
  /** Why a person must look at it; null when the answer can go out as is. */
  review: string | null
  /** Library entry that grounded it, if any. */
  entryId: string | null
  /** Text for an open question's answer cell (approved wording), when grounded. */
  openText: string | null
  /**
   * A value given where it holds, with where it does not stated alongside ("at most every 90 days (8 of 10
   * keys); not everywhere: 2 of 10 keys in scope do not meet it"): the checks whose failures it states.
   */
  statedShortfall?: string[]
  /** True when the question asks about something that must NOT be the case ("is X reachable from the internet?"). */
  negative: boolean
  /** The rationale naming the resources concerned: for the review list, and the file only with --name-resources. */
  namedRationale: string
}

export interface SheetLayout {
  /** 0-based column indexes. */
  questionCol: number
  answerCol: number
  commentCol: number | null
  idCol: number | null
  sectionCol: number | null
  /** 1-based header row, or null when none was found. */
  headerRow: number | null
  /**
   * Separate Yes / No / N/A columns where a mark goes in one (0-based), with the mark the file uses ("X").
   * `answerCol` is then the Yes column.
   */
  marks?: { yes: number; no: number; na: number | null; mark: string } | null
}

export type QuestionnaireFormat = 'csv' | 'xlsx' | 'vsaq'

export interface ImportedQuestionnaire {
  format: QuestionnaireFormat
  path: string
  questions: Question[]
  /** Spreadsheet formats only. */
  layout: SheetLayout | null
  /** XLSX only: the (first) sheet the questions were read from. */
  sheetName: string | null
  /** XLSX only: every sheet answered, with its layout (several when a workbook has one question table per tab). */
  sheets: Array<{ name: string; layout: SheetLayout }>
  /** CSV only: the parsed grid, its dialect and its encoding, for write-back in the same form. */
  csv: { rows: string[][]; delimiter: string; bom: boolean; encoding: TextEncoding } | null
}

export interface ImportOptions {
  sheet?: string
  questionCol?: string
  answerCol?: string
  commentCol?: string
  /** Lower (or raise) the size limits of limits.ts; tests use it to build small over-limit files. */
  limits?: LimitOverrides
}

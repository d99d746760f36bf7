// How large a questionnaire may be. Each limit is far above any real questionnaire and below what would
// exhaust memory or time; a file over one is refused with one line naming it (exit 2), never cut short.
// docs/questionnaires.md lists them. Tests pass lower values through ImportOptions.limits.
import { InputError } from '../core/errors.js'

export interface QuestionnaireLimits {
  /** Rows in a CSV or a sheet: the spreadsheet maximum. */
  maxRows: number
  /** Columns in a CSV or a sheet: the spreadsheet maximum (XFD). */
  maxColumns: number
  /** Questions in one questionnaire (every sheet together). SIG Core has about 850, CAIQ v4 about 260. */
  maxQuestions: number
  /** Characters in one cell (any CSV field; a sheet's question cells): what a spreadsheet cell can hold. */
  maxCellChars: number
}

export const QUESTIONNAIRE_LIMITS: QuestionnaireLimits = {
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxQuestions: 10_000,
  maxCellChars: 32_767,
}

export function questionnaireLimits(overrides?: Partial<QuestionnaireLimits>): QuestionnaireLimits {
  return { ...QUESTIONNAIRE_LIMITS, ...overrides }
}

/** A questionnaire over a limit: refused at once, even when another sheet of the workbook would do. */
export class QuestionnaireTooLarge extends InputError {}

/** 1048576 → "1,048,576" (fixed locale, so messages are the same on every machine). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

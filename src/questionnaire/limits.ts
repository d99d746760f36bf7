// How large a questionnaire may be. Each limit is far above any real questionnaire and below what would
// exhaust memory or time; a file over one is refused with one line naming it (exit 2), never cut short.
// docs/questionnaires.md lists them. Tests pass lower values through ImportOptions.limits.
import { InputError } from '../core/errors.js'
import type { ZipLimits } from '../report/pack/safe-zip.js'

/**
 * What a workbook's sheets may hold before exceljs builds them: it makes an object for every cell, row,
 * merged cell and cell under a data validation (a validation on A1:XFD1048576 is 17 billion), and checks
 * each merge against every other one.
 */
export interface WorkbookLimits {
  /** Cells (`<c>`) in all sheets together. A 1,000-question sheet with 10 columns has 10,000. */
  maxCells: number
  /** Rows (`<row>`) in all sheets together: two sheets formatted down to their last row. */
  maxRowElements: number
  /** Merged ranges in one sheet (exceljs compares each with all the others). */
  maxMergesPerSheet: number
  /** Cells covered by merged ranges and data validations, all sheets together: four whole columns. */
  maxRangeCells: number
}

export interface QuestionnaireLimits {
  /** Size of a CSV or VSAQ file. */
  maxFileBytes: number
  /** The XLSX zip: entries, inflated size per entry and in all (also its file size), compression ratio. */
  zip: ZipLimits
  workbook: WorkbookLimits
  /** Rows in a CSV or a sheet: the spreadsheet maximum. */
  maxRows: number
  /** Columns in a CSV or a sheet: the spreadsheet maximum (XFD). */
  maxColumns: number
  /** Questions in one questionnaire (every sheet together). SIG Core has about 850, CAIQ v4 about 260. */
  maxQuestions: number
  /** Fields in a CSV, all rows together (a full sheet's 1,048,576 rows × 16 columns): each costs memory. */
  maxCsvFields: number
  /** Characters in one cell (any CSV field; a sheet's question cells): what a spreadsheet cell can hold. */
  maxCellChars: number
}

export const QUESTIONNAIRE_LIMITS: QuestionnaireLimits = {
  maxFileBytes: 100 * 2 ** 20,
  zip: { maxEntries: 10_000, maxEntryBytes: 100 * 2 ** 20, maxTotalBytes: 200 * 2 ** 20, maxRatio: 100, ratioExemptBytes: 2 ** 20 },
  workbook: { maxCells: 2_000_000, maxRowElements: 2_097_152, maxMergesPerSheet: 5_000, maxRangeCells: 4_194_304 },
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxQuestions: 10_000,
  maxCsvFields: 16_777_216,
  maxCellChars: 32_767,
}

/** Limits to change, the nested ones field by field. */
export type LimitOverrides = Partial<Omit<QuestionnaireLimits, 'zip' | 'workbook'>> & { zip?: Partial<ZipLimits>; workbook?: Partial<WorkbookLimits> }

export function questionnaireLimits(overrides: LimitOverrides = {}): QuestionnaireLimits {
  const { zip, workbook, ...rest } = overrides
  return {
    ...QUESTIONNAIRE_LIMITS,
    ...rest,
    zip: { ...QUESTIONNAIRE_LIMITS.zip, ...zip },
    workbook: { ...QUESTIONNAIRE_LIMITS.workbook, ...workbook },
  }
}

/** A questionnaire over a limit: refused at once, even when another sheet of the workbook would do. */
export class QuestionnaireTooLarge extends InputError {}

/** 1048576 → "1,048,576" (fixed locale, so messages are the same on every machine). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

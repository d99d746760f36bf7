// What a built workbook holds, described as data: every question sheet's header row, columns and questions,
// and for each cell an answer can go in whether the sheet XML has it and what it says. The builders write
// the XML from this description, so a test can trust it instead of re-reading the workbook.
import { cell, type SharedStrings } from './ooxml.js'

export interface CellState {
  /** A1-style address on the question's sheet. */
  address: string
  /** Whether the sheet XML has a `<c>` element for the cell (styled and empty, or with a value). */
  inXml: boolean
  /** The text it holds; null when it has none. */
  value: string | null
  /** How a value is stored: an index into the shared strings, or an inline string. */
  as?: 'shared' | 'inline'
}

export interface QuestionLayout {
  /** The question's ID as the sheet shows it. */
  id: string
  row: number
  text: string
  section: string
  /** The question asks for a value or a description, not Yes/No. */
  open: boolean
  /**
   * The cells a filled answer may write, by role: `answer` and `comment` (and CAIQ's `ownership`,
   * `description`); `yes`, `no`, `na` and `comment` in the Yes/No-columns workbook.
   */
  cells: Record<string, CellState>
}

export interface SheetLayout {
  sheet: string
  /** 1-based row of the column headers. */
  headerRow: number
  /** Header text by column letter. */
  columns: Record<string, string>
  questions: QuestionLayout[]
  /** Rows holding a section or category title instead of a question. */
  sectionRows: number[]
  /** Every merged range on the sheet. */
  merges: string[]
}

export type Prior = [value: string, as: 'shared' | 'inline']

/** A cell's state from whether the row reaches it and what, if anything, was filled in. */
export function cellState(address: string, inXml: boolean, prior: Prior | undefined): CellState {
  if (!inXml) return { address, inXml, value: null }
  return prior ? { address, inXml, value: prior[0], as: prior[1] } : { address, inXml, value: null }
}

/** The `<c>` element for a cell state: nothing when absent, a styled empty cell, or its value. */
export function renderState(sst: SharedStrings, c: CellState, style: number): string {
  if (!c.inXml) return ''
  if (c.value === null) return cell.empty(c.address, style)
  return c.as === 'inline' ? cell.inline(c.address, c.value, style) : cell.shared(sst, c.address, c.value, style)
}

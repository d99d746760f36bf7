// Test workbooks written part by part, so every byte of their XML is known, shaped like the questionnaires
// buyers send (CAIQ v4, HECVAT 3.x, a home-made Yes/No/N/A grid; wording invented), with a layout per
// workbook saying where each question and answer cell is, and helpers that compare a workbook before and
// after a write-back part by part and cell by cell.
//
//   caiq.ts     caiqWorkbook / caiqLayout          hecvat.ts   hecvatWorkbook / hecvatLayout
//   yes-no.ts   yesNoColumnsWorkbook / …Layout     compare.ts  changedParts, cellsOf, withoutCells, sheetPath, cellValue
//   zip.ts      writeZip, readParts, readEntries   ooxml.ts    the SpreadsheetML and package the builders share
export { CAIQ_COLUMNS, CAIQ_HEADER_ROW, CAIQ_OWNERSHIP, CAIQ_SHEET, CAIQ_SHEETS, caiqLayout, caiqWorkbook } from './caiq.js'
export { HECVAT_CHOICES, HECVAT_COLUMNS, HECVAT_HEADER_ROW, HECVAT_SHEET, HECVAT_SHEETS, hecvatLayout, hecvatWorkbook } from './hecvat.js'
export { YES_NO_COLUMNS, YES_NO_HEADER_ROW, YES_NO_SHEETS, yesNoColumnsLayout, yesNoColumnsWorkbook } from './yes-no.js'
export { cellsOf, cellValue, changedParts, sheetPath, sheetXml, spansCoverCells, withoutCells, type Parts } from './compare.js'
export { entryOrder, readEntries, readParts, writeZip, type ZipEntry, type ZipInput } from './zip.js'
export type { CellState, QuestionLayout, SheetLayout } from './layout.js'

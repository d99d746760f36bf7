// One worksheet's XML: its cells read where they stand, and a few cells written into it. Everything outside
// the cells written stays as it was, byte for byte: other cells, rows, merges, validations, formats, extLst.
import { columnLetter } from '../layout.js'
import { PatchRefused } from './zip.js'
import { elements, escapeAttr, escapeText, firstElement, inner, runText, type Element } from './xml.js'

export interface CellRef {
  row: number
  /** 0-based. */
  col: number
}

export function parseAddress(address: string): CellRef | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim())
  if (!m) return null
  let col = 0
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64
  return { row: Number(m[2]), col: col - 1 }
}

export function addressOf(ref: CellRef): string {
  return `${columnLetter(ref.col)}${ref.row}`
}

export interface CellState {
  /** What the cell shows as text ('' when empty). */
  text: string
  /** The cell holds a formula: never written over. */
  formula: boolean
}

interface RowInfo {
  row: number
  el: Element
  explicit: boolean
  cells: Array<{ col: number; el: Element; explicit: boolean }>
}

export interface ParsedSheet {
  xml: string
  prefix: string
  sheetData: Element
  rows: RowInfo[]
  /** Rows or cells that rely on their position rather than an `r` attribute. */
  implicit: boolean
}

export function parseSheet(xml: string, where: string): ParsedSheet {
  const root = /<((?:[A-Za-z_][\w.-]*:)?)worksheet[\s>]/.exec(xml)
  if (!root) throw new PatchRefused(`${where}: the sheet part is not a worksheet (a chart sheet or dialog sheet cannot be answered)`)
  const prefix = root[1]!
  const sheetData = firstElement(xml, 'sheetData')
  if (!sheetData || sheetData.prefix !== prefix) throw new PatchRefused(`${where}: the worksheet has no cell table (sheetData)`)
  const rows: RowInfo[] = []
  let implicit = false
  let lastRow = 0
  for (const el of elements(xml, 'row', sheetData.innerStart, sheetData.innerEnd)) {
    const r = el.attrs.get('r')
    const row = r === undefined ? lastRow + 1 : Number(r)
    if (!Number.isInteger(row) || row < 1 || row <= lastRow) throw new PatchRefused(`${where}: row ${r ?? row} is out of order in the sheet XML`)
    if (r === undefined) implicit = true
    lastRow = row
    const cells: RowInfo['cells'] = []
    let lastCol = -1
    if (!el.selfClosing) {
      for (const c of elements(xml, 'c', el.innerStart, el.innerEnd)) {
        const a = c.attrs.get('r')
        const ref = a === undefined ? { row, col: lastCol + 1 } : parseAddress(a)
        if (!ref || ref.row !== row || ref.col <= lastCol) throw new PatchRefused(`${where}: cell ${a ?? addressOf({ row, col: lastCol + 1 })} is out of place in row ${row} of the sheet XML`)
        if (a === undefined) implicit = true
        lastCol = ref.col
        cells.push({ col: ref.col, el: c, explicit: a !== undefined })
      }
    }
    rows.push({ row, el, explicit: r !== undefined, cells })
  }
  return { xml, prefix, sheetData, rows, implicit }
}

function findRow(sheet: ParsedSheet, row: number): RowInfo | undefined {
  let lo = 0
  let hi = sheet.rows.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = sheet.rows[mid]!
    if (r.row === row) return r
    if (r.row < row) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

export function readCell(sheet: ParsedSheet, ref: CellRef, sharedStrings: readonly string[]): CellState {
  const cell = findRow(sheet, ref.row)?.cells.find((c) => c.col === ref.col)
  if (!cell || cell.el.selfClosing) return { text: '', formula: false }
  const body = inner(sheet.xml, cell.el)
  const formula = firstElement(body, 'f') !== null
  const type = cell.el.attrs.get('t') ?? 'n'
  if (type === 'inlineStr') {
    const is = firstElement(body, 'is')
    return { text: is ? runText(inner(body, is)) : '', formula }
  }
  const v = firstElement(body, 'v')
  const raw = v ? runText(`<t>${inner(body, v)}</t>`) : ''
  if (type === 's') return { text: raw === '' ? '' : sharedStrings[Number(raw)] ?? '', formula }
  if (type === 'b') return { text: raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw, formula }
  return { text: raw, formula }
}

export interface CellWrite {
  ref: CellRef
  text: string
}

/** Excel's limit on the characters a cell holds. */
const MAX_CELL_CHARS = 32_767

/** A string cell holding `text`; the existing cell's attributes are kept but its type. */
function cellXml(prefix: string, ref: CellRef, text: string, keep: Map<string, string>): string {
  const attrs = new Map(keep)
  attrs.delete('t')
  // Rich-value and cell-metadata indexes belong to the value being replaced.
  attrs.delete('vm')
  attrs.delete('cm')
  attrs.set('r', addressOf(ref))
  const ordered = ['r', ...[...attrs.keys()].filter((k) => k !== 'r')]
  const t = text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text
  const list = ordered.map((k) => `${k}="${escapeAttr(attrs.get(k)!)}"`).join(' ')
  return `<${prefix}c ${list} t="inlineStr"><${prefix}is><${prefix}t xml:space="preserve">${escapeText(t)}</${prefix}t></${prefix}is></${prefix}c>`
}

interface Splice {
  at: number
  to: number
  text: string
  /** Orders splices at the same place: applied from the highest key down. */
  key: number
}

/** The column's default style (`<cols><col min max style>`), which Excel gives a new cell in that column. */
function columnStyles(xml: string, prefix: string): (col: number) => string | undefined {
  const cols = firstElement(xml, 'cols')
  const list = cols && cols.prefix === prefix ? elements(xml, 'col', cols.innerStart, cols.innerEnd).map((c) => c.attrs) : []
  return (col) => {
    const hit = list.find((a) => Number(a.get('min')) <= col + 1 && col + 1 <= Number(a.get('max')))
    return hit?.get('style')
  }
}

/**
 * The sheet with `writes` applied: each cell replaced in place, or inserted in column order into its row,
 * or a new row inserted in row order. A row's `spans` hint and the sheet's `dimension` are widened only
 * when a written cell falls outside them.
 */
export function writeCells(sheet: ParsedSheet, writes: CellWrite[], where: string): string {
  const { xml, prefix } = sheet
  const splices: Splice[] = []
  const colStyle = columnStyles(xml, prefix)
  const byRow = new Map<number, CellWrite[]>()
  for (const w of writes) byRow.set(w.ref.row, [...(byRow.get(w.ref.row) ?? []).filter((x) => x.ref.col !== w.ref.col), w])
  const needsInsert = (row: RowInfo | undefined, ws: CellWrite[]): boolean => !row || ws.some((w) => !row.cells.some((c) => c.col === w.ref.col))
  let maxRow = 0
  let maxCol = 0
  for (const [rowNo, ws] of byRow) {
    ws.sort((a, b) => a.ref.col - b.ref.col)
    maxRow = Math.max(maxRow, rowNo)
    maxCol = Math.max(maxCol, ...ws.map((w) => w.ref.col))
    const row = findRow(sheet, rowNo)
    if (sheet.implicit && needsInsert(row, ws)) {
      throw new PatchRefused(`${where}: the sheet XML places rows or cells by position (no "r" references), so a new cell cannot be added at ${addressOf(ws[0]!.ref)} safely; save the workbook again from a spreadsheet program`)
    }
    if (!row) {
      const at = sheet.rows.find((r) => r.row > rowNo)?.el.start ?? sheet.sheetData.innerEnd
      const cells = ws.map((w) => cellXml(prefix, w.ref, w.text, styleFor(colStyle(w.ref.col)))).join('')
      if (sheet.sheetData.selfClosing) {
        const open = xml.slice(sheet.sheetData.start, sheet.sheetData.end).replace(/\s*\/>$/, '>')
        splices.push({ at: sheet.sheetData.start, to: sheet.sheetData.end, text: `${open}<${prefix}row r="${rowNo}">${cells}</${prefix}row></${prefix}sheetData>`, key: rowNo })
      } else splices.push({ at, to: at, text: `<${prefix}row r="${rowNo}">${cells}</${prefix}row>`, key: rowNo })
      continue
    }
    const rowStyle = row.el.attrs.get('customFormat') === '1' ? row.el.attrs.get('s') : undefined
    const inserted: string[] = []
    for (const w of ws) {
      const existing = row.cells.find((c) => c.col === w.ref.col)
      if (existing) {
        splices.push({ at: existing.el.start, to: existing.el.end, text: cellXml(prefix, w.ref, w.text, existing.el.attrs), key: w.ref.col })
        continue
      }
      const text = cellXml(prefix, w.ref, w.text, styleFor(rowStyle ?? colStyle(w.ref.col)))
      if (row.el.selfClosing) inserted.push(text)
      else {
        const at = row.cells.find((c) => c.col > w.ref.col)?.el.start ?? row.el.innerEnd
        splices.push({ at, to: at, text, key: w.ref.col })
      }
    }
    const openTag = xml.slice(row.el.start, row.el.innerStart)
    const widened = widenSpans(openTag, ws.map((w) => w.ref.col))
    if (row.el.selfClosing && inserted.length > 0) {
      splices.push({ at: row.el.start, to: row.el.end, text: `${widened.replace(/\s*\/>$/, '>')}${inserted.join('')}</${prefix}row>`, key: -1 })
    } else if (widened !== openTag) splices.push({ at: row.el.start, to: row.el.innerStart, text: widened, key: -1 })
  }
  const dim = widenDimension(xml, prefix, maxRow, maxCol)
  if (dim) splices.push(dim)
  let out = xml
  for (const s of splices.sort((a, b) => b.at - a.at || b.key - a.key)) out = out.slice(0, s.at) + s.text + out.slice(s.to)
  return out
}

function styleFor(style: string | undefined): Map<string, string> {
  return style === undefined || style === '0' ? new Map() : new Map([['s', style]])
}

function widenSpans(openTag: string, cols: number[]): string {
  const m = /\bspans\s*=\s*"(\d+):(\d+)"/.exec(openTag)
  if (!m) return openTag
  const lo = Math.min(Number(m[1]), ...cols.map((c) => c + 1))
  const hi = Math.max(Number(m[2]), ...cols.map((c) => c + 1))
  return lo === Number(m[1]) && hi === Number(m[2]) ? openTag : openTag.replace(m[0], `spans="${lo}:${hi}"`)
}

function widenDimension(xml: string, prefix: string, maxRow: number, maxCol: number): Splice | null {
  const dim = firstElement(xml, 'dimension')
  if (!dim || dim.prefix !== prefix) return null
  const ref = dim.attrs.get('ref') ?? ''
  const [a, b] = ref.split(':')
  const first = a ? parseAddress(a) : null
  const last = b ? parseAddress(b) : first
  if (!first || !last) return null
  const row = Math.max(last.row, maxRow)
  const col = Math.max(last.col, maxCol)
  if (row === last.row && col === last.col) return null
  const tag = xml.slice(dim.start, dim.end)
  const range = `${addressOf(first)}:${addressOf({ row, col })}`
  return { at: dim.start, to: dim.end, text: tag.replace(/\bref\s*=\s*"[^"]*"/, `ref="${range}"`), key: 0 }
}

// The buyer's workbook as its parts: sheets by name, shared strings, defined names, the drop-down lists of
// a cell, and the patch that writes answers into sheet XML, sets recalculation on open, and rebuilds the zip.
import { posix } from 'node:path'
import { InputError } from '../../core/errors.js'
import { QUESTIONNAIRE_LIMITS } from '../limits.js'
import { parseAddress, parseSheet, readCell, writeCells, type CellRef, type CellState, type CellWrite, type ParsedSheet } from './sheet.js'
import { decodeEntities, elements, firstElement, inner, runText } from './xml.js'
import { PatchRefused, readDirectory, readPart, rebuildZip, type ZipDirectory } from './zip.js'

interface SheetEntry {
  name: string
  index: number
  state: string
  part: string
}

interface Validation {
  ranges: Array<{ r1: number; c1: number; r2: number; c2: number }>
  formula: string
}

/** A list validation's options, or why they could not be read. */
export type DropDown = { values: string[] } | { unreadable: string }

export class XlsxPackage {
  private readonly parts = new Map<string, Buffer>()
  private readonly sheetsByName = new Map<string, SheetEntry>()
  private readonly parsed = new Map<string, ParsedSheet>()
  private readonly validations = new Map<string, Validation[]>()
  private readonly writes = new Map<string, CellWrite[]>()
  private sharedStrings: string[] | null = null
  private readonly definedNames: Array<{ name: string; localSheetId: number | null; ref: string }> = []
  private readonly dir: ZipDirectory
  private readonly workbookPart: string

  constructor(private readonly bytes: Buffer, private readonly where: string) {
    this.dir = readDirectory(bytes, where)
    const rootRels = this.text('_rels/.rels', true)
    const main = rootRels ? relationships(rootRels, '').find((r) => r.type.endsWith('/officeDocument')) : undefined
    this.workbookPart = main?.target ?? 'xl/workbook.xml'
    const wb = this.text(this.workbookPart, true)
    if (wb === null) throw new InputError(`${where}: not a readable XLSX workbook (no workbook part)`)
    const relsPath = posix.join(posix.dirname(this.workbookPart), '_rels', `${posix.basename(this.workbookPart)}.rels`)
    const rels = relationships(this.text(relsPath, true) ?? '', posix.dirname(this.workbookPart))
    elements(wb, 'sheet').forEach((s, index) => {
      const idKey = [...s.attrs.keys()].find((k) => k === 'id' || k.endsWith(':id'))
      const rel = rels.find((r) => r.id === s.attrs.get(idKey ?? ''))
      const name = s.attrs.get('name') ?? ''
      if (rel) this.sheetsByName.set(name, { name, index, state: s.attrs.get('state') ?? 'visible', part: rel.target })
    })
    for (const d of elements(wb, 'definedName')) {
      const local = d.attrs.get('localSheetId')
      this.definedNames.push({ name: d.attrs.get('name') ?? '', localSheetId: local === undefined ? null : Number(local), ref: decodeEntities(inner(wb, d)).trim() })
    }
    const ss = rels.find((r) => r.type.endsWith('/sharedStrings'))
    this.sharedStringsPart = ss?.target ?? null
  }

  private readonly sharedStringsPart: string | null

  private record(name: string) {
    return this.dir.records.find((r) => r.name === name)
  }

  private text(name: string, optional = false): string | null {
    const cached = this.parts.get(name)
    if (cached) return cached.toString('utf8')
    const record = this.record(name)
    if (!record) {
      if (optional) return null
      throw new InputError(`${this.where}: part ${name} is missing from the workbook`)
    }
    const data = readPart(this.bytes, record, this.where, QUESTIONNAIRE_LIMITS.zip.maxEntryBytes)
    if ((data[0] === 0xfe && data[1] === 0xff) || (data[0] === 0xff && data[1] === 0xfe)) throw new PatchRefused(`${this.where}: part ${name} is UTF-16 XML, which the answer writer does not patch`)
    this.parts.set(name, data)
    return data.toString('utf8')
  }

  private strings(): string[] {
    if (this.sharedStrings) return this.sharedStrings
    const xml = this.sharedStringsPart ? this.text(this.sharedStringsPart, true) : null
    this.sharedStrings = xml ? elements(xml, 'si').map((si) => runText(inner(xml, si))) : []
    return this.sharedStrings
  }

  private entry(sheetName: string): SheetEntry {
    const e = this.sheetsByName.get(sheetName)
    if (!e) throw new InputError(`${this.where}: sheet "${sheetName}" is not in the workbook`)
    return e
  }

  private sheet(sheetName: string): ParsedSheet {
    const cached = this.parsed.get(sheetName)
    if (cached) return cached
    const e = this.entry(sheetName)
    const parsed = parseSheet(this.text(e.part)!, `${this.where} [${sheetName}]`)
    this.parsed.set(sheetName, parsed)
    return parsed
  }

  cell(sheetName: string, ref: CellRef): CellState {
    return readCell(this.sheet(sheetName), ref, this.strings())
  }

  /** The list validation covering the cell: its options, or null when the cell has no drop-down. */
  dropDown(sheetName: string, ref: CellRef): DropDown | null {
    const v = this.validationsOf(sheetName).find((x) => x.ranges.some((r) => r.r1 <= ref.row && ref.row <= r.r2 && r.c1 <= ref.col && ref.col <= r.c2))
    if (!v) return null
    const values = this.listValues(v.formula, sheetName, 0)
    return values && values.length > 0 ? { values } : { unreadable: v.formula }
  }

  private validationsOf(sheetName: string): Validation[] {
    const cached = this.validations.get(sheetName)
    if (cached) return cached
    const xml = this.sheet(sheetName).xml
    const out: Validation[] = []
    for (const dv of elements(xml, 'dataValidation')) {
      if (dv.selfClosing || dv.attrs.get('type') !== 'list') continue
      const body = inner(xml, dv)
      const f1 = firstElement(body, 'formula1')
      if (!f1) continue
      // x14 validations hold the formula in <xm:f> and the cells in <xm:sqref>; the classic ones in attributes.
      const f = firstElement(body, 'f', f1.innerStart, f1.innerEnd)
      const formula = decodeEntities(f ? inner(body, f) : inner(body, f1)).trim()
      const sqrefEl = firstElement(body, 'sqref')
      const sqref = dv.attrs.get('sqref') ?? (sqrefEl ? decodeEntities(inner(body, sqrefEl)) : '')
      out.push({ ranges: sqref.split(/\s+/).flatMap((r) => (r === '' ? [] : [decodeRange(r)])).filter((r): r is NonNullable<typeof r> => r !== null), formula })
    }
    this.validations.set(sheetName, out)
    return out
  }

  private listValues(formula: string, sheetName: string, depth: number): string[] | null {
    const f = formula.replace(/^=/, '').trim()
    if (f.startsWith('"')) {
      return f.replace(/^"|"$/g, '').replace(/""/g, '"').split(',').map((x) => x.trim()).filter((x) => x !== '')
    }
    const m = /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?(\$?[A-Z]{1,3}\$?\d*(?::\$?[A-Z]{1,3}\$?\d*)?)$/i.exec(f)
    if (m && /\d|:/.test(m[3]!)) {
      const target = m[1] ? m[1].replace(/''/g, "'") : m[2] ?? sheetName
      if (!this.sheetsByName.has(target)) return null
      const range = decodeRange(m[3]!)
      return range ? this.rangeText(target, range) : null
    }
    if (depth > 3 || !/^[A-Za-z_\\][\w.\\]*$/.test(f)) return null
    const index = this.sheetsByName.get(sheetName)?.index ?? -1
    const named = this.definedNames.find((d) => d.name.toLowerCase() === f.toLowerCase() && d.localSheetId === index) ?? this.definedNames.find((d) => d.name.toLowerCase() === f.toLowerCase() && d.localSheetId === null)
    return named ? this.listValues(named.ref, sheetName, depth + 1) : null
  }

  private rangeText(sheetName: string, range: { r1: number; c1: number; r2: number; c2: number }): string[] {
    const sheet = this.sheet(sheetName)
    const values: string[] = []
    for (const row of sheet.rows) {
      if (row.row < range.r1 || row.row > range.r2) continue
      for (const c of row.cells) {
        if (c.col < range.c1 || c.col > range.c2) continue
        const t = readCell(sheet, { row: row.row, col: c.col }, this.strings()).text.trim()
        if (t !== '' && !values.includes(t)) values.push(t)
        if (values.length >= 200) return values
      }
    }
    return values
  }

  write(sheetName: string, ref: CellRef, text: string): void {
    this.entry(sheetName)
    const list = this.writes.get(sheetName) ?? []
    list.push({ ref, text })
    this.writes.set(sheetName, list)
  }

  /** The workbook with every write applied; only the written sheets and the workbook part (recalculation) change. */
  build(): Buffer {
    const replace = new Map<string, Buffer>()
    for (const [name, writes] of this.writes) {
      if (writes.length === 0) continue
      const e = this.entry(name)
      replace.set(e.part, Buffer.from(writeCells(this.sheet(name), writes, `${this.where} [${name}]`), 'utf8'))
    }
    if (replace.size === 0) return Buffer.from(this.bytes)
    const wb = this.text(this.workbookPart)!
    const recalculating = recalcOnOpen(wb)
    if (recalculating !== wb) replace.set(this.workbookPart, Buffer.from(recalculating, 'utf8'))
    return rebuildZip(this.bytes, this.dir, replace)
  }

  hasSheet(name: string): boolean {
    return this.sheetsByName.has(name)
  }
}

function relationships(xml: string, base: string): Array<{ id: string; type: string; target: string }> {
  return elements(xml, 'Relationship').map((r) => {
    const target = r.attrs.get('Target') ?? ''
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base, target))
    return { id: r.attrs.get('Id') ?? '', type: r.attrs.get('Type') ?? '', target: resolved }
  })
}

function decodeRange(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const [a, b] = ref.replace(/\$/g, '').split(':')
  const col = (s: string): number => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
  const one = (s: string | undefined, lastRow: number): { row: number; col: number } | null => {
    if (s === undefined) return null
    const full = parseAddress(s)
    if (full) return full
    const colOnly = /^([A-Z]{1,3})$/i.exec(s)
    return colOnly ? { row: lastRow, col: col(colOnly[1]!) } : null
  }
  const first = one(a, 1)
  const last = b === undefined ? first : one(b, QUESTIONNAIRE_LIMITS.maxRows)
  if (!first || !last) return null
  return { r1: first.row, c1: first.col, r2: last.row, c2: last.col }
}

/** workbook.xml with `fullCalcOnLoad="1"`, so formulas that read the answers (scoring sheets) update on open. */
export function recalcOnOpen(wb: string): string {
  const calc = firstElement(wb, 'calcPr')
  if (calc) {
    const tag = wb.slice(calc.start, calc.innerStart)
    if (calc.attrs.get('fullCalcOnLoad') === '1' || calc.attrs.get('fullCalcOnLoad') === 'true') return wb
    const next = /\bfullCalcOnLoad\s*=\s*"[^"]*"/.test(tag) ? tag.replace(/\bfullCalcOnLoad\s*=\s*"[^"]*"/, 'fullCalcOnLoad="1"') : tag.replace(/^(<[^\s/>]+)/, '$1 fullCalcOnLoad="1"')
    return wb.slice(0, calc.start) + next + wb.slice(calc.innerStart)
  }
  const root = /<((?:[A-Za-z_][\w.-]*:)?)workbook[\s>]/.exec(wb)
  const prefix = root?.[1] ?? ''
  // CT_Workbook's order: calcPr comes after definedNames and before these.
  const after = ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst']
  let at = wb.lastIndexOf(`</${prefix}workbook>`)
  for (const name of after) {
    const e = firstElement(wb, name)
    if (e && e.prefix === prefix) {
      at = Math.min(at, e.start)
      break
    }
  }
  if (at < 0) return wb
  return `${wb.slice(0, at)}<${prefix}calcPr fullCalcOnLoad="1"/>${wb.slice(at)}`
}


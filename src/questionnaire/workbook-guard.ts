// What a buyer's XLSX may be before exceljs reads it. exceljs inflates every part of the zip into memory and
// builds an object for each cell, row, merged cell and validated cell, so a few megabytes can become
// gigabytes. The zip is walked first with the safe zip reader (sizes and ratios from the central directory,
// then counted while inflating) and each sheet's XML is scanned as it inflates for what exceljs would build.
import { readFileSync, statSync } from 'node:fs'
import { InputError } from '../core/errors.js'
import { byteSize, readZip, ZipRefused, ZipUnreadable, type ZipEntry, type ZipInspector } from '../report/pack/safe-zip.js'
import { count, type QuestionnaireLimits, type WorkbookLimits } from './limits.js'

/** exceljs's own test for a worksheet part (unanchored, so it also matches names with a prefix). */
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/

/** A tag longer than this (with its attributes) is not in any real sheet; it would hide what it holds. */
const MAX_TAG_CHARS = 2 ** 20

const NS = '(?:[A-Za-z_][\\w.-]*:)?'
const CELL = new RegExp(`<${NS}c[\\s/>]`, 'g')
const ROW = new RegExp(`<${NS}row[\\s/>]`, 'g')
const MERGE = new RegExp(`<${NS}mergeCell\\s[^>]*?\\bref\\s*=\\s*["']([^"']*)["']`, 'g')
const VALIDATION = new RegExp(`<${NS}dataValidation\\s[^>]*?\\bsqref\\s*=\\s*["']([^"']*)["']`, 'g')

function column(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64
  return n
}

/** Cells a reference list covers ("A1:B2 D4" → 5); a reference that does not parse counts as one. */
export function rangeCells(refs: string): number {
  let total = 0
  for (const ref of refs.trim().split(/\s+/)) {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref)
    if (!m) {
      if (ref !== '') total += 1
      continue
    }
    const rows = Math.abs(Number(m[4] ?? m[2]) - Number(m[2])) + 1
    const cols = Math.abs(column(m[3] ?? m[1]!) - column(m[1]!)) + 1
    total += rows * cols
  }
  return total
}

interface Totals {
  cells: number
  rows: number
  rangeCells: number
}

/** Counts, as a sheet's XML inflates, what exceljs would build from it; throws ZipRefused over a limit. */
class SheetScanner implements ZipInspector {
  private carry = ''
  private merges = 0

  constructor(private readonly entry: string, private readonly limits: WorkbookLimits, private readonly totals: Totals) {}

  chunk(data: Buffer): void {
    // Tags are ASCII: latin1 keeps every byte as one character, so nothing is lost at a chunk boundary.
    const text = this.carry + data.toString('latin1')
    const open = text.lastIndexOf('<')
    const cut = open > text.lastIndexOf('>') ? open : text.length
    this.scan(text.slice(0, cut))
    this.carry = text.slice(cut)
    if (this.carry.length > MAX_TAG_CHARS) this.refuse(`holds a tag longer than ${byteSize(MAX_TAG_CHARS)}`)
  }

  end(): void {
    this.scan(this.carry)
    this.carry = ''
  }

  private refuse(reason: string): never {
    throw new ZipRefused(this.entry, reason, 0)
  }

  private scan(text: string): void {
    const t = this.totals
    const l = this.limits
    t.cells += text.match(CELL)?.length ?? 0
    if (t.cells > l.maxCells) this.refuse(`brings the workbook's cells past ${count(l.maxCells)}, the limit`)
    t.rows += text.match(ROW)?.length ?? 0
    if (t.rows > l.maxRowElements) this.refuse(`brings the workbook's rows past ${count(l.maxRowElements)}, the limit`)
    for (const m of text.matchAll(MERGE)) {
      if (++this.merges > l.maxMergesPerSheet) this.refuse(`holds more than ${count(l.maxMergesPerSheet)} merged ranges, the limit for a sheet`)
      t.rangeCells += rangeCells(m[1]!)
      if (t.rangeCells > l.maxRangeCells) this.refuse(`merges ${m[1]!.slice(0, 80)}: with the rest, more than ${count(l.maxRangeCells)} merged or validated cells, the limit`)
    }
    for (const m of text.matchAll(VALIDATION)) {
      t.rangeCells += rangeCells(m[1]!)
      if (t.rangeCells > l.maxRangeCells) this.refuse(`has a data validation on ${m[1]!.slice(0, 80)}: with the rest, more than ${count(l.maxRangeCells)} merged or validated cells, the limit`)
    }
  }
}

/** Reads the workbook file, refusing one larger than the zip may inflate to before reading it. */
export function readWorkbookBytes(path: string, limits: QuestionnaireLimits): Buffer {
  try {
    const size = statSync(path).size
    if (size > limits.zip.maxTotalBytes) {
      throw new InputError(`${path}: ${byteSize(size)}, larger than any questionnaire trustpack reads (${byteSize(limits.zip.maxTotalBytes)})`)
    }
    return readFileSync(path)
  } catch (err) {
    if (err instanceof InputError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'not a readable XLSX workbook'
    throw new InputError(`${path}: cannot read questionnaire (${why})`)
  }
}

/** Walks the workbook's zip within the limits, refusing it (exit 2, naming the part) before exceljs sees it. */
export async function checkWorkbook(bytes: Buffer, path: string, limits: QuestionnaireLimits): Promise<void> {
  const totals: Totals = { cells: 0, rows: 0, rangeCells: 0 }
  try {
    await readZip(bytes, {
      limits: limits.zip,
      inspect: (e: ZipEntry) => (WORKSHEET_PART.test(e.name) ? new SheetScanner(e.name, limits.workbook, totals) : null),
    })
  } catch (err) {
    if (err instanceof ZipRefused) throw new InputError(`${path}: ${err.message}; not a questionnaire trustpack reads (limits: docs/questionnaires.md)`)
    if (err instanceof ZipUnreadable) throw new InputError(`${path}: cannot read questionnaire (not a readable XLSX workbook)`)
    throw err
  }
}

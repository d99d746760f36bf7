// Comparing a workbook before and after a write-back: which parts changed, a sheet's cells by address, a
// sheet's XML without chosen cells (so the rest can be compared byte for byte), and a cell's text as Excel
// shows it. Deliberately regex-based over the XML as written, not through a parser: a parser would hide
// exactly the byte-level differences these helpers exist to expose.
import { posix } from 'node:path'
import { readParts } from './zip.js'

export type Parts = Map<string, Buffer>

/** Parts whose contents differ, parts only in `after`, parts only in `before` (each in its zip's order). */
export function changedParts(before: Buffer, after: Buffer): { changed: string[]; added: string[]; removed: string[] } {
  const a = readParts(before)
  const b = readParts(after)
  return {
    changed: [...a.keys()].filter((n) => b.has(n) && !a.get(n)!.equals(b.get(n)!)),
    added: [...b.keys()].filter((n) => !a.has(n)),
    removed: [...a.keys()].filter((n) => !b.has(n)),
  }
}

// A `<c>` element, self-closing or with content; `<cols>`, `<cfRule>`, `<col>` do not match (\b after c).
const CELL = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g

function sheetData(sheetXml: string): { start: number; end: number } {
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(sheetXml)
  if (!open) throw new Error('worksheet XML has no <sheetData>')
  const start = open.index + open[0].length
  if (open[1] === '/') return { start, end: start }
  const end = sheetXml.indexOf('</sheetData>', start)
  if (end < 0) throw new Error('worksheet XML has an unclosed <sheetData>')
  return { start, end }
}

function address(element: string): string {
  const head = element.slice(0, element.indexOf('>'))
  const r = /\sr="([^"]+)"/.exec(head)
  if (!r) throw new Error(`cell without an r attribute: ${element.slice(0, 80)}`)
  return r[1]!
}

/** Every `<c>` element of the sheet's `<sheetData>`, as its exact XML text, by address. */
export function cellsOf(sheetXml: string): Map<string, string> {
  const { start, end } = sheetData(sheetXml)
  const out = new Map<string, string>()
  for (const m of sheetXml.slice(start, end).matchAll(CELL)) {
    const ref = address(m[0])
    if (out.has(ref)) throw new Error(`cell ${ref} appears twice`)
    out.set(ref, m[0])
  }
  return out
}

/**
 * The sheet XML with the `<c>` elements at `addresses` cut out and every other byte left as it was, except the
 * `spans` hint of the rows that held them: a cell added past a row's last one widens it (checked on its own
 * by spansCoverCells).
 */
export function withoutCells(sheetXml: string, addresses: Iterable<string>): string {
  const drop = new Set(addresses)
  const rows = new Set([...drop].map((a) => /\d+$/.exec(a)?.[0]))
  const { start, end } = sheetData(sheetXml)
  const data = sheetXml
    .slice(start, end)
    .replace(CELL, (c) => (drop.has(address(c)) ? '' : c))
    .replace(/<row\b[^>]*>/g, (tag) => (rows.has(/\sr="(\d+)"/.exec(tag)?.[1]) ? tag.replace(/\sspans="[^"]*"/, '') : tag))
  return sheetXml.slice(0, start) + data + sheetXml.slice(end)
}

function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

/** Rows whose `spans` hint ("1:5") leaves out one of their cells' columns, as "row r: spans 1:2, cell E30". */
export function spansCoverCells(sheetXml: string): string[] {
  const { start, end } = sheetData(sheetXml)
  const out: string[] = []
  for (const row of sheetXml.slice(start, end).matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const spans = /\sspans="(\d+):(\d+)"/.exec(row[1]!)
    if (!spans) continue
    for (const cell of (row[2] ?? '').matchAll(CELL)) {
      const col = columnNumber(/^[A-Z]+/.exec(address(cell[0]))![0])
      if (col < Number(spans[1]) || col > Number(spans[2])) out.push(`row ${/\sr="(\d+)"/.exec(row[1]!)?.[1]}: spans ${spans[1]}:${spans[2]}, cell ${address(cell[0])}`)
    }
  }
  return out
}

function attrs(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, unescapeXml(m[2]!)]))
}

/** Resolves an OPC relationship target against the part that holds the relationship. */
function resolveTarget(source: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(source), target))
}

function relationships(parts: Parts, source: string): Array<{ id: string; type: string; target: string }> {
  const relsPath = posix.join(posix.dirname(source), '_rels', `${posix.basename(source)}.rels`)
  const xml = parts.get(relsPath)?.toString('utf8')
  if (xml === undefined) throw new Error(`no ${relsPath}`)
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0])
    return { id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: resolveTarget(source, a.get('Target') ?? '') }
  })
}

function workbookPath(parts: Parts): string {
  const doc = relationships(parts, '').find((r) => r.type.endsWith('/officeDocument'))
  if (!doc) throw new Error('_rels/.rels names no officeDocument')
  return doc.target
}

/** The zip part of the sheet named `sheetName`, through workbook.xml and its relationships. */
export function sheetPath(parts: Parts, sheetName: string): string {
  const wb = workbookPath(parts)
  const xml = parts.get(wb)?.toString('utf8') ?? ''
  for (const m of xml.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attrs(m[0])
    if (a.get('name') !== sheetName) continue
    const id = [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1]
    const rel = relationships(parts, wb).find((r) => r.id === id)
    if (!rel) throw new Error(`sheet "${sheetName}": relationship ${id} not found`)
    return rel.target
  }
  throw new Error(`no sheet named "${sheetName}"`)
}

/** The sheet's XML as text. */
export function sheetXml(parts: Parts, sheetName: string): string {
  return parts.get(sheetPath(parts, sheetName))!.toString('utf8')
}

/** XML entities, then OOXML's _xHHHH_ escapes (so "_x000D_" is a carriage return, "_x005F_" an underscore). */
function unescapeXml(text: string): string {
  const xml = text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
  )
  return xml.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

/** The text of a string item (`<si>` or `<is>` contents): its `<t>` runs joined, phonetic runs left out. */
function stringItemText(item: string): string {
  const body = item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '')
  return [...body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('')
}

function sharedStrings(parts: Parts): string[] {
  const wb = workbookPath(parts)
  const rel = relationships(parts, wb).find((r) => r.type.endsWith('/sharedStrings'))
  const xml = rel ? parts.get(rel.target)?.toString('utf8') : undefined
  if (xml === undefined) return []
  return [...xml.matchAll(/<si\s*\/>|<si>([\s\S]*?)<\/si>/g)].map((m) => stringItemText(m[1] ?? ''))
}

/**
 * A cell's text: a shared or inline string, a number or a formula's cached value as written (TRUE/FALSE for
 * booleans); '' for a cell that is absent or holds nothing.
 */
export function cellValue(parts: Parts, sheetName: string, address: string): string {
  const c = cellsOf(sheetXml(parts, sheetName)).get(address)
  if (c === undefined || c.endsWith('/>')) return ''
  const t = attrs(c.slice(0, c.indexOf('>'))).get('t') ?? 'n'
  if (t === 'inlineStr') return stringItemText(/<is>([\s\S]*?)<\/is>/.exec(c)?.[1] ?? '')
  const v = /<v>([\s\S]*?)<\/v>/.exec(c)?.[1]
  if (v === undefined) return ''
  if (t === 's') {
    const text = sharedStrings(parts)[Number(v)]
    if (text === undefined) throw new Error(`${sheetName}!${address}: shared string ${v} does not exist`)
    return text
  }
  if (t === 'b') return v === '1' ? 'TRUE' : 'FALSE'
  return unescapeXml(v)
}

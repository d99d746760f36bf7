// The text encoding of a CSV (or VSAQ JSON) file: found from its bytes, never guessed silently, and kept
// for write-back so the buyer's file comes back in the form it came in.
//
// Order: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides; else valid UTF-8 is UTF-8; else, for CSV
// only, Windows-1252 when the bytes read as text in it (no control bytes, none of its five unassigned
// bytes, and no valid UTF-8 multi-byte sequence: a file with some is broken UTF-8, not Windows-1252).
// Anything else is refused, naming the line of the first invalid byte sequence.
import { isUtf8 } from 'node:buffer'
import { InputError } from '../core/errors.js'

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export interface DecodedText {
  /** The text without its byte-order mark. */
  text: string
  encoding: TextEncoding
  bom: boolean
}

/** Windows-1252 bytes 0x80–0x9F (the rest of 0xA0–0xFF is Latin-1); 0 marks the five unassigned bytes. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
]
const CP1252_ENCODE = new Map<number, number>(CP1252_HIGH.flatMap((cp, i) => (cp === 0 ? [] : [[cp, 0x80 + i] as [number, number]])))

/** Characters the answers may hold that Windows-1252 lacks, written as near equivalents. */
const CP1252_FALLBACK: Record<string, string> = { '≥': '>=', '≤': '<=', '≠': '!=', '→': '->', '←': '<-', '✓': 'v', '✔': 'v', '✗': 'x', '\u2011': '-', '\u2212': '-' }

/** Length of the valid UTF-8 sequence starting at `i` (WHATWG rules: no overlongs, surrogates or > U+10FFFF), or 0. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!
  if (c < 0x80) return 1
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0
  return 0
}

/** Offset of the first invalid UTF-8 sequence and whether any valid multi-byte sequence came before or after it. */
function scanUtf8(b: Uint8Array): { firstInvalid: number; multiByte: boolean } {
  let firstInvalid = -1
  let multiByte = false
  for (let i = 0; i < b.length;) {
    if (b[i]! < 0x80) {
      i++
      continue
    }
    const n = utf8SequenceLength(b, i)
    if (n === 0) {
      if (firstInvalid < 0) firstInvalid = i
      i++
    } else {
      multiByte = true
      i += n
    }
    if (firstInvalid >= 0 && multiByte) break
  }
  return { firstInvalid, multiByte }
}

/** 1-based line and column of byte `offset` (lines end at LF). */
function position(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) { line++; start = i + 1 }
  return { line, column: offset - start + 1 }
}

const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`

/** Text in Windows-1252 has no control bytes but tab, LF, CR (and form feed), and none of its unassigned bytes. */
function firstNonCp1252Text(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) return i
    if (c >= 0x80 && c <= 0x9f && CP1252_HIGH[c - 0x80] === 0) return i
  }
  return -1
}

function decodeCp1252(b: Uint8Array): string {
  let out = ''
  const CHUNK = 8192
  for (let start = 0; start < b.length; start += CHUNK) {
    const codes: number[] = []
    const end = Math.min(b.length, start + CHUNK)
    for (let i = start; i < end; i++) {
      const c = b[i]!
      codes.push(c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80]! : c)
    }
    out += String.fromCharCode(...codes)
  }
  return out
}

/** UTF-16 code units to text, refusing an odd byte count and unpaired surrogates. */
function decodeUtf16(b: Buffer, bigEndian: boolean, file: string): string {
  const label = bigEndian ? 'UTF-16BE' : 'UTF-16LE'
  const body = Buffer.from(b.subarray(2))
  if (body.length % 2 !== 0) throw new InputError(`${file}: not valid ${label} (an odd number of bytes: the file is cut short)`)
  if (bigEndian) body.swap16()
  const text = body.toString('utf16le')
  let line = 1
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i)
    if (u === 0x0a) line++
    else if (u >= 0xd800 && u <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else throw new InputError(`${file}:${line}: not valid ${label} (an unpaired surrogate ${hex(u)})`)
    } else if (u >= 0xdc00 && u <= 0xdfff) throw new InputError(`${file}:${line}: not valid ${label} (an unpaired surrogate ${hex(u)})`)
  }
  return text
}

/**
 * Decodes a questionnaire's bytes. `legacy` allows the Windows-1252 fallback (CSV: spreadsheets on Windows
 * save "CSV" in it); JSON is UTF-8 by its standard (RFC 8259), so VSAQ files get no fallback.
 */
export function decodeText(bytes: Buffer, file: string, opts: { legacy: boolean }): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes, false, file), encoding: 'utf-16le', bom: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes, true, file), encoding: 'utf-16be', bom: true }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf-8', bom }
  const { firstInvalid, multiByte } = scanUtf8(body)
  const at = position(body, firstInvalid)
  const where = `${file}:${at.line}`
  const what = `byte ${hex(body[firstInvalid]!)} at column ${at.column}`
  if (bom || multiByte || !opts.legacy) {
    throw new InputError(`${where}: not valid UTF-8 (${what})${bom ? ' although the file starts with a UTF-8 byte-order mark' : ''}; save the file as UTF-8`)
  }
  const bad = firstNonCp1252Text(body)
  if (bad >= 0) {
    const p = position(body, bad)
    throw new InputError(`${file}:${at.line}: not valid UTF-8 (${what}), and not Windows-1252 text either (byte ${hex(body[bad]!)} on line ${p.line}); save the file as UTF-8`)
  }
  return { text: decodeCp1252(body), encoding: 'windows-1252', bom: false }
}

/** Encodes text for writing back in the input's encoding, with its byte-order mark if it had one. */
export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  if (encoding === 'utf-8') return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')])
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const body = Buffer.from(text, 'utf16le')
    if (encoding === 'utf-16be') body.swap16()
    const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]
    return Buffer.concat([bom ? Buffer.from(mark) : Buffer.alloc(0), body])
  }
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp)
    else if (CP1252_ENCODE.has(cp)) out.push(CP1252_ENCODE.get(cp)!)
    else for (const c of CP1252_FALLBACK[ch] ?? '?') out.push(c.charCodeAt(0))
  }
  return Buffer.from(out)
}

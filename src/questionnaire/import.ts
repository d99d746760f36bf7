// Reading a questionnaire in any supported format (chosen by extension, else by content).
import { readFileSync, statSync } from 'node:fs'
import { extname } from 'node:path'
import { InputError } from '../core/errors.js'
import { byteSize } from '../report/pack/safe-zip.js'
import { parseCsv } from './csv.js'
import { decodeText } from './encoding.js'
import { detectLayout, extractQuestions } from './layout.js'
import { questionnaireLimits } from './limits.js'
import { parseVsaq } from './vsaq.js'
import { importXlsx } from './xlsx.js'
import type { ImportOptions, ImportedQuestionnaire, QuestionnaireFormat } from './types.js'

/** Reads the file, refusing one larger than any questionnaire (`max`) before reading it. */
function readBytes(path: string, max: number): Buffer {
  try {
    const size = statSync(path).size
    if (size > max) throw new InputError(`${path}: ${byteSize(size)}, larger than any questionnaire trustpack reads (${byteSize(max)})`)
    return readFileSync(path)
  } catch (err) {
    if (err instanceof InputError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? String(err)
    throw new InputError(`${path}: cannot read questionnaire (${why})`)
  }
}

export function detectFormat(path: string, bytes: Buffer): QuestionnaireFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx'
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv'
  if (ext === '.json') return 'vsaq'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx'
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
  const start = Buffer.from(bytes.subarray(0, 400))
  if (bytes[0] === 0xfe) start.swap16()
  const head = start.toString(utf16 ? 'utf16le' : 'utf8').replace(/^\ufeff/, '').trimStart()
  if (head.startsWith('{') || head.startsWith('//')) return 'vsaq'
  return 'csv'
}

export async function importQuestionnaire(path: string, opts: ImportOptions = {}): Promise<ImportedQuestionnaire> {
  const limits = questionnaireLimits(opts.limits)
  // The size limit by extension where it tells the format (so nothing larger is read), else the larger one.
  const ext = extname(path).toLowerCase()
  const max = ext === '.xlsx' || ext === '.xlsm' ? limits.zip.maxTotalBytes : ['.csv', '.tsv', '.txt', '.json'].includes(ext) ? limits.maxFileBytes : Math.max(limits.maxFileBytes, limits.zip.maxTotalBytes)
  const bytes = readBytes(path, max)
  const format = detectFormat(path, bytes)
  if (format === 'xlsx') return importXlsx(path, opts, bytes)
  if (bytes.length > limits.maxFileBytes) throw new InputError(`${path}: ${byteSize(bytes.length)}, larger than any questionnaire trustpack reads (${byteSize(limits.maxFileBytes)})`)
  const kind = format === 'csv' ? 'CSV' : 'VSAQ JSON'
  if (bytes.length % 2 === 0 && bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) {
    throw new InputError(`${path}: cannot read questionnaire (UTF-16 without a byte-order mark); save it as UTF-8 or as UTF-16 with a byte-order mark`)
  }
  const decoded = decodeText(bytes, path, { legacy: format === 'csv' })
  const text = decoded.text
  if (text.includes('\u0000')) throw new InputError(`${path}: cannot read questionnaire (binary content, not ${kind})`)
  if (format === 'vsaq') {
    return { format, path, questions: parseVsaq(text, path, limits), layout: null, sheetName: null, sheets: [], csv: null }
  }
  const parsed = { ...parseCsv(text, path, undefined, limits), encoding: decoded.encoding, bom: decoded.bom }
  const grid = { rows: parsed.rows, merges: new Map<number, Array<[number, number]>>() }
  const layout = detectLayout(grid, opts, path)
  const questions = extractQuestions(grid, layout, path, limits)
  if (questions.length === 0) throw new InputError(`${path}: no questions found; name the columns with --question-col`)
  const { score: _score, headerHasAnswer: _h, ...plain } = layout
  return { format, path, questions, layout: plain, sheetName: null, sheets: [], csv: parsed }
}

// RFC 4180 CSV: parse (quotes, embedded newlines, BOM, `,`/`;`/tab sniffing) and serialise.
import { InputError } from '../core/errors.js'
import { QUESTIONNAIRE_LIMITS, QuestionnaireTooLarge, count, type QuestionnaireLimits } from './limits.js'

export interface ParsedCsv {
  rows: string[][]
  delimiter: string
  bom: boolean
}

/** Picks the delimiter that splits the first lines most consistently (quotes respected). */
export function sniffDelimiter(text: string): string {
  const candidates = [',', ';', '\t']
  const sample = text.slice(0, 20_000)
  let best = ','
  let bestScore = -1
  for (const d of candidates) {
    const counts: number[] = []
    let inQuotes = false
    let n = 0
    for (let i = 0; i < sample.length && counts.length < 10; i++) {
      const c = sample[i]
      if (c === '"') inQuotes = !inQuotes
      else if (!inQuotes && c === d) n++
      else if (!inQuotes && c === '\n') {
        counts.push(n)
        n = 0
      }
    }
    if (counts.length < 10 && n > 0) counts.push(n)
    const nonZero = counts.filter((x) => x > 0)
    if (nonZero.length === 0) continue
    // Lines that agree on the count matter more than a high count on one line.
    const mode = nonZero.sort((a, b) => nonZero.filter((x) => x === b).length - nonZero.filter((x) => x === a).length)[0]!
    const score = nonZero.filter((x) => x === mode).length * 10 + mode
    if (score > bestScore) {
      bestScore = score
      best = d
    }
  }
  return best
}

export function parseCsv(text: string, file: string, delimiter?: string, limits: Pick<QuestionnaireLimits, 'maxRows' | 'maxColumns' | 'maxCellChars' | 'maxCsvFields'> = QUESTIONNAIRE_LIMITS): ParsedCsv {
  const bom = text.charCodeAt(0) === 0xfeff
  const src = bom ? text.slice(1) : text
  const d = delimiter ?? sniffDelimiter(src)
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let inQuotes = false
  let quoteLine = 0
  let line = 1
  let i = 0
  let fields = 0
  const endField = (): void => {
    row.push(field)
    field = ''
    if (++fields > limits.maxCsvFields) throw new QuestionnaireTooLarge(`${file}:${line}: more than ${count(limits.maxCsvFields)} fields in all; not a questionnaire`)
    if (row.length > limits.maxColumns) throw new QuestionnaireTooLarge(`${file}:${line}: more than ${count(limits.maxColumns)} columns (the spreadsheet maximum); not a questionnaire`)
  }
  const tooLong = (): never => {
    throw new QuestionnaireTooLarge(`${file}:${inQuotes ? quoteLine : line}: a field of more than ${count(limits.maxCellChars)} characters, more than a spreadsheet cell holds; not a questionnaire`)
  }
  const endRow = (): void => {
    endField()
    rows.push(row)
    row = []
    if (rows.length > limits.maxRows) throw new QuestionnaireTooLarge(`${file}:${line}: more than ${count(limits.maxRows)} rows (the spreadsheet maximum); not a questionnaire`)
  }
  while (i < src.length) {
    const c = src[i]!
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      if (c === '\n') line++
      field += c
      if (field.length > limits.maxCellChars) tooLong()
      i++
      continue
    }
    if (c === '"' && field === '') {
      inQuotes = true
      quoteLine = line
      i++
    } else if (c === d) {
      endField()
      i++
    } else if (c === '\r' || c === '\n') {
      endRow()
      if (c === '\r' && src[i + 1] === '\n') i++
      i++
      line++
    } else {
      field += c
      if (field.length > limits.maxCellChars) tooLong()
      i++
    }
  }
  if (inQuotes) throw new InputError(`${file}:${quoteLine}: unterminated quoted field in CSV`)
  if (field !== '' || row.length > 0) endRow()
  return { rows, delimiter: d, bom }
}

function quoteField(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function serialiseCsv(rows: string[][], delimiter = ',', bom = false): string {
  const body = rows.map((r) => r.map((f) => quoteField(f, delimiter)).join(delimiter)).join('\r\n') + '\r\n'
  return (bom ? '\ufeff' : '') + body
}

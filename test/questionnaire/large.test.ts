// Questionnaires at the spreadsheet's limits: a million rows, the last column, a cell larger than a cell can
// be. Each either works or is refused with one line naming the file; none may crash.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { InputError } from '../../src/core/errors.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { NOW, tmp, writeResults } from './helpers.js'

const SHEET_ROWS = 1_048_576
const QUESTIONS = ['Is customer data encrypted at rest in databases?', 'Are backups stored in geo-redundant storage?', 'Is TLS 1.2 or higher enforced?']

/** Words of pseudo-random letters: text that does not compress like a bomb. */
function words(n: number): string {
  let seed = 7
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    let w = ''
    for (let k = 0; k < 6; k++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      w += String.fromCharCode(97 + (seed >>> 16) % 26)
    }
    out.push(w)
  }
  return out.join(' ')
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  return wb
}

describe('questionnaires at the spreadsheet limits', () => {
  it('answers a CSV of 1,048,576 lines, most of them empty, and writes every line back', async () => {
    const dir = tmp()
    const path = join(dir, 'long.csv')
    const head = ['ID,Question,Answer', ...QUESTIONS.map((q, i) => `${i + 1},${q},`)]
    writeFileSync(path, head.join('\n') + '\n' + ',,\n'.repeat(SHEET_ROWS - head.length))
    const out = join(dir, 'long-filled.csv')
    const r = await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
    expect(r.answers).toHaveLength(3)
    const text = readFileSync(out, 'utf8')
    expect(text.split('\r\n')).toHaveLength(SHEET_ROWS + 1)
    expect(text.split('\r\n', 2)[1]).toMatch(/^1,Is customer data encrypted at rest in databases\?,Yes,/)
  })

  it('refuses a CSV of 1,048,576 questions with one line naming the file', async () => {
    const dir = tmp()
    const path = join(dir, 'million.csv')
    const lines: string[] = ['ID,Question,Answer']
    for (let i = 1; i < SHEET_ROWS; i++) lines.push(`${i},Q${i}?,`)
    writeFileSync(path, lines.join('\n') + '\n')
    const err = await importQuestionnaire(path).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe(`${path}: more than 10,000 questions (row 10002 is question 10,001); not a questionnaire: split it, or name the question sheet with --sheet`)
  })

  it('refuses a CSV with more rows or columns than a sheet can have, naming the line', async () => {
    const dir = tmp()
    const path = join(dir, 'rows.csv')
    writeFileSync(path, 'ID,Question,Answer\n' + '1,Is data encrypted?,\n'.repeat(20))
    await expect(importQuestionnaire(path, { limits: { maxRows: 10 } })).rejects.toThrow(`${path}:11: more than 10 rows (the spreadsheet maximum); not a questionnaire`)
    await expect(importQuestionnaire(path, { limits: { maxColumns: 2 } })).rejects.toThrow(`${path}:1: more than 2 columns (the spreadsheet maximum); not a questionnaire`)
  })

  it('writes back a CSV whose header is 16,384 fields wide without widening every other row to it', async () => {
    const dir = tmp()
    const path = join(dir, 'ragged.csv')
    // trailing empty header fields out to XFD, then 100,000 one-field rows: padded, it would be 1.6 billion fields
    writeFileSync(path, `ID,Question,Answer${','.repeat(16_381)}\n1,${QUESTIONS[0]},\n` + ',\n'.repeat(100_000))
    const out = join(dir, 'ragged-filled.csv')
    await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
    const lines = readFileSync(out, 'utf8').split('\r\n')
    expect(lines[0]!.startsWith('ID,Question,Answer,Comments (trustpack),,')).toBe(true)
    expect(lines[1]).toMatch(/^1,Is customer data encrypted at rest in databases\?,Yes,"?Yes\. /)
    expect(lines[2]).toBe(',')
    expect(lines).toHaveLength(100_003)
  })

  it('refuses a CSV with more fields in all than the limit, naming the line', async () => {
    const dir = tmp()
    const path = join(dir, 'fields.csv')
    writeFileSync(path, 'ID,Question,Answer\n' + '1,Is data encrypted?,\n'.repeat(20))
    await expect(importQuestionnaire(path, { limits: { maxCsvFields: 30 } })).rejects.toThrow(`${path}:11: more than 30 fields in all; not a questionnaire`)
  })

  it('reads and fills an XLSX whose last row is 1,048,576', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Questions')
    ws.getRow(1).values = ['ID', 'Question', 'Answer', 'Comments']
    QUESTIONS.forEach((q, i) => (ws.getRow(i + 2).values = [i + 1, q]))
    ws.getCell(SHEET_ROWS, 1).value = 'End of questionnaire'
    const path = join(dir, 'far.xlsx')
    await wb.xlsx.writeFile(path)
    const out = join(dir, 'far-filled.xlsx')
    const r = await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
    expect(r.answers.map((a) => a.questionId)).toEqual(['1', '2', '3'])
    const a = (await open(out)).getWorksheet('Questions')!
    expect(a.getCell('C2').value).toBe('Yes')
    expect(a.getCell(SHEET_ROWS, 1).value).toBe('End of questionnaire')
  })

  it('puts the comments in a free column when the sheet is used up to its last column (XFD)', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Q')
    ws.getRow(1).values = ['ID', 'Question', 'Answer']
    QUESTIONS.forEach((q, i) => (ws.getRow(i + 2).values = [i + 1, q]))
    ws.getCell(1, 16_384).value = 'last column'
    const path = join(dir, 'wide.xlsx')
    await wb.xlsx.writeFile(path)
    const out = join(dir, 'wide-filled.xlsx')
    await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
    const a = (await open(out)).getWorksheet('Q')!
    expect(a.getCell('C2').value).toBe('Yes')
    expect(a.getCell('D1').value).toBe('Comments (trustpack)')
    expect(String(a.getCell('D2').value)).toMatch(/^Yes\. /)
    expect(a.getCell(1, 16_384).value).toBe('last column')
  })

  it('refuses a cell of several MB (more than a spreadsheet cell holds), naming the file and line or row', async () => {
    const dir = tmp()
    const huge = `Are backups geo-redundant? ${words(300_000)}`
    const csv = join(dir, 'huge-cell.csv')
    writeFileSync(csv, `ID,Question,Answer\n1,${QUESTIONS[0]},\n2,"${huge}",\n`)
    const err = await importQuestionnaire(csv).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe(`${csv}:3: a field of more than 32,767 characters, more than a spreadsheet cell holds; not a questionnaire`)

    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Q')
    ws.getRow(1).values = ['ID', 'Question', 'Answer']
    ws.getRow(2).values = [1, QUESTIONS[0]]
    ws.getRow(3).values = [2, huge]
    const xlsx = join(dir, 'huge-cell.xlsx')
    await wb.xlsx.writeFile(xlsx)
    await expect(importQuestionnaire(xlsx)).rejects.toThrow(`${xlsx} [Q]: cell B3 holds ${huge.length.toLocaleString('en-US')} characters, more than a spreadsheet cell holds (32,767); not a questionnaire`)
  })
})

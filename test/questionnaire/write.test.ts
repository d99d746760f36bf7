import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { parseCsv } from '../../src/questionnaire/csv.js'
import { answerCellText, commentText, neutralise } from '../../src/questionnaire/write.js'
import type { DecidedAnswer } from '../../src/questionnaire/types.js'
import { FIXTURES, LIBRARY, NOW, tmp, writeResults } from './helpers.js'

const SAMPLE_XLSX = join(FIXTURES, 'sample-buyer-questionnaire.xlsx')

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  return wb
}

function decided(answer: DecidedAnswer['answer'], extra: Partial<DecidedAnswer> = {}): DecidedAnswer {
  return { questionId: 'q', question: 'q?', answer, confidence: 1, citations: [], rationale: 'r', namedRationale: 'r (named)', review: null, entryId: null, openText: null, negative: false, ...extra }
}

describe('write-back', () => {
  it('writes the filled file and its review list together, or neither', async () => {
    const dir = tmp()
    const results = writeResults(dir, { 'storage-min-tls': 'fail' })
    const out = join(dir, 'filled.xlsx')
    // The review list's path is taken by a folder: the filled file must not appear without it.
    mkdirSync(join(dir, 'filled.review.md'))
    await expect(answerQuestionnaire({ questionnairePath: SAMPLE_XLSX, resultsPath: results, outPath: out, now: NOW })).rejects.toThrow(/filled\.review\.md/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dir).filter((f) => f.startsWith('.trustpack-tmp'))).toEqual([])
  })

  it('fills the buyer XLSX and keeps sheets, merges, widths, data validation, styles and untouched cells', async () => {
    const dir = tmp()
    const results = writeResults(dir, { 'storage-min-tls': 'fail', 'sql-db-pitr-retention': 'partial' })
    const out = join(dir, 'filled.xlsx')
    const r = await answerQuestionnaire({ questionnairePath: SAMPLE_XLSX, resultsPath: results, outPath: out, now: NOW })
    expect(r.outPath).toBe(out)
    expect(r.reviewPath).toBe(join(dir, 'filled.review.md'))

    const before = await open(SAMPLE_XLSX)
    const after = await open(out)
    expect(after.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name))
    const b = before.getWorksheet('Security Questionnaire')!
    const a = after.getWorksheet('Security Questionnaire')!
    expect((a.model as { merges?: string[] }).merges).toEqual((b.model as { merges?: string[] }).merges)
    expect(a.columns.map((c) => c.width)).toEqual(b.columns.map((c) => c.width))
    const dv = (w: ExcelJS.Worksheet): unknown => (w as unknown as { dataValidations: { model: unknown } }).dataValidations.model
    expect(dv(a)).toEqual(dv(b))
    expect(Object.keys(dv(a) as object)).toHaveLength(58)
    expect(a.rowCount).toBe(b.rowCount)
    // header, title and category rows, and the question text, are untouched (values and styles)
    for (const addr of ['A1', 'A3', 'B3', 'C3', 'D3', 'E3', 'A4', 'A9', 'C5', 'C72', 'B40']) {
      expect(a.getCell(addr).value, addr).toEqual(b.getCell(addr).value)
      expect(a.getCell(addr).style, addr).toEqual(b.getCell(addr).style)
    }
    // the Instructions sheet is unchanged
    const bi = before.getWorksheet('Instructions')!
    const ai = after.getWorksheet('Instructions')!
    for (let row = 1; row <= bi.rowCount; row++) expect(ai.getRow(row).values).toEqual(bi.getRow(row).values)
    expect(ai.getColumn(1).width).toBe(bi.getColumn(1).width)

    // answers fit the Yes/No/N/A list; partial has no option there, so the cell is left with the nuance in the comment
    const allowed = new Set(['Yes', 'No', 'N/A', null])
    const questionRows = Array.from({ length: 68 }, (_, i) => i + 5).filter((row) => typeof b.getCell(`A${row}`).value === 'number')
    expect(questionRows).toHaveLength(58)
    for (const row of questionRows) expect(allowed.has(a.getCell(`D${row}`).value as string | null), `D${row}`).toBe(true)
    expect(a.getCell('D13').value).toBe('Yes') // Q8 database encryption at rest
    expect(a.getCell('D10').value).toBeNull() // Q5 TLS: storage-min-tls fails on some: partial, not "No"
    expect(String(a.getCell('E10').value)).toMatch(/^Partially\. Not everywhere: 2 of \d+ resources in scope do not meet it/)
    expect(String(a.getCell('E10').value)).not.toContain('storage-min-tls-res1') // names stay in the review
    expect(a.getCell('D14').value).toBeNull() // Q9 storage encryption: needs an attestation -> left for a person
    expect(a.getCell('E14').value).toBeNull() // …and nothing internal goes to the buyer for it
    expect(a.getCell('D31').value).toBe('No') // Q23 databases reachable from the internet: no (favourable)

    const review = readFileSync(r.reviewPath!, 'utf8')
    expect(review).toContain('# Questionnaire review: sample-buyer-questionnaire.xlsx')
    expect(review).toContain('| 5 | Is all data in transit encrypted with TLS 1.2 or higher? | partial |')
    expect(review).toMatch(/\| 9 \| Is data in object\/blob storage encrypted at rest\? \| unknown \|/)
    expect(review).not.toMatch(/\| 8 \| Is customer data encrypted at rest in databases\?/)
  })

  it('adds a comment column when the buyer file has none, leaving the answer cells to their list', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Q')
    ws.getRow(1).values = ['Question', 'Answer']
    ws.getRow(2).values = ['Is customer data encrypted at rest in databases?']
    ws.getCell('B2').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Y,N,NA"'] }
    const src = join(dir, 'in.xlsx')
    await wb.xlsx.writeFile(src)
    const out = join(dir, 'out.xlsx')
    await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir), outPath: out, now: NOW })
    const a = (await open(out)).getWorksheet('Q')!
    expect(a.getCell('B2').value).toBe('Y')
    expect(a.getCell('C1').value).toBe('Comments (trustpack)')
    expect(String(a.getCell('C2').value)).toMatch(/^Yes\. Every Azure SQL database is encrypted/)
  })

  it('fills every question tab of a multi-tab workbook', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    for (const name of ['Encryption', 'Backups']) {
      const ws = wb.addWorksheet(name)
      ws.getRow(2).values = ['#', 'Question', 'Answer', 'Notes']
      const qs = name === 'Encryption' ? ['Is customer data encrypted at rest in databases?', 'Are backups encrypted?', 'Are encryption keys rotated automatically?'] : ['Are backups stored in geo-redundant storage?', 'Are full backups retained long-term?', 'Do you regularly test restores?']
      qs.forEach((q, i) => (ws.getRow(i + 3).values = [i + 1, q]))
    }
    const src = join(dir, 'tabs.xlsx')
    await wb.xlsx.writeFile(src)
    const out = join(dir, 'tabs-filled.xlsx')
    await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir, { 'sql-db-geo-backup': 'fail', 'postgres-geo-backup': 'fail', 'cosmosdb-geo-backup': 'fail' }), outPath: out, now: NOW })
    const a = await open(out)
    expect(a.getWorksheet('Encryption')!.getCell('C3').value).toBe('Yes')
    expect(a.getWorksheet('Backups')!.getCell('C3').value).toBe('No')
    expect(String(a.getWorksheet('Backups')!.getCell('D3').value)).toMatch(/^Not at present: .*sql-db-geo-backup, postgres-geo-backup, cosmosdb-geo-backup fail/)
  })

  it('keeps every answer and comment a person wrote in a CSV, and says where the evidence disagrees', async () => {
    const dir = tmp()
    const src = join(dir, 'prefilled.csv')
    const lines = readFileSync(join(FIXTURES, 'sample-buyer-questionnaire.csv'), 'utf8').split('\n')
    lines[8] = '8,Encryption,Is customer data encrypted at rest in databases?,Yes,'
    lines[19] = '19,Backup and recovery,Are backups stored in geo-redundant storage?,Yes,Vendor text about backups'
    lines[15] = '15,Key management,Are deleted keys and vaults protected against immediate purge?,,Our own description'
    writeFileSync(src, lines.join('\n'))
    const results = writeResults(dir, { 'sql-db-geo-backup': 'fail', 'postgres-geo-backup': 'fail', 'cosmosdb-geo-backup': 'fail' })
    const out = join(dir, 'filled.csv')
    const r = await answerQuestionnaire({ questionnairePath: src, resultsPath: results, outPath: out, now: NOW })
    const rows = parseCsv(readFileSync(out, 'utf8'), out).rows
    expect(rows[8]!.slice(3, 5)).toEqual(['Yes', ''])
    expect(rows[19]!.slice(3, 5)).toEqual(['Yes', 'Vendor text about backups'])
    // An empty answer beside a person's comment is answered; the comment stays theirs.
    expect(rows[15]!.slice(3, 5)).toEqual(['Yes', 'Our own description'])
    expect(r.kept).toBe(2)
    expect(r.disagreements).toBe(1)
    const review = readFileSync(r.reviewPath!, 'utf8')
    expect(review).toMatch(/\| 19 \| Yes \| kept the existing answer \| disagrees \| the file says "Yes", the evidence says No: .*sql-db-geo-backup/)
    expect(review).toMatch(/\| 8 \| Yes \| kept the existing answer \| agrees \|/)

    // --overwrite replaces them, and still lists the disagreement.
    const out2 = join(dir, 'overwritten.csv')
    const r2 = await answerQuestionnaire({ questionnairePath: src, resultsPath: results, outPath: out2, write: { overwrite: true }, now: NOW })
    const rows2 = parseCsv(readFileSync(out2, 'utf8'), out2).rows
    expect(rows2[19]![3]).toBe('No')
    expect(rows2[19]![4]).toMatch(/^Not at present/)
    expect(r2.kept).toBe(0)
    expect(r2.disagreements).toBe(1)
    expect(readFileSync(r2.reviewPath!, 'utf8')).toMatch(/\| 19 \| Yes \| replaced \(--overwrite\) \| disagrees \|/)
  })

  it('writes CSV back into the buyer CSV layout, and JSON as the --json array', async () => {
    const dir = tmp()
    const results = writeResults(dir)
    const csvOut = join(dir, 'filled.csv')
    await answerQuestionnaire({ questionnairePath: join(FIXTURES, 'sample-buyer-questionnaire.csv'), resultsPath: results, outPath: csvOut, now: NOW })
    const rows = parseCsv(readFileSync(csvOut, 'utf8'), csvOut).rows
    expect(rows[0]).toEqual(['#', 'Category', 'Question', 'Response', 'Comments'])
    expect(rows).toHaveLength(59)
    expect(rows[8]!.slice(0, 4)).toEqual(['8', 'Encryption', 'Is customer data encrypted at rest in databases?', 'Yes'])
    // a value question: its value goes in the answer cell when there is no drop-down
    expect(rows[1]![3]).toMatch(/^Microsoft Azure/)
    const jsonOut = join(dir, 'answers.json')
    const r = await answerQuestionnaire({ questionnairePath: join(FIXTURES, 'physical_and_datacenter.json'), resultsPath: results, outPath: jsonOut, now: NOW })
    const json = JSON.parse(readFileSync(jsonOut, 'utf8')) as unknown[]
    expect(json).toEqual(r.answers)
    expect(json).toHaveLength(25)
  })

  it('neutralises cell text that a spreadsheet would evaluate', async () => {
    for (const s of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`)
    expect(neutralise('Yes. =not at start')).toBe('Yes. =not at start')

    // a library whose approved wording starts with a formula: CSV and XLSX both get the quote
    const dir = tmp()
    const lib = join(dir, 'lib.yaml')
    writeFileSync(lib, readFileSync(LIBRARY, 'utf8').replace('wording: Yes. Every Azure SQL database is encrypted at rest', 'wording: =cmd|\' /C calc\'!A0 Every Azure SQL database is encrypted at rest'))
    const results = writeResults(dir)
    const csvOut = join(dir, 'f.csv')
    await answerQuestionnaire({ questionnairePath: join(FIXTURES, 'sample-buyer-questionnaire.csv'), resultsPath: results, libraryPath: lib, outPath: csvOut, now: NOW })
    expect(parseCsv(readFileSync(csvOut, 'utf8'), csvOut).rows[8]![4]).toMatch(/^'=cmd\|/)
    const xOut = join(dir, 'f.xlsx')
    await answerQuestionnaire({ questionnairePath: SAMPLE_XLSX, resultsPath: results, libraryPath: lib, outPath: xOut, now: NOW })
    const cell = (await open(xOut)).getWorksheet('Security Questionnaire')!.getCell('E13')
    expect(cell.value).toMatch(/^'=cmd\|/)
    expect(cell.formula).toBeUndefined()
  })

  it('reads drop-down options from a range on another sheet and from a defined name', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Q')
    const lists = wb.addWorksheet('Lists')
    ;['Compliant', 'Partially Compliant', 'Not Compliant', 'Not Applicable'].forEach((v, i) => (lists.getCell(i + 1, 1).value = v))
    ws.getRow(1).values = ['ID', 'Question', 'Compliance', 'Comments']
    ws.getRow(2).values = ['1', 'Is customer data encrypted at rest in databases?']
    ws.getRow(3).values = ['2', 'Are encryption keys rotated automatically?']
    ws.getRow(4).values = ['3', 'Are backups stored in geo-redundant storage?']
    ;(ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations.add('C2:C3', { type: 'list', allowBlank: true, formulae: ['Lists!$A$1:$A$4'] })
    wb.definedNames.add('Lists!$A$1:$A$4', 'Choices')
    ws.getCell('C4').dataValidation = { type: 'list', allowBlank: true, formulae: ['Choices'] }
    const src = join(dir, 'lists.xlsx')
    await wb.xlsx.writeFile(src)
    const out = join(dir, 'lists-filled.xlsx')
    await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir, { 'keyvault-key-rotation': 'partial', 'sql-db-geo-backup': 'fail', 'postgres-geo-backup': 'fail', 'cosmosdb-geo-backup': 'fail' }), outPath: out, now: NOW })
    const a = (await open(out)).getWorksheet('Q')!
    expect([a.getCell('C2').value, a.getCell('C3').value, a.getCell('C4').value]).toEqual(['Compliant', 'Partially Compliant', 'Not Compliant'])
  })

  it('maps answers onto the drop-down options', () => {
    expect(answerCellText(decided('yes'), ['Yes', 'No', 'N/A']).text).toBe('Yes')
    expect(answerCellText(decided('partial'), ['Yes', 'No', 'N/A'])).toEqual({ text: '', mappedFrom: 'partial' })
    expect(answerCellText(decided('partial'), ['Yes', 'No', 'N/A'], { partialAs: 'no' })).toEqual({ text: 'No', mappedFrom: 'partial' })
    expect(answerCellText(decided('text', { value: '35 days' }), ['Yes', 'No']).text).toBe('')
    expect(answerCellText(decided('text', { value: '35 days' }), null).text).toBe('35 days')
    expect(answerCellText(decided('partial'), ['Yes', 'Partially compliant', 'No']).text).toBe('Partially compliant')
    expect(answerCellText(decided('not_applicable'), ['Compliant', 'Non-compliant', 'Not applicable']).text).toBe('Not applicable')
    expect(answerCellText(decided('unknown'), ['Yes', 'No']).text).toBe('')
    expect(answerCellText(decided('yes', { openText: 'Microsoft Azure' }), null).text).toBe('Microsoft Azure')
    // a statement's Agree / Disagree and Met / Not met columns
    expect(answerCellText(decided('no'), ['Agree', 'Disagree', 'N/A']).text).toBe('Disagree')
    expect(answerCellText(decided('yes'), ['Agree', 'Disagree', 'N/A']).text).toBe('Agree')
    expect(answerCellText(decided('partial'), ['Met', 'Partially met', 'Not met']).text).toBe('Partially met')
  })

  it('says a value moved into the comment once, and as a sentence of its own', () => {
    const held = '35 days on 3 of 5 databases in scope; not everywhere: 2 of 5 resources in scope do not meet it'
    const partial = decided('text', { value: held, rationale: `Where it holds: ${held}.` })
    expect(commentText(partial, 'text')).toBe(`Where it holds: ${held}.`)
    expect(commentText(decided('text', { value: '35 days', rationale: 'Every database keeps point-in-time restore.' }), 'text')).toBe('35 days. Every database keeps point-in-time restore.')
  })

  it('writes nothing when the questionnaire cannot be read', async () => {
    const dir = tmp()
    const broken = join(dir, 'broken.xlsx')
    writeFileSync(broken, 'not a workbook')
    const out = join(dir, 'out.xlsx')
    await expect(answerQuestionnaire({ questionnairePath: broken, resultsPath: writeResults(dir), outPath: out, now: NOW })).rejects.toThrow(/cannot read questionnaire/)
    expect(existsSync(out)).toBe(false)
    expect(existsSync(join(dir, 'out.review.md'))).toBe(false)
    await expect(answerQuestionnaire({ questionnairePath: SAMPLE_XLSX, resultsPath: writeResults(dir), outPath: join(dir, 'out.pdf'), now: NOW })).rejects.toThrow(/unsupported extension "\.pdf"/)
  })
})

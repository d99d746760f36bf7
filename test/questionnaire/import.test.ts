import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { detectLayout, isOpenQuestion } from '../../src/questionnaire/layout.js'
import { InputError } from '../../src/core/errors.js'
import { FIXTURES, SHARED, tmp } from './helpers.js'

/** A buyer layout unlike the sample: title rows, header on row 5, section rows merged, no comment column. */
async function oddWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Cover').getCell('B2').value = 'Acme procurement: please read the instructions first and answer every question'
  const ws = wb.addWorksheet('Supplier Assessment')
  ws.getCell('A1').value = 'Acme Corp — Supplier Security Assessment'
  ws.mergeCells('A1:D1')
  ws.getCell('A2').value = 'Version 3'
  ws.getRow(5).values = ['Ref.', 'Requirement', 'Supplier Answer', 'Evidence / Notes']
  const rows: Array<[string, string] | string> = [
    'A. Data protection',
    ['A.1', 'Is customer data encrypted at rest in databases?'],
    ['A.2', 'Is all data in transit encrypted with TLS 1.2 or higher?'],
    'B. Operations',
    ['B.1', 'Are backups stored in geo-redundant storage?'],
    ['B.2', 'Describe your incident response process.'],
  ]
  let r = 6
  for (const row of rows) {
    if (typeof row === 'string') {
      ws.getCell(r, 1).value = row
      ws.mergeCells(r, 1, r, 4)
    } else ws.getRow(r).values = [row[0], row[1]]
    r++
  }
  await wb.xlsx.writeFile(path)
}

describe('importing questionnaires', () => {
  it('finds the sample XLSX question sheet, header on row 3, columns, and merged category rows', async () => {
    const q = await importQuestionnaire(join(FIXTURES, 'sample-buyer-questionnaire.xlsx'))
    expect(q.format).toBe('xlsx')
    expect(q.sheetName).toBe('Security Questionnaire')
    expect(q.layout).toMatchObject({ headerRow: 3, idCol: 0, sectionCol: 1, questionCol: 2, answerCol: 3, commentCol: 4 })
    expect(q.questions).toHaveLength(58)
    expect(q.questions[0]).toMatchObject({ id: '1', row: 5, section: 'Hosting and data location', text: 'Which cloud provider and services host the production environment?' })
    expect(q.questions.at(-1)).toMatchObject({ id: '58', row: 72, section: 'Other' })
    // no category row was taken for a question
    expect(q.questions.some((x) => x.text === 'Encryption')).toBe(false)
  })

  it('reads the sample CSV with the same 58 questions', async () => {
    const q = await importQuestionnaire(join(FIXTURES, 'sample-buyer-questionnaire.csv'))
    expect(q.format).toBe('csv')
    expect(q.layout).toMatchObject({ headerRow: 1, questionCol: 2, answerCol: 3, commentCol: 4, idCol: 0 })
    expect(q.questions.map((x) => x.id)).toEqual(Array.from({ length: 58 }, (_, i) => String(i + 1)))
    expect(q.questions[3]!.text).toBe('Are backups replicated to another region? If so, which one and for what purpose?')
  })

  it.runIf(existsSync(SHARED))('reads the shared data folder files directly', async () => {
    const x = await importQuestionnaire(join(SHARED, 'sample-buyer-questionnaire.xlsx'))
    const c = await importQuestionnaire(join(SHARED, 'sample-buyer-questionnaire.csv'))
    const v = await importQuestionnaire(join(SHARED, 'vsaq', 'webapp.json'))
    expect([x.questions.length, c.questions.length, v.format, v.questions.length]).toEqual([58, 58, 'vsaq', 54])
  })

  it('reads a VSAQ file by extension', async () => {
    const q = await importQuestionnaire(join(FIXTURES, 'physical_and_datacenter.json'))
    expect(q.format).toBe('vsaq')
    expect(q.questions[0]!.id).toBe('office_facilities_excl')
  })

  it('detects a header on row 5 below title rows, skips merged section rows, and has no comment column', async () => {
    const dir = tmp()
    const path = join(dir, 'acme.xlsx')
    await oddWorkbook(path)
    const q = await importQuestionnaire(path)
    expect(q.sheetName).toBe('Supplier Assessment')
    expect(q.layout).toMatchObject({ headerRow: 5, idCol: 0, questionCol: 1, answerCol: 2, commentCol: 3 })
    expect(q.questions.map((x) => [x.id, x.section, x.row])).toEqual([
      ['A.1', 'A. Data protection', 7],
      ['A.2', 'A. Data protection', 8],
      ['B.1', 'B. Operations', 10],
      ['B.2', 'B. Operations', 11],
    ])
    expect(q.questions[3]!.open).toBe(true)
  })

  it('lets --sheet, --question-col, --answer-col and --comment-col override the guess (letters or header names)', async () => {
    const dir = tmp()
    const path = join(dir, 'acme.xlsx')
    await oddWorkbook(path)
    const byLetter = await importQuestionnaire(path, { sheet: 'Supplier Assessment', questionCol: 'B', answerCol: 'D', commentCol: 'C' })
    expect(byLetter.layout).toMatchObject({ questionCol: 1, answerCol: 3, commentCol: 2 })
    const byName = await importQuestionnaire(path, { sheet: '2', questionCol: 'Requirement', answerCol: 'Evidence / Notes' })
    expect(byName.layout).toMatchObject({ headerRow: 5, questionCol: 1, answerCol: 3 })
    await expect(importQuestionnaire(path, { sheet: 'Nope' })).rejects.toThrow(/no sheet "Nope" \(sheets: Cover, Supplier Assessment\)/)
    await expect(importQuestionnaire(path, { questionCol: 'Not a header' })).rejects.toThrow(/--question-col "Not a header" is neither a column letter nor a header/)
  })

  it('answers every tab that holds a question table, prefixing IDs with the sheet name', async () => {
    const dir = tmp()
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('Read me').getCell('A1').value = 'Answer the questions on each tab'
    for (const [name, qs] of [['Data', ['Is data encrypted at rest?', 'Are backups encrypted?', 'Are backups geo-redundant?']], ['Network', ['Is SSH closed to the internet?', 'Do you use a WAF?', 'Is TLS 1.2 enforced?']]] as const) {
      const ws = wb.addWorksheet(name)
      ws.getRow(1).values = ['ID', 'Question', 'Response', 'Comments']
      qs.forEach((q, i) => (ws.getRow(i + 2).values = [String(i + 1), q]))
    }
    const path = join(dir, 'tabs.xlsx')
    await wb.xlsx.writeFile(path)
    const q = await importQuestionnaire(path)
    expect(q.sheets.map((s) => s.name)).toEqual(['Data', 'Network'])
    expect(q.questions.map((x) => x.id)).toEqual(['Data!1', 'Data!2', 'Data!3', 'Network!1', 'Network!2', 'Network!3'])
    expect((await importQuestionnaire(path, { sheet: 'Network' })).questions.map((x) => x.id)).toEqual(['1', '2', '3'])
  })

  it('prefers the "Question" column over "Question Category" and "Question Number"', () => {
    const grid = { rows: [['Question Number', 'Question Category', 'Question', 'Vendor Response', 'Additional Information'], ['1', 'Crypto', 'Is data encrypted at rest?', '', '']], merges: new Map() }
    expect(detectLayout(grid, {}, 'x.csv')).toMatchObject({ idCol: 0, sectionCol: 1, questionCol: 2, answerCol: 3, commentCol: 4, headerRow: 1 })
  })

  it('prefers the requirement or the control statement over the control\'s name', () => {
    for (const header of ['Requirement', 'Control statement', 'Statement']) {
      const grid = { rows: [['Control', header, 'Response'], ['SC-28', 'Transparent data encryption is enabled for every Azure SQL user database.', '']], merges: new Map() }
      expect(detectLayout(grid, {}, 'x.csv'), header).toMatchObject({ questionCol: 1, answerCol: 2, headerRow: 1 })
    }
  })

  it('finds questions without any header row', async () => {
    const dir = tmp()
    const path = join(dir, 'plain.csv')
    writeFileSync(path, 'Is MFA enforced for admins?,\nAre backups encrypted?,\nDo you log database access?,\n')
    const q = await importQuestionnaire(path)
    expect(q.layout).toMatchObject({ headerRow: null, questionCol: 0, answerCol: 1 })
    expect(q.questions.map((x) => x.id)).toEqual(['row-1', 'row-2', 'row-3'])
  })

  it('rejects a broken XLSX, a missing file and an empty CSV with one InputError line', async () => {
    const dir = tmp()
    const broken = join(dir, 'broken.xlsx')
    writeFileSync(broken, 'PK\u0003\u0004 this is not really a zip')
    await expect(importQuestionnaire(broken)).rejects.toThrow(InputError)
    await expect(importQuestionnaire(broken)).rejects.toThrow(/broken\.xlsx: cannot read questionnaire \(not a readable XLSX workbook\)$/)
    await expect(importQuestionnaire(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot read questionnaire \(no such file\)/)
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')
    await expect(importQuestionnaire(empty)).rejects.toThrow(InputError)
  })

  it('tells open questions from yes/no ones', () => {
    expect(isOpenQuestion('Which cloud provider hosts production?')).toBe(true)
    expect(isOpenQuestion('Are backups replicated to another region? If so, which one?')).toBe(false)
    expect(isOpenQuestion('Firewalls are basic. Does your company use firewalls?')).toBe(false)
    expect(isOpenQuestion('The name of the application:')).toBe(true)
  })
})

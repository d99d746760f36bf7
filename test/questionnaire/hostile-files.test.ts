// Questionnaire files built to exhaust memory or time: XLSX zip bombs (honest and lying sizes), sheets whose
// merges or validations make exceljs build billions of cells, files too large to read, VSAQ nested too deep.
// Each is refused with one line naming the file (and the zip part), exit 2, before exceljs reads it.
import { rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { QUESTIONNAIRE_LIMITS } from '../../src/questionnaire/limits.js'
import { ZipRefused, readZip } from '../../src/report/pack/safe-zip.js'
import { bombStream, craftZip, deflated, renameEntry, unzipAll, yazlZip } from '../zip-tools.js'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { NOW, tmp, writeResults } from './helpers.js'

const SHEET = 'xl/worksheets/sheet1.xml'
const QUESTIONS = ['Is customer data encrypted at rest in databases?', 'Are backups stored in geo-redundant storage?', 'Is TLS 1.2 or higher enforced?']

/** The parts of a small questionnaire workbook, as exceljs writes it. */
async function workbookParts(rows = 0): Promise<Array<{ name: string; data: Buffer }>> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Questions')
  ws.getRow(1).values = ['ID', 'Question', 'Answer', 'Comments']
  QUESTIONS.forEach((q, i) => (ws.getRow(i + 2).values = [i + 1, q]))
  for (let r = 0; r < rows; r++) ws.getRow(r + 5).values = [r + 4, `Is control ${r} documented, reviewed and approved by ${r % 7} owners?`]
  ws.getCell('C2').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Yes,No,N/A"'] }
  return unzipAll(Buffer.from(await wb.xlsx.writeBuffer()))
}

/** The same parts with the sheet's XML changed by `edit`. */
async function editedWorkbook(edit: (xml: string) => string, rows = 0): Promise<Array<{ name: string; data: Buffer }>> {
  return (await workbookParts(rows)).map((p) => (p.name === SHEET ? { ...p, data: Buffer.from(edit(p.data.toString('utf8'))) } : p))
}

async function file(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const path = join(tmp(), name)
  writeFileSync(path, await bytes)
  return path
}

const suffix = '; not a questionnaire trustpack reads (limits: docs/questionnaires.md)'

describe('XLSX zip limits', () => {
  it('reads the workbook these cases start from', async () => {
    const path = await file('plain.xlsx', yazlZip(await workbookParts()))
    expect((await importQuestionnaire(path)).questions).toHaveLength(3)
  })

  it('refuses a sheet that would inflate past the limit for one part, naming the file and part', async () => {
    const path = await file('big-sheet.xlsx', yazlZip(await workbookParts(400)))
    const err = await importQuestionnaire(path, { limits: { zip: { maxEntryBytes: 32 * 1024 } } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toMatch(new RegExp(`: zip entry "xl/worksheets/sheet1\\.xml" would inflate to \\d+(\\.\\d)? KiB, more than the 32 KiB allowed for one entry${suffix.replace(/[.()]/g, '\\$&')}$`))
    expect((err as Error).message.startsWith(`${path}: `)).toBe(true)
  })

  it('refuses a workbook whose parts would inflate past the total limit', async () => {
    const path = await file('big-total.xlsx', yazlZip(await workbookParts(400)))
    await expect(importQuestionnaire(path, { limits: { zip: { maxTotalBytes: 64 * 1024 } } })).rejects.toThrow(`${path}: the zip would inflate to more than 64 KiB in all, the limit${suffix}`)
  })

  it('refuses, with the default limits, a sheet padded into a ratio bomb, before exceljs reads it', async () => {
    // 2 MiB of spaces is valid XML after the root element, and compresses about 1,000:1
    const path = await file('padded.xlsx', yazlZip(await editedWorkbook((xml) => xml + ' '.repeat(2 * 2 ** 20))))
    await expect(importQuestionnaire(path)).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: zip entry "xl/worksheets/sheet1\\.xml" is compressed \\d+:1, more than the 100:1 allowed for an entry over 1 MiB \\(a zip bomb\\?\\)`))
  })

  it('stops, with the default limits, a sheet that inflates past its declared size without inflating it all', async () => {
    // 256 MiB of spaces behind the real sheet, in about 256 KiB, while the headers declare the real sheet's size
    const parts = await workbookParts()
    const sheet = parts.find((p) => p.name === SHEET)!.data
    const bomb = craftZip(parts.map((p) => (p.name === SHEET
      ? { name: p.name, deflated: bombStream(256, 0x20, sheet), declaredSize: sheet.length }
      : { name: p.name, deflated: deflated(p.data) })))
    const err = await readZip(bomb, { limits: QUESTIONNAIRE_LIMITS.zip }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ZipRefused)
    expect((err as ZipRefused).inflatedBytes).toBeLessThan(4 * 2 ** 20)
    const path = await file('lying.xlsx', bomb)
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}: zip entry "xl/worksheets/sheet1.xml" inflates to more than the ${(sheet.length / 1024).toFixed(1).replace(/\.0$/, '')} KiB its header declares (a zip bomb?)${suffix}`)
  })

  it('refuses a truncated workbook in one line, and reads one holding a symlink or ../ entry without using them', async () => {
    const whole = await yazlZip(await workbookParts())
    const cut = await file('cut.xlsx', whole.subarray(0, Math.floor(whole.length * 0.6)))
    await expect(importQuestionnaire(cut)).rejects.toThrow(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read questionnaire \\(not a readable XLSX workbook\\)$`))
    // nothing is extracted to disk, and the filled-in copy is written from the parsed workbook: such parts are dropped
    const odd = renameEntry(await yazlZip([...await workbookParts(), { name: 'xx/evil.txt', data: Buffer.from('x') }, { name: 'xl/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 'xx/evil.txt', '../evil.txt')
    expect((await importQuestionnaire(await file('odd.xlsx', odd))).questions).toHaveLength(3)
  })

  it('refuses a workbook file larger than the zip may inflate to, without reading it', async () => {
    const path = join(tmp(), 'huge.xlsx')
    writeFileSync(path, 'PK\u0003\u0004')
    truncateSync(path, 3 * 2 ** 30)
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}: 3 GiB, larger than any questionnaire trustpack reads (200 MiB)`)
    rmSync(path)
  })
})

describe('XLSX sheets exceljs would blow up', () => {
  it('refuses a merge over the whole sheet (exceljs would build 17 billion cells)', async () => {
    const path = await file('merge-all.xlsx', yazlZip(await editedWorkbook((xml) => xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A6:XFD1048576"/></mergeCells>'))))
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}: zip entry "xl/worksheets/sheet1.xml" merges A6:XFD1048576: with the rest, more than 4,194,304 merged or validated cells, the limit${suffix}`)
  })

  it('refuses a data validation over the whole sheet, but reads one over a whole column', async () => {
    const all = await file('validate-all.xlsx', yazlZip(await editedWorkbook((xml) => xml.replace('sqref="C2"', 'sqref="A1:XFD1048576"'))))
    await expect(importQuestionnaire(all)).rejects.toThrow(`${all}: zip entry "xl/worksheets/sheet1.xml" has a data validation on A1:XFD1048576: with the rest, more than 4,194,304 merged or validated cells, the limit${suffix}`)
    const column = await file('validate-column.xlsx', yazlZip(await editedWorkbook((xml) => xml.replace('sqref="C2"', 'sqref="C2:C1048576"'))))
    expect((await importQuestionnaire(column)).questions).toHaveLength(3)
  })

  it('refuses more merged ranges than a sheet may hold (exceljs compares each with every other)', async () => {
    const merges = Array.from({ length: 6000 }, (_, i) => `<mergeCell ref="A${i + 10}:B${i + 10}"/>`).join('')
    const path = await file('merges.xlsx', yazlZip(await editedWorkbook((xml) => xml.replace('</sheetData>', `</sheetData><mergeCells count="6000">${merges}</mergeCells>`))))
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}: zip entry "xl/worksheets/sheet1.xml" holds more than 5,000 merged ranges, the limit for a sheet${suffix}`)
  })

  it('refuses more cells or rows than a workbook may hold', async () => {
    const path = await file('cells.xlsx', yazlZip(await workbookParts(100)))
    await expect(importQuestionnaire(path, { limits: { workbook: { maxCells: 50 } } })).rejects.toThrow(`${path}: zip entry "xl/worksheets/sheet1.xml" brings the workbook's cells past 50, the limit${suffix}`)
    await expect(importQuestionnaire(path, { limits: { workbook: { maxRowElements: 50 } } })).rejects.toThrow(`${path}: zip entry "xl/worksheets/sheet1.xml" brings the workbook's rows past 50, the limit${suffix}`)
  })
})

describe('XLSX drop-down lists', () => {
  it('reads the options of a list over a whole sheet without visiting its 17 billion addresses', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Q')
    const lists = wb.addWorksheet('Lists')
    ;['Compliant', 'Not Compliant', 'Not Applicable'].forEach((v, i) => (lists.getCell(i + 1, 1).value = v))
    ws.getRow(1).values = ['ID', 'Question', 'Compliance', 'Comments']
    QUESTIONS.forEach((q, i) => {
      ws.getRow(i + 2).values = [i + 1, q]
      ws.getCell(i + 2, 3).dataValidation = { type: 'list', allowBlank: true, formulae: ['Lists!$A$1:$XFD$1048576'] }
    })
    const dir = tmp()
    const path = join(dir, 'whole-sheet-list.xlsx')
    await wb.xlsx.writeFile(path)
    const out = join(dir, 'filled.xlsx')
    await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
    const filled = new ExcelJS.Workbook()
    await filled.xlsx.readFile(out)
    expect(filled.getWorksheet('Q')!.getCell('C2').value).toBe('Compliant')
  })
})

describe('CSV and VSAQ files built to exhaust', () => {
  it('refuses a CSV larger than the file limit without reading it', async () => {
    // sparse: 600 MiB long, no disk used; read whole it would not even fit in one string
    const path = join(tmp(), 'huge.csv')
    writeFileSync(path, 'ID,Question,Answer\n1,Is data encrypted?,\n')
    truncateSync(path, 600 * 2 ** 20)
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}: 600 MiB, larger than any questionnaire trustpack reads (100 MiB)`)
    rmSync(path)
  })

  it('reads a VSAQ questionnaire nested 20,000 blocks deep', async () => {
    const depth = 20_000
    const doc = '{"questionnaire":[' + '{"type":"block","text":"Section","items":['.repeat(depth) + '{"type":"yesno","id":"deep","text":"Is data encrypted at rest?"}' + ']}'.repeat(depth) + ',{"type":"yesno","id":"after","text":"Are backups encrypted?"}]}'
    const path = await file('deep.json', Buffer.from(doc))
    const q = await importQuestionnaire(path)
    expect(q.questions.map((x) => [x.id, x.section])).toEqual([['deep', 'Section'], ['after', null]])
  })
})

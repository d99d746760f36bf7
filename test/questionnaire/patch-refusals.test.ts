// Workbooks the patcher will not write into: one clear line, exit 2, and no file left behind.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { readDirectory, readPart, rebuildZip } from '../../src/questionnaire/patch/zip.js'
import { NOW, tmp, writeResults } from './helpers.js'

async function questionnaire(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Q')
  ws.getRow(1).values = ['Question', 'Answer', 'Comments']
  ws.getRow(2).values = ['Is customer data encrypted at rest in databases?']
  ws.getRow(3).values = ['Are backups stored in geo-redundant storage?']
  ws.getRow(4).values = ['Is all data in transit encrypted with TLS 1.2 or higher?']
  await wb.xlsx.writeFile(path)
}

/** The workbook with one part's text changed by `edit`, every other part as stored. */
function editPart(path: string, part: string, edit: (xml: string) => string): void {
  const bytes = readFileSync(path)
  const dir = readDirectory(bytes, path)
  const record = dir.records.find((r) => r.name === part)!
  const xml = readPart(bytes, record, path, 2 ** 26).toString('utf8')
  writeFileSync(path, rebuildZip(bytes, dir, new Map([[part, Buffer.from(edit(xml))]])))
}

describe('patcher refusals', () => {
  it('refuses a sheet whose cells have no references (exit 2, one line naming the file), and writes nothing', async () => {
    const dir = tmp()
    const src = join(dir, 'q.xlsx')
    await questionnaire(src)
    editPart(src, 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<c r="[A-Z]+\d+"/g, '<c'))
    const out = join(dir, 'filled.xlsx')
    const run = answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir), outPath: out, now: NOW })
    // The reader refuses it before the patcher would (patch-sheet.test.ts has the patcher's own refusal).
    await expect(run).rejects.toThrow(/q\.xlsx: /)
    await expect(run).rejects.toMatchObject({ exitCode: 2 })
    expect(existsSync(out)).toBe(false)
    expect(existsSync(join(dir, 'filled.review.md'))).toBe(false)
  })

  it('refuses a ZIP64 workbook, naming it', async () => {
    const dir = tmp()
    const src = join(dir, 'q.xlsx')
    await questionnaire(src)
    const bytes = readFileSync(src)
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    // A ZIP64 end-of-directory locator just before the classic end record.
    const locator = Buffer.alloc(20)
    locator.writeUInt32LE(0x07064b50, 0)
    writeFileSync(src, Buffer.concat([bytes.subarray(0, eocd), locator, bytes.subarray(eocd)]))
    expect(() => readDirectory(readFileSync(src), src)).toThrow(/ZIP64/)
  })

  it('rebuilds a zip whose untouched parts keep their stored bytes, data descriptors included', async () => {
    const dir = tmp()
    const src = join(dir, 'q.xlsx')
    await questionnaire(src)
    const bytes = readFileSync(src)
    const d = readDirectory(bytes, src)
    const rebuilt = rebuildZip(bytes, d, new Map([['xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>')]]))
    const d2 = readDirectory(rebuilt, 'rebuilt')
    expect(d2.records.map((r) => r.name)).toEqual(d.records.map((r) => r.name))
    for (const r of d.records) {
      const r2 = d2.records.find((x) => x.name === r.name)!
      const part = readPart(rebuilt, r2, 'rebuilt', 2 ** 26)
      if (r.name === 'xl/worksheets/sheet1.xml') expect(part.toString()).toBe('<worksheet/>')
      else {
        expect(part.equals(readPart(bytes, r, src, 2 ** 26)), r.name).toBe(true)
        expect(rebuilt.subarray(r2.localOffset, r2.end).equals(bytes.subarray(r.localOffset, r.end)), `${r.name} stored bytes`).toBe(true)
      }
    }
    // exceljs (which uses data descriptors) still reads the result.
    await new ExcelJS.Workbook().xlsx.load(rebuildZip(bytes, d, new Map()) as unknown as ArrayBuffer)
  })
})

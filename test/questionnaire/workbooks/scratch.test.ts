import ExcelJS from 'exceljs'
import { it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { caiqWorkbook } from './caiq.js'
import { readParts } from './zip.js'
import { validateXML } from 'xmllint-wasm'
it('scratch', async () => {
  for (const prefilled of [false, true]) {
    const buf = caiqWorkbook({ prefilled })
    writeFileSync(`/tmp/wbscratch/caiq-${prefilled}.xlsx`, buf)
    const parts = readParts(buf)
    for (const [name, data] of parts) {
      if (name.endsWith('.png')) continue
      const r = await validateXML({ xml: { fileName: 'x.xml', contents: data.toString('utf8') }, normalization: 'format' })
      if (!r.valid) console.log(name, r.errors.map((e) => e.rawMessage))
    }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf as never)
    for (const ws of wb.worksheets) console.log(ws.name, ws.state, (ws.model as any).merges?.length, ws.rowCount)
    const ws = wb.getWorksheet('CAIQv4.0.3')!
    console.log(ws.getCell('C4').value, ws.getCell('C4').dataValidation, ws.getCell('D5').dataValidation, ws.getCell('C31').dataValidation, ws.getCell('A4').value, ws.getCell('B4').value)
    console.log(JSON.stringify((ws as any).conditionalFormattings))
    console.log(wb.definedNames.model)
  }
})

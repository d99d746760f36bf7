// Completed questionnaires for `library import` tests: a CSV and an XLSX (as exceljs writes it) with Yes/No/N/A
// and free-text answers, comments, and questions left blank.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'

export const COMPLETED_CSV = [
  '#,Category,Question,Response,Comments',
  '1,Hosting,Which cloud provider hosts the production environment?,Microsoft Azure,',
  '2,Data,Is customer data encrypted at rest?,Yes,AES-256 on every database and storage account.',
  '3,Data,Do you store payment card data?,No,',
  '4,Operations,Is there a 24/7 network operations centre?,,',
  '5,Backups,How long are point-in-time backups kept?,35 days,Point-in-time restore over 35 days.',
  '6,Operations,Do you operate your own data centre?,N/A,',
  '7,Access,Is multi-factor authentication enforced for administrators?,"Yes, for every administrator account",',
  '8,Access,Are access reviews performed quarterly?,Partial,Twice a year.',
  '9,Operations,Is there an on-call rota?,,',
  '',
].join('\n')

export function completedCsv(dir: string, name = 'completed.csv', text = COMPLETED_CSV): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** A completed workbook as exceljs writes it: a title row, the header, Yes/No/N/A and free-text answers, comments, blanks. */
export async function completedXlsx(dir: string, name = 'completed.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Security')
  ws.addRow(['Vendor security questionnaire'])
  ws.addRow(['ID', 'Question', 'Answer', 'Comments'])
  ws.addRow(['SEC-1', 'Is customer data encrypted at rest?', 'Yes', 'AES-256 on every database and storage account.'])
  ws.addRow(['SEC-2', 'Do you store payment card data?', 'No', ''])
  ws.addRow(['SEC-3', 'Do you operate your own data centre?', 'N/A', 'We run on Microsoft Azure.'])
  ws.addRow(['SEC-4', 'Which regions host customer data?', 'Canada Central and East US', ''])
  ws.addRow(['SEC-5', 'Is there a 24/7 network operations centre?', '', ''])
  ws.addRow(['SEC-6', 'Are penetration tests performed every year?', '', 'Planned for 2027.'])
  const path = join(dir, name)
  await wb.xlsx.writeFile(path)
  return path
}

// A CAIQ v4-style workbook: the structure of the CSA's Consensus Assessments Initiative Questionnaire v4.0.3
// (question IDs per CCM control, answer / ownership / description columns, CCM columns merged down each
// control's questions, list validations, notes, an image) with wording invented here: CAIQ's own text is
// copyrighted and none of it is used.
import { cellState, renderState, type CellState, type Prior, type QuestionLayout, type SheetLayout } from './layout.js'
import { buildPackage, cell, cols, columnSqref, CONTENT_TYPE, DECL, DXF, esc, frozenView, mergeCells, NS, PAGE_MARGINS, plainView, REL, row, S, SharedStrings, SHEET_FORMAT, tinyPng, worksheet } from './ooxml.js'

export const CAIQ_SHEET = 'CAIQv4.0.3'
export const CAIQ_SHEETS = ['Introduction', CAIQ_SHEET, 'Lists'] as const
export const CAIQ_HEADER_ROW = 3
export const CAIQ_COLUMNS = {
  A: 'Question ID',
  B: 'Question',
  C: 'CSP CAIQ Answer',
  D: 'SSRM Control Ownership',
  E: 'CSP Implementation Description (Optional/Recommended)',
  F: 'CSC Responsibilities (Optional/Recommended)',
  G: 'CCM Control ID',
  H: 'CCM Control Specification',
  I: 'CCM Control Title',
  J: 'CCM Domain Title',
} as const
export const CAIQ_OWNERSHIP = ['CSP-owned', 'CSC-owned', 'Shared CSP and CSC'] as const

interface Q {
  id: string
  text: string
  /** short: the row ends after B (no C..J cells); gap: A, B, E, F exist but not C or D. */
  shape?: 'short' | 'gap'
  /** Last year's answer, ownership and implementation description (prefilled workbook only). */
  answer?: Prior
  owner?: Prior
  description?: Prior
}
interface Control {
  id: string
  title: string
  spec: string
  questions: Q[]
}
interface Domain {
  title: string
  /** A category row merged across A:J before the domain's questions. */
  categoryRow?: boolean
  controls: Control[]
}

const CSP: Prior = ['CSP-owned', 'shared']

// Prefilled answers marked "disagrees" are ones `trustpack answer` contradicts on the sample results
// (sampleResults()): with every check passing, or (CEK-03.2) with storage-min-tls failing.
const DOMAINS: Domain[] = [
  {
    title: 'Audit & Assurance',
    controls: [
      {
        id: 'A&A-01',
        title: 'Assurance policy upkeep',
        spec: 'Write down, approve, communicate and review at least once a year the policies that govern audit and assurance work.',
        questions: [
          { id: 'A&A-01.1', text: 'Are the policies for audit and assurance work written down, approved by management and published to staff?', answer: ['Yes', 'shared'], owner: CSP, description: ['Policies live in the staff handbook; the CISO approves each revision.', 'shared'] },
          { id: 'A&A-01.2', text: 'Are those policies reviewed and brought up to date at least once a year?', shape: 'short' },
        ],
      },
      {
        id: 'A&A-02',
        title: 'Independent review',
        spec: 'Have an independent party review the service against the applicable standards at planned intervals.',
        questions: [{ id: 'A&A-02.1', text: 'Is the service reviewed by an independent auditor at least once a year?', answer: ['Yes', 'shared'], owner: CSP }],
      },
      {
        id: 'A&A-03',
        title: 'Audit planning from risk',
        spec: 'Plan audit work from a written assessment of risk and follow every finding through to closure.',
        questions: [
          { id: 'A&A-03.1', text: 'Is audit work planned from a written assessment of risk?' },
          { id: 'A&A-03.2', text: 'Is each audit finding tracked to closure with a named owner?', answer: ['No', 'inline'] },
        ],
      },
    ],
  },
  {
    title: 'Business Continuity Management and Operational Resilience',
    controls: [
      {
        id: 'BCR-08',
        title: 'Backups',
        spec: 'Back up cloud data on a schedule, protect the copies and prove that restoring them works.',
        questions: [
          { id: 'BCR-08.1', text: 'Are backups of customer data taken at least once a day?', answer: ['Yes', 'shared'], owner: CSP, description: ['Nightly full backups, plus point-in-time restore for the last 7 days.', 'shared'] },
          // disagrees: geo-redundant backups pass
          { id: 'BCR-08.2', text: 'Are backup copies kept in a different region from the primary data?', answer: ['NA', 'inline'] },
          { id: 'BCR-08.3', text: 'Is restoring from backup tested at least once a year?', shape: 'short' },
        ],
      },
      {
        id: 'BCR-09',
        title: 'Disaster recovery plan',
        spec: 'Keep a plan for recovering the service after a disaster, and exercise it.',
        questions: [
          { id: 'BCR-09.1', text: 'Is there a written plan for recovering the service if a whole region is lost?' },
          { id: 'BCR-09.2', text: 'Is the recovery plan exercised at least once a year?', answer: ['Yes', 'shared'], owner: CSP },
        ],
      },
    ],
  },
  {
    title: 'Cryptography, Encryption & Key Management',
    controls: [
      {
        id: 'CEK-03',
        title: 'Encryption of data',
        spec: 'Encrypt data at rest and in transit with current, widely reviewed algorithms.',
        questions: [
          // disagrees: encryption at rest passes
          { id: 'CEK-03.1', text: 'Is customer data encrypted at rest in every data store?', answer: ['No', 'shared'], owner: CSP, description: ['Encryption at rest is being rolled out across the data stores.', 'inline'] },
          // disagrees when storage-min-tls fails
          { id: 'CEK-03.2', text: 'Do all connections that carry customer data require TLS 1.2 or later?', answer: ['Yes', 'shared'], owner: CSP },
        ],
      },
      {
        id: 'CEK-10',
        title: 'Key generation',
        spec: 'Generate cryptographic keys in a protected, hardware-backed key store.',
        questions: [{ id: 'CEK-10.1', text: 'Are encryption keys generated and held in a hardware-backed key store?', description: ['Keys are held in a managed key vault backed by HSMs.', 'shared'] }],
      },
      {
        id: 'CEK-12',
        title: 'Key rotation',
        spec: 'Rotate keys on a defined schedule, and at once when compromise is suspected.',
        questions: [
          { id: 'CEK-12.1', text: 'Are encryption keys rotated on a defined schedule?', answer: ['Yes', 'inline'] },
          { id: 'CEK-12.2', text: 'Can customers supply and control their own encryption keys?', shape: 'gap' },
          { id: 'CEK-12.3', text: 'Is deleted key material recoverable for a protection period before it is purged?' },
        ],
      },
    ],
  },
  {
    title: 'Data Security and Privacy Lifecycle Management',
    controls: [
      {
        id: 'DSP-05',
        title: 'Data flow records',
        spec: 'Record how customer data flows through the service and keep the record current.',
        questions: [{ id: 'DSP-05.1', text: 'Is the flow of customer data through the service recorded and kept current?', answer: ['Yes', 'shared'], owner: CSP }],
      },
      {
        id: 'DSP-10',
        title: 'Protected transfer',
        spec: 'Protect customer data whenever it moves between components or locations.',
        questions: [{ id: 'DSP-10.1', text: 'Is customer data encrypted whenever it moves between services?' }],
      },
      {
        id: 'DSP-19',
        title: 'Data location',
        spec: 'Keep customer data in the locations agreed with the customer, and say so before that changes.',
        questions: [
          // disagrees: every resource sits in an allowed region
          { id: 'DSP-19.1', text: 'Is customer data stored only in the regions the customer selected?', answer: ['No', 'shared'], owner: ['Shared CSP and CSC', 'shared'], description: ['Data is held in the EU, with copies in the US.', 'inline'] },
          { id: 'DSP-19.2', text: 'Are customers told before their data moves to another region?', answer: ['NA', 'shared'] },
          { id: 'DSP-19.3', text: 'Can the customer choose where its data is stored?' },
        ],
      },
    ],
  },
  {
    title: 'Identity & Access Management',
    categoryRow: true,
    controls: [
      {
        id: 'IAM-05',
        title: 'Least privilege',
        spec: 'Grant access on the principle of least privilege and only for as long as it is needed.',
        questions: [{ id: 'IAM-05.1', text: 'Is access to production granted on a least-privilege basis?', answer: ['Yes', 'shared'] }],
      },
      {
        id: 'IAM-09',
        title: 'Privileged role separation',
        spec: 'Separate administrative roles from ordinary ones and review who holds them.',
        questions: [
          { id: 'IAM-09.1', text: 'Are administrative roles separated from day-to-day user accounts?' },
          { id: 'IAM-09.2', text: 'Are privileged role assignments reviewed at least every quarter?', answer: ['No', 'inline'] },
        ],
      },
      {
        id: 'IAM-14',
        title: 'Strong authentication',
        spec: 'Authenticate people with several factors and services with managed identities rather than shared secrets.',
        questions: [
          { id: 'IAM-14.1', text: 'Is multi-factor authentication required for every administrative sign-in?', answer: ['Yes', 'shared'], owner: CSP, description: ['Enforced by a conditional access policy for all admin roles.', 'shared'] },
          { id: 'IAM-14.2', text: 'Are shared access keys disabled in favour of managed identities?', shape: 'short' },
        ],
      },
    ],
  },
  {
    title: 'Logging and Monitoring',
    controls: [
      {
        id: 'LOG-02',
        title: 'Audit log retention and protection',
        spec: 'Keep audit logs for the agreed period and protect them from change.',
        questions: [
          { id: 'LOG-02.1', text: 'Are audit logs kept for at least one year?', answer: ['Yes', 'shared'] },
          { id: 'LOG-02.2', text: 'Is access to audit logs restricted, and is that access itself logged?' },
        ],
      },
      {
        id: 'LOG-05',
        title: 'Security event monitoring',
        spec: 'Collect security events centrally and alert on those that need action.',
        questions: [
          // disagrees: Key Vault audit events reach Log Analytics
          { id: 'LOG-05.1', text: 'Are security events from key stores and databases collected in a central log workspace?', answer: ['NA', 'inline'] },
          { id: 'LOG-05.2', text: 'Are alerts raised when collected events match a detection rule?' },
        ],
      },
    ],
  },
]

/** Questions from this one on carry the list validation in the sheet's x14 extension instead of the main one. */
const FIRST_X14_VALIDATION = 'LOG-02.1'
const FIRST_ROW = CAIQ_HEADER_ROW + 1
/** The row range the Introduction's formulas count over (as the real sheet, longer than the table). */
const ANSWER_RANGE = `'${CAIQ_SHEET}'!C${FIRST_ROW}:C40`
const CONTROL_COLS = ['G', 'H', 'I', 'J'] as const

interface Placed {
  q: Q
  control: Control
  domain: Domain
  row: number
  /** First question of its control: holds the control's G..J values. */
  first: boolean
  layout: QuestionLayout
}

interface Placement {
  questions: Placed[]
  categoryRows: Array<[row: number, title: string]>
  merges: string[]
  lastRow: number
}

function place(prefilled: boolean): Placement {
  const questions: Placed[] = []
  const categoryRows: Array<[number, string]> = []
  const merges = ['A1:L1']
  let r = FIRST_ROW
  for (const domain of DOMAINS) {
    if (domain.categoryRow) {
      categoryRows.push([r, domain.title])
      merges.push(`A${r}:J${r}`)
      r++
    }
    for (const control of domain.controls) {
      const top = r
      control.questions.forEach((q, i) => {
        const full = !q.shape
        const pre = <T>(v: T | undefined): T | undefined => (prefilled ? v : undefined)
        const cells: Record<string, CellState> = {
          answer: cellState(`C${r}`, full, pre(q.answer)),
          ownership: cellState(`D${r}`, full, pre(q.owner)),
          description: cellState(`E${r}`, q.shape !== 'short', pre(q.description)),
        }
        const layout: QuestionLayout = { id: q.id, row: r, text: q.text, section: domain.title, open: false, cells }
        questions.push({ q, control, domain, row: r, first: i === 0, layout })
        r++
      })
      if (r - top > 1) for (const c of CONTROL_COLS) merges.push(`${c}${top}:${c}${r - 1}`)
    }
  }
  return { questions, categoryRows, merges, lastRow: r - 1 }
}

/** Where the questions and answer cells are in `caiqWorkbook(opts)`. */
export function caiqLayout(opts: { prefilled?: boolean } = {}): SheetLayout {
  const p = place(opts.prefilled ?? false)
  return { sheet: CAIQ_SHEET, headerRow: CAIQ_HEADER_ROW, columns: { ...CAIQ_COLUMNS }, questions: p.questions.map((q) => q.layout), sectionRows: p.categoryRows.map(([r]) => r), merges: p.merges }
}

function questionRow(sst: SharedStrings, p: Placed): string {
  const { q, row: r, layout } = p
  const cells = [cell.shared(sst, `A${r}`, q.id, S.id)]
  // One question's text is rich text, as when a buyer bolds a word in Excel.
  cells.push(q.id === 'A&A-01.1' ? cell.rich(sst, `B${r}`, [{ text: 'Are the policies for audit and assurance work ' }, { text: 'written down', bold: true }, { text: ', approved by management and published to staff?' }], S.question) : cell.shared(sst, `B${r}`, q.text, S.question))
  if (q.shape !== 'short') {
    cells.push(renderState(sst, layout.cells.answer!, S.answer), renderState(sst, layout.cells.ownership!, S.answer))
    cells.push(renderState(sst, layout.cells.description!, S.answerText), cell.empty(`F${r}`, S.answerText))
    if (p.first) {
      const c = p.control
      cells.push(cell.shared(sst, `G${r}`, c.id, S.reference), cell.shared(sst, `H${r}`, c.spec, S.reference), cell.shared(sst, `I${r}`, c.title, S.reference), cell.shared(sst, `J${r}`, p.domain.title, S.reference))
    } else {
      // Excel writes the covered cells of a bordered merge as styled empty cells.
      for (const c of CONTROL_COLS) cells.push(cell.empty(`${c}${r}`, S.reference))
    }
  }
  const last = q.shape === 'short' ? 2 : 10
  return row(r, cells, { spans: `1:${last}` })
}

function questionSheet(sst: SharedStrings, p: Placement): string {
  // Rows are written top to bottom so the shared strings are numbered in the order Excel numbers them.
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Cloud Controls Self-Assessment Questionnaire', S.title)], { spans: '1:12', ht: 21 }),
    row(2, [cell.shared(sst, 'A2', 'Answer every question with Yes, No or NA. Where the answer needs context, describe the implementation in column E.', S.note)], { spans: '1:12' }),
    row(CAIQ_HEADER_ROW, Object.entries(CAIQ_COLUMNS).map(([c, text]) => cell.shared(sst, `${c}${CAIQ_HEADER_ROW}`, text, S.header)), { spans: '1:10', ht: 45 }),
  ]
  const categories = new Map(p.categoryRows)
  const questions = new Map(p.questions.map((q) => [q.row, q]))
  for (let r = FIRST_ROW; r <= p.lastRow; r++) {
    const title = categories.get(r)
    if (title !== undefined) rows.push(row(r, [cell.shared(sst, `A${r}`, title, S.section), ...['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((c) => cell.empty(`${c}${r}`, S.section))], { spans: '1:10', ht: 20.25 }))
    else rows.push(questionRow(sst, questions.get(r)!))
  }

  const split = p.questions.findIndex((q) => q.q.id === FIRST_X14_VALIDATION)
  const mainRows = p.questions.slice(0, split).map((q) => q.row)
  const x14Rows = p.questions.slice(split).map((q) => q.row)
  const allRows = p.questions.map((q) => q.row)
  const answerRange = `C${FIRST_ROW}:C${p.lastRow}`
  return worksheet('{6C3E1D7A-2B9F-4C1E-9D3A-0B5E7F1A2C41}', [
    '<sheetPr><tabColor rgb="FF1F4E79"/><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:J${p.lastRow}"/>`,
    frozenView(2, CAIQ_HEADER_ROW, true),
    SHEET_FORMAT,
    cols([[1, 1, 12.7109375], [2, 2, 60.7109375], [3, 3, 14.7109375], [4, 4, 22.7109375], [5, 5, 50.7109375], [6, 6, 40.7109375], [7, 7, 12.7109375], [8, 8, 50.7109375], [9, 10, 28.7109375]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    mergeCells(p.merges),
    `<conditionalFormatting sqref="${answerRange}"><cfRule type="cellIs" dxfId="${DXF.good}" priority="2" operator="equal"><formula>"Yes"</formula></cfRule><cfRule type="cellIs" dxfId="${DXF.bad}" priority="3" operator="equal"><formula>"No"</formula></cfRule></conditionalFormatting>`,
    '<dataValidations count="2">' +
      `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Answer" error="Choose Yes, No or NA from the list." promptTitle="Answer" prompt="Yes, No or NA" sqref="${columnSqref('C', mainRows)}"><formula1>CAIQAnswers</formula1></dataValidation>` +
      `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${columnSqref('D', allRows)}"><formula1>"${CAIQ_OWNERSHIP.join(',')}"</formula1></dataValidation>` +
      '</dataValidations>',
    PAGE_MARGINS,
    '<pageSetup paperSize="9" scale="60" fitToHeight="0" orientation="landscape"/>',
    '<headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>',
    '<legacyDrawing r:id="rId1"/>',
    '<extLst>' +
      `<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${NS.x14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="${NS.xm}">` +
      `<x14:cfRule type="expression" priority="1" id="{3F2A9C61-5D0B-4E8A-B1C7-2E94D6A0F853}"><xm:f>$C${FIRST_ROW}=Lists!$A$3</xm:f><x14:dxf><font><color rgb="FF9C5700"/></font><fill><patternFill><bgColor rgb="FFFFEB9C"/></patternFill></fill></x14:dxf></x14:cfRule>` +
      `<xm:sqref>${answerRange}</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>` +
      `<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="${NS.x14}"><x14:dataValidations count="1" xmlns:xm="${NS.xm}">` +
      `<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>${columnSqref('C', x14Rows)}</xm:sqref></x14:dataValidation>` +
      '</x14:dataValidations></ext>' +
      '</extLst>',
  ])
}

function introductionSheet(sst: SharedStrings, answers: string[], first: string | null): string {
  const count = (v: string): number => answers.filter((a) => a === v).length
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Cloud Controls Self-Assessment', S.title)], { spans: '1:5', ht: 21 }),
    row(2, [cell.shared(sst, 'A2', 'Structure of CAIQ v4.0.3; the wording is written for these tests.', S.note)], { spans: '1:5' }),
    row(4, [cell.rich(sst, 'A4', [{ text: 'How to answer: ', bold: true }, { text: `give every question on the ${CAIQ_SHEET} sheet a Yes, No or NA, and describe how the control is met where that helps.` }], S.note)], { spans: '1:5', ht: 45 }),
    row(5, [cell.inline('A5', 'The CCM columns name the control each question belongs to; questions of one control share those cells.', S.note)], { spans: '1:5' }),
    row(7, [cell.shared(sst, 'A7', 'Answered Yes', S.label), cell.formula('B7', `COUNTIF(${ANSWER_RANGE},"Yes")`, count('Yes'), S.integer)], { spans: '1:2' }),
    row(8, [cell.shared(sst, 'A8', 'Answered No', S.label), cell.formula('B8', `COUNTIF(${ANSWER_RANGE},"No")`, count('No'), S.integer)], { spans: '1:2' }),
    row(9, [cell.shared(sst, 'A9', 'Answered NA', S.label), cell.formula('B9', `COUNTIF(${ANSWER_RANGE},"NA")`, count('NA'), S.integer)], { spans: '1:2' }),
    row(10, [cell.shared(sst, 'A10', 'Answered in total', S.label), cell.formula('B10', `COUNTA(${ANSWER_RANGE})`, answers.length, S.integer)], { spans: '1:2' }),
    row(11, [cell.shared(sst, 'A11', 'First answer', S.label), cell.formula('B11', `IF('${CAIQ_SHEET}'!C${FIRST_ROW}="","(unanswered)",'${CAIQ_SHEET}'!C${FIRST_ROW})`, first ?? '(unanswered)')], { spans: '1:2' }),
  ]
  return worksheet('{0A7E55C2-91D4-4B6F-8E21-5C3B9F0D7E16}', [
    '<dimension ref="A1:E11"/>',
    plainView(false),
    SHEET_FORMAT,
    cols([[1, 1, 28.7109375], [2, 2, 14.7109375], [3, 5, 20.7109375]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    mergeCells(['A1:E1', 'A4:E4', 'A5:E5']),
    PAGE_MARGINS,
    '<pageSetup paperSize="9" orientation="portrait"/>',
    '<drawing r:id="rId1"/>',
  ])
}

function listsSheet(sst: SharedStrings): string {
  const rows = ['Yes', 'No', 'NA'].map((v, i) => row(i + 1, [cell.shared(sst, `A${i + 1}`, v)], { spans: '1:1' }))
  return worksheet('{9B14E0F3-7C2A-4D85-A6E9-1F0C3B8D5A27}', ['<dimension ref="A1:A3"/>', plainView(false), SHEET_FORMAT, `<sheetData>${rows.join('')}</sheetData>`, PAGE_MARGINS])
}

const DRAWING =
  `${DECL}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
  '<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>' +
  '<xdr:to><xdr:col>7</xdr:col><xdr:colOff>304800</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
  '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1" descr="Buyer logo"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
  `<xdr:blipFill><a:blip xmlns:r="${NS.r}" r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
  '<xdr:spPr><a:xfrm><a:off x="4572000" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>' +
  '<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'

/** Notes (legacy comments): their text in comments1.xml and their boxes in the VML drawing. */
function notes(list: Array<{ ref: string; author: string; text: string }>): { comments: string; vml: string } {
  const authors = [...new Set(list.map((n) => n.author))]
  const run = (bold: boolean, text: string): string => `<r><rPr>${bold ? '<b/>' : ''}<sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">${esc(text)}</t></r>`
  const comments = `${DECL}<comments xmlns="${NS.main}"><authors>${authors.map((a) => `<author>${esc(a)}</author>`).join('')}</authors><commentList>${list.map((n) => `<comment ref="${n.ref}" authorId="${authors.indexOf(n.author)}" shapeId="0"><text>${run(true, `${n.author}:`)}${run(false, `\n${n.text}`)}</text></comment>`).join('')}</commentList></comments>`
  const shape = (n: { ref: string }, i: number): string => {
    const m = /^([A-Z]+)(\d+)$/.exec(n.ref)!
    const col = m[1]!.split('').reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1
    const r = Number(m[2]) - 1
    return (
      `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style='position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:59.25pt;z-index:${i + 1};visibility:hidden' fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
      "<v:textbox style='mso-direction-alt:auto'><div style='text-align:left'></div></v:textbox>" +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${r}, 2, ${col + 3}, 15, ${r + 4}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${r}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
    )
  }
  const vml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n' +
    ' <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    `${list.map(shape).join('\r\n')}</xml>`
  return { comments, vml }
}

/**
 * A CAIQ v4.0.3-style workbook. Introduction (title, counts of answers by formula, an image), CAIQv4.0.3 (30
 * questions under a header on row 3) and the hidden Lists sheet behind the answer drop-down. With `prefilled`,
 * 17 answers from last year are filled in, some of which the evidence contradicts; see `caiqLayout`.
 */
export function caiqWorkbook(opts: { prefilled?: boolean } = {}): Buffer {
  const p = place(opts.prefilled ?? false)
  const sst = new SharedStrings()
  // Sheets are written in tab order so the shared strings are numbered as Excel would number them.
  const answers = p.questions.map((q) => q.layout.cells.answer!.value).filter((v): v is string => v !== null)
  const intro = introductionSheet(sst, answers, p.questions[0]!.layout.cells.answer!.value)
  const questions = questionSheet(sst, p)
  const lists = listsSheet(sst)
  const at = (id: string): Placed => p.questions.find((q) => q.q.id === id)!
  const { comments, vml } = notes([
    { ref: `C${CAIQ_HEADER_ROW}`, author: 'Buyer Security Office', text: 'Pick Yes, No or NA from the list.' },
    { ref: `C${at('BCR-08.1').row}`, author: 'Buyer Security Office', text: 'Say which data stores this covers.' },
    { ref: `B${at('DSP-05.1').row}`, author: 'Procurement', text: 'Attach the data flow diagram if you can.' },
  ])
  return buildPackage({
    title: 'Cloud Controls Self-Assessment',
    activeTab: 1,
    sheets: [
      { name: 'Introduction', file: 'sheet1.xml', sheetId: 1, rId: 'rId1', xml: intro, rels: [{ id: 'rId1', type: REL.drawing, target: '../drawings/drawing1.xml' }] },
      { name: CAIQ_SHEET, file: 'sheet2.xml', sheetId: 2, rId: 'rId2', xml: questions, rels: [{ id: 'rId2', type: REL.comments, target: '../comments1.xml' }, { id: 'rId1', type: REL.vmlDrawing, target: '../drawings/vmlDrawing1.vml' }] },
      // sheetId 4: a sheet 3 was deleted once, as happens in real workbooks.
      { name: 'Lists', file: 'sheet3.xml', sheetId: 4, rId: 'rId3', xml: lists, state: 'hidden' },
    ],
    definedNames: [`<definedName name="_xlnm.Print_Titles" localSheetId="1">'${CAIQ_SHEET}'!$${CAIQ_HEADER_ROW}:$${CAIQ_HEADER_ROW}</definedName>`, '<definedName name="CAIQAnswers">Lists!$A$1:$A$3</definedName>'],
    sst,
    rIds: { theme: 'rId4', styles: 'rId5', sharedStrings: 'rId6', calcChain: 'rId7' },
    calcChain: ['B7', 'B8', 'B9', 'B10', 'B11'].map((c) => [1, c]),
    extra: [
      { path: 'xl/drawings/drawing1.xml', data: DRAWING, contentType: CONTENT_TYPE.drawing },
      { path: 'xl/drawings/_rels/drawing1.xml.rels', data: `${DECL}<Relationships xmlns="${NS.pkg}"><Relationship Id="rId1" Type="${REL.image}" Target="../media/image1.png"/></Relationships>` },
      // Stored, not deflated, as some producers write media: a writer must keep the entry as it is.
      { path: 'xl/media/image1.png', data: tinyPng(), store: true },
      { path: 'xl/comments1.xml', data: comments, contentType: CONTENT_TYPE.comments },
      { path: 'xl/drawings/vmlDrawing1.vml', data: vml },
    ],
  })
}

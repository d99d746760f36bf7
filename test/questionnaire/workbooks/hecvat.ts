// A HECVAT 3.x-style workbook: the structure of EDUCAUSE's Higher Education Community Vendor Assessment
// Toolkit (a START HERE sheet, one question sheet with section rows, hidden scoring columns, a Summary
// scored by formulas over the answers, hidden drop-down lists, a very hidden helper) with wording invented
// here, none of it copied.
import { cellState, renderState, type Prior, type QuestionLayout, type SheetLayout } from './layout.js'
import { buildPackage, cell, cols, columnSqref, DXF, frozenView, mergeCells, NS, PAGE_MARGINS, plainView, row, S, SharedStrings, SHEET_FORMAT, worksheet } from './ooxml.js'

export const HECVAT_SHEET = 'HECVAT'
export const HECVAT_SHEETS = ['START HERE', HECVAT_SHEET, 'Summary', 'Lists', 'Calc'] as const
export const HECVAT_HEADER_ROW = 4
export const HECVAT_COLUMNS = { A: 'ID', B: 'Question', C: 'Vendor Answer', D: 'Additional Information', E: 'Guidance', F: 'Preferred Answer', G: 'Score' } as const
export const HECVAT_CHOICES = ['Yes', 'No', 'N/A'] as const

interface Q {
  n: string
  text: string
  /** Asks for a value or a description (free text, not scored). */
  open?: boolean
  /** The answer that scores; Yes unless given. */
  preferred?: 'Yes' | 'No'
  /** short: the row holds only A and B; gap: no C or D cell, but E (and F, G when scored) exist. */
  shape?: 'short' | 'gap'
  answer?: Prior
  info?: Prior
}
interface Section {
  code: string
  title: string
  guidance: string
  questions: Q[]
}

// Prefilled answers marked "disagrees" are ones `trustpack answer` contradicts on the sample results
// (sampleResults()): with every check passing, or (DATA-02) with storage-min-tls failing. DATA-05 and VULN-06
// state retention values the evidence may not support.
const SECTIONS: Section[] = [
  {
    code: 'HLAD',
    title: 'Documentation',
    guidance: 'Institutions use this section to judge whether security is run as a programme. Name the documents that support each answer, and be ready to share them under a non-disclosure agreement.',
    questions: [
      { n: '01', text: 'Do you have a documented information security programme approved by leadership?', answer: ['Yes', 'shared'], info: ['Reviewed each spring by the executive team.', 'shared'] },
      { n: '02', text: 'Is a named person accountable for information security?', answer: ['Yes', 'shared'] },
      // disagrees: no attestation backs it
      { n: '03', text: 'Do you hold a current SOC 2 Type II report or ISO 27001 certificate?', answer: ['Yes', 'inline'], info: ['SOC 2 Type II, period ending 30 June.', 'inline'] },
      { n: '04', text: 'Do you carry cyber liability insurance?' },
      { n: '05', text: 'Which security frameworks does your programme follow?', open: true, answer: ['ISO 27001 and NIST CSF', 'shared'] },
      { n: '06', text: 'Do all staff complete security awareness training every year?', answer: ['No', 'shared'] },
    ],
  },
  {
    code: 'APPL',
    title: 'Application Security',
    guidance: 'Describe how the application is built, tested and released. Where a control applies only to some components, say which, and explain what covers the others.',
    questions: [
      { n: '01', text: 'Do you follow a documented secure development lifecycle?', answer: ['Yes', 'shared'] },
      { n: '02', text: 'Are code changes peer reviewed before release?' },
      { n: '03', text: 'Is the application tested for vulnerabilities before each major release?', answer: ['Yes', 'shared'] },
      { n: '04', text: 'Does the application support single sign-on through SAML or OpenID Connect?' },
      { n: '05', text: 'Is multi-factor authentication available for every user account?', answer: ['N/A', 'inline'] },
      { n: '06', text: 'Are all web endpoints served over HTTPS only?', answer: ['Yes', 'shared'] },
      { n: '07', text: "Describe how one institution's data is kept apart from another's.", open: true, shape: 'gap' },
    ],
  },
  {
    code: 'DATA',
    title: 'Data',
    guidance: 'Answer for institutional data wherever it is stored or processed, including backups, logs and copies held by subprocessors. Values should be the ones in force today, not planned ones.',
    questions: [
      // disagrees: encryption at rest passes
      { n: '01', text: 'Is institutional data encrypted at rest?', answer: ['No', 'shared'], info: ['Planned for next year.', 'inline'] },
      // disagrees when storage-min-tls fails
      { n: '02', text: 'Is institutional data encrypted in transit with TLS 1.2 or higher?', answer: ['Yes', 'shared'] },
      { n: '03', text: 'Which regions host customer data?', open: true, answer: ['East US and West Europe', 'inline'] },
      { n: '04', text: 'Can the institution choose the country where its data is stored?' },
      { n: '05', text: 'How long are backups retained?', open: true, answer: ['35 days', 'shared'] },
      { n: '06', text: 'How often are backups tested?', open: true, shape: 'short' },
      // disagrees: geo-redundant backups pass
      { n: '07', text: 'Are backups stored in a different region from production data?', answer: ['No', 'shared'] },
      { n: '08', text: 'Is institutional data returned and then deleted when the contract ends?' },
    ],
  },
  {
    code: 'DCTR',
    title: 'Datacenter',
    guidance: 'Cover every facility and cloud platform that hosts the service or its backups. For a public cloud, name the provider and the services used rather than describing its buildings.',
    questions: [
      { n: '01', text: 'Is the service hosted by a public cloud provider?', answer: ['Yes', 'shared'] },
      { n: '02', text: 'Which cloud provider hosts the service?', open: true, answer: ['Microsoft Azure', 'shared'] },
      { n: '03', text: 'Are administrative ports such as SSH and RDP closed to the internet?' },
      { n: '04', text: 'Are databases reachable from the public internet?', preferred: 'No', answer: ['No', 'shared'] },
      { n: '05', text: 'Are infrastructure changes made through reviewed code?' },
    ],
  },
  {
    code: 'THRD',
    title: 'Third Parties',
    guidance: 'A third party is any organisation other than yours that can reach institutional data or the systems holding it. Include hosting, support and analytics providers.',
    questions: [
      { n: '01', text: 'Do you assess the security of subprocessors before engaging them?', answer: ['Yes', 'shared'] },
      { n: '02', text: 'List the third parties with access to data.', open: true, answer: ['Hosting provider; email delivery service', 'shared'] },
      { n: '03', text: 'Are subprocessors bound by contract to your security requirements?' },
      { n: '04', text: 'Will you notify the institution before adding a subprocessor?', shape: 'gap' },
      { n: '05', text: 'Do any third parties access institutional data from outside the hosting country?', preferred: 'No', answer: ['Yes', 'inline'] },
    ],
  },
  {
    code: 'VULN',
    title: 'Vulnerability Management',
    guidance: 'Describe how weaknesses are found, ranked and fixed, and how incidents are handled. Give target times in days and say how often they are met.',
    questions: [
      { n: '01', text: 'Do you scan systems for vulnerabilities at least monthly?', answer: ['Yes', 'shared'] },
      { n: '02', text: 'Is an independent penetration test carried out at least once a year?' },
      { n: '03', text: 'What is your target time to patch critical vulnerabilities?', open: true },
      { n: '04', text: 'Do you have a documented incident response plan?', answer: ['Yes', 'shared'] },
      { n: '05', text: 'Will you notify the institution of a confirmed breach within 72 hours?' },
      { n: '06', text: 'How long are security logs retained?', open: true, answer: ['90 days', 'inline'] },
    ],
  },
  {
    code: 'BCPL',
    title: 'Business Continuity',
    guidance: 'Say how the service keeps running, or comes back, after the loss of a facility, a region or a key supplier, and when that was last shown to work.',
    questions: [
      { n: '01', text: 'Do you have a business continuity plan that is tested every year?' },
      { n: '02', text: 'What are your recovery time and recovery point objectives?', open: true },
      { n: '03', text: 'Is the service deployed across more than one availability zone?', answer: ['Yes', 'shared'] },
    ],
  },
]

const OPEN_GUIDANCE = 'Answer with a specific value: a number of days, a place, a list of names. '
const ANSWERS = `${HECVAT_SHEET}!$C$5:$C$60`

interface Placed {
  q: Q
  id: string
  row: number
  section: Section
  scored: boolean
  layout: QuestionLayout
}
interface Placement {
  questions: Placed[]
  sections: Array<{ section: Section; row: number; first: number; last: number }>
  lastRow: number
}

function place(prefilled: boolean): Placement {
  const questions: Placed[] = []
  const sections: Placement['sections'] = []
  let r = HECVAT_HEADER_ROW + 1
  for (const section of SECTIONS) {
    const head = r++
    for (const q of section.questions) {
      const id = `${section.code}-${q.n}`
      const full = !q.shape
      const cells = { answer: cellState(`C${r}`, full, prefilled ? q.answer : undefined), comment: cellState(`D${r}`, full, prefilled ? q.info : undefined) }
      questions.push({ q, id, row: r, section, scored: !q.open, layout: { id, row: r, text: q.text, section: section.title, open: q.open ?? false, cells } })
      r++
    }
    sections.push({ section, row: head, first: head + 1, last: r - 1 })
  }
  return { questions, sections, lastRow: r - 1 }
}

const merges = (p: Placement): string[] => ['A1:E1', 'A2:E2', ...p.sections.map((s) => `A${s.row}:E${s.row}`)]

/** Where the questions and answer cells are in `hecvatWorkbook(opts)`. */
export function hecvatLayout(opts: { prefilled?: boolean } = {}): SheetLayout {
  const p = place(opts.prefilled ?? false)
  return { sheet: HECVAT_SHEET, headerRow: HECVAT_HEADER_ROW, columns: { ...HECVAT_COLUMNS }, questions: p.questions.map((q) => q.layout), sectionRows: p.sections.map((s) => s.row), merges: merges(p) }
}

const score = (q: Placed): number => (q.layout.cells.answer!.value === (q.q.preferred ?? 'Yes') ? 1 : 0)

function questionSheet(sst: SharedStrings, p: Placement): string {
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Vendor Security Assessment (Full)', S.title)], { spans: '1:5', ht: 21 }),
    row(2, [cell.shared(sst, 'A2', 'HECVAT 3.x structure; the questions are written for these tests. Answer in column C and explain in column D.', S.note)], { spans: '1:5' }),
    // Row 3 is left out entirely, as Excel leaves out rows that hold nothing.
    row(HECVAT_HEADER_ROW, Object.entries(HECVAT_COLUMNS).map(([c, t]) => cell.shared(sst, `${c}${HECVAT_HEADER_ROW}`, t, S.header)), { spans: '1:7', ht: 30 }),
  ]
  // Consecutive scored rows share one formula (si), as Excel writes a formula filled down a column.
  let si = -1
  const masters = new Map<number, string>()
  for (let i = 0; i < p.questions.length; i++) {
    const q = p.questions[i]!
    if (!q.scored || (i > 0 && p.questions[i - 1]!.scored && p.questions[i - 1]!.row === q.row - 1)) continue
    let j = i
    while (j + 1 < p.questions.length && p.questions[j + 1]!.scored && p.questions[j + 1]!.row === p.questions[j]!.row + 1) j++
    if (j > i) masters.set(q.row, `G${q.row}:G${p.questions[j]!.row}`)
  }
  const sectionAt = new Map(p.sections.map((s) => [s.row, s.section]))
  const questionAt = new Map(p.questions.map((q) => [q.row, q]))
  for (let r = HECVAT_HEADER_ROW + 1; r <= p.lastRow; r++) {
    const section = sectionAt.get(r)
    if (section) {
      rows.push(row(r, [cell.shared(sst, `A${r}`, `${section.title} (${section.code})`, S.section), ...['B', 'C', 'D', 'E'].map((c) => cell.empty(`${c}${r}`, S.section))], { spans: '1:5', ht: 18.75 }))
      continue
    }
    const q = questionAt.get(r)!
    const cells = [cell.shared(sst, `A${r}`, q.id, S.id), cell.shared(sst, `B${r}`, q.q.text, S.question)]
    if (q.q.shape !== 'short') {
      cells.push(renderState(sst, q.layout.cells.answer!, q.q.open ? S.answerText : S.answer), renderState(sst, q.layout.cells.comment!, S.answerText))
      cells.push(cell.shared(sst, `E${r}`, (q.q.open ? OPEN_GUIDANCE : '') + q.section.guidance, S.note))
      if (q.scored) {
        cells.push(cell.shared(sst, `F${r}`, q.q.preferred ?? 'Yes'))
        const master = masters.get(r)
        if (master) si++
        const formula = `IF(C${r}=F${r},1,0)`
        const inRun = !master && questionAt.get(r - 1)?.scored === true
        cells.push(cell.formula(`G${r}`, formula, score(q), S.integer, master ? { si, ref: master } : inRun ? { si } : undefined))
      }
    }
    rows.push(row(r, cells, { spans: q.q.shape === 'short' ? '1:2' : q.scored ? '1:7' : '1:5' }))
  }

  const questionRows = p.questions.map((q) => q.row)
  const scoredRows = p.questions.filter((q) => q.scored).map((q) => q.row)
  const first = HECVAT_HEADER_ROW + 2
  return worksheet('{C41E8B20-6F3D-4A97-B5E1-8D2C0F7A3B95}', [
    '<sheetPr><tabColor rgb="FF00205B"/><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:G${p.lastRow}"/>`,
    frozenView(0, HECVAT_HEADER_ROW, true),
    SHEET_FORMAT,
    cols([[1, 1, 11.7109375], [2, 2, 70.7109375], [3, 3, 18.7109375], [4, 4, 50.7109375], [5, 5, 60.7109375], [6, 7, 10.7109375, true]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0"/>',
    `<autoFilter ref="A${HECVAT_HEADER_ROW}:E${p.lastRow}"/>`,
    mergeCells(merges(p)),
    `<conditionalFormatting sqref="${columnSqref('C', questionRows)}"><cfRule type="containsBlanks" dxfId="${DXF.neutral}" priority="2"><formula>LEN(TRIM(C${first}))=0</formula></cfRule></conditionalFormatting>`,
    '<dataValidations count="2">' +
      `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Vendor Answer" error="Choose Yes, No or N/A." sqref="${columnSqref('C', scoredRows)}"><formula1>AnswerList</formula1></dataValidation>` +
      `<dataValidation type="textLength" operator="lessThanOrEqual" allowBlank="1" showErrorMessage="1" error="Keep additional information under 2,000 characters." sqref="${columnSqref('D', questionRows)}"><formula1>2000</formula1></dataValidation>` +
      '</dataValidations>',
    PAGE_MARGINS,
    '<pageSetup orientation="landscape" fitToHeight="0"/>',
    '<extLst>' +
      `<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${NS.x14}"><x14:conditionalFormattings>` +
      `<x14:conditionalFormatting xmlns:xm="${NS.xm}"><x14:cfRule type="expression" priority="1" id="{7D0E4B19-2A6C-4F83-9E57-B3C1A8D26F40}"><xm:f>$C${first}=Lists!$A$2</xm:f><x14:dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></x14:dxf></x14:cfRule><xm:sqref>${columnSqref('C', questionRows)}</xm:sqref></x14:conditionalFormatting>` +
      `<x14:conditionalFormatting xmlns:xm="${NS.xm}"><x14:cfRule type="iconSet" priority="3" id="{E2B85F47-0C19-4D6A-8A3E-51F9C7B0D284}"><x14:iconSet iconSet="3Stars" showValue="0"><x14:cfvo type="percent"><xm:f>0</xm:f></x14:cfvo><x14:cfvo type="num"><xm:f>0.5</xm:f></x14:cfvo><x14:cfvo type="num"><xm:f>1</xm:f></x14:cfvo></x14:iconSet></x14:cfRule><xm:sqref>${columnSqref('G', scoredRows)}</xm:sqref></x14:conditionalFormatting>` +
      '</x14:conditionalFormattings></ext>' +
      '</extLst>',
  ])
}

interface Totals {
  byChoice: number[]
  answered: number
  sections: Array<{ name: string; range: string; score: number; outOf: number }>
}

function totals(p: Placement): Totals {
  const answers = p.questions.map((q) => q.layout.cells.answer!.value).filter((v): v is string => v !== null)
  return {
    byChoice: HECVAT_CHOICES.map((c) => answers.filter((a) => a === c).length),
    answered: answers.length,
    sections: p.sections.map((s) => {
      const scored = p.questions.filter((q) => q.section === s.section && q.scored)
      return { name: s.section.title, range: `${HECVAT_SHEET}!G${s.first}:G${s.last}`, score: scored.reduce((n, q) => n + score(q), 0), outOf: scored.length }
    }),
  }
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)

function summarySheet(sst: SharedStrings, t: Totals): { xml: string; cells: string[] } {
  const all = t.byChoice.reduce((a, b) => a + b, 0)
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Assessment summary', S.title)], { spans: '1:4', ht: 21 }),
    row(2, ['Answer', 'Count', 'Share'].map((h, i) => cell.shared(sst, `${'ABC'[i]}2`, h, S.header)), { spans: '1:3' }),
    ...HECVAT_CHOICES.map((choice, i) => {
      const r = 3 + i
      const master = i === 0
      return row(r, [
        cell.shared(sst, `A${r}`, choice, S.label),
        cell.formula(`B${r}`, `COUNTIF(${ANSWERS},A${r})`, t.byChoice[i]!, S.integer, master ? { si: 0, ref: 'B3:B5' } : { si: 0 }),
        cell.formula(`C${r}`, `IF(SUM($B$3:$B$5)=0,0,B${r}/SUM($B$3:$B$5))`, ratio(t.byChoice[i]!, all), S.percent, master ? { si: 1, ref: 'C3:C5' } : { si: 1 }),
      ], { spans: '1:3' })
    }),
    row(6, [cell.shared(sst, 'A6', 'Answered', S.label), cell.formula('B6', `COUNTA(${ANSWERS})`, t.answered, S.integer)], { spans: '1:3' }),
    row(8, ['Section', 'Score', 'Out of', 'Percent'].map((h, i) => cell.shared(sst, `${'ABCD'[i]}8`, h, S.header)), { spans: '1:4' }),
  ]
  const first = 9
  const last = first + t.sections.length - 1
  t.sections.forEach((s, i) => {
    const r = first + i
    rows.push(
      row(r, [
        cell.shared(sst, `A${r}`, s.name),
        cell.formula(`B${r}`, `SUM(${s.range})`, s.score, S.integer),
        cell.formula(`C${r}`, `COUNT(${s.range})`, s.outOf, S.integer),
        cell.formula(`D${r}`, `IF(C${r}=0,0,B${r}/C${r})`, ratio(s.score, s.outOf), S.percent, i === 0 ? { si: 2, ref: `D${first}:D${last + 1}` } : { si: 2 }),
      ], { spans: '1:4' }),
    )
  })
  const total = last + 1
  const sum = t.sections.reduce((n, s) => n + s.score, 0)
  const outOf = t.sections.reduce((n, s) => n + s.outOf, 0)
  rows.push(
    row(total, [
      cell.shared(sst, `A${total}`, 'Total', S.label),
      // One formula filled right across B and C: a shared formula along a row.
      cell.formula(`B${total}`, `SUM(B${first}:B${last})`, sum, S.integer, { si: 3, ref: `B${total}:C${total}` }),
      cell.formula(`C${total}`, `SUM(C${first}:C${last})`, outOf, S.integer, { si: 3 }),
      cell.formula(`D${total}`, `IF(C${total}=0,0,B${total}/C${total})`, ratio(sum, outOf), S.percent, { si: 2 }),
    ], { spans: '1:4' }),
  )
  const bars = `D${first}:D${last}`
  const barId = '{A5C3F2E1-8B47-4D09-9F6A-2E1B7C4D8F35}'
  const xml = worksheet('{58F1A9D6-3E2C-4B70-8D14-C9A7E5F0B263}', [
    `<dimension ref="A1:D${total}"/>`,
    plainView(false),
    SHEET_FORMAT,
    cols([[1, 1, 30.7109375], [2, 4, 12.7109375]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    mergeCells(['A1:D1']),
    `<conditionalFormatting sqref="${bars}"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" xmlns:x14="${NS.x14}"><x14:id>${barId}</x14:id></ext></extLst></cfRule></conditionalFormatting>`,
    PAGE_MARGINS,
    '<pageSetup orientation="portrait"/>',
    `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${NS.x14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="${NS.xm}">` +
      `<x14:cfRule type="dataBar" id="${barId}"><x14:dataBar minLength="0" maxLength="100" border="1" negativeBarBorderColorSameAsPositive="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:borderColor rgb="FF638EC6"/><x14:negativeFillColor rgb="FFFF0000"/><x14:negativeBorderColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>` +
      `<xm:sqref>${bars}</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>`,
  ])
  const cells = ['B3', 'C3', 'B4', 'C4', 'B5', 'C5', 'B6']
  for (let r = first; r <= total; r++) cells.push(`B${r}`, `C${r}`, `D${r}`)
  return { xml, cells }
}

function startSheet(sst: SharedStrings, t: Totals, vendor: string | null, questionCount: number): string {
  const sum = t.sections.reduce((n, s) => n + s.score, 0)
  const outOf = t.sections.reduce((n, s) => n + s.outOf, 0)
  const status = t.answered === 0 ? 'Not started' : t.answered < questionCount ? 'In progress' : 'Complete'
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Vendor Security Assessment', S.title)], { spans: '1:6', ht: 21 }),
    row(3, [cell.rich(sst, 'A3', [{ text: 'Read first: ', bold: true }, { text: `answer every question on the ${HECVAT_SHEET} sheet. Scores on the Summary sheet update as you answer.` }], S.note)], { spans: '1:6', ht: 30 }),
    row(4, [cell.shared(sst, 'A4', 'Choose Yes, No or N/A from each drop-down; questions that ask for a value take free text.', S.note)], { spans: '1:6' }),
    row(5, [cell.inline('A5', "Return the completed workbook to the institution's security office.", S.note)], { spans: '1:6' }),
    row(7, [cell.shared(sst, 'A7', 'Vendor name', S.label), vendor === null ? cell.empty('B7', S.answerText) : cell.shared(sst, 'B7', vendor, S.answerText)], { spans: '1:2' }),
    row(9, [cell.shared(sst, 'A9', 'Questions answered', S.label), cell.formula('B9', `COUNTA(${HECVAT_SHEET}!C5:C60)`, t.answered, S.integer)], { spans: '1:2' }),
    row(10, [cell.shared(sst, 'A10', 'Overall score', S.label), cell.formula('B10', `Summary!D${9 + t.sections.length}`, ratio(sum, outOf), S.percent)], { spans: '1:2' }),
    row(11, [cell.shared(sst, 'A11', 'Status', S.label), cell.formula('B11', `IF(B9=0,"Not started",IF(B9<${questionCount},"In progress","Complete"))`, status)], { spans: '1:2' }),
  ]
  return worksheet('{1D6B3F08-A2E4-4C59-87B0-6E9F2C1A5D73}', [
    '<dimension ref="A1:F11"/>',
    plainView(false),
    SHEET_FORMAT,
    cols([[1, 1, 24.7109375], [2, 2, 30.7109375], [3, 6, 16.7109375]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    mergeCells(['A1:F1', 'A3:F3', 'A4:F4', 'A5:F5']),
    PAGE_MARGINS,
  ])
}

function listsSheet(sst: SharedStrings): string {
  const rows = HECVAT_CHOICES.map((v, i) => row(i + 1, [cell.shared(sst, `A${i + 1}`, v)], { spans: '1:1' }))
  return worksheet('{4E0A7C35-B91F-4D26-A3C8-F75D1E9B0264}', ['<dimension ref="A1:A3"/>', plainView(false), SHEET_FORMAT, `<sheetData>${rows.join('')}</sheetData>`, PAGE_MARGINS])
}

function calcSheet(sst: SharedStrings, scored: number): string {
  const rows = [
    row(1, [cell.shared(sst, 'A1', 'Template version'), cell.shared(sst, 'B1', '3.06')], { spans: '1:2' }),
    row(2, [cell.shared(sst, 'A2', 'Answer choices'), cell.formula('B2', 'ROWS(AnswerList)', HECVAT_CHOICES.length)], { spans: '1:2' }),
    row(3, [cell.shared(sst, 'A3', 'Scored questions'), cell.formula('B3', `COUNT(${HECVAT_SHEET}!G5:G60)`, scored)], { spans: '1:2' }),
  ]
  return worksheet('{F3C9B0A2-5E18-4D7B-9A64-0C2E8D1F7B59}', ['<dimension ref="A1:B3"/>', plainView(false), SHEET_FORMAT, `<sheetData>${rows.join('')}</sheetData>`, PAGE_MARGINS])
}

/**
 * A HECVAT 3.x-style workbook: START HERE, HECVAT (40 questions in 7 sections under a header on row 4), Summary
 * (scores by formula over the answers), hidden Lists and very hidden Calc. With `prefilled`, 24 answers and a
 * vendor name are filled in; see `hecvatLayout`.
 */
export function hecvatWorkbook(opts: { prefilled?: boolean } = {}): Buffer {
  const prefilled = opts.prefilled ?? false
  const p = place(prefilled)
  const t = totals(p)
  const sst = new SharedStrings()
  const start = startSheet(sst, t, prefilled ? 'Example Vendor Ltd' : null, p.questions.length)
  const questions = questionSheet(sst, p)
  const summary = summarySheet(sst, t)
  const lists = listsSheet(sst)
  const scored = p.questions.filter((q) => q.scored)
  const calc = calcSheet(sst, scored.length)
  const summaryId = 7
  return buildPackage({
    title: 'Vendor Security Assessment',
    activeTab: 1,
    sheets: [
      { name: 'START HERE', file: 'sheet1.xml', sheetId: 1, rId: 'rId1', xml: start },
      { name: HECVAT_SHEET, file: 'sheet2.xml', sheetId: 2, rId: 'rId2', xml: questions },
      // Added after the others: its part, sheetId and relationship are not in tab order.
      { name: 'Summary', file: 'sheet5.xml', sheetId: summaryId, rId: 'rId9', xml: summary.xml },
      { name: 'Lists', file: 'sheet3.xml', sheetId: 3, rId: 'rId3', xml: lists, state: 'hidden' },
      { name: 'Calc', file: 'sheet4.xml', sheetId: 4, rId: 'rId4', xml: calc, state: 'veryHidden' },
    ],
    definedNames: [
      `<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">${HECVAT_SHEET}!$A$${HECVAT_HEADER_ROW}:$E$${p.lastRow}</definedName>`,
      `<definedName name="_xlnm.Print_Area" localSheetId="2">Summary!$A$1:$D$${9 + p.sections.length}</definedName>`,
      `<definedName name="_xlnm.Print_Titles" localSheetId="1">${HECVAT_SHEET}!$${HECVAT_HEADER_ROW}:$${HECVAT_HEADER_ROW}</definedName>`,
      '<definedName name="AnswerList">Lists!$A$1:$A$3</definedName>',
      `<definedName name="SectionScores" localSheetId="2">Summary!$D$9:$D$${9 + p.sections.length - 1}</definedName>`,
      "<definedName name=\"VendorName\">'START HERE'!$B$7</definedName>",
    ],
    sst,
    rIds: { theme: 'rId5', styles: 'rId6', sharedStrings: 'rId7', calcChain: 'rId8' },
    calcChain: [
      ...scored.map((q): [number, string] => [2, `G${q.row}`]),
      ...summary.cells.map((c): [number, string] => [summaryId, c]),
      [1, 'B9'],
      [1, 'B10'],
      [1, 'B11'],
      [4, 'B2'],
      [4, 'B3'],
    ],
  })
}

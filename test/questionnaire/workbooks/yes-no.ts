// A home-made questionnaire: one column each for Yes, No and N/A where the vendor puts an "X", then a
// Comments column, on two question sheets after an instruction sheet. Written as another tool might: the
// workbook's relationship targets are absolute part names, there is no calcChain, IDs are numbers on one
// sheet and text on the other, and on the Application sheet answer cells exist only once typed in.
import { cellState, renderState, type CellState, type Prior, type QuestionLayout, type SheetLayout } from './layout.js'
import { buildPackage, cell, cols, columnSqref, frozenView, mergeCells, PAGE_MARGINS, plainView, row, S, SharedStrings, SHEET_FORMAT, worksheet } from './ooxml.js'

export const YES_NO_SHEETS = ['Instructions', 'Infrastructure', 'Application'] as const
export const YES_NO_HEADER_ROW = 2
export const YES_NO_COLUMNS = { A: '#', B: 'Question', C: 'Yes', D: 'No', E: 'N/A', F: 'Comments' } as const

type Mark = 'yes' | 'no' | 'na'
const MARK_COL: Record<Mark, string> = { yes: 'C', no: 'D', na: 'E' }

interface Q {
  /** A number on Infrastructure (a numeric cell), text on Application. */
  id: number | string
  text: string
  mark?: { col: Mark; as: Prior[1]; text?: string }
  comment?: Prior
}
interface QuestionSheet {
  name: (typeof YES_NO_SHEETS)[1 | 2]
  title: string
  /** Every answer cell exists, styled and empty, before anything is typed. */
  styledAnswerCells: boolean
  questions: Q[]
}

// `trustpack answer` contradicts Infrastructure 5 on the sample results (backups are geo-redundant) and 8
// when storage-min-tls fails.
const SHEETS: QuestionSheet[] = [
  {
    name: 'Infrastructure',
    title: 'Infrastructure security',
    styledAnswerCells: true,
    questions: [
      { id: 1, text: 'Are all servers patched within 30 days of a security update?', mark: { col: 'yes', as: 'shared' } },
      { id: 2, text: 'Is remote administrative access restricted to a VPN or bastion host?' },
      { id: 3, text: 'Are firewall rules reviewed at least twice a year?', mark: { col: 'no', as: 'shared' }, comment: ['Reviewed once a year.', 'shared'] },
      { id: 4, text: 'Is production data stored in encrypted databases?' },
      { id: 5, text: 'Are backups copied to a second region?', mark: { col: 'no', as: 'shared' } },
      { id: 6, text: 'Is storage account access limited to private networks?' },
      { id: 7, text: 'Are logs kept for at least 12 months?' },
      { id: 8, text: 'Are TLS versions older than 1.2 disabled on every endpoint?', mark: { col: 'yes', as: 'inline' } },
    ],
  },
  {
    name: 'Application',
    title: 'Application security',
    styledAnswerCells: false,
    questions: [
      { id: '2.1', text: 'Do you perform code review for every change?' },
      { id: '2.2', text: 'Is single sign-on supported?', mark: { col: 'yes', as: 'shared' } },
      { id: '2.3', text: 'Are passwords stored with a salted, slow hash?' },
      // A lower-case mark, typed by hand.
      { id: '2.4', text: 'Is the application tested by an external penetration tester every year?', mark: { col: 'na', as: 'inline', text: 'x' }, comment: ['Not scheduled yet.', 'inline'] },
      { id: '2.5', text: 'Are session tokens invalidated at sign-out?' },
      { id: '2.6', text: 'Do you keep an inventory of third-party libraries?' },
      { id: '2.7', text: 'Is customer data isolated per tenant?' },
    ],
  },
]

const FIRST_ROW = YES_NO_HEADER_ROW + 1

function layoutOf(sheet: QuestionSheet, prefilled: boolean): SheetLayout {
  const questions = sheet.questions.map((q, i): QuestionLayout => {
    const r = FIRST_ROW + i
    const mark = prefilled ? q.mark : undefined
    const comment = prefilled ? q.comment : undefined
    const markCell = (m: Mark): CellState => {
      const prior: Prior | undefined = mark?.col === m ? [mark.text ?? 'X', mark.as] : undefined
      return cellState(`${MARK_COL[m]}${r}`, sheet.styledAnswerCells || prior !== undefined, prior)
    }
    const cells = { yes: markCell('yes'), no: markCell('no'), na: markCell('na'), comment: cellState(`F${r}`, sheet.styledAnswerCells || comment !== undefined, comment) }
    return { id: String(q.id), row: r, text: q.text, section: sheet.title, open: false, cells }
  })
  return { sheet: sheet.name, headerRow: YES_NO_HEADER_ROW, columns: { ...YES_NO_COLUMNS }, questions, sectionRows: [], merges: ['A1:F1'] }
}

/** Where the questions and mark cells are in `yesNoColumnsWorkbook(opts)`: one layout per question sheet. */
export function yesNoColumnsLayout(opts: { prefilled?: boolean } = {}): SheetLayout[] {
  return SHEETS.map((s) => layoutOf(s, opts.prefilled ?? false))
}

function questionSheet(sst: SharedStrings, sheet: QuestionSheet, layout: SheetLayout, selected: boolean): string {
  const rows = [
    row(1, [cell.shared(sst, 'A1', sheet.title, S.title)], { ht: 21 }),
    row(YES_NO_HEADER_ROW, Object.entries(YES_NO_COLUMNS).map(([c, t]) => cell.shared(sst, `${c}${YES_NO_HEADER_ROW}`, t, S.header))),
  ]
  layout.questions.forEach((q, i) => {
    const id = sheet.questions[i]!.id
    const cells = [typeof id === 'number' ? cell.number(`A${q.row}`, id, S.id) : cell.shared(sst, `A${q.row}`, id, S.id), cell.shared(sst, `B${q.row}`, q.text, S.question)]
    for (const role of ['yes', 'no', 'na'] as const) cells.push(renderState(sst, q.cells[role]!, S.answer))
    cells.push(renderState(sst, q.cells.comment!, S.answerText))
    rows.push(row(q.row, cells))
  })
  const last = FIRST_ROW + layout.questions.length - 1
  const rowsOf = layout.questions.map((q) => q.row)
  return worksheet(sheet.name === 'Infrastructure' ? '{2B7D4E91-C063-4A1F-8E25-9D0B3F6A7C18}' : '{8E3F1C52-7A09-4B6D-A1E4-5C2D9B0F3E67}', [
    `<dimension ref="A1:F${last}"/>`,
    frozenView(0, YES_NO_HEADER_ROW, selected),
    SHEET_FORMAT,
    cols([[1, 1, 6.7109375], [2, 2, 64.7109375], [3, 5, 7.7109375], [6, 6, 40.7109375]]),
    `<sheetData>${rows.join('')}</sheetData>`,
    mergeCells(['A1:F1']),
    `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${['C', 'D', 'E'].map((c) => columnSqref(c, rowsOf)).join(' ')}"><formula1>"X"</formula1></dataValidation></dataValidations>`,
    PAGE_MARGINS,
  ])
}

function instructionsSheet(sst: SharedStrings): string {
  const lines = [
    'Put an X in exactly one of the Yes, No and N/A columns for each question.',
    'Use the Comments column to explain any No or N/A answer.',
    'There are two question sheets: Infrastructure and Application.',
  ]
  const rows = [row(1, [cell.shared(sst, 'A1', 'Supplier security questionnaire', S.title)], { ht: 21 }), ...lines.map((l, i) => row(3 + i, [i === 2 ? cell.inline(`A${3 + i}`, l) : cell.shared(sst, `A${3 + i}`, l)]))]
  return worksheet('{5A0C8F3D-1E62-4B97-B4D0-7F3E2A9C1B86}', ['<dimension ref="A1:A5"/>', plainView(false), SHEET_FORMAT, cols([[1, 1, 90.7109375]]), `<sheetData>${rows.join('')}</sheetData>`, PAGE_MARGINS])
}

/**
 * A home-made Yes / No / N/A-columns questionnaire: Instructions, Infrastructure (8 questions, numeric IDs,
 * styled empty mark cells) and Application (7 questions, mark cells absent until typed), header on row 2.
 * With `prefilled`, six questions carry a mark and two a comment; see `yesNoColumnsLayout`.
 */
export function yesNoColumnsWorkbook(opts: { prefilled?: boolean } = {}): Buffer {
  const layouts = yesNoColumnsLayout(opts)
  const sst = new SharedStrings()
  const instructions = instructionsSheet(sst)
  const [infra, app] = SHEETS.map((s, i) => questionSheet(sst, s, layouts[i]!, i === 0))
  return buildPackage({
    title: 'Supplier security questionnaire',
    activeTab: 1,
    absoluteTargets: true,
    sheets: [
      { name: 'Instructions', file: 'sheet1.xml', sheetId: 1, rId: 'rId1', xml: instructions },
      { name: 'Infrastructure', file: 'sheet2.xml', sheetId: 2, rId: 'rId2', xml: infra! },
      { name: 'Application', file: 'sheet3.xml', sheetId: 3, rId: 'rId3', xml: app! },
    ],
    definedNames: [`<definedName name="_xlnm.Print_Titles" localSheetId="1">Infrastructure!$${YES_NO_HEADER_ROW}:$${YES_NO_HEADER_ROW}</definedName>`, `<definedName name="_xlnm.Print_Titles" localSheetId="2">Application!$${YES_NO_HEADER_ROW}:$${YES_NO_HEADER_ROW}</definedName>`],
    sst,
    rIds: { theme: 'rId4', styles: 'rId5', sharedStrings: 'rId6' },
  })
}

// SpreadsheetML written by hand for the test workbooks: cells, rows and the worksheet root, the shared
// string table, the styles every workbook shares, a short theme, and the package around the sheets
// (content types, relationships, workbook.xml, calcChain, docProps) in the part order Excel writes.
// Parts are strings exactly as they go into the zip, so a test knows every byte a writer must keep.
import { crc32, deflateSync } from 'node:zlib'
import { writeZip, type ZipInput } from './zip.js'

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  x14ac: 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac',
  x14: 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main',
  xm: 'http://schemas.microsoft.com/office/excel/2006/main',
  xr: 'http://schemas.microsoft.com/office/spreadsheetml/2014/revision',
  pkg: 'http://schemas.openxmlformats.org/package/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
} as const

/** Excel's XML declaration, with the CRLF it writes after it. */
export const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

/** Text escaped for element content (quotes stay literal, as Excel writes formulas). */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Text escaped for an attribute value in double quotes. */
export function escAttr(text: string): string {
  return esc(text).replace(/"/g, '&quot;')
}

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
export function colName(n: number): string {
  let s = ''
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

/** The cell styles (cellXfs indices) of styles.xml. */
export const S = {
  normal: 0,
  title: 1,
  note: 2,
  header: 3,
  section: 4,
  id: 5,
  question: 6,
  /** A choice answer cell: yellow, bordered, unlocked. */
  answer: 7,
  /** A free-text answer cell: yellow, wrapped, unlocked. */
  answerText: 8,
  reference: 9,
  integer: 10,
  percent: 11,
  label: 12,
} as const

/** The differential formats (dxfs) conditional formatting uses. */
export const DXF = { good: 0, bad: 1, neutral: 2 } as const

// --------------------------------------------------------------------------------------------- cells

/** The shared string table, filled as the sheets are written; `count` is every reference, as Excel keeps it. */
export class SharedStrings {
  private readonly index = new Map<string, number>()
  private readonly items: string[] = []
  private refs = 0

  /** The index of a plain string, added on first use. */
  ref(text: string): number {
    return this.item(`<t${/^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : ''}>${esc(text)}</t>`)
  }

  /** The index of a rich-text string (runs, bold where asked). */
  rich(runs: Array<{ text: string; bold?: boolean }>): number {
    const body = runs
      .map((r) => `<r>${r.bold ? '<rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>' : '<rPr><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>'}<t xml:space="preserve">${esc(r.text)}</t></r>`)
      .join('')
    return this.item(body)
  }

  private item(body: string): number {
    this.refs++
    let i = this.index.get(body)
    if (i === undefined) {
      i = this.items.length
      this.items.push(body)
      this.index.set(body, i)
    }
    return i
  }

  xml(): string {
    return `${DECL}<sst xmlns="${NS.main}" count="${this.refs}" uniqueCount="${this.items.length}">${this.items.map((b) => `<si>${b}</si>`).join('')}</sst>`
  }
}

const style = (s: number | undefined): string => (s === undefined ? '' : ` s="${s}"`)

/** `<c>` elements as Excel writes them (attributes r, s, t in that order). */
export const cell = {
  shared: (sst: SharedStrings, ref: string, text: string, s?: number): string => `<c r="${ref}"${style(s)} t="s"><v>${sst.ref(text)}</v></c>`,
  rich: (sst: SharedStrings, ref: string, runs: Array<{ text: string; bold?: boolean }>, s?: number): string => `<c r="${ref}"${style(s)} t="s"><v>${sst.rich(runs)}</v></c>`,
  inline: (ref: string, text: string, s?: number): string => `<c r="${ref}"${style(s)} t="inlineStr"><is><t>${esc(text)}</t></is></c>`,
  number: (ref: string, n: number, s?: number): string => `<c r="${ref}"${style(s)}><v>${n}</v></c>`,
  /** A cell that exists only for its style: no value. */
  empty: (ref: string, s: number): string => `<c r="${ref}" s="${s}"/>`,
  /**
   * A formula with its cached value (a string result is t="str"). `shared` makes it the master of a shared
   * formula (with `ref`) or a cell that uses one (`si` only, no text).
   */
  formula: (ref: string, f: string, cached: number | string, s?: number, shared?: { si: number; ref?: string }): string => {
    const t = typeof cached === 'string' ? ' t="str"' : ''
    const fx = !shared ? `<f>${esc(f)}</f>` : shared.ref ? `<f t="shared" ref="${shared.ref}" si="${shared.si}">${esc(f)}</f>` : `<f t="shared" si="${shared.si}"/>`
    return `<c r="${ref}"${style(s)}${t}>${fx}<v>${typeof cached === 'string' ? esc(cached) : cached}</v></c>`
  },
}

export interface RowOptions {
  spans?: string
  /** Height in points (customHeight). */
  ht?: number
  hidden?: boolean
}

/** A `<row>` as Excel writes it (r, spans, ht, hidden, customHeight, x14ac:dyDescent). */
export function row(r: number, cells: string[], o: RowOptions = {}): string {
  const attrs = [`r="${r}"`]
  if (o.spans) attrs.push(`spans="${o.spans}"`)
  if (o.ht !== undefined) attrs.push(`ht="${o.ht}"`)
  if (o.hidden) attrs.push('hidden="1"')
  if (o.ht !== undefined) attrs.push('customHeight="1"')
  attrs.push('x14ac:dyDescent="0.25"')
  return `<row ${attrs.join(' ')}>${cells.join('')}</row>`
}

/**
 * A worksheet part around its children, which must come in CT_Worksheet order: sheetPr, dimension, sheetViews,
 * sheetFormatPr, cols, sheetData, sheetProtection, autoFilter, mergeCells, conditionalFormatting,
 * dataValidations, printOptions, pageMargins, pageSetup, headerFooter, drawing, legacyDrawing, extLst.
 */
export function worksheet(uid: string, children: string[]): string {
  return `${DECL}<worksheet xmlns="${NS.main}" xmlns:r="${NS.r}" xmlns:mc="${NS.mc}" mc:Ignorable="x14ac xr" xmlns:x14ac="${NS.x14ac}" xmlns:xr="${NS.xr}" xr:uid="${uid}">${children.join('')}</worksheet>`
}

export function cols(widths: Array<[min: number, max: number, width: number, hidden?: boolean]>): string {
  return `<cols>${widths.map(([min, max, w, hidden]) => `<col min="${min}" max="${max}" width="${w}"${hidden ? ' hidden="1"' : ''} customWidth="1"/>`).join('')}</cols>`
}

export function mergeCells(ranges: string[]): string {
  return `<mergeCells count="${ranges.length}">${ranges.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>`
}

/** A frozen pane below `ySplit` rows and right of `xSplit` columns. */
export function frozenView(xSplit: number, ySplit: number, selected: boolean): string {
  const topLeft = `${colName(xSplit + 1)}${ySplit + 1}`
  const pane = xSplit > 0 ? `<pane xSplit="${xSplit}" ySplit="${ySplit}" topLeftCell="${topLeft}" activePane="bottomRight" state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/><selection pane="bottomRight" activeCell="${topLeft}" sqref="${topLeft}"/>` : `<pane ySplit="${ySplit}" topLeftCell="${topLeft}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${topLeft}" sqref="${topLeft}"/>`
  return `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} zoomScale="90" zoomScaleNormal="90" workbookViewId="0">${pane}</sheetView></sheetViews>`
}

export function plainView(selected: boolean): string {
  return `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"/></sheetViews>`
}

export const SHEET_FORMAT = '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
export const PAGE_MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'

/** Rows grouped into runs of consecutive numbers, as an sqref over one column: C4:C6 C9 C11:C12. */
export function columnSqref(col: string, rows: number[]): string {
  const sorted = [...rows].sort((a, b) => a - b)
  const runs: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    runs.push(i === j ? `${col}${sorted[i]}` : `${col}${sorted[i]}:${col}${sorted[j]}`)
    i = j + 1
  }
  return runs.join(' ')
}

// --------------------------------------------------------------------------------------------- styles, theme

function xf(numFmt: number, font: number, fill: number, border: number, inner = '', extra = ''): string {
  const apply = [numFmt ? ' applyNumberFormat="1"' : '', font ? ' applyFont="1"' : '', fill ? ' applyFill="1"' : '', border ? ' applyBorder="1"' : '', inner.includes('<alignment') ? ' applyAlignment="1"' : '', inner.includes('<protection') ? ' applyProtection="1"' : ''].join('')
  return `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${apply}${extra}${inner ? `>${inner}</xf>` : '/>'}`
}

const font = (inner: string, scheme = 'minor'): string => `<font>${inner}<name val="${scheme === 'major' ? 'Calibri Light' : 'Calibri'}"/><family val="2"/><scheme val="${scheme}"/></font>`
const solid = (fg: string): string => `<fill><patternFill patternType="solid"><fgColor ${fg}/><bgColor indexed="64"/></patternFill></fill>`
const side = (name: string): string => `<${name} style="thin"><color indexed="64"/></${name}>`

/** styles.xml: the cellXfs in `S` and the dxfs in `DXF`. */
export function stylesXml(): string {
  const fonts = [
    font('<sz val="11"/><color theme="1"/>'),
    font('<b/><sz val="11"/><color theme="1"/>'),
    font('<b/><sz val="16"/><color theme="3"/>', 'major'),
    font('<i/><sz val="10"/><color rgb="FF595959"/>'),
    font('<b/><sz val="11"/><color theme="0"/>'),
  ]
  const fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>', solid('theme="4"'), solid('theme="0" tint="-0.14999847407452621"'), solid('rgb="FFFFF2CC"')]
  const borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>', `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`]
  const xfs: Record<keyof typeof S, string> = {
    normal: xf(0, 0, 0, 0),
    title: xf(0, 2, 0, 0),
    note: xf(0, 3, 0, 0, '<alignment vertical="top" wrapText="1"/>'),
    header: xf(0, 4, 2, 1, '<alignment horizontal="center" vertical="center" wrapText="1"/>'),
    section: xf(0, 1, 3, 1, '<alignment vertical="center"/>'),
    id: xf(0, 0, 0, 1, '<alignment vertical="top"/>'),
    question: xf(0, 0, 0, 1, '<alignment vertical="top" wrapText="1"/>'),
    answer: xf(0, 0, 4, 1, '<alignment horizontal="center" vertical="top"/><protection locked="0"/>'),
    answerText: xf(0, 0, 4, 1, '<alignment vertical="top" wrapText="1"/><protection locked="0"/>'),
    reference: xf(0, 0, 0, 1, '<alignment vertical="center" wrapText="1"/>'),
    integer: xf(1, 0, 0, 0),
    percent: xf(164, 0, 0, 0),
    label: xf(0, 1, 0, 0),
  }
  const order = Object.entries(S).sort((a, b) => a[1] - b[1]).map(([k]) => xfs[k as keyof typeof S])
  const dxf = (fg: string, bg: string): string => `<dxf><font><color rgb="${fg}"/></font><fill><patternFill><bgColor rgb="${bg}"/></patternFill></fill></dxf>`
  return (
    `${DECL}<styleSheet xmlns="${NS.main}" xmlns:mc="${NS.mc}" mc:Ignorable="x14ac" xmlns:x14ac="${NS.x14ac}">` +
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>' +
    `<fonts count="${fonts.length}" x14ac:knownFonts="1">${fonts.join('')}</fonts>` +
    `<fills count="${fills.length}">${fills.join('')}</fills>` +
    `<borders count="${borders.length}">${borders.join('')}</borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${order.length}">${order.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    `<dxfs count="3">${dxf('FF006100', 'FFC6EFCE')}${dxf('FF9C0006', 'FFFFC7CE')}${dxf('FF9C5700', 'FFFFEB9C')}</dxfs>` +
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  )
}

/** A short but complete DrawingML theme (colour, font and format schemes). */
export function themeXml(): string {
  const colours = [['dk2', '44546A'], ['lt2', 'E7E6E6'], ['accent1', '4472C4'], ['accent2', 'ED7D31'], ['accent3', 'A5A5A5'], ['accent4', 'FFC000'], ['accent5', '5B9BD5'], ['accent6', '70AD47'], ['hlink', '0563C1'], ['folHlink', '954F72']]
  const three = (x: string): string => x + x + x
  const ph = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
  return (
    `${DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>` +
    '<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>' +
    colours.map(([n, v]) => `<a:${n}><a:srgbClr val="${v}"/></a:${n}>`).join('') +
    '</a:clrScheme>' +
    '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light" panose="020F0302020204030204"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>' +
    '<a:minorFont><a:latin typeface="Calibri" panose="020F0502020204030204"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>' +
    `<a:fmtScheme name="Office"><a:fillStyleLst>${three(ph)}</a:fillStyleLst>` +
    `<a:lnStyleLst>${three(`<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">${ph}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>`)}</a:lnStyleLst>` +
    `<a:effectStyleLst>${three('<a:effectStyle><a:effectLst/></a:effectStyle>')}</a:effectStyleLst>` +
    `<a:bgFillStyleLst>${three(ph)}</a:bgFillStyleLst></a:fmtScheme>` +
    '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
  )
}

/** A valid RGB PNG of `size`×`size` pixels: a two-colour diagonal, so it is not a blank square. */
export function tinyPng(size = 8): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, deflate, no filter method variant, no interlace
  const scanlines = Buffer.alloc(size * (1 + size * 3))
  for (let y = 0; y < size; y++) {
    const base = y * (1 + size * 3) // filter byte 0 (none), then the pixels
    for (let x = 0; x < size; x++) scanlines.set(x >= y ? [0x1f, 0x4e, 0x79] : [0xff, 0xc0, 0x00], base + 1 + x * 3)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(scanlines)), chunk('IEND', Buffer.alloc(0))])
}

// --------------------------------------------------------------------------------------------- package

export interface Rel {
  id: string
  type: string
  target: string
}

export const REL = {
  officeDocument: `${NS.rel}/officeDocument`,
  core: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  app: `${NS.rel}/extended-properties`,
  worksheet: `${NS.rel}/worksheet`,
  theme: `${NS.rel}/theme`,
  styles: `${NS.rel}/styles`,
  sharedStrings: `${NS.rel}/sharedStrings`,
  calcChain: `${NS.rel}/calcChain`,
  drawing: `${NS.rel}/drawing`,
  image: `${NS.rel}/image`,
  comments: `${NS.rel}/comments`,
  vmlDrawing: `${NS.rel}/vmlDrawing`,
} as const

export function relsXml(rels: Rel[]): string {
  return `${DECL}<Relationships xmlns="${NS.pkg}">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`
}

const CT = 'application/vnd.openxmlformats-officedocument'
export const CONTENT_TYPE = {
  worksheet: `${CT}.spreadsheetml.worksheet+xml`,
  drawing: `${CT}.drawing+xml`,
  comments: `${CT}.spreadsheetml.comments+xml`,
} as const

export interface SheetPart {
  name: string
  /** File name under xl/worksheets/. */
  file: string
  sheetId: number
  rId: string
  xml: string
  state?: 'hidden' | 'veryHidden'
  /** The sheet's own relationships (drawing, comments, VML), written to xl/worksheets/_rels/. */
  rels?: Rel[]
}

export interface ExtraPart {
  path: string
  data: string | Buffer
  /** An Override in [Content_Types].xml; parts covered by a Default (png, vml, rels) leave it out. */
  contentType?: string
  store?: boolean
}

export interface PackageSpec {
  title: string
  /** Tab order. */
  sheets: SheetPart[]
  activeTab: number
  /** The children of `<definedNames>`, already as XML. */
  definedNames: string[]
  sst: SharedStrings
  /** The other relationships of workbook.xml (theme, styles, shared strings, calcChain ids). */
  rIds: { theme: string; styles: string; sharedStrings: string; calcChain?: string }
  /** calcChain.xml entries: [sheetId, cell] in calculation order. */
  calcChain?: Array<[number, string]>
  /** Parts that go after the shared strings (drawings, media, comments). */
  extra?: ExtraPart[]
  /** Workbook relationship targets as absolute part names (/xl/worksheets/sheet1.xml), as some tools write. */
  absoluteTargets?: boolean
  application?: string
}

function contentTypes(spec: PackageSpec): string {
  const ws = `${CT}.spreadsheetml`
  const overrides: Array<[string, string]> = [['/xl/workbook.xml', `${ws}.sheet.main+xml`]]
  for (const s of spec.sheets) overrides.push([`/xl/worksheets/${s.file}`, CONTENT_TYPE.worksheet])
  overrides.push(['/xl/theme/theme1.xml', `${CT}.theme+xml`], ['/xl/styles.xml', `${ws}.styles+xml`], ['/xl/sharedStrings.xml', `${ws}.sharedStrings+xml`])
  for (const p of spec.extra ?? []) if (p.contentType) overrides.push([`/${p.path}`, p.contentType])
  if (spec.calcChain) overrides.push(['/xl/calcChain.xml', `${ws}.calcChain+xml`])
  overrides.push(['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'], ['/docProps/app.xml', `${CT}.extended-properties+xml`])
  const defaults: Array<[string, string]> = [['png', 'image/png'], ['rels', 'application/vnd.openxmlformats-package.relationships+xml'], ['vml', `${CT}.vmlDrawing`], ['xml', 'application/xml']]
  const used = defaults.filter(([ext]) => ext === 'rels' || ext === 'xml' || (spec.extra ?? []).some((p) => p.path.endsWith(`.${ext}`)))
  return `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${used.map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('')}${overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('')}</Types>`
}

function workbookXml(spec: PackageSpec): string {
  const sheets = spec.sheets.map((s) => `<sheet name="${escAttr(s.name)}" sheetId="${s.sheetId}"${s.state ? ` state="${s.state}"` : ''} r:id="${s.rId}"/>`).join('')
  return (
    `${DECL}<workbook xmlns="${NS.main}" xmlns:r="${NS.r}" xmlns:mc="${NS.mc}" mc:Ignorable="x15 xr" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="${NS.xr}">` +
    '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>' +
    '<workbookPr defaultThemeVersion="166925"/>' +
    `<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" activeTab="${spec.activeTab}"/></bookViews>` +
    `<sheets>${sheets}</sheets>` +
    (spec.definedNames.length ? `<definedNames>${spec.definedNames.join('')}</definedNames>` : '') +
    '<calcPr calcId="191029"/>' +
    '</workbook>'
  )
}

function calcChainXml(chain: Array<[number, string]>): string {
  let last = -1
  const cells = chain.map(([id, ref]) => {
    const i = id === last ? '' : ` i="${id}"`
    last = id
    return `<c r="${ref}"${i}/>`
  })
  return `${DECL}<calcChain xmlns="${NS.main}">${cells.join('')}</calcChain>`
}

function coreXml(title: string): string {
  return (
    `${DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${esc(title)}</dc:title><dc:creator>Buyer Security Office</dc:creator><cp:lastModifiedBy>Vendor Assurance</cp:lastModifiedBy>` +
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-09-02T08:15:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-01T12:00:00Z</dcterms:modified>' +
    '</cp:coreProperties>'
  )
}

function appXml(spec: PackageSpec): string {
  const names = spec.sheets.map((s) => s.name)
  const global = spec.definedNames.filter((d) => !d.includes('localSheetId')).map((d) => /name="([^"]+)"/.exec(d)?.[1] ?? '')
  const pairs = `<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant>` + (global.length ? `<vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>${global.length}</vt:i4></vt:variant>` : '')
  const titles = [...names, ...global]
  return (
    `${DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>${esc(spec.application ?? 'Microsoft Excel')}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="${global.length ? 4 : 2}" baseType="variant">${pairs}</vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${titles.length}" baseType="lpstr">${titles.map((t) => `<vt:lpstr>${esc(t)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion>' +
    '</Properties>'
  )
}

/** The whole .xlsx, parts in the order Excel writes them. */
export function buildPackage(spec: PackageSpec): Buffer {
  const target = (t: string): string => (spec.absoluteTargets ? `/xl/${t}` : t)
  const wbRels: Rel[] = [
    ...spec.sheets.map((s) => ({ id: s.rId, type: REL.worksheet, target: target(`worksheets/${s.file}`) })),
    { id: spec.rIds.theme, type: REL.theme, target: target('theme/theme1.xml') },
    { id: spec.rIds.styles, type: REL.styles, target: target('styles.xml') },
    { id: spec.rIds.sharedStrings, type: REL.sharedStrings, target: target('sharedStrings.xml') },
    ...(spec.calcChain && spec.rIds.calcChain ? [{ id: spec.rIds.calcChain, type: REL.calcChain, target: target('calcChain.xml') }] : []),
  ].sort((a, b) => Number(a.id.slice(3)) - Number(b.id.slice(3)))
  const entries: ZipInput[] = [
    { name: '[Content_Types].xml', data: contentTypes(spec) },
    { name: '_rels/.rels', data: relsXml([{ id: 'rId3', type: REL.app, target: 'docProps/app.xml' }, { id: 'rId2', type: REL.core, target: 'docProps/core.xml' }, { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml' }]) },
    { name: 'xl/workbook.xml', data: workbookXml(spec) },
    { name: 'xl/_rels/workbook.xml.rels', data: relsXml(wbRels) },
    ...[...spec.sheets].sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true })).map((s) => ({ name: `xl/worksheets/${s.file}`, data: s.xml })),
    { name: 'xl/theme/theme1.xml', data: themeXml() },
    { name: 'xl/styles.xml', data: stylesXml() },
    { name: 'xl/sharedStrings.xml', data: spec.sst.xml() },
    ...(spec.extra ?? []).map((p) => ({ name: p.path, data: p.data, store: p.store })),
    ...spec.sheets.filter((s) => s.rels?.length).map((s) => ({ name: `xl/worksheets/_rels/${s.file}.rels`, data: relsXml(s.rels!) })),
    ...(spec.calcChain ? [{ name: 'xl/calcChain.xml', data: calcChainXml(spec.calcChain) }] : []),
    { name: 'docProps/core.xml', data: coreXml(spec.title) },
    { name: 'docProps/app.xml', data: appXml(spec) },
  ]
  return writeZip(entries)
}

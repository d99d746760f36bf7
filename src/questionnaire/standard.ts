// Standard questionnaires: CSA CAIQ v4, EDUCAUSE HECVAT 3.x / 4.x and Google VSAQ. Owns the mappings from
// their question IDs to answer-library entries (controls/questionnaires/*.yaml, one file per standard) and
// recognising which standard questionnaire, and which version, an imported file is. Pure: the mappings are
// data, read once per process; recognising and looking up touch no file.
import { join } from 'node:path'
import { z } from 'zod'
import { loadYaml, type YamlDoc } from '../core/yaml.js'
import { InputError } from '../core/errors.js'
import { projectRoot } from '../core/version.js'
import { didYouMean } from '../catalog/suggest.js'
import { servicesDir } from '../services/plan.js'
import { loadShippedLibrary, type AnswerLibrary } from './library.js'
import type { QuestionnaireFormat } from './types.js'

export type Standard = 'caiq' | 'hecvat' | 'vsaq'

/** What a standard question may be answered from: candidate entries, or a person (`manual`), or neither (not mapped). */
export interface StandardMapping {
  entries: string[]
  manual: boolean
  reason: string
}

export interface Recognised {
  standard: Standard
  /** "4.0.3", "4.0.x", "3.x", "4.x"; null when the file does not say (always for VSAQ, which has no versions). */
  version: string | null
  why: string
}

export interface RecogniseInput {
  format: QuestionnaireFormat
  sheetNames: string[]
  headerCells: string[]
  questionIds: string[]
  title?: string
}

// ------------------------------------------------------------------------------------------- schemas

const entryId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an answer-library entry id: lower-case letters, digits and dashes')

const mappingFields = {
  entries: z.array(entryId).default([]),
  manual: z.boolean().default(false),
  reason: z.string().min(1).optional(),
}

interface MappingShape {
  entries: string[]
  manual: boolean
  reason?: string | undefined
}

/** A mapping is entries, or manual with a reason, or neither (not mapped); never both. */
function checkMapping(m: MappingShape, ctx: z.RefinementCtx): void {
  if (m.manual && m.entries.length > 0) ctx.addIssue({ code: 'custom', path: ['manual'], message: 'manual: true and entries together; a question is answered from entries or by a person, not both' })
  if (m.manual && m.reason === undefined) ctx.addIssue({ code: 'custom', path: ['manual'], message: 'manual: true needs a reason (one line: why no entry can ground it)' })
  m.entries.forEach((e, i) => {
    if (m.entries.indexOf(e) !== i) ctx.addIssue({ code: 'custom', path: ['entries', i], message: `entry "${e}" listed twice` })
  })
}

const CCM_CONTROL = /^[A-Z&]{2,4}-\d{2}$/
const CAIQ_QUESTION = /^([A-Z&]{2,4}-\d{2})\.(\d+)$/

const CaiqQuestionSchema = z.object(mappingFields).strict().superRefine(checkMapping)

const CaiqControlSchema = z
  .object({ topic: z.string().min(1), ...mappingFields, questions: z.record(z.string().regex(CAIQ_QUESTION, 'a CAIQ question ID such as CEK-03.1'), CaiqQuestionSchema).default({}) })
  .strict()
  .superRefine(checkMapping)

export const CaiqMappingSchema = z
  .object({
    version: z.literal(1),
    standard: z.literal('caiq'),
    /** The CAIQ versions the file maps, as "4.0.x". */
    covers: z.string().regex(/^4\.\d+\.(\d+|x)$/, 'a CAIQ v4 version such as 4.0.x'),
    domains: z.record(z.string().regex(/^[A-Z&]{2,4}$/, 'a CCM domain prefix such as CEK'), z.string().min(1)),
    /** CAIQ v3.x domain prefixes: a file using those that v4 dropped is a v3 CAIQ, which this file does not map. */
    v3Domains: z.array(z.string().regex(/^[A-Z&]{2,4}$/)).default([]),
    controls: z.record(z.string().regex(CCM_CONTROL, 'a CCM control ID such as CEK-03'), CaiqControlSchema),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const used = new Set<string>()
    for (const [id, c] of Object.entries(doc.controls)) {
      const domain = id.slice(0, id.lastIndexOf('-'))
      used.add(domain)
      if (!(domain in doc.domains)) ctx.addIssue({ code: 'custom', path: ['controls', id], message: `control ${id}: unknown domain "${domain}"${didYouMean(domain, Object.keys(doc.domains))}` })
      for (const q of Object.keys(c.questions)) {
        if (!q.startsWith(`${id}.`)) ctx.addIssue({ code: 'custom', path: ['controls', id, 'questions', q], message: `question ${q} is not a question of control ${id}` })
      }
    }
    for (const d of Object.keys(doc.domains)) {
      if (!used.has(d)) ctx.addIssue({ code: 'custom', path: ['domains', d], message: `domain ${d} has no controls` })
    }
  })

export type CaiqMapping = z.infer<typeof CaiqMappingSchema>

const hecvatVersion = z.enum(['3.x', '4.x'])
const HECVAT_PREFIX = /^[A-Z]{4}$/
const HECVAT_QUESTION = /^([A-Z]{4})-(\d{2})$/

const HecvatQuestionSchema = z
  .object({ versions: z.array(hecvatVersion).min(1), ...mappingFields })
  .strict()
  .superRefine(checkMapping)

const HecvatPrefixSchema = z
  .object({
    topic: z.string().min(1),
    versions: z.array(hecvatVersion).min(1),
    ...mappingFields,
    note: z.string().min(1).optional(),
    questions: z.record(z.string().regex(HECVAT_QUESTION, 'a HECVAT question ID such as DATA-01'), HecvatQuestionSchema).default({}),
  })
  .strict()
  .superRefine(checkMapping)

export const HecvatMappingSchema = z
  .object({
    version: z.literal(1),
    standard: z.literal('hecvat'),
    /** Sheet names that only a given version's workbook has ("Organization", "Infrastructure" in 4.x). */
    sheets: z.partialRecord(hecvatVersion, z.array(z.string().min(1))).default({}),
    prefixes: z.record(z.string().regex(HECVAT_PREFIX, 'a four-letter HECVAT section prefix such as DATA'), HecvatPrefixSchema),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const [prefix, p] of Object.entries(doc.prefixes)) {
      for (const [q, o] of Object.entries(p.questions)) {
        if (!q.startsWith(`${prefix}-`)) ctx.addIssue({ code: 'custom', path: ['prefixes', prefix, 'questions', q], message: `question ${q} is not in section ${prefix}` })
        const outside = o.versions.filter((v) => !p.versions.includes(v))
        if (outside.length) ctx.addIssue({ code: 'custom', path: ['prefixes', prefix, 'questions', q, 'versions'], message: `${q}: version ${outside.join(', ')} is not one of section ${prefix}'s (${p.versions.join(', ')})` })
      }
    }
  })

export type HecvatMapping = z.infer<typeof HecvatMappingSchema>

const VsaqQuestionSchema = z
  .object({ in: z.array(z.string().min(1)).min(1), ...mappingFields })
  .strict()
  .superRefine(checkMapping)
  .superRefine((m, ctx) => {
    if (m.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required (one line)' })
  })

export const VsaqMappingSchema = z
  .object({
    version: z.literal(1),
    standard: z.literal('vsaq'),
    questionnaires: z.array(z.string().regex(/^[a-z0-9_]+$/, 'a questionnaire file name without .json')).min(1),
    questions: z.record(z.string().regex(/^[A-Za-z0-9_]+$/, 'a VSAQ question id'), VsaqQuestionSchema),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const [id, q] of Object.entries(doc.questions)) {
      q.in.forEach((name, i) => {
        if (!doc.questionnaires.includes(name)) ctx.addIssue({ code: 'custom', path: ['questions', id, 'in', i], message: `unknown questionnaire "${name}"${didYouMean(name, doc.questionnaires)}` })
      })
    }
  })

export type VsaqMapping = z.infer<typeof VsaqMappingSchema>

export interface StandardMappings {
  caiq: CaiqMapping
  hecvat: HecvatMapping
  vsaq: VsaqMapping
}

// ------------------------------------------------------------------------------------------- loading

export const STANDARD_FILES = { caiq: 'caiq-v4.yaml', hecvat: 'hecvat.yaml', vsaq: 'vsaq.yaml' } as const

export function questionnairesDir(): string {
  return join(projectRoot(), 'controls', 'questionnaires')
}

/** Every `entries` list in a mapping file, with its path (for the line of an unknown id). */
function entryLists(doc: CaiqMapping | HecvatMapping | VsaqMapping): Array<{ path: (string | number)[]; entries: string[] }> {
  const out: Array<{ path: (string | number)[]; entries: string[] }> = []
  if (doc.standard === 'caiq') {
    for (const [id, c] of Object.entries(doc.controls)) {
      out.push({ path: ['controls', id, 'entries'], entries: c.entries })
      for (const [q, o] of Object.entries(c.questions)) out.push({ path: ['controls', id, 'questions', q, 'entries'], entries: o.entries })
    }
  } else if (doc.standard === 'hecvat') {
    for (const [p, s] of Object.entries(doc.prefixes)) {
      out.push({ path: ['prefixes', p, 'entries'], entries: s.entries })
      for (const [q, o] of Object.entries(s.questions)) out.push({ path: ['prefixes', p, 'questions', q, 'entries'], entries: o.entries })
    }
  } else {
    for (const [id, q] of Object.entries(doc.questions)) out.push({ path: ['questions', id, 'entries'], entries: q.entries })
  }
  return out
}

/** Every entry id must be one of the library's: the first that is not is an error at its line. */
function checkEntries(file: string, what: string, doc: YamlDoc<CaiqMapping | HecvatMapping | VsaqMapping>, known: Set<string>): void {
  for (const { path, entries } of entryLists(doc.value)) {
    entries.forEach((e, i) => {
      if (!known.has(e)) throw new InputError(`${file}:${doc.lineOf([...path, i])}: invalid ${what}: unknown answer-library entry "${e}"${didYouMean(e, known)}`)
    })
  }
}

/**
 * Reads and validates the three mapping files in `dir`; every entry id must be an entry of `library`.
 * Errors are InputErrors naming file and line.
 */
export function loadStandardMappings(library: AnswerLibrary, dir: string = questionnairesDir()): StandardMappings {
  const known = new Set(library.entries.map((e) => e.id))
  const files = { caiq: join(dir, STANDARD_FILES.caiq), hecvat: join(dir, STANDARD_FILES.hecvat), vsaq: join(dir, STANDARD_FILES.vsaq) }
  const caiq = loadYaml(files.caiq, CaiqMappingSchema, 'CAIQ mapping')
  checkEntries(files.caiq, 'CAIQ mapping', caiq, known)
  const hecvat = loadYaml(files.hecvat, HecvatMappingSchema, 'HECVAT mapping')
  checkEntries(files.hecvat, 'HECVAT mapping', hecvat, known)
  const vsaq = loadYaml(files.vsaq, VsaqMappingSchema, 'VSAQ mapping')
  checkEntries(files.vsaq, 'VSAQ mapping', vsaq, known)
  return { caiq: caiq.value, hecvat: hecvat.value, vsaq: vsaq.value }
}

// Read on first use, then kept: the files are shipped data that do not change while the process runs, and
// a questionnaire of 300 questions asks for a mapping 300 times.
let shipped: StandardMappings | undefined

/** The shipped mappings, checked against the shipped library (controls/answers + every service's answers.yaml). */
export function shippedMappings(): StandardMappings {
  shipped ??= loadStandardMappings(loadShippedLibrary(join(projectRoot(), 'controls', 'answers', 'library.yaml'), servicesDir()))
  return shipped
}

// ------------------------------------------------------------------------------------------- lookup

/** A key of a mapping file's table, never an inherited property ("constructor" is a possible VSAQ id). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** A question ID without the sheet prefix `trustpack answer` adds when it answers several sheets (`Sheet!CEK-03.1`). */
function bareId(id: string): string {
  return id.slice(id.lastIndexOf('!') + 1).trim()
}

function asMapping(where: string, m: MappingShape, fallback?: string): StandardMapping {
  const why = m.reason ?? fallback
  const reason = m.manual || m.entries.length > 0 ? (why ? `${where}: ${why}` : where) : `${where}: not mapped${why ? `: ${why}` : ''}`
  return { entries: [...m.entries], manual: m.manual, reason }
}

function caiqMapping(doc: CaiqMapping, version: string | null, id: string): StandardMapping | null {
  if (version !== null && !/^4(\.|$)/.test(version)) return null
  const m = /^([A-Z&]{2,4}-\d{2})(?:\.\d+)?$/.exec(id)
  const control = m ? own(doc.controls, m[1]!) : undefined
  if (!m || !control) return null
  const where = `CAIQ ${m[1]} (${control.topic})`
  const override = own(control.questions, id)
  return override ? asMapping(`CAIQ ${id}`, override, control.reason) : asMapping(where, control)
}

/** "3.06", "4.1.3", "4.x" -> "3.x" / "4.x"; null stays null (any version); undefined when it is no version at all. */
function hecvatMajor(version: string | null): string | null | undefined {
  if (version === null) return null
  const m = /^\s*v?(\d+)/i.exec(version)
  return m ? `${m[1]}.x` : undefined
}

function hecvatMapping(doc: HecvatMapping, version: string | null, id: string): StandardMapping | null {
  const major = hecvatMajor(version)
  const m = /^([A-Z]{4})(?:-(\d{2}))?$/.exec(id)
  const section = m ? own(doc.prefixes, m[1]!) : undefined
  if (!m || !section || major === undefined) return null
  if (major !== null && !(section.versions as string[]).includes(major)) return null
  const override = own(section.questions, id)
  // An override holds for the versions it names; with the version unknown, only one that holds for all of them.
  const applies = override && (major === null ? section.versions.every((v) => override.versions.includes(v)) : (override.versions as string[]).includes(major))
  if (override && applies) return asMapping(`HECVAT ${id}`, override, section.reason)
  return asMapping(`HECVAT ${m[1]} (${section.topic})`, section)
}

function vsaqMapping(doc: VsaqMapping, id: string): StandardMapping | null {
  const q = own(doc.questions, id)
  return q ? asMapping(`VSAQ ${id}`, q) : null
}

/**
 * What a standard question may be answered from: the question-level override first, then the CAIQ control or
 * HECVAT section, or the VSAQ question. Null when the standard, the version or the ID is not one the mappings
 * know (a CAIQ v3 question, a HECVAT prefix of another version).
 */
export function mappingFor(standard: Standard, version: string | null, questionId: string, mappings: StandardMappings = shippedMappings()): StandardMapping | null {
  const id = bareId(questionId)
  if (standard === 'caiq') return caiqMapping(mappings.caiq, version, id)
  if (standard === 'hecvat') return hecvatMapping(mappings.hecvat, version, id)
  return vsaqMapping(mappings.vsaq, id)
}

// ------------------------------------------------------------------------------------------- recognising

/** At least this many question IDs, and this share of them, must have a standard's shape to count. */
const MIN_IDS = 3
const MIN_SHARE = 0.6

interface IdCount {
  matched: number
  of: number
}

const enough = (c: IdCount): boolean => c.matched >= MIN_IDS && c.matched >= MIN_SHARE * c.of

const CAIQ_NAMED = /\bCAIQ|Consensus Assessments? Initiative Questionnaire/i
const CAIQ_VERSION = /(?:CAIQ|Questionnaire)[\s_-]*v?\s*(\d+(?:\.\d+){0,2})/i

/** "4.0.3" stays; "4" / "4.0" become "4.0.x"; a v3 version becomes "3.x". */
function caiqVersion(v: string): string {
  if (/^4(\.0)?$/.test(v)) return '4.0.x'
  if (v.startsWith('3')) return '3.x'
  return v
}

function recogniseCaiq(input: RecogniseInput, ids: string[], doc: CaiqMapping): Recognised | null {
  const v4 = new Set(Object.keys(doc.domains))
  const v3 = new Set(doc.v3Domains)
  let matched = 0
  let v3Only = 0
  let v4Only = 0
  for (const id of ids) {
    const m = CAIQ_QUESTION.exec(id)
    if (!m) continue
    const domain = m[1]!.slice(0, m[1]!.lastIndexOf('-'))
    if (!v4.has(domain) && !v3.has(domain)) continue
    matched++
    if (!v4.has(domain)) v3Only++
    if (!v3.has(domain)) v4Only++
  }
  const byIds = enough({ matched, of: ids.length })
  const sheet = input.sheetNames.find((s) => CAIQ_NAMED.test(s))
  const title = input.title !== undefined && CAIQ_NAMED.test(input.title) ? input.title : undefined
  const header = input.headerCells.find((h) => /\bCAIQ\b/i.test(h))
  const named = [sheet && `sheet "${sheet}"`, title && `title "${title}"`, header && `header "${header}"`].filter((x): x is string => Boolean(x))
  // IDs in the CCM shape are specific enough alone; names alone need two of sheet, title and header.
  if (!byIds && named.length < 2) return null
  const why = [byIds ? `${matched} of ${ids.length} question IDs are CAIQ question IDs (control.question, e.g. CEK-03.1)` : '', ...named].filter(Boolean).join('; ')
  const inSheet = sheet ? CAIQ_VERSION.exec(sheet)?.[1] : undefined
  const stated = inSheet ?? (title ? CAIQ_VERSION.exec(title)?.[1] : undefined)
  if (stated) return { standard: 'caiq', version: caiqVersion(stated), why: `${why}; version from the ${inSheet ? 'sheet name' : 'title'}` }
  if (v3Only > 0 && v4Only === 0) return { standard: 'caiq', version: '3.x', why: `${why}; version 3.x: IDs of domains only CAIQ v3 has` }
  return { standard: 'caiq', version: doc.covers, why: `${why}; no version named` }
}

const HECVAT_NAMED = /HECVAT|Higher Education Community Vendor Assessment/i
const HECVAT_VERSION = /HECVAT[\s_-]*(?:Full|Lite|On[\s-]?Prem(?:ise)?s?)?[\s_-]*v?\s*(\d)(?:\.\d+)*/i

function recogniseHecvat(input: RecogniseInput, ids: string[], doc: HecvatMapping): Recognised | null {
  const prefixes = new Set<string>()
  let matched = 0
  for (const id of ids) {
    const m = HECVAT_QUESTION.exec(id)
    if (!m || !own(doc.prefixes, m[1]!)) continue
    matched++
    prefixes.add(m[1]!)
  }
  if (!enough({ matched, of: ids.length }) || prefixes.size < 2) return null
  const sheet = input.sheetNames.find((s) => HECVAT_NAMED.test(s))
  const title = input.title !== undefined && HECVAT_NAMED.test(input.title) ? input.title : undefined
  const header = input.headerCells.find((h) => /^\s*(vendor (answer|response)s?|additional info(rmation)?)\s*$/i.test(h))
  const named = [sheet && `sheet "${sheet}"`, title && `title "${title}"`, header && `header "${header}"`].filter((x): x is string => Boolean(x))
  // Four-letter section IDs are common in home-made sheets too: with only two or three known sections, a
  // HECVAT sheet name, title or header must agree.
  if (named.length === 0 && prefixes.size < 4) return null
  const why = [`${matched} of ${ids.length} question IDs are HECVAT IDs of ${prefixes.size} known sections (${[...prefixes].slice(0, 6).join(', ')})`, ...named].join('; ')
  const { version, from } = hecvatVersionOf(input, title, prefixes, doc)
  return { standard: 'hecvat', version, why: `${why}; ${from}` }
}

function hecvatVersionOf(input: RecogniseInput, title: string | undefined, prefixes: Set<string>, doc: HecvatMapping): { version: string | null; from: string } {
  const inSheet = input.sheetNames.map((s) => HECVAT_VERSION.exec(s)?.[1]).find((v) => v !== undefined)
  const stated = inSheet ?? (title ? HECVAT_VERSION.exec(title)?.[1] : undefined)
  if (stated) return { version: `${stated}.x`, from: `version ${stated}.x from the ${inSheet ? 'sheet name' : 'title'}` }
  const only = (v: '3.x' | '4.x'): string[] => [...prefixes].filter((p) => { const vs = doc.prefixes[p]!.versions; return vs.length === 1 && vs[0] === v })
  const three = only('3.x')
  const four = only('4.x')
  if (three.length > 0 && four.length === 0) return { version: '3.x', from: `version 3.x: sections only HECVAT 3 has (${three.join(', ')})` }
  if (four.length > 0 && three.length === 0) return { version: '4.x', from: `version 4.x: sections only HECVAT 4 has (${four.join(', ')})` }
  for (const [v, names] of Object.entries(doc.sheets)) {
    const hits = names.filter((n) => input.sheetNames.some((s) => s.trim().toLowerCase() === n.toLowerCase()))
    if (hits.length >= 2) return { version: v, from: `version ${v}: its sheets (${hits.join(', ')})` }
  }
  return { version: null, from: 'version not known: no version named and no section of one version only' }
}

function recogniseVsaq(ids: string[], doc: VsaqMapping): Recognised {
  const counts = doc.questionnaires.map((name) => ({ name, n: ids.filter((id) => own(doc.questions, id)?.in.includes(name)).length }))
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a), { name: '', n: 0 })
  const part = best.n > 0 ? `; ${best.n} of ${ids.length} question ids are in Google's ${best.name} questionnaire` : '; no question id is one of Google\'s four questionnaires'
  return { standard: 'vsaq', version: null, why: `VSAQ JSON (VSAQ has no versions)${part}` }
}

/**
 * Which standard questionnaire a file is, from what its import found: sheet names, header cells, question IDs
 * (and a title when the caller has one). Null when unsure: a home-made questionnaire is not a standard.
 */
export function recognise(input: RecogniseInput, mappings: StandardMappings = shippedMappings()): Recognised | null {
  const ids = input.questionIds.map(bareId).filter((id) => id !== '')
  if (input.format === 'vsaq') return recogniseVsaq(ids, mappings.vsaq)
  return recogniseCaiq(input, ids, mappings.caiq) ?? recogniseHecvat(input, ids, mappings.hecvat)
}

// Use cases behind `trustpack library import|list|show|validate`: approved answers from a completed
// questionnaire merged into a library file, and browsing and validating the answer library.
import { existsSync, statSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import { readText } from '../core/json.js'
import { writeFileAtomic } from '../core/fs.js'
import { loadYaml, parseYaml } from '../core/yaml.js'
import { defaultCatalogDir, formatProblem, libraryFileProblems, libraryRefs, loadCatalog } from '../catalog/load.js'
import { editDistance } from '../catalog/suggest.js'
import { ApprovalSchema, LibrarySchema, approvalExpired, entryKind, libraryYaml, loadLibrary, mergeLibraryText, serviceAnswerFiles, type AnswerLibrary, type EntryKind, type LibraryEntry } from '../questionnaire/library.js'
import type { PastAnswerEntry, PastAnswerKind } from '../questionnaire/past-answers.js'
import { servicesDir } from '../services/plan.js'
import { defaultLibraryPath, shippedLibrary } from './answer.js'

/** YYYY-MM-DD of the clock, in UTC as every other date trustpack writes. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------- import

export interface ImportLibraryInput {
  questionnairePath: string
  approvedBy: string
  /** YYYY-MM-DD, after today */
  expires?: string
  /** The library file to write (merged when it exists); without it nothing is written. */
  outPath?: string
  sheet?: string
  questionCol?: string
  answerCol?: string
  commentCol?: string
  now: Date
}

export interface ImportLibraryResult {
  /** null when nothing was written (no --out) */
  outPath: string | null
  counts: Record<PastAnswerKind, number>
  /** questions without an answer, by their id in the file */
  skipped: string[]
  /** questions asked twice in the file (the first answer is imported) */
  repeated: string[]
  /** entry ids new to the library, and replaced in it (a re-import); entries of the file left as they were */
  added: string[]
  replaced: string[]
  kept: number
  entries: PastAnswerEntry[]
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const t = Date.parse(`${s}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s
}

/** The flags, checked before the questionnaire is read: each error names its flag. */
function checkImportFlags(input: ImportLibraryInput, today: string): void {
  if (!ApprovalSchema.shape.by.safeParse(input.approvedBy).success) {
    throw new InputError(`--approved-by "${input.approvedBy}": expected the approver's e-mail address, e.g. ciso@example.com`)
  }
  if (input.expires !== undefined) {
    if (!validDate(input.expires)) throw new InputError(`--expires "${input.expires}": expected a date YYYY-MM-DD, e.g. ${Number(today.slice(0, 4)) + 1}${today.slice(4)}`)
    if (input.expires < today) throw new InputError(`--expires ${input.expires}: is before today (${today}); the approvals would never count`)
  }
  if (input.outPath !== undefined && !/^\.ya?ml$/i.test(extname(input.outPath))) {
    throw new InputError(`--out ${input.outPath}: an answer library is a YAML file (.yaml or .yml)`)
  }
}

/** The existing library's text, or null for a new file; a file that is not a library is refused. */
function existingLibraryText(outPath: string, flag: string): string | null {
  if (!existsSync(outPath)) return null
  if (statSync(outPath).isDirectory()) throw new InputError(`${flag}: is a folder, not a file`)
  const text = readText(outPath, 'answer library')
  try {
    parseYaml(text, outPath, LibrarySchema, 'answer library')
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    throw new InputError(`${flag}: exists and is not a valid answer library, so it was not changed (${err.message})`, 'write to a new file, or fix this one first: `trustpack library validate --library FILE` shows what is wrong', err.where)
  }
  return text
}

export async function importLibrary(input: ImportLibraryInput): Promise<ImportLibraryResult> {
  const today = isoDay(input.now)
  checkImportFlags(input, today)
  // The existing library is read (and refused) before the questionnaire, so a bad --out costs nothing.
  const outPath = input.outPath ? resolve(input.outPath) : null
  const existing = outPath ? existingLibraryText(outPath, `--out ${input.outPath}`) : null
  // exceljs loads only when a questionnaire is read, never for list, show or validate (docs/startup.md).
  const [{ importQuestionnaire }, { pastAnswerEntries }] = await Promise.all([import('../questionnaire/import.js'), import('../questionnaire/past-answers.js')])
  const q = await importQuestionnaire(input.questionnairePath, { sheet: input.sheet, questionCol: input.questionCol, answerCol: input.answerCol, commentCol: input.commentCol })
  if (q.format === 'vsaq') throw new InputError(`${input.questionnairePath}: a VSAQ questionnaire holds no answers; import the completed questionnaire as CSV or XLSX`)
  const past = pastAnswerEntries(q.questions, { by: input.approvedBy, at: today, ...(input.expires ? { expires: input.expires } : {}) }, basename(input.questionnairePath))
  if (past.entries.length === 0) {
    throw new InputError(`${input.questionnairePath}: none of its ${q.questions.length} questions has an answer; import the completed questionnaire, or name the answer column with --answer-col`)
  }
  let merge = { added: past.entries.map((e) => e.id), replaced: [] as string[], kept: 0 }
  if (outPath) {
    const m = mergeLibraryText(existing, outPath, past.entries)
    writeFileAtomic(outPath, m.text)
    merge = m
  }
  return { outPath, counts: past.counts, skipped: past.skipped, repeated: past.repeated, ...merge, entries: past.entries }
}

// ------------------------------------------------------------------------------------------ list, show

/** The library `--library FILE` names, or the shipped one (controls/answers/library.yaml and every service's answers.yaml). */
export function readLibrary(libraryPath: string | undefined): AnswerLibrary {
  return libraryPath ? loadLibrary(libraryPath) : shippedLibrary()
}

export interface LibraryRow {
  id: string
  kind: EntryKind
  topic: string
  approvedBy?: string
  approvedAt?: string
  expires?: string
  expired: boolean
}

export function libraryRow(e: LibraryEntry, today: string): LibraryRow {
  return {
    id: e.id,
    kind: entryKind(e),
    topic: e.topic,
    ...(e.approval ? { approvedBy: e.approval.by, approvedAt: e.approval.at, ...(e.approval.expires ? { expires: e.approval.expires } : {}) } : {}),
    expired: approvalExpired(e, today),
  }
}

export function listLibrary(opts: { libraryPath?: string; now: Date }): LibraryRow[] {
  const today = isoDay(opts.now)
  return readLibrary(opts.libraryPath).entries.map((e) => libraryRow(e, today))
}

const KIND_LABEL: Record<EntryKind, string> = { evidence: 'evidence', fixed: 'fixed', approved: 'approved' }

export function renderLibraryList(rows: readonly LibraryRow[]): string {
  if (rows.length === 0) return 'the library has no entries'
  const approval = (r: LibraryRow): string => (r.approvedBy ? `${r.approvedBy} ${r.approvedAt}${r.expires ? ` until ${r.expires}` : ''}${r.expired ? ' EXPIRED' : ''}` : '')
  const idW = Math.max(...rows.map((r) => r.id.length))
  const apW = Math.max(...rows.map((r) => approval(r).length))
  const lines = rows.map((r) => [r.id.padEnd(idW), KIND_LABEL[r.kind].padEnd(8), ...(apW > 0 ? [approval(r).padEnd(apW)] : []), r.topic].join('  ').trimEnd())
  const counts = (k: EntryKind): number => rows.filter((r) => r.kind === k).length
  const expired = rows.filter((r) => r.expired).length
  return [
    ...lines,
    '',
    `${rows.length} entries: ${counts('evidence')} evidence, ${counts('fixed')} fixed, ${counts('approved')} approved${expired ? ` (${expired} expired, no longer given)` : ''}`,
    'evidence: answered from the checks and attestations it cites; fixed: the company\'s position (no / n/a); approved: a past answer a person approved (`library import`).',
  ].join('\n')
}

export interface LibraryShow {
  entry: LibraryEntry
  kind: EntryKind
  expired: boolean
}

/** Up to three ids near `id`: those it begins, else those sharing its less common words, then by edit distance. */
function nearIds(id: string, ids: readonly string[]): string[] {
  const want = id.toLowerCase()
  const common = (w: string): boolean => ids.filter((x) => x.includes(w)).length > ids.length / 2
  const words = want.split('-').filter((w) => w.length > 2 && !common(w))
  const limit = Math.max(2, Math.floor(want.length / 3))
  // An id typed from its start ("past-is-customer-data") means the ids it begins, if any.
  const begun = ids.filter((x) => x.startsWith(want))
  if (begun.length > 0) return begun.slice(0, 3)
  return ids
    .map((x) => ({ x, shared: words.filter((w) => x.includes(w)).length, d: editDistance(want, x) }))
    .filter((s) => s.shared > 0 || s.d <= limit)
    .sort((a, b) => b.shared - a.shared || a.d - b.d || (a.x < b.x ? -1 : 1))
    .slice(0, 3)
    .map((s) => s.x)
}

export function showLibraryEntry(id: string, opts: { libraryPath?: string; now: Date }): LibraryShow {
  const lib = readLibrary(opts.libraryPath)
  const entry = lib.entries.find((e) => e.id === id)
  if (!entry) {
    const near = nearIds(id, lib.entries.map((e) => e.id))
    const where = opts.libraryPath ?? 'the shipped library'
    throw new InputError(`no library entry "${id}" in ${where}${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, `\`trustpack library list${opts.libraryPath ? ` --library ${opts.libraryPath}` : ''}\` lists the entries`)
  }
  return { entry, kind: entryKind(entry), expired: approvalExpired(entry, isoDay(opts.now)) }
}

/** The entry as its YAML, without the fields left at their defaults (empty lists, false). */
export function renderLibraryShow(s: LibraryShow): string {
  const shown = Object.fromEntries(Object.entries(s.entry).filter(([, v]) => v !== false && !(Array.isArray(v) && v.length === 0)))
  const kind = s.kind === 'approved' ? `approved past answer${s.expired ? ` (EXPIRED ${s.entry.approval?.expires}: no longer given)` : ''}` : s.kind === 'fixed' ? 'fixed position' : 'evidence'
  return `# ${s.entry.id}: ${kind}\n${libraryYaml(shown).trimEnd()}`
}

// ---------------------------------------------------------------------------------------------- validate

export interface LibraryValidateResult {
  ok: boolean
  /** the files read: --library, or the shipped library and each service's answers.yaml */
  files: string[]
  entries: number
  /** file:line: message, each a reason to exit 2 */
  problems: string[]
  /** file:line: message, reported but not failing (an expired approval) */
  warnings: string[]
}

/**
 * The library loads (schema errors throw, naming file:line), its ids are unique, and everything it cites
 * exists in the shipped catalog: checks, framework:control ids and trust claims. Expired approvals are
 * warnings: the answer is no longer given, but the file is sound.
 */
export function validateLibrary(opts: { libraryPath?: string; now: Date }): LibraryValidateResult {
  const files = opts.libraryPath ? [opts.libraryPath] : [defaultLibraryPath(), ...serviceAnswerFiles(servicesDir())]
  // The whole library first: unique ids across the files (the shipped library checks that as it loads).
  const lib = readLibrary(opts.libraryPath)
  const refs = libraryRefs(loadCatalog(defaultCatalogDir()))
  const today = isoDay(opts.now)
  const problems: string[] = []
  const warnings: string[] = []
  for (const file of files) {
    problems.push(...libraryFileProblems(file, refs).map(formatProblem))
    const doc = loadYaml(file, LibrarySchema, 'answer library')
    doc.value.entries.forEach((e, i) => {
      if (approvalExpired(e, today)) warnings.push(`${file}:${doc.lineOf(['entries', i, 'approval', 'expires'])}: library entry ${e.id}: approval by ${e.approval!.by} expired ${e.approval!.expires}; the answer is no longer given`)
    })
  }
  return { ok: problems.length === 0, files, entries: lib.entries.length, problems, warnings }
}

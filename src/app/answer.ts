// Use case: answer a questionnaire from results.json and the answer library; optionally write the filled-in
// copy (format by --out extension) and a review report beside it.
import { basename, dirname, extname, join, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import { writeFilesAtomic } from '../core/fs.js'
import { projectRoot } from '../core/version.js'
import { readResults } from '../snapshot/io.js'
import { loadLibrary, loadShippedLibrary, type AnswerLibrary } from '../questionnaire/library.js'
import { servicesDir } from '../services/plan.js'
import { buildMatcher } from '../questionnaire/decide.js'
import type { CellOutcome, WriteOptions } from '../questionnaire/write.js'
import { countAnswers, renderReview } from '../questionnaire/review.js'
import type { Answer, ImportedQuestionnaire, Question } from '../questionnaire/types.js'
import { mappingFor, recognise, type Recognised } from '../questionnaire/standard.js'

export interface AnswerQuestionnaireInput {
  questionnairePath: string
  resultsPath: string
  libraryPath?: string
  /** Libraries of approved past answers (`trustpack library import`), added to the library in use. */
  pastAnswersPaths?: string[]
  outPath?: string
  sheet?: string
  questionCol?: string
  answerCol?: string
  commentCol?: string
  write?: WriteOptions
  now: Date
}

export interface AnswerQuestionnaireResult {
  answers: Answer[]
  outPath: string | null
  reviewPath: string | null
  counts: Record<string, number>
  /** The standard questionnaire recognised from the file, if any. */
  recognised: Recognised | null
  /** Answers already in the file that were kept, and how many of those (or of those replaced) the evidence disagrees with. */
  kept: number
  disagreements: number
}

export function defaultLibraryPath(): string {
  return join(projectRoot(), 'controls', 'answers', 'library.yaml')
}

/** The library `answer` uses without --library: the main file and every service's answers.yaml. */
export function shippedLibrary(): AnswerLibrary {
  return loadShippedLibrary(defaultLibraryPath(), servicesDir())
}

/** `filled.xlsx` -> `filled.review.md`, beside it. */
export function reviewPathFor(outPath: string): string {
  const base = basename(outPath, extname(outPath))
  return join(dirname(outPath), `${base}.review.md`)
}

/** The library with each file of past answers appended; an id given twice is refused, naming the file. */
export function withPastAnswers(library: AnswerLibrary, paths: string[]): AnswerLibrary {
  const entries = [...library.entries]
  for (const path of paths) {
    for (const e of loadLibrary(path).entries) {
      if (entries.some((x) => x.id === e.id)) throw new InputError(`${path}: entry "${e.id}" is already in the library in use; give each file of past answers once`)
      entries.push(e)
    }
  }
  return { version: 1, entries }
}

/**
 * A standard questionnaire (CAIQ, HECVAT, VSAQ) recognised from its file, and each question's ID mapping:
 * the ID decides which library entries may answer, before the text does.
 */
export function recogniseQuestionnaire(q: ImportedQuestionnaire): { recognised: Recognised | null; questions: Question[] } {
  const recognised = recognise({ format: q.format, sheetNames: q.sheets.map((s) => s.name), headerCells: [], questionIds: q.questions.map((x) => x.id) })
  if (!recognised) return { recognised, questions: q.questions }
  const name = recognised.standard === 'caiq' ? 'CAIQ' : recognised.standard === 'hecvat' ? 'HECVAT' : 'VSAQ'
  const questions = q.questions.map((x) => {
    const m = mappingFor(recognised.standard, recognised.version, x.id)
    if (!m || (!m.manual && m.entries.length === 0)) return x
    return { ...x, mapping: { label: `${name} ${recognised.version ?? ''} ${x.id}`.replace(/\s+/g, ' '), entries: m.entries, manual: m.manual, reason: m.reason } }
  })
  return { recognised, questions }
}

export async function answerQuestionnaire(input: AnswerQuestionnaireInput): Promise<AnswerQuestionnaireResult> {
  // The readers and writers (exceljs) load here: `library list|show|validate` import this module for the
  // shipped library's path and must stay light (docs/startup.md).
  const [{ importQuestionnaire }, { outFormat, publicAnswer, renderAnswers }] = await Promise.all([import('../questionnaire/import.js'), import('../questionnaire/write.js')])
  // Everything that can fail on input is read first, so a bad file writes nothing.
  if (input.outPath) outFormat(input.outPath)
  const { results } = readResults(input.resultsPath)
  const library = withPastAnswers(input.libraryPath ? loadLibrary(input.libraryPath) : shippedLibrary(), input.pastAnswersPaths ?? [])
  const questionnaire = await importQuestionnaire(input.questionnairePath, {
    sheet: input.sheet,
    questionCol: input.questionCol,
    answerCol: input.answerCol,
    commentCol: input.commentCol,
  })
  const standard = recogniseQuestionnaire(questionnaire)
  const matcher = buildMatcher(library, results, input.now)
  const decided = standard.questions.map((q) => matcher.decide(q))

  let outPath: string | null = null
  let reviewPath: string | null = null
  let outcomes: CellOutcome[] = []
  if (input.outPath) {
    outPath = resolve(input.outPath)
    reviewPath = reviewPathFor(outPath)
    const filled = await renderAnswers(questionnaire, decided, outPath, input.write)
    outcomes = filled.outcomes
    const review = renderReview({ questionnaire: basename(input.questionnairePath), outPath: basename(outPath), results, answers: decided, now: input.now, outcomes })
    // Both or neither: a filled file without its review (or the reverse) must not be left behind.
    writeFilesAtomic([{ path: outPath, data: filled.data }, { path: reviewPath, data: review }])
  }
  return {
    answers: decided.map(publicAnswer),
    outPath,
    reviewPath,
    counts: countAnswers(decided),
    recognised: standard.recognised,
    kept: outcomes.filter((o) => o.answer === 'kept').length,
    disagreements: outcomes.filter((o) => o.verdict === 'disagrees').length,
  }
}

// A completed questionnaire's answers as approved answer-library entries (`trustpack library import`): which
// answers become entries, their stable ids, and what each entry states. Pure: the caller reads the file and
// passes the approval (who, today, until when).
import { createHash } from 'node:crypto'
import { labelValue } from './write.js'
import type { Approval, LibraryEntry } from './library.js'
import type { Question } from './types.js'

export type PastAnswerKind = 'yes' | 'no' | 'partial' | 'not_applicable' | 'value'

/** An entry as written into the library file: only the fields it sets, in the order a person reads them. */
export type PastAnswerEntry = Pick<LibraryEntry, 'id' | 'topic' | 'questions' | 'wording'> & {
  answer?: Exclude<PastAnswerKind, 'value'>
  value?: string
  approval: Approval
}

export interface PastAnswers {
  entries: PastAnswerEntry[]
  counts: Record<PastAnswerKind, number>
  /** Questions whose answer cell was empty. */
  skipped: string[]
  /** Questions asked again later in the same file (same text): the first answer is the one kept. */
  repeated: string[]
}

const LABEL_WORDING: Record<Exclude<PastAnswerKind, 'value'>, string> = { yes: 'Yes.', no: 'No.', partial: 'Partially.', not_applicable: 'Not applicable.' }

/** The question as compared for identity: case, spacing and Unicode forms do not make a new question. */
function normalised(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * `past-` + the question's first words + a hash of its whole text: the same question gets the same id
 * whatever file, row or sheet it comes from, so importing the same (or next year's) questionnaire replaces
 * the entries it made instead of adding copies. Row numbers and the file's own question ids are not used:
 * they move when a buyer inserts a row, and two buyers' "1.1" are different questions.
 */
export function pastAnswerId(question: string): string {
  const hash = createHash('sha256').update(normalised(question)).digest('hex').slice(0, 8)
  const slug = question
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 6)
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '')
  return slug ? `past-${slug}-${hash}` : `past-${hash}`
}

/** The question shortened to a topic: its first sentence, at most about 80 characters, cut at a word. */
export function topicOf(question: string, max = 80): string {
  const text = question.replace(/\s+/g, ' ').trim()
  const first = /^(.+?[?.!])(\s|$)/.exec(text)?.[1] ?? text
  if (first.length <= max) return first
  const cut = first.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`
}

/**
 * What an answer cell states: a Yes/No/Partial/N/A label ("Yes", "N/A", "Compliant"), a label followed by
 * its explanation ("Yes, all data is encrypted", "No - not in scope"), or a value ("35 days").
 */
export function readPastAnswer(answer: string): { answer: Exclude<PastAnswerKind, 'value'>; rest: string } | { value: string } {
  const text = answer.trim()
  const label = labelValue(text)
  if (label) return { answer: label, rest: '' }
  // Only a short leading label followed by punctuation: "No more than 35 days" is a value, not a "No".
  const lead = /^(yes|no|n\/a)\s*[,;:.\u2013\u2014-]\s*(\S.*)$/is.exec(text)
  if (lead) {
    const v = labelValue(lead[1]!)
    if (v) return { answer: v, rest: text }
  }
  return { value: text }
}

function emptyCounts(): Record<PastAnswerKind, number> {
  return { yes: 0, no: 0, partial: 0, not_applicable: 0, value: 0 }
}

/**
 * One entry per answered question. `approval` is the same for every entry but its source, which names
 * `file` and the question's id in it (the importer's id: `Sheet!id` when a workbook has several question sheets).
 */
export function pastAnswerEntries(questions: readonly Question[], approval: Omit<Approval, 'source'>, file: string): PastAnswers {
  const counts = emptyCounts()
  const skipped: string[] = []
  const repeated: string[] = []
  const entries: PastAnswerEntry[] = []
  const seen = new Set<string>()
  for (const q of questions) {
    const given = (q.existing?.answer ?? '').trim()
    if (given === '') {
      skipped.push(q.id)
      continue
    }
    const id = pastAnswerId(q.text)
    if (seen.has(id)) {
      repeated.push(q.id)
      continue
    }
    seen.add(id)
    const comment = (q.existing?.comment ?? '').trim()
    const read = readPastAnswer(given)
    const source = { file, question: q.id }
    const base = { id, topic: topicOf(q.text), questions: [q.text] }
    const stamp: Approval = { by: approval.by, at: approval.at, ...(approval.expires ? { expires: approval.expires } : {}), source }
    if ('answer' in read) {
      counts[read.answer]++
      const wording = [read.rest, comment].filter(Boolean).join(' ') || LABEL_WORDING[read.answer]
      entries.push({ ...base, answer: read.answer, wording, approval: stamp })
    } else {
      counts.value++
      entries.push({ ...base, value: read.value, wording: comment || read.value, approval: stamp })
    }
  }
  return { entries, counts, skipped, repeated }
}

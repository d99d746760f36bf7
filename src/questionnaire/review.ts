// The review report (Markdown): every answer a person must look at before the file goes back to the buyer.
import type { Results } from '../snapshot/results.js'
import type { AnswerSource, AnswerValue, DecidedAnswer } from './types.js'
import type { CellOutcome } from './write.js'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim()
}

export function countAnswers(answers: DecidedAnswer[]): Record<string, number> {
  const counts: Record<AnswerValue | 'review', number> = { yes: 0, no: 0, partial: 0, not_applicable: 0, unknown: 0, text: 0, review: 0 }
  for (const a of answers) {
    counts[a.answer]++
    if (a.review) counts.review++
  }
  return counts
}

export function renderReview(input: { questionnaire: string; outPath: string | null; results: Results; answers: DecidedAnswer[]; now: Date; outcomes?: CellOutcome[] }): string {
  const { answers } = input
  const outcomes = new Map((input.outcomes ?? []).map((o) => [o.questionId, o]))
  const counts = countAnswers(answers)
  const flagged = answers.filter((a) => a.review)
  const lines: string[] = []
  lines.push(`# Questionnaire review: ${input.questionnaire}`, '')
  lines.push(`Answered ${input.now.toISOString()} from results evaluated ${input.results.evaluatedAt} (snapshot ${input.results.snapshotSha256.slice(0, 12)}).`)
  if (input.outPath) lines.push(`Filled-in copy: ${input.outPath}`)
  lines.push('')
  lines.push(`${answers.length} questions: ${counts.yes} yes, ${counts.no} no, ${counts.partial} partial, ${counts.not_applicable} not applicable, ${counts.text} value answers, ${counts.unknown} unknown. **${flagged.length} need a person** before the file is sent.`, '')
  lines.push(...existingSection(answers, outcomes))
  lines.push(...sourcesSection(answers))
  if (flagged.length === 0) {
    lines.push('Nothing needs review.', '')
    return lines.join('\n')
  }
  lines.push('## Needs a person', '')
  lines.push('| Question ID | Question | Answer | Confidence | Why it needs review | Citations |')
  lines.push('|---|---|---|---|---|---|')
  const order: Record<AnswerValue, number> = { no: 0, partial: 1, unknown: 2, text: 3, yes: 4, not_applicable: 5 }
  const sorted = [...flagged].sort((a, b) => order[a.answer] - order[b.answer])
  for (const a of sorted) {
    const q = a.question.length > 160 ? `${a.question.slice(0, 157)}…` : a.question
    const left = outcomes.get(a.questionId)
    const why = [a.review ?? '', left?.answer === 'left' && left.note && a.answer !== 'unknown' ? `(${left.note})` : ''].filter((x) => x !== '').join(' ')
    lines.push(`| ${cell(a.questionId)} | ${cell(q)} | ${a.answer === 'text' ? cell(a.value ?? '') : a.answer} | ${a.confidence.toFixed(2)} | ${cell(why)} | ${cell(a.citations.join(', '))} |`)
  }
  lines.push('')
  lines.push('In the filled-in file the text names no resource (use --name-resources to name them); the reasons here do. Answers marked `no` or `partial` name the resources that fail; fixing them (or recording an exception in trustpack.yaml) and re-running `trustpack evaluate` changes the answer. `unknown` answers need a person, or an attestation in trustpack.yaml for the control cited.', '')
  return lines.join('\n')
}

/**
 * Answers the file already held: kept as they were (or replaced under --overwrite), each with what the
 * evidence says of it. Disagreements come first; they are the ones a person must settle.
 */
function existingSection(answers: DecidedAnswer[], outcomes: Map<string, CellOutcome>): string[] {
  const byId = new Map(answers.map((a) => [a.questionId, a]))
  const held = [...outcomes.values()].filter((o) => o.verdict !== null)
  if (held.length === 0) return []
  const rank = { disagrees: 0, unverified: 1, agrees: 2 }
  held.sort((a, b) => rank[a.verdict!] - rank[b.verdict!])
  const kept = held.filter((o) => o.answer === 'kept').length
  const replaced = held.length - kept
  const disagree = held.filter((o) => o.verdict === 'disagrees').length
  const lines = ['## Answers already in the file', '']
  lines.push(`${kept} existing answer${kept === 1 ? ' was' : 's were'} kept${replaced > 0 ? `, ${replaced} replaced (--overwrite)` : ''}; **the evidence disagrees with ${disagree}**.`, '')
  lines.push('| Question ID | In the file | What happened | Evidence | Why |')
  lines.push('|---|---|---|---|---|')
  for (const o of held) {
    const what = o.answer === 'kept' ? 'kept the existing answer' : 'replaced (--overwrite)'
    const a = byId.get(o.questionId)
    lines.push(`| ${cell(o.questionId)} | ${cell(o.existing || '(formula)')} | ${what} | ${o.verdict} | ${cell(o.note ?? a?.namedRationale ?? '')} |`)
  }
  lines.push('')
  return lines
}

/** One line on where an answer comes from (AnswerSource), for a person. */
export function describeSource(source: AnswerSource | undefined): string {
  if (!source) return ''
  switch (source.kind) {
    case 'evidence': {
      const checks = source.checks.map((c) => `${c.id} (${c.pass} pass${c.fail ? `, ${c.fail} fail` : ''}${c.error ? `, ${c.error} error` : ''})`).join(', ')
      const scan = source.subscriptions !== undefined ? `the scan of ${source.subscriptions} subscription${source.subscriptions === 1 ? '' : 's'}` : ''
      const att = source.attestation ? `; attested ${source.attestation.control} by ${source.attestation.owner} until ${source.attestation.expires}` : ''
      return `evidence: ${[checks, scan].filter((x) => x !== '').join('; ')}, results of ${source.evaluatedAt.slice(0, 10)}${att}`
    }
    case 'attestation':
      return `attestation ${source.control}, owner ${source.owner}, valid until ${source.expires}`
    case 'library': {
      const who = source.approvedBy ? `approved by ${source.approvedBy} on ${source.approvedAt}${source.expires ? `, until ${source.expires}` : ''}` : 'the company\'s standing position'
      const from = source.file ? `, from ${source.file} question ${source.question}` : ''
      return `library entry ${source.entryId} (${who}${from})`
    }
    case 'inherited':
      return `inherited: ${source.provider}, ${source.report} (issued ${source.issued}, valid until ${source.expires}; scope: ${source.scope})`
    case 'none':
      return 'none'
  }
}

/** Every answer given, with its named source: what a reviewer checks before the file goes out. */
function sourcesSection(answers: DecidedAnswer[]): string[] {
  const given = answers.filter((a) => a.answer !== 'unknown')
  if (given.length === 0) return []
  const lines = ['## Answers given and their sources', '']
  lines.push('| Question ID | Answer | Source | Confidence, and why |')
  lines.push('|---|---|---|---|')
  for (const a of given) {
    const shown = a.answer === 'text' ? a.value ?? '' : a.answer
    lines.push(`| ${cell(a.questionId)} | ${cell(shown)} | ${cell(describeSource(a.source))} | ${a.confidence.toFixed(2)}: ${cell(a.source?.why ?? '')} |`)
  }
  lines.push('')
  return lines
}

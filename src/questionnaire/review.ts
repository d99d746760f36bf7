// The review report (Markdown): every answer a person must look at before the file goes back to the buyer.
import type { Results } from '../snapshot/results.js'
import type { AnswerValue, DecidedAnswer } from './types.js'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim()
}

export function countAnswers(answers: DecidedAnswer[]): Record<string, number> {
  const counts: Record<AnswerValue | 'review', number> = { yes: 0, no: 0, partial: 0, not_applicable: 0, unknown: 0, review: 0 }
  for (const a of answers) {
    counts[a.answer]++
    if (a.review) counts.review++
  }
  return counts
}

export function renderReview(input: { questionnaire: string; outPath: string | null; results: Results; answers: DecidedAnswer[]; now: Date }): string {
  const { answers } = input
  const counts = countAnswers(answers)
  const flagged = answers.filter((a) => a.review)
  const lines: string[] = []
  lines.push(`# Questionnaire review: ${input.questionnaire}`, '')
  lines.push(`Answered ${input.now.toISOString()} from results evaluated ${input.results.evaluatedAt} (snapshot ${input.results.snapshotSha256.slice(0, 12)}).`)
  if (input.outPath) lines.push(`Filled-in copy: ${input.outPath}`)
  lines.push('')
  lines.push(`${answers.length} questions: ${counts.yes} yes, ${counts.no} no, ${counts.partial} partial, ${counts.not_applicable} not applicable, ${counts.unknown} unknown. **${flagged.length} need a person** before the file is sent.`, '')
  if (flagged.length === 0) {
    lines.push('Nothing needs review.', '')
    return lines.join('\n')
  }
  lines.push('## Needs a person', '')
  lines.push('| Question ID | Question | Answer | Confidence | Why it needs review | Citations |')
  lines.push('|---|---|---|---|---|---|')
  const order: Record<AnswerValue, number> = { no: 0, partial: 1, unknown: 2, yes: 3, not_applicable: 4 }
  const sorted = [...flagged].sort((a, b) => order[a.answer] - order[b.answer])
  for (const a of sorted) {
    const q = a.question.length > 160 ? `${a.question.slice(0, 157)}…` : a.question
    lines.push(`| ${cell(a.questionId)} | ${cell(q)} | ${a.answer} | ${a.confidence.toFixed(2)} | ${cell(a.review ?? '')} | ${cell(a.citations.join(', '))} |`)
  }
  lines.push('')
  lines.push('Answers marked `no` or `partial` name the resources that fail; fixing them (or recording an exception in trustpack.yaml) and re-running `trustpack evaluate` changes the answer. `unknown` answers need a person, or an attestation in trustpack.yaml for the control cited.', '')
  return lines.join('\n')
}

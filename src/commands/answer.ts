// `trustpack answer QUESTIONNAIRE --results FILE [--library FILE] [--out FILE]`
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { checkOutputs } from '../cli/outputs.js'
import type { Answer } from '../questionnaire/types.js'

export default class AnswerCommand extends BaseCommand {
  static override description = 'Answer a security questionnaire (CSV, XLSX or VSAQ JSON) from evaluated results and the answer library'

  static override examples = [
    '<%= config.bin %> answer questionnaire.xlsx --results results.json --out filled.xlsx',
    '<%= config.bin %> answer vsaq.json --results results.json --json',
    '<%= config.bin %> answer buyer.xlsx --results results.json --sheet "Security" --question-col C --answer-col "Response" --out filled.xlsx',
  ]

  static override args = {
    questionnaire: Args.string({ description: 'questionnaire file (.xlsx, .csv or VSAQ .json)', required: true }),
  }

  static override flags = {
    results: Flags.string({ description: 'results.json from `trustpack evaluate`', required: true }),
    library: Flags.string({ description: 'answer library YAML (default: controls/answers/library.yaml)' }),
    'past-answers': Flags.string({ description: 'approved past answers (from `trustpack library import`), added to the library; repeatable', multiple: true }),
    out: Flags.string({ char: 'o', description: 'write the filled-in copy (.xlsx, .csv or .json) and a .review.md beside it' }),
    sheet: Flags.string({ description: 'XLSX sheet holding the questions (name or 1-based number)' }),
    'question-col': Flags.string({ description: 'question column: letter (C) or header name' }),
    'answer-col': Flags.string({ description: 'answer column: letter or header name' }),
    'comment-col': Flags.string({ description: 'comment column: letter or header name' }),
    overwrite: Flags.boolean({ description: 'replace answers and comments already in the file (disagreements are still listed in the review)', default: false }),
    'name-resources': Flags.boolean({ description: 'name resources in the text written into the file (the review always names them)', default: false }),
    'partial-as': Flags.string({ description: 'what a partial answer becomes in a drop-down without a partial option', options: ['blank', 'no'], default: 'blank' }),
  }

  async run(): Promise<Answer[]> {
    const { args, flags } = await this.parse(AnswerCommand)
    this.debugEnabled = flags.debug
    const { answerQuestionnaire, reviewPathFor } = await import('../app/answer.js')
    const inputs = [{ flag: 'QUESTIONNAIRE', path: args.questionnaire }, { flag: '--results', path: flags.results }, { flag: '--library', path: flags.library }, ...(flags['past-answers'] ?? []).map((p) => ({ flag: '--past-answers', path: p })), { flag: '--config', path: flags.config }]
    checkOutputs([{ flag: '--out', path: flags.out }, { flag: '--out (its review list)', path: flags.out ? reviewPathFor(flags.out) : null }], inputs)
    const r = await answerQuestionnaire({
      questionnairePath: args.questionnaire,
      resultsPath: flags.results,
      libraryPath: flags.library,
      pastAnswersPaths: flags['past-answers'],
      outPath: flags.out,
      sheet: flags.sheet,
      questionCol: flags['question-col'],
      answerCol: flags['answer-col'],
      commentCol: flags['comment-col'],
      write: { overwrite: flags.overwrite, nameResources: flags['name-resources'], partialAs: flags['partial-as'] === 'no' ? 'no' : 'blank' },
      now: new Date(),
    })
    if (r.recognised) this.say(`recognised ${r.recognised.standard.toUpperCase()}${r.recognised.version ? ` ${r.recognised.version}` : ''} (${r.recognised.why}): questions are matched by ID first`)
    const c = r.counts
    this.say(`${r.answers.length} questions: ${c.yes} yes, ${c.no} no, ${c.partial} partial, ${c.not_applicable} n/a, ${c.text} values, ${c.unknown} unknown; ${c.review} need review`)
    if (r.kept > 0) this.say(`kept ${r.kept} answer${r.kept === 1 ? '' : 's'} already in the file${r.disagreements > 0 ? `; the evidence disagrees with ${r.disagreements} (see the review)` : ''}`)
    else if (r.disagreements > 0) this.say(`the evidence disagreed with ${r.disagreements} replaced answer${r.disagreements === 1 ? '' : 's'} (see the review)`)
    if (r.outPath) this.say(`wrote ${r.outPath}`)
    if (r.reviewPath) this.say(`review: ${r.reviewPath}`)
    if (!r.outPath) {
      for (const a of r.answers) this.say(`${a.questionId}\t${a.answer}\t${a.confidence.toFixed(2)}\t${a.question.slice(0, 80)}`)
    }
    return r.answers
  }
}

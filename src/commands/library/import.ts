// `trustpack library import FILE --approved-by EMAIL [--expires DATE] --out LIBRARY.yaml`: a completed
// questionnaire's answers as approved library entries (logic in src/app/library.ts).
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { checkOutputs } from '../../cli/outputs.js'
import { UsageError } from '../../core/errors.js'
import type { ImportLibraryResult } from '../../app/library.js'

export default class LibraryImport extends BaseCommand {
  static override summary = 'Turn a completed questionnaire (CSV or XLSX) into approved answer-library entries'
  static override description =
    'Each answered question becomes an entry approved by --approved-by today (until --expires): a Yes/No/Partial/N/A answer as a fixed answer, any other text as a value. ' +
    'An existing --out library is merged: its other entries are kept, and entries imported before from the same question are replaced.'

  static override examples = [
    '<%= config.bin %> library import last-year.xlsx --approved-by ciso@example.com --expires 2027-12-31 --out answers/approved.yaml',
    '<%= config.bin %> library import completed.csv --approved-by ciso@example.com --json',
    '<%= config.bin %> answer buyer.xlsx --results results.json --library answers/approved.yaml --out filled.xlsx',
  ]

  static override args = {
    file: Args.string({ description: 'completed questionnaire (.xlsx or .csv)', required: true }),
  }

  static override flags = {
    'approved-by': Flags.string({ description: 'e-mail address of the person approving these answers', required: true }),
    expires: Flags.string({ description: 'last day the approvals count (YYYY-MM-DD)' }),
    out: Flags.string({ char: 'o', description: 'library YAML to write; merged when it exists (required unless --json)' }),
    sheet: Flags.string({ description: 'XLSX sheet holding the questions (name or 1-based number)' }),
    'question-col': Flags.string({ description: 'question column: letter (C) or header name' }),
    'answer-col': Flags.string({ description: 'answer column: letter or header name' }),
    'comment-col': Flags.string({ description: 'comment column: letter or header name' }),
  }

  async run(): Promise<ImportLibraryResult> {
    const { args, flags } = await this.parse(LibraryImport)
    this.debugEnabled = flags.debug
    const { importLibrary } = await import('../../app/library.js')
    if (!flags.out && !this.jsonEnabled()) throw new UsageError('--out LIBRARY.yaml is required (or --json to print the entries without writing them)', 'see `trustpack library import --help`')
    checkOutputs([{ flag: '--out', path: flags.out }], [{ flag: 'FILE', path: args.file }, { flag: '--config', path: flags.config }])
    const r = await importLibrary({
      questionnairePath: args.file,
      approvedBy: flags['approved-by'],
      expires: flags.expires,
      outPath: flags.out,
      sheet: flags.sheet,
      questionCol: flags['question-col'],
      answerCol: flags['answer-col'],
      commentCol: flags['comment-col'],
      now: new Date(),
    })
    const c = r.counts
    this.say(`${r.entries.length} entries imported: ${c.yes} yes, ${c.no} no, ${c.partial} partial, ${c.not_applicable} n/a, ${c.value} values`)
    if (r.skipped.length > 0) this.say(`${r.skipped.length} question${r.skipped.length === 1 ? '' : 's'} without an answer skipped`)
    if (r.repeated.length > 0) this.say(`${r.repeated.length} repeated question${r.repeated.length === 1 ? '' : 's'} (same text) imported once: ${r.repeated.join(', ')}`)
    if (r.outPath) this.say(`wrote ${r.outPath} (${r.added.length} new, ${r.replaced.length} replaced, ${r.kept} other entries kept)`)
    return r
  }
}

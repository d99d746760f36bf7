// `trustpack library validate [--library FILE]`: the library loads and cites only checks, controls and trust
// claims that exist; expired approvals are warnings (logic in src/app/library.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { InputError } from '../../core/errors.js'
import type { LibraryValidateResult } from '../../app/library.js'

export default class LibraryValidate extends BaseCommand {
  static override summary = 'Validate the answer library: schema, citations of checks, controls and trust claims (file:line); expired approvals are warnings'
  static override examples = ['<%= config.bin %> library validate', '<%= config.bin %> library validate --library answers/approved.yaml']

  static override flags = {
    library: Flags.string({ description: 'answer library YAML (default: the shipped library)' }),
  }

  async run(): Promise<LibraryValidateResult> {
    const { flags } = await this.parse(LibraryValidate)
    const { validateLibrary } = await import('../../app/library.js')
    const result = validateLibrary({ libraryPath: flags.library, now: new Date() })
    if (!this.jsonEnabled()) for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`)
    if (!result.ok) {
      if (!this.jsonEnabled()) for (const p of result.problems) process.stderr.write(`${p}\n`)
      throw new InputError(`${result.problems.length} library problem(s) in ${flags.library ?? `the shipped library (${result.files.length} files)`}`).withResult(result)
    }
    this.say(`OK: ${result.entries} entries in ${flags.library ?? `the shipped library (${result.files.length} files)`}${result.warnings.length ? `; ${result.warnings.length} expired approval(s)` : ''}`)
    return result
  }
}

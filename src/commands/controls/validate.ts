// `trustpack controls validate`: every catalog problem as file:line, exit 2 when there is any (logic in src/app/controls.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { InputError } from '../../core/errors.js'
import type { ValidateResult } from '../../app/controls.js'

export default class ControlsValidate extends BaseCommand {
  static override summary = 'Validate the check and framework catalogs; every problem is reported as file:line'
  static override examples = ['<%= config.bin %> controls validate', '<%= config.bin %> controls validate --dir ./controls']

  static override flags = {
    dir: Flags.string({ description: 'controls directory holding checks/ and frameworks/ (default: the bundled catalogs)' }),
  }

  async run(): Promise<ValidateResult> {
    const { flags } = await this.parse(ControlsValidate)
    const { validateControls } = await import('../../app/controls.js')
    const result = validateControls(flags.dir ? { catalogDir: flags.dir } : {})
    if (!result.ok) {
      if (!this.jsonEnabled()) for (const p of result.problems) process.stderr.write(`${p}\n`)
      throw new InputError(`${result.problems.length} catalog problem(s) in ${result.dir}`).withResult(result)
    }
    this.say(`OK: ${result.checks} checks, ${result.frameworks} frameworks, ${result.controls} controls in ${result.dir}${result.fixturesChecked ? '' : ' (check fixtures not present here, not checked)'}`)
    return result
  }
}

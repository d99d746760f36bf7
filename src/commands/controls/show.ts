// `trustpack controls show ID`: one control (framework:id) or one check (logic in src/app/controls.ts).
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { CheckDetails, ControlDetails } from '../../app/controls.js'

export default class ControlsShow extends BaseCommand {
  static override summary = 'Show a control (soc2:CC6.1) or a check (sql-db-tde)'
  static override examples = ['<%= config.bin %> controls show soc2:CC6.1', '<%= config.bin %> controls show sql-db-tde']

  static override args = {
    id: Args.string({ description: 'framework:controlId, a check ID, or a control ID found in one framework only', required: true }),
  }

  static override flags = {
    dir: Flags.string({ description: 'controls directory holding checks/ and frameworks/ (default: the bundled catalogs)' }),
  }

  async run(): Promise<CheckDetails | ControlDetails> {
    const { args, flags } = await this.parse(ControlsShow)
    const { renderShow, showControl } = await import('../../app/controls.js')
    const details = showControl(args.id, flags.dir ? { catalogDir: flags.dir } : {})
    this.say(renderShow(details))
    return details
  }
}

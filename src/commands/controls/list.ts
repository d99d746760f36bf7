// `trustpack controls list`: controls per framework with their checks and coverage (logic in src/app/controls.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { ControlListResult } from '../../app/controls.js'

export default class ControlsList extends BaseCommand {
  static override summary = 'List the controls of each framework, with the checks that evidence them and coverage counts'
  static override examples = ['<%= config.bin %> controls list', '<%= config.bin %> controls list --framework soc2']

  static override flags = {
    framework: Flags.string({ description: 'only this framework (repeatable)', multiple: true }),
    dir: Flags.string({ description: 'controls directory holding checks/ and frameworks/ (default: the bundled catalogs)' }),
  }

  async run(): Promise<ControlListResult> {
    const { flags } = await this.parse(ControlsList)
    const { listControls, renderControlList } = await import('../../app/controls.js')
    const result = listControls({ ...(flags.dir ? { catalogDir: flags.dir } : {}), ...(flags.framework ? { frameworks: flags.framework } : {}) })
    this.say(renderControlList(result))
    return result
  }
}

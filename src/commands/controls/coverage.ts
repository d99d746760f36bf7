// `trustpack controls coverage`: automated / both / manual / unmapped controls per framework.
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { CoverageRow } from '../../app/controls.js'

export default class ControlsCoverage extends BaseCommand {
  static override summary = 'Per framework: how many controls are automated, manual, both, or unmapped'
  static override examples = ['<%= config.bin %> controls coverage']

  static override flags = {
    framework: Flags.string({ description: 'only this framework (repeatable)', multiple: true }),
    dir: Flags.string({ description: 'controls directory holding checks/ and frameworks/ (default: the bundled catalogs)' }),
  }

  async run(): Promise<CoverageRow[]> {
    const { flags } = await this.parse(ControlsCoverage)
    const { coverageReport, renderCoverage } = await import('../../app/controls.js')
    const rows = coverageReport({ ...(flags.dir ? { catalogDir: flags.dir } : {}), ...(flags.framework ? { frameworks: flags.framework } : {}) })
    this.say(renderCoverage(rows))
    return rows
  }
}

// `trustpack history show RUN`: one recorded run (logic in src/app/history.ts).
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { RunDetails } from '../../app/history.js'

export default class HistoryShow extends BaseCommand {
  static override summary = 'Show one recorded run: its record, objects, signature and control counts'
  static override examples = ['<%= config.bin %> history show 3', '<%= config.bin %> history show latest --json']

  static override args = {
    run: Args.string({ description: 'run number, "latest", or a prefix (6+ characters) of the record\'s SHA-256', required: true }),
  }

  static override flags = {
    history: Flags.string({ description: 'evidence store folder (default: the history section of trustpack.yaml)' }),
  }

  async run(): Promise<RunDetails> {
    const { args, flags } = await this.parse(HistoryShow)
    const { renderHistoryRun, requireHistoryStore, showHistoryRun } = await import('../../app/history.js')
    const store = await requireHistoryStore(this.loadConfigFlag(flags.config), flags.history ? { dir: flags.history } : {})
    const details = await showHistoryRun(store, args.run)
    this.say(renderHistoryRun(details))
    return details
  }
}

// `trustpack history list`: the runs recorded in the evidence store (logic in src/app/history.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { RunSummary } from '../../app/history.js'

export default class HistoryList extends BaseCommand {
  static override summary = 'List the runs recorded in the evidence store'
  static override examples = ['<%= config.bin %> history list', '<%= config.bin %> history list --history .trustpack/history --json']

  static override flags = {
    history: Flags.string({ description: 'evidence store folder (default: the history section of trustpack.yaml)' }),
  }

  async run(): Promise<{ store: string; runs: RunSummary[] }> {
    const { flags } = await this.parse(HistoryList)
    const { listHistory, renderHistoryList, requireHistoryStore } = await import('../../app/history.js')
    const store = await requireHistoryStore(this.loadConfigFlag(flags.config), flags.history ? { dir: flags.history } : {})
    const list = await listHistory(store)
    this.say(renderHistoryList(list))
    return list
  }
}

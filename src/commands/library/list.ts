// `trustpack library list [--library FILE]`: one line per answer-library entry (logic in src/app/library.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { LibraryRow } from '../../app/library.js'

export default class LibraryList extends BaseCommand {
  static override summary = 'List the answer library: id, kind (evidence, fixed, approved), approver and expiry, topic'
  static override examples = ['<%= config.bin %> library list', '<%= config.bin %> library list --library answers/approved.yaml']

  static override flags = {
    library: Flags.string({ description: 'answer library YAML (default: the shipped library)' }),
  }

  async run(): Promise<LibraryRow[]> {
    const { flags } = await this.parse(LibraryList)
    const { listLibrary, renderLibraryList } = await import('../../app/library.js')
    const rows = listLibrary({ libraryPath: flags.library, now: new Date() })
    this.say(renderLibraryList(rows))
    return rows
  }
}

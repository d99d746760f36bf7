// `trustpack library show ID [--library FILE]`: one answer-library entry in full (logic in src/app/library.ts).
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { LibraryShow } from '../../app/library.js'

export default class LibraryShowCommand extends BaseCommand {
  static override summary = 'Show one answer-library entry'
  static override examples = ['<%= config.bin %> library show db-encryption-at-rest', '<%= config.bin %> library show past-do-you-encrypt-data-at-rest-1a2b3c4d --library answers/approved.yaml --json']

  static override args = {
    id: Args.string({ description: 'entry id (see `trustpack library list`)', required: true }),
  }

  static override flags = {
    library: Flags.string({ description: 'answer library YAML (default: the shipped library)' }),
  }

  async run(): Promise<LibraryShow> {
    const { args, flags } = await this.parse(LibraryShowCommand)
    const { renderLibraryShow, showLibraryEntry } = await import('../../app/library.js')
    const shown = showLibraryEntry(args.id, { libraryPath: flags.library, now: new Date() })
    this.say(renderLibraryShow(shown))
    return shown
  }
}

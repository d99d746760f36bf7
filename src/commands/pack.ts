import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { buildPack, defaultPackDir, type BuildPackResult } from '../app/pack.js'
import { checkOutputs } from '../cli/outputs.js'

export default class Pack extends BaseCommand {
  static override summary = 'Build the evidence pack: HTML, PDF, OSCAL, evidence per control, manifest and signature'
  static override description = 'Reads results.json and the snapshot it was evaluated from (snapshot.json next to it, or --snapshot) and writes a folder, or a .zip with --zip, that an auditor can read and verify without trustpack.'
  static override examples = [
    '<%= config.bin %> pack --results reports/results.json',
    '<%= config.bin %> pack --results results.json --snapshot snapshot.json --zip --sign-key keys/trustpack-signing.key',
  ]

  static override flags = {
    results: Flags.string({ description: 'results.json from `trustpack evaluate`', required: true }),
    snapshot: Flags.string({ description: 'the snapshot the results were evaluated from (default: snapshot.json next to the results, if its SHA-256 matches)' }),
    out: Flags.string({ char: 'o', description: 'output folder (or .zip path with --zip); default reports/pack-<evaluation date>' }),
    zip: Flags.boolean({ description: 'write a single .zip instead of a folder' }),
    'sign-key': Flags.string({ description: 'Ed25519 private key (PEM) to sign the manifest; see `trustpack keys generate`' }),
  }

  async run(): Promise<BuildPackResult> {
    const { flags } = await this.parse(Pack)
    this.debugEnabled = flags.debug
    const outDir = flags.out ?? defaultPackDir(flags.results)
    checkOutputs([{ flag: '--out', path: outDir, folder: !flags.zip }], [{ flag: '--results', path: flags.results }, { flag: '--snapshot', path: flags.snapshot }, { flag: '--sign-key', path: flags['sign-key'] }])
    this.progress('Building evidence pack…')
    const result = await buildPack({
      resultsPath: flags.results,
      snapshotPath: flags.snapshot,
      outDir,
      zip: flags.zip,
      signKeyPath: flags['sign-key'],
      configPath: flags.config,
      now: new Date(),
    })
    this.say(`Wrote ${result.files} files to ${result.path} (${result.signed ? 'signed' : 'unsigned'})`)
    return result
  }
}

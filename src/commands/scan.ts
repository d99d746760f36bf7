import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { collectionFlags, scanOptionsFromFlags } from '../cli/scan-flags.js'
import { checkOutputs } from '../cli/outputs.js'
import type { Snapshot } from '../snapshot/schema.js'

export default class Scan extends BaseCommand {
  static override summary = 'Collect a snapshot of the Azure configuration trustpack checks (read-only).'
  static override examples = [
    '<%= config.bin %> scan --out snapshot.json',
    '<%= config.bin %> scan -s 00000000-0000-0000-0000-000000000000 --concurrency 8',
  ]

  static override flags = {
    ...collectionFlags,
    out: Flags.string({ char: 'o', description: 'snapshot file to write', default: 'snapshot.json' }),
  }

  async run(): Promise<Snapshot> {
    const { flags } = await this.parse(Scan)
    this.debugEnabled = flags.debug
    const { runScan, summarizeSnapshot } = await import('../app/scan.js')
    checkOutputs([{ flag: '--out', path: flags.out }], [{ flag: '--config', path: flags.config }])
    const { config } = this.loadConfigFlag(flags.config)
    const result = await runScan({
      ...scanOptionsFromFlags(flags, config, (m) => this.progress(m), (m) => this.notice(m)),
      out: flags.out,
    })
    this.say(summarizeSnapshot(result.snapshot))
    this.say(`Snapshot written to ${flags.out} (sha256 ${result.sha256.slice(0, 12)}…)`)
    return result.snapshot
  }
}

import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { collectionFlags, scanOptionsFromFlags, shardFlags } from '../cli/scan-flags.js'
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
    ...shardFlags,
    out: Flags.string({ char: 'o', description: 'snapshot file to write', default: 'snapshot.json' }),
    record: Flags.boolean({ description: 'record this run in the evidence store (on by default when trustpack.yaml has a history section)' }),
    history: Flags.string({ description: 'evidence store folder to record in (implies --record; default: the config\'s history section)' }),
    'history-sign-key': Flags.string({ description: 'Ed25519 private key (PEM) signing the run record (default: history.signKey in the config)' }),
  }

  async run(): Promise<Snapshot> {
    const { flags } = await this.parse(Scan)
    this.debugEnabled = flags.debug
    const { checkRecording, recordFiles, renderRecorded } = await import('../app/history.js')
    const { runScan, summarizeSnapshot } = await import('../app/scan.js')
    checkOutputs([{ flag: '--out', path: flags.out }], [{ flag: '--config', path: flags.config }])
    const loaded = this.loadConfigFlag(flags.config)
    const { config } = loaded
    const historyFlags = { record: flags.record, ...(flags.history ? { dir: flags.history } : {}), ...(flags['history-sign-key'] ? { signKey: flags['history-sign-key'] } : {}) }
    await checkRecording(loaded, historyFlags)
    const result = await runScan({
      ...scanOptionsFromFlags(flags, config, (m) => this.progress(m), (m) => this.notice(m)),
      out: flags.out,
    })
    this.say(summarizeSnapshot(result.snapshot))
    this.say(`Snapshot written to ${flags.out} (sha256 ${result.sha256.slice(0, 12)}…)`)
    const recorded = await recordFiles({ config: loaded, flags: historyFlags, kind: 'scan', snapshotPath: flags.out, now: new Date() })
    if (recorded) this.say(renderRecorded(recorded))
    return result.snapshot
  }
}

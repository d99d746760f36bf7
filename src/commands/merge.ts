// `trustpack merge`: the shard snapshots of one `scan --shard K/N` run → one snapshot (logic in src/app/merge.ts).
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { checkOutputs } from '../cli/outputs.js'
import type { MergeSummary } from '../app/merge.js'

export default class Merge extends BaseCommand {
  static override summary = 'Combine the shard snapshots of one sharded scan into one snapshot.'
  static override description = 'Each input must come from `trustpack scan --shard K/N` of the same run (same N, tool version, endpoint and tenant), one per shard. Resources held identically by several shards are kept once; a resource read differently is recorded as a conflict and its checks evaluate to error. Missing shards are recorded as failed reads: the merged snapshot is written, marked incomplete, and the command exits 4 unless --allow-partial.'
  static override strict = false
  static override examples = [
    '<%= config.bin %> merge snapshot-1.json snapshot-2.json snapshot-3.json snapshot-4.json --out merged.json',
    '<%= config.bin %> merge shards/*.json --out merged.json --json',
  ]

  static override args = {
    snapshots: Args.string({ description: 'shard snapshots (snapshot-K.json from `scan --shard K/N`), one per shard', required: true }),
  }

  static override flags = {
    out: Flags.string({ char: 'o', description: 'merged snapshot to write', required: true }),
    'allow-partial': Flags.boolean({ description: 'accept missing shards, failed reads or conflicts (exit 0 instead of 4); the merged snapshot is still marked incomplete' }),
  }

  async run(): Promise<MergeSummary> {
    const { argv, flags } = await this.parse(Merge)
    this.debugEnabled = flags.debug
    const paths = argv as string[]
    checkOutputs([{ flag: '--out', path: flags.out }], [...paths.map((p) => ({ flag: 'snapshot', path: p })), { flag: '--config', path: flags.config }])
    const { mergeFiles, renderMergeSummary } = await import('../app/merge.js')
    const { summary } = mergeFiles(paths, { out: flags.out, allowPartial: flags['allow-partial'], onWarning: (w) => this.notice(`Warning: ${w}`) })
    this.say(renderMergeSummary(summary))
    this.say(`Merged snapshot written to ${flags.out} (sha256 ${summary.sha256.slice(0, 12)}…)`)
    return summary
  }
}

import { Flags } from '@oclif/core'
import { checkOutputs } from '../cli/outputs.js'
import { BaseCommand } from '../cli/base-command.js'
import { collectionFlags, scanOptionsFromFlags } from '../cli/scan-flags.js'
import type { BaselineOutcome } from '../app/baseline.js'
import { DEFAULT_BASELINE_FILE } from '../app/check.js'

export default class Baseline extends BaseCommand {
  static override summary = 'Write the CI baseline (control statuses and failing findings) to commit into a repository.'
  static override description = 'The file is stable (sorted, no timestamps), one line per control and per failing resource, so a pull request diff shows exactly what changed. `trustpack check --baseline FILE` compares later runs with it.'
  static override examples = [
    '<%= config.bin %> baseline --snapshot snapshot.json',
    '<%= config.bin %> baseline --out trustpack-baseline.json -f soc2 -f iso27001',
  ]

  static override flags = {
    ...collectionFlags,
    snapshot: Flags.string({ description: 'evaluate this snapshot instead of scanning', exclusive: ['results'] }),
    results: Flags.string({ description: 'use this results file (from `trustpack evaluate`) instead of scanning', exclusive: ['snapshot'] }),
    framework: Flags.string({ char: 'f', description: 'framework to evaluate (repeatable; default from config, else all)', multiple: true }),
    out: Flags.string({ char: 'o', description: 'baseline file to write', default: DEFAULT_BASELINE_FILE }),
  }

  async run(): Promise<BaselineOutcome> {
    const { flags } = await this.parse(Baseline)
    this.debugEnabled = flags.debug
    const { runBaseline } = await import('../app/baseline.js')
    checkOutputs([{ flag: '--out', path: flags.out }], [{ flag: '--snapshot', path: flags.snapshot }, { flag: '--results', path: flags.results }, { flag: '--config', path: flags.config }])
    const loaded = this.loadConfigFlag(flags.config)
    const outcome = await runBaseline({
      ...(flags.snapshot ? { snapshotPath: flags.snapshot } : {}),
      ...(flags.results ? { resultsPath: flags.results } : {}),
      scan: scanOptionsFromFlags(flags, loaded.config, (m) => this.progress(m), (m) => this.notice(m)),
      ...(flags.framework?.length ? { frameworks: flags.framework } : {}),
      out: flags.out,
      config: loaded,
      now: new Date(),
    })
    const failing = Object.entries(outcome.failingControls).filter(([, ids]) => ids.length).map(([fw, ids]) => `${fw} ${ids.join(', ')}`)
    this.say(`Baseline ${outcome.changed ? 'written to' : 'unchanged in'} ${outcome.path}: ${outcome.controls} controls in ${outcome.frameworks.join(', ') || 'no frameworks'}, ${outcome.failingFindings} failing and ${outcome.errorFindings} error findings recorded`)
    if (failing.length) this.say(`Failing controls accepted: ${failing.join('; ')}`)
    return outcome
  }
}

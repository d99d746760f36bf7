// `trustpack evaluate`: snapshot → results.json plus a terminal summary (logic in src/app/evaluate.ts).
import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { checkOutputs } from '../cli/outputs.js'
import type { Results } from '../snapshot/results.js'

export default class Evaluate extends BaseCommand {
  static override summary = 'Judge a snapshot against the control catalogs and write results.json'
  static override description = 'Evaluates every check over the snapshot, applies exceptions and attestations from trustpack.yaml, and rolls findings up to controls of the chosen frameworks (default: the config\'s frameworks, else all).'
  static override examples = [
    '<%= config.bin %> evaluate --snapshot reports/snapshot.json',
    '<%= config.bin %> evaluate --snapshot snapshot.json --framework soc2 --framework trust-claims --out results.json',
  ]

  static override flags = {
    snapshot: Flags.string({ description: 'snapshot.json produced by `trustpack scan`', required: true }),
    framework: Flags.string({ description: 'framework to report on (repeatable): soc2, iso27001, gdpr, trust-claims', multiple: true }),
    out: Flags.string({ char: 'o', description: 'where to write the results (default: results.json next to the snapshot)' }),
    record: Flags.boolean({ description: 'record this run in the evidence store (on by default when trustpack.yaml has a history section)' }),
    history: Flags.string({ description: 'evidence store folder to record in (implies --record; default: the config\'s history section)' }),
    'history-sign-key': Flags.string({ description: 'Ed25519 private key (PEM) signing the run record (default: history.signKey in the config)' }),
    catalog: Flags.string({ description: 'controls directory holding checks/ and frameworks/ (default: the bundled catalogs)', hidden: true }),
  }

  async run(): Promise<Results> {
    const { flags } = await this.parse(Evaluate)
    const { checkRecording, recordFiles, renderRecorded } = await import('../app/history.js')
    const { defaultResultsPath, evaluateFile, renderEvaluationSummary } = await import('../app/evaluate.js')
    checkOutputs([{ flag: '--out', path: flags.out ?? defaultResultsPath(flags.snapshot) }], [{ flag: '--snapshot', path: flags.snapshot }, { flag: '--config', path: flags.config }])
    const config = this.loadConfigFlag(flags.config)
    const historyFlags = { record: flags.record, ...(flags.history ? { dir: flags.history } : {}), ...(flags['history-sign-key'] ? { signKey: flags['history-sign-key'] } : {}) }
    await checkRecording(config, historyFlags)
    const { results, outPath } = evaluateFile(flags.snapshot, {
      config,
      now: new Date(),
      ...(flags.framework ? { frameworks: flags.framework } : {}),
      ...(flags.out ? { out: flags.out } : {}),
      ...(flags.catalog ? { catalogDir: flags.catalog } : {}),
    })
    this.say(renderEvaluationSummary(results))
    this.say(`\nResults written to ${outPath}`)
    const recorded = await recordFiles({ config, flags: historyFlags, kind: 'evaluate', snapshotPath: flags.snapshot, resultsPath: outPath, now: new Date() })
    if (recorded) this.say(renderRecorded(recorded))
    return results
  }
}

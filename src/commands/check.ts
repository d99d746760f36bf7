import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { collectionFlags, scanOptionsFromFlags } from '../cli/scan-flags.js'
import { FailingError } from '../core/errors.js'
import type { CheckOutcome } from '../app/check.js'
import { FAIL_ON_LEVELS } from '../report/ci/compare.js'
import { checkOutputs } from '../cli/outputs.js'

export type CheckJson = Omit<CheckOutcome, 'results' | 'report'>

export default class Check extends BaseCommand {
  static override summary = 'CI gate: evaluate the estate, compare with a baseline, exit 1 on drift.'
  static override description = [
    'Scans (or reads --snapshot / --results), evaluates, and compares with the committed baseline:',
    'new failures, resolved, still failing, new errors. --fail-on chooses what breaks the build:',
    '  new       (default with --baseline) a finding failing or in error that the baseline does not list, a control worse than in the baseline, or an expired exception',
    '  any       (default without --baseline) any failing control',
    '  error     any failing control or control in error',
    '  critical|high|medium|low  any failing finding of that severity or above',
    'Exit 1 when the gate breaks; 2 bad input; 3 authentication; 4 incomplete scan without --allow-partial.',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> check --baseline trustpack-baseline.json --junit reports/trustpack.xml --sarif reports/trustpack.sarif',
    '<%= config.bin %> check --snapshot snapshot.json --baseline trustpack-baseline.json --markdown summary.md',
    '<%= config.bin %> check --snapshot snapshot.json --fail-on high',
    '<%= config.bin %> check --snapshot snapshot.json --baseline trustpack-baseline.json --update-baseline',
  ]

  static override flags = {
    ...collectionFlags,
    snapshot: Flags.string({ description: 'evaluate this snapshot instead of scanning', exclusive: ['results'] }),
    results: Flags.string({ description: 'gate on this results file (from `trustpack evaluate`) instead of scanning', exclusive: ['snapshot'] }),
    baseline: Flags.string({ char: 'b', description: 'baseline to compare with (from `trustpack baseline`; a results.json or snapshot.json also works); created from this run when missing' }),
    'fail-on': Flags.string({ description: 'what breaks the build: new (default with --baseline), any (default without), error, critical, high, medium, low', options: [...FAIL_ON_LEVELS] }),
    framework: Flags.string({ char: 'f', description: 'framework to evaluate (repeatable; default from config, else all)', multiple: true }),
    junit: Flags.string({ description: 'write JUnit XML here (a testsuite per framework, a testcase per control)' }),
    sarif: Flags.string({ description: 'write SARIF 2.1.0 here (rules = checks, results = failing findings)' }),
    markdown: Flags.string({ description: 'write the Markdown summary here (also appended to $GITHUB_STEP_SUMMARY when set)' }),
    'update-baseline': Flags.boolean({ description: 'write this run as the new baseline (the exit code still reports drift against the old one)' }),
    'require-baseline': Flags.boolean({ description: 'a missing --baseline file is an error (exit 2) instead of being created' }),
  }

  async run(): Promise<CheckJson> {
    const { flags } = await this.parse(Check)
    this.debugEnabled = flags.debug
    const { runCheck } = await import('../app/check.js')
    const inputs = [{ flag: '--snapshot', path: flags.snapshot }, { flag: '--results', path: flags.results }, { flag: '--config', path: flags.config }]
    // The baseline is read, and written only with --update-baseline or when it does not exist yet: no report may land on it.
    const reports = [{ flag: '--junit', path: flags.junit }, { flag: '--sarif', path: flags.sarif }, { flag: '--markdown', path: flags.markdown }]
    if (flags['update-baseline']) checkOutputs([...reports, { flag: '--baseline', path: flags.baseline }], inputs)
    else checkOutputs(reports, [...inputs, { flag: '--baseline', path: flags.baseline }])
    const loaded = this.loadConfigFlag(flags.config)
    const stepSummary = process.env.GITHUB_STEP_SUMMARY
    const outcome = await runCheck({
      ...(flags.snapshot ? { snapshotPath: flags.snapshot } : {}),
      ...(flags.results ? { resultsPath: flags.results } : {}),
      scan: scanOptionsFromFlags(flags, loaded.config, (m) => this.progress(m), (m) => this.notice(m)),
      ...(flags.baseline ? { baselinePath: flags.baseline } : {}),
      ...(flags['fail-on'] ? { failOn: flags['fail-on'] } : {}),
      ...(flags.framework?.length ? { frameworks: flags.framework } : {}),
      ...(flags.junit ? { junitPath: flags.junit } : {}),
      ...(flags.sarif ? { sarifPath: flags.sarif } : {}),
      ...(flags.markdown ? { markdownPath: flags.markdown } : {}),
      ...(stepSummary ? { stepSummaryPath: stepSummary } : {}),
      updateBaseline: flags['update-baseline'],
      requireBaseline: flags['require-baseline'],
      config: loaded,
      now: new Date(),
    })
    const { results: _results, report, ...json } = outcome
    if (!this.jsonEnabled()) process.stdout.write(report)
    if (outcome.breaking) {
      throw new FailingError(`gate broken (--fail-on ${outcome.failOn}): ${outcome.reasons.join('; ')}`, json)
    }
    return json
  }
}

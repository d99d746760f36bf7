import { Flags } from '@oclif/core'
import { checkOutputs } from '../cli/outputs.js'
import { relative } from 'node:path'
import { BaseCommand } from '../cli/base-command.js'
import type { DemoResult } from '../app/demo.js'
import { AppError, ExitCode } from '../core/errors.js'

export default class Demo extends BaseCommand {
  static override summary = 'Run the whole pipeline on the bundled sample estate (local emulator, no Azure account).'
  static override description =
    'Starts a local HTTPS ARM emulator serving a sample SaaS estate, scans it with the real Azure SDK clients, evaluates it against SOC 2, ISO 27001, GDPR and the trust-page claims, builds and verifies a signed evidence pack, and answers a sample buyer questionnaire.'
  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --out /tmp/trustpack-demo']

  static override flags = {
    out: Flags.string({ char: 'o', description: 'output folder', default: 'reports/demo' }),
  }

  async run(): Promise<DemoResult> {
    const { flags } = await this.parse(Demo)
    this.debugEnabled = flags.debug
    const { runDemo } = await import('../app/demo.js')
    checkOutputs([{ flag: '--out', path: flags.out, folder: true }], [{ flag: '--config', path: flags.config }])
    const result = await runDemo({
      outDir: flags.out,
      ...(flags.config ? { configPath: flags.config } : {}),
      now: () => new Date(),
      onProgress: (m) => this.progress(m),
    })
    const rel = (p: string | null): string => (p ? relative(process.cwd(), p) || '.' : '-')
    this.say(result.scanSummary)
    this.say('')
    this.say(result.evaluationSummary)
    this.say('')
    this.say(`Evidence pack: ${rel(result.packPath)} (SAMPLE DATA, watermarked; signed; verify: ${result.verify.ok ? 'intact' : 'FAILED'})`)
    this.say(`Signing key: ${rel(result.keyPath)} (public: ${rel(result.publicKeyPath)}), a throwaway demo key outside the pack folder; never use it for a real pack`)
    const answers = Object.entries(result.answers).map(([k, v]) => `${v} ${k}`).join(', ')
    this.say(`Questionnaire: ${rel(result.questionnairePath)} (${answers}); review list: ${rel(result.reviewPath)}`)
    this.say(result.history.text)
    this.say(`Snapshot: ${rel(result.snapshotPath)}  Results: ${rel(result.resultsPath)}`)
    this.say(`Per-control detail: open ${rel(result.packPath)}/index.html, or run \`trustpack evaluate --snapshot ${rel(result.snapshotPath)} --config ${rel(result.configPath)}\``)
    if (!result.verify.ok) throw new AppError(`the demo pack failed verification: ${result.verify.problems.join('; ')}`, ExitCode.failing)
    return result
  }
}

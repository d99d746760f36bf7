import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import type { BuildPackResult } from '../app/pack.js'
import { checkOutputs } from '../cli/outputs.js'
import { UsageError } from '../core/errors.js'
import { join } from 'node:path'

export default class Pack extends BaseCommand {
  static override summary = 'Build the evidence pack: HTML, PDF, OSCAL, evidence per control, manifest and signature'
  static override description = 'Reads results.json and the snapshot it was evaluated from (snapshot.json next to it, or --snapshot) and writes a folder, or a .zip with --zip, that an auditor can read and verify without trustpack.'
  static override examples = [
    '<%= config.bin %> pack --results reports/results.json',
    '<%= config.bin %> pack --results results.json --snapshot snapshot.json --zip --sign-key keys/trustpack-signing.key',
  ]

  static override flags = {
    results: Flags.string({ description: 'results.json from `trustpack evaluate` (not with --period/--since)' }),
    period: Flags.string({ description: 'FROM..TO (YYYY-MM-DD..YYYY-MM-DD): a pack over every run recorded in the evidence store in the period' }),
    since: Flags.string({ description: 'DATE (YYYY-MM-DD): as --period DATE..today' }),
    history: Flags.string({ description: 'evidence store folder for --period/--since (default: the history section of trustpack.yaml)' }),
    'cadence-days': Flags.integer({ description: 'expected days between runs for --period: longer without a run is a coverage gap (default history.cadenceDays, else 1)' }),
    snapshot: Flags.string({ description: 'the snapshot the results were evaluated from (default: snapshot.json next to the results, if its SHA-256 matches)' }),
    out: Flags.string({ char: 'o', description: 'output folder (or .zip path with --zip); default reports/pack-<evaluation date>' }),
    zip: Flags.boolean({ description: 'write a single .zip instead of a folder' }),
    'sign-key': Flags.string({ description: 'Ed25519 private key (PEM) to sign the manifest; see `trustpack keys generate`' }),
  }

  async run(): Promise<BuildPackResult> {
    const { flags } = await this.parse(Pack)
    this.debugEnabled = flags.debug
    if (flags.period || flags.since) {
      if (flags.results || flags.snapshot) throw new UsageError('--results/--snapshot and --period/--since: a period pack takes its results from the evidence store')
      const { buildPeriodPack, renderPeriodPackResult, resolvePeriod } = await import('../app/period-pack.js')
      const now = new Date()
      const p = resolvePeriod(flags.period, flags.since, now)
      const out = flags.out ?? join('reports', `period-pack-${p.from}_${p.to}`)
      checkOutputs([{ flag: '--out', path: out, folder: !flags.zip }], [{ flag: '--sign-key', path: flags['sign-key'] }, { flag: '--config', path: flags.config }])
      const result = await buildPeriodPack({
        config: this.loadConfigFlag(flags.config), outDir: out, zip: flags.zip, now,
        ...(flags.period ? { period: flags.period } : {}), ...(flags.since ? { since: flags.since } : {}),
        ...(flags.history ? { historyDir: flags.history } : {}), ...(flags['sign-key'] ? { signKeyPath: flags['sign-key'] } : {}),
        ...(flags['cadence-days'] !== undefined ? { cadenceDays: flags['cadence-days'] } : {}),
      })
      this.say(renderPeriodPackResult(result))
      return result
    }
    if (flags.history || flags['cadence-days'] !== undefined) throw new UsageError('--history and --cadence-days go with --period FROM..TO or --since DATE')
    if (!flags.results) throw new UsageError('Missing required flag results (or --period FROM..TO / --since DATE for a period pack from the evidence store)')
    const { buildPack, defaultPackDir } = await import('../app/pack.js')
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

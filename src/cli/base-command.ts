// Shared flags and error handling for every command: --json, --config, --debug; the whole message of an
// error then its hint, with the exit code of DESIGN.md (stack only under --debug); under --json the error
// as one JSON object on stdout; and an interrupted command leaves no temporary file behind.
import { Command, Flags, Errors } from '@oclif/core'
import type { Input, ParserOutput } from '@oclif/core/interfaces'
import { AppError, ExitCode, UsageError, locationIn } from '../core/errors.js'
import { loadConfig, type LoadedConfig } from '../core/config.js'
import { handleSignals } from './signals.js'

/** What an error becomes for the user: `code` is the error's class (or an Azure / errno code it carries). */
export interface ErrorReport {
  code: string
  message: string
  exitCode: number
  hint?: string
  file?: string
  line?: number
}

/** The shapes oclif's parse is generic over (not exported by @oclif/core). */
type FlagOutput = { [name: string]: unknown }
type ArgOutput = { [name: string]: unknown }

export function errorReport(err: unknown, commandId: string | undefined): ErrorReport {
  const e = err as Error & { code?: unknown; oclif?: { exit?: number } }
  const message = (e?.message ?? String(err)).trim() || String(err)
  if (err instanceof AppError) {
    return {
      code: err.name,
      message,
      exitCode: err.exitCode,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.where.file ? { file: err.where.file } : {}),
      ...(err.where.line !== undefined ? { line: err.where.line } : {}),
    }
  }
  // oclif's own parse and usage errors are CLIErrors: the command line is at fault.
  if (err instanceof Errors.CLIError) {
    return { code: 'UsageError', message, exitCode: ExitCode.input, hint: `see \`trustpack ${commandId?.replace(/:/g, ' ') ?? ''} --help\``.replace('  ', ' ') }
  }
  return { code: typeof e?.code === 'string' ? e.code : (e?.name ?? 'Error'), message, exitCode: ExitCode.internal, hint: 'this is a bug in trustpack: rerun with --debug and report the stack trace', ...locationIn(message) }
}

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({ description: 'configuration file (default ./trustpack.yaml if present)', helpGroup: 'GLOBAL' }),
    debug: Flags.boolean({ description: 'print stack traces and request details on error', helpGroup: 'GLOBAL' }),
  }

  protected debugEnabled = false

  override async init(): Promise<void> {
    handleSignals()
    await super.init()
  }

  /** Any failure to read the command line (a flag's own parser included) is a usage error, whatever threw it. */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Input<F, B, A>,
    argv?: string[],
  ): Promise<ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (err) {
      if (err instanceof AppError || err instanceof Errors.ExitError) throw err
      throw new UsageError((err as Error).message?.trim() || String(err), `see \`trustpack ${this.id?.replace(/:/g, ' ') ?? ''} --help\``)
    }
  }

  protected loadConfigFlag(path: string | undefined): LoadedConfig {
    return loadConfig(path)
  }

  /** Progress for long work, on stderr only and only when stderr is a terminal. */
  protected progress(message: string): void {
    if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  /** A notice that must reach the user whether or not stderr is a terminal (a long wait, a warning). */
  protected notice(message: string): void {
    process.stderr.write(`${message}\n`)
  }

  /** Human output that must stay off stdout when --json is given. */
  protected say(message: string): void {
    if (!this.jsonEnabled()) this.log(message)
  }

  protected override async catch(err: Error): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err
    const debug = this.debugEnabled || this.argv.includes('--debug')
    const report = errorReport(err, this.id)
    if (this.jsonEnabled()) {
      const result = err instanceof AppError && err.result ? err.result : {}
      process.stdout.write(`${JSON.stringify({ ...result, error: report }, null, 2)}\n`)
    } else {
      // The whole message reaches the user: continuation lines (a credential chain's causes) indented under it.
      const [first, ...rest] = report.message.split('\n')
      process.stderr.write(`Error: ${first}\n${rest.map((l) => `  ${l.trimEnd()}\n`).join('')}`)
      if (report.hint) process.stderr.write(`Hint: ${report.hint}\n`)
    }
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`)
    this.exit(report.exitCode)
  }
}

// Shared flags and error handling for every command: --json, --config, --debug, and
// one clear line per error with the exit code of DESIGN.md (stack only under --debug).
import { Command, Flags, Errors } from '@oclif/core'
import { AppError, ExitCode } from '../core/errors.js'
import { loadConfig, type LoadedConfig } from '../core/config.js'

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({ description: 'configuration file (default ./trustpack.yaml if present)', helpGroup: 'GLOBAL' }),
    debug: Flags.boolean({ description: 'print stack traces and request details on error', helpGroup: 'GLOBAL' }),
  }

  protected debugEnabled = false

  protected loadConfigFlag(path: string | undefined): LoadedConfig {
    return loadConfig(path)
  }

  /** Progress for long work, on stderr only and only when stderr is a terminal. */
  protected progress(message: string): void {
    if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  /** Human output that must stay off stdout when --json is given. */
  protected say(message: string): void {
    if (!this.jsonEnabled()) this.log(message)
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    const debug = this.debugEnabled || this.argv.includes('--debug')
    if (err instanceof AppError) {
      process.stderr.write(`Error: ${err.message}\n`)
      if (err.hint) process.stderr.write(`Hint: ${err.hint}\n`)
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`)
      this.exit(err.exitCode)
    }
    if (err instanceof Errors.ExitError) throw err
    // oclif's own parse errors (unknown flag, missing argument) are usage errors: exit 2.
    const isParse = err.oclif?.exit === 2 || /Unexpected argument|Nonexistent flag|Missing required flag|Expected --|Parsing --|Missing \d+ required arg|Expected a|flag .* expects/.test(err.message)
    const firstLine = err.message.split('\n').find((l) => l.trim() !== '') ?? String(err)
    process.stderr.write(`Error: ${firstLine.trim()}\n`)
    if (isParse) process.stderr.write(`Hint: see \`trustpack ${this.id?.replace(/:/g, ' ') ?? ''} --help\`\n`)
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`)
    this.exit(isParse ? ExitCode.input : (err.exitCode && err.exitCode > 1 ? err.exitCode : 1))
  }
}

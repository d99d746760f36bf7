// oclif hook for a mistyped command: one line naming it and the nearest command, exit 2 (a usage error);
// under --json the error object on stdout, as every command's errors are.
import type { Hook } from '@oclif/core'
import { closest } from '../catalog/suggest.js'
import { ExitCode } from '../core/errors.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const typed = opts.id.replace(/:/g, ' ')
  const commands = [...new Set(opts.config.commands.filter((c) => !c.hidden).map((c) => c.id.replace(/:/g, ' ')))]
  // "scna", "controls valdate": compare with whole ids, and with the first word for a topic's commands.
  const near = closest(typed, commands) ?? closest(typed.split(' ')[0]!, [...new Set(commands.map((c) => c.split(' ')[0]!))])
  const message = `"${typed}" is not a trustpack command${near ? `; did you mean "${near}"?` : ''}`
  const hint = `\`trustpack --help\` lists the commands: ${commands.sort().join(', ')}`
  if ((opts.argv ?? []).includes('--json') || process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ error: { code: 'UsageError', message, exitCode: ExitCode.input, hint } }, null, 2)}\n`)
  } else {
    process.stderr.write(`Error: ${message}\nHint: ${hint}\n`)
  }
  process.exit(ExitCode.input)
}

export default hook

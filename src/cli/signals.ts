// SIGINT/SIGTERM: remove every temporary file still being written, say so, and exit 130. Installed first
// thing by bin/run.js (and again, harmlessly, by every command), so an interrupted command never leaves a
// `.trustpack-tmp-*` behind, and the writes already under way finish before it exits (they are synchronous).
import { ExitCode } from '../core/errors.js'
import { removeTempPaths } from '../core/fs.js'

let installed = false

export function handleSignals(): void {
  if (installed) return
  installed = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      removeTempPaths()
      process.stderr.write(`\nInterrupted (${signal}): nothing was left half-written.\n`)
      process.exit(ExitCode.interrupted)
    })
  }
}

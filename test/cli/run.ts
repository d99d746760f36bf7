// Runs the built CLI (bin/run.js → dist/) as a user would, with a clean environment:
// no AZURE_* variables leak in from the machine, so nothing can reach Azure or IMDS.
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../src/core/version.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = projectRoot()): Promise<CliResult> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: mkdtempSync(join(tmpdir(), 'tp-home-')), NO_COLOR: '1' }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'run.js'), ...args], { cwd, env: { ...base, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/**
 * A stand-in `az` on PATH for AzureCliCredential: prints a token and records the
 * arguments it was called with. `fail` makes it behave like a logged-out CLI.
 */
export function fakeAzCli(options: { fail?: boolean } = {}): { binDir: string; argsFile: string } {
  const binDir = mkdtempSync(join(tmpdir(), 'tp-az-'))
  const argsFile = join(binDir, 'args.txt')
  const script = options.fail
    ? `#!/bin/sh\necho "$@" >> '${argsFile}'\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`
    : `#!/bin/sh\necho "$@" >> '${argsFile}'\necho '{"accessToken":"cli-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer","tenant":"72f988bf-86f1-41af-91ab-2d7cd011db47"}'\n`
  writeFileSync(join(binDir, 'az'), script)
  chmodSync(join(binDir, 'az'), 0o755)
  return { binDir, argsFile }
}

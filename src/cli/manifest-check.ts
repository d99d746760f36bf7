// A guard for working in a source checkout: oclif answers help from oclif.manifest.json, so commands compiled
// after it (tsc alone, tsc --watch) would be described by their old flags, silently. In an installed package
// (no src/commands) the manifest was made by the same build as the commands and nothing is checked.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export const MANIFEST_FILE = 'oclif.manifest.json'

/** Why the manifest cannot be trusted to describe the compiled commands, or null when it can. */
export function staleManifestWarning(root: string): string | null {
  if (!existsSync(join(root, 'src', 'commands'))) return null
  const manifest = join(root, MANIFEST_FILE)
  const rebuild = 'run `npm run build` (it regenerates the manifest)'
  if (!existsSync(manifest)) return `${MANIFEST_FILE} is missing, so every command is loaded to answer help: ${rebuild}`
  const built = statSync(manifest).mtimeMs
  const commands = join(root, 'dist', 'src', 'commands')
  if (!existsSync(commands)) return null
  for (const entry of readdirSync(commands, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const file = join(entry.parentPath, entry.name)
    if (statSync(file).mtimeMs > built) return `${relative(root, file)} was compiled after ${MANIFEST_FILE}, so help may describe old flags: ${rebuild}`
  }
  return null
}

/** Prints the warning, if any, on stderr (never stdout: --json output stays one document). */
export function warnIfManifestStale(root: string): void {
  const warning = staleManifestWarning(root)
  if (warning) process.stderr.write(`Warning: ${warning}\n`)
}

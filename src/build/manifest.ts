// Build step (the second half of `npm run build`, after tsc): writes oclif.manifest.json at the package root,
// so `trustpack --help`, `--version` and every command's help come from one JSON file instead of importing
// every command module. The manifest is made by @oclif/core's own Plugin loader from the compiled commands,
// the same code path oclif uses when no manifest exists, so help reads exactly as it did without one.
//
// A stale manifest must not survive: the old one is removed before anything else, a command that fails to
// load fails the build (and leaves no manifest, so oclif falls back to loading the commands itself), and a
// compiled command whose source is gone is removed from dist/ rather than shipped. See docs/startup.md.
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Plugin } from '@oclif/core'
import { projectRoot } from '../core/version.js'
import { MANIFEST_FILE } from '../cli/manifest-check.js'

export { MANIFEST_FILE }

/** The manifest oclif reads: the tool's version and every command's cached help (flags, args, summary, …). */
export interface OclifManifest {
  version: string
  commands: Record<string, { id: string; relativePath?: string[]; [key: string]: unknown }>
}

/** Files under `dir` (recursively) whose names end with `ext`, as paths relative to `dir`, sorted. */
function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(ext) || entry.name.endsWith('.d.ts')) continue
    out.push(relative(dir, join(entry.parentPath, entry.name)))
  }
  return out.sort()
}

/** `controls/list.ts` → `controls:list` (oclif's id; the space-separated form is for display). */
function idOf(file: string, ext: string): string {
  return file.slice(0, -ext.length).split(sep).join(':')
}

/** Command ids from the sources (src/commands/**.ts): what the manifest must list, no more and no less. */
export function sourceCommandIds(root: string = projectRoot()): string[] {
  return filesUnder(join(root, 'src', 'commands'), '.ts').map((f) => idOf(f, '.ts')).sort()
}

/** Command ids from the compiled commands (dist/src/commands/**.js). */
export function compiledCommandIds(root: string = projectRoot()): string[] {
  return filesUnder(join(root, 'dist', 'src', 'commands'), '.js').map((f) => idOf(f, '.js')).sort()
}

/**
 * Compiled commands whose source no longer exists (a command renamed or deleted since the last build): tsc
 * never removes them, and oclif would otherwise list them. Only meaningful where the sources are present.
 */
export function orphanCompiledCommands(root: string = projectRoot()): string[] {
  const sources = new Set(sourceCommandIds(root))
  return compiledCommandIds(root).filter((id) => !sources.has(id))
}

/** The manifest of the compiled commands, made fresh (never read from an existing manifest file). */
export async function generateManifest(root: string = projectRoot()): Promise<OclifManifest> {
  const plugin = new Plugin({ root, isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true })
  await plugin.load()
  return JSON.parse(JSON.stringify(plugin.manifest)) as OclifManifest
}

export function manifestText(manifest: OclifManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}

async function main(): Promise<void> {
  const root = projectRoot()
  const target = join(root, MANIFEST_FILE)
  rmSync(target, { force: true })
  if (existsSync(join(root, 'src', 'commands'))) {
    for (const id of orphanCompiledCommands(root)) {
      const file = join(root, 'dist', 'src', 'commands', ...id.split(':'))
      rmSync(`${file}.js`, { force: true })
      process.stderr.write(`manifest: removed dist/src/commands/${id.split(':').join('/')}.js (its source is gone)\n`)
    }
  }
  const manifest = await generateManifest(root)
  const count = Object.keys(manifest.commands).length
  if (count === 0) throw new Error('no commands found under dist/src/commands: run tsc first')
  // Written whole then renamed: an interrupted build leaves no manifest rather than half of one.
  const temp = `${target}.tmp-${process.pid}`
  writeFileSync(temp, manifestText(manifest))
  renameSync(temp, target)
  process.stderr.write(`manifest: ${MANIFEST_FILE} written (${count} commands, version ${manifest.version})\n`)
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    process.stderr.write(`manifest: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  })
}

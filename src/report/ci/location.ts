// Where SARIF results point: the baseline (or config) file as a URI relative to the root of the
// repository that holds it, which is what GitHub code scanning matches against the files of the
// analysed commit. The root is found by walking up from the file to a `.git` folder or file (a
// worktree or submodule has a file); without a repository, the working folder stands in.
import { existsSync, realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The nearest folder at or above the file's own folder that holds `.git`; null outside any repository. */
export function findRepositoryRoot(file: string): string | null {
  let dir = dirname(resolve(file))
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

/** The real path (symlinks resolved, as code scanning needs), also for a file that does not exist yet. */
function realPath(path: string): string {
  const abs = resolve(path)
  try {
    return realpathSync(abs)
  } catch {
    const parent = dirname(abs)
    return parent === abs ? abs : join(realPath(parent), basename(abs))
  }
}

function inside(rel: string): boolean {
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/**
 * The URI of `path` (relative to `cwd`, or absolute) for a SARIF artifactLocation: relative to its
 * repository root, else to `cwd`, with forward slashes and each segment percent-encoded; an
 * absolute file: URI when the file lies outside both.
 */
export function artifactUriOf(path: string, cwd: string): string {
  const file = realPath(resolve(cwd, path))
  const root = findRepositoryRoot(file) ?? realPath(cwd)
  const rel = relative(root, file)
  if (!inside(rel)) return pathToFileURL(file).href
  return rel.split(sep).map(encodeURIComponent).join('/')
}

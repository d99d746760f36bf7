// File helpers: atomic writes (temp file + rename), several files committed together, temporary paths
// removed when the process is interrupted, and output paths that cannot escape their folder.
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { InputError } from './errors.js'

/** Temporary files and folders being written: removed if the process is interrupted before their rename. */
const inFlight = new Set<string>()

/** A temporary path next to `target`, registered for removal on interruption until `releaseTemp`. */
export function tempPathFor(target: string, label = ''): string {
  const tmp = join(dirname(resolve(target)), `.trustpack-tmp-${label ? `${label}-` : ''}${process.pid}-${randomBytes(4).toString('hex')}`)
  inFlight.add(tmp)
  return tmp
}

export function releaseTemp(tmp: string): void {
  inFlight.delete(tmp)
}

/** Removes every temporary path still being written (the signal handler calls this before exiting). */
export function removeTempPaths(): void {
  for (const tmp of inFlight) rmSync(tmp, { recursive: true, force: true })
  inFlight.clear()
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
}

/** An error writing `path` as the user can act on it: the path they named (never a temp file), and why. */
export function writeError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code
  return code && WRITE_ERRORS[code] ? new InputError(`cannot write ${path}: ${WRITE_ERRORS[code]}`) : (err as Error)
}

/** Writes a file so a reader sees either the old content or the new one, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFilesAtomic([{ path, data }])
}

/**
 * Writes several files so that they appear together: each goes to a temporary file first, and only when all
 * are written are they renamed into place, one after the other in the same turn of the event loop (so a
 * signal is handled after the renames, not between them). If a rename fails, the files already renamed get
 * their previous content back (or are removed if they were new): all of them or none. On a failure no
 * temporary file is left behind.
 */
export function writeFilesAtomic(files: readonly { path: string; data: string | Uint8Array }[]): void {
  const staged: { tmp: string; path: string; previous: string | null }[] = []
  const done: typeof staged = []
  try {
    for (const f of files) {
      try {
        mkdirSync(dirname(resolve(f.path)), { recursive: true })
      } catch (err) {
        throw writeError(f.path, err)
      }
      const tmp = tempPathFor(f.path)
      staged.push({ tmp, path: f.path, previous: null })
      try {
        writeFileSync(tmp, f.data)
      } catch (err) {
        throw writeError(f.path, err)
      }
    }
    for (const s of staged) {
      // A folder in the way fails here, before any file is replaced.
      if (existsSync(s.path) && statSync(s.path).isDirectory()) throw writeError(s.path, Object.assign(new Error('folder'), { code: 'EISDIR' }))
    }
    for (const s of staged) {
      // With more than one file, keep the old content reachable until all renames have succeeded.
      if (staged.length > 1 && existsSync(s.path)) s.previous = keepPrevious(s.path)
      try {
        renameSync(s.tmp, s.path)
      } catch (err) {
        throw writeError(s.path, err)
      }
      done.push(s)
    }
    for (const s of staged) if (s.previous) rmSync(s.previous, { force: true })
  } catch (err) {
    for (const s of done.reverse()) {
      if (s.previous) renameSync(s.previous, s.path)
      else rmSync(s.path, { force: true })
    }
    for (const s of staged) {
      rmSync(s.tmp, { recursive: true, force: true })
      if (s.previous && existsSync(s.previous)) rmSync(s.previous, { force: true })
    }
    throw err
  } finally {
    for (const s of staged) releaseTemp(s.tmp)
  }
}

/** A second name for `path`'s current content (a hard link, else a copy), for putting it back. */
function keepPrevious(path: string): string {
  const keep = join(dirname(resolve(path)), `.trustpack-prev-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    linkSync(path, keep)
  } catch {
    copyFileSync(path, keep)
  }
  return keep
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
}

/** A path as messages show it: relative to the working directory when under it, else as given. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') ? rel : file
}

/** Resolves `rel` inside `root`, refusing any path that would land outside it. */
export function safeJoin(root: string, rel: string): string {
  const base = resolve(root)
  const target = resolve(base, rel)
  const r = relative(base, target)
  if (r === '' || r.startsWith('..') || isAbsolute(r)) {
    throw new InputError(`refusing to write outside the output folder: ${rel}`)
  }
  return target
}

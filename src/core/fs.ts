// File helpers: atomic writes (temp file + rename), several files committed together, temporary paths
// removed when the process is interrupted, and output paths that cannot escape their folder.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
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
 * signal is handled after the renames, not between them). On a failure no temporary file is left behind.
 */
export function writeFilesAtomic(files: readonly { path: string; data: string | Uint8Array }[]): void {
  const staged: { tmp: string; path: string }[] = []
  try {
    for (const f of files) {
      try {
        mkdirSync(dirname(resolve(f.path)), { recursive: true })
      } catch (err) {
        throw writeError(f.path, err)
      }
      const tmp = tempPathFor(f.path)
      staged.push({ tmp, path: f.path })
      try {
        writeFileSync(tmp, f.data)
      } catch (err) {
        throw writeError(f.path, err)
      }
    }
    for (const s of staged) {
      try {
        renameSync(s.tmp, s.path)
      } catch (err) {
        throw writeError(s.path, err)
      }
      releaseTemp(s.tmp)
    }
  } catch (err) {
    for (const s of staged) {
      rmSync(s.tmp, { recursive: true, force: true })
      releaseTemp(s.tmp)
    }
    throw err
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
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

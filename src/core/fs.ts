// File helpers: atomic writes (temp file + rename) and output paths that cannot escape their folder.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { InputError } from './errors.js'

/** Writes a file so a reader sees either the old content or the new one, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(resolve(path))
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.trustpack-tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    writeFileSync(tmp, data)
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
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

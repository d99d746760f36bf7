// Output paths are checked before any work is done: a path that names an input (the snapshot a user passed,
// the buyer's questionnaire) is refused, and so is one that cannot be written, each naming the flag and the
// path (exit 2), so no command spends minutes only to fail at its last write or overwrite what it read.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { InputError } from '../core/errors.js'

export interface PathFlag {
  flag: string
  path: string | undefined | null
  /** an output that is a folder (pack --out without --zip, keys generate --out) */
  folder?: boolean
}

/** The path as the file system names it: symlinks and `..` resolved, for the part of it that exists. */
function realish(path: string): string {
  let p = resolve(path)
  const tail: string[] = []
  while (!existsSync(p)) {
    const parent = dirname(p)
    if (parent === p) break
    tail.unshift(basename(p))
    p = parent
  }
  let real = p
  try {
    real = realpathSync(p)
  } catch {
    // unreadable: compare as given
  }
  return resolve(real, ...tail)
}

/** Refuses outputs that are inputs or each other, and outputs that cannot be written. */
export function checkOutputs(outputs: PathFlag[], inputs: PathFlag[] = []): void {
  const seen = new Map<string, string>()
  for (const i of inputs) if (i.path) seen.set(realish(i.path), `${i.flag} ${i.path}`)
  const taken = new Map<string, string>()
  for (const o of outputs) {
    if (!o.path) continue
    const where = `${o.flag} ${o.path}`
    const real = realish(o.path)
    const input = seen.get(real)
    if (input) throw new InputError(`${where}: is the same file as the input ${input}; refusing to overwrite it`, `write the output to another path, e.g. ${basename(o.path).replace(/(\.[^.]+)?$/, '.out$1')}`)
    const other = taken.get(real)
    if (other) throw new InputError(`${where}: is the same file as ${other}; give each output its own path`)
    taken.set(real, where)
    assertWritable(where, o.path, o.folder === true)
  }
}

function assertWritable(where: string, path: string, folder: boolean): void {
  const target = resolve(path)
  if (existsSync(target)) {
    const isDir = statSync(target).isDirectory()
    if (isDir && !folder) throw new InputError(`${where}: is a folder, not a file`)
    if (!isDir && folder) throw new InputError(`${where}: exists and is not a folder`)
  }
  // The nearest existing ancestor must be a folder we may write in (missing folders below it are created).
  let dir = existsSync(target) ? dirname(target) : dirname(target)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  if (!statSync(dir).isDirectory()) throw new InputError(`${where}: ${dir} is not a folder`)
  try {
    accessSync(dir, constants.W_OK)
    if (existsSync(target) && !statSync(target).isDirectory()) accessSync(target, constants.W_OK)
  } catch {
    throw new InputError(`${where}: cannot write there (permission denied on ${existsSync(target) ? target : dir})`)
  }
}

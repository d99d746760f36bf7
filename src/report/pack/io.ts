// Writing a pack (folder or .zip) atomically and reading one back for verification.
// A pack is an in-memory map of relative POSIX paths to bytes until the final rename.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import yazl from 'yazl'
import yauzl from 'yauzl'
import { InputError } from '../../core/errors.js'
import { safeJoin, writeFileAtomic } from '../../core/fs.js'
import { MANIFEST_FILE, byPath } from './manifest.js'

export type PackFiles = Map<string, Buffer>

/** A pack path must be relative, forward-slashed, and stay inside the pack. */
export function assertPackPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)
    || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new InputError(`refusing to write outside the output folder: ${path}`)
  }
}

/**
 * Writes the pack into a temporary folder next to `target`, then renames it into place, so a reader
 * never sees half a pack. An existing pack at `target` is replaced; any other non-empty folder is refused.
 */
export function writePackFolder(target: string, files: PackFiles): void {
  const dest = resolve(target)
  if (existsSync(dest)) {
    if (!statSync(dest).isDirectory()) throw new InputError(`${target}: exists and is not a folder`)
    if (readdirSync(dest).length > 0 && !existsSync(join(dest, MANIFEST_FILE))) {
      throw new InputError(`${target}: folder exists and is not a trustpack pack; choose another --out`)
    }
  }
  const parent = dirname(dest)
  mkdirSync(parent, { recursive: true })
  const tmp = join(parent, `.trustpack-tmp-${basename(dest)}-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(tmp)
    for (const path of [...files.keys()].sort(byPath)) {
      assertPackPath(path)
      const file = safeJoin(tmp, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, files.get(path)!)
    }
    if (existsSync(dest)) {
      const old = `${tmp}-old`
      renameSync(dest, old)
      try {
        renameSync(tmp, dest)
      } catch (err) {
        renameSync(old, dest)
        throw err
      }
      rmSync(old, { recursive: true, force: true })
    } else {
      renameSync(tmp, dest)
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
}

/**
 * DOS timestamps in zip entries are local wall-clock fields. Building the Date from the clock's UTC
 * fields makes the stored fields equal the UTC time on every machine, whatever its time zone.
 */
function dosClock(now: Date): Date {
  return new Date(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds())
}

/** Deterministic zip: sorted entries, fixed mode and time, no extended (UTC) timestamp field, fixed compression level. */
export function zipPack(files: PackFiles, now: Date): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const zip = new yazl.ZipFile()
    const mtime = dosClock(now)
    for (const path of [...files.keys()].sort(byPath)) {
      assertPackPath(path)
      zip.addBuffer(files.get(path)!, path, { mtime, mode: 0o100644, compressionLevel: 6, forceDosTimestamp: true })
    }
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)))
    zip.end()
  })
}

export function writePackZip(target: string, zipBytes: Buffer): void {
  if (existsSync(target) && statSync(target).isDirectory()) throw new InputError(`${target}: is a folder; --zip writes a file`)
  writeFileAtomic(target, zipBytes)
}

export interface ReadPack {
  files: PackFiles
  /** Entries that are not regular files (symlinks, devices): never trusted, reported as extra. */
  irregular: string[]
}

export function readPackFolder(dir: string): ReadPack {
  const files: PackFiles = new Map()
  const irregular: string[] = []
  const walk = (abs: string, rel: string): void => {
    for (const ent of readdirSync(abs, { withFileTypes: true }).sort((a, b) => byPath(a.name, b.name))) {
      const r = rel ? `${rel}/${ent.name}` : ent.name
      const a = join(abs, ent.name)
      const st = lstatSync(a)
      if (st.isDirectory()) walk(a, r)
      else if (st.isFile()) files.set(r, readFileSync(a))
      else irregular.push(r)
    }
  }
  walk(dir, '')
  return { files, irregular }
}

export async function readPackZip(path: string): Promise<ReadPack> {
  const data = readFileSync(path)
  const entries = await new Promise<Map<string, Buffer>>((res, rej) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err ?? new Error('cannot open zip'))
      const out = new Map<string, Buffer>()
      zip.on('error', rej)
      zip.on('end', () => res(out))
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return rej(e ?? new Error('cannot read zip entry'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', rej)
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  }).catch((err: unknown) => {
    throw new InputError(`${path}: not a readable zip (${(err as Error).message})`)
  })
  // A pack re-zipped with its folder (pack-2026-01-31/manifest.json, …) is accepted as well.
  if (!entries.has(MANIFEST_FILE)) {
    const tops = new Set([...entries.keys()].map((k) => k.split('/')[0]))
    const [top] = [...tops]
    if (tops.size === 1 && top && entries.has(`${top}/${MANIFEST_FILE}`)) {
      const stripped: PackFiles = new Map()
      for (const [k, v] of entries) stripped.set(k.slice(top.length + 1), v)
      return { files: stripped, irregular: [] }
    }
  }
  return { files: entries, irregular: [] }
}

// Writing a pack (folder or .zip) atomically and reading one back for verification.
// A pack is an in-memory map of relative POSIX paths to bytes until the final rename.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import yazl from 'yazl'
import { InputError } from '../../core/errors.js'
import { releaseTemp, safeJoin, tempPathFor, writeError, writeFileAtomic } from '../../core/fs.js'
import { MANIFEST_FILE, byPath } from './manifest.js'
import { byteSize, hasControlCharacters, readZip, ZipRefused, type ZipEntry, type ZipLimits } from './safe-zip.js'

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
  // Registered temp paths: an interrupted run (Ctrl-C) removes them rather than leaving half a pack.
  const tmp = tempPathFor(dest, basename(dest))
  // The previous pack's parking place is not registered: an interruption must never delete the old pack.
  const old = `${tmp}-old`
  try {
    mkdirSync(tmp)
    for (const path of [...files.keys()].sort(byPath)) {
      assertPackPath(path)
      const file = safeJoin(tmp, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, files.get(path)!)
    }
    if (existsSync(dest)) {
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
    throw err instanceof InputError ? err : writeError(target, err)
  } finally {
    releaseTemp(tmp)
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

/** Writes the pack as a folder, or as a zip (`.zip` added when missing); returns the absolute path written. */
export async function writePack(outDir: string, files: PackFiles, zip: boolean, now: Date): Promise<string> {
  if (!zip) {
    writePackFolder(outDir, files)
    return resolve(outDir)
  }
  const path = outDir.toLowerCase().endsWith('.zip') ? outDir : `${outDir.replace(/[\\/]+$/, '')}.zip`
  writePackZip(path, await zipPack(files, now))
  return resolve(path)
}

/**
 * What `verify` may read: a pack zip or folder over these is refused (exit 2) before it is read, since a
 * pack that cannot be read safely is not one trustpack produced. A 10,000-finding pack is about 75 MB in
 * 240 files (largest 9 MB, compressed at most 46:1), so these leave room for estates many times larger.
 */
export const PACK_READ_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 256 * 2 ** 20,
  maxTotalBytes: 2 ** 30,
  maxRatio: 200,
  ratioExemptBytes: 2 ** 20,
}

export interface ReadPack {
  files: PackFiles
  /** Entries that are not regular files (symlinks, devices): never trusted, reported as extra. */
  irregular: string[]
  /**
   * Zip entries that cannot be taken for one file of the pack, with why: a name used twice (which copy a
   * reader shows depends on the reader), a name that is not a plain relative path, a name that differs
   * between the central directory and the local header. Reported as extra; their bytes are never used.
   */
  untrusted?: Array<{ path: string; reason: string }>
}

/** A file name as listed in the report: escaped when it holds control characters, so it cannot forge a line. */
function listName(name: string): string {
  return hasControlCharacters(name) ? JSON.stringify(name) : name
}

export function readPackFolder(dir: string, limits: ZipLimits = PACK_READ_LIMITS): ReadPack {
  const files: PackFiles = new Map()
  const irregular: string[] = []
  let total = 0
  let count = 0
  const refuse = (why: string): never => {
    throw new InputError(`${dir}: ${why}; a pack that cannot be read safely is not one trustpack produced`)
  }
  const walk = (abs: string, rel: string): void => {
    for (const ent of readdirSync(abs, { withFileTypes: true }).sort((a, b) => byPath(a.name, b.name))) {
      const r = rel ? `${rel}/${ent.name}` : ent.name
      const a = join(abs, ent.name)
      const st = lstatSync(a)
      if (++count > limits.maxEntries) refuse(`more than ${limits.maxEntries} files`)
      if (st.isDirectory()) walk(a, r)
      else if (st.isFile()) {
        if (st.size > limits.maxEntryBytes) refuse(`${listName(r)} is ${byteSize(st.size)}, more than the ${byteSize(limits.maxEntryBytes)} allowed for one file`)
        total += st.size
        if (total > limits.maxTotalBytes) refuse(`its files hold more than ${byteSize(limits.maxTotalBytes)} in all, the limit`)
        files.set(r, readFileSync(a))
      } else irregular.push(listName(r))
    }
  }
  walk(dir, '')
  return { files, irregular }
}

/**
 * Reads a pack zip within `limits` (see PACK_READ_LIMITS; tests pass smaller ones). Over a limit, a size
 * that lies, or bytes that are not a zip: exit 2 naming the entry. Duplicate, unsafe or disguised names,
 * symlinks and folders no file sits in are returned as untrusted or irregular, so verify fails (exit 1).
 */
export async function readPackZip(path: string, limits: ZipLimits = PACK_READ_LIMITS): Promise<ReadPack> {
  const size = statSync(path).size
  if (size > limits.maxTotalBytes) {
    throw new InputError(`${path}: ${byteSize(size)}, larger than any pack trustpack reads (${byteSize(limits.maxTotalBytes)}); not a pack trustpack produced`)
  }
  let entries: ZipEntry[]
  try {
    entries = await readZip(path, { limits, keep: (e) => e.kind === 'file' && e.nameProblem === null })
  } catch (err) {
    if (err instanceof ZipRefused) throw new InputError(`${path}: ${err.message}; a pack that cannot be read safely is not one trustpack produced`)
    throw new InputError(`${path}: not a readable zip (${(err as Error).message})`)
  }
  const untrusted: Array<{ path: string; reason: string }> = []
  const uses = new Map<string, number>()
  const files: PackFiles = new Map()
  const irregular: string[] = []
  const folders: string[] = []
  for (const e of entries) {
    if (e.nameProblem !== null) {
      untrusted.push({ path: listName(e.name), reason: e.nameProblem })
      continue
    }
    const name = e.kind === 'directory' ? e.name.replace(/\/$/, '') : e.name
    uses.set(name, (uses.get(name) ?? 0) + 1)
    if (e.kind === 'directory') folders.push(name)
    else if (e.kind !== 'file') irregular.push(name)
    // The first copy of a name is what most tools show; it is hashed, and the name reported as untrusted.
    else if (!files.has(name)) files.set(name, e.data!)
  }
  for (const [name, n] of uses) if (n > 1) untrusted.push({ path: name, reason: `appears ${n} times in the zip: unzip and other tools may show either copy` })

  // A pack re-zipped with its folder (pack-2026-01-31/manifest.json, …) is accepted as well.
  let strip = ''
  if (!files.has(MANIFEST_FILE)) {
    const tops = new Set([...files.keys()].map((k) => k.split('/')[0]))
    const [top] = [...tops]
    if (tops.size === 1 && top && files.has(`${top}/${MANIFEST_FILE}`)) strip = `${top}/`
  }
  const inside = (name: string): string => (strip && name.startsWith(strip) ? name.slice(strip.length) : name)
  const pack: PackFiles = new Map()
  for (const [k, v] of files) pack.set(inside(k), v)
  // Zip tools add an entry per folder; one that holds no file of the pack is an extra, like any other.
  const parents = new Set<string>()
  for (const k of pack.keys()) for (let i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) parents.add(k.slice(0, i))
  for (const folder of folders) {
    if (strip && `${folder}/` === strip) continue
    if (!parents.has(inside(folder))) untrusted.push({ path: `${folder}/`, reason: 'is a folder that holds no file of the pack' })
  }
  return { files: pack, irregular: irregular.map((n) => listName(inside(n))), untrusted }
}

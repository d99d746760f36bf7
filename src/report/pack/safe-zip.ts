// Reading a zip nobody vouches for (an evidence pack handed back, a buyer's workbook) without letting it
// choose how much memory or time that takes, or which name a file goes by.
//
// Every size limit is checked against the central directory before a byte is inflated, then again while
// inflating, because the sizes a zip declares can lie: an entry that inflates past its declared size is
// stopped at that size. Each entry's name is checked to mean one plain relative path to every reader (the
// central directory, the local header and any Unicode path field agree; no `..`, no absolute path).
// It lives beside the pack reader, its first user; the questionnaire's workbook guard uses it too.
import { isUtf8 } from 'node:buffer'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'

export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number
  /** Inflated bytes of one entry. */
  maxEntryBytes: number
  /** Inflated bytes of every entry together. */
  maxTotalBytes: number
  /** Inflated ÷ compressed bytes, per entry and for the whole file (deflate reaches about 1,030:1 at most). */
  maxRatio: number
  /** Entries (and whole zips) that inflate to no more than this are not held to maxRatio: small and harmless. */
  ratioExemptBytes: number
}

export type ZipEntryKind = 'file' | 'directory' | 'symlink' | 'other'

export interface ZipEntry {
  /** The name as the central directory gives it (what `unzip -l` lists). */
  name: string
  kind: ZipEntryKind
  /** Why the name does not mean one plain relative path to every reader; null when it does. */
  nameProblem: string | null
  compressedSize: number
  uncompressedSize: number
  /** The inflated bytes, when the caller asked to keep them. */
  data: Buffer | null
}

/** Sees an entry's bytes as they inflate; throws ZipRefused to stop reading. */
export interface ZipInspector {
  chunk(data: Buffer): void
  end(): void
}

export interface ReadZipOptions {
  limits: ZipLimits
  /** Keep this file entry's bytes (default: keep none, only inflate to check). */
  keep?: (entry: ZipEntry) => boolean
  inspect?: (entry: ZipEntry) => ZipInspector | null
}

/** The zip is over a limit or lies about a size: refused, whatever else it holds. */
export class ZipRefused extends Error {
  constructor(readonly entry: string | null, readonly reason: string, readonly inflatedBytes: number) {
    super(entry === null ? reason : `zip entry ${displayName(entry)} ${reason}`)
    this.name = 'ZipRefused'
  }
}

/** The bytes are not a zip yauzl can read (truncated, corrupt, encrypted, unknown compression). */
export class ZipUnreadable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ZipUnreadable'
  }
}

/** C0 and C1 control characters and the Unicode line separators: what could break or forge a line of output. */
export function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true
  }
  return false
}

/** A name safe to print on one line: control characters (a forged "OK" line) are shown escaped. */
export function displayName(name: string): string {
  return hasControlCharacters(name) ? JSON.stringify(name) : `"${name}"`
}

/** 209715200 → "200 MiB"; 65536 → "64 KiB"; 1000 → "1,000 bytes". */
export function byteSize(n: number): string {
  const units: Array<[number, string]> = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']]
  for (const [size, unit] of units) if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} bytes`
}

/** Why `path` is not a plain relative path (forward slashes, no empty, `.` or `..` segment); null when it is. */
export function pathProblem(path: string): string | null {
  if (path === '') return 'has an empty name'
  if (hasControlCharacters(path)) return 'has control characters in its name'
  if (path.includes('\\')) return 'uses backslashes (a Windows path)'
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is an absolute path'
  if (path.split('/').some((s) => s === '..')) return 'climbs out of the folder (..)'
  if (path.split('/').some((s) => s === '' || s === '.')) return 'is not a plain relative path'
  return null
}

interface RawEntry extends yauzl.Entry {
  fileNameRaw: Buffer
}

type LowLevel = {
  getFileNameLowLevel(flags: number, raw: Buffer, extraFields: Array<{ id: number; data: Buffer }>, strict: boolean): string
}
const decodeName = (flags: number, raw: Buffer, extra: Array<{ id: number; data: Buffer }>): string =>
  (yauzl as unknown as LowLevel).getFileNameLowLevel(flags, raw, extra, true)

function open(source: string | Uint8Array): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false }
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile): void => (err || !zip ? reject(new ZipUnreadable(err?.message ?? 'cannot open zip')) : resolve(zip))
    if (typeof source === 'string') yauzl.open(source, options, done)
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done)
  })
}

function centralDirectory(zip: yauzl.ZipFile): Promise<RawEntry[]> {
  return new Promise((resolve, reject) => {
    const list: RawEntry[] = []
    zip.on('error', (err: Error) => reject(new ZipUnreadable(err.message)))
    zip.on('end', () => resolve(list))
    zip.on('entry', (entry: RawEntry) => {
      list.push(entry)
      zip.readEntry()
    })
    zip.readEntry()
  })
}

function kindOf(entry: RawEntry, name: string): ZipEntryKind {
  const type = (entry.externalFileAttributes >>> 16) & 0o170000
  if (type === 0o120000) return 'symlink'
  if (type === 0o040000 || name.endsWith('/')) return 'directory'
  return type === 0 || type === 0o100000 ? 'file' : 'other'
}

function describe(entry: RawEntry): { name: string; kind: ZipEntryKind; nameProblem: string | null } {
  const flags = entry.generalPurposeBitFlag
  const name = decodeName(flags, entry.fileNameRaw, [])
  const kind = kindOf(entry, name)
  const shown = decodeName(flags, entry.fileNameRaw, entry.extraFields)
  let nameProblem: string | null = null
  if (shown !== name) nameProblem = `carries a second name, ${displayName(shown)}, in its Unicode path field`
  else if ((flags & 0x800) !== 0 && !isUtf8(entry.fileNameRaw)) nameProblem = 'has a name that is not valid UTF-8'
  else nameProblem = pathProblem(kind === 'directory' ? name.replace(/\/$/, '') : name)
  return { name, kind, nameProblem }
}

const ratioOf = (inflated: number, compressed: number): number => inflated / Math.max(1, compressed)

/** Refuses, from the central directory alone, a zip over any limit. */
function checkDeclared(entries: Array<{ name: string; raw: RawEntry }>, fileSize: number, limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) throw new ZipRefused(null, `the zip holds ${entries.length} entries, more than the ${limits.maxEntries} allowed`, 0)
  let total = 0
  for (const { name, raw } of entries) {
    const size = raw.uncompressedSize
    if (size > limits.maxEntryBytes) throw new ZipRefused(name, `would inflate to ${byteSize(size)}, more than the ${byteSize(limits.maxEntryBytes)} allowed for one entry`, 0)
    const ratio = ratioOf(size, raw.compressedSize)
    if (size > limits.ratioExemptBytes && ratio > limits.maxRatio) {
      throw new ZipRefused(name, `is compressed ${Math.round(ratio)}:1, more than the ${limits.maxRatio}:1 allowed for an entry over ${byteSize(limits.ratioExemptBytes)} (a zip bomb?)`, 0)
    }
    total += size
    if (total > limits.maxTotalBytes) throw new ZipRefused(null, `the zip would inflate to more than ${byteSize(limits.maxTotalBytes)} in all, the limit`, 0)
  }
  if (total > limits.ratioExemptBytes && ratioOf(total, fileSize) > limits.maxRatio) {
    throw new ZipRefused(null, `the zip is compressed ${Math.round(ratioOf(total, fileSize))}:1 as a whole, more than the ${limits.maxRatio}:1 allowed (a zip bomb?)`, 0)
  }
}

type LocalHeaderReader = { readLocalFileHeader(entry: yauzl.Entry, cb: (err: Error | null, header?: { fileName: Buffer }) => void): void }

function localName(zip: yauzl.ZipFile, entry: RawEntry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    (zip as unknown as LocalHeaderReader).readLocalFileHeader(entry, (err, header) => (err || !header ? reject(new ZipUnreadable(err?.message ?? 'no local header')) : resolve(header.fileName)))
  })
}

function inflate(zip: yauzl.ZipFile, entry: RawEntry, name: string, keep: boolean, inspector: ZipInspector | null, inflatedBefore: number): Promise<{ data: Buffer | null; bytes: number }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err: Error | null, stream: Readable) => {
      if (err || !stream) return reject(new ZipUnreadable(`${name}: ${err?.message ?? 'cannot read entry'}`))
      const chunks: Buffer[] = []
      let bytes = 0
      let failed = false
      const fail = (e: Error): void => {
        if (failed) return
        failed = true
        stream.destroy()
        reject(e)
      }
      stream.on('data', (chunk: Buffer) => {
        if (failed) return
        bytes += chunk.length
        if (bytes > entry.uncompressedSize) {
          return fail(new ZipRefused(name, `inflates to more than the ${byteSize(entry.uncompressedSize)} its header declares (a zip bomb?)`, inflatedBefore + bytes))
        }
        try {
          inspector?.chunk(chunk)
        } catch (e) {
          return fail(e as Error)
        }
        if (keep) chunks.push(chunk)
      })
      stream.on('error', (e: Error) => fail(new ZipUnreadable(`${name}: ${e.message}`)))
      stream.on('end', () => {
        if (failed) return
        if (bytes < entry.uncompressedSize) return fail(new ZipUnreadable(`${name}: inflates to fewer bytes than its header declares (cut short?)`))
        try {
          inspector?.end()
        } catch (e) {
          return fail(e as Error)
        }
        resolve({ data: keep ? Buffer.concat(chunks, bytes) : null, bytes })
      })
    })
  })
}

/**
 * Reads every entry of a zip within `limits`: checks the central directory first, then inflates each file
 * entry (counting, so no entry grows past its declared size), keeping the bytes `keep` asks for.
 * Throws ZipRefused (over a limit, a lying size, or the inspector's verdict) or ZipUnreadable.
 */
export async function readZip(source: string | Uint8Array, opts: ReadZipOptions): Promise<ZipEntry[]> {
  const zip = await open(source)
  try {
    const declared = (zip as unknown as { entryCount: number }).entryCount
    if (declared > opts.limits.maxEntries) throw new ZipRefused(null, `the zip holds ${declared} entries, more than the ${opts.limits.maxEntries} allowed`, 0)
    const raws = await centralDirectory(zip)
    const described = raws.map((raw) => ({ raw, ...describe(raw) }))
    checkDeclared(described, zip.fileSize, opts.limits)
    const out: ZipEntry[] = []
    let inflated = 0
    for (const d of described) {
      const local = await localName(zip, d.raw)
      const entry: ZipEntry = { name: d.name, kind: d.kind, nameProblem: d.nameProblem, compressedSize: d.raw.compressedSize, uncompressedSize: d.raw.uncompressedSize, data: null }
      if (!local.equals(d.raw.fileNameRaw)) entry.nameProblem ??= `is named ${displayName(decodeName(d.raw.generalPurposeBitFlag, local, []))} in its local header`
      if (entry.kind !== 'directory') {
        const r = await inflate(zip, d.raw, d.name, opts.keep?.(entry) ?? false, opts.inspect?.(entry) ?? null, inflated)
        inflated += r.bytes
        entry.data = r.data
      }
      out.push(entry)
    }
    return out
  } finally {
    zip.close()
  }
}

// Test scaffolding for hostile zips: real zips from yazl (duplicates and symlinks it writes as asked), a
// renamer for names yazl refuses to write (`../x`, `/x`), and a small hand-written zip writer for what no
// zip library writes on purpose: sizes that lie, a local header naming another file, a Unicode path field.
import { constants, crc32, deflateRawSync } from 'node:zlib'
import yauzl from 'yauzl'
import yazl from 'yazl'

export interface YazlEntry {
  name: string
  data: Buffer
  /** Unix mode, e.g. 0o120777 for a symlink. */
  mode?: number
}

/** A zip as yazl writes it (entries in the order given, names repeated if asked). */
export function yazlZip(entries: YazlEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile()
    for (const e of entries) zip.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644, mtime: new Date(2026, 0, 1), forceDosTimestamp: true })
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.end()
  })
}

/** Every entry of a zip with its bytes, in central-directory order. */
export function unzipAll(zip: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err)
      const out: Array<{ name: string; data: Buffer }> = []
      z.on('error', reject)
      z.on('end', () => resolve(out))
      z.on('entry', (e: yauzl.Entry) => {
        if (e.fileName.endsWith('/')) return z.readEntry()
        z.openReadStream(e, (e2, s) => {
          if (e2 || !s) return reject(e2)
          const chunks: Buffer[] = []
          s.on('data', (c: Buffer) => chunks.push(c))
          s.on('end', () => {
            out.push({ name: e.fileName, data: Buffer.concat(chunks) })
            z.readEntry()
          })
        })
      })
      z.readEntry()
    })
  })
}

/** Renames an entry everywhere its name is written (local header and central directory); same length only. */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('renameEntry: names must have the same length')
  const out = Buffer.from(zip)
  const a = Buffer.from(from)
  let n = 0
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) {
    out.write(to, i)
    n++
  }
  if (n !== 2) throw new Error(`renameEntry: ${from} found ${n} times, expected 2`)
  return out
}

export interface CraftEntry {
  name: string
  /** Name in the local header, when it should differ from the central directory's. */
  localName?: string
  /** Stored bytes (method 0) unless `deflated` is given. */
  data?: Buffer
  /** Raw deflate stream (method 8) and the size and CRC it really inflates to. */
  deflated?: { stream: Buffer; size: number; crc: number }
  /** Uncompressed size written in the headers, when it should lie. */
  declaredSize?: number
  /** Extra field written in the central directory. */
  extra?: Buffer
}

/** A zip written field by field (APPNOTE 4.3), so a test can make any field say what it wants. */
export function craftZip(entries: CraftEntry[]): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const method = e.deflated ? 8 : 0
    const body = e.deflated ? e.deflated.stream : e.data ?? Buffer.alloc(0)
    const size = e.declaredSize ?? (e.deflated ? e.deflated.size : body.length)
    const crc = e.deflated ? e.deflated.crc : crc32(body)
    const name = Buffer.from(e.name)
    const localName = Buffer.from(e.localName ?? e.name)
    const extra = e.extra ?? Buffer.alloc(0)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(localName.length, 26)
    parts.push(local, localName, body)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(0x0314, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(0x800, 8)
    cd.writeUInt16LE(method, 10)
    cd.writeUInt32LE(crc, 16)
    cd.writeUInt32LE(body.length, 20)
    cd.writeUInt32LE(size, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt16LE(extra.length, 30)
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38)
    cd.writeUInt32LE(offset, 42)
    central.push(cd, name, extra)
    offset += local.length + localName.length + body.length
  }
  const cdBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cdBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, cdBytes, end])
}

/** An honest deflated entry. */
export function deflated(data: Uint8Array): CraftEntry['deflated'] {
  return { stream: deflateRawSync(data), size: data.length, crc: crc32(data) }
}

/**
 * A real ratio bomb: `prefix`, then `blocks` MiB of `fill` bytes, as one deflate stream of about 1 KiB per
 * MiB (deflate's limit, about 1,030:1), without ever holding the inflated bytes. Each MiB is one
 * self-contained block (a full flush resets the dictionary), so its bytes can be repeated as they are.
 */
export function bombStream(blocks: number, fill = 0x20, prefix: Uint8Array = new Uint8Array(0)): NonNullable<CraftEntry['deflated']> {
  const mib = Buffer.alloc(2 ** 20, fill)
  const head = deflateRawSync(prefix, { finishFlush: constants.Z_FULL_FLUSH })
  const block = deflateRawSync(mib, { finishFlush: constants.Z_FULL_FLUSH })
  const tail = deflateRawSync(Buffer.alloc(0))
  let crc = crc32(prefix)
  for (let i = 0; i < blocks; i++) crc = crc32(mib, crc)
  return { stream: Buffer.concat([head, ...Array.from({ length: blocks }, () => block), tail]), size: prefix.length + blocks * 2 ** 20, crc }
}

/** Info-ZIP Unicode Path extra field (0x7075): a second name that tools such as unzip prefer. */
export function unicodePathField(rawName: string, otherName: string): Buffer {
  const name = Buffer.from(otherName)
  const field = Buffer.alloc(4 + 5 + name.length)
  field.writeUInt16LE(0x7075, 0)
  field.writeUInt16LE(5 + name.length, 2)
  field.writeUInt8(1, 4)
  field.writeUInt32LE(crc32(Buffer.from(rawName)), 5)
  name.copy(field, 9)
  return field
}

// The zip container of the test workbooks: a writer that puts entries in the order given (deflated, or
// stored when asked) and a reader that gives every entry back, raw and inflated, in central-directory
// order. Only what an XLSX needs (APPNOTE 6.3: no zip64, no encryption, no data descriptors), so every
// header field of the workbooks a test builds is known.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

export interface ZipInput {
  name: string
  data: Buffer | string
  /** Method 0 (stored) instead of 8 (deflate). */
  store?: boolean
}

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated. */
  method: number
  crc: number
  /** Offset of the entry's local header in the zip. */
  offset: number
  /** The entry's bytes as they sit in the zip (compressed when deflated). */
  raw: Buffer
  /** The entry's contents. */
  data: Buffer
}

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const UTF8 = 0x0800
// 2025-03-01 12:00:00 as MS-DOS time and date, so the same workbook is the same bytes on every run.
const DOS_TIME = (12 << 11) | (0 << 5) | 0
const DOS_DATE = ((2025 - 1980) << 9) | (3 << 5) | 1

/** A zip of the entries, in the order given, names flagged UTF-8. */
export function writeZip(entries: ZipInput[]): Buffer {
  const chunks: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data
    const method = e.store ? 0 : 8
    const body = method === 8 ? deflateRawSync(data) : data
    const crc = crc32(data)
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28) // no extra field
    chunks.push(local, name, body)

    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(CENTRAL, 0)
    cd.writeUInt16LE(20, 4) // made by: MS-DOS, 2.0
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(UTF8, 8)
    cd.writeUInt16LE(method, 10)
    cd.writeUInt16LE(DOS_TIME, 12)
    cd.writeUInt16LE(DOS_DATE, 14)
    cd.writeUInt32LE(crc, 16)
    cd.writeUInt32LE(body.length, 20)
    cd.writeUInt32LE(data.length, 24)
    cd.writeUInt16LE(name.length, 28)
    // extra, comment, disk number, internal and external attributes: all zero
    cd.writeUInt32LE(offset, 42)
    central.push(cd, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, directory, end])
}

function endRecord(zip: Buffer): number {
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END && i + 22 + zip.readUInt16LE(i + 20) === zip.length) return i
  }
  throw new Error('not a zip: no end of central directory record')
}

/** Every entry, in central-directory order, checked against its CRC. Throws on a repeated name. */
export function readEntries(zip: Buffer): ZipEntry[] {
  const end = endRecord(zip)
  const count = zip.readUInt16LE(end + 10)
  let p = zip.readUInt32LE(end + 16)
  const seen = new Set<string>()
  const out: ZipEntry[] = []
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new Error(`zip: central directory entry ${i} has a bad signature`)
    const flags = zip.readUInt16LE(p + 8)
    const method = zip.readUInt16LE(p + 10)
    const crc = zip.readUInt32LE(p + 16)
    const csize = zip.readUInt32LE(p + 20)
    const size = zip.readUInt32LE(p + 24)
    const nameLength = zip.readUInt16LE(p + 28)
    const skip = zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)
    const offset = zip.readUInt32LE(p + 42)
    const name = zip.toString(flags & UTF8 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength)
    p += 46 + nameLength + skip

    if (seen.has(name)) throw new Error(`zip: ${name} appears twice`)
    seen.add(name)
    if (zip.readUInt32LE(offset) !== LOCAL) throw new Error(`zip: ${name}: local header has a bad signature`)
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28)
    const raw = zip.subarray(start, start + csize)
    if (method !== 0 && method !== 8) throw new Error(`zip: ${name}: compression method ${method}`)
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw)
    if (data.length !== size || crc32(data) !== crc) throw new Error(`zip: ${name}: size or CRC does not match`)
    out.push({ name, method, crc, offset, raw, data })
  }
  return out
}

/** The contents of every part by name; the map iterates in the zip's entry order (folders left out). */
export function readParts(zip: Buffer): Map<string, Buffer> {
  return new Map(readEntries(zip).filter((e) => !e.name.endsWith('/')).map((e) => [e.name, e.data]))
}

/** The entry names in the order the zip's central directory lists them. */
export function entryOrder(zip: Buffer): string[] {
  return readEntries(zip).map((e) => e.name)
}

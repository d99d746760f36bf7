// The buyer's XLSX as a zip: its central directory read as raw records, one part inflated, and the file
// rebuilt with a few parts replaced while every other part keeps its compressed bytes exactly.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'
import { InputError } from '../../core/errors.js'

/** The workbook uses a zip feature the patcher does not write; nothing is written (exit 2). */
export class PatchRefused extends InputError {
  override readonly name = 'PatchRefused'
}

export interface ZipRecord {
  name: string
  flags: number
  method: number
  compressedSize: number
  size: number
  localOffset: number
  /** The central directory record as stored (header, name, extra, comment). */
  central: Buffer
  /** Where the entry's compressed data begins and where its local record (with any data descriptor) ends. */
  dataStart: number
  end: number
}

export interface ZipDirectory {
  records: ZipRecord[]
  comment: Buffer
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const DESCRIPTOR = 0x08074b50
const ZIP64_LOCATOR = 0x07064b50

export function readDirectory(bytes: Buffer, where: string): ZipDirectory {
  const broken = (why: string): never => {
    throw new InputError(`${where}: not a readable XLSX workbook (${why})`)
  }
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) broken('no zip directory')
  if (eocd >= 20 && bytes.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) throw new PatchRefused(`${where}: the workbook is a ZIP64 archive, which the answer writer does not patch; save it again from a spreadsheet program`)
  const count = bytes.readUInt16LE(eocd + 10)
  const cdSize = bytes.readUInt32LE(eocd + 12)
  const cdOffset = bytes.readUInt32LE(eocd + 16)
  const comment = bytes.subarray(eocd + 22, eocd + 22 + bytes.readUInt16LE(eocd + 20))
  if (bytes.readUInt16LE(eocd + 4) !== 0 || bytes.readUInt16LE(eocd + 6) !== 0) throw new PatchRefused(`${where}: the workbook is a multi-disk zip, which the answer writer does not patch`)
  if (cdOffset + cdSize > eocd) broken('zip directory out of range')
  const records: ZipRecord[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CENTRAL) broken(`zip directory record ${i + 1} is damaged`)
    const nameLen = bytes.readUInt16LE(p + 28)
    const recordLen = 46 + nameLen + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32)
    const flags = bytes.readUInt16LE(p + 8)
    const name = bytes.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1')
    const compressedSize = bytes.readUInt32LE(p + 20)
    const size = bytes.readUInt32LE(p + 24)
    const localOffset = bytes.readUInt32LE(p + 42)
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new PatchRefused(`${where}: part ${name} uses ZIP64 sizes, which the answer writer does not patch`)
    if (flags & 0x1) throw new PatchRefused(`${where}: part ${name} is encrypted`)
    if (localOffset + 30 > cdOffset || bytes.readUInt32LE(localOffset) !== LOCAL) broken(`part ${name} has no local header`)
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28)
    let end = dataStart + compressedSize
    if (flags & 0x8) end += end + 4 <= bytes.length && bytes.readUInt32LE(end) === DESCRIPTOR ? 16 : 12
    if (end > cdOffset) broken(`part ${name} runs past the zip directory`)
    records.push({ name, flags, method: bytes.readUInt16LE(p + 10), compressedSize, size, localOffset, central: bytes.subarray(p, p + recordLen), dataStart, end })
    p += recordLen
  }
  return { records, comment }
}

/** One part's content; `maxBytes` bounds what a deflated part may grow to (the guard has checked the totals). */
export function readPart(bytes: Buffer, record: ZipRecord, where: string, maxBytes: number): Buffer {
  const data = bytes.subarray(record.dataStart, record.dataStart + record.compressedSize)
  if (record.method === 0) return Buffer.from(data)
  if (record.method !== 8) throw new PatchRefused(`${where}: part ${record.name} uses compression method ${record.method}, which the answer writer does not read`)
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) })
  } catch {
    throw new InputError(`${where}: part ${record.name} cannot be inflated (damaged or larger than ${maxBytes} bytes)`)
  }
}

/**
 * The zip again, with `replace`d parts deflated anew. Every other part is copied as stored: its local
 * header, compressed bytes and data descriptor, and its central record with only the offset moved.
 */
export function rebuildZip(bytes: Buffer, dir: ZipDirectory, replace: Map<string, Buffer>): Buffer {
  const chunks: Buffer[] = []
  let offset = 0
  const newOffset = new Map<ZipRecord, number>()
  const newCentral = new Map<ZipRecord, Buffer>()
  for (const r of [...dir.records].sort((a, b) => a.localOffset - b.localOffset)) {
    newOffset.set(r, offset)
    const content = replace.get(r.name)
    if (content === undefined) {
      const local = bytes.subarray(r.localOffset, r.end)
      chunks.push(local)
      offset += local.length
      continue
    }
    const data = deflateRawSync(content)
    const crc = crc32(content)
    const name = r.central.subarray(46, 46 + r.central.readUInt16LE(28))
    const flags = r.flags & 0x800
    const header = Buffer.alloc(30)
    header.writeUInt32LE(LOCAL, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(flags, 6)
    header.writeUInt16LE(8, 8)
    r.central.copy(header, 10, 12, 16) // modification time and date, as they were
    header.writeUInt32LE(crc, 14)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(content.length, 22)
    header.writeUInt16LE(name.length, 26)
    header.writeUInt16LE(0, 28)
    chunks.push(header, name, data)
    offset += header.length + name.length + data.length
    const comment = r.central.subarray(46 + name.length + r.central.readUInt16LE(30))
    const central = Buffer.concat([Buffer.from(r.central.subarray(0, 46)), name, comment])
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(content.length, 24)
    central.writeUInt16LE(0, 30)
    newCentral.set(r, central)
  }
  const cdStart = offset
  for (const r of dir.records) {
    const central = Buffer.from(newCentral.get(r) ?? r.central)
    central.writeUInt32LE(newOffset.get(r)!, 42)
    chunks.push(central)
    offset += central.length
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(EOCD, 0)
  end.writeUInt16LE(dir.records.length, 8)
  end.writeUInt16LE(dir.records.length, 10)
  end.writeUInt32LE(offset - cdStart, 12)
  end.writeUInt32LE(cdStart, 16)
  end.writeUInt16LE(dir.comment.length, 20)
  chunks.push(end, dir.comment)
  return Buffer.concat(chunks)
}

// Use case: verify an evidence pack (folder or .zip): hashes, file set and signature.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { createPublicKey, type KeyObject } from 'node:crypto'
import { InputError } from '../core/errors.js'
import { readText } from '../core/json.js'
import { PACK_READ_LIMITS, readPackFolder, readPackZip, type ReadPack } from '../report/pack/io.js'
import type { ZipLimits } from '../report/pack/safe-zip.js'
import { verifyPackFiles, type VerifyReport } from '../report/pack/verify.js'

export interface VerifyPackInput {
  packPath: string
  publicKeyPath?: string
  /** What a pack may hold before it is refused unread (default PACK_READ_LIMITS, docs/pack.md). */
  limits?: ZipLimits
  /** Accept an unsigned pack (exit 0 when intact); without it an unsigned pack fails. */
  allowUnsigned?: boolean
}

/** The pack verifier's report: what the command prints and `--json` returns. */
export type VerifyPackResult = VerifyReport

function loadPublicKey(path: string): KeyObject {
  const pem = readText(path, 'public key')
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    throw new InputError(`${path}: not a PEM public key`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`${path}: public key must be Ed25519, got ${key.asymmetricKeyType ?? 'unknown'}`)
  return key
}

/** The first bytes only: reading a whole multi-gigabyte file to look at two bytes would fail or fill memory. */
function head(path: string, n: number): string {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(n)
    return buf.subarray(0, readSync(fd, buf, 0, n, 0)).toString('latin1')
  } finally {
    closeSync(fd)
  }
}

async function readPack(path: string, limits: ZipLimits): Promise<ReadPack> {
  if (!existsSync(path)) throw new InputError(`${path}: no such pack (folder or .zip)`)
  const st = statSync(path)
  let pack: ReadPack
  if (st.isDirectory()) {
    pack = readPackFolder(path, limits)
  } else {
    if (head(path, 2) !== 'PK') throw new InputError(`${path}: not a pack folder or .zip`)
    pack = await readPackZip(path, limits)
  }
  // Without a manifest nothing can be checked: an input error, not a failed verification.
  if (!pack.files.has('manifest.json')) throw new InputError(`${path} is not a trustpack evidence pack (no manifest.json)`)
  return pack
}

export async function verifyPack(input: VerifyPackInput): Promise<VerifyPackResult> {
  const publicKey = input.publicKeyPath ? loadPublicKey(input.publicKeyPath) : undefined
  const pack = await readPack(input.packPath, input.limits ?? PACK_READ_LIMITS)
  return verifyPackFiles(pack, { ...(publicKey ? { publicKey } : {}), allowUnsigned: input.allowUnsigned === true })
}

// Use case: verify an evidence pack (folder or .zip): hashes, file set and signature.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createPublicKey, type KeyObject } from 'node:crypto'
import { InputError } from '../core/errors.js'
import { readText } from '../core/json.js'
import { readPackFolder, readPackZip, type ReadPack } from '../report/pack/io.js'
import { verifyPackFiles, type VerifyReport } from '../report/pack/verify.js'

export interface VerifyPackInput {
  packPath: string
  publicKeyPath?: string
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

const PACK_MARKERS = ['manifest.json', 'manifest.sig', 'index.html', 'results.json', 'SHA256SUMS']

async function readPack(path: string): Promise<ReadPack> {
  if (!existsSync(path)) throw new InputError(`${path}: no such pack (folder or .zip)`)
  const st = statSync(path)
  let pack: ReadPack
  if (st.isDirectory()) {
    pack = readPackFolder(path)
  } else {
    const head = readFileSync(path).subarray(0, 2).toString('latin1')
    if (head !== 'PK') throw new InputError(`${path}: not a pack folder or .zip`)
    pack = await readPackZip(path)
  }
  if (!PACK_MARKERS.some((m) => pack.files.has(m))) throw new InputError(`${path}: not a trustpack evidence pack (no manifest.json)`)
  return pack
}

export async function verifyPack(input: VerifyPackInput): Promise<VerifyPackResult> {
  const publicKey = input.publicKeyPath ? loadPublicKey(input.publicKeyPath) : undefined
  const pack = await readPack(input.packPath)
  return verifyPackFiles(pack, publicKey ? { publicKey } : {})
}

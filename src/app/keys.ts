// Use case: create an Ed25519 key pair for signing evidence packs.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { releaseTemp, tempPathFor, writeError } from '../core/fs.js'
import { join, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import { keyFingerprint } from '../report/pack/manifest.js'

export const PRIVATE_KEY_FILE = 'trustpack-signing.key'
export const PUBLIC_KEY_FILE = 'trustpack-signing.pub'

export interface GenerateKeysResult {
  privateKeyPath: string
  publicKeyPath: string
  fingerprint: string
}

/** Writes with the final mode from the start (no window where a private key is world-readable), then renames. */
function writeNew(path: string, data: string, mode: number): void {
  const tmp = tempPathFor(path, 'key')
  try {
    writeFileSync(tmp, data, { mode, flag: 'wx' })
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw writeError(path, err)
  } finally {
    releaseTemp(tmp)
  }
}

export function generateKeys(input: { outDir: string; force?: boolean }): GenerateKeysResult {
  const dir = resolve(input.outDir)
  const privateKeyPath = join(dir, PRIVATE_KEY_FILE)
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE)
  if (!input.force) {
    for (const p of [privateKeyPath, publicKeyPath]) {
      if (existsSync(p)) throw new InputError(`${p}: already exists; refusing to overwrite a key (use --force)`)
    }
  }
  mkdirSync(dir, { recursive: true })
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  writeNew(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)
  writeNew(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644)
  return { privateKeyPath, publicKeyPath, fingerprint: keyFingerprint(publicKey) }
}

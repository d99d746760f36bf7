// manifest.json (every file of the pack with its SHA-256 and size) and its Ed25519 signature
// (manifest.sig, base64 over the exact manifest bytes). The signature covers the manifest, and the
// manifest covers every other file, so one signature check plus re-hashing proves the whole pack.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { InputError } from '../../core/errors.js'
import { readText, sha256Hex } from '../../core/json.js'

export const MANIFEST_FILE = 'manifest.json'
export const SIGNATURE_FILE = 'manifest.sig'
export const PUBLIC_KEY_FILE = 'public-key.pem'
export const PACK_FORMAT = 'trustpack-pack/1'

export const ManifestEntrySchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
}).strict()

export const ManifestSchema = z.object({
  format: z.literal(PACK_FORMAT),
  tool: z.object({ name: z.literal('trustpack'), version: z.string() }).strict(),
  generatedAt: z.string(),
  results: z.object({ file: z.string(), sha256: z.string(), evaluatedAt: z.string() }).strict(),
  snapshot: z.object({ file: z.string(), sha256: z.string(), startedAt: z.string(), finishedAt: z.string() }).strict(),
  signature: z.discriminatedUnion('status', [
    z.object({ status: z.literal('unsigned') }).strict(),
    z.object({
      status: z.literal('signed'),
      algorithm: z.literal('Ed25519'),
      file: z.literal(SIGNATURE_FILE),
      publicKey: z.literal(PUBLIC_KEY_FILE),
      publicKeyFingerprint: z.string(),
    }).strict(),
  ]),
  files: z.array(ManifestEntrySchema),
}).strict()
export type Manifest = z.infer<typeof ManifestSchema>

export interface Signer {
  privateKey: KeyObject
  publicKeyPem: string
  /** "SHA256:" + hex SHA-256 of the DER SubjectPublicKeyInfo; the same value `openssl pkey -pubin -outform DER | sha256sum` prints. */
  fingerprint: string
}

export function keyFingerprint(publicKey: KeyObject): string {
  return `SHA256:${sha256Hex(publicKey.export({ type: 'spki', format: 'der' }))}`
}

/** Loads an Ed25519 private key (PEM, PKCS#8) for signing; anything else is an input error naming the file. */
export function loadSigner(path: string): Signer {
  const pem = readText(path, 'signing key')
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem)
  } catch {
    throw new InputError(`${path}: not a PEM private key`, 'create one with `trustpack keys generate --out DIR`')
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new InputError(`${path}: signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'unknown'}`)
  }
  const publicKey = createPublicKey(privateKey)
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
  }
}

export function signatureText(manifestBytes: Buffer, signer: Signer): string {
  // Ed25519 signatures are deterministic: the same key and bytes always give the same signature.
  return sign(null, manifestBytes, signer.privateKey).toString('base64') + '\n'
}

export interface ManifestMeta {
  toolVersion: string
  generatedAt: string
  resultsSha256: string
  evaluatedAt: string
  snapshotSha256: string
  snapshotStartedAt: string
  snapshotFinishedAt: string
  signer: Signer | null
}

/** Canonical manifest bytes: 2-space JSON + newline; verify insists on this exact form. */
/** `hashes` (path → SHA-256 hex) saves re-hashing files the caller already hashed. */
export function manifestText(files: ReadonlyMap<string, Buffer>, meta: ManifestMeta, hashes?: ReadonlyMap<string, string>): string {
  const manifest: Manifest = {
    format: PACK_FORMAT,
    tool: { name: 'trustpack', version: meta.toolVersion },
    generatedAt: meta.generatedAt,
    results: { file: 'results.json', sha256: meta.resultsSha256, evaluatedAt: meta.evaluatedAt },
    snapshot: { file: 'snapshot.json', sha256: meta.snapshotSha256, startedAt: meta.snapshotStartedAt, finishedAt: meta.snapshotFinishedAt },
    signature: meta.signer
      ? { status: 'signed', algorithm: 'Ed25519', file: SIGNATURE_FILE, publicKey: PUBLIC_KEY_FILE, publicKeyFingerprint: meta.signer.fingerprint }
      : { status: 'unsigned' },
    files: [...files.keys()].sort(byPath).map((path) => {
      const data = files.get(path)!
      return { path, sha256: hashes?.get(path) ?? sha256Hex(data), size: data.length }
    }),
  }
  return canonicalManifest(manifest)
}

export function canonicalManifest(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n'
}

/** Byte order of the UTF-8 paths: the same on every machine and locale. */
export function byPath(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

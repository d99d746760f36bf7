// Re-checks a pack held in memory: every file against the manifest, nothing missing or added,
// the manifest in its canonical form, and the Ed25519 signature over the exact manifest bytes.
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { sha256Hex } from '../../core/json.js'
import { MANIFEST_FILE, ManifestSchema, PUBLIC_KEY_FILE, SIGNATURE_FILE, byPath, canonicalManifest, keyFingerprint, type Manifest } from './manifest.js'
import { assertPackPath, type ReadPack } from './io.js'

export interface VerifyReport {
  ok: boolean
  signed: boolean
  /** null when the pack is unsigned (and no key was required). */
  signatureValid: boolean | null
  missing: string[]
  extra: string[]
  changed: string[]
  /** Fingerprint of the key the signature was checked with. */
  keyFingerprint: string | null
  /** Human-readable reasons beyond the file lists (signature, manifest form). */
  problems: string[]
}

export interface VerifyOptions {
  /** Pin the signer: the signature must verify with this key, not just the one shipped in the pack. */
  publicKey?: KeyObject
}

function isValidPath(p: string): boolean {
  try {
    assertPackPath(p)
    return true
  } catch {
    return false
  }
}

export function verifyPackFiles(pack: ReadPack, opts: VerifyOptions = {}): VerifyReport {
  const { files, irregular } = pack
  const untrusted = pack.untrusted ?? []
  const report: VerifyReport = { ok: false, signed: false, signatureValid: null, missing: [], extra: [], changed: [], keyFingerprint: null, problems: [] }
  const finish = (): VerifyReport => {
    report.missing.sort(byPath)
    report.extra.sort(byPath)
    report.changed = [...new Set(report.changed)].sort(byPath)
    report.ok = report.missing.length === 0 && report.extra.length === 0 && report.changed.length === 0
      && report.problems.length === 0 && report.signatureValid !== false
    return report
  }

  // Never trusted, whatever the manifest says: each is named as extra, with why.
  const noteUntrusted = (): void => {
    for (const u of untrusted) {
      report.extra.push(u.path)
      report.problems.push(`zip entry ${u.path} ${u.reason}`)
    }
  }

  const manifestBytes = files.get(MANIFEST_FILE)
  if (!manifestBytes) {
    report.missing.push(MANIFEST_FILE)
    report.problems.push('manifest.json is missing: nothing can be verified')
    // Loops, not push(...list): a folder of 200,000 files would overflow the call stack.
    for (const path of files.keys()) report.extra.push(path)
    for (const path of irregular) report.extra.push(path)
    noteUntrusted()
    return finish()
  }
  let manifest: Manifest
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(manifestBytes.toString('utf8')))
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid')
    manifest = parsed.data
  } catch (err) {
    report.changed.push(MANIFEST_FILE)
    report.problems.push(`manifest.json is not a valid manifest (${(err as Error).message})`)
    return finish()
  }
  if (canonicalManifest(manifest) !== manifestBytes.toString('utf8')) {
    report.changed.push(MANIFEST_FILE)
    report.problems.push('manifest.json is not in its canonical form (edited by hand?)')
  }

  const listed = new Set<string>()
  for (const entry of manifest.files) {
    if (!isValidPath(entry.path) || listed.has(entry.path) || entry.path === MANIFEST_FILE || entry.path === SIGNATURE_FILE) {
      report.changed.push(MANIFEST_FILE)
      report.problems.push(`manifest.json lists an invalid or duplicate path: ${entry.path}`)
      continue
    }
    listed.add(entry.path)
    const data = files.get(entry.path)
    if (!data) report.missing.push(entry.path)
    else if (data.length !== entry.size || sha256Hex(data) !== entry.sha256) report.changed.push(entry.path)
  }
  for (const path of files.keys()) {
    if (path === MANIFEST_FILE) continue
    if (path === SIGNATURE_FILE && manifest.signature.status === 'signed') continue
    if (!listed.has(path)) report.extra.push(path)
  }
  for (const path of irregular) report.extra.push(path)
  noteUntrusted()

  if (manifest.signature.status === 'signed') {
    report.signed = true
    const sigBytes = files.get(SIGNATURE_FILE)
    let key = opts.publicKey
    if (!key) {
      const pem = files.get(PUBLIC_KEY_FILE)
      try {
        if (pem) key = createPublicKey(pem)
      } catch {
        report.problems.push(`${PUBLIC_KEY_FILE} is not a readable public key`)
      }
    }
    if (!sigBytes) {
      report.missing.push(SIGNATURE_FILE)
      report.signatureValid = false
    } else if (!key) {
      report.signatureValid = false
      report.problems.push(`no public key to check the signature with (${PUBLIC_KEY_FILE} missing; pass --public-key)`)
    } else {
      report.keyFingerprint = keyFingerprint(key)
      const text = sigBytes.toString('utf8')
      const sig = Buffer.from(text.trim(), 'base64')
      // Insist on the exact text written, so even bits base64 ignores cannot change unnoticed.
      const canonical = text === sig.toString('base64') + '\n'
      let valid = false
      try {
        valid = key.asymmetricKeyType === 'ed25519' && canonical && verify(null, manifestBytes, key, sig)
      } catch {
        valid = false
      }
      report.signatureValid = valid
      if (!valid) {
        if (!canonical) report.changed.push(SIGNATURE_FILE)
        report.problems.push(opts.publicKey
          ? `signature does not verify with the given public key (${report.keyFingerprint}): the pack was altered or signed with another key`
          : 'signature does not verify: manifest.json or manifest.sig was altered')
      } else if (!opts.publicKey && report.keyFingerprint !== manifest.signature.publicKeyFingerprint) {
        report.problems.push(`${PUBLIC_KEY_FILE} fingerprint ${report.keyFingerprint} differs from the manifest's ${manifest.signature.publicKeyFingerprint}`)
      }
    }
  } else if (opts.publicKey) {
    report.signatureValid = false
    report.problems.push('the pack is unsigned, but a public key was given: expected a signed pack')
  }
  return finish()
}

// Re-checks a pack held in memory: every file against the manifest, nothing missing or added,
// the manifest in its canonical form, the Ed25519 signature over the exact manifest bytes, what that
// signature proves (the embedded key: integrity only; a given key: who signed), and the content checks
// (attestation evidence; the period pack and history chain plug in through VerifyOptions.contentChecks).
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { sha256Hex } from '../../core/json.js'
import { ResultsSchema } from '../../snapshot/results.js'
import { MANIFEST_FILE, ManifestSchema, PUBLIC_KEY_FILE, SIGNATURE_FILE, byPath, canonicalManifest, keyFingerprint, type Manifest } from './manifest.js'
import { assertPackPath, type ReadPack } from './io.js'
import { attestationPackPaths } from './model.js'
import { RUNS_DIR, RunRecordSchema, runEntryName, signatureValid, type RunRecord } from '../../history/chain.js'

/**
 * What a signature check established: `unsigned`; `embedded-key`: checked only with public-key.pem from
 * the pack, which proves the pack is unchanged since signing but not who signed it; `given-key`: checked
 * with the key the verifier was given (--public-key), which also proves the signer.
 */
export type SignatureTrust = 'unsigned' | 'embedded-key' | 'given-key'

/** A content check over a pack whose files already match the manifest; returns problems (empty: passed). */
export interface PackContentCheck {
  /** Short name listed in the report's `checked`, e.g. "attestations", "period", "history-chain". */
  name: string
  /** Whether this pack has anything for the check to look at (a pack without a period file skips "period"). */
  appliesTo(files: ReadonlyMap<string, Buffer>, manifest: Manifest): boolean
  run(files: ReadonlyMap<string, Buffer>, manifest: Manifest): string[]
}

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
  /** What the signature proves; see SignatureTrust. */
  trust: SignatureTrust
  /** One sentence saying what was proven, for the person reading the output. */
  trustNote: string
  /** The content checks that ran (besides file hashes and the signature), e.g. ["attestations"]. */
  checked: string[]
}

export interface VerifyOptions {
  /** Pin the signer: the signature must verify with this key, not just the one shipped in the pack. */
  publicKey?: KeyObject
  /** Accept an unsigned pack (its hashes only show accidental change); otherwise unsigned fails. */
  allowUnsigned?: boolean
  /** Checks beyond the built-in ones (the period pack, the history chain), run when the files are intact. */
  contentChecks?: readonly PackContentCheck[]
}

/**
 * Attestation evidence: each copy under attestations/ must be the file results.json recorded at
 * evaluation (the manifest hash alone would accept a pack re-built around a swapped file).
 */
export const attestationEvidenceCheck: PackContentCheck = {
  name: 'attestations',
  appliesTo: (files) => files.has('results.json'),
  run(files) {
    let results
    try {
      const parsed = ResultsSchema.safeParse(JSON.parse(files.get('results.json')!.toString('utf8')))
      if (!parsed.success) return ['results.json is not a valid results document: its attestations cannot be checked']
      results = parsed.data
    } catch {
      return ['results.json is not JSON: its attestations cannot be checked']
    }
    const problems: string[] = []
    const paths = attestationPackPaths(results)
    for (const a of results.attestations) {
      const path = paths.get(a.evidence)
      if (!path) continue
      const data = files.get(path)
      if (!data) problems.push(`attestation evidence for ${a.control} is missing: ${path} (${a.evidence})`)
      else if (sha256Hex(data) !== a.evidenceFile?.sha256) problems.push(`attestation evidence for ${a.control} changed: ${path} does not have the SHA-256 results.json recorded for ${a.evidence}`)
    }
    return problems
  },
}

/** Where a period pack carries the evidence store's run records, byte for byte. */
export const PACK_RUNS_DIR = 'history/'

interface PeriodRef { runs: { seq: number; record: string; resultsSha256: string }[]; store: { head: string | null; headSeq: number | null } }

/**
 * A period pack's history: the run records it carries (every run of the store up to its head) form an unbroken
 * chain (numbered from 1, each `prev` the hash of the one before, each signature valid), its head is the head
 * period.json names, every run the period counts is in it with the results it recorded, and results.json is one
 * of those results. The pack's own signature then vouches for the chain segment an auditor samples.
 */
export const periodChainCheck: PackContentCheck = {
  name: 'history-chain',
  appliesTo: (files) => files.has('period.json'),
  run(files) {
    let period: PeriodRef
    try {
      period = JSON.parse(files.get('period.json')!.toString('utf8')) as PeriodRef
      if (!Array.isArray(period.runs) || typeof period.store !== 'object') return ['period.json is not a period model: its history cannot be checked']
    } catch {
      return ['period.json is not JSON: its history cannot be checked']
    }
    const names = [...files.keys()].filter((k) => k.startsWith(`${PACK_RUNS_DIR}${RUNS_DIR}`)).sort()
    if (names.length === 0) return [`period pack without the run records it was built from (${PACK_RUNS_DIR}${RUNS_DIR}): its history cannot be checked`]
    const problems: string[] = []
    const shas: string[] = []
    const records: RunRecord[] = []
    names.forEach((name, i) => {
      const bytes = files.get(name)!
      const parsed = (() => { try { return RunRecordSchema.safeParse(JSON.parse(bytes.toString('utf8'))) } catch { return null } })()
      if (!parsed?.success) { problems.push(`${name}: not a run record`); return }
      const r = parsed.data
      const sha = sha256Hex(bytes)
      if (name !== `${PACK_RUNS_DIR}${runEntryName(i + 1)}` || r.seq !== i + 1) problems.push(`${name}: holds run ${r.seq} where run ${i + 1} belongs: a run is missing or out of place`)
      const want = i === 0 ? null : shas[i - 1] ?? null
      if (r.prev !== want) problems.push(`${name}: prev does not match the hash of the run before it: the chain was edited`)
      if (r.signature.status === 'signed' && !signatureValid(r)) problems.push(`${name}: signature does not match the record`)
      shas.push(sha)
      records.push(r)
    })
    if (period.store.head !== (shas.at(-1) ?? null)) problems.push(`period.json names head ${String(period.store.head).slice(0, 12)}…, but the last run record the pack carries is ${String(shas.at(-1)).slice(0, 12)}…`)
    for (const run of period.runs) {
      const r = records[run.seq - 1]
      if (!r || shas[run.seq - 1] !== run.record || r.results?.sha256 !== run.resultsSha256) problems.push(`period.json counts run ${run.seq}, which the run records do not hold as it says`)
    }
    const results = files.get('results.json')
    if (results && !period.runs.some((r) => r.resultsSha256 === sha256Hex(results))) problems.push('results.json is not the results of any run the period counts')
    return problems
  },
}

export const BUILTIN_CONTENT_CHECKS: readonly PackContentCheck[] = [attestationEvidenceCheck, periodChainCheck]

function trustNote(report: VerifyReport, allowUnsigned: boolean): string {
  if (report.trust === 'unsigned') {
    return allowUnsigned
      ? 'unsigned (accepted with --allow-unsigned): the hashes show accidental change only; anyone who can edit the files can edit the manifest too'
      : 'unsigned: the hashes show accidental change only; pass --allow-unsigned to accept an unsigned pack'
  }
  if (report.signatureValid !== true) return 'signature INVALID'
  return report.trust === 'given-key'
    ? `signed by the holder of the given public key (${report.keyFingerprint})`
    : `signature valid with the key inside the pack (${report.keyFingerprint}): this proves the pack is unchanged since it was signed, not who signed it; pass --public-key with the publisher's key to check who`
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
  const allowUnsigned = opts.allowUnsigned === true
  const report: VerifyReport = {
    ok: false, signed: false, signatureValid: null, missing: [], extra: [], changed: [], keyFingerprint: null, problems: [],
    trust: 'unsigned', trustNote: '', checked: [],
  }
  const finish = (): VerifyReport => {
    report.missing.sort(byPath)
    report.extra.sort(byPath)
    report.changed = [...new Set(report.changed)].sort(byPath)
    report.trust = !report.signed ? 'unsigned' : opts.publicKey ? 'given-key' : 'embedded-key'
    report.trustNote = trustNote(report, allowUnsigned)
    report.ok = report.missing.length === 0 && report.extra.length === 0 && report.changed.length === 0
      && report.problems.length === 0 && report.signatureValid !== false && (report.signed || allowUnsigned)
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
  } else if (!allowUnsigned) {
    report.problems.push('the pack is unsigned: nothing vouches for its manifest (pass --allow-unsigned to accept an unsigned pack)')
  }

  // Content checks look inside files, so only over files that match the manifest (a changed file is reported already).
  const intact = report.missing.length === 0 && report.changed.length === 0
  if (intact) {
    for (const c of [...BUILTIN_CONTENT_CHECKS, ...(opts.contentChecks ?? [])]) {
      if (!c.appliesTo(files, manifest)) continue
      report.checked.push(c.name)
      for (const p of c.run(files, manifest)) report.problems.push(p)
    }
  }
  return finish()
}

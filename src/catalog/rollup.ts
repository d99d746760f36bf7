// Control results: each control's findings rolled up per DESIGN.md "Statuses", with attestations for
// manual controls. Roll-up order: any fail → fail; any error → error; manual part without a valid
// attestation → manual; manual part attested → pass; no findings or all not_applicable → not_applicable; else pass.
// An attestation counts only while it is unexpired and its evidence document is the one it names: a local
// file (resolved against the folder of trustpack.yaml) that exists and, when trustpack.yaml declares its
// sha256, has that hash; or a URL with a declared sha256 (never fetched). Otherwise it is invalid, with why.
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import type { Attestation, AttestationEvidence, ControlResult, Counts, Finding, Results, Status } from '../snapshot/results.js'
import type { Framework } from './load.js'
import { didYouMean } from './suggest.js'

export type AttestationState = Results['attestations'][number]

export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
}

export function rollUp(counts: Counts, manual: boolean, attested: boolean): Status {
  if (counts.fail > 0) return 'fail'
  if (counts.error > 0) return 'error'
  if (manual) return attested ? 'pass' : 'manual'
  if (counts.pass === 0) return 'not_applicable'
  return 'pass'
}

/** A larger evidence document is refused: an attestation names a policy or a test record, not a data set. */
export const ATTESTATION_EVIDENCE_MAX_BYTES = 64 * 1024 * 1024

export function isEvidenceUrl(evidence: string): boolean {
  return /^https?:\/\//i.test(evidence)
}

/** Where an attestation's evidence file is looked for: relative paths against the folder of trustpack.yaml. */
export function evidencePath(evidence: string, configFile: string | null): string {
  return isAbsolute(evidence) ? evidence : resolve(configFile ? dirname(configFile) : '.', evidence)
}

/** Reads and hashes the evidence document; a reason instead when it cannot count. */
export function readAttestationEvidence(evidence: string, declared: string | undefined, configFile: string | null): { evidenceFile?: AttestationEvidence; reason?: string } {
  const want = declared?.toLowerCase()
  const configName = configFile ?? 'trustpack.yaml'
  if (isEvidenceUrl(evidence)) {
    if (!want) return { reason: `evidence ${evidence} is a URL without a sha256 in ${configName}: a URL is never fetched, so its hash must be declared` }
    return { evidenceFile: { kind: 'url', sha256: want } }
  }
  const path = evidencePath(evidence, configFile)
  let bytes: Buffer
  try {
    const st = statSync(path)
    if (!st.isFile()) return { reason: `evidence file ${evidence} is not a regular file` }
    if (st.size > ATTESTATION_EVIDENCE_MAX_BYTES) return { reason: `evidence file ${evidence} is larger than ${ATTESTATION_EVIDENCE_MAX_BYTES / 1024 / 1024} MiB` }
    bytes = readFileSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { reason: code === 'ENOENT' ? `evidence file ${evidence} does not exist (looked for it relative to the folder of ${configName})` : `evidence file ${evidence} cannot be read (${code ?? String(err)})` }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const evidenceFile: AttestationEvidence = { kind: 'file', sha256, size: bytes.length }
  if (want && want !== sha256) {
    return { evidenceFile, reason: `evidence file ${evidence} has changed: its SHA-256 is ${sha256.slice(0, 12)}…, ${configName} declares ${want.slice(0, 12)}…` }
  }
  return { evidenceFile }
}

/** Every attestation with its state; unknown framework or control is an input error naming file:line. */
export function resolveAttestations(loaded: LoadedConfig, frameworks: Framework[], today: string): { states: AttestationState[]; valid: Map<string, Attestation> } {
  const file = loaded.file ?? 'trustpack.yaml'
  const valid = new Map<string, Attestation>()
  const states = (loaded.config.attestations ?? []).map((a, i): AttestationState => {
    const sep = a.control.indexOf(':')
    const fwId = a.control.slice(0, sep)
    const controlId = a.control.slice(sep + 1)
    const fw = frameworks.find((f) => f.id === fwId)
    const line = loaded.lineOf(['attestations', i, 'control'])
    if (!fw) throw new InputError(`${file}:${line}: attestation for unknown framework "${fwId}"${didYouMean(fwId, frameworks.map((f) => f.id))}`)
    if (!fw.controls.some((c) => c.id === controlId)) {
      throw new InputError(`${file}:${line}: attestation for unknown control "${controlId}" in ${fwId}${didYouMean(controlId, fw.controls.map((c) => c.id))}`)
    }
    const read = readAttestationEvidence(a.evidence, a.sha256, loaded.file)
    const att: Attestation = {
      control: a.control, statement: a.statement, evidence: a.evidence, owner: a.owner, expires: a.expires,
      ...(read.evidenceFile ? { evidenceFile: read.evidenceFile } : {}),
    }
    if (a.expires < today) return { ...att, state: 'expired', reason: `expired on ${a.expires}` }
    if (read.reason) return { ...att, state: 'invalid', reason: read.reason }
    const prev = valid.get(a.control)
    if (!prev || prev.expires < a.expires) valid.set(a.control, att)
    return { ...att, state: 'valid' }
  })
  return { states, valid }
}

/** The provider reports trustpack.yaml declares (`inherited:`), each valid or expired on `today`. */
export function inheritedStates(reports: NonNullable<LoadedConfig['config']['inherited']>, today: string): Array<(typeof reports)[number] & { state: 'valid' | 'expired' }> {
  return reports.map((r) => ({ ...r, state: r.expires < today ? ('expired' as const) : ('valid' as const) }))
}

/** The roll-up of a control's checks alone (no attestation), for telling "automated part passes" apart. */
export function automatedRollUp(counts: Counts): Status {
  return rollUp(counts, false, false)
}

/**
 * `states` (every declared attestation, valid or not) lets a manual control say why it is not attested:
 * missing (none declared), expired or invalid (with the reason).
 */
export function controlResults(frameworks: Framework[], findings: Finding[], valid: Map<string, Attestation>, states: readonly AttestationState[] = []): ControlResult[] {
  const byCheck = new Map<string, Counts>()
  for (const f of findings) {
    let c = byCheck.get(f.checkId)
    if (!c) byCheck.set(f.checkId, (c = emptyCounts()))
    c[f.status]++
  }
  const out: ControlResult[] = []
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      const counts = emptyCounts()
      for (const id of control.checks) {
        const c = byCheck.get(id)
        if (c) for (const k of Object.keys(counts) as Status[]) counts[k] += c[k]
      }
      const key = `${fw.id}:${control.id}`
      const attestation = control.manual ? valid.get(key) : undefined
      const status = rollUp(counts, control.manual, attestation !== undefined)
      const automatedStatus = control.checks.length > 0 ? automatedRollUp(counts) : undefined
      let attestationState: ControlResult['attestationState']
      let attestationReason: string | undefined
      if (control.manual) {
        if (attestation) attestationState = 'valid'
        else {
          // The most telling declared attestation: an invalid one (its file) says more than an expired one.
          const declared = states.filter((s) => s.control === key)
          const pick = declared.find((s) => s.state === 'invalid') ?? declared.find((s) => s.state === 'expired')
          attestationState = pick ? (pick.state === 'invalid' ? 'invalid' : 'expired') : 'missing'
          attestationReason = pick?.reason
        }
      }
      if (control.manual && !attestation) counts.manual++
      out.push({
        framework: fw.id,
        controlId: control.id,
        title: control.title,
        status,
        checkIds: [...control.checks],
        manual: control.manual,
        counts,
        ...(attestation ? { attestation } : {}),
        ...(control.manual && control.evidence ? { evidenceHint: control.evidence } : {}),
        ...(automatedStatus ? { automatedStatus } : {}),
        ...(attestationState ? { attestationState } : {}),
        ...(attestationReason ? { attestationReason } : {}),
      })
    }
  }
  return out
}

export function summarize(controls: ControlResult[], frameworkIds: string[]): Record<string, Counts> {
  const summary: Record<string, Counts> = {}
  for (const id of frameworkIds) summary[id] = emptyCounts()
  for (const c of controls) summary[c.framework]![c.status]++
  return summary
}

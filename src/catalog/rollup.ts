// Control results: each control's findings rolled up per DESIGN.md "Statuses", with attestations for
// manual controls. Roll-up order: any fail → fail; any error → error; manual part without a valid
// attestation → manual; manual part attested → pass; no findings or all not_applicable → not_applicable; else pass.
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import type { Attestation, ControlResult, Counts, Finding, Results, Status } from '../snapshot/results.js'
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

/** Every attestation with its state; unknown framework or control is an input error naming file:line. */
export function resolveAttestations(loaded: LoadedConfig, frameworks: Framework[], today: string): { states: AttestationState[]; valid: Map<string, Attestation> } {
  const file = loaded.file ?? 'trustpack.yaml'
  const valid = new Map<string, Attestation>()
  const states = (loaded.config.attestations ?? []).map((a, i) => {
    const sep = a.control.indexOf(':')
    const fwId = a.control.slice(0, sep)
    const controlId = a.control.slice(sep + 1)
    const fw = frameworks.find((f) => f.id === fwId)
    const line = loaded.lineOf(['attestations', i, 'control'])
    if (!fw) throw new InputError(`${file}:${line}: attestation for unknown framework "${fwId}"${didYouMean(fwId, frameworks.map((f) => f.id))}`)
    if (!fw.controls.some((c) => c.id === controlId)) {
      throw new InputError(`${file}:${line}: attestation for unknown control "${controlId}" in ${fwId}${didYouMean(controlId, fw.controls.map((c) => c.id))}`)
    }
    const att: Attestation = { control: a.control, statement: a.statement, evidence: a.evidence, owner: a.owner, expires: a.expires }
    const expired = a.expires < today
    if (!expired) {
      const prev = valid.get(a.control)
      if (!prev || prev.expires < a.expires) valid.set(a.control, att)
    }
    return { ...att, state: expired ? 'expired' as const : 'valid' as const }
  })
  return { states, valid }
}

export function controlResults(frameworks: Framework[], findings: Finding[], valid: Map<string, Attestation>): ControlResult[] {
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
      const attestation = control.manual ? valid.get(`${fw.id}:${control.id}`) : undefined
      const status = rollUp(counts, control.manual, attestation !== undefined)
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

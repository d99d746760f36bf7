// The pack's OSCAL documents as OSCAL tools read them: valid against NIST's published schemas,
// findings aimed at what the model expects (a control's statement).
import { beforeAll, describe, expect, it } from 'vitest'
import type { PackFiles } from '../../src/report/pack/io.js'
import { OSCAL_SCHEMA_VERSIONS, oscalValidator, schemaErrors, type OscalModel } from '../schemas.js'
import { fixturePack } from './helpers.js'

const AR = 'oscal/assessment-results.json'

interface Finding { target: { type: string; 'target-id': string; status: { state: string } }; props: { name: string; value: string }[] }
interface Results {
  results: { findings: Finding[]; 'reviewed-controls': { 'control-selections': { 'include-controls': { 'control-id': string }[] }[] } }[]
}

function json(files: PackFiles, path: string): Record<string, unknown> {
  return JSON.parse(files.get(path)!.toString('utf8')) as Record<string, unknown>
}

function expectValid(model: OscalModel, doc: unknown): void {
  for (const version of OSCAL_SCHEMA_VERSIONS) {
    const validate = oscalValidator(model, version)
    const ok = validate(doc)
    expect(schemaErrors(validate.errors), `${model} ${version}`).toEqual([])
    expect(ok).toBe(true)
  }
}

describe('OSCAL assessment results', () => {
  let files: PackFiles
  let ar: Results
  beforeAll(async () => {
    files = await fixturePack(null)
    ar = json(files, AR)['assessment-results'] as Results
  })

  it('validates against the official OSCAL 1.1.2 and 1.1.3 assessment-results schemas', async () => {
    expectValid('assessment-results', json(files, AR))
    // also with hostile control IDs and text, and with no findings at all
    const odd = await fixturePack(null, (r) => {
      r.controls[0]!.controlId = '1 <odd> id'
      r.controls[0]!.title = 'Ünïcode & "quotes"'
    })
    expectValid('assessment-results', json(odd, AR))
    const empty = await fixturePack(null, (r) => { r.findings = [] })
    expectValid('assessment-results', json(empty, AR))
    // and the validator does reject a broken document
    const broken = structuredClone(json(files, AR)) as { 'assessment-results': Results }
    broken['assessment-results'].results[0]!.findings[0]!.target.type = 'control-id'
    expect(oscalValidator('assessment-results', '1.1.2')(broken)).toBe(false)
  })

  it("targets each finding at its control's statement, for a control the reviewed controls name", () => {
    const reviewed = new Set(ar.results[0]!['reviewed-controls']['control-selections'].flatMap((s) => s['include-controls'].map((c) => c['control-id'])))
    const findings = ar.results[0]!.findings
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(f.target.type).toBe('statement-id')
      expect(f.target['target-id']).toMatch(/_smt$/)
      expect(reviewed.has(f.target['target-id'].replace(/_smt$/, ''))).toBe(true)
    }
    const cc61 = findings.find((f) => f.props.some((p) => p.name === 'control-id' && p.value === 'CC6.1'))!
    expect(cc61.target).toMatchObject({ type: 'statement-id', 'target-id': 'soc2_cc6.1_smt', status: { state: 'not-satisfied' } })
  })
})

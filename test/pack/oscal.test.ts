// The pack's OSCAL documents as OSCAL tools read them: valid against NIST's published schemas,
// findings aimed at what the model expects (a control's statement), and every reference
// (import-ap, back-matter rlinks) resolving to a file inside the pack, with matching hashes.
import { posix } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/core/json.js'
import type { PackFiles } from '../../src/report/pack/io.js'
import { verifyPackFiles } from '../../src/report/pack/verify.js'
import { OSCAL_SCHEMA_VERSIONS, oscalValidator, schemaErrors, type OscalModel } from '../schemas.js'
import { fixturePack } from './helpers.js'

const AR = 'oscal/assessment-results.json'
const AP = 'oscal/assessment-plan.json'

interface Link { href: string; 'media-type'?: string; hashes?: { algorithm: string; value: string }[] }
interface Resource { uuid: string; title?: string; rlinks?: Link[] }
interface Finding { target: { type: string; 'target-id': string; status: { state: string } }; props: { name: string; value: string }[] }
interface Results {
  'import-ap': { href: string }
  results: { findings: Finding[]; 'reviewed-controls': { 'control-selections': { 'include-controls': { 'control-id': string }[] }[] } }[]
  'back-matter': { resources: Resource[] }
}

function json(files: PackFiles, path: string): Record<string, unknown> {
  return JSON.parse(files.get(path)!.toString('utf8')) as Record<string, unknown>
}

/** A pack path from an href in the document at `from`, as a URI reference resolves (RFC 3986); null when it leaves the pack. */
function resolveInPack(from: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return null
  const path = posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(href.split('#')[0]!)))
  return path.startsWith('../') || path === '..' ? null : path
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
    // also with hostile control IDs and text, and with no findings and no subscription at all
    const odd = await fixturePack(null, (r) => {
      r.controls[0]!.controlId = '1 <odd> id'
      r.controls[0]!.title = 'Ünïcode & "quotes"'
    })
    expectValid('assessment-results', json(odd, AR))
    const empty = await fixturePack(null, (r) => { r.findings = [] }, (snap) => { snap.subscriptions = [] })
    expectValid('assessment-results', json(empty, AR))
    expectValid('assessment-plan', json(empty, AP))
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

  it('imports an assessment plan that is a file inside the pack, valid against the official assessment-plan schemas', () => {
    const target = resolveInPack(AR, ar['import-ap'].href)
    expect(target).toBe(AP)
    const ap = json(files, AP)
    expectValid('assessment-plan', ap)
    const plan = ap['assessment-plan'] as { 'reviewed-controls': Results['results'][0]['reviewed-controls'] }
    // the plan reviews exactly the controls the results report on
    expect(plan['reviewed-controls']['control-selections']).toEqual(ar.results[0]!['reviewed-controls']['control-selections'])
  })

  it('links every back-matter resource to a file inside the pack, relative to the document, with its SHA-256', () => {
    for (const path of [AR, AP]) {
      const doc = json(files, path)
      const root = (doc['assessment-results'] ?? doc['assessment-plan']) as { 'back-matter': { resources: Resource[] } }
      for (const res of root['back-matter'].resources) {
        for (const link of res.rlinks ?? []) {
          const file = resolveInPack(path, link.href)
          expect(file, `${path}: ${link.href}`).not.toBeNull()
          expect(files.has(file!), `${path}: ${link.href} -> ${file}`).toBe(true)
          expect(link.hashes).toEqual([{ algorithm: 'SHA-256', value: sha256Hex(files.get(file!)!) }])
        }
      }
    }
    const planResource = ar['back-matter'].resources.find((r) => r.rlinks?.some((l) => resolveInPack(AR, l.href) === AP))
    expect(planResource, 'the results name the plan in their back-matter, with its hash').toBeDefined()
  })

  it('lists the assessment plan in the manifest and SHA256SUMS, and verify notices when it changes or goes', () => {
    const manifest = json(files, 'manifest.json') as { files: { path: string; sha256: string }[] }
    expect(manifest.files.find((f) => f.path === AP)?.sha256).toBe(sha256Hex(files.get(AP)!))
    expect(files.get('SHA256SUMS')!.toString('utf8')).toContain(`${sha256Hex(files.get(AP)!)}  ${AP}\n`)
    expect(verifyPackFiles({ files, irregular: [] }, { allowUnsigned: true }).ok).toBe(true)
    const changed = new Map(files)
    changed.set(AP, Buffer.from(files.get(AP)!.toString('utf8').replace('assessment plan', 'assessment p1an')))
    expect(verifyPackFiles({ files: changed, irregular: [] })).toMatchObject({ ok: false, changed: [AP] })
    const gone = new Map(files)
    gone.delete(AP)
    expect(verifyPackFiles({ files: gone, irregular: [] })).toMatchObject({ ok: false, missing: [AP] })
  })
})

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/catalog/load.js'
import { projectRoot } from '../../src/core/version.js'
import { loadLibrary, loadShippedLibrary } from '../../src/questionnaire/library.js'
import { SAMPLE_CHECK_IDS, sampleResults } from '../../src/questionnaire/sample-results.js'
import { LIBRARY, tmp } from './helpers.js'

describe('answer library', () => {
  it('has sample results with every check the catalog knows, so estate-wide answers are tried whole', () => {
    expect([...SAMPLE_CHECK_IDS].sort()).toEqual(loadCatalog().checks.map((c) => c.def.id).sort())
  })

  it('loads the bundled library, whose entries cite only known check IDs', () => {
    const lib = loadLibrary(LIBRARY)
    expect(lib.entries.length).toBeGreaterThan(50)
    const known = new Set(SAMPLE_CHECK_IDS)
    for (const e of lib.entries) for (const c of e.checks) expect(known.has(c), `${e.id}: ${c}`).toBe(true)
    // a fixed position can never be yes
    for (const e of lib.entries) expect(['no', 'not_applicable', undefined]).toContain(e.answer)
  })

  it('reports a bad entry with file and line', () => {
    const dir = tmp()
    const path = join(dir, 'lib.yaml')
    writeFileSync(path, 'version: 1\nentries:\n  - id: x\n    topic: T\n    questions: [Q?]\n    answer: "yes"\n    wording: W\n')
    expect(() => loadLibrary(path)).toThrow(/lib\.yaml:6: invalid answer library \(entries\.0\.answer\)/)
    writeFileSync(path, 'version: 1\nentries:\n  - id: x\n    topic: T\n    questions: [Q?]\n    wording: W\n')
    expect(() => loadLibrary(path)).toThrow(/lib\.yaml:3: invalid answer library \(entries\.0\): an entry needs checks, attestations, scanned: true, or a fixed answer/)
    writeFileSync(path, 'version: 1\nentries:\n  - id: x\n    topic: T\n    questions: [Q?]\n    checks: [sql-db-tde]\n    wording: W\n  - id: x\n    topic: U\n    questions: [R?]\n    checks: [sql-db-tde]\n    wording: W\n')
    expect(() => loadLibrary(path)).toThrow(/lib\.yaml:8: invalid answer library \(entries\.1\.id\): duplicate entry id "x"/)
  })

  it('cites only trust claims that exist, and gives values whose placeholders the results fill', () => {
    const lib = loadShippedLibrary(LIBRARY, join(projectRoot(), 'src', 'services'))
    const claims = new Set(loadCatalog().frameworks.find((f) => f.id === 'trust-claims')!.controls.map((c) => c.id))
    const params = new Set(Object.keys(sampleResults().parameters))
    let values = 0
    for (const e of lib.entries) {
      for (const c of e.claims) expect(claims.has(c), `${e.id}: ${c}`).toBe(true)
      if (!e.value) continue
      values++
      for (const [, name] of e.value.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)) expect(params.has(name!) || name === 'count' || name === 'subscriptions', `${e.id}: {${name}}`).toBe(true)
    }
    expect(values).toBeGreaterThan(10)
  })

  it('refuses a value on a fixed position, and a claim that is not a trust-claims ID', () => {
    const dir = tmp()
    const path = join(dir, 'lib.yaml')
    writeFileSync(path, 'version: 1\nentries:\n  - id: x\n    topic: T\n    questions: [Q?]\n    answer: "no"\n    wording: W\n    value: V\n')
    expect(() => loadLibrary(path)).toThrow(/lib\.yaml:\d+: invalid answer library \(entries\.0\.value\): a fixed answer \(no \/ not_applicable\) cannot have a value/)
    writeFileSync(path, 'version: 1\nentries:\n  - id: x\n    topic: T\n    questions: [Q?]\n    checks: [sql-db-tde]\n    wording: W\n    claims: [soc2:CC6.1]\n')
    expect(() => loadLibrary(path)).toThrow(/lib\.yaml:8: invalid answer library \(entries\.0\.claims\.0\): a trust-claims control ID/)
  })
})

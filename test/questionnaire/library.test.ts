import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/questionnaire/library.js'
import { SAMPLE_CHECK_IDS } from '../../src/questionnaire/sample-results.js'
import { LIBRARY, tmp } from './helpers.js'

describe('answer library', () => {
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
})

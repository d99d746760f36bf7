// One parametrised test over the check catalog: every check's pass fixtures pass, fail fixtures fail,
// error fixtures give error and not_applicable fixtures give not_applicable. A check without fixtures fails here.
import { describe, expect, it } from 'vitest'
import { readFixture, runCheck, shippedCatalog } from './helpers.js'

const catalog = shippedCatalog()

describe('check catalog', () => {
  it('loads without problems', () => {
    expect(catalog.problems).toEqual([])
    expect(catalog.checks.length).toBeGreaterThanOrEqual(26)
  })
})

describe.each(catalog.checks.map((c) => [c.def.id, c] as const))('check %s', (_id, check) => {
  it('has at least one pass and one fail fixture', () => {
    expect(check.def.fixtures.pass.length).toBeGreaterThan(0)
    expect(check.def.fixtures.fail.length).toBeGreaterThan(0)
  })

  for (const kind of ['pass', 'fail', 'error', 'not_applicable'] as const) {
    for (const fx of check.def.fixtures[kind] ?? []) {
      it(`gives ${kind} on ${fx.path}`, () => {
        const findings = runCheck(check.def.id, readFixture(fx.path), fx.parameters ?? {})
        expect(findings.length).toBeGreaterThan(0)
        const statuses = findings.map((f) => f.status)
        if (kind === 'pass' || kind === 'not_applicable') expect(new Set(statuses)).toEqual(new Set([kind]))
        else expect(statuses).toContain(kind)
        for (const f of findings) expect(f.callIds.length).toBeGreaterThan(0)
      })
    }
  }
})

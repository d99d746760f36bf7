// Every check's fixture cases (src/services/<service>/fixtures/<check-id>.yaml), each a patch on the service's
// base estate turned into a snapshot the way scan reads it: the check must give exactly the resource → status
// map the case expects. A check without fixtures, or without a pass and a fail case, fails here.
import { describe, expect, it } from 'vitest'
import { applyCase, CASE_KINDS, loadBase, loadCheckFixtures, simulateScan, type CheckFixtures } from '../../src/services/fixtures.js'
import type { Estate } from '../../src/emulator/estate.js'
import { FIXTURE_NOW, exactStatuses, runCheck, shippedCatalog } from './helpers.js'

const catalog = shippedCatalog()

describe('check catalog', () => {
  it('loads without problems, fixtures included', () => {
    expect(catalog.problems).toEqual([])
    expect(catalog.checks.length).toBeGreaterThanOrEqual(26)
  })
})

describe.each(catalog.checks.map((c) => [c.def.id, c] as const))('check %s', (id, check) => {
  const loaded = loadCheckFixtures(check.serviceDir, id)
  const base = loadBase(check.serviceDir)
  it('has a fixture file with at least one pass and one fail case', () => {
    expect('problems' in loaded ? loaded.problems : []).toEqual([])
    expect('problem' in base ? base.problem : null).toBeNull()
  })
  if ('problems' in loaded || 'problem' in base) return
  const fixtures: CheckFixtures = loaded.fixtures
  const estate: Estate = base.estate
  for (const kind of CASE_KINDS) {
    for (const fx of fixtures[kind] ?? []) {
      it(`${kind}: ${fx.name}`, async () => {
        const snapshot = await simulateScan(applyCase(estate, fx), catalog.plans, { failReads: fx.failReads ?? [], now: FIXTURE_NOW })
        const findings = runCheck(id, snapshot, { ...fixtures.parameters, ...fx.parameters })
        const { got, want } = exactStatuses(findings, fx.expect)
        expect(got).toEqual(want)
        const statuses = new Set(Object.values(got))
        if (kind === 'pass' || kind === 'not_applicable') expect([...statuses].every((s) => s === kind || s === 'not_applicable' || s === 'pass')).toBe(true)
        expect(statuses, `a ${kind} case gives ${kind} somewhere`).toContain(kind)
        for (const f of findings) expect(f.callIds.length, `${f.resourceId} cites the calls it came from`).toBeGreaterThan(0)
      })
    }
  }
})

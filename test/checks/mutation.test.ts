// The passing estate is every service's fixtures/base.json together; each check's fail cases, applied to it,
// must fail exactly the resources they name and change no other check. The same edge cases run for every
// check: no resource of its type gives no finding at all, and its type's list failing gives no pass.
import { describe, expect, it } from 'vitest'
import { applyCase, loadCheckFixtures, simulateScan, type CheckFixtures, type FixtureCase } from '../../src/services/fixtures.js'
import type { Estate } from '../../src/emulator/estate.js'
import type { Finding } from '../../src/snapshot/results.js'
import { readsOwnProperties } from '../../src/checks/schema.js'
import { FIXTURE_NOW, exactStatuses, passingEstate, passingSnapshot, runAll, shippedCatalog } from './helpers.js'

const catalog = shippedCatalog()
const passing: Estate = passingEstate()
const passingSnap = await passingSnapshot()
const fixtures = new Map<string, CheckFixtures>(catalog.checks.map((c) => {
  const f = loadCheckFixtures(c.serviceDir, c.def.id)
  if ('problems' in f) throw new Error(f.problems[0]!.message)
  return [c.def.id, f.fixtures]
}))

/** Every check's fixture parameters at once; lists (allowlists) are joined. */
function mergedParameters(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fixtures.values()) {
    for (const [k, v] of Object.entries(f.parameters ?? {})) out[k] = Array.isArray(v) && Array.isArray(out[k]) ? [...(out[k] as unknown[]), ...v] : v
  }
  return out
}
const params = mergedParameters()

async function evaluate(estate: Estate, c?: FixtureCase): Promise<Finding[]> {
  const snapshot = await simulateScan(estate, catalog.plans, { failReads: c?.failReads ?? [], now: FIXTURE_NOW })
  return runAll(snapshot, { ...params, ...c?.parameters })
}

const key = (f: Finding): string => `${f.checkId} ${f.resourceId.toLowerCase()}`
const baseline = new Map((await evaluate(passing)).map((f) => [key(f), f.status]))

describe('the passing estate (every service base together)', () => {
  it('fails and errors nowhere, and every check passes somewhere', () => {
    const bad = [...baseline].filter(([, s]) => s === 'fail' || s === 'error')
    expect(bad).toEqual([])
    const passed = new Set([...baseline].filter(([, s]) => s === 'pass').map(([k]) => k.split(' ')[0]))
    expect([...passed].sort()).toEqual(catalog.checks.map((c) => c.def.id).sort())
  })
})

describe.each(catalog.checks.map((c) => [c.def.id, c] as const))('%s', (checkId, check) => {
  for (const fx of fixtures.get(checkId)!.fail) {
    it(`fails exactly what "${fx.name}" names, in the passing estate, and changes no other check`, async () => {
      const findings = await evaluate(applyCase(passing, fx), fx)
      const own = findings.filter((f) => f.checkId === checkId)
      const { got, want } = exactStatuses(own, fx.expect)
      expect(got).toEqual(want)
      const others = findings.filter((f) => f.checkId !== checkId && !(fx.alsoChanges ?? []).includes(f.checkId))
      expect(others.filter((f) => baseline.get(key(f)) !== f.status).map((f) => `${key(f)}: ${baseline.get(key(f))} → ${f.status}`)).toEqual([])
    })
  }

  it('gives no finding when no resource of its type exists', async () => {
    if (check.def.resource === '*' || check.def.resource === 'microsoft.resources/subscriptions') return
    const type = check.def.resource
    const gone = { ...passing, resources: passing.resources.filter((r) => !r.type.toLowerCase().startsWith(type)) }
    const findings = (await evaluate(gone)).filter((f) => f.checkId === checkId)
    expect(findings).toEqual([])
  })

  it('errors on every parent whose list of its type fails, and passes nothing that needed the list', async () => {
    if (check.def.resource === '*' || check.def.resource === 'microsoft.resources/subscriptions') return
    const type = check.def.resource
    const parentType = type.split('/').length > 2 ? type.split('/').slice(0, -1).join('/') : null
    // Parents whose list of this type is never asked for (a classic CDN profile's Front Door endpoints) cannot fail it.
    const notAsked = new Set((passingSnap.lists ?? []).filter((l) => l.note && l.resourceType === type).map((l) => l.scope.toLowerCase()))
    const scopes = parentType ? passing.resources.filter((r) => r.type.toLowerCase() === parentType && !notAsked.has(r.id.toLowerCase())).map((r) => r.id) : ['subscription']
    const c: FixtureCase = { name: 'list fails', expect: {}, failReads: scopes.map((scope) => ({ scope, type, status: 500, code: 'InternalServerError', message: 'injected', keep: 0 })) }
    const findings = (await evaluate(passing, c)).filter((f) => f.checkId === checkId)
    const errors = new Set(findings.filter((f) => f.status === 'error').map((f) => f.resourceId.toLowerCase()))
    const parents = parentType ? scopes : passing.subscriptions.map((sub) => `/subscriptions/${sub.subscriptionId}`)
    for (const p of parents) expect(errors, p).toContain(p.toLowerCase())
    // A rule that reads the resource's own settings cannot pass on a resource known only from the resource list.
    if (readsOwnProperties(check.def.rule) || readsOwnProperties(check.def.scope)) expect(findings.filter((f) => f.status === 'pass').map((f) => f.resourceId)).toEqual([])
  })
})

// Every read plan through the real SDK clients: the passing estate (every service's fixtures/base.json) served
// by the emulator at page sizes 1 and 2, in $skiptoken and opaque nextLink forms, scanned completely, with every
// request at its plan's api-version; and the offline simulation the fixtures use gives the same snapshot.
import { describe, expect, it } from 'vitest'
import { simulateScan } from '../../src/services/fixtures.js'
import { isList, walkReads } from '../../src/services/plan.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { FIXTURE_NOW, passingEstate, shippedCatalog } from '../checks/helpers.js'
import { scanEmulator, withEmulator } from './helpers.js'

const catalog = shippedCatalog()
const estate = passingEstate()

function view(s: Snapshot) {
  return {
    resources: s.resources.map((r) => ({ id: r.id.toLowerCase(), type: r.type, location: r.location, properties: r.properties })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    lists: (s.lists ?? []).map((l) => `${l.scope.toLowerCase()} ${l.resourceType} ${l.items} ${l.complete}`).sort(),
    errors: s.errors.map((e) => `${e.scope.toLowerCase()} ${e.resourceType} ${e.code}`).sort(),
  }
}

describe('every read plan, through the real SDK clients', () => {
  for (const [pageSize, style] of [[1, 'skiptoken'], [2, 'opaque']] as const) {
    it(`reads every page of every list at page size ${pageSize} (${style} nextLinks), as the fixtures' simulation does`, async () => {
      await withEmulator({ estate, pageSize, nextLinkStyle: style, now: () => FIXTURE_NOW }, async (emu) => {
        const { snapshot } = await scanEmulator(emu, { now: () => FIXTURE_NOW })
        expect(snapshot.errors).toEqual([])
        const calls = new Map(snapshot.calls.map((c) => [c.id, c]))
        for (const l of snapshot.lists ?? []) {
          expect(l.complete, `${l.scope} ${l.resourceType}`).toBe(true)
          expect(l.items).toBe(l.pages.reduce((n, p) => n + p.items, 0))
          // A list not asked for (a classic CDN profile's Front Door endpoints) says why and has no pages.
          expect(l.pages.length, `${l.scope} ${l.resourceType}`).toBe(l.note ? 0 : Math.max(1, Math.ceil(l.items / pageSize)))
        }
        for (const plan of catalog.plans) {
          for (const { read } of walkReads(plan)) {
            if (!isList(read)) continue
            const lists = (snapshot.lists ?? []).filter((l) => l.resourceType === read.type)
            expect(lists.length, `${plan.service}: ${read.list} was read`).toBeGreaterThan(0)
            // The base estates hold enough items that every list operation pages at least once here.
            expect(Math.max(...lists.map((l) => l.pages.length)), `${plan.service}: ${read.list} spans pages`).toBeGreaterThan(pageSize === 1 ? 1 : 0)
            for (const l of lists) for (const p of l.pages) expect(calls.get(p.callId)!.apiVersion, `${read.list} at its plan's api-version`).toBe(read.apiVersion)
          }
        }
        const simulated = await simulateScan(estate, catalog.plans, { now: FIXTURE_NOW })
        expect(view(snapshot)).toEqual(view(simulated))
      })
    })
  }
})

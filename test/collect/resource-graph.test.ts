// The tenant-wide inventory through Azure Resource Graph, with the real @azure/arm-resourcegraph client against
// the emulator: the same snapshot and findings as per-subscription lists, its paging, and every way it can be
// short (refused, a page failing, truncated, lagging behind ARM, still holding deleted resources) either
// falling back to ARM, or being recorded and judged error. Never a population judged on fewer resources.
import { describe, expect, it } from 'vitest'
import { generateEstate } from '../../src/emulator/generate.js'
import type { Estate } from '../../src/emulator/estate.js'
import type { RequestLogEntry, ResourceGraphOptions } from '../../src/emulator/server.js'
import { AuthError } from '../../src/core/errors.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { FIXTURE_NOW, passingEstate, runAll } from '../checks/helpers.js'
import { scanEmulator, withEmulator } from './helpers.js'

const isGraph = (r: RequestLogEntry): boolean => /\/providers\/microsoft\.resourcegraph\/resources$/i.test(r.path)
/** Subscription-level service lists on ARM (not the generic resource list, not Defender pricings). */
const serviceLists = (log: RequestLogEntry[]): RequestLogEntry[] =>
  log.filter((r) => r.method === 'GET' && /^\/subscriptions\/[^/]+\/providers\/microsoft\.(?!security)[^/]+\/[^/]+$/i.test(r.path))

/** Resource Graph answers canonical location names ("eastus") where some service lists answer "East US". */
const canonical = (location: string | null): string | null => location?.toLowerCase().replace(/\s+/g, '') ?? null

function view(s: Snapshot) {
  return s.resources.map((r) => ({ id: r.id.toLowerCase(), type: r.type, location: canonical(r.location), kind: r.kind ?? null, sku: r.sku ?? null, tags: r.tags ?? null, properties: r.properties })).sort((a, b) => (a.id < b.id ? -1 : 1))
}

function findings(s: Snapshot): string[] {
  return runAll(s).map((f) => `${f.checkId} ${f.resourceId.toLowerCase()} ${f.status}`).sort()
}

async function scanBoth(estate: Estate, rg: ResourceGraphOptions = {}) {
  const arm = await withEmulator({ estate, now: () => FIXTURE_NOW }, (emu) => scanEmulator(emu, { now: () => FIXTURE_NOW }))
  return withEmulator({ estate, now: () => FIXTURE_NOW, resourceGraph: rg }, async (emu) => {
    const graph = await scanEmulator(emu, { now: () => FIXTURE_NOW, inventory: 'auto' })
    return { arm: arm.snapshot, graph: graph.snapshot, log: emu.requests }
  })
}

describe('the inventory from Resource Graph', () => {
  it('gives the same resources, properties and findings as per-subscription lists, with one query in place of a list per type per subscription', async () => {
    for (const estate of [passingEstate(), generateEstate({ servers: 3, databasesPerServer: 2, vaults: 2, keysPerVault: 3, subscriptions: 3 })]) {
      const { arm, graph, log } = await scanBoth(estate)
      expect(graph.errors).toEqual([])
      expect(view(graph)).toEqual(view(arm))
      expect(findings(graph)).toEqual(findings(arm))
      expect(log.filter(isGraph).map((r) => [r.method, r.status])).toEqual([['POST', 200]])
      expect(serviceLists(log)).toEqual([])
      const fromGraph = (graph.lists ?? []).filter((l) => l.source === 'resource-graph')
      expect(fromGraph.length).toBeGreaterThan(0)
      // Each population says where it came from and is held against the subscription's resource list.
      for (const l of fromGraph) {
        expect(l.complete).toBe(true)
        expect(l.items).toBe(graph.resources.filter((r) => r.type === l.resourceType && `/subscriptions/${r.subscriptionId}` === l.scope).length)
        expect(l.pages.reduce((n, p) => n + p.items, 0)).toBe(l.items)
        expect(graph.calls.find((c) => c.id === l.pages[0]!.callId)).toMatchObject({ method: 'POST', status: 200, apiVersion: '2021-03-01' })
      }
      expect(graph.notes.some((n) => /taken from Azure Resource Graph/.test(n))).toBe(true)
    }
  })

  it('asks for 1,000 rows a page and follows $skipToken until every announced row is read', async () => {
    // 2,300 SQL servers in one subscription: three pages of the query.
    const estate = generateEstate({ servers: 2300, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    await withEmulator({ estate, resourceGraph: { defaultTop: 100 } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { inventory: 'resource-graph' })
      const queries = emu.requests.filter(isGraph)
      expect(queries).toHaveLength(3)
      const bodies = queries.map((q) => JSON.parse(q.body!) as { options: { $top: number; $skipToken?: string }; subscriptions: string[]; query: string })
      expect(bodies.map((b) => b.options.$top)).toEqual([1000, 1000, 1000])
      expect(bodies[0]!.options.$skipToken).toBeUndefined()
      expect(bodies.slice(1).every((b) => typeof b.options.$skipToken === 'string')).toBe(true)
      expect(bodies[0]!.query).toMatch(/^Resources \| where type in~ \('.*'microsoft\.sql\/servers'.*\) \| project id, /)
      const servers = snapshot.lists!.find((l) => l.resourceType === 'microsoft.sql/servers')!
      expect(servers).toMatchObject({ complete: true, items: 2300, source: 'resource-graph' })
      expect(snapshot.resources.filter((r) => r.type === 'microsoft.sql/servers')).toHaveLength(2300)
      expect(snapshot.errors).toEqual([])
    })
  })

  it('falls back to per-subscription lists when Resource Graph is refused, and says so', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 1, vaults: 1, keysPerVault: 1, subscriptions: 2 })
    const { arm, graph, log } = await scanBoth(estate, { refuse: { status: 403, code: 'AuthorizationFailed' } })
    expect(graph.errors).toEqual([])
    expect(view(graph)).toEqual(view(arm))
    expect(serviceLists(log).length).toBeGreaterThan(0)
    expect((graph.lists ?? []).some((l) => l.source)).toBe(false)
    expect(graph.notes.find((n) => /Resource Graph was not used/.test(n))).toMatch(/403 AuthorizationFailed.*read on Resource Manager instead/)
  })

  it('stops with an authorization error when Resource Graph is required and refused', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    await withEmulator({ estate, resourceGraph: { refuse: { status: 403, code: 'AuthorizationFailed' } } }, async (emu) => {
      const err = await scanEmulator(emu, { inventory: 'resource-graph' }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AuthError)
      expect((err as Error).message).toMatch(/Resource Graph refused the inventory query.*403 AuthorizationFailed/)
    })
  })

  it('falls back when a later page fails; under resource-graph every population it was to give is a failed read, judged error', async () => {
    const estate = generateEstate({ servers: 1200, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    for (const inventory of ['auto', 'resource-graph'] as const) {
      // Page 1 answers; every request for a later page (one carrying a $skipToken) fails.
      await withEmulator({ estate, faults: [{ path: '/providers/microsoft.resourcegraph/resources', body: /"\$skipToken"/, status: 500 }] }, async (emu) => {
        const { snapshot } = await scanEmulator(emu, { inventory, maxRetries: 1 })
        const servers = snapshot.resources.filter((r) => r.type === 'microsoft.sql/servers')
        if (inventory === 'auto') {
          expect(snapshot.errors).toEqual([])
          expect(servers).toHaveLength(1200)
          expect(snapshot.notes.find((n) => /Resource Graph was not used/.test(n))).toMatch(/page 2: 500/)
          expect(snapshot.lists!.find((l) => l.resourceType === 'microsoft.sql/servers')).toMatchObject({ complete: true, items: 1200 })
          expect(snapshot.lists!.find((l) => l.resourceType === 'microsoft.sql/servers')!.source).toBeUndefined()
        } else {
          // Only what the generic resource list says of them (no properties): nothing to judge on.
          expect(servers.every((r) => Object.keys(r.properties).length === 0)).toBe(true)
          const list = snapshot.lists!.find((l) => l.resourceType === 'microsoft.sql/servers')!
          expect(list).toMatchObject({ complete: false, source: 'resource-graph' })
          expect(snapshot.errors.some((e) => e.resourceType === 'microsoft.sql/servers' && /Resource Graph could not be read/.test(e.message))).toBe(true)
          const tls = runAll(snapshot).filter((f) => f.checkId === 'sql-server-min-tls')
          expect(tls.length).toBeGreaterThan(0)
          expect(tls.every((f) => f.status === 'error')).toBe(true)
        }
      })
    }
  })

  it('does not use an answer that says it is truncated, or whose rows fall short of its total', async () => {
    const estate = generateEstate({ servers: 2, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    const sub = estate.subscriptions[0]!.subscriptionId
    const server = estate.resources.find((r) => r.type === 'Microsoft.Sql/servers')!
    const row = { id: server.id, name: server.name, type: 'microsoft.sql/servers', location: 'canadacentral', subscriptionId: sub, properties: server.properties }
    for (const [body, why] of [
      [{ totalRecords: 2, count: 2, data: [row, { ...row, id: `${row.id}x` }], resultTruncated: 'true', facets: [] }, /truncated/],
      [{ totalRecords: 5, count: 1, data: [row], resultTruncated: 'false', facets: [] }, /announced 5 rows and 1 were read/],
    ] as const) {
      await withEmulator({ estate, faults: [{ path: '/providers/microsoft.resourcegraph/resources', rawBody: { body: JSON.stringify(body), contentType: 'application/json' } }] }, async (emu) => {
        const { snapshot } = await scanEmulator(emu, { inventory: 'auto' })
        expect(snapshot.notes.find((n) => /Resource Graph was not used/.test(n))).toMatch(why)
        expect(snapshot.resources.filter((r) => r.type === 'microsoft.sql/servers')).toHaveLength(2)
        expect(snapshot.errors).toEqual([])
      })
    }
  })

  it('names a resource ARM lists and Resource Graph has not indexed yet as a failed read, judged error', async () => {
    const estate = generateEstate({ servers: 2, databasesPerServer: 1, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    const fresh = estate.resources.find((r) => r.type === 'Microsoft.Sql/servers')!.id
    await withEmulator({ estate, resourceGraph: { omitIds: [fresh.toUpperCase()] } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { inventory: 'auto' })
      const err = snapshot.errors.find((e) => e.scope === fresh)!
      expect(err).toMatchObject({ resourceType: 'microsoft.sql/servers', code: 'MissingFromServiceList' })
      expect(err.message).toMatch(/ResourceGraph.*did not return it \(Resource Graph's index may lag/)
      const finding = runAll(snapshot).find((f) => f.checkId === 'sql-server-min-tls' && f.resourceId.toLowerCase() === fresh.toLowerCase())
      expect(finding?.status).toBe('error')
    })
  })

  it('leaves out a row Resource Graph still holds for a resource ARM no longer has, naming it in a note', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    const sub = estate.subscriptions[0]!.subscriptionId
    const gone = `/subscriptions/${sub}/resourceGroups/rg-old/providers/Microsoft.Sql/servers/sql-deleted-yesterday`
    const stale = { id: gone, name: 'sql-deleted-yesterday', type: 'microsoft.sql/servers', location: 'canadacentral', subscriptionId: sub, resourceGroup: 'rg-old', properties: { minimalTlsVersion: '1.0' } }
    await withEmulator({ estate, resourceGraph: { staleRows: [stale] } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { inventory: 'auto' })
      expect(snapshot.resources.some((r) => r.id === gone)).toBe(false)
      // Nothing was read under it (its children would only 404).
      expect(emu.requests.some((r) => r.path.includes('sql-deleted-yesterday'))).toBe(false)
      expect(snapshot.notes.find((n) => n.includes(gone))).toMatch(/no longer shows.*not assessed/)
      expect(snapshot.errors).toEqual([])
      expect(snapshot.lists!.find((l) => l.resourceType === 'microsoft.sql/servers')).toMatchObject({ items: 1, complete: true })
    })
  })

  it('reads a subscription on ARM when its resource list cannot be read, so its Resource Graph rows are never taken unchecked', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 2 })
    const [a, b] = estate.subscriptions.map((s) => s.subscriptionId.toLowerCase()) as [string, string]
    await withEmulator({ estate, faults: [{ path: `/subscriptions/${a}/resources`, status: 500 }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { inventory: 'auto', maxRetries: 0 })
      const sqlA = snapshot.lists!.find((l) => l.scope === `/subscriptions/${a}` && l.resourceType === 'microsoft.sql/servers')!
      const sqlB = snapshot.lists!.find((l) => l.scope === `/subscriptions/${b}` && l.resourceType === 'microsoft.sql/servers')!
      expect(sqlA.source).toBeUndefined()
      expect(sqlB.source).toBe('resource-graph')
      expect(emu.requests.some((r) => r.path.toLowerCase() === `/subscriptions/${a}/providers/microsoft.sql/servers`)).toBe(true)
      expect(emu.requests.some((r) => r.path.toLowerCase() === `/subscriptions/${b}/providers/microsoft.sql/servers`)).toBe(false)
      expect(snapshot.notes.some((n) => n.startsWith(`/subscriptions/${a}:`) && /read on Resource Manager instead/.test(n))).toBe(true)
    })
  })

  it('never asks Resource Graph under --inventory arm', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    await withEmulator({ estate }, async (emu) => {
      await scanEmulator(emu, { inventory: 'arm' })
      expect(emu.requests.filter(isGraph)).toEqual([])
    })
  })
})

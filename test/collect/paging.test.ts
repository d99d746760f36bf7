// Complete populations: every page of every list, through the real SDK clients (TypeSpec-generated and
// older), with the list records proving it; and lists cut short (a loop, the page cap, a page that is not
// JSON, a failed page) recorded so that no check passes on them.
import { describe, expect, it } from 'vitest'
import { generateEstate } from '../../src/emulator/generate.js'
import type { Estate, EstateResource } from '../../src/emulator/estate.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { evaluateSnapshot } from '../../src/app/evaluate.js'
import { scanEmulator, withEmulator } from './helpers.js'

/** A generated estate with one vault of 60 keys, 7 databases on a server, and extra storage accounts and sites. */
function estateOnSeveralPages(): Estate {
  const estate = generateEstate({ servers: 1, databasesPerServer: 7, vaults: 1, keysPerVault: 60, subscriptions: 1, seed: 7 })
  const clone = (type: string, count: number): void => {
    const originals = estate.resources.filter((r) => r.type === type)
    const base = originals[0]!
    for (let i = 0; i < count; i++) {
      const name = `${base.name}x${i}`
      const id = base.id.replace(/[^/]+$/, name)
      const copy = JSON.parse(JSON.stringify(base).split(base.id).join(id)) as EstateResource
      copy.name = name
      estate.resources.push(copy)
      // Children (site config) follow their parent.
      for (const child of estate.resources.filter((r) => r.id.startsWith(`${base.id}/`) && r.id.split('/').length === base.id.split('/').length + 2)) {
        estate.resources.push({ ...(JSON.parse(JSON.stringify(child).split(base.id).join(id)) as EstateResource) })
      }
    }
  }
  clone('Microsoft.Storage/storageAccounts', 4)
  clone('Microsoft.Web/sites', 4)
  return estate
}

function countWire(estate: Estate, type: string): number {
  return estate.resources.filter((r) => r.type.toLowerCase() === type).length
}

function listOf(snapshot: Snapshot, type: string, scopeSuffix = ''): NonNullable<Snapshot['lists']>[number][] {
  return (snapshot.lists ?? []).filter((l) => l.resourceType === type && l.scope.toLowerCase().endsWith(scopeSuffix.toLowerCase()))
}

describe('every page of every list', () => {
  it('keeps all 60 keys of a vault paged at 25, and storage accounts, sites and databases over three pages each', async () => {
    const estate = estateOnSeveralPages()
    const pageSizes = { 'microsoft.storage/storageaccounts': 2, 'microsoft.web/sites': 2, 'microsoft.sql/servers/databases': 3 }
    await withEmulator({ estate, pageSizes, nextLinkStyle: 'opaque' }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { allowPartial: false })
      expect(snapshot.errors).toEqual([])
      for (const [type, pages] of [
        ['microsoft.keyvault/vaults/keys', 3],
        ['microsoft.storage/storageaccounts', 3],
        ['microsoft.web/sites', 3],
        ['microsoft.sql/servers/databases', 3],
      ] as const) {
        const want = countWire(estate, type)
        expect(snapshot.resources.filter((r) => r.type === type), type).toHaveLength(want)
        const [list, ...more] = listOf(snapshot, type)
        expect(more, type).toEqual([])
        expect(list!.complete, type).toBe(true)
        expect(list!.pages, type).toHaveLength(pages)
        expect(list!.items, type).toBe(want)
        expect(list!.pages.reduce((n, p) => n + p.items, 0), type).toBe(want)
      }
      // Key pages are 25, 25, 10: the emulator pages keys as the data plane does.
      expect(listOf(snapshot, 'microsoft.keyvault/vaults/keys')[0]!.pages.map((p) => p.items)).toEqual([25, 25, 10])
    })
  })

  it('records, for every list, items equal to the sum of its pages, at page sizes 1 and 2', async () => {
    const estate = estateOnSeveralPages()
    for (const pageSize of [1, 2]) {
      await withEmulator({ estate, pageSize, nextLinkStyle: pageSize === 1 ? 'skipToken' : 'encoded' }, async (emu) => {
        const { snapshot } = await scanEmulator(emu)
        expect(snapshot.errors).toEqual([])
        for (const list of snapshot.lists ?? []) {
          expect(list.complete, `${list.scope} ${list.resourceType}`).toBe(true)
          expect(list.items).toBe(list.pages.reduce((n, p) => n + p.items, 0))
          expect(list.pages.length).toBe(Math.max(1, Math.ceil(list.items / pageSize)))
        }
        for (const type of ['microsoft.keyvault/vaults/keys', 'microsoft.storage/storageaccounts', 'microsoft.web/sites', 'microsoft.sql/servers/databases', 'microsoft.sql/servers']) {
          expect(snapshot.resources.filter((r) => r.type === type).length, `${type} at page size ${pageSize}`).toBe(countWire(estate, type))
        }
      })
    }
  })
})

describe('a list cut short is recorded and judged error, never pass', () => {
  it('stops a nextLink that points back to its own page, records a paging loop, and the keys check errors', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 3, subscriptions: 1 })
    await withEmulator({ estate, pageSize: 2, faults: [{ path: '/keys', selfNextLink: true }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const keyRequests = emu.requests.filter((r) => r.path.toLowerCase().endsWith('/keys'))
      expect(keyRequests.length).toBe(1)
      const [list] = listOf(snapshot, 'microsoft.keyvault/vaults/keys')
      expect(list).toMatchObject({ complete: false, items: 2 })
      expect(list!.reason).toMatch(/paging loop/)
      const err = snapshot.errors.find((e) => e.resourceType === 'microsoft.keyvault/vaults/keys')!
      expect(err.code).toBe('PagingLoop')
      const results = evaluateSnapshot({ snapshot, snapshotSha256: 'f'.repeat(64), config: { config: {}, file: null, lineOf: () => 1 }, now: new Date() })
      const vaultId = estate.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!.id
      const rotation = results.findings.filter((f) => f.checkId === 'keyvault-key-rotation')
      expect(rotation.find((f) => f.resourceId === vaultId)?.status).toBe('error')
      const control = results.controls.find((c) => c.checkIds.includes('keyvault-key-rotation') && c.checkIds.length === 1)
      if (control) expect(control.status).not.toBe('pass')
    })
  })

  it('stops a list at the page cap and records it as cut short', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 9, subscriptions: 1 })
    await withEmulator({ estate, pageSize: 1 }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { maxPagesPerList: 4 })
      const [list] = listOf(snapshot, 'microsoft.keyvault/vaults/keys')
      expect(list).toMatchObject({ complete: false, items: 4 })
      expect(snapshot.errors.find((e) => e.resourceType === 'microsoft.keyvault/vaults/keys')?.code).toBe('PageCapReached')
    })
  })

  it('reads a 200 whose body is a sign-in page as a failed read naming its content type, not as an empty list', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 1, vaults: 1, keysPerVault: 1, subscriptions: 1 })
    const html = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>'
    await withEmulator({ estate, faults: [{ path: '/providers/microsoft.storage/storageaccounts', rawBody: { body: html, contentType: 'text/html; charset=utf-8' } }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const err = snapshot.errors.find((e) => e.resourceType === 'microsoft.storage/storageaccounts')!
      expect(err).toMatchObject({ code: 'UnexpectedResponseBody', status: 200 })
      expect(err.message).toContain('text/html')
      expect(listOf(snapshot, 'microsoft.storage/storageaccounts')[0]).toMatchObject({ complete: false })
    })
  })

  it('reads an empty 200 on a GET as a failed read', async () => {
    const estate = generateEstate({ servers: 1, databasesPerServer: 1, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    await withEmulator({ estate, faults: [{ path: '/transparentdataencryption/current', rawBody: { body: '', contentType: 'application/json' } }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const errs = snapshot.errors.filter((e) => e.resourceType.endsWith('/transparentdataencryption'))
      expect(errs.length).toBeGreaterThan(0)
      expect(errs.every((e) => e.code === 'UnexpectedResponseBody' && /empty body/.test(e.message))).toBe(true)
    })
  })

  it('keeps the items of the pages read before a page failed, and records the list as cut short', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 5, subscriptions: 1 })
    // The first page answers; every later page of keys fails (the fault matches only requests with a skip token).
    await withEmulator({ estate, pageSize: 2, faults: [{ path: /\/keys$/, query: /skiptoken/i, status: 500 }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { maxRetries: 1 })
      const [list] = listOf(snapshot, 'microsoft.keyvault/vaults/keys')
      expect(list).toMatchObject({ complete: false, items: 2 })
      expect(list!.pages).toHaveLength(1)
      expect(snapshot.resources.filter((r) => r.type === 'microsoft.keyvault/vaults/keys')).toHaveLength(2)
      expect(snapshot.errors.some((e) => e.resourceType === 'microsoft.keyvault/vaults/keys' && e.status === 500)).toBe(true)
    })
  })
})

describe('the service lists are held against the generic resource list', () => {
  it('records an error naming a resource the resource list shows but its service list did not return, and judges it error', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 1, subscriptions: 1 })
    const hidden = estate.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts')!.id
    await withEmulator({ estate, faults: [{ path: '/providers/microsoft.storage/storageaccounts', omitIds: [hidden] }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const err = snapshot.errors.find((e) => e.scope === hidden)!
      expect(err).toMatchObject({ resourceType: 'microsoft.storage/storageaccounts', code: 'MissingFromServiceList' })
      expect(err.message).toContain(hidden)
      const results = evaluateSnapshot({ snapshot, snapshotSha256: 'f'.repeat(64), config: { config: {}, file: null, lineOf: () => 1 }, now: new Date() })
      for (const check of ['storage-min-tls', 'storage-https-only', 'storage-public-network']) {
        expect(results.findings.find((f) => f.checkId === check && f.resourceId === hidden)?.status, check).toBe('error')
      }
    })
  })
})

describe('a list whose pages repeat an item', () => {
  it('is recorded as cut short: the list changed while it was read, so another item may be missing', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 4, subscriptions: 1 })
    // Later pages start one key early, as offset paging does when a key was added while the list was read.
    await withEmulator({ estate, pageSize: 2, faults: [{ path: /\/keys$/, query: /skiptoken/i, shiftBack: 1 }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const [list] = listOf(snapshot, 'microsoft.keyvault/vaults/keys')
      expect(list).toMatchObject({ complete: false })
      expect(list!.reason).toMatch(/more than one page/)
      expect(snapshot.errors.some((e) => e.resourceType === 'microsoft.keyvault/vaults/keys' && e.code === 'IncompleteList')).toBe(true)
    })
  })
})

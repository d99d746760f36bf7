// Faults a real network throws at a scan: a Retry-After far too long, and a same-host redirect toward an
// operation that reads keys. Neither may stall the scan, pass a read, or get a request past the guard.
import { describe, expect, it } from 'vitest'
import { generateEstate } from '../../src/emulator/generate.js'
import { scanEmulator, withEmulator } from './helpers.js'

describe('a Retry-After longer than the cap', () => {
  it('fails that read as throttled instead of stalling the scan, and says what it waits for when it does wait', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 1, subscriptions: 1 })
    const notices: string[] = []
    await withEmulator({
      estate,
      faults: [
        { path: '/providers/microsoft.storage/storageaccounts', status: 429, retryAfter: 3600 },
        { path: '/providers/microsoft.keyvault/vaults', status: 429, retryAfter: 1, times: 1 },
      ],
    }, async (emu) => {
      // The test's own timeout (60 s) is far below the 3600 s asked for: waiting would fail it.
      const { snapshot, stats } = await scanEmulator(emu, { onNotice: (m) => notices.push(m) })
      const err = snapshot.errors.find((e) => e.resourceType === 'microsoft.storage/storageaccounts')!
      expect(err).toMatchObject({ status: 429 })
      expect(stats.gaveUp).toBeGreaterThan(0)
      expect(emu.requests.filter((r) => r.path.toLowerCase().endsWith('/storageaccounts'))).toHaveLength(1)
      // The one-second pause was honoured, announced, and the vault list then read.
      expect(notices.some((n) => /^waiting 1 s, as Azure Resource Manager asked: 429 on GET .*\/providers\/Microsoft\.KeyVault\/vaults \(Retry-After\)$/.test(n))).toBe(true)
      expect(snapshot.resources.some((r) => r.type === 'microsoft.keyvault/vaults')).toBe(true)
    })
  })

  it('honours a configured cap: a 5 s Retry-After over a 2 s cap fails the read at once', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    await withEmulator({ estate, faults: [{ path: '/providers/microsoft.operationalinsights/workspaces', status: 429, retryAfter: 5 }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { maxRetryAfterMs: 2000 })
      expect(snapshot.errors.find((e) => e.resourceType === 'microsoft.operationalinsights/workspaces')).toMatchObject({ status: 429 })
      expect(snapshot.lists!.find((l) => l.resourceType === 'microsoft.operationalinsights/workspaces')).toMatchObject({ complete: false })
    })
  })
})

describe('a same-host redirect', () => {
  it('is not followed: the read fails, and nothing reaches listKeys or appsettings', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 0, keysPerVault: 0, subscriptions: 1 })
    const sub = estate.subscriptions[0]!.subscriptionId
    const account = estate.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts')!.id
    const site = estate.resources.find((r) => r.type === 'Microsoft.Web/sites')!.id
    await withEmulator({
      estate,
      faults: [
        { path: `/subscriptions/${sub}/providers/microsoft.storage/storageaccounts`, redirectTo: `${account}/listKeys?api-version=2025-08-01` },
        { path: '/config/web', redirectTo: `${site}/config/appsettings/list?api-version=2025-05-01` },
      ],
    }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(emu.requests.filter((r) => /listkeys|appsettings/i.test(r.path))).toEqual([])
      expect(snapshot.errors.find((e) => e.resourceType === 'microsoft.storage/storageaccounts')).toMatchObject({ status: 302 })
      expect(snapshot.errors.some((e) => e.resourceType === 'microsoft.web/sites/config' && e.status === 302)).toBe(true)
    })
  })
})

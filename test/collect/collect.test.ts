import { describe, expect, it } from 'vitest'
import { SnapshotSchema } from '../../src/snapshot/schema.js'
import { PartialCollectionError } from '../../src/core/errors.js'
import { loadEstate, recordingCredential, scanEmulator, withEmulator } from './helpers.js'

const SUB = '11111111-1111-1111-1111-111111111111'
const DB1 = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Sql/servers/sql1/databases/db1`

const EXPECTED_TYPES = [
  'microsoft.app/containerapps',
  'microsoft.keyvault/vaults',
  'microsoft.keyvault/vaults/auditevents',
  'microsoft.keyvault/vaults/keys',
  'microsoft.network/networksecuritygroups',
  'microsoft.operationalinsights/workspaces',
  'microsoft.servicebus/namespaces',
  'microsoft.sql/servers',
  'microsoft.sql/servers/auditingsettings',
  'microsoft.sql/servers/databases',
  'microsoft.sql/servers/databases/backuplongtermretentionpolicies',
  'microsoft.sql/servers/databases/backupshorttermretentionpolicies',
  'microsoft.sql/servers/databases/transparentdataencryption',
  'microsoft.sql/servers/encryptionprotector',
  'microsoft.storage/storageaccounts',
  'microsoft.web/sites',
  'microsoft.web/sites/config',
]

describe('collection with the real SDK clients against the HTTPS emulator', () => {
  it('collects every resource type with wire property names and provenance', async () => {
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(() => SnapshotSchema.parse(snapshot)).not.toThrow()
      const types = new Set(snapshot.resources.map((r) => r.type))
      for (const t of EXPECTED_TYPES) expect(types, t).toContain(t)
      expect(snapshot.errors).toEqual([])
      // The SDK renames supportsHttpsTrafficOnly; the snapshot keeps the wire name.
      const storage = snapshot.resources.find((r) => r.type === 'microsoft.storage/storageaccounts')!
      expect(storage.properties.supportsHttpsTrafficOnly).toBe(true)
      expect(storage.properties).not.toHaveProperty('enableHttpsTrafficOnly')
      // Service Bus minimumTlsVersion survives although the SDK model lacks it.
      const sb = snapshot.resources.find((r) => r.type === 'microsoft.servicebus/namespaces')!
      expect(sb.properties.minimumTlsVersion).toBe('1.2')
      // master is listed, its children are not read.
      expect(snapshot.resources.some((r) => r.id.endsWith('/databases/master'))).toBe(true)
      expect(snapshot.resources.some((r) => r.id.includes('/databases/master/'))).toBe(false)
      // Key Vault audit events came from the logs query.
      const audit = snapshot.resources.find((r) => r.type === 'microsoft.keyvault/vaults/auditevents')!
      expect(audit.properties.eventCount).toBe(1)
      // Provenance: every resource cites calls that exist, with request id and body hash.
      const calls = new Map(snapshot.calls.map((c) => [c.id, c]))
      for (const r of snapshot.resources) {
        expect(r.callIds.length, r.id).toBeGreaterThan(0)
        for (const id of r.callIds) {
          const call = calls.get(id)!
          expect(call, `${r.id} ${id}`).toBeDefined()
          expect(call.requestId).toMatch(/^[0-9a-f-]{36}$/)
          expect(call.sha256).toMatch(/^[0-9a-f]{64}$/)
        }
      }
      const tde = snapshot.resources.find((r) => r.type.endsWith('/transparentdataencryption'))!
      expect(calls.get(tde.callIds[0]!)!.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}/)
      // Nothing but reads (and the one logs query) reached the emulator.
      expect(emu.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual(['/v1/workspaces/aaaaaaaa-0000-0000-0000-000000000001/query'])
      expect(emu.requests.every((r) => r.authorized)).toBe(true)
    })
  })

  it('asks for tokens scoped to the custom endpoint, never the public cloud', async () => {
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      const credential = recordingCredential()
      await scanEmulator(emu, { credential })
      expect(new Set(credential.scopes)).toEqual(new Set([`${emu.url}/.default`]))
    })
  })

  it('follows nextLink across three pages', async () => {
    await withEmulator({ estate: loadEstate('mini'), pageSize: 1 }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const dbPages = emu.requests.filter((r) => r.path.toLowerCase().endsWith('/servers/sql1/databases'))
      expect(dbPages.length).toBe(2)
      const resourcePages = emu.requests.filter((r) => r.path.toLowerCase() === `/subscriptions/${SUB}/resources`)
      expect(resourcePages.length).toBeGreaterThanOrEqual(3)
      expect(resourcePages.slice(1).every((r) => decodeURIComponent(r.query).includes('$skiptoken'))).toBe(true)
      expect(snapshot.resources.filter((r) => r.type === 'microsoft.sql/servers/databases').map((r) => r.name).sort()).toEqual(['db1', 'master'])
      expect(snapshot.errors).toEqual([])
    })
  })

  it('retries a 429 with Retry-After, and a 429 without it, then succeeds', async () => {
    await withEmulator(
      {
        estate: loadEstate('mini'),
        faults: [
          { path: '/providers/microsoft.sql/servers', status: 429, retryAfter: 0, times: 1 },
          { path: '/providers/microsoft.storage/storageaccounts', status: 429, times: 2 },
        ],
      },
      async (emu) => {
        const { snapshot, stats } = await scanEmulator(emu)
        expect(snapshot.errors).toEqual([])
        expect(stats.throttled).toBe(3)
        expect(snapshot.resources.some((r) => r.type === 'microsoft.storage/storageaccounts')).toBe(true)
        const storageCalls = snapshot.calls.filter((c) => c.url.toLowerCase().includes('/storageaccounts?'))
        expect(storageCalls.map((c) => c.status)).toEqual([429, 429, 200])
        expect(storageCalls.map((c) => c.attempt)).toEqual([1, 2, 3])
      },
    )
  })

  it('completes under a token-bucket rate limit, pacing on the remaining-reads header and Retry-After', async () => {
    await withEmulator({ estate: loadEstate('mini'), rateLimit: { capacity: 3, refillPerSecond: 200 } }, async (emu) => {
      const { snapshot } = await scanEmulator(emu, { concurrency: 6 })
      expect(snapshot.errors).toEqual([])
      for (const t of EXPECTED_TYPES) expect(snapshot.resources.some((r) => r.type === t), t).toBe(true)
      // Every request the bucket refused was retried until it was answered.
      const refused = emu.requests.filter((r) => r.status === 429).length
      expect(snapshot.calls.filter((c) => c.status === 429)).toHaveLength(refused)
      expect(snapshot.calls.filter((c) => c.status === 200).length).toBe(emu.requests.length - refused)
    })
  })

  it('retries a 503 and a timeout, then succeeds', async () => {
    await withEmulator(
      {
        estate: loadEstate('mini'),
        faults: [
          { path: '/transparentdataencryption/current', status: 503, times: 1 },
          { path: '/config/web', hang: true, times: 1 },
        ],
      },
      async (emu) => {
        const { snapshot } = await scanEmulator(emu, { timeoutMs: 300 })
        expect(snapshot.errors).toEqual([])
        expect(snapshot.resources.some((r) => r.type === 'microsoft.sql/servers/databases/transparentdataencryption')).toBe(true)
        expect(snapshot.resources.some((r) => r.type === 'microsoft.web/sites/config')).toBe(true)
        const tdeCalls = snapshot.calls.filter((c) => c.url.toLowerCase().includes('/transparentdataencryption/current'))
        expect(tdeCalls.map((c) => c.status)).toEqual([503, 200])
        const configCalls = snapshot.calls.filter((c) => c.url.includes('/config/web'))
        expect(configCalls.map((c) => c.status)).toEqual([null, 200])
      },
    )
  })

  it('records a 403 on one child as an error entry; the parent stays and nothing passes silently', async () => {
    await withEmulator(
      { estate: loadEstate('mini'), faults: [{ path: '/databases/db1/transparentdataencryption', status: 403, code: 'AuthorizationFailed' }] },
      async (emu) => {
        const { snapshot } = await scanEmulator(emu)
        expect(snapshot.resources.some((r) => r.id === DB1)).toBe(true)
        expect(snapshot.resources.some((r) => r.type.endsWith('/transparentdataencryption'))).toBe(false)
        expect(snapshot.errors).toHaveLength(1)
        const e = snapshot.errors[0]!
        expect(e).toMatchObject({ scope: DB1, resourceType: 'microsoft.sql/servers/databases/transparentdataencryption', status: 403, code: 'AuthorizationFailed' })
        expect(snapshot.calls.find((c) => c.id === e.callId)!.status).toBe(403)
      },
    )
  })

  it('gives up on a read that keeps failing, records it, and raises exit 4 without --allow-partial', async () => {
    await withEmulator({ estate: loadEstate('mini'), faults: [{ path: '/providers/microsoft.keyvault/vaults', status: 500 }] }, async (emu) => {
      const err = await scanEmulator(emu, { allowPartial: false, maxRetries: 2 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PartialCollectionError)
      expect((err as PartialCollectionError).exitCode).toBe(4)
      expect((err as Error).message).toContain('Vaults.listBySubscription')
      expect(emu.requests.filter((r) => r.path.toLowerCase().endsWith('/providers/microsoft.keyvault/vaults')).length).toBe(3)
    })
  })

  it('records an audit-log query failure as an error for the vault, not as "no events"', async () => {
    await withEmulator({ estate: loadEstate('mini'), faults: [{ path: '/v1/workspaces/', status: 403, code: 'InsufficientAccessError' }] }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.resources.some((r) => r.type === 'microsoft.keyvault/vaults/auditevents')).toBe(false)
      expect(snapshot.errors.map((e) => [e.resourceType, e.status])).toEqual([['microsoft.keyvault/vaults/auditevents', 403]])
    })
  })

  it('counts only recent AuditEvent rows when the logs service answers raw rows', async () => {
    const estate = loadEstate('mini')
    const ws = Object.keys(estate.logs!)[0]!
    const vaultId = estate.logs![ws]![0]!.ResourceId
    estate.logs![ws]!.push(
      { TimeGeneratedHoursAgo: 300, ResourceId: vaultId, ResourceProvider: 'MICROSOFT.KEYVAULT', Category: 'AuditEvent', OperationName: 'KeyGet', ResultType: 'Success' },
      { TimeGeneratedHoursAgo: 1, ResourceId: vaultId, ResourceProvider: 'MICROSOFT.KEYVAULT', Category: 'AzurePolicyEvaluationDetails', OperationName: 'Audit', ResultType: 'Success' },
      { TimeGeneratedHoursAgo: 2, ResourceId: vaultId, ResourceProvider: 'MICROSOFT.KEYVAULT', Category: 'AuditEvent', OperationName: 'KeyList', ResultType: 'Success' },
    )
    await withEmulator({ estate, rawLogRows: true }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const audit = snapshot.resources.find((r) => r.type === 'microsoft.keyvault/vaults/auditevents')!
      expect(audit.properties.eventCount).toBe(2)
    })
  })

  it('narrows to the subscriptions given with -s', async () => {
    const estate = loadEstate('mini')
    const other = '22222222-2222-2222-2222-222222222222'
    estate.subscriptions.push({ ...estate.subscriptions[0]!, id: `/subscriptions/${other}`, subscriptionId: other, displayName: 'other' })
    await withEmulator({ estate }, async (emu) => {
      const all = await scanEmulator(emu)
      expect(all.snapshot.subscriptions.map((s) => s.subscriptionId)).toEqual([SUB, other])
      const one = await scanEmulator(emu, { subscriptions: [other] })
      expect(one.snapshot.subscriptions.map((s) => s.displayName)).toEqual(['other'])
      expect(one.snapshot.resources.map((r) => r.id)).toEqual([`/subscriptions/${other}`])
    })
  })
})

describe('collection when an SDK model cannot read a well-formed response', () => {
  it('keeps the raw wire body of a vault whose body lacks a property the SDK model requires', async () => {
    const estate = loadEstate('mini')
    const vault = estate.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!
    delete (vault.properties as Record<string, unknown>).sku
    await withEmulator({ estate }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      expect(snapshot.errors).toEqual([])
      const kv = snapshot.resources.find((r) => r.type === 'microsoft.keyvault/vaults')!
      expect(kv.properties.enablePurgeProtection).toBe(true)
      expect(snapshot.resources.some((r) => r.type === 'microsoft.keyvault/vaults/keys')).toBe(true)
      expect(snapshot.notes.some((n) => n.includes('SDK model could not read'))).toBe(true)
    })
  })
})

import { describe, expect, it } from 'vitest'
import { StorageManagementClient } from '@azure/arm-storage'
import { readOnlyVerdict } from '../../src/collect/pipeline.js'
import { ScanRecorder } from '../../src/collect/context.js'
import { staticTokenCredential } from '../../src/collect/credentials.js'
import { loadEstate, withEmulator } from './helpers.js'

const ARM = 'https://management.example'
const LOGS = 'https://logs.example'
const guard = { allowedOrigins: [ARM, LOGS], logsOrigin: LOGS }
const SA = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa'

describe('read-only guard', () => {
  it.each([
    ['GET', `${ARM}${SA}?api-version=2023-01-01`],
    ['GET', `${ARM}/subscriptions?api-version=2022-12-01`],
    ['POST', `${LOGS}/v1/workspaces/abc/query`],
  ])('lets %s %s through', (method, url) => {
    expect(readOnlyVerdict(method, url, guard)).toBeNull()
  })

  it('allows the Resource Graph query POST only at its path and api-version, and only on the ARM host', () => {
    const withArm = { ...guard, armOrigin: ARM }
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`, withArm)).toBeNull()
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, withArm)).toContain('api-version 2021-03-01')
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01&api-version=2024-04-01`, withArm)).toContain('api-version 2021-03-01')
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01&x=1`, withArm)).toContain('api-version 2021-03-01')
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resourcesHistory?api-version=2021-03-01`, withArm)).toContain('not a read')
    expect(readOnlyVerdict('POST', `${ARM}/subscriptions/s/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`, withArm)).toContain('not a read')
    expect(readOnlyVerdict('POST', `${LOGS}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`, withArm)).toContain('not a read')
    expect(readOnlyVerdict('POST', `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`, guard)).toContain('not a read')
  })

  it('treats loopback names as one host for a local emulator, and nothing else', () => {
    const local = { allowedOrigins: ['https://127.0.0.1:8443'], logsOrigin: 'https://127.0.0.1:8443' }
    expect(readOnlyVerdict('GET', 'https://localhost:8443/subscriptions?api-version=1', local)).toBeNull()
    expect(readOnlyVerdict('GET', 'https://localhost:9443/subscriptions?api-version=1', local)).toContain('not a configured endpoint')
    expect(readOnlyVerdict('GET', 'http://localhost:8443/subscriptions?api-version=1', local)).toContain('not a configured endpoint')
    expect(readOnlyVerdict('GET', 'https://10.0.0.1:8443/subscriptions?api-version=1', local)).toContain('not a configured endpoint')
  })

  it.each([
    ['PUT', `${ARM}${SA}?api-version=2023-01-01`, 'not a read'],
    ['PATCH', `${ARM}${SA}?api-version=2023-01-01`, 'not a read'],
    ['DELETE', `${ARM}${SA}?api-version=2023-01-01`, 'not a read'],
    ['POST', `${ARM}${SA}/listKeys?api-version=2023-01-01`, 'keys, secrets'],
    ['POST', `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/n/authorizationRules/r/listKeys?api-version=1`, 'keys, secrets'],
    ['POST', `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/config/connectionstrings/list?api-version=1`, 'keys, secrets'],
    ['GET', `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets?api-version=1`, 'keys, secrets'],
    ['POST', `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/d/listConnectionStrings?api-version=1`, 'keys, secrets'],
    ['POST', `${ARM}/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/host/default/listkeys?api-version=1`, 'keys, secrets'],
    ['POST', `${ARM}/subscriptions/s/providers/Microsoft.Sql/servers?api-version=1`, 'not a read'],
    ['POST', `${LOGS}/v1/workspaces/abc/somethingElse`, 'not a read'],
    ['GET', `https://evil.example/subscriptions?api-version=1`, 'not a configured endpoint'],
  ])('refuses %s %s', (method, url, reason) => {
    expect(readOnlyVerdict(method, url, guard)).toContain(reason)
  })

  it('stops a real SDK listKeys call before it is sent', async () => {
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      const origin = new URL(emu.url).origin
      const recorder = new ScanRecorder({
        concurrency: 2,
        maxRetries: 0,
        backoffMs: 1,
        timeoutMs: 2000,
        maxRetryAfterMs: 1000,
        maxPagesPerList: 10,
        now: () => new Date(),
        guard: { allowedOrigins: [origin], logsOrigin: origin },
      })
      const client = new StorageManagementClient(staticTokenCredential('t'), '11111111-1111-1111-1111-111111111111', {
        endpoint: emu.url,
        credentials: { scopes: [`${emu.url}/.default`] },
        retryOptions: { maxRetries: 0 },
        tlsOptions: { ca: emu.caPem },
        additionalPolicies: [
          { policy: recorder.guardPolicy, position: 'perCall' },
          { policy: recorder.transportPolicy, position: 'perRetry' },
        ],
      })
      await expect(client.storageAccounts.listKeys('rg1', 'st1')).rejects.toThrow(/read-only guard refused POST .*listKeys/)
      await expect(client.storageAccounts.delete('rg1', 'st1')).rejects.toThrow(/read-only guard refused DELETE/)
      expect(emu.requests).toEqual([])
      expect(recorder.calls).toEqual([])
    })
  })
})

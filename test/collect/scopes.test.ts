// Which throttling scope a request is charged to: a scope's pacing must see only the requests its limit counts.
import { describe, expect, it } from 'vitest'
import { scopesOf } from '../../src/collect/pacing.js'

const SUB = '00000000-0000-0000-0000-0000000000aa'

describe('scopesOf', () => {
  it('charges ARM reads to their subscription and resource provider, or to the tenant', () => {
    expect(scopesOf(`https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.Sql/servers?api-version=2023-08-01`)).toEqual({ primary: `sub:${SUB}`, provider: `sub:${SUB}|microsoft.sql` })
    expect(scopesOf(`https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg?api-version=2021-04-01`)).toEqual({ primary: `sub:${SUB}`, provider: `sub:${SUB}|microsoft.resources` })
    expect(scopesOf('https://management.azure.com/subscriptions?api-version=2022-12-01').primary).toBe('tenant')
  })

  it('charges Resource Graph queries to its own quota', () => {
    expect(scopesOf('https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01').primary).toBe('graph')
  })

  it('charges Log Analytics queries to their own service, never to the tenant or a subscription\'s ARM bucket', () => {
    expect(scopesOf('https://api.loganalytics.io/v1/workspaces/7c1e4a52-0000-0000-0000-000000000001/query')).toEqual({ primary: 'logs', provider: 'logs|microsoft.operationalinsights' })
    // resource-centric queries name a subscription in their path, but are Log Analytics' requests all the same
    expect(scopesOf(`https://api.loganalytics.io/v1/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/query`).primary).toBe('logs')
    expect(scopesOf('https://api.loganalytics.io/v1/$batch').primary).toBe('logs')
  })
})

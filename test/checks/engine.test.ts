// Missing and unreadable data: the engine gives `error` (quoting and citing the failed read), never `pass`.
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { readFixture, runAll, runCheck } from './helpers.js'

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001'
const SQL = `${SUB}/resourceGroups/rg-fixture/providers/Microsoft.Sql/servers/sql-orders`

function base(): Snapshot {
  return readFixture('test/fixtures/checks/estate/passing.json')
}

function withError(s: Snapshot, scope: string, resourceType: string, callId = 'cx'): Snapshot {
  s.calls.push({ id: callId, method: 'GET', url: `https://management.azure.com${scope}`, apiVersion: '2023-08-01', status: 403, requestId: 'r', startedAt: '2026-11-01T00:00:00Z', durationMs: 1, sha256: null, attempt: 1 })
  s.errors.push({ scope, resourceType, operation: `LIST ${resourceType}`, status: 403, code: 'AuthorizationFailed', message: 'no read permission', callId })
  return s
}

describe('engine: absent data', () => {
  it('reports error, not pass, when TDE cannot be read, quoting and citing the failed call', () => {
    const s = base()
    const db = `${SQL}/databases/orders`
    s.resources = s.resources.filter((r) => r.type !== 'microsoft.sql/servers/databases/transparentdataencryption')
    withError(s, db, 'microsoft.sql/servers/databases/transparentdataencryption', 'c-tde')
    const [f] = runCheck('sql-db-tde', s).filter((x) => x.resourceId === db)
    expect(f?.status).toBe('error')
    expect(f?.message).toContain('AuthorizationFailed')
    expect(f?.message).toContain('no read permission')
    expect(f?.callIds).toContain('c-tde')
  })

  it('reports error when a child setting is simply absent', () => {
    const s = base()
    s.resources = s.resources.filter((r) => r.type !== 'microsoft.sql/servers/auditingsettings')
    const [f] = runCheck('sql-server-auditing', s)
    expect(f?.status).toBe('error')
    expect(f?.message).toMatch(/not collected/)
  })

  it('reports error on the server when its databases could not be listed', () => {
    const s = base()
    s.resources = s.resources.filter((r) => !r.type.startsWith('microsoft.sql/servers/databases'))
    withError(s, SQL, 'microsoft.sql/servers/databases', 'c-list')
    for (const id of ['sql-db-tde', 'sql-db-pitr-retention', 'sql-db-ltr-weekly', 'sql-db-geo-backup']) {
      const findings = runCheck(id, s)
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({ resourceId: SQL, status: 'error', callIds: ['c-list'] })
    }
  })

  it('reports error on the subscription when SQL servers could not be listed, for server and database checks', () => {
    const s = base()
    s.resources = s.resources.filter((r) => !r.type.startsWith('microsoft.sql/'))
    withError(s, SUB, 'microsoft.sql/servers')
    expect(runCheck('sql-server-min-tls', s)).toEqual([expect.objectContaining({ resourceId: SUB, status: 'error' })])
    expect(runCheck('sql-db-tde', s)).toEqual([expect.objectContaining({ resourceId: SUB, status: 'error' })])
    expect(runCheck('storage-min-tls', s).map((f) => f.status)).toEqual(['pass'])
  })

  it('reports error when the resource list failed, for the location check', () => {
    const s = base()
    withError(s, SUB, 'microsoft.resources/resources')
    expect(runCheck('resource-location-allowed', s).filter((f) => f.status === 'error').map((f) => f.resourceId)).toEqual([SUB])
  })

  it('reports error once when a resource GET failed and only its list entry is present', () => {
    const s = base()
    const st = s.resources.find((r) => r.type === 'microsoft.storage/storageaccounts')!
    st.properties = {}
    withError(s, st.id, 'microsoft.storage/storageaccounts', 'c-st')
    const findings = runCheck('storage-min-tls', s)
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ status: 'error', callIds: expect.arrayContaining(['c-st']) })
  })

  it('reports error when a resource has no properties at all (never judged on an empty body)', () => {
    const s = base()
    s.resources.find((r) => r.type === 'microsoft.keyvault/vaults')!.properties = {}
    for (const id of ['keyvault-public-network', 'keyvault-purge-protection']) expect(runCheck(id, s)[0]?.status).toBe('error')
    expect(runCheck('resource-location-allowed', s).every((f) => f.status === 'pass')).toBe(true)
  })

  it('reports error when the firewall rules could not be listed', () => {
    const s = base()
    s.resources = s.resources.filter((r) => r.type !== 'microsoft.sql/servers/firewallrules')
    withError(s, SQL, 'microsoft.sql/servers/firewallrules')
    expect(runCheck('sql-server-firewall-no-public-range', s)[0]?.status).toBe('error')
  })
})

describe('engine: scope', () => {
  it('puts master out of scope and judges user databases', () => {
    const findings = runCheck('sql-db-tde', base())
    expect(findings.map((f) => [f.resourceId.split('/').pop(), f.status]).sort()).toEqual([['master', 'not_applicable'], ['orders', 'pass']])
  })

  it('judges only top-level resources for the location check, passing global', () => {
    const s = base()
    s.resources.push({ id: `${SUB}/resourceGroups/rg-fixture/providers/Microsoft.Network/frontDoors/fd`, type: 'microsoft.network/frontdoors', name: 'fd', location: 'Global', subscriptionId: SUB.split('/')[2]!, properties: {}, callIds: ['c1'] })
    const findings = runCheck('resource-location-allowed', s)
    expect(findings.every((f) => f.status === 'pass')).toBe(true)
    expect(findings.some((f) => f.resourceId.includes('/databases/'))).toBe(false)
    expect(findings.some((f) => f.resourceId.endsWith('/frontDoors/fd'))).toBe(true)
  })

  it('sorts findings by check then resource, the same way every time', () => {
    const a = runAll(base())
    const keys = a.map((f) => `${f.checkId} ${f.resourceId.toLowerCase()}`)
    expect(keys).toEqual([...keys].sort())
    expect(JSON.stringify(runAll(base()))).toBe(JSON.stringify(a))
  })
})

describe('engine: whole-subscription failures', () => {
  it('gives every check an error when the subscription itself could not be read', () => {
    const s = base()
    s.resources = []
    withError(s, '/subscriptions', 'microsoft.resources/subscriptions')
    const findings = runAll(s)
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['error']))
    expect(new Set(findings.map((f) => f.checkId)).size).toBeGreaterThanOrEqual(26)
  })

  it('cites the failed list of a type when a resource of that type has only its resource-list entry', () => {
    const s = base()
    const nsg = s.resources.find((r) => r.type === 'microsoft.network/networksecuritygroups')!
    nsg.properties = {}
    withError(s, SUB, 'microsoft.network/networksecuritygroups', 'c-nsg')
    const findings = runCheck('nsg-no-open-admin-ports', s)
    expect(findings.find((f) => f.resourceId === nsg.id)).toMatchObject({ status: 'error', callIds: expect.arrayContaining(['c-nsg']) })
    expect(findings.find((f) => f.resourceId === SUB)?.status).toBe('error')
  })
})

describe('engine: allowlist and master edge cases', () => {
  it('allows a public IP whose own id is on the allowlist', () => {
    const s = readFixture('test/fixtures/checks/public-endpoint-allowlist/fail.json')
    const pip = s.resources[0]!
    expect(runCheck('public-endpoint-allowlist', s)[0]?.status).toBe('fail')
    expect(runCheck('public-endpoint-allowlist', s, { publicEndpointAllowlist: [pip.id.toUpperCase()] })[0]?.status).toBe('pass')
  })

  it('recognises master by its id even when the name is qualified', () => {
    const s = readFixture('test/fixtures/checks/sql-db-tde/master.json')
    s.resources.find((r) => r.type === 'microsoft.sql/servers/databases')!.name = 'sql-orders/master'
    expect(runCheck('sql-db-tde', s).map((f) => f.status)).toEqual(['not_applicable'])
  })
})

describe('engine: exclusion before read failures', () => {
  it('keeps master out of scope even when its settings could not be read', () => {
    const s = readFixture('test/fixtures/checks/sql-db-tde/master.json')
    const master = s.resources.find((r) => r.type === 'microsoft.sql/servers/databases')!
    s.resources = s.resources.filter((r) => r.type !== 'microsoft.sql/servers/databases/transparentdataencryption')
    master.properties = {}
    withError(s, master.id, 'microsoft.sql/servers/databases')
    expect(runCheck('sql-db-tde', s).map((f) => f.status)).toEqual(['not_applicable'])
    expect(runCheck('sql-db-geo-backup', s).map((f) => f.status)).toEqual(['not_applicable'])
  })
})

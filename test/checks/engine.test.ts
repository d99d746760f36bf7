// Missing and unreadable data: the engine gives `error` (quoting and citing the failed read), never `pass`.
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { passingSnapshot, runAll, runCheck } from './helpers.js'
import { sortFindings } from '../../src/checks/engine.js'

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001'
const SQL = `${SUB}/resourceGroups/rg-fixture/providers/Microsoft.Sql/servers/sql-orders`

const passing = await passingSnapshot()

function base(): Snapshot {
  return structuredClone(passing)
}

/** A failed read as scan records it: the error entry, and the list it cut short (if it was a list). */
function withError(s: Snapshot, scope: string, resourceType: string, callId = 'cx'): Snapshot {
  s.calls.push({ id: callId, method: 'GET', url: `https://management.azure.com${scope}`, apiVersion: '2023-08-01', status: 403, requestId: 'r', startedAt: '2026-11-01T00:00:00Z', durationMs: 1, sha256: null, attempt: 1 })
  s.errors.push({ scope, resourceType, operation: `LIST ${resourceType}`, status: 403, code: 'AuthorizationFailed', message: 'no read permission', callId })
  for (const l of s.lists ?? []) if (l.scope.toLowerCase() === scope.toLowerCase() && l.resourceType === resourceType) Object.assign(l, { complete: false, reason: 'no read permission', items: 0, pages: [] })
  return s
}

const under = (id: string) => (f: { resourceId: string }) => f.resourceId.toLowerCase() === id.toLowerCase() || f.resourceId.toLowerCase().startsWith(`${id.toLowerCase()}/`)

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
    const [f] = runCheck('sql-server-auditing', s).filter(under(SQL))
    expect(f?.status).toBe('error')
    expect(f?.message).toMatch(/not collected/)
  })

  it('reports error on the server when its databases could not be listed', () => {
    const s = base()
    s.resources = s.resources.filter((r) => !(r.type.startsWith('microsoft.sql/servers/databases') && r.id.startsWith(`${SQL}/`)))
    withError(s, SQL, 'microsoft.sql/servers/databases', 'c-list')
    for (const id of ['sql-db-tde', 'sql-db-pitr-retention', 'sql-db-ltr-weekly', 'sql-db-geo-backup']) {
      const findings = runCheck(id, s).filter(under(SQL))
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
    expect(new Set(runCheck('storage-min-tls', s).map((f) => f.status))).toEqual(new Set(['pass']))
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
    const findings = runCheck('storage-min-tls', s).filter(under(st.id))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ status: 'error', callIds: expect.arrayContaining(['c-st']) })
  })

  it('reports error when a resource has no properties at all (never judged on an empty body)', () => {
    const s = base()
    const vault = s.resources.find((r) => r.type === 'microsoft.keyvault/vaults')!
    vault.properties = {}
    for (const id of ['keyvault-public-network', 'keyvault-purge-protection']) expect(runCheck(id, s).find(under(vault.id))?.status).toBe('error')
    expect(runCheck('resource-location-allowed', s).every((f) => f.status === 'pass')).toBe(true)
  })

  it('reports error when the firewall rules could not be listed', () => {
    const s = base()
    s.resources = s.resources.filter((r) => !(r.type === 'microsoft.sql/servers/firewallrules' && r.id.startsWith(`${SQL}/`)))
    withError(s, SQL, 'microsoft.sql/servers/firewallrules')
    expect(runCheck('sql-server-firewall-no-public-range', s).find(under(SQL))?.status).toBe('error')
  })

  it('reports error, not "none of 0", when the firewall rules were never listed', () => {
    const s = base()
    s.resources = s.resources.filter((r) => !(r.type === 'microsoft.sql/servers/firewallrules' && r.id.startsWith(`${SQL}/`)))
    s.lists = s.lists!.filter((l) => !(l.scope === SQL && l.resourceType === 'microsoft.sql/servers/firewallrules'))
    const f = runCheck('sql-server-firewall-no-public-range', s).find(under(SQL))!
    expect(f.status).toBe('error')
    expect(f.message).toMatch(/never listed/)
  })

  it('reports error for every check on a snapshot that records no lists (another producer)', () => {
    const s = base()
    delete s.lists
    const f = runCheck('storage-min-tls', s).find((x) => x.resourceId === SUB)!
    expect(f.status).toBe('error')
    expect(f.message).toMatch(/does not record which lists were read/)
  })
})

describe('engine: scope', () => {
  it('puts master out of scope and judges user databases', () => {
    const findings = runCheck('sql-db-tde', base()).filter(under(SQL))
    expect(findings.map((f) => [f.resourceId.split('/').pop(), f.status]).sort()).toEqual([['invoices', 'pass'], ['master', 'not_applicable'], ['orders', 'pass']])
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

  it('reports findings in sortFindings order whatever order and casing the snapshot lists its resources in', () => {
    const shuffled = (s: Snapshot): Snapshot => {
      // Reverse, then upper-case some ids (a resource's id as another API spells it): the index's order must
      // still be the case-insensitive one, ties broken by exact id.
      s.resources.reverse()
      s.resources.forEach((r, i) => {
        if (i % 3 === 0) r.id = r.id.replace('/resourceGroups/rg-fixture/', '/resourceGroups/RG-FIXTURE/')
      })
      return s
    }
    for (const s of [shuffled(base()), withError(shuffled(base()), SQL, 'microsoft.sql/servers/databases')]) {
      const got = runAll(s)
      expect(got.length).toBeGreaterThan(20)
      expect(got.map((f) => `${f.checkId} ${f.resourceId}`)).toEqual(sortFindings([...got]).map((f) => `${f.checkId} ${f.resourceId}`))
    }
  })
})

describe('engine: whole-subscription failures', () => {
  it('gives every check an error when the subscription itself could not be read', () => {
    const s = base()
    s.resources = []
    s.subscriptions = []
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
  const pip = `${SUB}/resourceGroups/rg-fixture/providers/Microsoft.Network/publicIPAddresses/pip-agw-backup`
  const master = `${SQL}/databases/master`

  it('allows a public IP whose own id is on the allowlist', () => {
    const s = base()
    expect(runCheck('public-endpoint-allowlist', s).find(under(pip))?.status).toBe('fail')
    expect(runCheck('public-endpoint-allowlist', s, { publicEndpointAllowlist: [pip.toUpperCase()] }).find(under(pip))?.status).toBe('pass')
  })

  it('recognises master by its id even when the name is qualified', () => {
    const s = base()
    s.resources.find((r) => r.id === master)!.name = 'sql-orders/master'
    expect(runCheck('sql-db-tde', s).find(under(master))?.status).toBe('not_applicable')
  })

  it('keeps master out of scope even when its settings could not be read', () => {
    const s = base()
    s.resources.find((r) => r.id === master)!.properties = {}
    withError(s, master, 'microsoft.sql/servers/databases')
    expect(runCheck('sql-db-tde', s).find(under(master))?.status).toBe('not_applicable')
    expect(runCheck('sql-db-geo-backup', s).find(under(master))?.status).toBe('not_applicable')
  })
})

import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evaluateFile } from '../../src/app/evaluate.js'
import { ResultsSchema } from '../../src/snapshot/results.js'

const SUB = '33333333-3333-3333-3333-333333333333'
const SQL = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/sql1`

// A snapshot with only what DESIGN.md names: no provenance ids, no notes, ARM-cased types.
const minimal = {
  schemaVersion: '1.0',
  startedAt: '2026-11-25T10:00:00Z',
  finishedAt: '2026-11-25T10:01:00Z',
  subscriptions: [{ subscriptionId: SUB }],
  resources: [
    { id: SQL, type: 'Microsoft.Sql/servers', name: 'sql1', location: 'eastus', subscriptionId: SUB, properties: { minimalTlsVersion: '1.2', publicNetworkAccess: 'Disabled' } },
    { id: `${SQL}/databases/master`, type: 'Microsoft.Sql/servers/databases', location: 'eastus', properties: {} },
    { id: `${SQL}/databases/app`, type: 'Microsoft.Sql/servers/databases', location: 'eastus', properties: { currentBackupStorageRedundancy: 'Geo' } },
    { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`, type: 'Microsoft.Storage/storageAccounts', location: 'eastus', properties: { minimumTlsVersion: 'TLS1_0', supportsHttpsTrafficOnly: true } },
  ],
  errors: [{ scope: `${SQL}/databases/app`, operation: 'GET transparentDataEncryption', status: 403, code: 'AuthorizationFailed', message: 'denied' }],
  calls: [{ method: 'GET', url: `https://management.azure.com${SQL}?api-version=2022-08-01-preview`, status: 200 }],
}

describe('a snapshot from another producer, with only the DESIGN.md fields', () => {
  it('evaluates: failed reads are errors, never passes; drifts fail; master is out of scope', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-foreign-'))
    const file = join(dir, 'snapshot.json')
    writeFileSync(file, JSON.stringify(minimal))
    const { results } = evaluateFile(file, { config: { config: {}, file: null, lineOf: () => 1 }, now: new Date('2026-11-25T12:00:00Z') })
    expect(() => ResultsSchema.parse(results)).not.toThrow()
    const status = (check: string, suffix: string): string | undefined => results.findings.find((f) => f.checkId === check && f.resourceId.endsWith(suffix))?.status
    expect(status('sql-db-tde', '/databases/app')).toBe('error')
    expect(status('sql-db-tde', '/databases/master')).toBe('not_applicable')
    expect(status('storage-min-tls', '/st1')).toBe('fail')
    expect(status('sql-server-min-tls', '/sql1')).toBe('pass')
    expect(results.findings.filter((f) => f.resourceId.endsWith('/databases/app') && f.checkId === 'sql-db-tde')[0]!.message).toContain('403')
  })
})

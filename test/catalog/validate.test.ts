// Catalog validation reports every problem with file:line instead of stopping at the first, including the
// wiring between checks, read plans, frameworks and the answer library.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { formatProblem, loadCatalog } from '../../src/catalog/load.js'
import { projectRoot } from '../../src/core/version.js'

const CATALOGS = join(projectRoot(), 'test/fixtures/catalogs')

describe('controls validate', () => {
  it('accepts a good catalog, fixtures included', () => {
    const cat = loadCatalog(join(CATALOGS, 'good'), { fixtures: true })
    expect(cat.problems.map(formatProblem)).toEqual([])
    expect(cat.frameworks.map((f) => f.id)).toEqual(['demo', 'other'])
    expect(cat.frameworks[1]!.version).toBe('2026')
    expect(cat.parameterDefaults).toEqual({ minTlsVersion: '1.2' })
    expect(cat.checks.map((c) => c.service)).toEqual(['demo', 'demo'])
  })

  it('accepts the shipped catalog, fixtures included', () => {
    const cat = loadCatalog(join(projectRoot(), 'controls'), { fixtures: true })
    expect(cat.problems.map(formatProblem)).toEqual([])
  })

  it('reports every problem of a broken catalog with file and line', () => {
    const lines = loadCatalog(join(CATALOGS, 'broken'), { fixtures: true }).problems.map(formatProblem)
    const has = (re: RegExp): void => expect(lines.some((l) => re.test(l)), `${re} in\n${lines.join('\n')}`).toBe(true)
    has(/services\/demo\/checks\.yaml:9: check sql-db-tde: unknown operator "equal"; did you mean "equals"\?/)
    has(/services\/demo\/checks\.yaml:13: duplicate check id "sql-db-tde" \(first at .*checks\.yaml:1\)/)
    has(/checks\.yaml:\d+: check sql-db-tde: parameter "sqlPitrMin" is used but not declared/)
    has(/syntax\/checks\.yaml:\d: invalid YAML/)
    has(/fw\.yaml:7: control C1: unknown check "sql-db-tdee"; did you mean "sql-db-tde"\?/)
    has(/fw\.yaml:8: duplicate control id "C1" \(first at line 5\)/)
    has(/fw\.yaml:11: control C2 has neither checks nor manual: true/)
    has(/fw\.yaml:13: control C3 is manual but has no evidence/)
    has(/checks\.yaml:33: check cosmos-thing: no read plan collects microsoft\.fake\/things/)
    has(/checks\.yaml:23: check storage-min-tls is mapped by no control of any framework/)
    has(/answers\/library\.yaml:6: library entry encryption: unknown check "sql-db-tdee"; did you mean "sql-db-tde"\?/)
    has(/answers\/library\.yaml:7: library entry encryption: unknown control "fw:C9"/)
    has(/check sql-db-tde has no fixtures \(fixtures\/sql-db-tde\.yaml/)
    has(/services\/demo\/fixtures\/base\.json:1: no fixtures\/base\.json/)
    expect(lines.filter((l) => l.includes("no fixtures/base.json"))).toHaveLength(1)
    expect(lines.length).toBeGreaterThanOrEqual(12)
  })

  it('names the file and line of a fixture case whose patch names no resource', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-catalog-')), 'controls')
    cpSync(join(CATALOGS, 'good'), dir, { recursive: true })
    const file = join(dir, 'services/demo/fixtures/storage-min-tls.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('storageAccounts/stordersdata: { properties', 'storageAccounts/nosuchaccount: { properties'))
    const lines = loadCatalog(dir, { fixtures: true }).problems.map(formatProblem)
    expect(lines).toEqual([expect.stringMatching(/storage-min-tls\.yaml:6: fail case "TLS 1\.0": patch "storageAccounts\/nosuchaccount" names no resource/)])
  })

  it('fails the shipped checks wired to nothing: an answer citing "gdpr:33" is an unknown control', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-catalog-')), 'controls')
    cpSync(join(projectRoot(), 'controls'), dir, { recursive: true })
    const lib = join(dir, 'answers/library.yaml')
    writeFileSync(lib, readFileSync(lib, 'utf8').replace('"gdpr:Art.33(2)"', 'gdpr:33'))
    const lines = loadCatalog(dir).problems.map(formatProblem)
    expect(lines).toEqual([expect.stringMatching(/library\.yaml:\d+: library entry breach-notification: unknown control "gdpr:33"; did you mean "gdpr:Art\.33\(1\)" or "gdpr:Art\.33\(2\)"/)])
  })
  it('fails a value that reads a check its entry does not cite, naming the value\'s line', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-catalog-')), 'controls')
    cpSync(join(projectRoot(), 'controls'), dir, { recursive: true })
    const lib = join(dir, 'answers/library.yaml')
    const text = readFileSync(lib, 'utf8')
    writeFileSync(lib, text.replace('checks: [sql-db-pitr-retention, postgres-backup-retention]', 'checks: [sql-db-pitr-retention]'))
    const lines = loadCatalog(dir).problems.map(formatProblem)
    const line = text.split('\n').findIndex((l) => l.includes('{min:sql-db-pitr-retention:')) + 1
    expect(lines).toEqual([expect.stringMatching(new RegExp(`library\\.yaml:${line}: library entry pitr-retention: the value reads check "postgres-backup-retention", which the entry does not cite in checks$`))])
  })
})

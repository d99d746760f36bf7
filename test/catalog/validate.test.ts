// Catalog validation reports every problem with file:line instead of stopping at the first.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cpSync, mkdtempSync } from 'node:fs'
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
  })

  it('accepts the shipped catalog, fixtures included', () => {
    const cat = loadCatalog(join(projectRoot(), 'controls'), { fixtures: true })
    expect(cat.problems.map(formatProblem)).toEqual([])
  })

  it('reports every problem of a broken catalog with file and line', () => {
    const lines = loadCatalog(join(CATALOGS, 'broken'), { fixtures: true }).problems.map(formatProblem)
    const has = (re: RegExp): void => expect(lines.some((l) => re.test(l)), `${re} in\n${lines.join('\n')}`).toBe(true)
    has(/bad\.yaml:9: check sql-db-tde: unknown operator "equal"; did you mean "equals"\?/)
    has(/bad\.yaml:16: duplicate check id "sql-db-tde" \(first at .*bad\.yaml:1\)/)
    has(/bad\.yaml:\d+: check sql-db-tde: parameter "sqlPitrMin" is used but not declared/)
    has(/bad\.yaml:29: check storage-min-tls: fixtures: required but missing/)
    has(/syntax\.yaml:\d: invalid YAML/)
    has(/fw\.yaml:7: control C1: unknown check "sql-db-tdee"; did you mean "sql-db-tde"\?/)
    has(/fw\.yaml:8: duplicate control id "C1" \(first at line 5\)/)
    has(/fw\.yaml:11: control C2 has neither checks nor manual: true/)
    has(/fw\.yaml:13: control C3 is manual but has no evidence/)
    has(/bad\.yaml:1: check sql-db-tde: fail fixture .*no-such-file\.json does not exist/)
    expect(lines.length).toBeGreaterThanOrEqual(10)
  })

  it('skips (and says so) the fixture check where no fixture folder is shipped, as in an installed package', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-installed-')), 'controls')
    cpSync(join(CATALOGS, 'good'), dir, { recursive: true })
    const cat = loadCatalog(dir, { fixtures: true })
    expect(cat.problems).toEqual([])
    expect(cat.fixturesChecked).toBe(false)
    expect(loadCatalog(join(CATALOGS, 'good'), { fixtures: true }).fixturesChecked).toBe(true)
  })
})

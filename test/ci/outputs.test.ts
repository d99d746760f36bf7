import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { baselineFromResults, serializeBaseline } from '../../src/report/ci/baseline.js'
import { compareResults, decideGate } from '../../src/report/ci/compare.js'
import { renderJUnit } from '../../src/report/ci/junit.js'
import { buildSarif, findingFingerprint, FINGERPRINT_KEY, renderSarif } from '../../src/report/ci/sarif.js'
import { renderMarkdown } from '../../src/report/ci/markdown.js'
import { renderTerminal } from '../../src/report/ci/terminal.js'
import { buildResults, cleanFindings, withFinding, DB1, SQL1, ST1, ST2 } from './results-builder.js'
import { junitXsdErrors, sarifValidator, schemaErrors } from '../schemas.js'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ci')
const NOW = new Date('2026-11-25T10:00:00Z')

// Scenario: baseline from an estate where the storage account already failed TLS; now the SQL
// server has been opened to the internet, the TDE read failed, and an exception expired today.
const baselineResults = buildResults(withFinding(cleanFindings(), { checkId: 'storage-min-tls', resourceId: ST1, status: 'fail', observed: 'TLS1_0', expected: { gte: '1.2' } }))
const baselineText = serializeBaseline(baselineFromResults(baselineResults))
const nowResults = buildResults(
  withFinding(withFinding(withFinding(cleanFindings(),
    { checkId: 'storage-min-tls', resourceId: ST1, status: 'fail', observed: 'TLS1_0', expected: { gte: '1.2' }, message: 'minimumTlsVersion TLS1_0 is below 1.2' }),
  { checkId: 'sql-server-public-network', resourceId: SQL1, status: 'fail', observed: 'Enabled', expected: 'Disabled', message: 'publicNetworkAccess is Enabled' }),
  { checkId: 'sql-db-tde', resourceId: DB1, status: 'error', message: 'GET transparentDataEncryption failed: 403 AuthorizationFailed <denied> & "logged" (call c7)' }),
  { snapshotErrors: 1, exceptions: [{ check: 'log-retention', resource: '/subscriptions/x/workspaces/old', reason: 'migration', owner: 'ops@example.com', expires: '2026-11-25', state: 'expired' }] },
)
const comparison = compareResults(nowResults, baselineFromResults(baselineResults), NOW)
const gate = decideGate(comparison, 'new')

function golden(name: string, actual: string): void {
  const file = join(FIXTURES, 'golden', name)
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(join(FIXTURES, 'golden'), { recursive: true })
    writeFileSync(file, actual)
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

describe('JUnit XML', () => {
  const xml = renderJUnit(nowResults, comparison, 'new')
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text' }).parse(xml) as {
    testsuites: { tests: string; failures: string; errors: string; skipped?: string; testsuite: Record<string, unknown>[] }
  }

  it("is valid against Jenkins' junit-10.xsd", async () => {
    expect(await junitXsdErrors(xml)).toEqual([])
    // every status at once (fail, error, manual, not applicable, pass), and a control title with XML-special characters
    const results = buildResults(withFinding(withFinding(cleanFindings(),
      { checkId: 'sql-db-tde', resourceId: DB1, status: 'error', message: 'denied <&> "x"' }),
    { checkId: 'storage-public-network', resourceId: ST1, status: 'not_applicable' }))
    results.controls[0]!.title = 'Access <restricted> & "reviewed"'
    expect(await junitXsdErrors(renderJUnit(results, compareResults(results, null, NOW), 'any'))).toEqual([])
    // and the validator does reject what the XSD forbids
    expect(await junitXsdErrors(xml.replace('<testsuites ', '<testsuites disabled="0" '))).not.toEqual([])
    expect(await junitXsdErrors(xml.replace(/<testcase classname="soc2" name="[^"]*"/, '<testcase classname="soc2"'))).not.toEqual([])
  })

  it('parses back into a testsuite per framework and a testcase per control', () => {
    const suites = doc.testsuites.testsuite
    expect(suites.map((s) => s.name)).toEqual(['soc2', 'iso27001'])
    const soc2 = suites[0]! as { tests: string; failures: string; errors: string; skipped: string; testcase: { classname: string; name: string }[] }
    expect(soc2.testcase.map((t) => t.name)).toEqual([
      'CC6.1: Logical access to protected assets is restricted',
      'CC6.7: Data is protected in transit and at rest',
      'CC7.2: Security events are monitored',
      'CC1.1: Commitment to integrity and ethical values',
    ])
    expect(new Set(soc2.testcase.map((t) => t.classname))).toEqual(new Set(['soc2']))
    expect([soc2.tests, soc2.failures, soc2.errors, soc2.skipped]).toEqual(['4', '2', '0', '1'])
    // <testsuites> carries no skipped count: junit-10.xsd allows name, time, tests, failures and errors only
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.errors, doc.testsuites.skipped]).toEqual(['7', '4', '0', undefined])
  })

  it('puts the failing findings (check, resource, observed vs expected, message) in the failure element', () => {
    const cc61 = (doc.testsuites.testsuite[0]!.testcase as Record<string, unknown>[])[0]! as { failure: { message: string; type: string; '#text': string } }
    expect(cc61.failure.type).toBe('new-failure')
    expect(cc61.failure.message).toContain('1 new since the baseline')
    expect(cc61.failure.message).toContain('(baseline: pass)')
    expect(cc61.failure['#text']).toContain(`! sql-server-public-network on ${SQL1} (new, high) [iso27001:8.20, soc2:CC6.1]: observed "Enabled", expected "Disabled": publicNetworkAccess is Enabled`)
    const cc67 = (doc.testsuites.testsuite[0]!.testcase as Record<string, unknown>[])[1]! as { failure: { '#text': string; type: string } }
    expect(cc67.failure.type).toBe('still-failing')
    // the TDE error rides along with the failure, with its XML-special characters intact
    expect(cc67.failure['#text']).toContain('403 AuthorizationFailed <denied> & "logged"')
    expect(cc67.failure['#text']).toContain(`- storage-min-tls on ${ST1} (still failing, medium)`)
  })

  it('marks manual controls skipped with the evidence they need', () => {
    const cc11 = (doc.testsuites.testsuite[0]!.testcase as Record<string, unknown>[])[3]! as { skipped: { message: string } }
    expect(cc11.skipped.message).toBe('manual: needs a valid attestation (Code of conduct and signed acknowledgements)')
  })

  it('reports a control whose only finding is unreadable as an error element', () => {
    const results = buildResults(withFinding(cleanFindings(), { checkId: 'sql-db-tde', resourceId: DB1, status: 'error' }))
    const x = renderJUnit(results, compareResults(results, null, NOW), 'any')
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(x) as { testsuites: { testsuite: { testcase: { name: string; error?: { message: string } }[] }[] } }
    const cc67 = parsed.testsuites.testsuite[0]!.testcase.find((t) => t.name.startsWith('CC6.7'))!
    expect(cc67.error?.message).toBe('1 finding could not be evaluated (data could not be read)')
  })

  it('matches the golden file (fixed clock)', () => golden('junit.xml', xml))
})

describe('SARIF 2.1.0', () => {
  const sarifText = renderSarif(nowResults, comparison, { toolVersion: '0.1.0', gate, artifactUri: 'ci/trustpack-baseline.json', artifactText: baselineText })
  type Region = { startLine: number; startColumn: number; endLine: number; endColumn: number }
  type SarifResult = {
    ruleId: string
    baselineState?: string
    level: string
    message: { text: string }
    locations: { logicalLocations: unknown[]; physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region } }[]
    partialFingerprints: Record<string, string>
  }
  type SarifLog = {
    runs: {
      tool: { driver: { rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; properties: Record<string, unknown> }[] } }
      originalUriBaseIds?: Record<string, unknown>
      results: SarifResult[]
    }[]
  }
  const sarif = JSON.parse(sarifText) as SarifLog

  it('validates against the official SARIF 2.1.0 schema (OASIS, draft-04)', () => {
    const validate = sarifValidator()
    const ok = validate(sarif)
    expect(schemaErrors(validate.errors)).toEqual([])
    expect(ok).toBe(true)
    // without a baseline, and with no failing finding at all
    const cmp = compareResults(nowResults, null, NOW)
    expect(validate(buildSarif(nowResults, cmp, { toolVersion: '0.1.0', gate: decideGate(cmp, 'any'), artifactUri: 'trustpack.yaml' }))).toBe(true)
    const clean = buildResults(cleanFindings())
    const cleanCmp = compareResults(clean, baselineFromResults(clean), NOW)
    expect(validate(buildSarif(clean, cleanCmp, { toolVersion: '0.1.0', gate: decideGate(cleanCmp, 'new'), artifactUri: 'trustpack-baseline.json' }))).toBe(true)
    // and the validator does reject a broken document
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a', level: 'fatal', message: { text: 'x' } }] }] })).toBe(false)
    expect(validate({ ...sarif, runs: [{ ...sarif.runs[0]!, columnKind: 'bytes' }] })).toBe(false)
  })

  it('gives every result what GitHub code scanning requires: rule, message, a repository-relative file and a full region', () => {
    const run = sarif.runs[0]!
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe('')
      expect(rule.fullDescription.text).not.toBe('')
      expect(rule.help.text).not.toBe('')
    }
    expect(run.results.length).toBeGreaterThan(0)
    for (const r of run.results) {
      expect(r.ruleId).toBeTruthy()
      expect(r.message.text).toBeTruthy()
      const loc = r.locations[0]!.physicalLocation
      // relative to the repository root, which %SRCROOT% names
      expect(loc.artifactLocation).toEqual({ uri: 'ci/trustpack-baseline.json', uriBaseId: '%SRCROOT%' })
      expect(Object.keys(loc.region).sort()).toEqual(['endColumn', 'endLine', 'startColumn', 'startLine'])
    }
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual(['%SRCROOT%'])
  })

  it("spans the text of the finding's line in the baseline file", () => {
    const lines = baselineText.split('\n')
    for (const r of sarif.runs[0]!.results) {
      const { startLine, startColumn, endLine, endColumn } = r.locations[0]!.physicalLocation.region
      expect(endLine).toBe(startLine)
      const text = lines[startLine - 1]!
      // columns are 1-based; endColumn is the column after the last character
      expect(text.slice(startColumn - 1, endColumn - 1)).toBe(text.trim())
    }
    const storage = sarif.runs[0]!.results.find((r) => r.ruleId === 'storage-min-tls')!
    expect(lines[storage.locations[0]!.physicalLocation.region.startLine - 1]!.trim()).toBe(`${JSON.stringify(ST1)}`)
    // a finding the baseline does not list points at its first control's line
    const sql = sarif.runs[0]!.results.find((r) => r.ruleId === 'sql-server-public-network')!
    expect(lines[sql.locations[0]!.physicalLocation.region.startLine - 1]!.trim()).toBe('"8.20": "pass",')
  })

  it('points at line 1 with a region spanning its text when the file layout gives no line (or no text is known)', () => {
    const results = buildSarif(nowResults, comparison, { toolVersion: '0.1.0', gate, artifactUri: 'results.json', artifactText: '{\n  "schemaVersion": 1\n}\n' }) as SarifLog
    for (const r of results.runs[0]!.results) expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 })
    const unknown = buildSarif(nowResults, comparison, { toolVersion: '0.1.0', gate, artifactUri: 'trustpack.yaml' }) as SarifLog
    for (const r of unknown.runs[0]!.results) expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 })
  })

  it('fingerprints each result with primaryLocationLineHash, stable per check and resource across runs', () => {
    const fingerprints = (log: SarifLog): Record<string, string> =>
      Object.fromEntries(log.runs[0]!.results.map((r) => [`${r.ruleId} ${(r.locations[0]!.logicalLocations[0] as { fullyQualifiedName: string }).fullyQualifiedName}`, r.partialFingerprints.primaryLocationLineHash!]))
    const now = fingerprints(sarif)
    expect(Object.values(now).every((h) => /^[0-9a-f]{16}:[1-9][0-9]*$/.test(h))).toBe(true)
    expect(new Set(Object.values(now)).size).toBe(Object.keys(now).length)
    // a later run: the baseline has grown (every line moved), the resource ID comes back in another casing
    const later = buildResults(
      withFinding(withFinding(withFinding(cleanFindings(),
        { checkId: 'storage-min-tls', resourceId: ST1, status: 'fail', observed: 'TLS1_1', expected: { gte: '1.2' } }),
      { checkId: 'sql-server-public-network', resourceId: SQL1, status: 'fail', observed: 'Enabled', expected: 'Disabled' }),
      { checkId: 'storage-public-network', resourceId: ST2, status: 'fail', observed: 'Enabled', expected: 'Disabled' }),
    )
    for (const f of later.findings) if (f.resourceId === ST1) f.resourceId = ST1.toUpperCase()
    const laterBaseline = serializeBaseline(baselineFromResults(later))
    const laterCmp = compareResults(later, baselineFromResults(later), NOW)
    const again = fingerprints(buildSarif(later, laterCmp, { toolVersion: '0.2.0', gate: decideGate(laterCmp, 'new'), artifactUri: 'ci/trustpack-baseline.json', artifactText: laterBaseline }) as SarifLog)
    expect(Object.keys(again)).toHaveLength(3)
    expect(again[`storage-min-tls ${ST1.toUpperCase()}`]).toBe(now[`storage-min-tls ${ST1}`])
    expect(again[`sql-server-public-network ${SQL1}`]).toBe(now[`sql-server-public-network ${SQL1}`])
    expect(new Set(Object.values(again)).size).toBe(3)
  })

  it('has rules for the evaluated checks with help text and remediation', () => {
    const rules = sarif.runs[0]!.tool.driver.rules
    expect(rules.map((r) => r.id)).toEqual(['log-retention', 'sql-db-tde', 'sql-server-public-network', 'storage-min-tls', 'storage-public-network'])
    const rule = rules.find((r) => r.id === 'sql-server-public-network')!
    expect(rule.help.text).toContain('Remediation: Set publicNetworkAccess to Disabled and use private endpoints.')
    expect(rule.help.markdown).toContain('**Remediation:**')
    expect(rule.properties).toMatchObject({ severity: 'high', 'security-severity': '8.0' })
  })

  it('has a result per failing finding, with the resource as logical location and a stable fingerprint', () => {
    const results = sarif.runs[0]!.results
    expect(results.map((r) => [r.ruleId, r.baselineState, r.level])).toEqual([
      ['sql-server-public-network', 'new', 'error'],
      ['storage-min-tls', 'unchanged', 'warning'],
    ])
    const first = results[0]!
    expect(first.message.text).toContain(SQL1)
    expect(first.message.text).toContain('soc2:CC6.1')
    expect(first.locations[0]!.logicalLocations).toEqual([{ name: 'sql-prod-1', fullyQualifiedName: SQL1, kind: 'resource' }])
    // code scanning needs a physical location: the committed baseline file
    expect(first.locations[0]!.physicalLocation.artifactLocation.uri).toBe('ci/trustpack-baseline.json')
    expect(first.partialFingerprints[FINGERPRINT_KEY]).toBe(findingFingerprint('sql-server-public-network', SQL1.toUpperCase()))
    expect(baselineText.split('\n')[results[1]!.locations[0]!.physicalLocation.region.startLine - 1]).toContain(ST1)
  })

  it('omits baselineState without a baseline', () => {
    const cmp = compareResults(nowResults, null, NOW)
    const doc = buildSarif(nowResults, cmp, { toolVersion: '0.1.0', gate: decideGate(cmp, 'any'), artifactUri: 'trustpack.yaml' }) as { runs: { results: Record<string, unknown>[] }[] }
    expect(doc.runs[0]!.results.every((r) => !('baselineState' in r))).toBe(true)
  })

  it('matches the golden file (fixed clock)', () => golden('check.sarif', sarifText))
})

describe('Markdown summary', () => {
  const md = renderMarkdown(nowResults, comparison, gate, { baselinePath: 'trustpack-baseline.json' })

  it('leads with the verdict and the new failures with their fix, naming the control and the resource', () => {
    expect(md.split('\n')[0]).toBe('## ❌ trustpack check failed')
    expect(md.indexOf('### New since the baseline')).toBeLessThan(md.indexOf('| New failures |'))
    expect(md).toMatch(/\| Change \| Check \| Resource \| Severity \| Controls \| Detail \| Fix \|/)
    const newSection = md.indexOf('### New since the baseline')
    const soc2Section = md.indexOf('### soc2')
    expect(newSection).toBeGreaterThan(0)
    expect(newSection).toBeLessThan(soc2Section)
    const row = md.split('\n').find((l) => l.includes('`sql-server-public-network`') && l.startsWith('| new'))!
    expect(row).toContain(`\`${SQL1}\``)
    expect(row).toContain('iso27001:8.20, soc2:CC6.1')
    expect(md).toContain('⚠️ exception for log-retention on /subscriptions/x/workspaces/old expired on 2026-11-25 (owner ops@example.com); remove it from the configuration')
  })

  it('lists controls with new failures before controls still failing', () => {
    const soc2 = md.slice(md.indexOf('### soc2'), md.indexOf('### iso27001'))
    const rows = soc2.split('\n').filter((l) => l.startsWith('| ❌'))
    expect(rows.map((r) => r.split('|')[2]!.trim())).toEqual(['CC6.1', 'CC6.7'])
    expect(rows[0]).toContain('pass → fail')
  })

  it('folds accepted risks away instead of listing them among the failures', () => {
    const withException = structuredClone(nowResults)
    const f = withException.findings.find((x) => x.status === 'pass')!
    f.exception = { check: f.checkId, resource: f.resourceId, reason: 'migration in progress', owner: 'dba@example.com', expires: '2027-01-31' }
    const text = renderMarkdown(withException, comparison, gate, { baselinePath: 'trustpack-baseline.json' })
    expect(text).toMatch(/<details><summary>1 accepted risk: failing, passed under an active exception<\/summary>/)
    expect(text.indexOf('<details>')).toBeGreaterThan(text.indexOf('### New since the baseline'))
  })

  it('escapes table cells', () => {
    expect(md).not.toMatch(/<denied>/)
  })
})

describe('terminal report', () => {
  it('is one line per framework on success', () => {
    const results = buildResults(cleanFindings())
    const cmp = compareResults(results, baselineFromResults(results), NOW)
    const text = renderTerminal(results, cmp, decideGate(cmp, 'new'), { baselinePath: 'trustpack-baseline.json' })
    expect(text).toBe([
      'trustpack check: passed (--fail-on new, baseline trustpack-baseline.json): 0 new, 0 still failing, 0 resolved, 0 new errors',
      '  soc2      3 pass, 0 fail, 0 error, 1 manual, 0 not applicable',
      '  iso27001  3 pass, 0 fail, 0 error, 0 manual, 0 not applicable',
      '',
    ].join('\n'))
  })

  it('is precise on failure: each broken control, its resources and what changed', () => {
    const text = renderTerminal(nowResults, comparison, gate, { baselinePath: 'trustpack-baseline.json' })
    const lines = text.split('\n')
    expect(lines[0]).toBe('trustpack check: FAILED (--fail-on new, baseline trustpack-baseline.json): 1 new failing finding; 1 new error (data that could not be read); 2 controls got worse than the baseline')
    expect(lines).toContain('  soc2 CC6.1 Logical access to protected assets is restricted: pass -> fail')
    expect(lines).toContain(`    NEW: sql-server-public-network on ${SQL1}`)
    expect(lines).toContain(`    sql-server-public-network on ${SQL1} (high): publicNetworkAccess is Enabled`)
    expect(lines).toContain(`    NEW ERROR: sql-db-tde on ${DB1}`)
    // details once per finding, although two controls cite it
    expect(lines.filter((l) => l.includes('publicNetworkAccess is Enabled'))).toHaveLength(1)
    // still-failing findings are not what broke the gate
    expect(text).not.toContain(`STILL FAILING: storage-min-tls`)
    expect(lines.some((l) => l.startsWith('warning: exception for log-retention'))).toBe(true)
    // What changed leads, with how to fix it; the controls it broke follow.
    expect(lines.indexOf('  what changed:')).toBe(1)
    expect(lines.indexOf('  what changed:')).toBeLessThan(lines.indexOf('  controls broken:'))
    const detail = lines.findIndex((l) => l.includes('publicNetworkAccess is Enabled'))
    expect(lines[detail + 1]).toMatch(/^ {6}fix: \S/)
    expect(text).toMatch(/not shown: 1 finding still failing as in the baseline/)
  })
})

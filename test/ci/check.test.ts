// The gate end to end, in process: emulator estates scanned by the real SDK clients, evaluated
// against the real catalog, compared with a baseline written by `trustpack baseline`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js'
import type { Estate } from '../../src/emulator/estate.js'
import { runCheck, type CheckInput } from '../../src/app/check.js'
import { runBaseline } from '../../src/app/baseline.js'
import type { LoadedConfig, Config } from '../../src/core/config.js'
import { FailingError, InputError, PartialCollectionError } from '../../src/core/errors.js'
import type { ScanOptions } from '../../src/app/scan.js'
import { loadEstate, recordingCredential } from '../collect/helpers.js'
import { junitXsdErrors, sarifValidator, schemaErrors } from '../schemas.js'

const NOW = new Date('2026-11-25T10:00:00Z')
const EMPTY: LoadedConfig = { config: {}, file: null, lineOf: () => 1 }
const config = (c: Config): LoadedConfig => ({ config: c, file: null, lineOf: () => 1 })

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'tp-ci-'))
}

/** The estate with one setting changed on one resource. */
function flip(estate: Estate, idSuffix: string, prop: string, value: unknown): { estate: Estate; id: string } {
  const copy = structuredClone(estate)
  const r = copy.resources.find((x) => x.id.toLowerCase().endsWith(idSuffix.toLowerCase()))
  if (!r) throw new Error(`no resource ending ${idSuffix}`)
  r.properties[prop] = value
  return { estate: copy, id: r.id }
}

function scanOf(emu: RunningEmulator, extra: Partial<ScanOptions> = {}): ScanOptions {
  return { armEndpoint: emu.url, credential: recordingCredential(), caPem: emu.caPem, backoffMs: 5, timeoutMs: 5_000, ...extra }
}

describe('trustpack check on emulator estates', () => {
  const clean = loadEstate('mini')
  const drifted = flip(clean, '/servers/sql1', 'publicNetworkAccess', 'Enabled')
  const sql1 = drifted.id
  let cleanEmu: RunningEmulator
  let driftEmu: RunningEmulator
  let dir: string
  let baselinePath: string

  beforeAll(async () => {
    cleanEmu = await startEmulator({ estate: clean })
    driftEmu = await startEmulator({ estate: drifted.estate })
    dir = tmp()
    baselinePath = join(dir, 'trustpack-baseline.json')
  })
  afterAll(async () => {
    await cleanEmu?.close()
    await driftEmu?.close()
  })

  const check = (emu: RunningEmulator, extra: Partial<CheckInput> = {}) =>
    runCheck({ scan: scanOf(emu), baselinePath, config: EMPTY, now: NOW, cwd: dir, ...extra })

  it('writes a baseline from the clean estate and passes on the same estate', async () => {
    const b = await runBaseline({ scan: scanOf(cleanEmu), out: baselinePath, config: EMPTY, now: NOW })
    expect(b.changed).toBe(true)
    expect(b.frameworks.length).toBeGreaterThanOrEqual(4)
    const first = readFileSync(baselinePath, 'utf8')
    const again = await runBaseline({ scan: scanOf(cleanEmu), out: baselinePath, config: EMPTY, now: new Date('2026-12-25T10:00:00Z') })
    expect(again.changed).toBe(false)
    expect(readFileSync(baselinePath, 'utf8')).toBe(first)

    const outcome = await check(cleanEmu)
    expect(outcome.failOn).toBe('new')
    expect(outcome.breaking).toBe(false)
    expect(outcome.comparison.newFailures).toEqual([])
    expect(outcome.report.split('\n')[0]).toMatch(/^trustpack check: passed \(--fail-on new, baseline /)
  })

  it('fails on the drifted estate, naming the control and the resource in every output', async () => {
    const junit = join(dir, 'out', 'junit.xml')
    const sarif = join(dir, 'out', 'check.sarif')
    const markdown = join(dir, 'out', 'summary.md')
    const stepSummary = join(dir, 'step-summary.md')
    writeFileSync(stepSummary, '## earlier step\n')
    const outcome = await check(driftEmu, { junitPath: junit, sarifPath: sarif, markdownPath: markdown, stepSummaryPath: stepSummary })
    expect(outcome.breaking).toBe(true)
    expect(outcome.comparison.newFailures.map((d) => [d.checkId, d.resourceId])).toEqual([['sql-server-public-network', sql1]])
    const controls = outcome.comparison.newFailures[0]!.controls
    expect(controls.length).toBeGreaterThan(0)
    // every control citing the check now fails (some already failed on the clean estate for other reasons)
    for (const id of controls) expect(outcome.comparison.controls.find((c) => `${c.framework}:${c.controlId}` === id)!.status).toBe('fail')
    const [fw, controlId] = controls[0]!.split(/:(.*)/s) as [string, string]

    // JUnit: the control's testcase fails and carries the resource
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(junit, 'utf8')) as { testsuites: { testsuite: { name: string; testcase: { classname: string; name: string; failure?: { '#text': string } }[] }[] } }
    const suite = doc.testsuites.testsuite.find((s) => s.name === fw)!
    const tc = suite.testcase.find((t) => t.name.startsWith(`${controlId}: `))!
    expect(tc.classname).toBe(fw)
    expect(tc.failure?.['#text']).toContain(`sql-server-public-network on ${sql1}`)
    expect(await junitXsdErrors(readFileSync(junit, 'utf8'))).toEqual([])

    // SARIF: one new result, at the resource, citing the control
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; baselineState: string; message: { text: string }; locations: { logicalLocations: { fullyQualifiedName: string }[]; physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }
    const newResults = log.runs[0]!.results.filter((r) => r.baselineState === 'new')
    expect(newResults).toHaveLength(1)
    expect(newResults[0]!.ruleId).toBe('sql-server-public-network')
    expect(newResults[0]!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(sql1)
    expect(newResults[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('trustpack-baseline.json')
    expect(newResults[0]!.message.text).toContain(`${fw}:${controlId}`)
    const validate = sarifValidator()
    const ok = validate(log)
    expect(schemaErrors(validate.errors)).toEqual([])
    expect(ok).toBe(true)

    // Markdown: written to the file and appended to the step summary
    const md = readFileSync(markdown, 'utf8')
    expect(md).toContain('## ❌ trustpack check failed')
    expect(md).toContain(`| ${controlId} |`)
    expect(md).toContain(sql1)
    expect(readFileSync(stepSummary, 'utf8')).toBe(`## earlier step\n${md}`)

    // Terminal: the broken control, the resource, what changed
    expect(outcome.report).toContain(`${fw} ${controlId} `)
    expect(outcome.report).toContain(`NEW: sql-server-public-network on ${sql1}`)
    expect(outcome.report).toContain(`sql-server-public-network on ${sql1} (high): properties.publicNetworkAccess is "Enabled"`)
  })

  it('passes again once the setting is fixed', async () => {
    const outcome = await check(cleanEmu)
    expect(outcome.breaking).toBe(false)
  })

  it('--update-baseline accepts the drift: the exit still reports it once, the next run passes', async () => {
    const b2 = join(dir, 'accept.json')
    writeFileSync(b2, readFileSync(baselinePath))
    const first = await runCheck({ scan: scanOf(driftEmu), baselinePath: b2, updateBaseline: true, config: EMPTY, now: NOW })
    expect(first.breaking).toBe(true)
    expect(first.baseline).toEqual({ path: b2, existed: true, written: true })
    expect(readFileSync(b2, 'utf8')).toContain(sql1)
    const second = await runCheck({ scan: scanOf(driftEmu), baselinePath: b2, config: EMPTY, now: NOW })
    expect(second.breaking).toBe(false)
    expect(second.comparison.stillFailing.map((d) => d.resourceId)).toContain(sql1)
  })

  it('an exception keeps the drift green until it expires, and turns the gate red the day after its last day', async () => {
    const withException = config({ exceptions: [{ check: 'sql-server-public-network', resource: sql1, reason: 'vendor migration', owner: 'dba@example.com', expires: '2026-12-01' }] })
    const lastDay = await check(driftEmu, { config: withException, now: new Date('2026-12-01T23:00:00Z') })
    expect(lastDay.breaking).toBe(false)
    expect(lastDay.notices.map((n) => n.message)).toContain(`exception for sql-server-public-network on ${sql1} expires on 2026-12-01 (today is its last day; owner dba@example.com)`)
    const weekBefore = await check(driftEmu, { config: withException, now: new Date('2026-11-24T08:00:00Z') })
    expect(weekBefore.notices.some((n) => n.message.includes('(in 7 days; owner dba@example.com)'))).toBe(true)

    const dayAfter = await check(driftEmu, { config: withException, now: new Date('2026-12-02T00:00:01Z') })
    expect(dayAfter.breaking).toBe(true)
    expect(dayAfter.comparison.newFailures.map((d) => d.expiredException?.expires)).toEqual(['2026-12-01'])
    expect(dayAfter.notices[0]!.level).toBe('error')
    expect(dayAfter.notices[0]!.message).toMatch(new RegExp(`^exception for sql-server-public-network on ${sql1.replace(/[/.]/g, '\\$&')} expired on 2026-12-01`))
    expect(dayAfter.report).toContain('EXCEPTION EXPIRED ON 2026-12-01: sql-server-public-network')
  })

  it('a partial scan never passes silently: exit 4 without --allow-partial, a new error breaks the gate with it', async () => {
    const emu = await startEmulator({ estate: clean, faults: [{ path: '/transparentdataencryption/current', status: 403, code: 'AuthorizationFailed' }] })
    try {
      const err = await check(emu).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PartialCollectionError)
      expect((err as PartialCollectionError).exitCode).toBe(4)
      const outcome = await check(emu, { scan: scanOf(emu, { allowPartial: true }) })
      expect(outcome.breaking).toBe(true)
      expect(outcome.comparison.newErrors.map((d) => d.checkId)).toContain('sql-db-tde')
      expect(outcome.reasons.some((r) => r.includes('new error'))).toBe(true)
      expect(outcome.notices.some((n) => /the snapshot records \d+ failed read/.test(n.message))).toBe(true)
    } finally {
      await emu.close()
    }
  })

  it('creates a missing baseline (first run) unless --require-baseline', async () => {
    const fresh = join(dir, 'new', 'baseline.json')
    await expect(check(cleanEmu, { baselinePath: fresh, requireBaseline: true })).rejects.toThrow(InputError)
    expect(existsSync(fresh)).toBe(false)
    const first = await check(driftEmu, { baselinePath: fresh })
    expect(first.breaking).toBe(false)
    expect(first.baseline).toEqual({ path: fresh, existed: false, written: true })
    expect(first.notices[0]!.message).toContain('did not exist: created it from this run')
    expect((await check(driftEmu, { baselinePath: fresh })).breaking).toBe(false)
    expect((await check(cleanEmu, { baselinePath: fresh })).comparison.resolved.map((d) => d.resourceId)).toEqual([sql1])
  })

  it('without a baseline, --fail-on any breaks on any failing control and a severity threshold filters', async () => {
    const any = await runCheck({ scan: scanOf(driftEmu), config: EMPTY, now: NOW })
    expect(any.failOn).toBe('any')
    expect(any.breaking).toBe(true)
    const critical = await runCheck({ scan: scanOf(driftEmu), failOn: 'critical', config: EMPTY, now: NOW })
    const severity = any.results.checks.find((c) => c.id === 'sql-server-public-network')!.severity
    expect(critical.breaking).toBe(severity === 'critical')
    await expect(runCheck({ scan: scanOf(driftEmu), failOn: 'new', config: EMPTY, now: NOW })).rejects.toThrow(/--fail-on new needs --baseline/)
  })

  it('accepts a results.json or a snapshot.json as the baseline', async () => {
    const snap = join(dir, 'clean-snapshot.json')
    const { runScan } = await import('../../src/app/scan.js')
    await runScan({ ...scanOf(cleanEmu), out: snap })
    const viaSnapshot = await check(driftEmu, { baselinePath: snap })
    expect(viaSnapshot.comparison.newFailures.map((d) => d.resourceId)).toEqual([sql1])
    const results = join(dir, 'clean-results.json')
    writeFileSync(results, JSON.stringify(viaSnapshot.results))
    expect((await check(driftEmu, { baselinePath: results })).breaking).toBe(false)
    expect((await check(cleanEmu, { baselinePath: results })).comparison.resolved.map((d) => d.resourceId)).toEqual([sql1])
  })

  it('the gate error is exit 1', () => {
    expect(new FailingError('x').exitCode).toBe(1)
  })
})

describe('trustpack check: where SARIF points', () => {
  const results = join(import.meta.dirname, '..', 'fixtures', 'pack', 'results.json')

  it('names the baseline relative to the repository root, run from a subfolder, with the line and columns of each finding', async () => {
    const root = realpathSync(tmp())
    mkdirSync(join(root, '.git'))
    mkdirSync(join(root, 'compliance'))
    mkdirSync(join(root, 'infra', 'prod'), { recursive: true })
    const baselinePath = join(root, 'compliance', 'trustpack-baseline.json')
    const sarifPath = join(root, 'out', 'check.sarif')
    await runCheck({ resultsPath: results, baselinePath, sarifPath, config: EMPTY, now: NOW, cwd: join(root, 'infra', 'prod') })
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[] }[] }
    const validate = sarifValidator()
    const ok = validate(log)
    expect(schemaErrors(validate.errors)).toEqual([])
    expect(ok).toBe(true)
    const found = log.runs[0]!.results
    expect(found.length).toBeGreaterThan(0)
    const lines = readFileSync(baselinePath, 'utf8').split('\n')
    for (const r of found) {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation
      expect(artifactLocation).toEqual({ uri: 'compliance/trustpack-baseline.json', uriBaseId: '%SRCROOT%' })
      const text = lines[region.startLine - 1]!
      expect(text.slice(region.startColumn - 1, region.endColumn - 1)).toBe(text.trim())
    }
  })

  it('names the config file relative to the repository root without a baseline', async () => {
    const root = realpathSync(tmp())
    mkdirSync(join(root, '.git'))
    mkdirSync(join(root, 'ci'))
    const configFile = join(root, 'ci', 'trustpack.yaml')
    writeFileSync(configFile, 'frameworks: [soc2]\n')
    const sarifPath = join(root, 'check.sarif')
    await expect(runCheck({ resultsPath: results, sarifPath, config: { config: {}, file: configFile, lineOf: () => 1 }, now: NOW, cwd: root })).resolves.toMatchObject({ breaking: true })
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[] }[] }
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'ci/trustpack.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 19 },
    })
  })
})

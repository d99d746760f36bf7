import { beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, existsSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoAsset, runDemo, type DemoResult } from '../../src/app/demo.js'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { ResultsSchema, type Results } from '../../src/snapshot/results.js'
import { buildSample } from '../../src/emulator/estates/sample.js'
import { evaluateSnapshot, shortResourceId } from '../../src/app/evaluate.js'
import { loadConfig } from '../../src/core/config.js'
import { SnapshotSchema } from '../../src/snapshot/schema.js'
import { verifyPack } from '../../src/app/verify.js'

// The drifts each service plants in the sample estate, and the findings they must produce.
const EXPECTED_FAILS = (await buildSample()).drifts.filter((d) => !d.excepted).map((d) => [d.check, d.resource]).sort()

const NOW = new Date('2026-11-25T12:00:00Z')

describe('trustpack demo on the sample estate', () => {
  let demo: DemoResult
  let results: Results

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'tp-demo-'))
    demo = await runDemo({ outDir: out, now: () => NOW })
    results = ResultsSchema.parse(JSON.parse(readFileSync(demo.resultsPath, 'utf8')))
  }, 180_000)

  it('fails exactly the drifted (check, resource) pairs', () => {
    const fails = results.findings
      .filter((f) => f.status === 'fail')
      .map((f) => {
        const expected = EXPECTED_FAILS.find(([c, r]) => c === f.checkId && f.resourceId.toLowerCase() === r!.toLowerCase())
        return expected ?? [f.checkId, f.resourceId]
      })
      .sort()
    expect(fails).toEqual(EXPECTED_FAILS)
    expect(results.findings.filter((f) => f.status === 'error')).toEqual([])
  })

  it('passes the excepted jump-box IP citing its exception, and keeps master out of scope', () => {
    const pip = results.findings.find((f) => f.checkId === 'public-endpoint-allowlist' && f.resourceId.endsWith('/pip-vel-ops-jumpbox'))!
    expect(pip.status).toBe('pass')
    expect(pip.exception?.expires).toBe('2027-03-31')
    const master = results.findings.filter((f) => f.resourceId.toLowerCase().endsWith('/databases/master'))
    expect(master.length).toBeGreaterThan(0)
    expect(master.every((f) => f.status === 'not_applicable')).toBe(true)
  })

  it('shows the trust page false where the estate drifted', () => {
    const claims = results.controls.filter((c) => c.framework === 'trust-claims')
    const failing = claims.filter((c) => c.status === 'fail').flatMap((c) => c.checkIds)
    for (const check of ['sql-db-pitr-retention', 'sql-db-geo-backup', 'keyvault-key-rotation', 'servicebus-local-auth-disabled', 'resource-location-allowed']) {
      expect(failing, check).toContain(check)
    }
    for (const fw of ['soc2', 'iso27001', 'gdpr', 'trust-claims']) expect(results.summary[fw], fw).toBeDefined()
  })

  it('leaves a signed pack that verifies, and a filled-in questionnaire with a review list', () => {
    expect(demo.verify.ok).toBe(true)
    expect(demo.verify.signed).toBe(true)
    expect(existsSync(join(demo.packPath, 'index.html'))).toBe(true)
    expect(existsSync(join(demo.packPath, 'summary.pdf'))).toBe(true)
    expect(demo.questionnairePath && existsSync(demo.questionnairePath)).toBe(true)
    expect(demo.reviewPath && existsSync(demo.reviewPath)).toBe(true)
    expect(demo.scanSummary).toContain('No failed reads.')
    // The brief summary names each failing finding once, and counts controls per framework.
    for (const [check, resource] of EXPECTED_FAILS) {
      const name = shortResourceId(resource!)
      expect(demo.evaluationSummary.split('\n').filter((l) => l.includes(check!) && l.includes(`${name}:`)), `${check} ${name}`).toHaveLength(1)
    }
    expect(demo.evaluationSummary).toMatch(/^\s+trust-claims\s+43\s+/m)
  })

  it('passes SOC 2 CC7.4 on an attestation whose evidence file is hashed, copied into the pack and verified', () => {
    const cc74 = results.controls.find((c) => c.framework === 'soc2' && c.controlId === 'CC7.4')
    expect(cc74).toMatchObject({ status: 'pass', attestationState: 'valid' })
    const att = results.attestations.find((a) => a.control === 'soc2:CC7.4')!
    const copy = readFileSync(join(demo.packPath, 'attestations', 'incident-response-2026.md'))
    expect(copy).toEqual(readFileSync(demoAsset('policies/incident-response-2026.md')))
    const manifest = JSON.parse(readFileSync(join(demo.packPath, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] }
    expect(manifest.files.find((f) => f.path === 'attestations/incident-response-2026.md')?.sha256).toBe(att.evidenceFile?.sha256)
  })

  it('turns CC7.4 not green when its evidence file is changed or missing', () => {
    const snapshot = SnapshotSchema.parse(JSON.parse(readFileSync(demo.snapshotPath, 'utf8')))
    const evaluate = () => evaluateSnapshot({ snapshot, snapshotSha256: results.snapshotSha256, config: loadConfig(demo.configPath), now: NOW })
      .controls.find((c) => c.framework === 'soc2' && c.controlId === 'CC7.4')
    const policy = join(demo.outDir, 'policies', 'incident-response-2026.md')
    const original = readFileSync(policy)
    try {
      appendFileSync(policy, 'edited after review\n')
      expect(evaluate()).toMatchObject({ status: 'manual', attestationState: 'invalid', attestationReason: expect.stringMatching(/has changed/) })
      rmSync(policy)
      expect(evaluate()).toMatchObject({ status: 'manual', attestationState: 'invalid', attestationReason: expect.stringMatching(/does not exist/) })
    } finally {
      writeFileSync(policy, original)
    }
    expect(evaluate()?.status).toBe('pass')
  })

  it('marks its results as sample data and keeps the throwaway signing key outside the pack folder', async () => {
    expect(results.sampleData?.source).toMatch(/sample estate/)
    expect(demo.keyPath.startsWith(join(demo.outDir, 'keys'))).toBe(true)
    expect(demo.keyPath.startsWith(demo.packPath)).toBe(false)
    expect(readdirSync(demo.packPath, { recursive: true }).map(String).filter((p) => /\.key$|signing/.test(p))).toEqual([])
    expect(readFileSync(join(demo.outDir, 'keys', 'README.txt'), 'utf8')).toMatch(/Throwaway signing key/)
    expect(demo.verify).toMatchObject({ ok: true, trust: 'given-key' })
    // A pack copy whose attestation evidence was swapped no longer verifies.
    writeFileSync(join(demo.packPath, 'attestations', 'incident-response-2026.md'), 'swapped\n')
    expect(await verifyPack({ packPath: demo.packPath })).toMatchObject({ ok: false, changed: ['attestations/incident-response-2026.md'] })
  })

  it('never answers yes to a buyer question about a drifted setting', async () => {
    const { answers } = await answerQuestionnaire({ questionnairePath: demoAsset('sample-buyer-questionnaire.xlsx'), resultsPath: demo.resultsPath, now: NOW })
    const byNumber = new Map(answers.map((a) => [a.questionId.replace(/^.*!/, ''), a]))
    // TLS 1.0 still allowed on a storage account; key rotation; 35-day restore; geo backups;
    // SSH open from the Internet; Service Bus local auth; audit logs of one vault.
    for (const n of ['5', '6', '12', '17', '19', '25', '29', '30']) {
      const a = byNumber.get(n)
      expect(a, `question ${n}`).toBeDefined()
      expect(a!.answer, `question ${n}: ${a!.question}`).not.toBe('yes')
    }
    // A question whose evidence all passes is answered, and cites its check.
    expect(byNumber.get('8')!.answer).toBe('yes')
    expect(byNumber.get('8')!.citations).toContain('sql-db-tde')
    // "Are database audit logs enabled?": Azure SQL's auditing passes, but the estate's Cosmos DB accounts and
    // PostgreSQL server are databases no check reads for it, so a person answers.
    expect(byNumber.get('37')!.answer).toBe('unknown')
    expect(byNumber.get('37')!.citations).toContain('sql-server-auditing')
    expect(byNumber.get('37')!.rationale).toMatch(/does not read Cosmos DB \(2 resources in the results\) and PostgreSQL \(1 resource in the results\)/)
  })
})

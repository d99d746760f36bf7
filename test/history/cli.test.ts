// The commands as a user runs them (built CLI): the demo's recorded history and period pack; history
// list|show|verify; evaluate --record then pack --period; the same recording on Azurite through the config.
import { pdfPages } from '../pdf-text.js'
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../cli/run.js'
import { startAzurite, type Azurite } from './azurite.js'

let demoDir: string
let azurite: Azurite

beforeAll(async () => {
  demoDir = mkdtempSync(join(tmpdir(), 'tp-hist-demo-'))
  const demo = await runCli(['demo', '--out', demoDir])
  expect(demo.code, demo.stderr).toBe(0)
  azurite = await startAzurite()
}, 120_000)
afterAll(async () => {
  await azurite?.close()
})

describe('the demo history', () => {
  it('is a verified period pack with a timeline, a remediated failure, an expired exception and what changed', async () => {
    const model = JSON.parse(readFileSync(join(demoDir, 'period-pack', 'period.json'), 'utf8'))
    expect(model.period).toMatchObject({ from: '2026-07-01', to: '2026-09-30', cadenceDays: 14 })
    expect(model.runs).toHaveLength(7)
    const sql = model.findings.find((f: { checkId: string }) => f.checkId === 'sql-server-min-tls')
    expect(sql.windows).toEqual([expect.objectContaining({ firstSeen: '2026-07-29', lastSeen: '2026-08-12', fixed: '2026-08-26', daysToRemediate: 28 })])
    expect(model.changes.expiredExceptions).toEqual([expect.objectContaining({ check: 'storage-min-tls', expires: '2026-08-31' })])
    expect(model.changes.newFailures).toEqual([expect.objectContaining({ checkId: 'storage-min-tls' })])
    expect(model.changes.newResources).toEqual([expect.stringMatching(/stvelbackupcac$/)])
    expect(model.changes.removedResources).toEqual([expect.stringMatching(/stvellegacycac$/)])
    const html = readFileSync(join(demoDir, 'period-pack', 'period.html'), 'utf8')
    expect(html).toContain('<svg')
    expect(html).toContain('What changed since the previous pack')
    // The pass rate per framework over the period, and the failure windows as bars (the demo's TLS 1.0 drift
    // on sql-vel-prod-weu opens and closes one).
    expect(html).toContain('<h2 id="pass-rate">')
    expect(html.match(/: pass rate per run/g)?.length).toBe(4)
    expect(html).toContain('Failure windows per control')
    // The sample estate's period view is marked as such, like every page of the pack.
    expect(html).toContain('<p class="sample-banner"><strong>SAMPLE DATA.</strong>')
    const pages = await pdfPages(readFileSync(join(demoDir, 'period-pack', 'period.pdf')))
    expect(pages.length).toBeGreaterThan(0)
    for (const page of pages) expect(page).toContain('SAMPLE DATA')
    const index = readFileSync(join(demoDir, 'period-pack', 'index.html'), 'utf8')
    expect(index).toContain('<section id="period"><h2>Period 2026-07-01 to 2026-09-30</h2>')
    expect(readFileSync(join(demoDir, 'pack', 'index.html'), 'utf8')).not.toContain('id="period"')
    const manifest = JSON.parse(readFileSync(join(demoDir, 'period-pack', 'manifest.json'), 'utf8'))
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['period.json', 'period.html', 'period.pdf']))
    const verify = await runCli(['verify', join(demoDir, 'period-pack')])
    expect(verify.code, verify.stderr).toBe(0)
  })
})

describe('trustpack history', () => {
  it('lists, shows and verifies the runs', async () => {
    const h = join(demoDir, 'history')
    const list = await runCli(['history', 'list', '--history', h, '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout).runs.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const show = await runCli(['history', 'show', '3', '--history', h])
    expect(show.stdout).toMatch(/Run 3 .*evaluate, recorded 2026-07-15/)
    const missing = await runCli(['history', 'show', '99', '--history', h])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no run "99"/)
    const ok = await runCli(['history', 'verify', '--history', h, '--public-key', join(demoDir, 'keys', 'trustpack-signing.pub')])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/Verified 8 run\(s\)/)
  })

  it('exits 1 naming a deleted run, and under --json prints one object', async () => {
    const h = mkdtempSync(join(tmpdir(), 'tp-hist-copy-'))
    const store = join(h, 'history')
    cpSync(join(demoDir, 'history'), store, { recursive: true })
    rmSync(join(store, 'runs', '00000004.json'))
    const r = await runCli(['history', 'verify', '--history', store])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/run 4 is missing before run 5/)
    const j = await runCli(['history', 'verify', '--history', store, '--json'])
    expect(j.code).toBe(1)
    const doc = JSON.parse(j.stdout)
    expect(doc.error.exitCode).toBe(1)
    expect(doc.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'missing', seq: 5 })]))
    const pack = await runCli(['pack', '--period', '2026-07-01..2026-09-30', '--history', store, '--out', join(h, 'p')])
    expect(pack.code).toBe(1)
    expect(pack.stderr).toMatch(/run 4 is missing/)
  })

  it('evaluate --record then pack --period on a folder store; bad periods are usage errors', async () => {
    const w = mkdtempSync(join(tmpdir(), 'tp-hist-rec-'))
    const store = join(w, 'store')
    copyFileSync(join(demoDir, 'snapshot.json'), join(w, 'snapshot.json'))
    for (let i = 0; i < 2; i++) {
      const e = await runCli(['evaluate', '--snapshot', join(w, 'snapshot.json'), '--config', join(demoDir, 'trustpack.yaml'), '--history', store])
      expect(e.code, e.stderr).toBe(0)
      expect(e.stdout).toMatch(new RegExp(`Recorded run ${i + 1} in`))
    }
    const noStore = await runCli(['evaluate', '--snapshot', join(w, 'snapshot.json'), '--record', '--out', join(w, 'r.json')])
    expect(noStore.code).toBe(2)
    expect(noStore.stderr).toMatch(/no evidence store: add a `history:` section/)
    expect(existsSync(join(w, 'r.json'))).toBe(false)
    const typo = await runCli(['history', 'verify', '--history', join(w, 'stroe')])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/stroe: no evidence store here/)
    const today = new Date().toISOString().slice(0, 10)
    const p = await runCli(['pack', '--since', today, '--history', store, '--config', join(demoDir, 'trustpack.yaml'), '--out', join(w, 'pp'), '--sign-key', join(demoDir, 'keys', 'trustpack-signing.key'), '--json'])
    expect(p.code, p.stderr).toBe(0)
    expect(JSON.parse(p.stdout)).toMatchObject({ runs: 2, period: { from: today, to: today } })
    expect((await runCli(['verify', join(w, 'pp')])).code).toBe(0)
    const bad = await runCli(['pack', '--period', '2026-07-01..2026-02-30', '--history', store])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')[0]).toMatch(/--period: "2026-02-30" is not a calendar date/)
    const none = await runCli(['pack', '--period', '2020-01-01..2020-01-31', '--history', store, '--out', join(w, 'none')])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no evaluate run recorded from 2020-01-01 to 2020-01-31/)
  })

  it('records to Azure Blob Storage (Azurite) from the config and verifies there', async () => {
    const w = mkdtempSync(join(tmpdir(), 'tp-hist-blob-'))
    copyFileSync(join(demoDir, 'snapshot.json'), join(w, 'snapshot.json'))
    const base = readFileSync(join(demoDir, 'trustpack.yaml'), 'utf8')
    writeFileSync(join(w, 'trustpack.yaml'), `${base}\nhistory:\n  store: blob\n  container: evidence\n  prefix: velaurum/prod\n  connectionStringEnv: TRUSTPACK_TEST_BLOB\n  signKey: ${join(demoDir, 'keys', 'trustpack-signing.key')}\n`)
    const env = { TRUSTPACK_TEST_BLOB: azurite.connectionString }
    const e = await runCli(['evaluate', '--snapshot', join(w, 'snapshot.json'), '--config', join(w, 'trustpack.yaml')], env)
    expect(e.code, e.stderr).toBe(0)
    expect(e.stdout).toMatch(/Recorded run 1 in http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/evidence\/velaurum\/prod \(signed/)
    const v = await runCli(['history', 'verify', '--config', join(w, 'trustpack.yaml'), '--json'], env)
    expect(v.code, v.stderr).toBe(0)
    expect(JSON.parse(v.stdout)).toMatchObject({ runs: 1, signed: 1, problems: [] })
    const unset = await runCli(['history', 'list', '--config', join(w, 'trustpack.yaml')])
    expect(unset.code).toBe(2)
    expect(unset.stderr).toMatch(/TRUSTPACK_TEST_BLOB, which is not set/)
  })
})

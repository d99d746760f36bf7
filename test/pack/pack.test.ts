// Building packs: inputs checked, deterministic bytes (folder and zip), paths kept inside the
// output folder, atomic replacement, and the content an auditor relies on.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildPack, defaultPackDir } from '../../src/app/pack.js'
import { generateKeys } from '../../src/app/keys.js'
import { readPackFolder, writePackFolder, zipPack } from '../../src/report/pack/io.js'
import { operationTemplate, safeFileName } from '../../src/report/pack/model.js'
import { stableUuid } from '../../src/report/pack/oscal.js'
import { loadSigner } from '../../src/report/pack/manifest.js'
import { sha256Hex } from '../../src/core/json.js'
import { NOW, RESULTS, SNAPSHOT, fixturePack, tmp } from './helpers.js'

let dir: string
beforeEach(() => { dir = tmp() })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

describe('pack inputs', () => {
  it('finds snapshot.json next to the results file when its SHA-256 matches', async () => {
    const r = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'p'), now: NOW })
    expect(r).toMatchObject({ signed: false })
    expect(readFileSync(join(r.path, 'snapshot.json'))).toEqual(readFileSync(SNAPSHOT))
    expect(readFileSync(join(r.path, 'results.json'))).toEqual(readFileSync(RESULTS))
  })

  it('refuses a snapshot whose SHA-256 differs from results.snapshotSha256, naming the file', async () => {
    const other = join(dir, 'snapshot.json')
    writeFileSync(other, readFileSync(SNAPSHOT, 'utf8').replace('Production', 'Staging'))
    await expect(buildPack({ resultsPath: RESULTS, snapshotPath: other, outDir: join(dir, 'p'), now: NOW }))
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(`${other}: SHA-256`) })
    expect(existsSync(join(dir, 'p'))).toBe(false)
  })

  it('asks for --snapshot when none lies next to the results file', async () => {
    const results = join(dir, 'results.json')
    copyFileSync(RESULTS, results)
    await expect(buildPack({ resultsPath: results, outDir: join(dir, 'p'), now: NOW }))
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--snapshot') })
  })

  it('refuses a signing key that is not Ed25519', async () => {
    const key = join(dir, 'bad.key')
    writeFileSync(key, 'not a key')
    await expect(buildPack({ resultsPath: RESULTS, outDir: join(dir, 'p'), signKeyPath: key, now: NOW }))
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(key) })
    expect(readdirSync(dir).filter((f) => f.startsWith('.trustpack-tmp'))).toEqual([])
  })

  it('names the default folder after the evaluation date', () => {
    expect(defaultPackDir(RESULTS)).toBe(join('reports', 'pack-2026-09-30'))
  })
})

describe('determinism', () => {
  it('gives byte-identical folders and zips for the same results, key and clock', async () => {
    const keys = generateKeys({ outDir: join(dir, 'keys') })
    const a = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'a'), signKeyPath: keys.privateKeyPath, now: NOW })
    const b = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'b'), signKeyPath: keys.privateKeyPath, now: NOW })
    const fa = readPackFolder(a.path).files
    const fb = readPackFolder(b.path).files
    expect([...fa.keys()]).toEqual([...fb.keys()])
    for (const [k, v] of fa) expect(v.equals(fb.get(k)!), k).toBe(true)
    const za = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'a.zip'), zip: true, signKeyPath: keys.privateKeyPath, now: NOW })
    const zb = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'b.zip'), zip: true, signKeyPath: keys.privateKeyPath, now: NOW })
    expect(readFileSync(za.path).equals(readFileSync(zb.path))).toBe(true)
  })

  it('zips identically whatever the machine time zone', async () => {
    const files = await fixturePack(null)
    const saved = process.env.TZ
    try {
      process.env.TZ = 'UTC'
      const utc = await zipPack(files, NOW)
      process.env.TZ = 'America/Los_Angeles'
      const la = await zipPack(files, NOW)
      process.env.TZ = 'Asia/Kolkata'
      const ist = await zipPack(files, NOW)
      expect(utc.equals(la)).toBe(true)
      expect(utc.equals(ist)).toBe(true)
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('records the injected clock as generatedAt and says when a pack is unsigned', async () => {
    const a = await fixturePack(null)
    const manifest = JSON.parse(a.get('manifest.json')!.toString('utf8')) as { generatedAt: string; signature: unknown }
    expect(manifest.generatedAt).toBe(NOW.toISOString())
    expect(manifest.signature).toEqual({ status: 'unsigned' })
    expect(a.get('index.html')!.toString('utf8')).toContain('Unsigned')
  })
})

describe('signed packs', () => {
  it('say so in the manifest, the HTML and the PDF, with the key fingerprint', async () => {
    const keys = generateKeys({ outDir: join(dir, 'keys') })
    const signer = loadSigner(keys.privateKeyPath)
    const files = await fixturePack(signer)
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'))
    expect(manifest.signature).toMatchObject({ status: 'signed', algorithm: 'Ed25519', publicKeyFingerprint: keys.fingerprint })
    expect(files.get('index.html')!.toString('utf8')).toContain(`Signed (Ed25519). Public key fingerprint <code>${keys.fingerprint}</code>`)
    expect(files.get('public-key.pem')!.toString('utf8')).toBe(readFileSync(keys.publicKeyPath, 'utf8'))
  })
})

describe('output paths', () => {
  it('refuses pack paths that would escape the output folder', () => {
    for (const bad of ['../evil.txt', 'evidence/../../evil', '/etc/passwd', 'a\\..\\b', 'C:/x', '']) {
      expect(() => writePackFolder(join(dir, 'p'), new Map([[bad, Buffer.from('x')]])), bad).toThrow(/outside the output folder/)
    }
    expect(existsSync(join(dir, 'p'))).toBe(false)
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })

  it('turns hostile control IDs into safe file names inside evidence/', async () => {
    for (const id of ['../../etc/passwd', '..', '.', 'a/b\\c', 'CON', '']) {
      const s = safeFileName(id)
      expect(s).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/)
      expect(s).not.toBe('..')
    }
    const files = await fixturePack(null, (r) => {
      r.controls[0]!.controlId = '../../../escape'
      r.controls[1]!.controlId = '../../../escape'
    })
    const evidence = [...files.keys()].filter((k) => k.startsWith('evidence/soc2/'))
    const safe = safeFileName('../../../escape')
    expect(evidence).toContain(`evidence/soc2/${safe}.json`)
    expect(evidence).toContain(`evidence/soc2/${safe}-2.json`)
    expect([...files.keys()].every((k) => !k.split('/').includes('..'))).toBe(true)
  })

  it('replaces an existing pack atomically but refuses a folder that is not a pack', async () => {
    const target = join(dir, 'p')
    await buildPack({ resultsPath: RESULTS, outDir: target, now: NOW })
    writeFileSync(join(target, 'stale.txt'), 'old')
    await buildPack({ resultsPath: RESULTS, outDir: target, now: NOW })
    expect(existsSync(join(target, 'stale.txt'))).toBe(false)
    const other = join(dir, 'docs')
    mkdirSync(other)
    writeFileSync(join(other, 'thesis.docx'), 'precious')
    await expect(buildPack({ resultsPath: RESULTS, outDir: other, now: NOW })).rejects.toMatchObject({ exitCode: 2 })
    expect(readFileSync(join(other, 'thesis.docx'), 'utf8')).toBe('precious')
    expect(readdirSync(dir).filter((f) => f.startsWith('.trustpack-tmp'))).toEqual([])
  })
})

describe('pack content', () => {
  it('writes one evidence file per control, with CSV where a population is listed', async () => {
    const files = await fixturePack(null)
    const evidence = [...files.keys()].filter((k) => k.startsWith('evidence/')).sort()
    expect(evidence).toEqual([
      'evidence/iso27001/8.13.csv', 'evidence/iso27001/8.13.json', 'evidence/iso27001/8.24.csv', 'evidence/iso27001/8.24.json',
      'evidence/soc2/CC1.1.json', 'evidence/soc2/CC6.1.csv', 'evidence/soc2/CC6.1.json', 'evidence/soc2/CC6.7.csv', 'evidence/soc2/CC6.7.json',
      'evidence/soc2/CC7.4.json',
    ])
  })

  it('says how each item was obtained: operation, api-version, request ID, time, population and count', async () => {
    const files = await fixturePack(null)
    const ev = JSON.parse(files.get('evidence/iso27001/8.24.json')!.toString('utf8'))
    const tde = ev.checks.find((c: { checkId: string }) => c.checkId === 'sql-db-tde')
    expect(tde.population).toMatchObject({ count: 2, inScope: 1, snapshotResourcesOfType: 2 })
    expect(ev.howObtained.calls.map((c: { requestId: string }) => c.requestId)).toContain('a1b2c3d4-0003-4000-8000-000000000003')
    expect(ev.howObtained.operations).toContainEqual(expect.objectContaining({
      operation: 'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Sql/servers/{name}/databases/{name}/transparentDataEncryption/{name}',
      apiVersion: '2023-08-01', calls: 1,
    }))
    const err = JSON.parse(files.get('evidence/iso27001/8.13.json')!.toString('utf8'))
    expect(err.howObtained.collectionErrors[0]).toMatchObject({ status: 403, code: 'AuthorizationFailed', callId: 'c6' })
  })

  it('neutralises spreadsheet formulas in the CSV', async () => {
    const files = await fixturePack(null, (r) => { r.findings[0]!.message = '=HYPERLINK("http://x")' })
    const csv = files.get('evidence/iso27001/8.24.csv')!.toString('utf8')
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`)
  })

  it('writes OSCAL findings per control with satisfied / not-satisfied and hashed back-matter', async () => {
    const files = await fixturePack(null)
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString('utf8'))['assessment-results']
    const result = oscal.results[0]
    expect(result.findings).toHaveLength(6)
    const byTarget = Object.fromEntries(result.findings.map((f: { target: { 'target-id': string; status: { state: string } } }) => [f.target['target-id'], f.target.status.state]))
    expect(byTarget).toMatchObject({ 'soc2_cc6.1_smt': 'not-satisfied', 'soc2_cc6.7_smt': 'satisfied', 'iso27001_8.13_smt': 'not-satisfied', 'soc2_cc1.1_smt': 'not-satisfied' })
    expect(result.observations.every((o: { methods: string[] }) => o.methods[0] === 'TEST')).toBe(true)
    const ev = oscal['back-matter'].resources.find((r: { rlinks?: { href: string }[] }) => r.rlinks?.[0]?.href === '../evidence/soc2/CC6.1.json')
    expect(ev.rlinks[0].hashes).toEqual([{ algorithm: 'SHA-256', value: sha256Hex(files.get('evidence/soc2/CC6.1.json')!) }])
    const uuids = JSON.stringify(oscal).match(/"(?:uuid|subject-uuid|observation-uuid)":"([^"]+)"/g)!
    for (const u of uuids) expect(u).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/)
    expect(stableUuid('x')).toBe(stableUuid('x'))
    expect(stableUuid('x')).not.toBe(stableUuid('y'))
  })

  it('templates ARM URLs into operations without names or IDs', () => {
    expect(operationTemplate('GET', 'https://management.azure.com/subscriptions/abc/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01'))
      .toBe('GET /subscriptions/{subscriptionId}/providers/Microsoft.Storage/storageAccounts')
    expect(operationTemplate('POST', 'https://api.loganalytics.io/v1/workspaces/0b0e8a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c/query'))
      .toBe('POST /v1/workspaces/{id}/query')
  })
})

// Attestation evidence in the pack: copied under attestations/, listed in the manifest, refused when it
// changed since evaluation, and a changed copy caught by verify (by the manifest hash and by results.json).
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assemblePack } from '../../src/report/pack/build.js'
import { manifestText } from '../../src/report/pack/manifest.js'
import { verifyPackFiles } from '../../src/report/pack/verify.js'
import { buildPack } from '../../src/app/pack.js'
import { verifyPack } from '../../src/app/verify.js'
import { ResultsSchema, type Results } from '../../src/snapshot/results.js'
import { SnapshotSchema } from '../../src/snapshot/schema.js'
import { projectRoot } from '../../src/core/version.js'
import { NOW, RESULTS, SNAPSHOT, tmp } from './helpers.js'

const PLAN = Buffer.from('Incident response plan 2026 (test copy)\n')
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** The fixture results with CC7.4's attestation hashed as `evaluate` records it. */
function attestedResults(bytes = PLAN): Results {
  const r = ResultsSchema.parse(JSON.parse(readFileSync(RESULTS, 'utf8')))
  r.attestations = r.attestations.map((a) => (a.control === 'soc2:CC7.4' ? { ...a, evidenceFile: { kind: 'file' as const, sha256: sha(bytes), size: bytes.length } } : a))
  return r
}

function assemble(results: Results, files: Map<string, Buffer>) {
  return assemblePack({
    results,
    resultsBytes: Buffer.from(JSON.stringify(results, null, 2) + '\n'),
    snapshot: SnapshotSchema.parse(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))),
    snapshotBytes: readFileSync(SNAPSHOT),
    toolVersion: '0.1.0',
    now: NOW,
    signer: null,
    templatesDir: join(projectRoot(), 'templates', 'pack'),
    attestationFiles: files,
  })
}

describe('attestation evidence in the pack', () => {
  it('copies the evidence file into attestations/, lists it in the manifest and cites it in the control evidence', async () => {
    const files = await assemble(attestedResults(), new Map([['policies/ir-plan-2026.pdf', PLAN]]))
    expect(files.get('attestations/ir-plan-2026.pdf')).toEqual(PLAN)
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string }[] }
    expect(manifest.files).toContainEqual({ path: 'attestations/ir-plan-2026.pdf', sha256: sha(PLAN), size: PLAN.length })
    const evidence = JSON.parse(files.get('evidence/soc2/CC7.4.json')!.toString('utf8')) as { attestations: { packPath: string | null }[] }
    expect(evidence.attestations[0]?.packPath).toBe('attestations/ir-plan-2026.pdf')
    // The expired attestation recorded no file: nothing is copied for it.
    expect([...files.keys()].filter((p) => p.startsWith('attestations/'))).toEqual(['attestations/ir-plan-2026.pdf'])
  })

  it('refuses to build when the evidence file changed or went missing since evaluation (exit 2)', async () => {
    const results = attestedResults()
    await expect(assemble(results, new Map([['policies/ir-plan-2026.pdf', Buffer.from('edited\n')]]))).rejects.toMatchObject({
      exitCode: 2, message: expect.stringMatching(/^policies\/ir-plan-2026\.pdf: attestation evidence for soc2:CC7\.4 changed since evaluation/),
    })
    await expect(assemble(results, new Map())).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/no longer readable/) })
  })

  it('verify catches a changed attestation file, by its hash and against results.json', async () => {
    const files = await assemble(attestedResults(), new Map([['policies/ir-plan-2026.pdf', PLAN]]))
    expect(verifyPackFiles({ files, irregular: [] }, { allowUnsigned: true })).toMatchObject({ ok: true, checked: ['attestations'] })
    const changed = new Map(files)
    changed.set('attestations/ir-plan-2026.pdf', Buffer.from('Incident response plan 2026 (forged)\n'))
    expect(verifyPackFiles({ files: changed, irregular: [] }, { allowUnsigned: true })).toMatchObject({ ok: false, changed: ['attestations/ir-plan-2026.pdf'] })
    // Re-hashed into a new (unsigned) manifest, the swap still shows: results.json recorded the original.
    const rehashed = new Map(changed)
    rehashed.delete('manifest.json')
    const old = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { generatedAt: string; results: { sha256: string; evaluatedAt: string }; snapshot: { sha256: string; startedAt: string; finishedAt: string } }
    rehashed.set('manifest.json', Buffer.from(manifestText(rehashed, {
      toolVersion: '0.1.0', generatedAt: old.generatedAt, resultsSha256: old.results.sha256, evaluatedAt: old.results.evaluatedAt,
      snapshotSha256: old.snapshot.sha256, snapshotStartedAt: old.snapshot.startedAt, snapshotFinishedAt: old.snapshot.finishedAt, signer: null,
    })))
    const r = verifyPackFiles({ files: rehashed, irregular: [] }, { allowUnsigned: true })
    expect(r.ok).toBe(false)
    expect(r.changed).toEqual([])
    expect(r.problems).toEqual(['attestation evidence for soc2:CC7.4 changed: attestations/ir-plan-2026.pdf does not have the SHA-256 results.json recorded for policies/ir-plan-2026.pdf'])
  })

  it('finds the evidence file relative to the configuration file when building from disk', async () => {
    const dir = tmp()
    try {
      mkdirSync(join(dir, 'cfg', 'policies'), { recursive: true })
      writeFileSync(join(dir, 'cfg', 'policies', 'ir-plan-2026.pdf'), PLAN)
      writeFileSync(join(dir, 'cfg', 'trustpack.yaml'), 'frameworks: [soc2]\n')
      const resultsPath = join(dir, 'results.json')
      writeFileSync(resultsPath, JSON.stringify(attestedResults(), null, 2) + '\n')
      writeFileSync(join(dir, 'snapshot.json'), readFileSync(SNAPSHOT))
      const pack = await buildPack({ resultsPath, outDir: join(dir, 'pack'), configPath: join(dir, 'cfg', 'trustpack.yaml'), now: NOW })
      expect(readFileSync(join(pack.path, 'attestations', 'ir-plan-2026.pdf'))).toEqual(PLAN)
      writeFileSync(join(pack.path, 'attestations', 'ir-plan-2026.pdf'), 'swapped\n')
      expect(await verifyPack({ packPath: pack.path, allowUnsigned: true })).toMatchObject({ ok: false, changed: ['attestations/ir-plan-2026.pdf'] })
      await expect(buildPack({ resultsPath, outDir: join(dir, 'pack2'), now: NOW })).rejects.toMatchObject({ exitCode: 2 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

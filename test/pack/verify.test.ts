// verify must notice every change: each byte of the signed manifest, signature and key, bytes
// across every other file, a removed file, an added file, and a signature by another key.
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyPackFiles } from '../../src/report/pack/verify.js'
import type { PackFiles } from '../../src/report/pack/io.js'
import { keyFingerprint, type Signer } from '../../src/report/pack/manifest.js'
import { buildPack } from '../../src/app/pack.js'
import { verifyPack } from '../../src/app/verify.js'
import { generateKeys } from '../../src/app/keys.js'
import { NOW, RESULTS, fixturePack, tmp } from './helpers.js'

function newSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: keyFingerprint(publicKey) }
}

const copy = (files: PackFiles): PackFiles => new Map([...files].map(([k, v]) => [k, Buffer.from(v)]))
const check = (files: PackFiles, publicKey?: ReturnType<typeof createPublicKey>) =>
  verifyPackFiles({ files, irregular: [] }, publicKey ? { publicKey } : { allowUnsigned: true })

function flip(files: PackFiles, path: string, at: number): PackFiles {
  const out = copy(files)
  const data = out.get(path)!
  data[at] = data[at]! ^ 0x01
  return out
}

describe('verify', () => {
  let signer: Signer
  let signed: PackFiles
  let unsigned: PackFiles

  beforeAll(async () => {
    signer = newSigner()
    signed = await fixturePack(signer)
    unsigned = await fixturePack(null)
  })

  it('passes an intact signed pack, reports the signing key, and says the embedded key proves integrity, not who signed', () => {
    const r = check(signed)
    expect(r).toMatchObject({ ok: true, signed: true, signatureValid: true, missing: [], extra: [], changed: [], trust: 'embedded-key' })
    expect(r.keyFingerprint).toBe(signer.fingerprint)
    expect(r.trustNote).toMatch(/key inside the pack .*proves the pack is unchanged since it was signed, not who signed it/)
  })

  it('says who signed when the signature is checked with a given key', () => {
    const r = check(signed, createPublicKey(signer.publicKeyPem))
    expect(r).toMatchObject({ ok: true, trust: 'given-key' })
    expect(r.trustNote).toBe(`signed by the holder of the given public key (${signer.fingerprint})`)
  })

  it('fails an intact unsigned pack as unsigned, unless unsigned packs are allowed', () => {
    const strict = verifyPackFiles({ files: unsigned, irregular: [] })
    expect(strict).toMatchObject({ ok: false, signed: false, signatureValid: null, trust: 'unsigned', missing: [], changed: [], extra: [] })
    expect(strict.problems).toEqual([expect.stringMatching(/^the pack is unsigned: .*--allow-unsigned/)])
    expect(check(unsigned)).toMatchObject({ ok: true, signed: false, signatureValid: null, problems: [], trustNote: expect.stringMatching(/^unsigned \(accepted with --allow-unsigned\)/) })
  })

  it('runs the attestation evidence check and extra content checks only over intact files', () => {
    expect(check(signed).checked).toEqual(['attestations'])
    const extra = { name: 'history-chain', appliesTo: () => true, run: () => ['chain broken at run 3'] }
    const r = verifyPackFiles({ files: signed, irregular: [] }, { contentChecks: [extra] })
    expect(r).toMatchObject({ ok: false, checked: ['attestations', 'history-chain'], problems: ['chain broken at run 3'] })
    expect(verifyPackFiles({ files: flip(signed, 'results.json', 10), irregular: [] }, { contentChecks: [extra] }).checked).toEqual([])
  })

  it('catches every single-byte change in manifest.json, manifest.sig and public-key.pem', () => {
    for (const path of ['manifest.json', 'manifest.sig', 'public-key.pem']) {
      const size = signed.get(path)!.length
      for (let at = 0; at < size; at++) {
        const r = check(flip(signed, path, at))
        if (r.ok) throw new Error(`flipping byte ${at} of ${path} went unnoticed`)
      }
    }
  })

  it('catches a single-byte change anywhere in every other file, and names the file', () => {
    for (const [path, data] of signed) {
      if (['manifest.json', 'manifest.sig', 'public-key.pem'].includes(path)) continue
      const step = Math.max(1, Math.floor(data.length / 64))
      const positions = new Set([0, data.length - 1, Math.floor(data.length / 2)])
      for (let at = 0; at < data.length; at += step) positions.add(at)
      for (const at of positions) {
        const r = check(flip(signed, path, at))
        expect(r.ok, `${path} byte ${at}`).toBe(false)
        expect(r.changed, `${path} byte ${at}`).toEqual([path])
      }
    }
  })

  it('catches every single-byte change of a whole small evidence file, signed or not', () => {
    for (const files of [signed, unsigned]) {
      const path = 'evidence/iso27001/8.13.csv'
      for (let at = 0; at < files.get(path)!.length; at++) {
        expect(check(flip(files, path, at)).changed).toEqual([path])
      }
    }
  })

  it('reports a removed file as missing', () => {
    const files = copy(signed)
    files.delete('evidence/soc2/CC6.1.csv')
    expect(check(files)).toMatchObject({ ok: false, missing: ['evidence/soc2/CC6.1.csv'], extra: [], changed: [] })
  })

  it('reports a removed signature as missing and the signature as invalid', () => {
    const files = copy(signed)
    files.delete('manifest.sig')
    expect(check(files)).toMatchObject({ ok: false, missing: ['manifest.sig'], signatureValid: false })
  })

  it('reports an added file as extra, including a signature added to an unsigned pack', () => {
    const files = copy(signed)
    files.set('evidence/soc2/CC9.9.json', Buffer.from('{}\n'))
    expect(check(files)).toMatchObject({ ok: false, extra: ['evidence/soc2/CC9.9.json'], missing: [], changed: [] })
    const u = copy(unsigned)
    u.set('manifest.sig', Buffer.from('AAAA\n'))
    expect(check(u)).toMatchObject({ ok: false, extra: ['manifest.sig'] })
  })

  it('fails a pack signed with another key when the expected public key is given', () => {
    const other = newSigner()
    const r = check(signed, createPublicKey(other.publicKeyPem))
    expect(r).toMatchObject({ ok: false, signed: true, signatureValid: false, changed: [] })
    expect(r.problems.join(' ')).toMatch(/another key/)
    expect(check(signed, createPublicKey(signer.publicKeyPem)).ok).toBe(true)
  })

  it('fails a pack re-signed by someone else with their key swapped in, when the real key is pinned', async () => {
    const forged = await fixturePack(newSigner())
    expect(check(forged).ok).toBe(true)
    expect(check(forged, createPublicKey(signer.publicKeyPem))).toMatchObject({ ok: false, signatureValid: false })
  })

  it('fails an unsigned pack when a public key is required', () => {
    expect(check(unsigned, createPublicKey(signer.publicKeyPem))).toMatchObject({ ok: false, signed: false, signatureValid: false })
  })

  it('reports a missing manifest instead of trusting the files', () => {
    const files = copy(signed)
    files.delete('manifest.json')
    const r = check(files)
    expect(r.ok).toBe(false)
    expect(r.missing).toEqual(['manifest.json'])
  })

  it('reports files that are not regular files as extra', () => {
    expect(verifyPackFiles({ files: copy(signed), irregular: ['evidence/link'] })).toMatchObject({ ok: false, extra: ['evidence/link'] })
  })
})

describe('verify (on disk)', () => {
  it('reads a folder and a zip, and names the tampered file', async () => {
    const dir = tmp()
    try {
      const keyDir = join(dir, 'keys')
      mkdirSync(keyDir)
      const keys = generateKeys({ outDir: keyDir })
      const folder = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'pack'), signKeyPath: keys.privateKeyPath, now: NOW })
      const zip = await buildPack({ resultsPath: RESULTS, outDir: join(dir, 'pack'), zip: true, signKeyPath: keys.privateKeyPath, now: NOW })
      expect(zip.path.endsWith('pack.zip')).toBe(true)
      expect(await verifyPack({ packPath: folder.path, publicKeyPath: keys.publicKeyPath })).toMatchObject({ ok: true, signatureValid: true })
      expect(await verifyPack({ packPath: zip.path })).toMatchObject({ ok: true, signatureValid: true })

      writeFileSync(join(folder.path, 'evidence', 'soc2', 'CC6.7.json'), '{"status":"pass"}\n')
      rmSync(join(folder.path, 'summary.pdf'))
      writeFileSync(join(folder.path, 'notes.txt'), 'added later')
      expect(await verifyPack({ packPath: folder.path })).toMatchObject({
        ok: false, changed: ['evidence/soc2/CC6.7.json'], missing: ['summary.pdf'], extra: ['notes.txt'],
      })

      await expect(verifyPack({ packPath: join(dir, 'nope') })).rejects.toMatchObject({ exitCode: 2 })
      writeFileSync(join(dir, 'not-a-pack.zip'), 'hello')
      await expect(verifyPack({ packPath: join(dir, 'not-a-pack.zip') })).rejects.toMatchObject({ exitCode: 2 })
      await expect(verifyPack({ packPath: keyDir })).rejects.toMatchObject({ exitCode: 2, message: `${keyDir} is not a trustpack evidence pack (no manifest.json)` })
      rmSync(join(folder.path, 'manifest.json'))
      await expect(verifyPack({ packPath: folder.path })).rejects.toMatchObject({ exitCode: 2, message: `${folder.path} is not a trustpack evidence pack (no manifest.json)` })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

// verify against pack zips built to deceive: a second copy of a file ahead of the real one, names that are
// not plain relative paths, a symlink, a local header that names another file; and zips built to exhaust
// memory (bombs), which are refused unread (exit 2): a pack that cannot be read safely is not one trustpack made.
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { verifyPack } from '../../src/app/verify.js'
import { keyFingerprint, type Signer } from '../../src/report/pack/manifest.js'
import { PACK_READ_LIMITS, zipPack, type PackFiles } from '../../src/report/pack/io.js'
import { ZipRefused, readZip } from '../../src/report/pack/safe-zip.js'
import { runCli } from '../cli/run.js'
import { bombStream, craftZip, deflated, renameEntry, unicodePathField, yazlZip, type YazlEntry } from '../zip-tools.js'
import { NOW, fixturePack, tmp } from './helpers.js'

let dir: string
let files: PackFiles
let real: YazlEntry[]

function newSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: keyFingerprint(publicKey) }
}

async function write(name: string, zip: Buffer | Promise<Buffer>): Promise<string> {
  const path = join(dir, name)
  writeFileSync(path, await zip)
  return path
}

beforeAll(async () => {
  dir = tmp('trustpack-hostile-')
  files = await fixturePack(newSigner())
  real = [...files].map(([name, data]) => ({ name, data }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('verify: entries that are not what they seem', () => {
  it('passes the zip trustpack writes (the baseline for every case below)', async () => {
    const path = await write('real.zip', zipPack(files, NOW))
    expect(await verifyPack({ packPath: path })).toMatchObject({ ok: true, extra: [], problems: [] })
  })

  it('fails a zip with a forged index.html ahead of the real one, naming the entry (exit 1)', async () => {
    const forged = { name: 'index.html', data: Buffer.from('<!doctype html><h1>All controls pass</h1>') }
    const path = await write('duplicate.zip', yazlZip([forged, ...real]))
    const r = await verifyPack({ packPath: path })
    expect(r).toMatchObject({ ok: false, extra: ['index.html'], changed: ['index.html'], missing: [] })
    expect(r.problems).toEqual(['zip entry index.html appears 2 times in the zip: unzip and other tools may show either copy'])
    // the copy after the real one is caught too, though the first copy matches the manifest
    const after = await verifyPack({ packPath: await write('duplicate-after.zip', yazlZip([...real, forged])) })
    expect(after).toMatchObject({ ok: false, extra: ['index.html'], changed: [] })

    const cli = await runCli(['verify', path])
    expect(cli.code).toBe(1)
    expect(cli.stdout).toContain('extra:   index.html')
    expect(cli.stderr).toMatch(/NOT intact.*index\.html/)
  })

  it('fails a zip whose entry names climb out of the folder, are absolute or use backslashes (exit 1)', async () => {
    const zip = await yazlZip([...real, { name: 'xx/evil.txt', data: Buffer.from('x') }, { name: 'Xtmp/evil.sh', data: Buffer.from('x') }, { name: 'evidence/ZZevil.json', data: Buffer.from('{}') }])
    let hostile = renameEntry(zip, 'xx/evil.txt', '../evil.txt')
    hostile = renameEntry(hostile, 'Xtmp/evil.sh', '/tmp/evil.sh')
    hostile = renameEntry(hostile, 'evidence/ZZevil.json', 'evidence\\..\\..\\ev.js')
    const r = await verifyPack({ packPath: await write('traversal.zip', hostile) })
    expect(r.ok).toBe(false)
    expect(r.extra).toEqual(['../evil.txt', '/tmp/evil.sh', 'evidence\\..\\..\\ev.js'].sort())
    expect(r.problems).toEqual(expect.arrayContaining([
      'zip entry ../evil.txt climbs out of the folder (..)',
      'zip entry /tmp/evil.sh is an absolute path',
      'zip entry evidence\\..\\..\\ev.js uses backslashes (a Windows path)',
    ]))
  })

  it('fails a zip that stores a listed file as a symlink, even with the listed bytes', async () => {
    const entries = real.map((e) => (e.name === 'index.html' ? { ...e, mode: 0o120777 } : e))
    const r = await verifyPack({ packPath: await write('symlink.zip', yazlZip(entries)) })
    expect(r).toMatchObject({ ok: false, missing: ['index.html'], extra: ['index.html'] })
  })

  it('fails an entry whose local header or Unicode path field names another file', async () => {
    const crafted = real.map((e) => ({ name: e.name, deflated: deflated(e.data) }))
    const local = crafted.map((e) => (e.name === 'summary.pdf' ? { ...e, localName: 'summary.exe' } : e))
    const r1 = await verifyPack({ packPath: await write('local-name.zip', craftZip(local)) })
    expect(r1).toMatchObject({ ok: false, extra: ['summary.pdf'], missing: ['summary.pdf'] })
    expect(r1.problems).toEqual(['zip entry summary.pdf is named "summary.exe" in its local header'])

    const unicode = crafted.map((e) => (e.name === 'index.html' ? { ...e, extra: unicodePathField('index.html', 'index.htm\u200b') } : e))
    const r2 = await verifyPack({ packPath: await write('unicode-name.zip', craftZip(unicode)) })
    expect(r2).toMatchObject({ ok: false, extra: ['index.html'], missing: ['index.html'] })
    expect(r2.problems[0]).toMatch(/^zip entry index\.html carries a second name, "index\.htm\u200b", in its Unicode path field$/)
  })

  it('accepts a pack re-zipped with its folder entries, but fails a folder that holds no file of the pack', async () => {
    // what `zip -r` writes: an entry for each folder before the files in it
    const refolded = (folders: string[]): Promise<Buffer> => new Promise((resolve) => {
      const z = new yazl.ZipFile()
      for (const f of ['pack-2026-10-01/', 'pack-2026-10-01/evidence/', ...folders]) z.addEmptyDirectory(f)
      for (const e of real) z.addBuffer(e.data, `pack-2026-10-01/${e.name}`)
      const chunks: Buffer[] = []
      z.outputStream.on('data', (c: Buffer) => chunks.push(c))
      z.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
      z.end()
    })
    expect(await verifyPack({ packPath: await write('refolded-ok.zip', refolded([])) })).toMatchObject({ ok: true })
    const r = await verifyPack({ packPath: await write('refolded.zip', refolded(['pack-2026-10-01/evidence/empty/'])) })
    expect(r).toMatchObject({ ok: false, extra: ['pack-2026-10-01/evidence/empty/'], missing: [], changed: [] })
    expect(r.problems).toEqual(['zip entry pack-2026-10-01/evidence/empty/ is a folder that holds no file of the pack'])
  })

  it('prints a name holding a newline escaped, so it cannot forge an "OK" line', async () => {
    const r = await verifyPack({ packPath: await write('newline.zip', yazlZip([...real, { name: 'notes\nOK: pack.zip is intact', data: Buffer.from('x') }])) })
    expect(r.ok).toBe(false)
    expect(r.extra).toEqual(['"notes\\nOK: pack.zip is intact"'])
  })
})

describe('verify: zip bombs and files too large to read', () => {
  const small = { ...PACK_READ_LIMITS, maxEntryBytes: 256 * 1024, maxTotalBytes: 2 * 2 ** 20, ratioExemptBytes: 2 ** 20 }

  it('refuses (exit 2) an entry that would inflate past the entry limit, naming it', async () => {
    const path = await write('big-entry.zip', yazlZip([...real, { name: 'evidence/soc2/padding.json', data: Buffer.alloc(300 * 1024, 0x20) }]))
    await expect(verifyPack({ packPath: path, limits: small })).rejects.toMatchObject({
      exitCode: 2,
      message: `${path}: zip entry "evidence/soc2/padding.json" would inflate to 300 KiB, more than the 256 KiB allowed for one entry; a pack that cannot be read safely is not one trustpack produced`,
    })
  })

  it('refuses (exit 2) entries that together would inflate past the total limit', async () => {
    const padding = Array.from({ length: 12 }, (_, i) => ({ name: `evidence/pad-${i}.json`, data: Buffer.alloc(200 * 1024, 0x20) }))
    const path = await write('big-total.zip', yazlZip([...real, ...padding]))
    await expect(verifyPack({ packPath: path, limits: small })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/: the zip would inflate to more than 2 MiB in all, the limit;/) })
  })

  it('refuses, with the default limits, a ratio bomb from its central directory alone: nothing is inflated', async () => {
    // 1 GiB of spaces in about 1 MiB: what a bomb looks like
    const path = await write('bomb.zip', craftZip([...real.map((e) => ({ name: e.name, deflated: deflated(e.data) })), { name: 'evidence/soc2/CC9.9.json', deflated: bombStream(1024) }]))
    const err = await readZip(path, { limits: PACK_READ_LIMITS }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ZipRefused)
    expect(err).toMatchObject({ entry: 'evidence/soc2/CC9.9.json', inflatedBytes: 0 })
    await expect(verifyPack({ packPath: path })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('zip entry "evidence/soc2/CC9.9.json" would inflate to 1 GiB, more than the 256 MiB allowed') })
  })

  it('stops, with the default limits, a bomb whose header declares a small size, as soon as it inflates past it', async () => {
    const bomb = { name: 'evidence/soc2/CC9.9.json', deflated: bombStream(1024), declaredSize: 4096 }
    const path = await write('lying-bomb.zip', craftZip([...real.map((e) => ({ name: e.name, deflated: deflated(e.data) })), bomb]))
    const err = await readZip(path, { limits: PACK_READ_LIMITS }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ZipRefused)
    expect((err as ZipRefused).inflatedBytes).toBeLessThan(8 * 2 ** 20)
    await expect(verifyPack({ packPath: path })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('zip entry "evidence/soc2/CC9.9.json" inflates to more than the 4 KiB its header declares (a zip bomb?)') })
  })

  it('refuses a zip compressed beyond the ratio as a whole (many small entries, each exempt alone)', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({ name: `evidence/e${i}.json`, deflated: deflated(Buffer.alloc(64 * 1024, 0x20)) }))
    const err = await readZip(craftZip(entries), { limits: { ...PACK_READ_LIMITS, ratioExemptBytes: 1024 * 1024 } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ZipRefused)
    expect((err as Error).message).toMatch(/^the zip is compressed \d+:1 as a whole, more than the 200:1 allowed/)
  })

  it('refuses (exit 2) a truncated pack zip in one line', async () => {
    const whole = await zipPack(files, NOW)
    const path = await write('cut.zip', whole.subarray(0, Math.floor(whole.length * 0.6)))
    await expect(verifyPack({ packPath: path })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^.*cut\.zip: not a readable zip \(.*\)$/) })
  })

  it('refuses (exit 2) a pack zip or a pack file too large to read, without reading it', async () => {
    // sparse files: gigabytes long, no disk used
    const zip = join(dir, 'huge.zip')
    writeFileSync(zip, 'PK\u0003\u0004')
    truncateSync(zip, 2 ** 31 + 1)
    await expect(verifyPack({ packPath: zip })).rejects.toMatchObject({ exitCode: 2, message: `${zip}: 2 GiB, larger than any pack trustpack reads (1 GiB); not a pack trustpack produced` })

    const folder = join(dir, 'huge-folder')
    mkdirSync(join(folder, 'evidence'), { recursive: true })
    for (const [name, data] of files) {
      mkdirSync(join(folder, name, '..'), { recursive: true })
      writeFileSync(join(folder, name), data)
    }
    truncateSync(join(folder, 'snapshot.json'), 2 ** 31 + 1)
    await expect(verifyPack({ packPath: folder })).rejects.toMatchObject({ exitCode: 2, message: `${folder}: snapshot.json is 2 GiB, more than the 256 MiB allowed for one file; a pack that cannot be read safely is not one trustpack produced` })
    rmSync(folder, { recursive: true, force: true })
    rmSync(zip)
  })
})

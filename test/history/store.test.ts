// The same evidence store suite against both backends: the local folder and Azure Blob Storage (Azurite,
// with the real @azure/storage-blob client). Tampering goes around the store (raw file or blob writes).
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { appendRun, objectEntryName, runEntryName, verifyChain, type AppendInput } from '../../src/history/chain.js'
import { FolderStore } from '../../src/history/folder-store.js'
import { BlobStore } from '../../src/history/blob-store.js'
import { EntryExistsError, type HistoryStore } from '../../src/history/store.js'
import { keyFingerprint, type Signer } from '../../src/report/pack/manifest.js'
import { startAzurite, type Azurite } from './azurite.js'

function makeSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: keyFingerprint(publicKey) }
}

interface Backend {
  store: HistoryStore
  /** raw access around the store, as an attacker (or an accident) with write access would have */
  raw: { read(name: string): Promise<Buffer>; write(name: string, bytes: Buffer): Promise<void>; remove(name: string): Promise<void> }
}

let azurite: Azurite
let counter = 0

const backends: [string, () => Promise<Backend>][] = [
  ['folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-hist-'))
    return {
      store: new FolderStore(dir),
      raw: {
        read: async (n) => readFileSync(join(dir, n)),
        write: async (n, b) => { rmSync(join(dir, n), { force: true }); writeFileSync(join(dir, n), b) },
        remove: async (n) => rmSync(join(dir, n)),
      },
    }
  }],
  ['blob (Azurite)', async () => {
    const container = `history-${++counter}`
    const prefix = 'team/a'
    const raw: ContainerClient = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container)
    return {
      store: new BlobStore({ connectionString: azurite.connectionString, container, prefix }),
      raw: {
        read: async (n) => raw.getBlockBlobClient(`${prefix}/${n}`).downloadToBuffer(),
        write: async (n, b) => { await raw.getBlockBlobClient(`${prefix}/${n}`).upload(b, b.length) },
        remove: async (n) => { await raw.deleteBlob(`${prefix}/${n}`) },
      },
    }
  }],
]

beforeAll(async () => {
  azurite = await startAzurite()
})
afterAll(async () => {
  await azurite?.close()
})

function run(day: number, signer: Signer | null, n = day): AppendInput {
  const at = `2026-07-${String(day).padStart(2, '0')}T06:00:00.000Z`
  return {
    kind: 'evaluate', recordedAt: at, toolVersion: '0.0.0-test',
    snapshot: Buffer.from(JSON.stringify({ n, at }) + '\n'), snapshotTimes: { startedAt: at, finishedAt: at },
    results: Buffer.from(JSON.stringify({ results: n }) + '\n'), evaluatedAt: at, config: null, signer,
  }
}

describe('blob store location', () => {
  it('never shows a SAS token from the connection string', () => {
    const store = new BlobStore({ connectionString: 'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2024-01-01&sig=SECRETSIG', container: 'evidence', prefix: 'p' })
    expect(store.location).toBe('https://acct.blob.core.windows.net/evidence/p')
  })
})

describe.each(backends)('evidence store on %s', (_name, make) => {
  let b: Backend
  let signer: Signer
  beforeEach(async () => {
    b = await make()
    signer = makeSigner()
  })

  it('writes, reads and lists entries; a missing entry reads as null', async () => {
    await b.store.put('objects/b', Buffer.from('two'))
    await b.store.put('objects/a', Buffer.from('one'))
    expect((await b.store.get('objects/a'))?.toString()).toBe('one')
    expect(await b.store.get('objects/zzz')).toBeNull()
    expect(await b.store.list('objects/')).toEqual(['objects/a', 'objects/b'])
    expect(await b.store.list('runs/')).toEqual([])
  })

  it('refuses to overwrite an entry and keeps the first content', async () => {
    await b.store.put('runs/00000001.json', Buffer.from('first'))
    await expect(b.store.put('runs/00000001.json', Buffer.from('second'))).rejects.toBeInstanceOf(EntryExistsError)
    expect((await b.store.get('runs/00000001.json'))?.toString()).toBe('first')
  })

  it('lets exactly one of two racing writers create an entry', async () => {
    const settled = await Promise.allSettled([b.store.put('runs/00000007.json', Buffer.from('a')), b.store.put('runs/00000007.json', Buffer.from('b'))])
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toBeInstanceOf(EntryExistsError)
    const winner = settled[0]!.status === 'fulfilled' ? 'a' : 'b'
    expect((await b.store.get('runs/00000007.json'))?.toString()).toBe(winner)
  })

  it('racing recorders each get their own run number', async () => {
    await Promise.all([3, 2, 1].map((d) => appendRun(b.store, run(d, signer))))
    const report = await verifyChain(b.store)
    expect(report.problems).toEqual([])
    expect(report.runs).toBe(3)
  })

  it('chains signed runs and verifies them clean', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, signer))
    const report = await verifyChain(b.store)
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({ runs: 3, signed: 3, unsigned: 0, keys: [signer.fingerprint], headSeq: 3 })
    const r2 = JSON.parse((await b.raw.read(runEntryName(2))).toString())
    const r1 = await b.raw.read(runEntryName(1))
    expect(r2.prev).toBe((await import('../../src/core/json.js')).sha256Hex(r1))
  })

  it('stores identical content once (content-addressed)', async () => {
    await appendRun(b.store, run(1, signer, 7))
    await appendRun(b.store, run(1, signer, 7))
    expect((await b.store.list('objects/')).length).toBe(3)
    expect((await verifyChain(b.store)).problems).toEqual([])
  })

  it('detects a deleted run', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, signer))
    await b.raw.remove(runEntryName(2))
    const { problems } = await verifyChain(b.store)
    expect(problems.map((p) => [p.kind, p.seq])).toContainEqual(['missing', 3])
    expect(problems[0]!.message).toMatch(/run 2 is missing/)
  })

  it('detects an edited run record', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, signer))
    const rec = JSON.parse((await b.raw.read(runEntryName(2))).toString())
    rec.recordedAt = '2026-07-02T07:00:00.000Z'
    await b.raw.write(runEntryName(2), Buffer.from(JSON.stringify(rec, null, 2) + '\n'))
    const { problems } = await verifyChain(b.store)
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'signature', seq: 2 }))
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'edited', seq: 3 }))
  })

  it('detects an edited object (a results file changed after recording)', async () => {
    for (const d of [1, 2]) await appendRun(b.store, run(d, signer))
    const rec = JSON.parse((await b.raw.read(runEntryName(1))).toString())
    await b.raw.write(objectEntryName(rec.results.sha256), Buffer.from('{"results":"better"}\n'))
    const { problems } = await verifyChain(b.store)
    expect(problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 1 })])
    expect(problems[0]!.message).toMatch(/results .* was edited/)
  })

  it('detects reordered runs', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, signer))
    const two = await b.raw.read(runEntryName(2))
    const three = await b.raw.read(runEntryName(3))
    await b.raw.write(runEntryName(2), three)
    await b.raw.write(runEntryName(3), two)
    const { problems } = await verifyChain(b.store)
    expect(problems.filter((p) => p.kind === 'reordered').map((p) => p.run).sort()).toEqual([runEntryName(2), runEntryName(3)])
  })

  it('detects a run re-signed with another key, and a forged signature', async () => {
    for (const d of [1, 2]) await appendRun(b.store, run(d, signer))
    await appendRun(b.store, run(3, makeSigner()))
    let { problems } = await verifyChain(b.store)
    expect(problems).toEqual([expect.objectContaining({ kind: 'signature', seq: 3 })])
    const rec = JSON.parse((await b.raw.read(runEntryName(1))).toString())
    rec.signature.value = Buffer.alloc(64, 1).toString('base64')
    await b.raw.write(runEntryName(1), Buffer.from(JSON.stringify(rec, null, 2) + '\n'))
    ;({ problems } = await verifyChain(b.store, { trustedKey: signer.fingerprint }))
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'signature', seq: 1 }))
  })

  it('an unsigned chain still detects edits by hash, and says it is unsigned', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, null))
    expect(await verifyChain(b.store)).toMatchObject({ problems: [], unsigned: 3, signed: 0 })
    expect((await verifyChain(b.store, { requireSigned: true })).problems).toHaveLength(3)
    const rec = JSON.parse((await b.raw.read(runEntryName(1))).toString())
    rec.kind = 'scan'
    await b.raw.write(runEntryName(1), Buffer.from(JSON.stringify(rec, null, 2) + '\n'))
    expect((await verifyChain(b.store)).problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 2 })])
  })

  it('detects removal of the newest run against a head quoted earlier', async () => {
    for (const d of [1, 2, 3]) await appendRun(b.store, run(d, signer))
    const { head } = await verifyChain(b.store)
    await b.raw.remove(runEntryName(3))
    expect((await verifyChain(b.store)).problems).toEqual([])
    expect((await verifyChain(b.store, { expectHead: head! })).problems).toEqual([expect.objectContaining({ kind: 'missing' })])
  })
})

// Sharded scans: `scan --shard K/N` against the HTTPS emulator with the real SDK clients, `merge`, then
// `evaluate`: four shards merged give the resources, findings and control statuses of one whole scan; and
// what must not pass quietly (a conflict, a missing shard, a duplicate shard, an empty shard) does not.
import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateEstate } from '../../src/emulator/generate.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js'
import { evaluateSnapshot } from '../../src/app/evaluate.js'
import { mergeFiles, mergeSnapshots, type MergeInput } from '../../src/app/merge.js'
import { parseShard, shardOf, takeShard } from '../../src/app/shard.js'
import { SnapshotSchema, type Resource, type Snapshot } from '../../src/snapshot/schema.js'
import { readSnapshot } from '../../src/snapshot/io.js'
import { sha256Hex } from '../../src/core/json.js'
import type { LoadedConfig } from '../../src/core/config.js'
import type { Results } from '../../src/snapshot/results.js'
import { InputError, PartialCollectionError } from '../../src/core/errors.js'
import { scanEmulator } from '../collect/helpers.js'
import { runCli } from './run.js'

const NO_CONFIG: LoadedConfig = { config: {}, file: null, lineOf: () => 1 }
const NOW = new Date('2026-12-01T12:00:00Z')
// Four vaults: each logs to its own subscription's workspace (the generator leaves every fifth vault silent;
// a silent vault in a sharded scan is its own test below).
const ESTATE = generateEstate({ servers: 7, databasesPerServer: 2, vaults: 4, keysPerVault: 2, subscriptions: 6, seed: 3 })
const CLOCK = (): Date => new Date('2026-12-01T11:00:00Z')
const SUBS = ESTATE.subscriptions.map((s) => s.subscriptionId)

let emu: RunningEmulator
let dir: string
let whole: Snapshot
const shardFiles: string[] = []

function evaluate(snapshot: Snapshot): Results {
  return evaluateSnapshot({ snapshot, snapshotSha256: '0'.repeat(64), config: NO_CONFIG, now: NOW })
}

/**
 * A resource as compared across scans: everything but which calls it came from (those differ per run) and,
 * for Key Vault audit events, which workspaces were asked (a shard asks its own subscriptions' workspaces;
 * the counts must still agree, and docs/shards.md says what a merge does when they cannot be known).
 */
function withoutCalls(r: Resource): Omit<Resource, 'callIds'> {
  const { callIds: _c, ...rest } = r
  if (r.type !== 'microsoft.keyvault/vaults/auditevents') return rest
  const { workspaces: _w, ...properties } = r.properties
  return { ...rest, properties }
}

function read(path: string): MergeInput {
  const { snapshot, sha256 } = readSnapshot(path)
  return { path, snapshot, sha256 }
}

function writeVariant(name: string, snapshot: Snapshot): string {
  const text = JSON.stringify(snapshot, null, 2) + '\n'
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

beforeAll(async () => {
  emu = await startEmulator({ estate: ESTATE, now: CLOCK })
  dir = mkdtempSync(join(tmpdir(), 'tp-shards-'))
  whole = (await scanEmulator(emu, { allowPartial: false, now: CLOCK })).snapshot
  for (let k = 1; k <= 4; k++) {
    const out = join(dir, `snapshot-${k}.json`)
    await scanEmulator(emu, { allowPartial: false, shard: { index: k, count: 4 }, out, now: CLOCK })
    shardFiles.push(out)
  }
}, 120_000)

afterAll(async () => {
  await emu?.close()
})

describe('shard assignment', () => {
  it('depends on the subscription ID alone: any order, any case, and others added', () => {
    const spec = { index: 2, count: 4 }
    const share = takeShard(SUBS, spec)
    expect(takeShard([...SUBS].reverse(), spec)).toEqual(share)
    expect(takeShard(SUBS.map((s) => s.toUpperCase()), spec).map((s) => s.toLowerCase())).toEqual(share.map((s) => s.toLowerCase()))
    const more = [...SUBS, '99999999-9999-9999-9999-999999999999', '88888888-8888-8888-8888-888888888888']
    for (const index of [1, 2, 3, 4]) expect(takeShard(more, { index, count: 4 }).filter((s) => SUBS.includes(s))).toEqual(takeShard(SUBS, { index, count: 4 }))
    expect(shardOf(SUBS[0]!, 4)).toBe(shardOf(SUBS[0]!.toUpperCase(), 4))
    // The N shares partition the list: every subscription in exactly one.
    const all = [1, 2, 3, 4].flatMap((index) => takeShard(SUBS, { index, count: 4 }))
    expect([...all].sort()).toEqual([...SUBS].sort())
  })

  it('refuses K/N outside 1 ≤ K ≤ N with one line naming the flag', () => {
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/4', '2/4/1', '1/999']) expect(() => parseShard(bad), bad).toThrow(InputError)
    expect(() => parseShard('5/4')).toThrow(/^--shard: expected K\/N with 1 ≤ K ≤ N/)
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 })
  })
})

describe('four shards merged equal one scan', () => {
  it('each shard records what it saw and what it took, and together they took every subscription once', () => {
    const taken = shardFiles.map((f) => read(f).snapshot)
    for (const [i, s] of taken.entries()) {
      expect(s.shard).toMatchObject({ index: i + 1, count: 4, assignment: 'sha256-mod', seenFrom: 'list' })
      expect([...s.shard!.seen].sort()).toEqual([...SUBS].sort())
      expect(s.subscriptions.map((x) => x.subscriptionId)).toEqual(s.shard!.taken)
      // Provenance holds within a shard: every cited call exists (the listing's and the scan's numbered apart).
      const calls = new Set(s.calls.map((c) => c.id))
      expect(calls.size).toBe(s.calls.length)
      for (const r of s.resources) for (const id of r.callIds) expect(calls.has(id), `${r.id} ${id}`).toBe(true)
    }
    expect(taken.flatMap((s) => s.shard!.taken).sort()).toEqual([...SUBS].sort())
  })

  it('gives the same resources, findings and control statuses as the single scan', () => {
    const out = join(dir, 'merged.json')
    const { snapshot: merged, summary } = mergeFiles(shardFiles, { out })
    expect(summary).toMatchObject({ complete: true, shardCount: 4, shards: [1, 2, 3, 4], missingShards: [], conflicts: [], errors: 0 })
    expect(() => SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')))).not.toThrow()
    expect(sha256Hex(readFileSync(out, 'utf8'))).toBe(summary.sha256)

    // Same resources, in the same order, byte for byte apart from their call ids.
    expect(merged.resources.map((r) => r.id)).toEqual(whole.resources.map((r) => r.id))
    merged.resources.forEach((r, i) => expect(JSON.stringify(withoutCalls(r)), r.id).toBe(JSON.stringify(withoutCalls(whole.resources[i]!))))
    expect(merged.subscriptions).toEqual(whole.subscriptions)
    expect(merged.errors).toEqual([])
    // Every population the single scan read completely is read completely in the merge.
    const lists = (s: Snapshot): string[] => (s.lists ?? []).map((l) => `${l.scope}|${l.resourceType}|${l.items}|${l.complete}`)
    expect(lists(merged)).toEqual(lists(whole))
    // Provenance kept: each resource cites calls of the merged snapshot, each from its shard.
    const calls = new Map(merged.calls.map((c) => [c.id, c]))
    expect(calls.size).toBe(merged.calls.length)
    for (const r of merged.resources) for (const id of r.callIds) expect(calls.get(id)?.requestId, `${r.id} ${id}`).toMatch(/^[0-9a-f-]{36}$/)

    const a = evaluate(whole)
    const b = evaluate(merged)
    const findings = (r: Results): string[] => r.findings.map((f) => `${f.checkId} ${f.resourceId} ${f.status}`)
    expect(findings(b)).toEqual(findings(a))
    expect(new Set(a.findings.map((f) => f.status))).toContain('fail') // the estate has drift: the comparison is not all-pass
    expect(b.controls.map((c) => `${c.framework}:${c.controlId} ${c.status}`)).toEqual(a.controls.map((c) => `${c.framework}:${c.controlId} ${c.status}`))
    expect(b.summary).toEqual(a.summary)
  })

  it('gives the same bytes whatever order the shards are given in', () => {
    const one = mergeSnapshots(shardFiles.map(read)).snapshot
    const two = mergeSnapshots([...shardFiles].reverse().map(read)).snapshot
    expect(JSON.stringify(two)).toBe(JSON.stringify(one))
  })
})

describe('what a merge refuses or flags', () => {
  it('records a resource read differently by two shards as a conflict, keeps neither reading, and its checks are error', () => {
    const s1 = read(shardFiles[0]!).snapshot
    const s2 = read(shardFiles[1]!).snapshot
    const server = s1.resources.find((r) => r.type === 'microsoft.sql/servers')!
    const storage = s1.resources.find((r) => r.type === 'microsoft.storage/storageaccounts')!
    const tde = s1.resources.find((r) => r.type === 'microsoft.sql/servers/databases/transparentdataencryption')!
    // Shard 2 holds the same server with another TLS minimum, and an identical copy of a storage account.
    s2.resources.push({ ...server, properties: { ...server.properties, minimalTlsVersion: server.properties.minimalTlsVersion === '1.2' ? '1.0' : '1.2' }, callIds: [] })
    s2.resources.push({ ...structuredClone(storage), callIds: [] })
    s2.resources.push({ ...tde, properties: { ...tde.properties, state: tde.properties.state === 'Enabled' ? 'Disabled' : 'Enabled' }, callIds: [] })
    const variant = writeVariant('conflict-2.json', s2)
    const inputs = [read(shardFiles[0]!), read(variant), read(shardFiles[2]!), read(shardFiles[3]!)]
    const { snapshot: merged } = mergeSnapshots(inputs)

    expect(merged.merge!.complete).toBe(false)
    expect(merged.merge!.duplicatesDropped).toBe(1)
    expect(merged.merge!.conflicts.map((c) => [c.resourceId, c.differs])).toEqual(
      [[server.id, ['properties.minimalTlsVersion']], [tde.id, ['properties.state']]].sort((x, y) => String(x[0]).toLowerCase().localeCompare(String(y[0]).toLowerCase())),
    )
    const kept = merged.resources.find((r) => r.id === server.id)!
    expect(kept.properties).toEqual({}) // neither reading picked
    expect(merged.errors.filter((e) => e.code === 'MergeConflict').map((e) => e.scope)).toEqual(expect.arrayContaining([server.id, tde.id]))

    const results = evaluate(merged)
    const onServer = results.findings.filter((f) => f.resourceId === server.id)
    expect(onServer.length).toBeGreaterThan(0)
    for (const f of onServer) expect(`${f.checkId} ${f.status}`).toBe(`${f.checkId} error`)
    const db = tde.id.replace(/\/transparentDataEncryption\/.*$/i, '')
    expect(results.findings.find((f) => f.checkId === 'sql-db-tde' && f.resourceId === db)?.status).toBe('error')
    // The identical storage account is judged as in the single scan.
    const single = evaluate(whole).findings.filter((f) => f.resourceId === storage.id).map((f) => `${f.checkId} ${f.status}`)
    expect(results.findings.filter((f) => f.resourceId === storage.id).map((f) => `${f.checkId} ${f.status}`)).toEqual(single)
  })

  it('writes a missing shard as failed reads and exits 4, and with --allow-partial writes it marked incomplete', () => {
    const out = join(dir, 'partial.json')
    const three = [shardFiles[0]!, shardFiles[1]!, shardFiles[3]!]
    const missingSubs = takeShard(SUBS, { index: 3, count: 4 })
    let caught: unknown
    try {
      mergeFiles(three, { out })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(PartialCollectionError)
    expect((caught as Error).message).toMatch(/shard\(s\) 3 of 4 missing/)
    const written = read(out).snapshot
    expect(written.merge).toMatchObject({ complete: false, missingShards: [3], missingSubscriptions: missingSubs })

    const { snapshot, summary } = mergeFiles(three, { out, allowPartial: true })
    expect(summary.complete).toBe(false)
    const results = evaluate(snapshot)
    expect(results.snapshot.errorCount).toBeGreaterThan(0)
    // Nothing of the missing shard passes: every check is error on its subscriptions (or on the shard itself).
    const scopes = missingSubs.length ? missingSubs.map((s) => `/subscriptions/${s}`) : ['/subscriptions']
    for (const scope of scopes) {
      const onScope = results.findings.filter((f) => f.resourceId === scope)
      expect(onScope.length).toBeGreaterThan(0)
      expect(new Set(onScope.map((f) => f.status))).toEqual(new Set(['error']))
    }
    expect(results.controls.some((c) => c.status === 'pass' && c.checkIds.length > 0 && !c.manual)).toBe(false)
  })

  it('refuses two different snapshots of one shard, and merges the same file given twice once', () => {
    const s2 = read(shardFiles[1]!).snapshot
    const rerun = writeVariant('rerun-2.json', { ...s2, finishedAt: '2026-12-01T13:00:00.000Z' })
    expect(() => mergeSnapshots([read(shardFiles[0]!), read(shardFiles[1]!), read(rerun)])).toThrow(/rerun-2\.json: shard 2\/4 is also .*snapshot-2\.json, a different scan/)
    const { snapshot, warnings } = mergeSnapshots([...shardFiles, shardFiles[1]!].map(read))
    expect(snapshot.merge!.inputs.map((i) => i.shard)).toEqual([1, 2, 3, 4])
    expect(warnings.join('\n')).toMatch(/the same snapshot as .*snapshot-2\.json/)
  })

  it('refuses a shard whose subscriptions are not its share, a snapshot of another N, and an unsharded snapshot', () => {
    const s1 = read(shardFiles[0]!).snapshot
    const forged = writeVariant('forged-1.json', { ...s1, shard: { ...s1.shard!, taken: [...s1.shard!.seen] } })
    expect(() => mergeSnapshots([read(forged), ...shardFiles.slice(1).map(read)])).toThrow(/not its share/)
    const other = writeVariant('other-n.json', { ...s1, subscriptions: [], resources: [], shard: { ...s1.shard!, count: 5, taken: takeShard(s1.shard!.seen, { index: 1, count: 5 }) } })
    expect(() => mergeSnapshots([read(other), ...shardFiles.slice(1).map(read)])).toThrow(/shard count N=4 differs|shard count N=5 differs/)
    const plain = writeVariant('plain.json', whole)
    expect(() => mergeSnapshots([read(plain)])).toThrow(/plain\.json: not a shard snapshot/)
  })

  it('an empty shard writes a valid snapshot saying so, and merges', async () => {
    // Eight shards over six subscriptions: at least two take none.
    const empty = [1, 2, 3, 4, 5, 6, 7, 8].find((k) => takeShard(SUBS, { index: k, count: 8 }).length === 0)!
    const out = join(dir, `wide-${empty}.json`)
    const { snapshot } = await scanEmulator(emu, { allowPartial: false, shard: { index: empty, count: 8 }, out })
    const onDisk = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')))
    expect(onDisk.resources).toEqual([])
    expect(onDisk.subscriptions).toEqual([])
    expect(onDisk.errors).toEqual([])
    expect(onDisk.shard).toMatchObject({ index: empty, count: 8, taken: [] })
    expect(onDisk.shard!.seen).toHaveLength(6)
    expect(onDisk.notes[0]).toMatch(new RegExp(`shard ${empty}/8: took 0 of the 6 subscription\\(s\\).*nothing to scan`))
    expect(snapshot.calls.length).toBeGreaterThan(0) // the subscription list it read is its provenance
    const results = evaluate(onDisk)
    expect(results.findings).toEqual([])
  })
})

describe('trustpack merge as a process', () => {
  it('merges, prints a JSON summary, and refuses bad input with one line and exit 2, writing nothing', async () => {
    const out = join(dir, 'cli-merged.json')
    const ok = await runCli(['merge', ...shardFiles, '--out', out, '--json'])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    const summary = JSON.parse(ok.stdout) as { complete: boolean; shards: number[]; resources: number }
    expect(summary).toMatchObject({ complete: true, shards: [1, 2, 3, 4], resources: whole.resources.length })

    const nope = join(dir, 'never.json')
    const bad = writeVariant('broken.json', { ...read(shardFiles[0]!).snapshot, resources: 'x' } as unknown as Snapshot)
    const r = await runCli(['merge', bad, ...shardFiles.slice(1), '--out', nope])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: .*broken\.json: not a valid snapshot: resources/)
    expect(existsSync(nope)).toBe(false)
    const j = await runCli(['merge', shardFiles[0]!, shardFiles[0]!.replace('-1', '-9'), '--out', nope, '--json'])
    expect(j.code).toBe(2)
    expect(JSON.parse(j.stdout).error).toMatchObject({ exitCode: 2 })
    expect(existsSync(nope)).toBe(false)

    const partial = await runCli(['merge', shardFiles[0]!, shardFiles[1]!, '--out', join(dir, 'cli-partial.json')])
    expect(partial.code).toBe(4)
    expect(partial.stderr.split('\n')[0]).toMatch(/^Error: merged snapshot is incomplete: shard\(s\) 3, 4 of 4 missing/)
  }, 60_000)

  it('scan --shard refuses K outside 1..N before reading anything', async () => {
    const r = await runCli(['scan', '--shard', '5/4', '--arm-endpoint', 'https://127.0.0.1:9', '--out', join(dir, 'x.json')])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toBe('Error: --shard: expected K/N with 1 ≤ K ≤ N ≤ 256 (e.g. 2/4), got "5/4"')
    expect(existsSync(join(dir, 'x.json'))).toBe(false)
  })
})

describe('derived reads a shard makes over its own subscriptions only', () => {
  it('a vault with no audit events in its shard\'s workspaces is error after the merge, not a false fail', () => {
    const inputs = shardFiles.map(read)
    const holder = inputs.find((i) => i.snapshot.resources.some((r) => r.type === 'microsoft.keyvault/vaults/auditevents'))!
    const audit = holder.snapshot.resources.find((r) => r.type === 'microsoft.keyvault/vaults/auditevents')!
    audit.properties = { ...audit.properties, eventCount: 0, lastEventTime: null }
    const { snapshot } = mergeSnapshots(inputs)
    expect(snapshot.merge!.complete).toBe(false)
    const vault = audit.id.replace(/\/auditEvents\/.*$/i, '')
    expect(snapshot.errors.find((e) => e.scope === vault)).toMatchObject({ code: 'ShardScopeIncomplete', resourceType: 'microsoft.keyvault/vaults/auditevents' })
    expect(snapshot.resources.some((r) => r.id === audit.id)).toBe(false)
    const f = evaluate(snapshot).findings.find((x) => x.checkId === 'keyvault-audit-logs' && x.resourceId === vault)!
    expect(f.status).toBe('error')
    expect(f.message).toMatch(/never asked/)
    // Vaults whose events were found still pass, their counts noted as lower bounds.
    expect(snapshot.notes.some((n) => /lower bounds/.test(n))).toBe(true)
    expect(evaluate(snapshot).findings.filter((x) => x.checkId === 'keyvault-audit-logs' && x.status === 'pass').length).toBeGreaterThan(0)
  })
})

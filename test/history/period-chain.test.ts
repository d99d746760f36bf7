// verify's history-chain check on a period pack: the run records it carries must form the chain period.json
// was built from. Each case edits the pack's files as someone rebuilding (and re-signing) it would.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runDemo } from '../../src/app/demo.js'
import { readPackFolder, type PackFiles } from '../../src/report/pack/io.js'
import { ManifestSchema, MANIFEST_FILE } from '../../src/report/pack/manifest.js'
import { periodChainCheck } from '../../src/report/pack/verify.js'

let pristine: PackFiles

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'tp-period-chain-'))
  const demo = await runDemo({ outDir: out, now: () => new Date('2026-11-25T12:00:00Z') })
  pristine = readPackFolder(join(demo.outDir, 'period-pack')).files
}, 180_000)

function check(edit: (files: PackFiles) => void): string[] {
  const files: PackFiles = new Map(pristine)
  edit(files)
  return periodChainCheck.run(files, ManifestSchema.parse(JSON.parse(pristine.get(MANIFEST_FILE)!.toString('utf8'))))
}

const run = (n: number): string => `history/runs/${String(n).padStart(8, '0')}.json`

describe('a period pack\'s history chain', () => {
  it('is carried whole and checks out as built', () => {
    expect([...pristine.keys()].filter((k) => k.startsWith('history/runs/'))).toHaveLength(8)
    expect(check(() => {})).toEqual([])
  })

  it('is caught when a run record is removed', () => {
    expect(check((f) => f.delete(run(3))).join('\n')).toMatch(/holds run 4 where run 3 belongs/)
  })

  it('is caught when a run record is edited', () => {
    expect(check((f) => f.set(run(5), Buffer.from(f.get(run(5))!.toString('utf8').replace(/"recordedAt": "[^"]+"/, '"recordedAt": "2026-08-01T00:00:00.000Z"')))).join('\n')).toMatch(/signature does not match|prev does not match/)
  })

  it('is caught when two run records swap places', () => {
    expect(check((f) => { const a = f.get(run(2))!; f.set(run(2), f.get(run(3))!); f.set(run(3), a) }).join('\n')).toMatch(/holds run 3 where run 2 belongs/)
  })

  it('is caught when the newest runs are cut off', () => {
    expect(check((f) => f.delete(run(8))).join('\n')).toMatch(/period\.json names head/)
  })

  it('is caught when results.json is not a result the period counts', () => {
    expect(check((f) => f.set('results.json', Buffer.from('{}'))).join('\n')).toMatch(/results\.json is not the results of any run/)
  })

  it('is caught when the records are left out', () => {
    expect(check((f) => { for (const k of [...f.keys()]) if (k.startsWith('history/')) f.delete(k) })).toEqual([expect.stringMatching(/without the run records/)])
  })
})

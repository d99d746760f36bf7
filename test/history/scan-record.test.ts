// `scan --record` against the local ARM emulator: the snapshot written is the one recorded, as a scan run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/core/json.js'
import { loadEstate, withEmulator } from '../collect/helpers.js'
import { fakeAzCli, runCli } from '../cli/run.js'

describe('scan --history DIR', () => {
  it('records the snapshot it wrote as a scan run', async () => {
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      const dir = mkdtempSync(join(tmpdir(), 'tp-hist-scan-'))
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const az = fakeAzCli()
      const env = { PATH: `${az.binDir}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' }
      const out = join(dir, 'snap.json')
      const r = await runCli(['scan', '--arm-endpoint', emu.url, '--out', out, '--history', join(dir, 'store')], env)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/Recorded run 1 in .*store \(unsigned/)
      const show = await runCli(['history', 'show', 'latest', '--history', join(dir, 'store'), '--json'])
      const run = JSON.parse(show.stdout)
      expect(run).toMatchObject({ seq: 1, kind: 'scan', resultsSha256: null, signed: false })
      expect(run.snapshotSha256).toBe(sha256Hex(readFileSync(out)))
    })
  })
})

import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SnapshotSchema } from '../../src/snapshot/schema.js'
import { loadEstate, withEmulator } from '../collect/helpers.js'
import { fakeAzCli, runCli } from './run.js'

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'tp-cli-'))
}

describe('trustpack scan as a process', () => {
  it('collects through DefaultAzureCredential → az CLI, trusting the CA from NODE_EXTRA_CA_CERTS', async () => {
    await withEmulator({ estate: loadEstate('mini'), pageSize: 2, faults: [{ path: '/providers/microsoft.web/sites', status: 429, retryAfter: 0, times: 1 }] }, async (emu) => {
      const dir = tmp()
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const az = fakeAzCli()
      const out = join(dir, 'snap.json')
      const r = await runCli(['scan', '--arm-endpoint', emu.url, '--out', out], {
        PATH: `${az.binDir}:${process.env.PATH}`,
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
      })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('microsoft.sql/servers/databases')
      const snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')))
      expect(snap.resources.length).toBeGreaterThan(10)
      expect(snap.errors).toEqual([])
      // The token was asked for the emulator, not management.azure.com.
      expect(readFileSync(az.argsFile, 'utf8')).toContain(`--resource ${emu.url}`)
      expect(emu.requests.every((q) => q.authorized)).toBe(true)
    })
  })

  it('exits 3 with a hint when no credential works', async () => {
    await withEmulator({ estate: loadEstate('mini') }, async (emu) => {
      const dir = tmp()
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const az = fakeAzCli({ fail: true })
      const out = join(dir, 'snap.json')
      const r = await runCli(['scan', '--arm-endpoint', emu.url, '--out', out], {
        PATH: `${az.binDir}:${process.env.PATH}`,
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
      })
      expect(r.code).toBe(3)
      expect(r.stderr.split('\n')[0]).toMatch(/^Error: cannot get a token for https:\/\/127\.0\.0\.1:\d+\/\.default/)
      expect(r.stderr).toContain('az login')
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(existsSync(out)).toBe(false)
      expect(emu.requests).toEqual([])
    })
  })

  it('exits 4 when reads fail, still writing the snapshot with the errors, and 0 with --allow-partial', async () => {
    await withEmulator({ estate: loadEstate('mini'), faults: [{ path: '/encryptionprotector/current', status: 403 }] }, async (emu) => {
      const dir = tmp()
      writeFileSync(join(dir, 'ca.pem'), emu.caPem)
      const az = fakeAzCli()
      const env = { PATH: `${az.binDir}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' }
      const out = join(dir, 'snap.json')
      const r = await runCli(['scan', '--arm-endpoint', emu.url, '--out', out], env)
      expect(r.code).toBe(4)
      expect(r.stderr).toMatch(/1 read\(s\) failed; first: .*sql1: GET encryptionProtector\/current .*403/)
      expect(SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8'))).errors).toHaveLength(1)
      const ok = await runCli(['scan', '--arm-endpoint', emu.url, '--out', out, '--allow-partial', '--json'], env)
      expect(ok.code).toBe(0)
      expect(JSON.parse(ok.stdout).errors).toHaveLength(1)
    })
  })

  it('exits 2 naming file and line for a bad config file', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'trustpack.yaml'), 'frameworks: [soc2]\nparameters:\n  minTlsVersion: "1.2"\nexceptions:\n  - check: sql-db-tde\n    resource: x\n    reason: r\n    owner: o\n    expires: not-a-date\n')
    const r = await runCli(['scan', '--out', join(dir, 's.json')], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(/trustpack\.yaml:9: invalid config \(exceptions\.0\.expires\): expected a date YYYY-MM-DD/)
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'frameworks: [soc2\nparameters: {}\n')
    const r2 = await runCli(['scan', '--config', broken], {}, dir)
    expect(r2.code).toBe(2)
    expect(r2.stderr).toMatch(/broken\.yaml:\d+: invalid YAML in config/)
  })

  it('exits 2 on a bad flag or endpoint', async () => {
    const r = await runCli(['scan', '--no-such-flag'])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: Nonexistent flag: --no-such-flag/)
    const r2 = await runCli(['scan', '--arm-endpoint', 'http://insecure.example'])
    expect(r2.code).toBe(2)
    expect(r2.stderr.split('\n')[0]).toBe('Error: --arm-endpoint: "http://insecure.example" is not an https:// URL')
  })

  it('exits 2 with one line and writes nothing when the endpoint cannot be reached', async () => {
    const dir = tmp()
    const az = fakeAzCli()
    const out = join(dir, 'snap.json')
    // A port nothing listens on: bind and close an emulator to get one.
    const url = await withEmulator({ estate: loadEstate('mini') }, async (emu) => emu.url)
    const r = await runCli(['scan', '--arm-endpoint', url, '--out', out], { PATH: `${az.binDir}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' })
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^Error: cannot reach ${url.replace(/\./g, '\\.')}: ECONNREFUSED`))
    expect(existsSync(out)).toBe(false)
  })

  it('prints the version', async () => {
    const r = await runCli(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^trustpack\/\d+\.\d+\.\d+/)
  })
})

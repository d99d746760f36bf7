// The history section of trustpack.yaml: validated with file and line; recording on when the section is present.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/core/config.js'
import { openHistoryStore, shouldRecord } from '../../src/app/history.js'
import { FolderStore } from '../../src/history/folder-store.js'

function config(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-hist-cfg-'))
  writeFileSync(join(dir, 'trustpack.yaml'), text)
  return join(dir, 'trustpack.yaml')
}

describe('history config', () => {
  it('a section turns recording on, record: false turns it off; the folder defaults next to the config', async () => {
    const on = loadConfig(config('history: {}\n'))
    expect(shouldRecord(on, {})).toBe(true)
    const store = await openHistoryStore(on)
    expect(store).toBeInstanceOf(FolderStore)
    expect(store!.location).toBe(join(on.file!, '..', '.trustpack', 'history'))
    expect(shouldRecord(loadConfig(config('history: { record: false }\n')), {})).toBe(false)
    expect(shouldRecord(loadConfig(config('frameworks: [soc2]\n')), {})).toBe(false)
    expect(shouldRecord(loadConfig(config('frameworks: [soc2]\n')), { record: true })).toBe(true)
  })

  it('a blob store without a container, or with the connection string itself, is refused with file and line', () => {
    const a = config('frameworks: [soc2]\nhistory:\n  store: blob\n  url: https://acct.blob.core.windows.net\n')
    expect(() => loadConfig(a)).toThrow(/trustpack\.yaml:\d+.*container/)
    const b = config('history:\n  store: blob\n  container: evidence\n  connectionStringEnv: "DefaultEndpointsProtocol=https;AccountKey=abc"\n')
    expect(() => loadConfig(b)).toThrow(/an environment variable name/)
  })
})

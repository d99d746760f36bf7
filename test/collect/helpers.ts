// Test helpers: an emulator with an estate, and a scan against it with an explicit
// credential (never DefaultAzureCredential, so nothing reaches 169.254.169.254).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js'
import { runScan, type ScanOptions, type ScanResult } from '../../src/app/scan.js'
import { staticTokenCredential, type TokenCredential } from '../../src/collect/credentials.js'
import type { Estate } from '../../src/emulator/estate.js'
import { projectRoot } from '../../src/core/version.js'

export function loadEstate(name: string): Estate {
  return JSON.parse(readFileSync(join(projectRoot(), 'test/fixtures/estates', `${name}.json`), 'utf8')) as Estate
}

export async function withEmulator<T>(options: EmulatorOptions, fn: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator(options)
  try {
    return await fn(emu)
  } finally {
    await emu.close()
  }
}

/** A static credential that remembers every scope it was asked for. */
export function recordingCredential(token = 'test-token'): TokenCredential & { scopes: string[] } {
  const inner = staticTokenCredential(token)
  const scopes: string[] = []
  return {
    scopes,
    getToken: (s, o) => {
      scopes.push(...(Array.isArray(s) ? s : [s]))
      return inner.getToken(s, o)
    },
  }
}

/**
 * Scans the emulator in-process; fast retries so fault tests stay quick. Per-subscription lists on ARM unless
 * `inventory` says otherwise: these tests are about ARM's lists and paging (resource-graph.test.ts covers the
 * Resource Graph inventory, and that both give the same snapshot).
 */
export function scanEmulator(emu: RunningEmulator, extra: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return runScan({
    armEndpoint: emu.url,
    credential: recordingCredential(),
    caPem: emu.caPem,
    backoffMs: 5,
    timeoutMs: 5_000,
    allowPartial: true,
    inventory: 'arm',
    ...extra,
  })
}

// Real-world shapes vary: properties missing, null, of another type. The engine must judge them (fail or
// error), never throw, and never pass a check whose data was replaced by nonsense.
import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../src/snapshot/schema.js'
import { passingSnapshot, runAll } from './helpers.js'

const passing = await passingSnapshot()

const ODD_VALUES: unknown[] = [null, [], {}, 'x', 123, true, [null], { properties: null }]

/** Deterministic pseudo-random numbers (a fixed seed keeps the test reproducible). */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

function leafPaths(o: unknown, prefix: string[] = []): string[][] {
  if (typeof o !== 'object' || o === null) return [prefix]
  const entries = Array.isArray(o) ? o.map((v, i) => [String(i), v] as const) : Object.entries(o)
  if (entries.length === 0) return [prefix]
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))]
}

function setPath(o: Record<string, unknown>, path: string[], value: unknown): void {
  let cur: Record<string, unknown> = o
  for (const k of path.slice(0, -1)) {
    const next = cur[k]
    if (typeof next !== 'object' || next === null) return
    cur = next as Record<string, unknown>
  }
  const last = path[path.length - 1]
  if (last !== undefined) cur[last] = value
}

describe('engine robustness', () => {
  it('never throws on odd property shapes', () => {
    const random = rng(42)
    for (let round = 0; round < 60; round++) {
      const s: Snapshot = structuredClone(passing)
      for (const r of s.resources) {
        const paths = leafPaths(r.properties).filter((p) => p.length > 0)
        for (let k = 0; k < 3 && paths.length; k++) {
          const p = paths[Math.floor(random() * paths.length)]!
          setPath(r.properties, p, structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]))
        }
      }
      expect(() => runAll(s)).not.toThrow()
    }
  })

  it('does not pass a check whose property became null, an object or a list', () => {
    const cases: [string, string, string[]][] = [
      ['sql-server-min-tls', 'microsoft.sql/servers', ['minimalTlsVersion']],
      ['storage-https-only', 'microsoft.storage/storageaccounts', ['supportsHttpsTrafficOnly']],
      ['log-retention', 'microsoft.operationalinsights/workspaces', ['retentionInDays']],
      ['servicebus-local-auth-disabled', 'microsoft.servicebus/namespaces', ['disableLocalAuth']],
      ['keyvault-key-rotation', 'microsoft.keyvault/vaults/keys', ['rotationPolicy']],
    ]
    for (const [check, type, path] of cases) {
      for (const odd of [null, {}, [], 'x']) {
        const s = structuredClone(passing)
        const target = s.resources.find((r) => r.type === type)!
        setPath(target.properties, path, odd)
        const statuses = runAll(s).filter((f) => f.checkId === check && f.resourceId === target.id).map((f) => f.status)
        expect(statuses, `${check} with ${JSON.stringify(odd)}`).not.toContain('pass')
      }
    }
  })
})

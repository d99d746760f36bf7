// Use case: collect a snapshot (from Azure or an emulator), write it atomically,
// and fail with exit 4 when reads failed unless partial collection is allowed.
import { collect, PUBLIC_ARM_ENDPOINT, PUBLIC_LOGS_ENDPOINT } from '../collect/index.js'
import { defaultCredential, type TokenCredential } from '../collect/credentials.js'
import { InputError, PartialCollectionError } from '../core/errors.js'
import { sha256Hex } from '../core/json.js'
import { writeFileAtomic } from '../core/fs.js'
import { toolVersion } from '../core/version.js'
import type { Snapshot } from '../snapshot/schema.js'
import type { TransportStats } from '../collect/pipeline.js'
import type { InventoryMode } from '../collect/graph.js'
import { collectShard, type ShardSpec } from './shard.js'

/** ARM allows about 25 reads/s per subscription after a burst of 250: 12 in flight stays near that. */
export const DEFAULT_CONCURRENCY = 12

export interface ScanOptions {
  subscriptions?: string[]
  armEndpoint?: string
  logsEndpoint?: string
  tenantId?: string
  concurrency?: number
  allowPartial?: boolean
  /** Scan only shard K of N of the subscriptions (docs/shards.md). */
  shard?: ShardSpec
  /** Explicit credential (tests, demo); default DefaultAzureCredential. */
  credential?: TokenCredential
  caPem?: string
  timeoutMs?: number
  maxRetries?: number
  backoffMs?: number
  /** The longest one Retry-After is honoured (ms, default 60 s). */
  maxRetryAfterMs?: number
  /** Pages one list may take (default 1000). */
  maxPagesPerList?: number
  /** Where subscription-level populations come from (default auto: Resource Graph when it answers). */
  inventory?: InventoryMode
  /** Where to write the snapshot; written before a partial-collection error is raised. */
  out?: string
  now?: () => Date
  onProgress?: (message: string) => void
  /** Told of what must reach the user even off a terminal (waiting on a Retry-After). */
  onNotice?: (message: string) => void
}

export interface ScanResult {
  snapshot: Snapshot
  sha256: string
  out: string | null
  stats: TransportStats
}

function endpoint(value: string | undefined, env: string | undefined, fallback: string, flag: string): string {
  const v = value ?? env ?? fallback
  try {
    const u = new URL(v)
    if (u.protocol !== 'https:') throw new Error('not https')
    return u.origin + u.pathname.replace(/\/+$/, '')
  } catch {
    throw new InputError(`${flag}: "${v}" is not an https:// URL`)
  }
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const armEndpoint = endpoint(options.armEndpoint, process.env.TRUSTPACK_ARM_ENDPOINT, PUBLIC_ARM_ENDPOINT, '--arm-endpoint')
  const logsEndpoint = endpoint(options.logsEndpoint, process.env.TRUSTPACK_LOGS_ENDPOINT, armEndpoint === PUBLIC_ARM_ENDPOINT ? PUBLIC_LOGS_ENDPOINT : armEndpoint, '--logs-endpoint')
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new InputError(`--concurrency: expected a whole number from 1 to 256, got ${concurrency}`)
  const now = options.now ?? (() => new Date())
  // One credential for both collections of a shard (its token cache is shared).
  const credential = options.credential ?? defaultCredential(options.tenantId ?? process.env.AZURE_TENANT_ID)
  const collectWith = (subscriptions: string[] | undefined, listOnly = false): ReturnType<typeof collect> => collect({
    credential,
    armEndpoint,
    logsEndpoint,
    ...(subscriptions?.length ? { subscriptions } : {}),
    ...(listOnly ? { plans: [] } : {}),
    concurrency,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
    ...(options.maxPagesPerList !== undefined ? { maxPagesPerList: options.maxPagesPerList } : {}),
    ...(options.inventory ? { inventory: options.inventory } : {}),
    ...(options.caPem ? { caPem: options.caPem } : {}),
    now,
    toolVersion: toolVersion(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  })
  const { snapshot, stats } = options.shard
    ? await collectShard(options.shard, options.subscriptions, collectWith, { armEndpoint, logsEndpoint, toolVersion: toolVersion(), now })
    : await collectWith(options.subscriptions)
  const text = JSON.stringify(snapshot, null, 2) + '\n'
  if (options.out) writeFileAtomic(options.out, text)
  const result: ScanResult = { snapshot, sha256: sha256Hex(text), out: options.out ?? null, stats }
  if (snapshot.errors.length > 0 && !options.allowPartial) {
    const first = snapshot.errors[0]!
    throw new PartialCollectionError(
      `${snapshot.errors.length} read(s) failed; first: ${first.scope}: ${first.operation}: ${first.status ?? 'no response'} ${first.code ?? ''} ${first.message}`.replace(/\s+/g, ' ') +
        (options.out ? ` (snapshot with the errors recorded written to ${options.out})` : ''),
      'fix access (the Reader role is enough) or pass --allow-partial to accept an incomplete snapshot',
    )
  }
  return result
}

/** Counts per resource type, for the terminal summary. */
export function summarizeSnapshot(snapshot: Snapshot): string {
  const counts = new Map<string, number>()
  for (const r of snapshot.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1)
  const width = Math.max(...[...counts.keys()].map((k) => k.length), 10)
  const lines = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `  ${t.padEnd(width)}  ${String(n).padStart(5)}`)
  const errs = snapshot.errors.map((e) => `  ! ${e.scope} ${e.operation}: ${e.status ?? '-'} ${e.code ?? ''} ${e.message}`.replace(/\s+$/, ''))
  return [
    `Collected ${snapshot.resources.length} resources from ${snapshot.subscriptions.length} subscription(s) in ${snapshot.calls.length} calls:`,
    ...lines,
    snapshot.errors.length ? `${snapshot.errors.length} read(s) failed:` : 'No failed reads.',
    ...errs,
  ].join('\n')
}

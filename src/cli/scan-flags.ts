// Flags shared by the commands that collect (scan, check, demo).
import { Flags } from '@oclif/core'
import type { Config } from '../core/config.js'
import type { ScanOptions } from '../app/scan.js'
import { parseShard } from '../app/shard.js'
import type { InventoryMode } from '../collect/graph.js'

export const collectionFlags = {
  'arm-endpoint': Flags.string({ description: 'Resource Manager endpoint (default public cloud)', env: 'TRUSTPACK_ARM_ENDPOINT' }),
  'logs-endpoint': Flags.string({ description: 'Log Analytics query endpoint (default https://api.loganalytics.io)', env: 'TRUSTPACK_LOGS_ENDPOINT' }),
  tenant: Flags.string({ description: 'tenant for the credential', env: 'AZURE_TENANT_ID' }),
  concurrency: Flags.integer({ description: 'parallel requests (default 12, sized to ARM read limits)', min: 1, max: 256 }),
  subscription: Flags.string({ char: 's', description: 'subscription to scan (repeatable; default every subscription the credential sees)', multiple: true }),
  'allow-partial': Flags.boolean({ description: 'accept a snapshot with failed reads (exit 0 instead of 4)' }),
  'max-wait': Flags.integer({ description: 'longest pause honoured for one Retry-After, in seconds (default 60); a longer one fails that read as throttled', min: 0, max: 3600 }),
  inventory: Flags.string({
    description: 'where the resource lists come from: auto (Resource Graph when it answers, else per-subscription lists), resource-graph (required), arm (per-subscription lists only)',
    options: ['auto', 'resource-graph', 'arm'],
    env: 'TRUSTPACK_INVENTORY',
  }),
}

/** `scan` only: a shard of a scan is not something to gate or baseline on (merge the shards first). */
export const shardFlags = {
  shard: Flags.string({ description: 'scan only shard K of N of the subscriptions (K/N, e.g. 2/4) in a CI matrix; then `trustpack merge` the N snapshots' }),
}

interface CollectionFlagValues {
  'arm-endpoint'?: string | undefined
  'logs-endpoint'?: string | undefined
  tenant?: string | undefined
  concurrency?: number | undefined
  subscription?: string[] | undefined
  'allow-partial': boolean
  'max-wait'?: number | undefined
  inventory?: string | undefined
  shard?: string | undefined
}

/**
 * ScanOptions from the collection flags; -s wins over the config file's subscriptions. `onProgress` is for a
 * terminal only; `onNotice` must always reach the user (a long wait for ARM's Retry-After).
 */
export function scanOptionsFromFlags(flags: CollectionFlagValues, config: Config, onProgress: (message: string) => void, onNotice: (message: string) => void = onProgress): ScanOptions {
  const subscriptions = flags.subscription ?? config.subscriptions
  return {
    ...(subscriptions ? { subscriptions } : {}),
    ...(flags['arm-endpoint'] ? { armEndpoint: flags['arm-endpoint'] } : {}),
    ...(flags['logs-endpoint'] ? { logsEndpoint: flags['logs-endpoint'] } : {}),
    ...(flags.tenant ? { tenantId: flags.tenant } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    allowPartial: flags['allow-partial'],
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    ...(flags['max-wait'] !== undefined ? { maxRetryAfterMs: flags['max-wait'] * 1000 } : {}),
    ...(flags.inventory !== undefined ? { inventory: flags.inventory as InventoryMode } : {}),
    onProgress,
    onNotice,
  }
}

// Collection: the one entry point that turns live Azure (or an emulator) into a snapshot.
// Only src/collect imports @azure/*. Every request goes through the read-only guard and
// the shared transport policy; every failed read becomes an error entry.
import type { TokenCredential } from '@azure/core-auth'
import { createDefaultHttpClient } from '@azure/core-rest-pipeline'
import { SubscriptionClient } from '@azure/arm-resources-subscriptions'
import { AuthError, InputError } from '../core/errors.js'
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type Subscription } from '../snapshot/schema.js'
import { getRaw, listRaw, ScanRecorder, type ArmClientOptions, type DerivedContext, type RawItem } from './context.js'
import type { TransportStats } from './pipeline.js'
import { createRawReader } from './raw.js'
import { graphTypes, runPlans, type Inventory } from './runner.js'
import { readGraphInventory, type InventoryMode } from './graph.js'
import { requirePlans, type Plan } from '../services/plan.js'

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com'
export const PUBLIC_LOGS_ENDPOINT = 'https://api.loganalytics.io'

export interface CollectOptions {
  credential: TokenCredential
  armEndpoint: string
  logsEndpoint: string
  /** Narrow to these subscriptions; default every subscription the credential sees. */
  subscriptions?: string[]
  concurrency: number
  maxRetries?: number
  backoffMs?: number
  timeoutMs?: number
  /** The longest one Retry-After is honoured (ms, default 60 s); longer makes the read fail as throttled. */
  maxRetryAfterMs?: number
  /** Pages one list may take (default 1000) before it is stopped and recorded as cut short. */
  maxPagesPerList?: number
  /** Extra CA to trust in-process (the demo's emulator); NODE_EXTRA_CA_CERTS works too. */
  caPem?: string
  now: () => Date
  toolVersion: string
  onProgress?: (message: string) => void
  /** Told of what must reach the user even off a terminal (a pause for ARM's Retry-After). */
  onNotice?: (message: string) => void
  /** The read plans to run (default: every service's plan.yaml). */
  plans?: Plan[]
  /** Where subscription-level populations come from (default auto: Resource Graph when it answers). */
  inventory?: InventoryMode
}

export interface CollectOutcome {
  snapshot: Snapshot
  stats: TransportStats
}

function origin(url: string): string {
  return new URL(url).origin
}

export async function collect(options: CollectOptions): Promise<CollectOutcome> {
  const arm = options.armEndpoint.replace(/\/+$/, '')
  const logs = options.logsEndpoint.replace(/\/+$/, '')
  const startedAt = options.now()
  const recorder = new ScanRecorder({
    concurrency: options.concurrency,
    maxRetries: options.maxRetries ?? 4,
    backoffMs: options.backoffMs ?? 500,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    maxPagesPerList: options.maxPagesPerList ?? 1000,
    now: options.now,
    ...(options.onNotice
      ? {
          onWait: (ms: number, reason: string) => options.onNotice?.(`waiting ${Math.ceil(ms / 1000)} s, as Azure Resource Manager asked: ${reason}`),
          onGiveUp: (message: string) => options.onNotice?.(message),
        }
      : {}),
    guard: { allowedOrigins: [origin(arm), origin(logs)], logsOrigin: origin(logs), armOrigin: origin(arm) },
  })
  // The token scope follows the endpoint, so sovereign clouds and emulators both work.
  const armScope = `${arm}/.default`
  const armOptions: ArmClientOptions = {
    endpoint: arm,
    credentialScopes: [armScope],
    credentials: { scopes: [armScope] },
    retryOptions: { maxRetries: 0 },
    redirectOptions: { maxRetries: 0 },
    additionalPolicies: [
      { policy: recorder.guardPolicy, position: 'perCall' },
      { policy: recorder.transportPolicy, position: 'perRetry' },
    ],
    ...(options.caPem ? { tlsOptions: { ca: options.caPem } } : {}),
    userAgentOptions: { userAgentPrefix: `trustpack/${options.toolVersion}` },
    // Each SDK client would otherwise keep its own connection pool: hundreds of TLS handshakes on a large tenant.
    httpClient: createDefaultHttpClient(),
  }

  await ensureToken(options.credential, armScope)
  recorder.rawReader = createRawReader(recorder, options.credential, armOptions)

  const plans = options.plans ?? requirePlans()
  const subscriptions = await resolveSubscriptions(recorder, options, armOptions)
  options.onProgress?.(`collecting ${subscriptions.length} subscription(s)`)

  // Long scans say how far they are (the command shows it only on a terminal).
  const ticker = options.onProgress
    ? setInterval(() => options.onProgress?.(`… ${recorder.stats.attempts} requests, ${recorder.resourceCount} resources, ${recorder.errors.length} failed reads`), 5_000)
    : null
  ticker?.unref()
  try {
    const inventory = await takeInventory(recorder, options, plans, subscriptions.map((s) => s.subscriptionId))
    await Promise.all(subscriptions.map((sub) => runPlans(plans, { recorder, credential: options.credential, armOptions, subscriptionId: sub.subscriptionId, ...(inventory ? { inventory } : {}) })))
    const derivedCtx: DerivedContext = { recorder, credential: options.credential, armOptions, logsEndpoint: logs }
    for (const plan of plans) {
      for (const d of plan.derived) {
        const mod = (await import(new URL(`../services/${plan.service}/${d.module}.js`, import.meta.url).href)) as Record<string, (ctx: DerivedContext) => Promise<void>>
        await mod[d.export]!(derivedCtx)
      }
    }
  } finally {
    if (ticker) clearInterval(ticker)
  }

  if (recorder.redactor.redactions.length) {
    recorder.note(`${recorder.redactor.redactions.length} secret-looking value(s) in what the services answered were replaced at collection ("redaction" lists where, and a salted SHA-256 of each; the values are not kept).`)
  }
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'trustpack', version: options.toolVersion },
    startedAt: startedAt.toISOString(),
    finishedAt: options.now().toISOString(),
    endpoints: { arm, logs },
    subscriptions: subscriptions.sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    resources: recorder.sortedResources(),
    errors: recorder.errors.sort((a, b) => a.scope.localeCompare(b.scope) || a.resourceType.localeCompare(b.resourceType)),
    calls: recorder.calls,
    lists: recorder.lists.sort((a, b) => a.scope.localeCompare(b.scope) || a.resourceType.localeCompare(b.resourceType)),
    notes: recorder.notes,
    ...(recorder.redactor.redactions.length
      ? { redaction: { salt: recorder.redactor.salt, items: recorder.redactor.redactions.sort((a, b) => a.resourceId.localeCompare(b.resourceId) || a.path.localeCompare(b.path)) } }
      : {}),
  }
  return { snapshot, stats: { ...recorder.stats } }
}

/**
 * The tenant-wide inventory from Resource Graph, unless `--inventory arm`. Under `auto` a refusal or any
 * shortfall is a note and every list is read on ARM; under `resource-graph` a 401/403 stops the scan (exit 3)
 * and any other failure makes each population it was to give a failed read.
 */
async function takeInventory(recorder: ScanRecorder, options: CollectOptions, plans: readonly Plan[], subscriptions: string[]): Promise<Inventory | undefined> {
  const mode = options.inventory ?? 'auto'
  const types = graphTypes(plans)
  if (mode === 'arm' || types.length === 0 || subscriptions.length === 0) return undefined
  options.onProgress?.(`taking the inventory of ${types.length} type(s) in ${subscriptions.length} subscription(s) from Resource Graph`)
  const outcome = await readGraphInventory({ recorder, credential: options.credential, armEndpoint: options.armEndpoint.replace(/\/+$/, '') }, subscriptions, types)
  if (outcome.ok) {
    recorder.note(`The populations of ${types.length} resource type(s) were taken from Azure Resource Graph (${RESOURCE_GRAPH_QUERY_NOTE}); child settings were read on Resource Manager, and each subscription's Resource Graph rows were held against its resource list.`)
    return { kind: 'graph', inventory: outcome.inventory }
  }
  if (mode === 'auto') {
    recorder.note(`Azure Resource Graph was not used for the inventory (${outcome.reason}); every subscription's service lists were read on Resource Manager instead.`)
    return undefined
  }
  if (outcome.status === 401 || outcome.status === 403) {
    throw new AuthError(
      `Resource Graph refused the inventory query (--inventory resource-graph): ${outcome.reason}`,
      'give the identity read access to Resource Graph (Reader on the subscriptions is enough), or scan with --inventory auto or arm',
    )
  }
  return { kind: 'graph-failed', status: outcome.status, code: outcome.code, reason: outcome.reason }
}

const RESOURCE_GRAPH_QUERY_NOTE = '`Resources | where type in~ (...)`, 1,000 rows a page'

async function ensureToken(credential: TokenCredential, scope: string): Promise<void> {
  try {
    const token = await credential.getToken(scope)
    if (!token) throw new Error('the credential returned no token')
  } catch (err) {
    // The whole cause: a credential chain says why each credential failed (az not installed, no login…).
    const detail = String((err as Error).message ?? err).trim()
    throw new AuthError(
      `cannot get a token for ${scope}: ${detail}`,
      'run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE) for a service principal; AZURE_TOKEN_CREDENTIALS narrows the chain',
    )
  }
}

/** The subscription as a resource, so subscription-level settings (Defender plans) hang off it as children. */
function addSubscriptionResource(recorder: ScanRecorder, item: RawItem, sub: Subscription): void {
  const b = item.body as Record<string, unknown>
  recorder.addResource(
    {
      id: `/subscriptions/${sub.subscriptionId}`,
      name: sub.subscriptionId,
      type: 'Microsoft.Resources/subscriptions',
      properties: { displayName: b.displayName, state: b.state, tenantId: b.tenantId, subscriptionPolicies: b.subscriptionPolicies },
    },
    item.callId,
    sub.subscriptionId,
  )
}

function toSubscription(item: RawItem): Subscription {
  const b = item.body as Record<string, unknown>
  return {
    subscriptionId: String(b.subscriptionId ?? String(b.id ?? '').split('/')[2]),
    displayName: typeof b.displayName === 'string' ? b.displayName : null,
    tenantId: typeof b.tenantId === 'string' ? b.tenantId : null,
    state: typeof b.state === 'string' ? b.state : null,
  }
}

async function resolveSubscriptions(recorder: ScanRecorder, options: CollectOptions, armOptions: ArmClientOptions): Promise<Subscription[]> {
  const client = new SubscriptionClient(options.credential, armOptions)
  if (options.subscriptions && options.subscriptions.length > 0) {
    const found = await Promise.all(
      options.subscriptions.map((id) =>
        getRaw(recorder, { scope: `/subscriptions/${id}`, resourceType: 'microsoft.resources/subscriptions', operation: 'GET /subscriptions/{id} (Subscriptions.get)' }, (o) =>
          client.subscriptions.get(id, o),
        ),
      ),
    )
    throwIfNothingReadable(recorder, found.every((f) => f === null), options.armEndpoint)
    const read = found.filter((f): f is RawItem => f !== null)
    return read.map((item) => {
      const sub = toSubscription(item)
      addSubscriptionResource(recorder, item, sub)
      return sub
    })
  }
  const all = await listRaw(recorder, { scope: '/subscriptions', resourceType: 'microsoft.resources/subscriptions', operation: 'GET /subscriptions (Subscriptions.list)' }, (o) =>
    client.subscriptions.list(o),
  )
  // Which subscriptions exist decides everything else: a list cut short is not a scan of "all".
  throwIfNothingReadable(recorder, !all.complete, options.armEndpoint)
  const usable: Subscription[] = []
  for (const item of all.items) {
    const sub = toSubscription(item)
    if (sub.state !== null && sub.state !== 'Enabled' && sub.state !== 'Warned' && sub.state !== 'PastDue') continue
    usable.push(sub)
    addSubscriptionResource(recorder, item, sub)
  }
  if (usable.length === 0) {
    throw new AuthError(
      `the credential sees no enabled subscription at ${options.armEndpoint} (${all.items.length} listed)`,
      'give the identity the Reader role on the subscriptions to scan, or name them with -s; check `az account show`',
    )
  }
  return usable
}

/**
 * When not even the subscriptions can be read, nothing else will be: 401/403 is an auth
 * failure (exit 3); no HTTP answer at all means the endpoint is unreachable (exit 2).
 */
function throwIfNothingReadable(recorder: ScanRecorder, nothingRead: boolean, endpoint: string): void {
  if (!nothingRead) return
  const unreachable = recorder.errors.find((x) => x.status === null && x.code !== 'ReadOnlyViolation')
  if (unreachable) {
    throw new InputError(
      `cannot reach ${endpoint}: ${unreachable.code ?? ''} ${unreachable.message}`.replace(/\s+/g, ' ').trim(),
      'check --arm-endpoint (or TRUSTPACK_ARM_ENDPOINT), the network, and that NODE_EXTRA_CA_CERTS names the CA of a private endpoint',
    )
  }
  const e = recorder.errors.find((x) => x.status === 401 || x.status === 403)
  if (e) {
    throw new AuthError(
      `${e.operation}: ${e.status} ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '),
      'the identity needs the Reader role on the subscriptions to scan; check `az account show` or the service principal variables',
    )
  }
  const other = recorder.errors.find((x) => x.resourceType === 'microsoft.resources/subscriptions')
  throw new InputError(
    `cannot read the subscriptions from ${endpoint}: ${other ? `${other.operation}: ${other.status ?? 'no response'} ${other.code ?? ''} ${other.message}` : 'no answer'}`.replace(/\s+/g, ' ').trim(),
    'check --arm-endpoint (a proxy or sign-in page answering in place of Azure Resource Manager shows up here)',
  )
}

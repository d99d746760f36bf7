// A model-free reader on the same guarded, throttled, recorded pipeline as the SDK clients.
// Used only when an SDK client's model layer cannot read a 2xx body (some generated
// deserializers throw on a missing property): the wire body is still the evidence, so
// trustpack keeps it, follows the remaining nextLinks itself, and notes that it did.
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type Pipeline,
} from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/core-auth'
import type { ArmClientOptions, ScanRecorder, WireBody } from './context.js'

export interface RawReader {
  get(url: string): Promise<{ body: unknown; callId: string }>
}

export function createRawReader(recorder: ScanRecorder, credential: TokenCredential, arm: ArmClientOptions): RawReader {
  const pipeline: Pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: 0 },
    userAgentOptions: arm.userAgentOptions,
    ...(arm.tlsOptions ? { tlsOptions: arm.tlsOptions } : {}),
  })
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: arm.credentialScopes }))
  pipeline.addPolicy(recorder.guardPolicy)
  pipeline.addPolicy(recorder.transportPolicy, { afterPhase: 'Retry' })
  const client = createDefaultHttpClient()
  return {
    async get(url) {
      const request = createPipelineRequest({ url, method: 'GET' })
      const response = await pipeline.sendRequest(client, request)
      const callId = recorder.callIdOf(request) ?? 'unknown'
      if (response.status >= 300) {
        throw new RestError(`GET ${url} answered ${response.status}`, { statusCode: response.status, request, response })
      }
      return { body: response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : null, callId }
    },
  }
}

/** Follows nextLink pages from `next` onward, returning their raw items. */
export async function readRemainingPages(reader: RawReader, next: string | undefined): Promise<{ body: WireBody; callId: string }[]> {
  const items: { body: WireBody; callId: string }[] = []
  let link = next
  for (let guard = 0; link && guard < 10_000; guard++) {
    const page = await reader.get(link)
    const body = page.body as { value?: unknown[]; nextLink?: string | null } | null
    for (const v of body?.value ?? []) if (v && typeof v === 'object') items.push({ body: v as WireBody, callId: page.callId })
    link = body?.nextLink ?? undefined
  }
  return items
}

// A model-free reader on the same guarded, throttled, recorded pipeline as the SDK clients.
// `send` carries the Resource Graph client's requests (graph.ts). `get` is used only when an SDK
// client's model layer cannot read a 2xx body (some generated deserializers throw on a missing
// property): the wire body is still the evidence, so trustpack keeps it, follows the remaining
// nextLinks itself, and notes that it did.
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type Pipeline,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/core-auth'
import type { ArmClientOptions, ScanRecorder } from './context.js'

export interface RawReader {
  /** GETs a URL on the scan's pipeline; the transport records the body against the current read. */
  get(url: string): Promise<void>
  /** Sends a request as built by a caller (the Resource Graph client's bridge) on the same pipeline. */
  send(request: PipelineRequest): Promise<PipelineResponse>
}

export function createRawReader(recorder: ScanRecorder, credential: TokenCredential, arm: ArmClientOptions): RawReader {
  const pipeline: Pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: 0 },
    redirectOptions: { maxRetries: 0 },
    userAgentOptions: arm.userAgentOptions,
    ...(arm.tlsOptions ? { tlsOptions: arm.tlsOptions } : {}),
  })
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: arm.credentialScopes }))
  pipeline.addPolicy(recorder.guardPolicy)
  pipeline.addPolicy(recorder.transportPolicy, { afterPhase: 'Retry' })
  const client = arm.httpClient ?? createDefaultHttpClient()
  return {
    send: (request) => pipeline.sendRequest(client, request),
    async get(url) {
      const request = createPipelineRequest({ url, method: 'GET' })
      const response = await pipeline.sendRequest(client, request)
      if (response.status >= 300) {
        throw new RestError(`GET ${url} answered ${response.status}`, { statusCode: response.status, request, response })
      }
    },
  }
}

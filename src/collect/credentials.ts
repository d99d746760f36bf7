// Credentials: DefaultAzureCredential for real use (az login, service principal,
// workload identity, managed identity; AZURE_TOKEN_CREDENTIALS narrows the chain),
// and an explicit static credential for the bundled emulator, which never needs Azure.
import { DefaultAzureCredential } from '@azure/identity'
import type { AccessToken, TokenCredential } from '@azure/core-auth'

export type { TokenCredential }

export function defaultCredential(tenantId?: string): TokenCredential {
  return new DefaultAzureCredential(tenantId ? { tenantId } : {})
}

/** A fixed bearer token: the emulator accepts it; nothing else is contacted. */
export function staticTokenCredential(token: string, lifetimeMs = 60 * 60 * 1000): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + lifetimeMs }),
  }
}

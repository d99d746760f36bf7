// The evidence store on Azure Blob Storage: one blob per entry under `<prefix>/` in a container. Every upload
// carries If-None-Match: * so the service refuses (409/412) to replace an existing blob; that refusal
// becomes EntryExistsError. Loaded with `await import()` only when the config names a blob store, so
// commands that never record do not load @azure/storage-blob. The container should also carry an
// immutability policy (docs/history.md), so not even an account key holder can delete or replace a run.
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob'
import type { TokenCredential } from '../collect/credentials.js'
import { InputError } from '../core/errors.js'
import { byPath } from '../report/pack/manifest.js'
import { checkEntryName, EntryExistsError, type HistoryStore } from './store.js'

export interface BlobStoreOptions {
  container: string
  prefix?: string
  /** https://ACCOUNT.blob.core.windows.net with a token credential (DefaultAzureCredential in real use) */
  url?: string
  credential?: TokenCredential
  /** a connection string instead (Azurite's well-known development account in tests) */
  connectionString?: string
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode
}

export class BlobStore implements HistoryStore {
  readonly location: string
  private readonly container: ContainerClient
  private readonly prefix: string
  private ensured = false

  constructor(opts: BlobStoreOptions) {
    const pipeline: StoragePipelineOptions = { retryOptions: { maxTries: 3 } }
    let service: BlobServiceClient
    if (opts.connectionString) service = BlobServiceClient.fromConnectionString(opts.connectionString, pipeline)
    else if (opts.url && opts.credential) service = new BlobServiceClient(opts.url, opts.credential, pipeline)
    else throw new InputError('history: a blob store needs `url` (with Azure credentials) or `connectionStringEnv`')
    this.container = service.getContainerClient(opts.container)
    this.prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '')
    // Never the query: a connection string with a SAS puts the token there, and the location is printed.
    const url = new URL(this.container.url)
    this.location = `${url.origin}${url.pathname.replace(/\/+$/, '')}${this.prefix ? `/${this.prefix}` : ''}`
  }

  private blobName(name: string): string {
    return this.prefix ? `${this.prefix}/${name}` : name
  }

  private fail(err: unknown, what: string): Error {
    const status = statusOf(err)
    const code = (err as { code?: string }).code
    return new InputError(`${this.location}: cannot ${what} (${status ?? 'no response'}${code ? ` ${code}` : ''}: ${(err as Error).message.split('\n')[0]})`)
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    checkEntryName(name)
    if (!this.ensured) {
      try {
        await this.container.createIfNotExists()
      } catch (err) {
        // Without the right to create containers the container must exist already; the upload says if not.
        if (statusOf(err) !== 403) throw this.fail(err, 'create the container')
      }
      this.ensured = true
    }
    try {
      await this.container.getBlockBlobClient(this.blobName(name)).upload(bytes, bytes.length, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      })
    } catch (err) {
      const status = statusOf(err)
      if (status === 409 || status === 412) throw new EntryExistsError(name, this.location)
      throw this.fail(err, `write ${name}`)
    }
  }

  async get(name: string): Promise<Buffer | null> {
    checkEntryName(name)
    try {
      return await this.container.getBlockBlobClient(this.blobName(name)).downloadToBuffer()
    } catch (err) {
      if (statusOf(err) === 404) return null
      throw this.fail(err, `read ${name}`)
    }
  }

  async list(prefix: string): Promise<string[]> {
    const names: string[] = []
    const base = this.prefix ? `${this.prefix}/` : ''
    try {
      for await (const b of this.container.listBlobsFlat({ prefix: base + prefix })) names.push(b.name.slice(base.length))
    } catch (err) {
      if (statusOf(err) === 404) throw new InputError(`${this.location}: no evidence store here (container not found)`, 'check history.container; the container is created by the first recorded run')
      throw this.fail(err, 'list entries')
    }
    return names.sort(byPath)
  }
}

// The evidence store's one storage interface: named immutable entries. Two backends implement it, a local
// folder (folder-store.ts) and Azure Blob Storage (blob-store.ts, loaded only when configured). Neither
// ever replaces an entry: a second put of the same name fails with EntryExistsError.
import { AppError, ExitCode } from '../core/errors.js'

export interface HistoryStore {
  /** Where the store is, as the user configured it (a folder, or a container URL plus prefix). */
  readonly location: string
  /** Writes a new entry; fails with EntryExistsError when the name is taken. Never overwrites. */
  put(name: string, bytes: Buffer): Promise<void>
  /** The entry's bytes, or null when there is none by that name. */
  get(name: string): Promise<Buffer | null>
  /** Every entry name starting with `prefix` (e.g. "runs/"), in byte order. */
  list(prefix: string): Promise<string[]>
}

/** An entry by this name exists already: the store is append-only, so nothing was written. */
export class EntryExistsError extends AppError {
  constructor(readonly entry: string, location: string) {
    super(`${location}: entry ${entry} exists already; the evidence store never overwrites an entry`, ExitCode.input)
  }
}

/** Entry names are store-relative paths of safe segments; nothing may climb out of the store. */
export function checkEntryName(name: string): void {
  if (!/^[a-z]+\/[A-Za-z0-9._-]+$/.test(name) || name.includes('..')) throw new Error(`internal: bad evidence store entry name ${name}`)
}

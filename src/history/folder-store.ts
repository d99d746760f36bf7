// The evidence store on a local folder. A new entry is written to a temporary file (flushed to disk), then
// given its final name with a hard link: link(2) fails if the name exists, so an entry is never replaced
// and a reader never sees half an entry. A rename would silently replace an existing entry.
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import { releaseTemp, tempPathFor, writeError } from '../core/fs.js'
import { byPath } from '../report/pack/manifest.js'
import { checkEntryName, EntryExistsError, type HistoryStore } from './store.js'

export class FolderStore implements HistoryStore {
  readonly location: string
  private readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
    this.location = root
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    checkEntryName(name)
    const target = join(this.root, name)
    try {
      mkdirSync(dirname(target), { recursive: true })
    } catch (err) {
      throw writeError(target, err)
    }
    const tmp = tempPathFor(target, randomBytes(2).toString('hex'))
    try {
      const fd = openSync(tmp, 'wx', 0o444)
      try {
        let off = 0
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      try {
        linkSync(tmp, target)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new EntryExistsError(name, this.location)
        throw writeError(target, err)
      }
      this.syncDir(dirname(target))
    } catch (err) {
      if (err instanceof EntryExistsError) throw err
      throw writeError(target, err)
    } finally {
      rmSync(tmp, { force: true })
      releaseTemp(tmp)
    }
  }

  async get(name: string): Promise<Buffer | null> {
    checkEntryName(name)
    try {
      return readFileSync(join(this.root, name))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async list(prefix: string): Promise<string[]> {
    const dir = prefix.replace(/\/[^/]*$/, '')
    const rest = prefix.slice(dir.length + 1)
    let names: string[]
    try {
      names = readdirSync(join(this.root, dir))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      // A store that was never written to is most often a mistyped path: say so rather than report no runs.
      if (!existsSync(this.root)) throw new InputError(`${this.location}: no evidence store here (no such folder)`, 'check --history or history.path; the store is created by the first recorded run')
      return []
    }
    return names.filter((n) => n.startsWith(rest) && !n.startsWith('.trustpack-')).map((n) => `${dir}/${n}`).sort(byPath)
  }

  /** Makes the new name durable (a crash after put must not lose the entry); not every platform allows it. */
  private syncDir(dir: string): void {
    try {
      const fd = openSync(dir, 'r')
      try {
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    } catch {
      // Windows cannot open a folder for fsync; the link itself is still in place.
    }
  }
}

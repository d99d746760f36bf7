// Files written together appear together: a failure on any of them leaves every target as it was.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { writeFilesAtomic } from '../../src/core/fs.js'

const fresh = (): string => mkdtempSync(join(tmpdir(), 'trustpack-fs-'))

describe('writeFilesAtomic', () => {
  it('replaces every file when all can be written, leaving no temporary file', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'a.txt'), 'old a')
    writeFilesAtomic([{ path: join(dir, 'a.txt'), data: 'new a' }, { path: join(dir, 'sub', 'b.txt'), data: 'new b' }])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new a')
    expect(readFileSync(join(dir, 'sub', 'b.txt'), 'utf8')).toBe('new b')
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'sub'])
  })

  it('keeps the old content of every file when one target cannot be written, and names that target', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'a.txt'), 'old a')
    mkdirSync(join(dir, 'b.txt'))
    let caught: unknown
    try {
      writeFilesAtomic([{ path: join(dir, 'a.txt'), data: 'new a' }, { path: join(dir, 'b.txt'), data: 'new b' }, { path: join(dir, 'c.txt'), data: 'new c' }])
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InputError)
    expect((caught as Error).message).toBe(`cannot write ${join(dir, 'b.txt')}: it is a folder`)
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old a')
    expect(existsSync(join(dir, 'c.txt'))).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt'])
  })
})

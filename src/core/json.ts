// Reading JSON documents validated by a zod schema, with errors that name the file and the field.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { InputError } from './errors.js'

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(`${path}: cannot read ${what} (${code === 'ENOENT' ? 'no such file' : code ?? String(err)})`)
  }
}

/** Parses and validates; returns the value and the SHA-256 of the bytes read. */
export function readJsonDocument<S extends z.ZodType>(path: string, schema: S, what: string): { value: z.infer<S>; sha256: string } {
  const text = readText(path, what)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? issue.path.map(String).join('.') || '(root)' : '(root)'
    throw new InputError(`${path}: not a valid ${what}: ${where}: ${issue?.message ?? 'invalid'}`)
  }
  return { value: parsed.data, sha256: sha256Hex(text) }
}

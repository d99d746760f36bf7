// YAML loading with line numbers: every error names file:line, so a user can jump straight to it.
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { InputError } from './errors.js'
import { readText } from './json.js'

/** Aliases one document may expand (the YAML library's default): more is a "billion laughs" document. */
const MAX_ALIASES = 100

/** Why a document could not be turned into data: in practice, aliases expanding past the limit. */
function aliasMessage(err: unknown): string {
  const m = String((err as Error).message ?? err)
  return /alias/i.test(m) ? `too many aliases (more than ${MAX_ALIASES} expansions): the document expands without bound` : m
}

export interface YamlDoc<T> {
  value: T
  /** 1-based line of the node at `path` (or of its nearest existing ancestor). */
  lineOf(path: readonly (string | number)[]): number
}

/** 1-based line of the node at a path (or of its nearest existing ancestor). */
function lineFinder(doc: Document, lineCounter: LineCounter): (path: readonly (string | number)[]) => number {
  return (path) => {
    let node: unknown = doc.contents
    let line = node && (node as Node).range ? lineCounter.linePos((node as Node).range![0]).line : 1
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
        if (!pair) break
        const k = pair.key as Node | null
        if (k?.range) line = lineCounter.linePos(k.range[0]).line
        node = pair.value
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key]
        if ((node as Node | undefined)?.range) line = lineCounter.linePos((node as Node).range![0]).line
      } else break
    }
    return line
  }
}

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, what: string): YamlDoc<z.infer<S>> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line
    throw new InputError(`${file}:${line}: invalid YAML in ${what}: ${e.message.split('\n')[0]}`)
  }
  const lineOf = lineFinder(doc, lineCounter)
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {}
  } catch (err) {
    throw new InputError(`${file}:1: invalid YAML in ${what}: ${aliasMessage(err)}`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
    const where = path.length ? ` (${path.join('.')})` : ''
    throw new InputError(`${file}:${lineOf(path)}: invalid ${what}${where}: ${issue.message}`)
  }
  return { value: parsed.data, lineOf }
}

export function loadYaml<S extends z.ZodType>(file: string, schema: S, what: string): YamlDoc<z.infer<S>> {
  return parseYaml(readText(file, what), file, schema, what)
}

/** A YAML source parsed without a schema: every syntax error (with its line) instead of the first, for validators that report all problems. */
export interface YamlSource {
  value: unknown
  lineOf(path: readonly (string | number)[]): number
  errors: { line: number; message: string }[]
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const errors = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
    message: e.message.split('\n')[0] ?? e.message,
  }))
  const lineOf = lineFinder(doc, lineCounter)
  let value: unknown = null
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? null
    } catch (err) {
      errors.push({ line: 1, message: aliasMessage(err) })
    }
  }
  return { value, lineOf, errors }
}

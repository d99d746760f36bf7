// YAML loading with line numbers: every error names file:line, so a user can jump straight to it.
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { InputError } from './errors.js'
import { readText } from './json.js'

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
  const raw: unknown = doc.toJS() ?? {}
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
  if (errors.length === 0) value = doc.toJS() ?? null
  return { value, lineOf, errors }
}

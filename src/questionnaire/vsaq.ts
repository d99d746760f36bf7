// VSAQ questionnaires (Google's JSON with `//` comments and `"a" + "b"` string joins): relaxed parse, then
// a walk of the nested `items` collecting question items (radiogroup, checkgroup, line, box, yesno).
import { InputError } from '../core/errors.js'
import type { Question } from './types.js'
import { isOpenQuestion } from './layout.js'
import { QUESTIONNAIRE_LIMITS, QuestionnaireTooLarge, count, type QuestionnaireLimits } from './limits.js'

const QUESTION_TYPES = new Set(['radiogroup', 'checkgroup', 'line', 'box', 'yesno', 'textarea', 'text'])

/** Strips comments outside strings, joins `"a" + "b"`, drops trailing commas; the result is strict JSON. */
export function relaxedJsonToStrict(src: string): string {
  let out = ''
  let i = 0
  const n = src.length
  while (i < n) {
    const c = src[i]!
    if (c === '"') {
      // copy a string, joining any `+ "…"` continuations into it
      out += '"'
      i++
      for (;;) {
        while (i < n && src[i] !== '"') {
          if (src[i] === '\\' && i + 1 < n) {
            out += src[i]! + src[i + 1]!
            i += 2
          } else {
            out += src[i]
            i++
          }
        }
        i++ // closing quote
        let j = i
        while (j < n && /\s/.test(src[j]!)) j++
        if (src[j] === '+') {
          j++
          while (j < n && /\s/.test(src[j]!)) j++
          if (src[j] === '"') {
            i = j + 1
            continue
          }
        }
        break
      }
      out += '"'
      continue
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++
      continue
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2)
      const skipped = src.slice(i, end < 0 ? n : end + 2)
      out += skipped.replace(/[^\n]/g, '')
      i = end < 0 ? n : end + 2
      continue
    }
    if (c === ',') {
      let j = i + 1
      while (j < n && /\s/.test(src[j]!)) j++
      if (src[j] === ']' || src[j] === '}') {
        i++
        continue
      }
    }
    out += c
    i++
  }
  return out
}

/** Offset of the first syntax error in `s` (Node 20's JSON.parse does not always say where). */
export function jsonErrorOffset(s: string): number {
  let i = 0
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++
  }
  const fail = (): never => {
    throw i
  }
  const value = (): void => {
    ws()
    const c = s[i]
    if (c === '{') {
      i++
      ws()
      if (s[i] === '}') { i++; return }
      for (;;) {
        ws()
        if (s[i] !== '"') fail()
        str()
        ws()
        if (s[i] !== ':') fail()
        i++
        value()
        ws()
        if (s[i] === ',') { i++; continue }
        if (s[i] === '}') { i++; return }
        fail()
      }
    } else if (c === '[') {
      i++
      ws()
      if (s[i] === ']') { i++; return }
      for (;;) {
        value()
        ws()
        if (s[i] === ',') { i++; continue }
        if (s[i] === ']') { i++; return }
        fail()
      }
    } else if (c === '"') str()
    else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 40))
      if (!m) fail()
      i += m![0].length
    }
  }
  const str = (): void => {
    i++
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1
    if (i >= s.length) fail()
    i++
  }
  try {
    value()
    ws()
    return i < s.length ? i : s.length
  } catch (pos) {
    return typeof pos === 'number' ? pos : 0
  }
}

interface VsaqItem {
  type?: unknown
  id?: unknown
  text?: unknown
  items?: unknown
}

export function stripHtml(text: string): string {
  return text.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim()
}

export function parseVsaq(text: string, file: string, limits: QuestionnaireLimits = QUESTIONNAIRE_LIMITS): Question[] {
  const strict = relaxedJsonToStrict(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  let doc: unknown
  try {
    doc = JSON.parse(strict)
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message)
    const pos = m ? Number(m[1]) : jsonErrorOffset(strict)
    const line = strict.slice(0, pos).split('\n').length
    throw new InputError(`${file}:${line}: not a valid VSAQ questionnaire (${(err as Error).message.split('\n')[0]})`)
  }
  const root = (doc as { questionnaire?: unknown } | null)?.questionnaire
  if (!Array.isArray(root)) throw new InputError(`${file}: not a VSAQ questionnaire (no top-level "questionnaire" array)`)
  const questions: Question[] = []
  const seen = new Map<string, number>()
  // An explicit stack, not recursion: a file nested thousands of levels deep would overflow the call stack.
  // Items are pushed in reverse so they come off in document order, each before its children.
  const stack: Array<{ raw: unknown; section: string | null }> = []
  const pushAll = (items: unknown[], section: string | null): void => {
    for (let i = items.length - 1; i >= 0; i--) stack.push({ raw: items[i], section })
  }
  pushAll(root, null)
  while (stack.length > 0) {
    const { raw, section } = stack.pop()!
    if (!raw || typeof raw !== 'object') continue
    const item = raw as VsaqItem
    const type = typeof item.type === 'string' ? item.type : ''
    const text = typeof item.text === 'string' ? stripHtml(item.text) : ''
    if (QUESTION_TYPES.has(type) && typeof item.id === 'string' && text !== '') {
      if (questions.length === limits.maxQuestions) {
        throw new QuestionnaireTooLarge(`${file}: more than ${count(limits.maxQuestions)} questions; not a questionnaire`)
      }
      const n = seen.get(item.id) ?? 0
      seen.set(item.id, n + 1)
      questions.push({
        id: n === 0 ? item.id : `${item.id}-${n + 1}`,
        text,
        section,
        row: null,
        open: type === 'line' || type === 'box' || isOpenQuestion(text),
      })
    }
    if (Array.isArray(item.items)) pushAll(item.items, type === 'block' && text ? text : section)
  }
  if (questions.length === 0) throw new InputError(`${file}: VSAQ questionnaire has no question items`)
  return questions
}

// Guards bench/data/labelled-questions.json against check renames, fixture edits and lopsided splits.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseVsaq } from '../../src/questionnaire/vsaq.js'

const ROOT = join(import.meta.dirname, '..', '..')
const VSAQ_DIR = join(ROOT, 'test', 'fixtures', 'questionnaire', 'vsaq')

interface Labelled {
  id: string
  split: string
  topic: string
  text: string
  kind: string
  valueGrounded?: boolean
  scanned?: boolean
  checks: string[]
  polarity: string
  compliant: string
  note: string
}

const doc = JSON.parse(readFileSync(join(ROOT, 'bench', 'data', 'labelled-questions.json'), 'utf8')) as { description: string; questions: Labelled[] }
const questions = doc.questions

function catalogCheckIds(): Set<string> {
  const dir = join(ROOT, 'src', 'services')
  const ids = new Set<string>()
  for (const service of readdirSync(dir)) {
    const file = join(dir, service, 'checks.yaml')
    if (!existsSync(file)) continue
    for (const c of parse(readFileSync(file, 'utf8')) as Array<{ id: string }>) ids.add(c.id)
  }
  return ids
}

/** A question's wording as compared for identity: case, punctuation and spacing do not count. */
function normWording(t: string): string {
  return t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()
}

/** Every question wording of the shipped answer library (controls/answers and each service's answers.yaml). */
function libraryWordings(): Set<string> {
  const files = [join(ROOT, 'controls', 'answers', 'library.yaml'), ...readdirSync(join(ROOT, 'src', 'services')).map((s) => join(ROOT, 'src', 'services', s, 'answers.yaml')).filter((f) => existsSync(f))]
  return new Set(files.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { entries: Array<{ questions: string[] }> }).entries.flatMap((e) => e.questions.map(normWording))))
}

describe('labelled question set', () => {
  it('holds roughly 300 questions with a description', () => {
    expect(doc.description.length).toBeGreaterThan(0)
    expect(questions.length).toBeGreaterThanOrEqual(270)
    expect(questions.length).toBeLessThanOrEqual(330)
  })

  it('gives every question a unique id', () => {
    const seen = new Set<string>()
    const dupes = questions.map((q) => q.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)))
    expect(dupes).toEqual([])
  })

  it('names only checks that exist in src/services/*/checks.yaml', () => {
    const known = catalogCheckIds()
    expect(known.size).toBeGreaterThan(0)
    const unknown = questions.flatMap((q) => q.checks.filter((c) => !known.has(c)).map((c) => `${q.id}: ${c}`))
    expect(unknown).toEqual([])
  })

  it('quotes every VSAQ question exactly as the importer reads it from the fixture', () => {
    const byFile = new Map<string, Map<string, string>>()
    const wrong: string[] = []
    for (const q of questions.filter((x) => x.id.startsWith('vsaq:'))) {
      const m = /^vsaq:([a-z_]+)\/(.+)$/.exec(q.id)
      if (!m) { wrong.push(`${q.id}: not vsaq:<file>/<id>`); continue }
      const [, file, id] = m as unknown as [string, string, string]
      if (!byFile.has(file)) {
        const path = join(VSAQ_DIR, `${file}.json`)
        byFile.set(file, existsSync(path) ? new Map(parseVsaq(readFileSync(path, 'utf8'), path).map((x) => [x.id, x.text])) : new Map())
      }
      const text = byFile.get(file)!.get(id)
      if (text === undefined) wrong.push(`${q.id}: no such question in ${file}.json`)
      else if (text !== q.text) wrong.push(`${q.id}: text differs from the fixture`)
    }
    expect(wrong).toEqual([])
    expect(questions.filter((x) => x.id.startsWith('vsaq:')).length).toBeGreaterThanOrEqual(80)
  })

  it('keeps every label consistent with its kind', () => {
    const wrong: string[] = []
    for (const q of questions) {
      if (!['tune', 'held-out'].includes(q.split)) wrong.push(`${q.id}: split ${q.split}`)
      if (!['positive', 'negative'].includes(q.polarity)) wrong.push(`${q.id}: polarity ${q.polarity}`)
      if (q.text.trim() === '' || q.note.trim() === '' || q.topic.trim() === '') wrong.push(`${q.id}: empty text, note or topic`)
      if (q.kind === 'technical') {
        if (q.checks.length === 0 && q.scanned !== true) wrong.push(`${q.id}: technical without checks`)
        if (!['yes', 'no', 'unknown'].includes(q.compliant)) wrong.push(`${q.id}: technical compliant ${q.compliant}`)
      } else if (q.kind === 'manual') {
        if (q.checks.length > 0) wrong.push(`${q.id}: manual with checks`)
        if (q.compliant !== 'unknown') wrong.push(`${q.id}: manual compliant ${q.compliant}`)
      } else if (q.kind === 'value') {
        if (typeof q.valueGrounded !== 'boolean') wrong.push(`${q.id}: value without valueGrounded`)
        if (q.valueGrounded && q.checks.length === 0 && q.scanned !== true) wrong.push(`${q.id}: grounded value without checks`)
        if (q.compliant !== 'text') wrong.push(`${q.id}: value compliant ${q.compliant}`)
      } else wrong.push(`${q.id}: kind ${q.kind}`)
    }
    expect(wrong).toEqual([])
  })

  it('puts at least 40 % of each kind in each split', () => {
    for (const kind of ['technical', 'manual', 'value']) {
      const all = questions.filter((q) => q.kind === kind)
      expect(all.length, kind).toBeGreaterThan(0)
      for (const split of ['tune', 'held-out']) {
        const n = all.filter((q) => q.split === split).length
        expect(n / all.length, `${kind} in ${split}: ${n}/${all.length}`).toBeGreaterThanOrEqual(0.4)
      }
    }
  })

  it('keeps the held-out half out of the answer library: no held-out question is one of its wordings', () => {
    const variants = libraryWordings()
    expect(questions.filter((q) => q.split === 'held-out' && variants.has(normWording(q.text))).map((q) => q.id)).toEqual([])
  })
})

describe('development sets', () => {
  for (const name of ['dev-questions.json', 'dev-questions-2.json', 'dev-questions-3.json']) {
    const dev = JSON.parse(readFileSync(join(ROOT, 'bench', 'data', name), 'utf8')) as { description: string; questions: Labelled[] }
    it(`${name}: unique ids, known checks, labels consistent with their kind, and no question copied into the library`, () => {
      expect(dev.description.length).toBeGreaterThan(0)
      expect(dev.questions.length).toBeGreaterThan(100)
      expect(new Set(dev.questions.map((q) => q.id)).size).toBe(dev.questions.length)
      const known = catalogCheckIds()
      expect(dev.questions.flatMap((q) => q.checks.filter((c) => !known.has(c)).map((c) => `${q.id}: ${c}`))).toEqual([])
      const wrong: string[] = []
      for (const q of dev.questions) {
        if (q.kind === 'technical' && q.checks.length === 0 && q.scanned !== true) wrong.push(`${q.id}: technical without checks`)
        if (q.kind === 'manual' && (q.checks.length > 0 || q.compliant !== 'unknown')) wrong.push(`${q.id}: manual with checks or an answer`)
        if (q.kind === 'value' && q.compliant !== (q.valueGrounded ? 'text' : 'unknown')) wrong.push(`${q.id}: value compliant ${q.compliant}`)
      }
      expect(wrong).toEqual([])
      // A development set measures wording the library has not seen: none of its questions is a library wording.
      const variants = libraryWordings()
      expect(dev.questions.filter((q) => variants.has(normWording(q.text))).map((q) => q.id)).toEqual([])
    })
  }
})

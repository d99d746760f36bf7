// `library import` as a use case: a completed CSV or XLSX becomes approved library entries with stable ids,
// merged into an existing library; and the round trip, where `answer` gives the approved answer back.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importLibrary, listLibrary, renderLibraryList, showLibraryEntry, validateLibrary } from '../../src/app/library.js'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { InputError } from '../../src/core/errors.js'
import { buildMatcher } from '../../src/questionnaire/decide.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { loadLibrary } from '../../src/questionnaire/library.js'
import { pastAnswerId, readPastAnswer, topicOf } from '../../src/questionnaire/past-answers.js'
import { sampleResults } from '../../src/questionnaire/sample-results.js'
import { yesNoColumnsWorkbook } from './workbooks/build.js'
import { FIXTURES, NOW, tmp, writeResults } from './helpers.js'
import { COMPLETED_CSV, completedCsv, completedXlsx } from './completed.js'

const TODAY = '2026-11-25'

const base = { approvedBy: 'ciso@example.com', now: NOW }

describe('library import', () => {
  it('turns each answered CSV question into an approved entry: labels as answers, other text as values', async () => {
    const dir = tmp()
    const r = await importLibrary({ ...base, questionnairePath: completedCsv(dir), expires: '2027-11-30', outPath: join(dir, 'lib.yaml') })
    expect(r.counts).toEqual({ yes: 2, no: 1, partial: 1, not_applicable: 1, value: 2 })
    expect(r.skipped).toEqual(['4', '9'])
    expect(r.entries.map((e) => e.approval.source?.question)).toEqual(['1', '2', '3', '5', '6', '7', '8'])
    const byQ = new Map(r.entries.map((e) => [e.approval.source!.question, e]))
    expect(byQ.get('1')).toEqual({
      id: pastAnswerId('Which cloud provider hosts the production environment?'),
      topic: 'Which cloud provider hosts the production environment?',
      questions: ['Which cloud provider hosts the production environment?'],
      value: 'Microsoft Azure',
      wording: 'Microsoft Azure',
      approval: { by: 'ciso@example.com', at: TODAY, expires: '2027-11-30', source: { file: 'completed.csv', question: '1' } },
    })
    expect(byQ.get('2')).toMatchObject({ answer: 'yes', wording: 'AES-256 on every database and storage account.' })
    expect(byQ.get('3')).toMatchObject({ answer: 'no', wording: 'No.' })
    expect(byQ.get('5')).toMatchObject({ value: '35 days', wording: 'Point-in-time restore over 35 days.' })
    expect(byQ.get('6')).toMatchObject({ answer: 'not_applicable', wording: 'Not applicable.' })
    // "Yes, for …" is a yes with its explanation, not a value.
    expect(byQ.get('7')).toMatchObject({ answer: 'yes', wording: 'Yes, for every administrator account' })
    expect(byQ.get('8')).toMatchObject({ answer: 'partial', wording: 'Twice a year.' })
    // The file written loads as a library, with the same entries.
    const lib = loadLibrary(join(dir, 'lib.yaml'))
    expect(lib.entries.map((e) => e.id)).toEqual(r.entries.map((e) => e.id))
    expect(lib.entries.every((e) => e.approval?.by === 'ciso@example.com' && e.approval.at === TODAY)).toBe(true)
  })

  it('reads a completed XLSX with the same layout detection as answer (title row, ID column, comments)', async () => {
    const dir = tmp()
    const r = await importLibrary({ ...base, questionnairePath: await completedXlsx(dir), outPath: join(dir, 'lib.yaml') })
    expect(r.counts).toEqual({ yes: 1, no: 1, partial: 0, not_applicable: 1, value: 1 })
    // SEC-6 has a comment but no answer: nothing was answered, so nothing is approved.
    expect(r.skipped).toEqual(['SEC-5', 'SEC-6'])
    expect(r.entries.map((e) => [e.approval.source, e.answer ?? e.value])).toEqual([
      [{ file: 'completed.xlsx', question: 'SEC-1' }, 'yes'],
      [{ file: 'completed.xlsx', question: 'SEC-2' }, 'no'],
      [{ file: 'completed.xlsx', question: 'SEC-3' }, 'not_applicable'],
      [{ file: 'completed.xlsx', question: 'SEC-4' }, 'Canada Central and East US'],
    ])
    expect(r.entries[2]!.wording).toBe('We run on Microsoft Azure.')
    expect(r.entries[2]!.approval.expires).toBeUndefined()
    expect(loadLibrary(join(dir, 'lib.yaml')).entries).toHaveLength(4)
  })

  it('reads Yes / No / N/A mark columns, naming the sheet of each question when the workbook has several', async () => {
    const dir = tmp()
    const path = join(dir, 'marks.xlsx')
    writeFileSync(path, yesNoColumnsWorkbook({ prefilled: true }))
    const r = await importLibrary({ ...base, questionnairePath: path })
    expect(r.counts).toEqual({ yes: 3, no: 2, partial: 0, not_applicable: 1, value: 0 })
    expect(r.entries.find((e) => e.approval.source!.question === 'Infrastructure!3')).toMatchObject({ answer: 'no', wording: 'Reviewed once a year.' })
    expect(r.entries.find((e) => e.approval.source!.question === 'Application!2.4')).toMatchObject({ answer: 'not_applicable', wording: 'Not scheduled yet.' })
    expect(r.outPath).toBeNull()
  })

  it('gives the same ids on re-import, replacing its entries and keeping every other one', async () => {
    const dir = tmp()
    const out = join(dir, 'lib.yaml')
    writeFileSync(out, [
      '# our approved wordings, kept by hand',
      'version: 1',
      'entries:',
      '  - id: hand-written',
      '    topic: Card data',
      '    questions: [Do you process card payments?]',
      '    answer: "no"   # we use a payment provider',
      '    wording: No. Card payments are handled by our payment provider.',
      '',
    ].join('\n'))
    const first = await importLibrary({ ...base, questionnairePath: completedCsv(dir), outPath: out })
    expect(first.added).toHaveLength(7)
    expect(first.kept).toBe(1)
    const afterFirst = readFileSync(out, 'utf8')
    expect(afterFirst).toContain('# our approved wordings, kept by hand')
    expect(afterFirst).toMatch(/answer: "no" +# we use a payment provider/)

    // Next year's answers to the same questions, one changed and one new, from a file with other row numbers.
    const next = COMPLETED_CSV.replace('Partial,Twice a year.', 'Yes,Every quarter.').replace('9,Operations,Is there an on-call rota?,,', '9,Operations,Is there an on-call rota?,Yes,\n10,Hosting,Is a status page published?,Yes,')
    const second = await importLibrary({ ...base, questionnairePath: completedCsv(dir, 'next.csv', next), outPath: out, now: new Date('2027-11-20T09:00:00Z') })
    expect(second.replaced.sort()).toEqual(first.added.slice().sort())
    expect(second.added).toEqual([pastAnswerId('Is there an on-call rota?'), pastAnswerId('Is a status page published?')])
    expect(second.kept).toBe(1)
    const lib = loadLibrary(out)
    expect(lib.entries.map((e) => e.id)).toEqual(['hand-written', ...first.added, ...second.added])
    const reviews = lib.entries.find((e) => e.id === pastAnswerId('Are access reviews performed quarterly?'))!
    expect(reviews).toMatchObject({ answer: 'yes', wording: 'Every quarter.', approval: { at: '2027-11-20', source: { file: 'next.csv' } } })
    expect(readFileSync(out, 'utf8')).toMatch(/answer: "no" +# we use a payment provider/)

    // The same file again on the same day: the same text.
    await importLibrary({ ...base, questionnairePath: join(dir, 'next.csv'), outPath: out, now: new Date('2027-11-20T09:00:00Z') })
    const again = readFileSync(out, 'utf8')
    await importLibrary({ ...base, questionnairePath: join(dir, 'next.csv'), outPath: out, now: new Date('2027-11-20T09:00:00Z') })
    expect(readFileSync(out, 'utf8')).toBe(again)
  })

  it('refuses an --out that exists and is not a library, leaving it as it was', async () => {
    const dir = tmp()
    const out = join(dir, 'notes.yaml')
    writeFileSync(out, 'title: my notes\nitems: [a, b]\n')
    const err = await importLibrary({ ...base, questionnairePath: completedCsv(dir), outPath: out }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).exitCode).toBe(2)
    expect((err as Error).message).toMatch(/^--out .*notes\.yaml: exists and is not a valid answer library, so it was not changed \(.*notes\.yaml:1: invalid answer library/)
    expect((err as Error).message).not.toContain('\n')
    expect(readFileSync(out, 'utf8')).toBe('title: my notes\nitems: [a, b]\n')
  })

  it.each([
    [{ approvedBy: 'ciso' }, /^--approved-by "ciso": expected the approver's e-mail address/],
    [{ expires: '2027-02-30' }, /^--expires "2027-02-30": expected a date YYYY-MM-DD/],
    [{ expires: '31/12/2027' }, /^--expires "31\/12\/2027": expected a date YYYY-MM-DD/],
    [{ expires: '2026-11-24' }, /^--expires 2026-11-24: is before today \(2026-11-25\)/],
    [{ outPath: 'lib.json' }, /^--out lib\.json: an answer library is a YAML file/],
  ])('refuses %o with one line naming the flag', async (flags, message) => {
    const dir = tmp()
    const err = await importLibrary({ ...base, questionnairePath: completedCsv(dir), ...flags }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toMatch(message)
  })

  it('refuses a questionnaire with no answers at all, and a VSAQ file', async () => {
    const dir = tmp()
    const blank = completedCsv(dir, 'blank.csv', '#,Question,Response\n1,Is data encrypted at rest?,\n2,Are backups tested?,\n')
    await expect(importLibrary({ ...base, questionnairePath: blank })).rejects.toThrow(/blank\.csv: none of its 2 questions has an answer/)
    await expect(importLibrary({ ...base, questionnairePath: join(FIXTURES, 'physical_and_datacenter.json') })).rejects.toThrow(/physical_and_datacenter\.json: a VSAQ questionnaire holds no answers/)
  })

  it('reads answers with a label and its explanation, and shortens long questions to a topic', () => {
    expect(readPastAnswer('Yes')).toEqual({ answer: 'yes', rest: '' })
    expect(readPastAnswer('Compliant.')).toEqual({ answer: 'yes', rest: '' })
    expect(readPastAnswer('No - we use a provider')).toEqual({ answer: 'no', rest: 'No - we use a provider' })
    expect(readPastAnswer('No more than 35 days')).toEqual({ value: 'No more than 35 days' })
    expect(readPastAnswer('Yesterday')).toEqual({ value: 'Yesterday' })
    expect(topicOf('Is data encrypted? Describe how, including the algorithms used.')).toBe('Is data encrypted?')
    const long = topicOf('Do you maintain a documented and regularly tested business continuity plan covering all production services and their dependencies?')
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long.endsWith('…')).toBe(true)
    expect(pastAnswerId('Is  data encrypted at REST?')).toBe(pastAnswerId('is data encrypted at rest?'))
    expect(pastAnswerId('Is data encrypted at rest?')).toMatch(/^past-is-data-encrypted-at-rest-[0-9a-f]{8}$/)
    expect(pastAnswerId('¿?')).toMatch(/^past-[0-9a-f]{8}$/)
  })
})

describe('library list, show, validate', () => {
  it('lists kinds, approvers and expiry, and marks expired approvals', async () => {
    const dir = tmp()
    const out = join(dir, 'lib.yaml')
    await importLibrary({ ...base, questionnairePath: completedCsv(dir), expires: '2026-12-31', outPath: out })
    const rows = listLibrary({ libraryPath: out, now: new Date('2027-01-05T00:00:00Z') })
    expect(rows).toHaveLength(7)
    expect(rows[0]).toEqual({ id: rows[0]!.id, kind: 'approved', topic: 'Which cloud provider hosts the production environment?', approvedBy: 'ciso@example.com', approvedAt: TODAY, expires: '2026-12-31', expired: true })
    expect(renderLibraryList(rows)).toContain(`${rows[0]!.id}  approved  ciso@example.com 2026-11-25 until 2026-12-31 EXPIRED  Which cloud provider`)
    expect(listLibrary({ libraryPath: out, now: NOW }).some((r) => r.expired)).toBe(false)
    const shipped = listLibrary({ now: NOW })
    expect(new Set(shipped.map((r) => r.kind))).toEqual(new Set(['evidence', 'fixed']))
  })

  it('shows one entry, and names close ids for an unknown one', async () => {
    const dir = tmp()
    const out = join(dir, 'lib.yaml')
    const r = await importLibrary({ ...base, questionnairePath: completedCsv(dir), outPath: out })
    const id = pastAnswerId('Is customer data encrypted at rest?')
    expect(showLibraryEntry(id, { libraryPath: out, now: NOW })).toMatchObject({ kind: 'approved', expired: false, entry: { id, answer: 'yes' } })
    expect(r.entries.some((e) => e.id === id)).toBe(true)
    expect(() => showLibraryEntry('past-is-customer-data', { libraryPath: out, now: NOW })).toThrow(new RegExp(`no library entry "past-is-customer-data" in .*lib\\.yaml; did you mean "${id}"\\?`))
    expect(() => showLibraryEntry('db-encryption-at-rst', { now: NOW })).toThrow(/did you mean "db-encryption-at-rest"/)
  })

  it('validates citations of checks, controls and trust claims (file:line) and warns of expired approvals', () => {
    const dir = tmp()
    const path = join(dir, 'lib.yaml')
    writeFileSync(path, [
      'version: 1',
      'entries:',
      '  - id: tde',
      '    topic: TDE',
      '    questions: [Are databases encrypted?]',
      '    checks: [sql-db-tdee]',
      '    controls: [soc2:CC6.1, soc2:CC99.1]',
      '    claims: [TC-DATA-99]',
      '    wording: Yes.',
      '  - id: old',
      '    topic: Old answer',
      '    questions: [Do you have a NOC?]',
      '    answer: "yes"',
      '    wording: Yes.',
      '    approval: { by: ciso@example.com, at: "2025-01-01", expires: "2025-12-31" }',
      '',
    ].join('\n'))
    const r = validateLibrary({ libraryPath: path, now: NOW })
    expect(r.ok).toBe(false)
    expect(r.problems).toEqual([
      expect.stringMatching(/lib\.yaml:6: library entry tde: unknown check "sql-db-tdee"; did you mean "sql-db-tde"\?$/),
      expect.stringMatching(/lib\.yaml:7: library entry tde: unknown control "soc2:CC99\.1"/),
      expect.stringMatching(/lib\.yaml:8: library entry tde: unknown trust claim "TC-DATA-99"/),
    ])
    expect(r.warnings).toEqual([`${path}:15: library entry old: approval by ciso@example.com expired 2025-12-31; the answer is no longer given`])
    expect(validateLibrary({ now: NOW })).toMatchObject({ ok: true, problems: [], warnings: [] })
  })
})

describe('round trip: answer with the imported library', () => {
  it('answers a question identical to an imported one from the imported entry', async () => {
    const dir = tmp()
    const lib = join(dir, 'lib.yaml')
    const imported = await importLibrary({ ...base, questionnairePath: completedCsv(dir), outPath: lib })
    const buyer = completedCsv(dir, 'buyer.csv', [
      '#,Question,Response,Comments',
      '1,Is customer data encrypted at rest?,,',
      '2,Do you store payment card data?,,',
      '3,How long are point-in-time backups kept?,,',
      '',
    ].join('\n'))
    const results = writeResults(dir)
    const r = await answerQuestionnaire({ questionnairePath: buyer, resultsPath: results, libraryPath: lib, now: NOW })
    const byQ = new Map(r.answers.map((a) => [a.questionId, a]))
    expect(byQ.get('2')).toMatchObject({ answer: 'no', rationale: 'No.' })
    expect(byQ.get('3')).toMatchObject({ answer: 'text', value: '35 days' })
    // An approved yes is given as the person approved it.
    expect(byQ.get('1')).toMatchObject({ answer: 'yes', rationale: 'AES-256 on every database and storage account.' })

    // The public answer does not carry the entry; the matcher answerQuestionnaire uses does.
    const matcher = buildMatcher(loadLibrary(lib), sampleResults())
    const q = await importQuestionnaire(buyer)
    const entryOf = (text: string): string => imported.entries.find((e) => e.questions[0] === text)!.id
    for (const question of q.questions) expect(matcher.decide(question).entryId, question.text).toBe(entryOf(question.text))
  })

  it('adds past answers to the shipped library with --past-answers, each named as its source', async () => {
    const dir = tmp()
    const lib = join(dir, 'past.yaml')
    await importLibrary({ ...base, questionnairePath: completedCsv(dir), outPath: lib })
    const buyer = completedCsv(dir, 'buyer.csv', ['#,Question,Response,Comments', '1,Do you store payment card data?,,', '2,Are backups stored in geo-redundant storage?,,', ''].join('\n'))
    const r = await answerQuestionnaire({ questionnairePath: buyer, resultsPath: writeResults(dir), pastAnswersPaths: [lib], now: NOW })
    const byQ = new Map(r.answers.map((a) => [a.questionId, a]))
    expect(byQ.get('1')!.source).toMatchObject({ kind: 'library', approvedBy: 'ciso@example.com', file: 'completed.csv' })
    // The shipped evidence entries still answer what the past answers do not.
    expect(byQ.get('2')).toMatchObject({ answer: 'yes', source: { kind: 'evidence' } })
    // The same file twice would give every entry twice.
    await expect(answerQuestionnaire({ questionnairePath: buyer, resultsPath: writeResults(dir), pastAnswersPaths: [lib, lib], now: NOW })).rejects.toThrow(/past\.yaml: entry "past-[^"]+" is already in the library in use/)
  })
})

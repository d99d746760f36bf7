// Every answer names its source: the checks with their counts, the attestation, the library entry and its
// approver, or none; and a person's approved past answer is reused only as long as it may be.
import { describe, expect, it } from 'vitest'
import { buildMatcher } from '../../src/questionnaire/decide.js'
import { LibrarySchema, loadLibrary, type AnswerLibrary, type LibraryEntry } from '../../src/questionnaire/library.js'
import { renderReview } from '../../src/questionnaire/review.js'
import { sampleResults } from '../../src/questionnaire/sample-results.js'
import { LIBRARY, NOW, question, withoutServices } from './helpers.js'

const shipped: AnswerLibrary = loadLibrary(LIBRARY)

/** The shipped library plus past answers, validated as a library file would be. */
function withPast(...past: Array<Partial<LibraryEntry> & { id: string; questions: string[]; wording: string }>): AnswerLibrary {
  const entries = past.map((p) => ({ topic: p.questions[0]!, approval: { by: 'sales@example.com', at: '2026-06-01', source: { file: 'acme-2026.xlsx', question: 'Q7' } }, ...p }))
  return LibrarySchema.parse({ version: 1, entries: [...shipped.entries, ...entries] })
}

describe('the source of an answer', () => {
  it('names the checks with their counts and the results\' date for an evidence answer', () => {
    const results = sampleResults({ 'sql-db-tde': 'partial' })
    const a = buildMatcher(shipped, results, NOW).decide(question('Is customer data encrypted at rest in databases?'))
    expect(a.answer).toBe('partial')
    expect(a.source).toMatchObject({ kind: 'evidence', evaluatedAt: results.evaluatedAt })
    const tde = a.source!.kind === 'evidence' ? a.source!.checks.find((c) => c.id === 'sql-db-tde')! : null
    const findings = results.findings.filter((f) => f.checkId === 'sql-db-tde')
    expect(tde).toMatchObject({ pass: findings.filter((f) => f.status === 'pass').length, fail: findings.filter((f) => f.status === 'fail').length })
    expect(tde!.fail).toBeGreaterThan(0)
    expect(a.source!.why).toMatch(/matched library entry "[^"]+" .* at confidence \d\.\d\d/)
  })

  it('names the attestation, its owner and expiry, for a manual topic', () => {
    const a = buildMatcher(shipped, sampleResults({}, { attestations: ['soc2:CC7.4'] }), NOW).decide(question('Do you have a documented incident response plan?'))
    expect(a.answer).toBe('yes')
    expect(a.source).toMatchObject({ kind: 'attestation', control: 'soc2:CC7.4', owner: 'ciso@example.com', expires: '2027-06-30' })
  })

  it('names the library entry for a standing position, and none for an unknown', () => {
    const m = buildMatcher(shipped, sampleResults(), NOW)
    const soc2 = m.decide(question('Do you hold a current SOC 2 Type II report?'))
    expect(soc2.answer).toBe('no')
    expect(soc2.source).toMatchObject({ kind: 'library', entryId: 'soc2-report', approvedBy: null })
    const unknown = m.decide(question('Do staff badge in at the office reception?'))
    expect(unknown.answer).toBe('unknown')
    expect(unknown.source).toMatchObject({ kind: 'none' })
    expect(unknown.source!.why).not.toBe('')
  })

  it('lists every answer given with its source in the review', () => {
    const results = sampleResults({}, { attestations: ['soc2:CC7.4'] })
    const m = buildMatcher(shipped, results, NOW)
    const answers = ['Is customer data encrypted at rest in databases?', 'Do you have a documented incident response plan?', 'Do you hold a current SOC 2 Type II report?'].map((t, i) => m.decide(question(t, `q${i + 1}`)))
    const review = renderReview({ questionnaire: 'q.xlsx', outPath: 'q.filled.xlsx', results, answers, now: NOW })
    expect(review).toContain('## Answers given and their sources')
    expect(review).toMatch(/\| q1 \| yes \| evidence: sql-db-tde \(\d+ pass\)/)
    expect(review).toMatch(/\| q2 \| yes \| attestation soc2:CC7\.4, owner ciso@example\.com, valid until 2027-06-30 \|/)
    expect(review).toMatch(/\| q3 \| no \| library entry soc2-report \(the company's standing position\) \|/)
  })
})

describe('approved past answers', () => {
  const codeReview = { id: 'past-code-review', questions: ['Do you perform code review for every change?'], answer: 'yes' as const, wording: 'Yes. Every change is reviewed by a second engineer before merge.' }

  it('answers the same question with the approved answer, naming approver and questionnaire', () => {
    const a = buildMatcher(withPast(codeReview), sampleResults(), NOW).decide(question('Do you perform code review for every change?'))
    expect(a).toMatchObject({ answer: 'yes', entryId: 'past-code-review', rationale: codeReview.wording })
    expect(a.source).toEqual({ kind: 'library', entryId: 'past-code-review', approvedBy: 'sales@example.com', approvedAt: '2026-06-01', expires: null, file: 'acme-2026.xlsx', question: 'Q7', why: expect.stringContaining('past-code-review') as unknown as string })
  })

  it('does not stretch it to a question it matches less than closely', () => {
    const m = buildMatcher(withPast(codeReview), sampleResults(), NOW)
    // The past answer is the best match here, but not a near-identical one (about 0.6): a person decides.
    const q = question('Is code review mandatory?')
    expect(m.explain(q).entries[0]!.ref).toBe('past-code-review')
    expect(m.decide(q).answer).toBe('unknown')
  })

  it('gives nothing once the approval has expired, and says so for the reviewer', () => {
    const expired = { ...codeReview, approval: { by: 'sales@example.com', at: '2025-01-10', expires: '2026-01-10' } }
    const a = buildMatcher(withPast(expired), sampleResults(), NOW).decide(question('Do you perform code review for every change?'))
    expect(a.answer).toBe('unknown')
    expect(a.review).toMatch(/approved by sales@example\.com on 2025-01-10 expired on 2026-01-10/)
    expect(a.source).toMatchObject({ kind: 'none' })
  })

  it('is evidence-gated when it cites checks: a failing check takes the yes away', () => {
    const gated = { id: 'past-tde', questions: ['Are all production databases encrypted with TDE?'], answer: 'yes' as const, checks: ['sql-db-tde'], wording: 'Yes, TDE everywhere.' }
    const pass = buildMatcher(withPast(gated), sampleResults(), NOW).decide(question('Are all production databases encrypted with TDE?'))
    expect(pass).toMatchObject({ answer: 'yes', entryId: 'past-tde' })
    expect(pass.source).toMatchObject({ kind: 'evidence' })
    const fail = buildMatcher(withPast(gated), sampleResults({ 'sql-db-tde': 'fail' }), NOW).decide(question('Are all production databases encrypted with TDE?'))
    expect(fail.answer).toBe('no')
  })

  it('gives a past value only to a question asking for a value, never as a yes', () => {
    const value = { id: 'past-processors', questions: ['Which payment processors handle card payments for you?'], value: 'Stripe and Adyen', wording: 'Card payments are handled by Stripe and Adyen; we store no card data.' }
    const m = buildMatcher(withPast(value), sampleResults(), NOW)
    expect(m.decide(question('Which payment processors handle card payments for you?'))).toMatchObject({ answer: 'text', value: 'Stripe and Adyen', entryId: 'past-processors' })
    const yesNo = m.decide(question('Do payment processors handle card payments for you?'))
    expect(yesNo.answer === 'yes' && yesNo.entryId === 'past-processors').toBe(false)
  })

  it('does not outrank today\'s evidence: last year\'s yes is not given while the check fails', () => {
    const lastYear = { id: 'past-geo', questions: ['Are backups stored in geo-redundant storage?'], answer: 'yes' as const, wording: 'Yes, geo-redundant.' }
    const failing = buildMatcher(withPast(lastYear), sampleResults({ 'sql-db-geo-backup': 'fail', 'postgres-geo-backup': 'fail', 'cosmosdb-geo-backup': 'fail' }), NOW).decide(question('Are backups stored in geo-redundant storage?'))
    expect(failing).toMatchObject({ answer: 'no', entryId: 'backup-geo-redundancy', source: { kind: 'evidence' } })
    // A process question with no automated evidence is answered from the approved past answer.
    const process = { id: 'past-training', questions: ['Do all staff complete security awareness training every year?'], answer: 'yes' as const, wording: 'Yes, yearly, tracked in the HR system.' }
    const given = buildMatcher(withPast(process), sampleResults(), NOW).decide(question('Do all staff complete security awareness training every year?'))
    expect(given).toMatchObject({ answer: 'yes', entryId: 'past-training', source: { kind: 'library' } })
  })

  it('refuses a yes in the library without an approval', () => {
    expect(() => LibrarySchema.parse({ version: 1, entries: [{ id: 'x', topic: 't', questions: ['q?'], answer: 'yes', wording: 'Yes.' }] })).toThrow(/needs an approval/)
  })
})

describe('values read from the snapshot', () => {
  const m = buildMatcher(shipped, sampleResults(), NOW)
  // The sample without its Cosmos DB accounts, whose restore window no check reads: every database's window
  // is given only where each database is read.
  const noCosmos = (outcomes: Parameters<typeof sampleResults>[0] = {}): ReturnType<typeof sampleResults> => withoutServices(sampleResults(outcomes), 'microsoft.documentdb')

  it('names the regions the data is held in, as the resources show them', () => {
    const a = m.decide(question('In which regions is customer data stored?'))
    expect(a.answer).toBe('text')
    expect(a.value).toContain('data is held today in Canada Central and West Europe')
  })

  it('gives the shortest restore window and the longest rotation interval actually configured', () => {
    expect(buildMatcher(shipped, noCosmos(), NOW).decide(question('For how many days can a database be restored to a point in time?')).value).toMatch(/^35 days or more/)
    expect(m.decide(question('How often are keys rotated?')).value).toMatch(/at most every 335 days/)
  })

  it('reads the same setting from each service that records it, under its own name', () => {
    const results = noCosmos()
    for (const f of results.findings) if (f.checkId === 'postgres-backup-retention') f.observed = { 'properties.backup.backupRetentionDays': 14 }
    const all = buildMatcher(shipped, results, NOW).decide(question('For how many days can a database be restored to a point in time?'))
    expect(all.value).toMatch(/^14 days or more/)
    // A question about one service reads that service's days alone.
    const sql = buildMatcher(shipped, results, NOW).decide(question('How many days of point-in-time restore do your Azure SQL databases keep?'))
    expect(sql.value).toMatch(/^35 days or more/)
  })

  it('does not claim every database\'s restore window from Azure SQL\'s alone', () => {
    const m = buildMatcher(shipped, sampleResults({ 'postgres-backup-retention': 'fail' }), NOW)
    const a = m.decide(question('Do all production databases keep at least 35 days of point-in-time restore?'))
    expect(a.answer).toBe('partial')
    expect(a.citations).toContain('postgres-backup-retention')
    expect(m.decide(question('Is any database\'s point-in-time restore window shorter than the period you promise?')).answer).not.toBe('no')
  })

  it.each([['sql-db-pitr-retention'], ['postgres-backup-retention']])('leaves the value to a person when a passing %s resource does not show it, never a placeholder or a part', (check) => {
    // Findings that pass but record nothing under the key the value reads: the shortest window is not known.
    const bare = noCosmos()
    const first = bare.findings.find((f) => f.checkId === check)!
    first.observed = 'good'
    const a = buildMatcher(shipped, bare, NOW).decide(question('For how many days can a database be restored to a point in time?'))
    expect(a.answer).toBe('unknown')
    expect(a.review).toMatch(/could not be filled/)
    expect(a.value).toBeUndefined()
    expect(a.rationale).not.toMatch(/\{min:/)
  })
})

describe('answers inherited from the cloud provider\'s reports', () => {
  const report = { id: 'azure-soc2', provider: 'Microsoft Azure', report: 'SOC 2 Type II report', issued: '2026-06-30', expires: '2027-06-30', scope: 'physical security of the data centers' }

  it('answers what the provider runs from its declared report, naming it, its date and its scope', () => {
    const results = { ...sampleResults(), inherited: [{ ...report, state: 'valid' as const }] }
    const a = buildMatcher(shipped, results, NOW).decide(question('Is there video surveillance of the datacenter?'))
    expect(a.answer).toBe('yes')
    expect(a.rationale).toContain('Inherited from Microsoft Azure: SOC 2 Type II report, issued 2026-06-30, valid until 2027-06-30')
    expect(a.source).toMatchObject({ kind: 'inherited', id: 'azure-soc2', provider: 'Microsoft Azure', issued: '2026-06-30', expires: '2027-06-30' })
  })

  it('gives nothing from an expired report, or when none is declared', () => {
    const expired = { ...sampleResults(), inherited: [{ ...report, state: 'expired' as const }] }
    for (const results of [expired, sampleResults()]) {
      const a = buildMatcher(shipped, results, NOW).decide(question('Is there video surveillance of the datacenter?'))
      expect(a.answer).toBe('unknown')
      expect(a.review).toMatch(/no valid provider report azure-soc2 or azure-iso27001/)
    }
  })
})

// The decide layer's promises to the buyer: text sent names no resource, a value question gets a value or a
// person (never yes/no), and no answer asserts what a failing control or trust claim denies.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/catalog/load.js'
import { controlResults } from '../../src/catalog/rollup.js'
import { REVIEW_CONFIDENCE, buildMatcher, type Matcher } from '../../src/questionnaire/decide.js'
import { resourceName } from '../../src/questionnaire/evidence.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { loadShippedLibrary, type AnswerLibrary } from '../../src/questionnaire/library.js'
import { sampleResults, SAMPLE_CHECK_IDS, type CheckOutcome } from '../../src/questionnaire/sample-results.js'
import { asksForValue } from '../../src/questionnaire/text.js'
import type { DecidedAnswer, Question } from '../../src/questionnaire/types.js'
import type { Results } from '../../src/snapshot/results.js'
import { projectRoot } from '../../src/core/version.js'
import { FIXTURES, LIBRARY, question, withoutServices } from './helpers.js'

const library: AnswerLibrary = loadShippedLibrary(LIBRARY, join(projectRoot(), 'src', 'services'))
const catalog = loadCatalog()
const trustClaims = catalog.frameworks.filter((f) => f.id === 'trust-claims')

/** Sample results plus the real trust-claims controls rolled up over the same findings. */
function withClaims(outcomes: Record<string, CheckOutcome> = {}, attestations: string[] = []): Results {
  const r = sampleResults(outcomes, { attestations })
  r.controls.push(...controlResults(trustClaims, r.findings, new Map()))
  return r
}

/** Every name the results hold: each resource (and parent, resource group), subscription ID and display name. */
function namesIn(r: Results): string[] {
  const names = new Set<string>()
  for (const f of r.findings) {
    const n = resourceName(f.resourceId)
    names.add(n)
    for (const part of n.split('/')) names.add(part)
    const rg = /\/resourceGroups\/([^/]+)/i.exec(f.resourceId)
    if (rg) names.add(rg[1]!)
    const sub = /\/subscriptions\/([^/]+)/i.exec(f.resourceId)
    if (sub) names.add(sub[1]!)
  }
  for (const s of r.snapshot.subscriptions) {
    names.add(s.subscriptionId)
    if (s.displayName) names.add(s.displayName)
  }
  return [...names].filter((n) => n.length > 0)
}

/** A name as a whole word: "prod" is in "prod." but not in "production"; "vault-prod" is not in "vault-prod-2". */
function mentions(text: string, name: string): boolean {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![A-Za-z0-9_-])${esc}(?![A-Za-z0-9_-])`, 'i').test(text)
}

async function sampleQuestions(): Promise<Question[]> {
  // The repository's copies: a clean clone has no shared data folder beside it.
  const files = [join(FIXTURES, 'sample-buyer-questionnaire.xlsx'), join(FIXTURES, 'sample-buyer-questionnaire.csv'), ...readdirSync(join(FIXTURES, 'vsaq')).filter((f) => f.endsWith('.json')).map((f) => join(FIXTURES, 'vsaq', f))]
  const out: Question[] = []
  for (const f of files) out.push(...(await importQuestionnaire(f)).questions)
  return out
}

/** Many checks failing, in every way a finding can go wrong. */
const OUTCOMES: CheckOutcome[] = ['fail', 'partial', 'error', 'manual', 'excepted', 'pass']
function manyFailing(): Record<string, CheckOutcome> {
  return Object.fromEntries(SAMPLE_CHECK_IDS.map((id, i) => [id, OUTCOMES[i % OUTCOMES.length]!]))
}

const favourable = (a: DecidedAnswer): boolean => (a.answer === 'yes' && !a.negative) || (a.answer === 'no' && a.negative) || a.answer === 'not_applicable' || a.answer === 'text'

describe('text sent to a buyer', () => {
  it('names no resource, resource group or subscription in any rationale or value, over every sample question with many checks failing', async () => {
    const qs = await sampleQuestions()
    expect(qs.length).toBeGreaterThan(100)
    const scenarios: Results[] = [withClaims(manyFailing()), withClaims(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), withClaims(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'partial' as const])))]
    // A second subscription with a display name that reads like a name, to catch the scanned evidence.
    for (const r of scenarios) r.snapshot.subscriptions.push({ subscriptionId: '7c1e4a52-93d0-4b8e-a6f1-2d5c8e90b3a7', displayName: 'Contoso Production' })
    let failingSeen = 0
    for (const results of scenarios) {
      const names = namesIn(results)
      expect(names).toEqual(expect.arrayContaining(['server-prod/sql-db-tde-res2', 'rg-prod', 'prod', 'Contoso Production']))
      const m = buildMatcher(library, results)
      for (const q of qs) {
        const a = m.decide(q)
        for (const n of names) {
          expect(mentions(a.rationale, n), `rationale of "${q.text}" names ${n}: ${a.rationale}`).toBe(false)
          if (a.value !== undefined) expect(mentions(a.value, n), `value of "${q.text}" names ${n}`).toBe(false)
        }
        // …while the reviewer's text names what fails.
        if (a.entryId && a.review && /^(failing|partial): /.test(a.review)) {
          failingSeen++
          const failing = results.findings.filter((f) => f.status === 'fail' && a.citations.includes(f.checkId)).map((f) => resourceName(f.resourceId))
          expect(failing.some((n) => a.namedRationale.includes(n)), `namedRationale of "${q.text}": ${a.namedRationale}`).toBe(true)
        }
      }
    }
    expect(failingSeen).toBeGreaterThan(20)
  })

  it('counts resources by kind, and says of an exception only how many and until when', () => {
    const m = buildMatcher(library, withClaims({ 'sql-db-tde': 'partial', 'storage-public-network': 'excepted' }))
    const p = m.decide(question('Is customer data encrypted at rest in databases?'))
    expect(p.rationale).toBe('Not everywhere: 1 of 2 databases in scope do not meet it (sql-db-tde fails).')
    expect(p.namedRationale).toBe('Not everywhere: 1 of 2 databases in scope do not meet it (sql-db-tde fails on server-prod/sql-db-tde-res2).')
    const ex = m.decide(question('Is public anonymous access to storage containers disabled?'))
    expect(ex.answer).toBe('yes')
    expect(ex.rationale).toContain('Note: 1 storage account is under an accepted exception until 2027-03-31.')
    expect(ex.rationale).not.toContain('static marketing assets')
    expect(ex.namedRationale).toContain('storage-public-network-res2 under an accepted exception (static marketing assets, until 2027-03-31)')
  })

  it('says how many subscriptions were read, not which', () => {
    const a = buildMatcher(library, withClaims()).decide(question('Who is your hosting provider?'))
    expect(a.rationale).toMatch(/read from 1 Azure subscription, scanned 2026-11-20\./)
    expect(a.namedRationale).toContain('read from 1 Azure subscription (prod)')
  })
})

describe('questions that ask for a value', () => {
  it('tells value questions from yes/no ones', () => {
    for (const q of ['How often are databases backed up?', 'How long are security logs retained?', 'For how many days can a database be restored?', 'How many regions store our data?', 'Which services expose a public endpoint?', 'In which countries is customer data stored?', 'What is your backup retention period?', 'What minimum TLS version do your services accept?', 'What is the frequency of vulnerability scans?', 'List the regions where customer data is stored.', 'Please list all subprocessors.', 'Backups matter to us. How long are they kept?', 'Provide the list of Microsoft Defender for Cloud plans enabled at the Standard tier in each subscription.', 'Please provide the inventory of key vaults.'])
      expect(asksForValue(q), q).toBe(true)
    for (const q of ['Is there a list of subprocessors?', 'Do you list your subprocessors publicly?', 'Are encryption keys rotated automatically? How often?', 'Is your backup retention period at least 30 days?', 'How are encryption keys managed?', 'Describe your backup process.', 'What is your policy on encryption?', 'Indicate whether data is encrypted at rest.', 'Do you back up customer data?'])
      expect(asksForValue(q), q).toBe(false)
  })

  it('never answers one yes, no, partial or not applicable, on any sample question, whatever the evidence', async () => {
    const qs = (await sampleQuestions()).filter((q) => asksForValue(q.text))
    expect(qs.length).toBeGreaterThan(10)
    let values = 0
    for (const results of [withClaims(), withClaims(manyFailing()), withClaims({}, ['soc2:A1.3', 'iso27001:5.17', 'gdpr:Art.33(2)'])]) {
      const m = buildMatcher(library, results)
      for (const q of qs) {
        const a = m.decide(q)
        expect(['text', 'unknown'], `"${q.text}" -> ${a.answer}`).toContain(a.answer)
        if (a.answer === 'text') {
          values++
          const e = library.entries.find((x) => x.id === a.entryId)
          expect(e?.value, q.text).toBeDefined()
          expect(a.value, q.text).toMatch(/\S/)
          expect(a.value, q.text).not.toMatch(/\{[A-Za-z:]+\}/)
        } else expect(a.value, q.text).toBeUndefined()
      }
    }
    expect(values).toBeGreaterThan(5)
  })

  it('answers "how often are databases backed up?" with the grounded value, and never "No": nowhere, a person answers; not everywhere, the value says so', () => {
    const q = 'How often are production databases backed up?'
    const ok = buildMatcher(library, withClaims()).decide(question(q))
    expect(ok).toMatchObject({ answer: 'text', entryId: 'backup-frequency', review: null })
    // The sample's Cosmos DB accounts and PostgreSQL servers are backed up by the service itself, as the value says.
    expect(ok.value).toBe('Continuously: transaction-log backups every few minutes, restorable to any point within 35 days (2 databases in scope); Cosmos DB accounts are backed up automatically by the service (periodic or continuous backup mode), which cannot be turned off; PostgreSQL flexible servers are backed up automatically by the service (daily snapshots and continuous transaction-log backup), which cannot be turned off')
    for (const outcome of ['fail', 'error'] as CheckOutcome[]) {
      const bad = buildMatcher(library, withClaims({ 'sql-db-pitr-retention': outcome })).decide(question(q))
      expect(bad.answer, outcome).toBe('unknown')
      expect(bad.value, outcome).toBeUndefined()
    }
    const failing = buildMatcher(library, withClaims({ 'sql-db-pitr-retention': 'fail' })).decide(question(q))
    expect(failing.rationale).toBe('Not answered automatically: the question asks for a value, and it does not hold everywhere (none of the 2 databases in scope meet it; sql-db-pitr-retention fails). A person should review it.')
    const partial = buildMatcher(library, withClaims({ 'sql-db-pitr-retention': 'partial' })).decide(question(q))
    expect(partial.answer).toBe('text')
    expect(partial.value).toBe('Continuously: transaction-log backups every few minutes, restorable to any point within 35 days (1 of 2 databases in scope); not everywhere: 1 of 2 databases in scope do not meet it (sql-db-pitr-retention fails)')
    expect(partial.rationale).not.toMatch(/server-prod|res2/)
    expect(partial.namedRationale).toMatch(/sql-db-pitr-retention-res2/)
    expect(partial.review).toMatch(/^partial: the value holds on 1 of 2; partial: sql-db-pitr-retention on server-prod\/sql-db-pitr-retention-res2/)
    expect(partial.confidence).toBeLessThan(REVIEW_CONFIDENCE)
  })

  it('gives the value where it holds with where it does not, never a list that leaves the failing resources out', () => {
    const rot = buildMatcher(library, withClaims({ 'keyvault-key-rotation': 'partial' })).decide(question('How often are keys rotated?'))
    expect(rot.answer).toBe('text')
    expect(rot.value).toBe('Automatically, at most every 180 days (1 of 2 keys in scope with a rotation policy; the policy requires at least every 365 days); not everywhere: 1 of 2 keys in scope do not meet it (keyvault-key-rotation fails)')
    expect(rot.source).toMatchObject({ kind: 'evidence', checks: [{ id: 'keyvault-key-rotation', pass: 1, fail: 1 }] })
    // "held today in Canada Central" read from the passing resources would hide where the failing one is.
    const regions = buildMatcher(library, withClaims({ 'resource-location-allowed': 'partial' })).decide(question('Which regions host customer data?'))
    expect(regions.answer).toBe('unknown')
    expect(regions.value).toBeUndefined()
    // Nor one that does not state what is asked for, where it holds or not.
    const length = buildMatcher(library, withClaims({ 'keyvault-key-rotation': 'partial' })).decide(question('How often are keys rotated, and with which key length?'))
    expect([length.answer, length.value]).toEqual(['unknown', undefined])
    // Nor a value that says all of them ("on every Azure SQL server", "only the API gateway").
    const sqlTls = buildMatcher(library, withClaims({ 'sql-server-min-tls': 'partial' })).decide(question('What TLS version do your SQL servers require?'))
    expect([sqlTls.answer, sqlTls.value]).toEqual(['unknown', undefined])
    const full = buildMatcher(library, withClaims()).decide(question('What TLS version do your SQL servers require?'))
    expect(full.value).toMatch(/on every Azure SQL server/)
    // The rotation claim failing for the shortfall the value states does not deny it; failing for something
    // the value does not state (here, made to rest on purge protection too) it does.
    const stated = withClaims({ 'keyvault-key-rotation': 'partial', 'keyvault-purge-protection': 'fail' })
    expect(stated.controls.find((c) => c.controlId === 'TC-KEY-02')).toMatchObject({ status: 'fail', checkIds: ['keyvault-key-rotation'] })
    expect(buildMatcher(library, stated).decide(question('How often are keys rotated?')).answer).toBe('text')
    const claim = stated.controls.find((c) => c.controlId === 'TC-KEY-02')!
    claim.checkIds = [...claim.checkIds, 'keyvault-purge-protection']
    const denied = buildMatcher(library, stated).decide(question('How often are keys rotated?'))
    expect(denied.answer).toBe('unknown')
    expect(denied.rationale).toMatch(/TC-KEY-02/)
  })

  it('gives no value when the matched entry has none, even though the evidence holds', () => {
    const bare: AnswerLibrary = { version: 1, entries: library.entries.map((e) => (e.id === 'backup-frequency' ? { ...e, value: undefined } : e)) }
    const a = buildMatcher(bare, withClaims()).decide(question('How often are production databases backed up?'))
    expect(a.answer).toBe('unknown')
    expect(a.review).toMatch(/^asks for a value; no approved value for "How often production databases are backed up"/)
  })

  it('fills a value from what the snapshot shows, the parameters and the count in scope, and states the approved wording without its "Yes."', () => {
    const m = buildMatcher(library, withClaims())
    // The sample SQL databases keep 35 and 42 days, its PostgreSQL servers 35; the keys rotate every 180 and 335 days.
    // Its Cosmos DB accounts' restore window no check reads: every database's is given only without them.
    const pitr = buildMatcher(library, withoutServices(withClaims(), 'microsoft.documentdb')).decide(question('For how many days can a database be restored to a point in time?'))
    expect([pitr.answer, pitr.value]).toEqual(['text', '35 days or more of point-in-time restore on all 4 databases in scope (the policy requires at least 35)'])
    const unread = m.decide(question('For how many days can a database be restored to a point in time?'))
    expect([unread.answer, unread.value]).toEqual(['unknown', undefined])
    expect(unread.rationale).toMatch(/does not read Cosmos DB \(\d+ resources in the results\)\. Evidence: 4 resources pass sql-db-pitr-retention, postgres-backup-retention/)
    const rot = m.decide(question('How often are keys rotated?'))
    expect(rot.value).toBe('Automatically, at most every 335 days (2 keys in scope with a rotation policy; the policy requires at least every 365 days)')
    expect(rot.rationale).toMatch(/^Every Key Vault key has a rotation policy/)
  })

  it('does not answer a value question from a fixed position', () => {
    const a = buildMatcher(library, withClaims()).decide(question('Which payment card data do you store, process or transmit?'))
    expect(a.answer).toBe('unknown')
  })

  it('still answers a yes/no question with a value follow-up yes or no', () => {
    const m = buildMatcher(library, withClaims({ 'keyvault-key-rotation': 'partial' }))
    expect(m.decide(question('Are encryption keys rotated automatically? How often?')).answer).toBe('partial')
    expect(buildMatcher(library, withClaims()).decide(question('Are encryption keys rotated automatically? How often?')).answer).toBe('yes')
  })
})

describe('controls and trust claims that fail', () => {
  const PUBLIC = ['Which services expose a public endpoint?', 'Is only the API gateway publicly reachable?', 'Are internet-facing systems limited to a gateway?', 'Which systems are exposed to the internet?']
  const nsgOpen = (): Matcher => buildMatcher(library, withClaims({ 'nsg-no-open-admin-ports': 'fail' }))

  it('does not answer the public-endpoint questions favourably while TC-HOST-06 fails, though the checks they rely on pass', () => {
    const results = withClaims({ 'nsg-no-open-admin-ports': 'fail' })
    expect(results.controls.find((c) => c.controlId === 'TC-HOST-06')?.status).toBe('fail')
    const m = nsgOpen()
    for (const text of PUBLIC) {
      const a = m.decide(question(text))
      expect(a.entryId, text).toBe('public-endpoints')
      expect(favourable(a), `"${text}" -> ${a.answer}`).toBe(false)
      expect(a.answer, text).toBe('unknown')
      expect(a.review, text).toContain("trust claim TC-HOST-06 'Only the API gateway has a public endpoint' fails in these results")
      expect(a.citations, text).toContain('trust-claims:TC-HOST-06')
      expect(a.rationale, text).toContain('trust-claims:TC-HOST-06')
    }
  })

  it('answers them when every check passes (the claim is manual, not failing)', () => {
    const m = buildMatcher(library, withClaims())
    for (const text of PUBLIC) {
      const a = m.decide(question(text))
      expect(favourable(a), `"${text}" -> ${a.answer}: ${a.review}`).toBe(true)
    }
    expect(m.decide(question('Which services expose a public endpoint?'))).toMatchObject({ answer: 'text', value: 'Only the API gateway' })
    expect(m.decide(question('Is only the API gateway publicly reachable?')).answer).toBe('yes')
  })

  it('does not block an answer merely because a broad failing claim contains its checks', () => {
    // TC-HOST-06 covers both checks of this entry, and fails on an open SSH port; the databases still refuse public traffic.
    const a = nsgOpen().decide(question('Is public network access to databases disabled?'))
    expect(a.entryId).toBe('db-private-access')
    expect(a.answer).toBe('yes')
  })

  it('blocks an answer whose question matches the title of a failing control of any framework', () => {
    const results = withClaims()
    results.controls.push({ framework: 'acme', controlId: 'NET-1', title: 'Remote administration ports SSH and RDP closed to the internet', status: 'fail', checkIds: [], manual: true, counts: { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 1 } })
    const a = buildMatcher(library, results).decide(question('Are remote administration ports (SSH, RDP) closed to the internet?'))
    expect(a.entryId).toBe('admin-ports')
    expect(a.answer).toBe('unknown')
    expect(a.review).toContain("control acme:NET-1 'Remote administration ports SSH and RDP closed to the internet' fails in these results")
  })

  it('blocks a fixed favourable position when its trust claim fails, and leaves unfavourable answers alone', () => {
    const results = withClaims()
    const pci = results.controls.find((c) => c.controlId === 'TC-PRIV-03')!
    pci.status = 'fail'
    const m = buildMatcher(library, results)
    expect(m.decide(question('Do you store, process or transmit payment card data?')).answer).toBe('unknown')
    // A "no" to a positive question asserts nothing: it stays as it is.
    expect(m.decide(question('Do you hold a current SOC 2 Type II report?')).answer).toBe('no')
  })

  it('never turns a partial answer into a favourable one', () => {
    const a = nsgOpen().decide(question('Are remote administration ports (SSH, RDP) closed to the internet?'))
    expect(a.answer).toBe('no')
    const p = buildMatcher(library, withClaims({ 'nsg-no-open-admin-ports': 'partial' })).decide(question('Are remote administration ports (SSH, RDP) closed to the internet?'))
    expect(p.answer).toBe('partial')
  })
})

describe('questions that ask whether the bad thing is the case', () => {
  // Each: the question, the check whose passing means "no", and the entry phrased the same way.
  const cases: Array<[string, string, string]> = [
    ['Is any customer data stored unencrypted?', 'sql-db-tde', 'data-stored-unencrypted'],
    ['Could an administrator permanently delete an encryption key without any waiting period?', 'keyvault-purge-protection', 'key-purge-immediate'],
    ['Are all copies of your backups kept in the same region as production?', 'sql-db-geo-backup', 'backups-same-region'],
    ['Is your key vault reachable from any network?', 'keyvault-public-network', 'keyvault-open-network'],
    ['Are container apps exposed directly to the internet?', 'containerapp-ingress', 'containers-exposed'],
    ['Will your database servers accept a client that negotiates TLS 1.0?', 'sql-server-min-tls', 'db-legacy-tls'],
    ['Does ingress accept insecure HTTP connections?', 'containerapp-ingress', 'plain-http-allowed'],
  ]

  it.each(cases)('answers "%s" no, citing %s, when it passes', (text, check, entry) => {
    const a = buildMatcher(library, withClaims()).decide(question(text))
    expect(a.entryId).toBe(entry)
    expect(a.answer).toBe('no')
    expect(a.citations).toContain(check)
  })

  it.each(cases)('never answers "%s" no while %s fails', (text, check) => {
    const a = buildMatcher(library, withClaims({ [check]: 'fail' })).decide(question(text))
    expect(a.answer).not.toBe('no')
  })

  it('keeps a question about one database firewall rule off the key vault entry that shares its words', () => {
    const a = buildMatcher(library, withClaims()).decide(question('Does any database firewall rule allow connections from every IP address?'))
    expect(a.entryId).not.toBe('keyvault-open-network')
  })

  it('answers a question naming one service from that service\'s check only', () => {
    const a = buildMatcher(library, withClaims()).decide(question('Does the message broker require TLS 1.2 or later from its clients?'))
    expect(a.entryId).toBe('broker-tls')
    expect(a.answer).toBe('yes')
    expect(a.citations.filter((c) => !c.includes(':'))).toEqual(['servicebus-min-tls'])
    const failing = buildMatcher(library, withClaims({ 'app-min-tls': 'fail' })).decide(question('Does the message broker require TLS 1.2 or later from its clients?'))
    expect(failing.answer).toBe('yes')
  })
})

// Questions that look alike and ask different things: the answer must rest on the evidence of the one asked.
import { describe, expect, it } from 'vitest'
import { shippedLibrary } from '../../src/app/answer.js'
import { ACCEPT_CONFIDENCE, REVIEW_CONFIDENCE, asAnyAsked, buildMatcher, focusText, regionShortfall, withoutAssumption, withoutGuidance, statusChosen, withoutReference, withoutRelay, withoutRoadmap } from '../../src/questionnaire/decide.js'
import { withCatalogChecks } from '../../bench/labelled.js'
import { answerOptions, asksForValue, ceilingDurationsInDays, extentOf, extentOffered, joinedAsks, withoutMarkup, withoutShorthand, countAsked, countDirection, durationsInDays, hazardRow, namedFamilies, numberedParts, otherCloud, outOfScopeTerms, periodAsked, polarityCues, processCues, questionPolarity, servicePhrases, spellingFixer, withoutExcepted, words } from '../../src/questionnaire/text.js'
import { SAMPLE_CHECK_IDS, sampleResults } from '../../src/questionnaire/sample-results.js'
import { NOW, question, withoutServices } from './helpers.js'
import { answerCellText } from '../../src/questionnaire/write.js'

// Every check the catalog knows, as a real scan evaluates them all (the sample alone has only some).
const m = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(), () => 'pass'), NOW)
const ask = (text: string): ReturnType<typeof m.decide> => m.decide(question(text))
const definite = (a: ReturnType<typeof m.decide>): boolean => a.answer !== 'unknown'
/** Every check the catalog has (Cosmos DB, PostgreSQL, WAF…), all passing or all failing. */
const wide = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(), () => 'pass'), NOW)
const wideFailingStorageTls = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'storage-min-tls': 'fail' }), () => 'pass'), NOW)
const wideFailing = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), () => 'fail'), NOW)

/** Each question reads as the polarity given, and none is answered favourably where every check fails. */
function expectPolarities(cases: Array<[text: string, polarity: 'positive' | 'negative']>): void {
  expect(cases.filter(([text, polarity]) => questionPolarity(text) !== polarity).map(([text]) => text)).toEqual([])
  const favourable = cases.filter(([text, polarity]) => wideFailing.decide(question(text)).answer === (polarity === 'positive' ? 'yes' : 'no'))
  expect(favourable.map(([text]) => text)).toEqual([])
}

/** Each question is answered `answer` from its check when every check passes, and never so when every check fails. */
function expectReadAs(cases: Array<[text: string, check: string]>, answer: 'yes' | 'no'): void {
  for (const [text, check] of cases) {
    const a = wide.decide(question(text))
    expect([a.answer, a.negative], text).toEqual([answer, answer === 'no'])
    expect(a.citations, text).toContain(check)
    expect(wideFailing.decide(question(text)).answer, text).not.toBe(answer)
  }
}

describe('intents kept apart', () => {
  it('does not answer a question about data in transport from encryption at rest', () => {
    const a = ask('Is the transport of sensitive data encrypted across public networks?')
    expect(a.citations).not.toContain('sql-db-tde')
    if (definite(a)) expect(a.entryId).toBe('tls-in-transit')
  })

  it('does not answer the cloud provider\'s access to keys from where the keys are kept or who hosts', () => {
    const a = ask('Does your cloud provider have access to your encryption keys?')
    expect(a.answer).toBe('unknown')
    expect(['key-management', 'hosting-provider', 'key-access-logging']).not.toContain(a.entryId)
  })

  it('answers off-site and geographically diverse backups from geo-redundant backup, never from backup encryption', () => {
    for (const text of ['Are backups stored off-site?', 'Are backups geographically diverse from production?']) {
      const a = ask(text)
      expect(a.entryId, text).toBe('backup-geo-redundancy')
      expect(a.citations, text).toContain('sql-db-geo-backup')
    }
  })

  it('does not take zone redundancy for off-site backup', () => {
    const a = ask('Are databases zone redundant?')
    expect(a.entryId).not.toBe('backup-geo-redundancy')
  })

  it('answers which regions hold the data from the resources\' regions, not from who hosts them', () => {
    const a = ask('Which regions host customer data?')
    expect(a.entryId).toBe('data-residency')
    expect(a.citations).toContain('resource-location-allowed')
  })

  it('leaves datacenter surveillance and hypervisor hardening to the provider\'s reports', () => {
    for (const text of ['Is there video surveillance of the datacenter?', 'Are hypervisors hardened?']) expect(ask(text).answer, text).toBe('unknown')
  })
})

describe('words an intent requires', () => {
  it('does not answer how often backups are taken from backup encryption', () => {
    const a = ask('Are backups of customer data taken at least once a day?')
    expect(a.entryId).not.toBe('backup-encryption')
    expect(a.citations).not.toContain('sql-db-tde')
  })
})

describe('what the question asks, read from its words', () => {
  // On an estate where every check fails, none of these may come back favourable: each reads the opposite
  // way to the entry its words resemble.
  const failing = buildMatcher(shippedLibrary(), sampleResults(Object.fromEntries(sampleResults().checks.map((c) => [c.id, 'fail' as const]))), NOW)
  const favourableOnFailing = (text: string): boolean => {
    const a = failing.decide(question(text))
    return (a.answer === 'yes' && !a.negative) || (a.answer === 'no' && a.negative)
  }

  it('never answers "are there any keys never rotated?" or "any resources outside approved regions?" from a positive entry', () => {
    for (const text of ['Are there any encryption keys in use that have never been rotated?', 'Are any resources deployed outside approved geographic regions?']) {
      const a = failing.decide(question(text))
      expect(favourableOnFailing(text), text).toBe(false)
      // a "no" here would read as "none are", the opposite of what failing checks show
      expect(a.answer === 'no' && !a.negative, text).toBe(false)
    }
  })

  it('reads "are SAS keys used?" as asking whether the bad state exists', () => {
    const text = 'Are shared access signature (SAS) keys used to access the messaging service?'
    const a = failing.decide(question(text))
    expect(a.answer === 'no' && !a.negative).toBe(false)
  })

  it('reads "are there any databases on which…" and "does any rule permit…" as asking after the bad instance', () => {
    for (const text of ['Are there any relational databases on which encryption at rest has been turned off?', 'Does any firewall or NSG rule permit inbound remote administration traffic from any source address?', 'Are any production databases backed up only to storage within a single region?']) {
      const a = failing.decide(question(text))
      expect(favourableOnFailing(text), text).toBe(false)
      expect(a.answer === 'no' && !a.negative, text).toBe(false)
    }
  })

  it('gives a plain question ("are keys rotated automatically?") no answer from an entry that asks after the hazard', () => {
    for (const m of [failing, buildMatcher(shippedLibrary(), sampleResults(), NOW)]) {
      const a = m.decide(question('Are encryption keys rotated automatically?'))
      expect(a.entryId).not.toBe('keys-not-rotated')
    }
    // …while the hazard question itself is answered from it, unfavourably where keys lack a policy
    const hazard = failing.decide(question('Do any keys lack an automatic rotation policy?'))
    expect(hazard.entryId).toBe('keys-not-rotated')
    expect(hazard.answer).not.toBe('no')
  })

  it('reads "set to Prevention rather than Detection mode" as the safeguard', () => {
    const text = 'Is the WAF policy attached to your Azure Front Door profile set to Prevention rather than Detection mode?'
    expect(favourableOnFailing(text)).toBe(false)
    expect(failing.decide(question(text)).negative).toBe(false)
  })

  it('reads "isolated from the internet, reachable only privately" and "the only component exposed" as safeguards, never from an exposure entry', () => {
    for (const text of ['Are production databases isolated from the public internet and reachable only from the application\'s private network?', 'Is the API gateway the only component exposed to the internet?']) {
      expect(favourableOnFailing(text), text).toBe(false)
      const a = failing.decide(question(text))
      expect(a.negative, text).toBe(false)
    }
  })
})

describe('polarity from how a question is built', () => {
  const failing = buildMatcher(shippedLibrary(), sampleResults(Object.fromEntries(sampleResults().checks.map((c) => [c.id, 'fail' as const]))), NOW)
  // [question, what it asks after: the safeguard (positive) or the bad state (negative)]
  const cases: Array<[string, 'positive' | 'negative']> = [
    ['Has auditing been turned off on any of your SQL servers?', 'negative'],
    ['Is purge protection disabled on any vault?', 'negative'],
    ['Is public network access switched off on the storage accounts?', 'positive'],
    ['Is local authentication disabled on the messaging namespaces?', 'positive'],
    ['Is key-based access disabled on the document database?', 'positive'],
    ['It is not the case that any storage account lacks encryption.', 'positive'],
    ['Is it true that no database accepts TLS 1.0?', 'positive'],
    ['Our storage accounts do not permit plain HTTP.', 'positive'],
    ['Are there vaults in the estate that have no purge protection?', 'negative'],
    ['Can any bucket be listed anonymously?', 'negative'],
  ]

  it('reads a switched-off setting by what is off, a denied hazard as a safeguard, and an instance without the safeguard as the bad state', () => {
    expect(cases.filter(([text, polarity]) => questionPolarity(text) !== polarity).map(([text]) => text)).toEqual([])
    // "rather than account keys" prefers the safeguard: never read as asking after the keys
    expect(questionPolarity('Do services connect with managed identities rather than account keys?')).not.toBe('negative')
  })

  it('never answers one of them favourably where every check fails', () => {
    const favourable = cases.filter(([text, polarity]) => failing.decide(question(text)).answer === (polarity === 'positive' ? 'yes' : 'no'))
    expect(favourable.map(([text]) => text)).toEqual([])
  })
})

describe('the service a question names', () => {
  it('leads the citations with the checks of the service it names, when the entry covers several', () => {
    const a = ask('Will the message broker still negotiate TLS 1.0 with a client?')
    expect(a.citations[0]).toBe('servicebus-min-tls')
  })

  it('between entries ranked alike, takes the one whose subject the question names over one matched on its service alone', () => {
    expect(ask('Please confirm your Cosmos DB document store uses TLS 1.2 as its lowest accepted protocol.').citations[0]).toBe('cosmosdb-min-tls')
    expect(ask('Are there encryption keys kept in your vaults that have no rotation schedule at all?').citations[0]).toBe('keyvault-key-rotation')
  })

  it('needs evidence for both states of "encrypted both at rest and in transit", and cites both', () => {
    const a = ask('Are your databases encrypted both at rest and in transit?')
    expect(a.citations).toContain('sql-db-tde')
    expect(a.citations).toContain('sql-server-min-tls')
    // where TDE fails, the transport half alone does not make it a yes
    const noTde = buildMatcher(shippedLibrary(), sampleResults({ 'sql-db-tde': 'fail' }), NOW)
    expect(noTde.decide(question('Are your databases encrypted both at rest and in transit?')).answer).not.toBe('yes')
  })

  it('answers a question about one service from that service\'s entry, never another service\'s', () => {
    const bus = ask('Is the message bus reachable only over private endpoints?')
    expect(bus.entryId).toBe('broker-network')
    expect(bus.citations).toContain('servicebus-public-network')
    const storage = ask('Is public network access to storage accounts disabled?')
    expect(storage.entryId).toBe('storage-public-access')
    expect(storage.citations).not.toContain('sql-server-public-network')
  })

  it('keeps a service\'s entry off questions that do not name it', () => {
    const a = ask('Are all network paths to the platform encrypted?')
    expect(['cosmosdb-tls', 'postgres-tls', 'broker-tls', 'db-tls']).not.toContain(a.entryId)
  })

  it('cites the nearest check for a process question it cannot answer without an attestation', () => {
    const a = ask('Are audit logs protected from unauthorized modification and retained for at least 12 months?')
    expect(a.answer).toBe('unknown')
    expect(a.citations).toContain('log-retention')
  })
})

describe('two weak readings that agree', () => {
  const ADMIN = 'Is remote admin access such as port 22 or 3389 reachable from 0.0.0.0/0 on any network rule?'

  it('answers when the entry found by the words is answered from the check the checks\' own text ranks first, flagged for review', () => {
    // Alone, neither reading is enough: the entry is under the accepting bar.
    expect(m.explain(question(ADMIN)).entries[0]!.confidence).toBeLessThan(ACCEPT_CONFIDENCE)
    const a = ask(ADMIN)
    expect(a.entryId).toBe('admin-ports-exposed')
    expect(a.answer).toBe('no')
    expect(a.citations).toContain('nsg-no-open-admin-ports')
    expect(a.confidence).toBeLessThan(REVIEW_CONFIDENCE)
    expect(a.review).toMatch(/low confidence/)
  })

  it('never answers favourably that way where the check fails', () => {
    const open = buildMatcher(shippedLibrary(), sampleResults({ 'nsg-no-open-admin-ports': 'fail' }), NOW).decide(question(ADMIN))
    expect(open.answer).not.toBe('no')
  })

  it('does not let point-in-time restore compete with weekly long-term retention', () => {
    // "as documented" halves the reading (a process the setting does not show); the restore window, which
    // once read almost as well, is another subject and is no longer a candidate.
    const text = 'Show that full database backups are retained weekly under a long-term retention policy, as documented.'
    const entries = m.explain(question(text)).entries
    expect(entries[0]!.ref).toBe('long-term-retention')
    expect(entries[0]!.confidence).toBeLessThan(ACCEPT_CONFIDENCE)
    expect(entries.map((e) => e.ref)).not.toContain('pitr-retention')
    const a = ask(text)
    expect(a.citations).toContain('sql-db-ltr-weekly')
    expect(a.citations).not.toContain('sql-db-pitr-retention')
  })

  it('reads a retention policy as a setting, not a document, and lets the subject the question speaks of lead', () => {
    const a = ask('Show that full Azure SQL database backups are retained weekly under a long-term retention policy.')
    expect([a.answer, a.entryId]).toEqual(['yes', 'long-term-retention'])
    expect(a.citations).toContain('sql-db-ltr-weekly')
    expect(ask("Please provide a screenshot or policy export showing that the Application Gateway's WAF policy is Enabled and set to Prevention mode.").entryId).toBe('web-application-firewall')
  })

  it('keeps VM disks, which no check reads, off the SQL servers\' customer-managed key', () => {
    for (const text of ['Are VM disks encrypted at rest with customer-managed keys?', 'Are managed disks encrypted?']) expect(ask(text).answer, text).toBe('unknown')
  })

  it('shows the reviewer the check the words pick out clearly, however weakly', () => {
    const all = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(), () => 'pass'), NOW)
    const text = 'Is Defender switched on for the subscriptions?'
    const [c1, c2] = all.explain(question(text)).checks
    expect(c1!.ref).toBe('defender-plans-standard')
    expect(c1!.confidence).toBeLessThan(0.3) // under the bar for suggesting a check by its rank alone
    expect(c1!.confidence).toBeGreaterThan(1.5 * (c2?.confidence ?? 0))
    const a = all.decide(question(text))
    expect(a.answer).toBe('unknown')
    expect(a.citations.slice(0, 3)).toContain('defender-plans-standard')
  })
})

describe('questions that only look like the evidence', () => {
  it('does not answer whether backups survive losing a region from where the data lives', () => {
    const a = ask('Would the database backups survive the loss of an entire Azure region?')
    expect(['data-residency', 'region-choice']).not.toContain(a.entryId)
    expect(a.citations).toContain('sql-db-geo-backup')
  })

  it('does not answer whether a requirement is written into a standard from the setting itself', () => {
    const a = ask('Is encryption in transit part of your coding standards?')
    expect(a.answer).toBe('unknown')
    // the same subject asked of the estate is answered
    expect(ask('Is encryption in transit required?').answer).toBe('yes')
  })

  it('does not answer a question about a safeguard run in the cloud with who hosts the service', () => {
    for (const text of ['Do you run a cloud workload protection platform on every subscription?', 'Does the platform raise alerts for suspicious activity in your cloud accounts?']) {
      expect(ask(text).entryId, text).not.toBe('hosting-provider')
    }
    expect(ask('Who is your hosting provider?').entryId).toBe('hosting-provider')
  })

  it('answers reaching the message broker with a SAS token from its authentication, not its network exposure', () => {
    const a = ask('Could anyone reach the message broker using a SAS token?')
    expect(a.entryId).not.toBe('broker-public-exposed')
    expect(a.citations).toContain('servicebus-local-auth-disabled')
  })
})

describe('a duration the evidence does not reach', () => {
  it('reads the durations a question names, in days, never fewer than asked', () => {
    expect(durationsInDays('Do you keep audit logs for at least seven years?')).toEqual([2555])
    expect(durationsInDays('retained 12 months, rotated every 90 days, once a year, a 2-week window')).toEqual([365, 90, 365, 14])
    expect(durationsInDays('Are logs retained?')).toEqual([])
  })

  it('does not claim a retention longer than the checks enforce, nor a rotation more frequent', () => {
    for (const text of ['Do you keep audit logs for at least seven years?', 'Are keys rotated at least every 90 days?', 'Is any Azure SQL database\'s restore window shorter than 60 days?']) {
      const a = ask(text)
      expect(a.answer, text).toBe('unknown')
      expect(a.review, text).toMatch(/the question asks for/)
    }
  })

  it('answers a duration the checks do reach', () => {
    expect(ask('Are security logs retained for 12 months?').answer).toBe('yes')
    expect(ask('Are keys rotated at least once a year?').answer).toBe('yes')
  })

  it('holds a check with no parameter (any long-term retention passes) to the days the snapshot shows', () => {
    // The sample's weekly long-term retention: 28 and 84 days.
    const year = wide.decide(question('Do you keep weekly backups for a year?'))
    expect(year.answer).toBe('unknown')
    expect(year.review).toMatch(/asks for 365 days.*28 days on the shortest/)
    expect(wide.decide(question('Are weekly backups kept for at least 4 weeks?')).answer).toBe('yes')
    const ltr = wide.decide(question('How long are long-term backups retained?'))
    expect([ltr.entryId, ltr.value]).toEqual(['long-term-retention', expect.stringMatching(/^Weekly full backups kept 28 days or more/)])
  })

  it('does not answer which rule set version from "OWASP managed rules"', () => {
    const a = wide.decide(question('Which OWASP ruleset version does the WAF use?'))
    expect(a.answer).toBe('unknown')
    expect(a.review).toMatch(/the rule set version/)
  })
})

describe('evidence about something else of the same name', () => {
  it('does not answer rotating storage account keys from Key Vault key rotation', () => {
    const a = ask('Are storage account keys rotated automatically?')
    expect(['key-rotation', 'keys-not-rotated']).not.toContain(a.entryId)
  })

  it('does not answer purging records from backups from the vaults\' purge protection', () => {
    expect(ask('Are deleted customer records purged from backups within 35 days?').entryId).not.toBe('purge-protection')
  })

  it('does not answer an allowlist for customers\' sign-ins from the network firewalls', () => {
    expect(ask('Does the product support IP allowlisting for customer logins?').entryId).not.toBe('firewalls')
  })

  it('does not answer what the cloud provider\'s staff can read with who hosts the service', () => {
    expect(ask('Can the cloud provider\'s staff read customer data?').entryId).not.toBe('hosting-provider')
  })
})


describe('the service the question names', () => {
  const all = wide
  const failing = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), () => 'fail'), NOW)
  const on = (text: string): ReturnType<typeof all.decide> => all.decide(question(text))

  it('reads the services a question names, and not a word used for something else', () => {
    expect([...namedFamilies('Are PostgreSQL backups kept for 35 days?')]).toEqual(['microsoft.dbforpostgresql'])
    expect([...namedFamilies('Is the code tested for SQL injection?')]).toEqual([])
    expect([...namedFamilies('Are databases backed up daily?')]).toEqual([])
  })

  it('answers a PostgreSQL retention question from PostgreSQL\'s backups, not Azure SQL\'s restore window', () => {
    for (const text of ['Are PostgreSQL backups kept for at least 35 days?', 'How many days of Postgres backups do you retain?']) {
      const a = on(text)
      expect(a.citations[0], text).toBe('postgres-backup-retention')
      expect(a.citations, text).not.toContain('sql-db-pitr-retention')
    }
    expect(on('Are Azure SQL database backups kept for at least 35 days?').citations).toContain('sql-db-pitr-retention')
  })

  it('answers keys disabled on document databases from Cosmos DB\'s authentication, not its network', () => {
    const a = on('Are shared access keys disabled on your document database accounts?')
    expect(a.entryId).toBe('cosmosdb-no-keys')
    expect(a.citations).toContain('cosmosdb-local-auth-disabled')
    expect(a.citations).not.toContain('cosmosdb-public-network')
  })

  it('reads anonymous public read access as the hazard it is', () => {
    expect(questionPolarity('Do object storage containers allow anonymous public read access?')).toBe('negative')
    const text = 'Do blob containers allow anonymous public read access?'
    const a = on(text)
    expect(a.answer).toBe('no')
    expect(a.citations).toContain('storage-public-network')
    const f = failing.decide(question(text))
    expect(f.answer === 'no' || (f.answer === 'yes' && !f.negative)).toBe(false)
  })

  it('keeps employees\' workstations out of the cloud estate\'s backups, plural or not', () => {
    expect(outOfScopeTerms('Do you back up employee workstations?')).toEqual(['workstation', 'employee'])
    for (const text of ['Do you back up employee workstations?', 'Are corporate devices backed up nightly?']) {
      const a = on(text)
      expect(a.answer, text).toBe('unknown')
      expect(a.entryId, text).not.toBe('backup-frequency')
    }
  })
})

describe('data in motion, and keys the customer controls', () => {
  it('answers data in motion and transmission confidentiality from the TLS checks, never from who hosts the service', () => {
    for (const text of ['Is all data in motion encrypted using TLS 1.2 or later?', 'Is transmission confidentiality enforced for the hosted application?', 'Is customer data protected by TLS when it moves between our systems and yours?']) {
      const a = ask(text)
      expect(a.entryId, text).toBe('tls-in-transit')
      expect(a.citations, text).toContain('app-min-tls')
    }
  })

  it('answers the lowest TLS version from the TLS checks, as a value', () => {
    const a = ask('What is the lowest TLS version your endpoints will negotiate?')
    expect(a.answer).toBe('text')
    expect(a.entryId).toBe('tls-in-transit')
  })

  it('answers keys held in a vault the customer controls from customer-managed keys, not from where the keys are kept', () => {
    const a = ask('Are database encryption keys held in a key vault you control rather than platform-managed keys?')
    expect(a.entryId).toBe('byok-cmk')
    expect(a.citations).toContain('sql-server-tde-cmk')
  })
})

describe('questions that ask after the bad state in their own words', () => {
  const failing = buildMatcher(shippedLibrary(), sampleResults(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), NOW)
  const cases: Array<[text: string, entry: string, check: string]> = [
    ['Is transparent data encryption switched off on any database?', 'data-stored-unencrypted', 'sql-db-tde'],
    ['Would losing a region destroy the only copy of your backups?', 'backups-same-region', 'sql-db-geo-backup'],
    ['Do any services still use shared access signatures to reach the message queue?', 'shared-keys-used', 'servicebus-local-auth-disabled'],
  ]
  it('answers them no when the evidence holds, and never favourably when it fails', () => {
    for (const [text, entry, check] of cases) {
      const a = ask(text)
      expect(a.answer, text).toBe('no')
      expect(a.entryId, text).toBe(entry)
      expect(a.citations, text).toContain(check)
      const f = failing.decide(question(text))
      expect(f.answer, text).not.toBe('no')
    }
  })

  it('never answers backups kept in one region with the yes of geo-redundant backup', () => {
    for (const text of ['Is the only copy of your backups in one region?', 'Are backups kept only in the primary region?', 'Are all backup copies held in a single region?']) {
      const a = ask(text)
      expect(a.entryId, text).not.toBe('backup-geo-redundancy')
      expect(a.answer, text).not.toBe('yes')
    }
  })

  it('answers a copy kept in a geographically separate place from geo-redundant backup', () => {
    const a = ask('Are backups copied to a geographically separate location?')
    expect(a.answer).toBe('yes')
    expect(a.entryId).toBe('backup-geo-redundancy')
  })

  it('reads a value named without a verb as asking for the value', () => {
    expect(asksForValue('Minimum TLS version enforced on your database servers?')).toBe(true)
    expect(asksForValue('Backup retention period?')).toBe(true)
    expect(asksForValue('Encryption at rest?')).toBe(false)
    expect(asksForValue('Is the minimum TLS version 1.2?')).toBe(false)
    expect(ask('Minimum TLS version enforced on your database servers?').answer).toBe('text')
  })
})

describe('a hazard said to be on, a duration said to fall short', () => {
  const estate = (outcome: 'pass' | 'fail') => withCatalogChecks(sampleResults(outcome === 'pass' ? {} : Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), () => outcome)
  const passing = buildMatcher(shippedLibrary(), estate('pass'), NOW)
  const failing = buildMatcher(shippedLibrary(), estate('fail'), NOW)
  // Each once came back "yes" from the entry phrased the other way: a yes that says the estate is exposed.
  const inverted = [
    'Is public network access enabled on any Cosmos DB account?',
    'Are audit logs deleted after fewer than 90 days?',
    'Are logs kept for less than a year?',
    'Can deleted keys be purged immediately?',
    'Does key rotation happen less often than yearly?',
  ]

  it('reads them as asking after the bad state', () => {
    for (const text of inverted.slice(0, 4)) expect(questionPolarity(text), text).toBe('negative')
    expect(questionPolarity('Is TDE enabled on every database?')).not.toBe('negative')
    expect(questionPolarity('Is SSL enabled on all endpoints?')).not.toBe('negative')
    expect(questionPolarity('Are backups taken at intervals of less than 24 hours?')).not.toBe('negative')
  })

  it('never answers them yes when every check passes, nor favourably when every check fails', () => {
    for (const text of inverted) {
      expect(passing.decide(question(text)).answer, text).not.toBe('yes')
      expect(failing.decide(question(text)).answer, text).not.toBe('no')
    }
    expect(passing.decide(question(inverted[0]!)).answer).toBe('no')
  })
})

describe('what the company keeps outside the cloud estate', () => {
  it('does not answer backing up code, SaaS tools or mailboxes from the databases\' backups', () => {
    for (const text of ['Is the source code repository backed up daily?', 'Do you back up your SaaS tools such as Jira and Slack?', 'Are Office 365 mailboxes backed up?']) {
      const a = ask(text)
      expect(a.answer, text).toBe('unknown')
      expect(a.entryId, text).not.toBe('backup-frequency')
    }
    expect(ask('Are production databases backed up daily?').answer).toBe('yes')
  })
})

describe('more ways of saying the same safeguard or hazard', () => {
  it('reads "while stored" as at rest, and a per-tenant key as not shown by where keys are kept', () => {
    const a = ask('Describe how data is encrypted while stored.')
    expect(a.citations).toContain('sql-db-tde')
    expect(a.entryId).not.toBe('key-management')
    expect(ask('Does each tenant have its own encryption key?').entryId).not.toBe('key-management')
  })

  it('reads authenticating without stored credentials as the safeguard, and any rule letting everything in as the hazard', () => {
    expect(questionPolarity('Do workloads authenticate to other services without stored credentials?')).toBe('positive')
    expect(ask('Do workloads authenticate to other services without stored credentials?').entryId).toBe('managed-identity')
    expect(questionPolarity('Can the database be reached without credentials?')).not.toBe('positive')
    expect(questionPolarity('SQL firewall - any rule allowing 0.0.0.0 to 255.255.255.255?')).toBe('negative')
    const a = ask('SQL firewall - any rule allowing 0.0.0.0 to 255.255.255.255?')
    expect(a.answer).toBe('no')
    expect(a.negative).toBe(true)
  })
})

describe('a service named is not its subject', () => {
  const all = wide
  const on = (text: string): ReturnType<typeof all.decide> => all.decide(question(text))

  it('does not answer what no check reads about a service from its other entries', () => {
    // Each once came back "yes" from the Cosmos DB network, keys or TLS entry, or Key Vault's network entry,
    // on the service's name alone.
    for (const text of ['Is continuous backup configured on the Cosmos DB accounts?', 'Is data stored in Cosmos DB encrypted at rest?', 'Are the Key Vault keys HSM-backed (Premium SKU or Managed HSM)?']) {
      const a = on(text)
      expect(a.answer, text).toBe('unknown')
      expect(a.citations, text).not.toContain('cosmosdb-public-network')
      expect(a.citations, text).not.toContain('keyvault-public-network')
    }
    expect(on('Is public network access to Cosmos DB blocked?').entryId).toBe('cosmosdb-network')
  })

  it('reads "confirm that there is no…" as the safeguard and "are there … rules allowing…" as the hazard', () => {
    const a = on('Can you confirm that there is no SQL server on which auditing is switched off?')
    expect([a.answer, a.entryId]).toEqual(['yes', 'db-audit-logs'])
    const b = on('Are there Azure SQL firewall rules allowing 0.0.0.0 - 255.255.255.255?')
    expect([b.answer, b.entryId]).toEqual(['no', 'db-firewall-open'])
  })

  it('answers a TDE protector still on a service-managed key from the customer-managed key check, as the hazard', () => {
    const a = on('Is the TDE protector on your SQL servers still a service-managed key?')
    expect([a.answer, a.entryId]).toEqual(['no', 'tde-service-managed'])
    expect(a.citations).toContain('sql-server-tde-cmk')
    expect(on('Has transparent data encryption been switched off on any of your databases?').entryId).not.toBe('tde-service-managed')
  })

  it('reads a unit asked for as a value, a value asserted as yes or no, and gives the value from an entry that has one', () => {
    expect(asksForValue('Key rotation period for the per-tenant keys in Key Vault (days)?')).toBe(true)
    expect(asksForValue('Cosmos DB: minimum TLS version set to 1.2? (Yes/No/N/A)')).toBe(false)
    expect(on('Cosmos DB: minimum TLS version set to 1.2? (Yes/No/N/A)').answer).toBe('yes')
    const logs = on('For how many days you keep the logs in Log Analytics before they are delete?')
    expect([logs.answer, logs.entryId]).toEqual(['text', 'log-retention'])
    expect(on('How long is customer data retained after termination of the contract before it is deleted?').entryId).not.toBe('pitr-retention')
    expect(on('How far back in time can a PostgreSQL database be restored?').value).toMatch(/^At least 35 days of point-in-time restore on 2 PostgreSQL flexible servers in scope$/)
  })

  it('keeps the HR system\'s logs out of the cloud estate\'s log retention', () => {
    expect(on('Are access logs for your HR system retained for at least one year?').answer).toBe('unknown')
  })
})

describe('positive twins of exposure hazards', () => {
  it('answers container apps reachable only inside their environment, and public IPs only on approved entry points, as the safeguards', () => {
    const a = ask('The internal micro-services (container apps) are not reachable from the internet, only inside the environment?')
    expect([a.answer, a.entryId]).toEqual(['yes', 'containers-internal'])
    expect(a.citations).toContain('containerapp-ingress')
    const b = ask('Are public IP addresses attached only to approved entry-point resources?')
    expect([b.answer, b.entryId]).toEqual(['yes', 'public-ips-approved'])
    const failing = buildMatcher(shippedLibrary(), sampleResults({ 'containerapp-ingress': 'fail', 'public-endpoint-allowlist': 'fail' }), NOW)
    expect(failing.decide(question('Are container apps reachable only from inside their environment?')).answer).not.toBe('yes')
  })

  it('does not answer how container apps talk to each other from who can reach them', () => {
    expect(ask('Do container apps communicate internally over TLS?').entryId).not.toBe('containers-internal')
  })
})

describe('a value asked for in a fragment or a clause', () => {
  it('reads the kind of value, the unit, a dash before "which" and a clause that asks for a list as asking for a value', () => {
    for (const text of ['Hosting provider / IaaS platform (name)', 'Vendor shall list every geographic region in which institutional data is hosted.', 'DB encrypt at rest - which algorithm?', 'Audit trail retention period, in months please']) {
      expect(asksForValue(text), text).toBe(true)
      expect(ask(text).answer, text).not.toMatch(/^(yes|no)$/)
    }
    expect(asksForValue('Is MFA enforced - yes or no?')).toBe(false)
    expect(asksForValue('Vendor shall encrypt all data in transit. Confirm.')).toBe(false)
  })

  it('answers OWASP filtering at layer 7 from the WAF, not from the gateway\'s TLS', () => {
    const a = ask('OWASP Top 10 filtering at layer 7 on the application gateway - in place?')
    expect(a.entryId).toBe('web-application-firewall')
    expect(a.citations).toContain('appgw-waf-prevention')
  })
})

describe('a hazard let in, close by', () => {
  const passing = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(), () => 'pass'), NOW)
  const failing = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(Object.fromEntries(SAMPLE_CHECK_IDS.map((id) => [id, 'fail' as const]))), () => 'fail'), NOW)
  // Each once came back "yes" from the entry phrased the other way on an estate where every check passes.
  const hazards: Array<[string, string]> = [
    ['Do storage accounts permit TLS 1.0 clients?', 'storage-min-tls'],
    ['Does the WAF merely log attacks instead of blocking them?', 'appgw-waf-prevention'],
    ['Is public network access allowed on the key vault?', 'keyvault-public-network'],
    ['Is log retention under 90 days?', 'log-retention'],
    ['Is there any public IP not on the approved list?', 'public-endpoint-allowlist'],
    ['Has purge protection been disabled on any key vault?', 'keyvault-purge-protection'],
  ]
  it('answers them no from the check they are about, and never favourably when it fails', () => {
    for (const [text, check] of hazards) {
      expect(questionPolarity(text), text).toBe('negative')
      const a = passing.decide(question(text))
      expect(a.answer, text).toBe('no')
      expect(a.citations, text).toContain(check)
      expect(failing.decide(question(text)).answer, text).not.toBe('no')
    }
  })

  it('does not read a hazard named far from the verb as let in, nor one said not to be', () => {
    expect(questionPolarity('Serverless functions + web apps: is plain HTTP refused, i.e. the HTTPS-only switch turned on?')).toBe('positive')
    expect(questionPolarity('Is public network access not allowed?')).toBe('positive')
    expect(questionPolarity('Does the gateway not accept TLS 1.0?')).toBe('positive')
  })

  it('counts twelve months as a year', () => {
    expect(durationsInDays('Are all keys rotated at least every 12 months?')).toEqual([365])
    expect(durationsInDays('kept for 24 months')).toEqual([730])
    expect(durationsInDays('kept for 6 months')).toEqual([180])
    expect(ask('Are all keys rotated at least every 12 months?').answer).toBe('yes')
  })
})

describe('what no check reads, near what one does', () => {
  const all = wide
  const on = (text: string): ReturnType<typeof all.decide> => all.decide(question(text))

  it('leaves settings no check reads, and people\'s vetting, to a person', () => {
    // Each once came back "yes" from the nearest entry: Key Vault's network, TDE, the gateway, central logging,
    // storage's public access, Cosmos DB's keys.
    for (const text of [
      'Do staff with administrative access to the production Key Vault undergo background checks before they are granted access?',
      'Does the application encrypt sensitive fields (application-level or column-level encryption) before storing them in the database?',
      'Is Azure DDoS Network Protection enabled on the virtual network that hosts the Application Gateway?',
      'Are audit logs stored immutably (WORM) so that administrators cannot alter or delete them?',
      "Storage account > Configuration > 'Allow storage account key access': Disabled?",
    ]) expect(on(text).answer, text).toBe('unknown')
    // Cosmos DB's keys have their check now: answered from it, never from the SQL servers' protector.
    const cosmos = on('Do you use customer-managed keys for Cosmos DB encryption at rest?')
    expect([cosmos.answer, cosmos.citations.includes('cosmosdb-cmk'), cosmos.citations.includes('sql-server-tde-cmk')]).toEqual(['yes', true, false])
  })

  it('does not answer whether a customer can supply its own key from the SQL servers\' protector', () => {
    for (const text of ['Can we supply and revoke our own encryption key (BYOK) for our tenant\'s data?', 'Can customers bring their own key (BYOK) for database encryption?']) {
      const a = on(text)
      expect(a.answer, text).toBe('unknown')
      expect(['db-tls', 'byok-cmk'], text).not.toContain(a.entryId)
    }
    expect(on('Are databases encrypted with customer-managed keys?').entryId).toBe('byok-cmk')
  })

  it('answers PostgreSQL\'s keys from its own check, not the SQL servers\' protector, and two services named from either', () => {
    const pg = on('Is PostgreSQL data encrypted at rest with a customer-managed key from Key Vault?')
    expect([pg.answer, pg.citations.includes('postgres-cmk'), pg.citations.includes('sql-server-tde-cmk')]).toEqual(['yes', true, false])
    expect(on('Are database encryption keys held in a key vault you control rather than platform-managed keys?').entryId).toBe('byok-cmk')
    expect(on('Are both the key vaults and the storage accounts locked down to private networks only?').citations).toContain('keyvault-public-network')
  })

  it('reads a setting unticked as switched off', () => {
    const a = on("Container Apps: is ingress limited to the Container Apps environment (internal) for every app except the public entry point, with 'Allow insecure connections' unticked?")
    expect(questionPolarity("with 'Allow insecure connections' unticked?")).toBe('positive')
    expect([a.answer, a.entryId]).toEqual(['yes', 'containers-internal'])
  })
})

describe('questionnaire furniture and the services at the edge', () => {
  const all = wide
  const on = (text: string): ReturnType<typeof all.decide> => all.decide(question(text))

  it('reads numbered prompts, blanks to fill and "set to" as a numbered question, a value and a value', () => {
    expect(asksForValue('D.3.2 Are weekly full backups of the Azure SQL databases retained under a long-term retention policy?')).toBe(false)
    expect(on('D.3.2 Are weekly full backups of the Azure SQL databases retained under a long-term retention policy?').entryId).toBe('long-term-retention')
    expect(asksForValue('C.2 List the Azure regions in which customer data is stored and processed.')).toBe(true)
    expect(asksForValue('Minimum TLS version enforced across the platform (web tier, databases, messaging, storage): ______')).toBe(true)
    expect(asksForValue('What is ssl_min_protocol_version set to on the PostgreSQL servers?')).toBe(true)
  })

  it('does not take the buyer\'s security office for premises', () => {
    expect(outOfScopeTerms('SSL 3.0, TLS 1.0 and TLS 1.1 are considered deprecated by our security office.')).toEqual([])
    expect(outOfScopeTerms('Is the office badge-controlled?')).toContain('office')
  })

  it('reads what an outage would destroy, a purge sooner than a year and plans left on the free tier as the hazard', () => {
    for (const text of ['Would an outage of your primary Azure region take the SQL database backups down with it?', 'are log data purged sooner then 1 year', 'Are there subscriptions where the Defender plans are left on the Free tier?']) {
      expect(questionPolarity(text), text).toBe('negative')
      expect(on(text).answer, text).toBe('no')
    }
  })

  it('answers the Front Door WAF from the Front Door check, not the application gateway\'s', () => {
    const a = on('Is the WAF policy attached to your Azure Front Door profile set to Prevention rather than Detection mode?')
    expect(a.entryId).toBe('cdn-waf')
    expect(a.citations).toContain('frontdoor-waf-prevention')
    expect(a.citations).not.toContain('appgw-waf-prevention')
  })

  it('gives no value that does not state what is asked for', () => {
    const a = on('Which cipher suites does the Application Gateway offer to clients?')
    expect(a.answer).toBe('unknown')
    expect(a.rationale).toMatch(/asks for cipher suites/)
    expect(on('What TLS versions are accepted?').answer).toBe('text')
  })
})

describe('surviving a region, staying in one', () => {
  it('answers backups surviving the loss of a region from geo-redundant backup, but not the RPO after it', () => {
    const a = ask('Would your Azure SQL and PostgreSQL backups survive the loss of an entire Azure region?')
    expect([a.answer, a.entryId]).toEqual(['yes', 'backup-geo-redundancy'])
    expect(ask('What is your RPO if an entire Azure region is lost?').entryId).not.toBe('backup-geo-redundancy')
  })

  it('answers data remaining within the agreed region from the resources\' regions', () => {
    const a = ask('Can you guarantee that our data will remain within the EU?')
    expect(a.entryId).toBe('data-residency')
    expect(a.citations).toContain('resource-location-allowed')
  })
})

describe('what an outsider could do, and what the question points back at', () => {
  const on = (text: string): ReturnType<typeof wide.decide> => wide.decide(question(text))
  // Each once came back favourable on an estate where every check fails (the positive entry's "no" to a
  // hazard, or "who hosts us" to an attacker reaching SSH).
  const hazards: Array<[string, string]> = [
    ['Could an attacker on the internet reach SSH (22) or RDP (3389) on any of your hosts?', 'nsg-no-open-admin-ports'],
    ['What happens if an administrator - or an attacker holding admin rights - deletes a key vault? Are the encryption keys gone for good?', 'keyvault-purge-protection'],
    ['Is it possible that some resources holding our data have been deployed to an Azure region other than the ones we chose?', 'resource-location-allowed'],
    ['Are there key vaults that anyone on the internet can connect to, with neither a firewall nor a private endpoint in front of them?', 'keyvault-public-network'],
    ['Is the public endpoint of any Azure SQL logical server still enabled?', 'sql-server-public-network'],
  ]
  it('answers them no from their check, and never favourably when it fails', () => expectReadAs(hazards, 'no'))

  it('reads "block attacks, not merely log them" as the safeguard, and a WAF in front of web apps as the WAF', () => {
    expect(questionPolarity('Is inbound web traffic inspected by a web application firewall that is configured to block attacks, not merely log them?')).toBe('positive')
    expect(on('Is inbound web traffic inspected by a web application firewall that is configured to block attacks, not merely log them?').answer).toBe('yes')
    expect(on('Is a web application firewall deployed in prevention mode in front of your web apps?').entryId).toBe('web-application-firewall')
    expect(on('Does the public API gateway accept only TLS 1.2 or newer?').citations).toContain('appgw-min-tls')
  })

  it('leaves call recordings, data kept after termination and log review to a person', () => {
    for (const text of [
      'Do you record customer support calls and, if so, for how long are the recordings retained?',
      'How long do you retain customer data, including backups, after the subscription is terminated?',
      'Auditor request: provide evidence that Key Vault audit logs are reviewed at least monthly by someone independent of the key administrators.',
      'To which secondary region are database backups replicated?',
    ]) expect(on(text).answer, text).toBe('unknown')
  })

  it('gives the WAF\'s mode as a value', () => {
    const a = on('Which mode is your web application firewall running in (Detection or Prevention)?')
    expect(a.answer).toBe('text')
    expect(a.value).toMatch(/^Prevention mode/)
  })
})

describe('double negatives, property names and a stricter TLS than the evidence', () => {
  const on = (text: string): ReturnType<typeof wide.decide> => wide.decide(question(text))
  // Each once came back favourable from the entry phrased the other way on an estate where every check fails.
  const safeguards: Array<[string, string]> = [
    ['Is it untrue that your Cosmos DB accounts still let clients connect with a TLS version older than 1.2?', 'cosmosdb-min-tls'],
    ['Is disableLocalAuth set to true on every Service Bus namespace so SAS keys can no longer be used?', 'servicebus-local-auth-disabled'],
    ['Is there no Azure SQL server on which auditing has been left switched off?', 'sql-server-auditing'],
    ['Is it true that none of your data stores will negotiate a protocol older than TLS 1.2?', 'sql-server-min-tls'],
  ]
  it('reads them as the safeguard: yes when the check passes, never favourable when it fails', () => {
    for (const [text] of safeguards) expect(questionPolarity(text), text).toBe('positive')
    expectReadAs(safeguards, 'yes')
    const ip = on('Is a public IP address attached to any resource other than the approved entry point?')
    expect([ip.answer, ip.entryId]).toEqual(['no', 'unapproved-public-ips'])
  })

  it('does not claim a TLS version above the one the checks require', () => {
    const a = on('Is TLS 1.3 required on every endpoint, with TLS 1.2 connections refused?')
    expect(a.answer).toBe('unknown')
    expect(a.rationale).toMatch(/asks for TLS 1\.3, and the evidence shows TLS 1\.2 or higher/)
    expect(on('Is TLS 1.2 or higher enforced?').answer).toBe('yes')
  })

  it('leaves flow logs, WAF rule set versions and a key per customer to a person', () => {
    for (const text of ['Are NSG flow logs (or VNet flow logs) enabled, and are they sent to Log Analytics?', 'Does the WAF policy use the OWASP CRS 3.2 (or DRS 2.1) managed rule set together with the bot manager rule set?', 'Does every customer get their own separate encryption key?']) expect(on(text).answer, text).toBe('unknown')
  })
})

describe('plain words and property names for the same settings', () => {
  it('reads a procurement officer\'s and an architect\'s wording as the settings they name', () => {
    const cases: Array<[string, string]> = [
      ['Is our information scrambled when it is saved in your main database?', 'sql-db-tde'],
      ['Is remote login to your servers (things like SSH or Remote Desktop) blocked from the open internet?', 'nsg-no-open-admin-ports'],
      ['If someone deletes an encryption key by mistake, can it still be brought back?', 'keyvault-purge-protection'],
      ['Is transparentDataEncryption Enabled on every user database?', 'sql-db-tde'],
    ]
    for (const [text, check] of cases) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('yes')
      expect(a.citations, text).toContain(check)
    }
    // The hazard read as such: never the safeguard entry's "yes", never a favourable answer where the check fails.
    const wipe = 'Could an administrator permanently wipe a key vault, or the keys in it, straight away with no recovery period?'
    expect(questionPolarity(wipe)).toBe('negative')
    expect(wide.decide(question(wipe)).answer).not.toBe('yes')
    expect(wideFailing.decide(question(wipe)).answer).not.toBe('no')
  })
})

describe('insurers\', auditors\' and spreadsheet wording', () => {
  it('reads which side of "rather than" the hazard is on, remote administration let in, a leading "any", "remain enabled", "prohibits any", "if an attacker… could they" and "a single region"', () => {
    const cases: Array<[string, 'positive' | 'negative']> = [
      ['Can the document database be reached using shared account keys rather than Entra ID identities?', 'negative'],
      ['Do the services authenticate with managed identities rather than account keys?', 'positive'],
      ['If an attacker sent a cross-site scripting payload, would the web application firewall block it rather than only log it?', 'positive'],
      ['Do you allow SSH or RDP from the internet to any virtual machine?', 'negative'],
      ['Web apps: any app that bypasses the application gateway?', 'negative'],
      ['Old TLS versions (1.0 and 1.1) remain enabled on some storage accounts.', 'negative'],
      ['Does the SQL firewall prohibit any rule that allows 0.0.0.0 to 255.255.255.255?', 'positive'],
      ['If an attacker stole a Service Bus access key, could they send messages to the queues?', 'negative'],
      ['Are the database backups kept in a single region?', 'negative'],
    ]
    expectPolarities(cases)
    expectReadAs([['Do you allow SSH or RDP from the internet to any virtual machine?', 'nsg-no-open-admin-ports'], ['Old TLS versions (1.0 and 1.1) remain enabled on some storage accounts.', 'storage-min-tls']], 'no')
  })

  it('answers no spreadsheet row that names a hazard without saying which way it asks', () => {
    for (const row of ['Public network access – Key Vault', 'Public endpoints - storage', 'SSH from the internet']) {
      expect(hazardRow(row), row).toBe(true)
      expect(wide.decide(question(row)).answer, row).toBe('unknown')
    }
    for (const row of ['Public IPs restricted to approved entry points', 'Is public network access disabled on the vaults?', 'Key Vault purge protection']) expect(hazardRow(row), row).toBe(false)
    // A row that says the bad state ("open to") is a statement of it: "No" answers it plainly.
    const open = wide.decide(question('SSH/RDP open to Internet'))
    expect([open.answer, open.citations[0]]).toEqual(['no', 'nsg-no-open-admin-ports'])
  })

  it('reads a row naming a value, "explain how long…", "describe which…" and options to choose from as asking for a value', () => {
    for (const text of ['Hosting regions', 'Penetration test frequency', 'Explain how long weekly backups are kept under long-term retention.', 'Describe which Defender plans are enabled.', 'WAF mode on the gateway? (Detection / Prevention)', 'What min TLS ver do the databases accept?', 'What backup storage redundancy do the databases use?']) expect(asksForValue(text), text).toBe(true)
    // A mode or tier said, or yes/no offered, asks yes or no.
    for (const text of ['WAF in prevention mode? (Yes/No/N/A)', 'Encryption at rest - database tier?', 'Data residency']) expect(asksForValue(text), text).toBe(false)
  })

  it('does not answer a yes/no about cipher suites from a minimum TLS version, passing or failing', () => {
    const text = 'Are weak cipher suites (RC4, 3DES) disabled on every TLS endpoint?'
    const a = wide.decide(question(text))
    expect(a.answer).toBe('unknown')
    expect(a.rationale).toMatch(/asks about cipher suites/)
    expect(wideFailing.decide(question(text)).answer).toBe('unknown')
    // An algorithm the approved answer names (TDE's AES-256) is stated.
    expect(wide.decide(question('Are strong encryption algorithms used for data at rest?')).answer).toBe('yes')
  })

  it('answers Defender for a service from the plans the results read, and not for a service no plan read covers', () => {
    const kv = wide.decide(question('Is Defender for Cloud enabled for Key Vault?'))
    expect([kv.answer, kv.citations[0]]).toEqual(['yes', 'defender-plans-standard'])
    const cosmos = 'Defender for Cloud – Cosmos DB plan enabled?'
    expect(wide.decide(question(cosmos)).answer).toBe('unknown')
    // With the Cosmos DB plan among those read, the same row is answered from it.
    const base = withCatalogChecks(sampleResults(), () => 'pass')
    const withCosmos = {
      ...base,
      findings: base.findings.map((f) => (f.checkId === 'defender-plans-standard' ? { ...f, observed: { ...(f.observed as Record<string, string>), 'pricings/CosmosDbs.properties.pricingTier': 'Standard' } } : f)),
    }
    const b = buildMatcher(shippedLibrary(), withCosmos, NOW).decide(question(cosmos))
    expect([b.answer, b.citations[0]]).toEqual(['yes', 'defender-plans-standard'])
  })

  it('does not answer threat protection for Key Vault from the key vaults\' network, which shares only the name', () => {
    const a = wide.decide(question('Threat protection is not enabled for the Key Vault resources.'))
    expect([a.answer, a.entryId]).toEqual(['no', 'defender-off'])
    expect(wideFailing.decide(question('Threat protection is not enabled for the Key Vault resources.')).answer).not.toBe('no')
  })
})

describe('auditors\' requests, translated English, failure wording and services asked together', () => {
  it('reads a hazard done without, failure to act, an unauthenticated user\'s reach, a handshake completed, "evidence that no…" and a hazard refused', () => {
    const cases: Array<[string, 'positive' | 'negative']> = [
      ['Is authentication to the message broker done only with managed identities, without shared access keys?', 'positive'],
      ['Are you unable to restore the databases if the region is lost?', 'negative'],
      ['Do any web apps fail to enforce HTTPS?', 'negative'],
      ['Could an unauthenticated user download blobs from the storage accounts?', 'negative'],
      ['Does the gateway complete a TLS 1.0 handshake with a client?', 'negative'],
      ['Provide evidence that no network security group permits SSH from the internet. Is this the case?', 'positive'],
      ['Show that every SQL server rejects connections that use TLS older than 1.2.', 'positive'],
    ]
    expectPolarities(cases)
    expectReadAs([['Could an unauthenticated user download blobs from the storage accounts?', 'storage-public-network'], ['Does the gateway complete a TLS 1.0 handshake with a client?', 'appgw-min-tls']], 'no')
    expectReadAs([['Provide evidence that no network security group permits SSH from the internet. Is this the case?', 'nsg-no-open-admin-ports'], ['Is authentication to the message broker done only with managed identities, without shared access keys?', 'servicebus-local-auth-disabled']], 'yes')
  })

  it('does not answer two services asked together from the evidence of one', () => {
    for (const text of ['Do the function apps and the Front Door profile both enforce TLS 1.2?', 'Is Defender for Cloud enabled for both the App Service workloads and the Cosmos DB accounts?']) expect(wide.decide(question(text)).answer, text).toBe('unknown')
    // One of them alone is answered.
    const one = wide.decide(question('Do the function apps enforce TLS 1.2?'))
    expect([one.answer, one.citations[0]]).toEqual(['yes', 'app-min-tls'])
  })

  it('leaves key strength, the WAF\'s logs and Front Door\'s logging to a person, and a second region to geo-redundant backup', () => {
    expect(wide.decide(question('Are encryption keys at least RSA 2048-bit?')).answer).toBe('unknown')
    expect(wide.decide(question('What is the length of the keys used for the encryption of the data?')).rationale).not.toMatch(/RSA/)
    const logs = wide.decide(question('Are Application Gateway WAF logs sent to Log Analytics?'))
    expect(logs.answer).toBe('unknown')
    expect(logs.entryId).not.toBe('web-application-firewall')
    expect(wide.decide(question('LT-3: are Front Door and Application Gateway access logs sent to Log Analytics?')).answer).toBe('unknown')
    const second = wide.decide(question('Are the backups of the relational databases also stored in a second region (geo-redundancy)?'))
    expect(second.entryId).not.toBe('data-residency')
  })
})

describe('services asked together, answered one by one', () => {
  const pitr = 'Does point-in-time restore cover at least 35 days for both Azure SQL and PostgreSQL?'
  it('answers yes only when each service named is evidenced, and cites each', () => {
    const a = wide.decide(question(pitr))
    expect(a.answer).toBe('yes')
    expect(a.citations).toEqual(expect.arrayContaining(['sql-db-pitr-retention', 'postgres-backup-retention']))
    // PostgreSQL's retention failing takes the yes away, though Azure SQL's passes.
    const pgFails = buildMatcher(shippedLibrary(), sampleResults({ 'postgres-backup-retention': 'fail' }), NOW)
    expect(pgFails.decide(question(pitr)).answer).not.toBe('yes')
    expect(wideFailing.decide(question(pitr)).answer).not.toBe('yes')
  })

  it('asks Key Vault too when the question is not about keys, but not when it says where a database\'s key is', () => {
    const both = wide.decide(question('Are both the key vaults and the storage accounts locked down to private networks only?'))
    expect(both.answer).toBe('yes')
    expect(both.citations).toEqual(expect.arrayContaining(['keyvault-public-network', 'storage-public-network']))
    const tde = wide.decide(question('Is transparentDataEncryption Enabled on every user database, and is each server\'s encryptionProtector of serverKeyType AzureKeyVault?'))
    expect(tde.citations).toEqual(expect.arrayContaining(['sql-db-tde', 'sql-server-tde-cmk']))
  })

  it('gives one value per service named', () => {
    const a = wide.decide(question('What minimum TLS version do the Azure SQL servers and the PostgreSQL servers enforce?'))
    expect(a.answer).toBe('text')
    expect(a.value).toMatch(/Azure SQL server/)
    expect(a.value).toMatch(/PostgreSQL/)
  })
})

describe('infrastructure code, review boards, chat and contracts', () => {
  it('reads settings written as infrastructure code, a copy outside the primary region, "so that no…" and someone connecting from the internet', () => {
    const cases: Array<[string, 'positive' | 'negative']> = [
      ['local_auth_enabled = false on every azurerm_servicebus_namespace, so SAS keys stop working?', 'positive'],
      ['Is public_network_access_enabled = false on the key vaults?', 'positive'],
      ['Is local_authentication_disabled = true on the Cosmos DB accounts?', 'positive'],
      ['Is \'Allowed locations\' enforced, so that no resource sits outside the approved regions?', 'positive'],
      ['If our developers had the storage account URL, could they connect to it over the public internet?', 'negative'],
      ['Are there container apps with external ingress other than the sanctioned entry point?', 'negative'],
    ]
    expectPolarities(cases)
    // A backup copy "outside the primary region" is geo-redundancy, not data outside the approved regions.
    expect(questionPolarity('Is at least one backup copy of each SQL database held outside the primary region?')).not.toBe('negative')
    expect(wide.decide(question('Is at least one backup copy of each SQL database held outside the primary region?')).entryId).not.toBe('backups-same-region')
  })

  it('reads infrastructure code names as the words they are made of', () => {
    const a = wide.decide(question('Is minimum_tls_version set to "1.2" on every azurerm_mssql_server?'))
    expect(a.citations).toContain('sql-server-min-tls')
    expect(a.answer).not.toBe('no')
  })

  it('takes a choice between two answers as asking for a value, never yes or no', () => {
    for (const text of ['Is TLS 1.2 the lowest version your storage accounts accept, or do they still take 1.1?', 'What does your backend use to authenticate to Service Bus: SAS keys or managed identity?']) {
      expect(asksForValue(text), text).toBe(true)
      expect(['yes', 'no']).not.toContain(wide.decide(question(text)).answer)
      expect(['yes', 'no']).not.toContain(wideFailing.decide(question(text)).answer)
    }
  })

  it('answers old TLS on the message broker from its TLS, not its network, and leaves the broker\'s keys to its own entries', () => {
    const a = wide.decide(question('Is anything below TLS 1.2 still accepted by your Service Bus namespaces?'))
    expect([a.answer, a.entryId]).toEqual(['no', 'broker-legacy-tls'])
    expect(wide.decide(question('Shared access keys can still be used to authenticate to the Service Bus namespaces.')).entryId).not.toBe('broker-legacy-tls')
  })

  it('leaves the activity log export and application-level field encryption to a person', () => {
    for (const text of ['CIS 5.1.x – Ensure that a subscription diagnostic setting exports the Activity Log to Log Analytics.', 'Do you encrypt sensitive fields (e.g. bank details) at the application level, on top of database encryption?']) expect(wide.decide(question(text)).answer, text).toBe('unknown')
  })
})

describe('a service reachable from the internet, and the storage product by its name', () => {
  it('reads "is X reachable from the internet?" as asking after the hazard, and "not reachable" or "the only one reachable" as the safeguard', () => {
    expectPolarities([
      ['Are storage accounts reachable from the public internet?', 'negative'],
      ['Is the Service Bus namespace accessible from the internet?', 'negative'],
      ['The Provider warrants that its Key Vaults are not reachable from the public internet except from allowed networks.', 'positive'],
      ['Backend containers are not directly exposed to the internet.', 'positive'],
    ])
    expect(questionPolarity('Is the API gateway the only component exposed to the internet?')).not.toBe('negative')
    // The gateway-only entry's yes must not answer a question about storage being reachable.
    const a = wide.decide(question('Are storage accounts reachable from the public internet?'))
    expect([a.answer, a.citations.includes('storage-public-network')]).toEqual(['no', true])
  })

  it('names Azure Storage by its product name, so Key Vault and Storage asked together must both be evidenced', () => {
    expect([...namedFamilies('Are Key Vault and Storage closed to the public internet?')].sort()).toEqual(['microsoft.keyvault', 'microsoft.storage'])
    expect([...namedFamilies('Is Data Storage encrypted?')]).toEqual([])
    expect([...namedFamilies('Is data storage of backups encrypted?')]).toEqual([])
    for (const text of ['Are Key Vault and Storage closed to the public internet?', 'Are your key vaults and storage accounts closed to public network access?']) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('yes')
      expect(a.citations, text).toEqual(expect.arrayContaining(['keyvault-public-network', 'storage-public-network']))
      const storageFails = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'storage-public-network': 'fail' }), () => 'pass'), NOW)
      expect(storageFails.decide(question(text)).answer, text).not.toBe('yes')
    }
  })
})

describe('resource names run together', () => {
  it('reads "servicebus", "keyvault" and the like as the service they name', () => {
    expect(words('azurerm_servicebus_namespace Microsoft.KeyVault/vaults')).toEqual(expect.arrayContaining(['service', 'bus', 'key', 'vault']))
    expect([...namedFamilies('Is local_auth_enabled = false on every azurerm_servicebus_namespace?')]).toEqual(['microsoft.servicebus'])
    const a = wide.decide(question('local_auth_enabled = false on every azurerm_servicebus_namespace, so SAS keys stop working?'))
    expect([a.answer, a.citations.includes('servicebus-local-auth-disabled')]).toEqual(['yes', true])
  })

  it('takes a WAF policy resource and its policy_settings block for settings, not a written policy', () => {
    const waf = 'On the azurerm_web_application_firewall_policy attached to the Application Gateway, is policy_settings { enabled = true, mode = "Prevention" }?'
    expect(processCues(waf)).toEqual([])
    expect(processCues('Is the incident_response_policy up to date?')).toContain('policy')
    const a = wide.decide(question(waf))
    expect([a.answer, a.citations.includes('appgw-waf-prevention')]).toEqual(['yes', true])
    expect(wideFailing.decide(question(waf)).answer).not.toBe('yes')
  })
})

describe('Defender plans a question names', () => {
  it('answers a plan the check reads, and leaves one it does not read (Servers, DNS) to a person, naming it', () => {
    const storage = wide.decide(question('Is Microsoft Defender for Storage enabled?'))
    expect([storage.answer, storage.citations.includes('defender-plans-standard')]).toEqual(['yes', true])
    expect(wide.decide(question('CIS 2.1.x – Ensure that Microsoft Defender for Azure SQL Databases is set to On.')).answer).toBe('yes')
    for (const text of ['Ensure that Microsoft Defender for Servers is set to On for every subscription.', 'Are Defender for Key Vault and Defender for DNS enabled?']) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('unknown')
      expect(a.review, text).toMatch(/Defender for (?:Servers|DNS)/)
    }
  })
})

describe('Defender judged for the plans a question names', () => {
  // One subscription with every plan on, one with Defender for Storage off: the check fails there.
  const tiers = (free: string[]): Record<string, string> => Object.fromEntries(['SqlServers', 'KeyVaults', 'StorageAccounts', 'AppServices', 'Containers'].map((p) => [`pricings/${p}.properties.pricingTier`, free.includes(p) ? 'Free' : 'Standard']))
  const storageOff = (secondObserved: Record<string, unknown>): ReturnType<typeof buildMatcher> => {
    const results = sampleResults({ 'defender-plans-standard': 'partial' })
    const [, second] = results.findings.filter((f) => f.checkId === 'defender-plans-standard')
    second!.observed = secondObserved
    return buildMatcher(shippedLibrary(), results, NOW)
  }

  it('answers yes for a plan on in every subscription, though another plan is off, without claiming the others', () => {
    const a = storageOff(tiers(['StorageAccounts'])).decide(question('Is Microsoft Defender for Azure SQL enabled?'))
    expect(a.answer).toBe('yes')
    expect(a.rationale).toMatch(/^Yes\. Defender for Azure SQL is on the Standard tier in every subscription in scope\./)
    expect(a.rationale).toContain('defender-plans-standard fails in 1 subscription for another plan')
    expect(a.rationale).not.toMatch(/StorageAccounts|Storage/)
  })

  it('keeps the plan that is off, and the question naming no plan, partial', () => {
    const m = storageOff(tiers(['StorageAccounts']))
    expect(m.decide(question('Is Microsoft Defender for Storage enabled?')).answer).toBe('partial')
    expect(m.decide(question('Are Defender for Azure SQL and Defender for Storage both enabled?')).answer).toBe('partial')
    expect(m.decide(question('Is Microsoft Defender for Cloud enabled?')).answer).toBe('partial')
  })

  it('does not take a plan missing from the list, or not read, for a plan that is on', () => {
    const absent = storageOff({ 'pricings absent': ['SqlServers'] }).decide(question('Is Microsoft Defender for Azure SQL enabled?'))
    expect(absent.answer).toBe('partial')
  })
})

describe('an ask that points back', () => {
  it('reads "Is this configured…?" with the sentence before it, and "is it possible that…" on its own', () => {
    const a = wide.decide(question('Provide evidence that Azure SQL database backups are stored geo-redundantly. Is this configured for every user database?'))
    expect([a.answer, a.citations.includes('sql-db-geo-backup')]).toEqual(['yes', true])
    expect(wideFailing.decide(question('Provide evidence that Azure SQL database backups are stored geo-redundantly. Is this configured for every user database?')).answer).not.toBe('yes')
    expect(focusText('We keep a register of suppliers. Is it possible that any storage account allows public blob access?')).toBe('Is it possible that any storage account allows public blob access?')
  })
})

describe('someone without credentials, and a container app taking traffic from the internet', () => {
  it('answers no from the check when it passes, and never no when it fails', () => {
    expectReadAs([
      ['Could an unauthenticated user list or download blobs from any of your storage containers?', 'storage-public-network'],
      ['Apart from the approved public entry point, does any container app accept traffic directly from the internet or over insecure HTTP?', 'containerapp-ingress'],
    ], 'no')
  })
})

describe('chat shorthand', () => {
  it('reads "u", "ur" and "when its stored" as the words they stand for', () => {
    expect(words('do u encrypt ur data')).toEqual(['do', 'you', 'encrypted', 'your', 'data'])
    expectReadAs([
      ['do u guys encrypt our data when its stored?', 'sql-db-tde'],
      ['if someone deletes a key by accident can u get it back?', 'keyvault-purge-protection'],
    ], 'yes')
  })
})

describe('management ports, and access said to be impossible', () => {
  it('reads "management ports" as the admin ports, and "no access from the internet is possible" as the database closed', () => {
    expectReadAs([
      ['Provide evidence that management ports (22, 3389) cannot be reached from the internet.', 'nsg-no-open-admin-ports'],
      ['Is it guaranteed that no access from Internet to the Azure SQL servers is possible?', 'sql-server-public-network'],
    ], 'yes')
  })
})

describe('a service and a shared word are not the question', () => {
  it('does not answer "PostgreSQL backups encrypted?" from geo-redundancy, nor "who can access them?" with a restore window', () => {
    for (const text of ['Are PostgreSQL backups encrypted?', 'Who can access PostgreSQL backups?']) {
      const a = wide.decide(question(text))
      expect(['unknown', 'partial'], `${text}: ${a.answer} via ${a.entryId}`).toContain(a.answer)
    }
    expectReadAs([
      ['Is data exchanged with the PostgreSQL databases encrypted in transit?', 'postgres-secure-transport'],
      ['Are PostgreSQL backups stored in another region?', 'postgres-geo-backup'],
    ], 'yes')
  })

  it('does not answer a service\'s own logs\' retention from the workspace\'s, when no check shows them reaching it', () => {
    for (const text of ['Are Front Door access logs retained for a year?', 'Are Application Gateway WAF logs retained for 90 days?', 'Are any Front Door logs deleted before the required retention period ends?']) {
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    }
    expect(wide.decide(question('Are audit logs kept for at least one year?')).answer).toBe('yes')
  })

  it('leaves what enforces a setting (Azure Policy) to a person, and never reads "a policy that denies" as the hazard', () => {
    for (const text of ['Is Azure Policy used to enforce allowed regions?', 'Is an Azure Policy assignment in place that denies resources outside approved regions?', 'Do you use Azure Policy to deny public network access on storage accounts?']) {
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    }
    expect(wide.decide(question('Are resources deployed only in approved regions?')).answer).toBe('yes')
  })

  it('leaves "who can…?" to a person unless the answer names who', () => {
    const waf = wide.decide(question('Who can change the WAF rules?'))
    expect(waf.answer).toBe('unknown')
    expect(waf.review).toMatch(/who \(a person, role or party\)/)
    const host = wide.decide(question('Who hosts the production environment?'))
    expect([host.answer, host.value]).toEqual(['text', expect.stringMatching(/^Microsoft Azure/)])
  })
})

describe('one service\'s transport settings', () => {
  it('answers the gateway\'s and the storage accounts\' TLS from their own checks, whatever the others show', () => {
    const failingApps = buildMatcher(shippedLibrary(), sampleResults({ 'app-min-tls': 'fail' }), NOW)
    const cases: Array<[text: string, check: string, answer: string]> = [
      ['What minimum TLS version does the application gateway accept?', 'appgw-min-tls', 'text'],
      ['Does the gateway still accept TLS 1.0?', 'appgw-min-tls', 'no'],
      ['What is the minimum TLS version for storage accounts?', 'storage-min-tls', 'text'],
      ['Does any storage account accept plain HTTP?', 'storage-https-only', 'no'],
    ]
    for (const [text, check, answer] of cases) {
      const a = failingApps.decide(question(text))
      expect([a.answer, a.citations.includes(check), a.citations.includes('app-min-tls')], text).toEqual([answer, true, false])
    }
    const storage = buildMatcher(shippedLibrary(), sampleResults({ 'storage-https-only': 'fail' }), NOW).decide(question('Does any storage account accept plain HTTP?'))
    expect(storage.answer).not.toBe('no')
  })
})

describe('estate-wide answers read every data store', () => {
  const failing = (id: string): ReturnType<typeof buildMatcher> => buildMatcher(shippedLibrary(), sampleResults({ [id]: 'fail' }), NOW)
  it('takes the favourable answer away from an estate-wide question when Cosmos DB or PostgreSQL fails, and cites it', () => {
    // A database question is answered favourably only on an estate without the database service its entry
    // leaves unread (Cosmos DB's restore window): the last column names it.
    const cases: Array<[text: string, check: string, favourable: 'yes' | 'no', unread?: string]> = [
      ['Is all data in transit encrypted with TLS 1.2 or higher?', 'cosmosdb-min-tls', 'yes'],
      ['Is all data in transit encrypted with TLS 1.2 or higher?', 'postgres-secure-transport', 'yes'],
      ['Do your endpoints still accept TLS 1.0 or TLS 1.1?', 'cosmosdb-min-tls', 'no'],
      ['Do all your databases require TLS 1.2 or later?', 'postgres-secure-transport', 'yes'],
      ['Is any database reachable from the internet?', 'cosmosdb-public-network', 'no'],
      ['Is any database reachable from the internet?', 'postgres-public-network', 'no'],
      ['Are database backups replicated to another region?', 'postgres-geo-backup', 'yes'],
      ['Are database backups replicated to another region?', 'cosmosdb-geo-backup', 'yes'],
      ['Are all copies of your backups kept in the same region as production?', 'postgres-geo-backup', 'no'],
      ['Do all production databases keep at least 35 days of point-in-time restore?', 'postgres-backup-retention', 'yes', 'microsoft.documentdb'],
      ['Do services authenticate with managed identities rather than shared keys?', 'cosmosdb-local-auth-disabled', 'yes'],
      ['Are shared access keys used anywhere to access data stores?', 'cosmosdb-local-auth-disabled', 'no'],
      ['Is only the API gateway publicly reachable?', 'cosmosdb-public-network', 'yes'],
      ['Is public network access to databases disabled?', 'cosmosdb-public-network', 'yes'],
    ]
    for (const [text, check, favourable, unread] of cases) {
      const estate = unread ? buildMatcher(shippedLibrary(), withoutServices(withCatalogChecks(sampleResults(), () => 'pass'), unread), NOW) : wide
      expect(estate.decide(question(text)).answer, text).toBe(favourable)
      if (unread) expect(wide.decide(question(text)).answer, `${text} (${unread} unread)`).toBe('unknown')
      const a = failing(check).decide(question(text))
      expect(a.answer, `${text} (${check} failing)`).not.toBe(favourable)
      expect(a.citations, text).toContain(check)
    }
  })

  it('answers a question naming one data store from that store\'s checks alone', () => {
    const a = failing('postgres-geo-backup').decide(question('Are Azure SQL database backups geo-redundant?'))
    expect(a.answer).toBe('yes')
    expect(a.citations).not.toContain('postgres-geo-backup')
  })
})

describe('checklist rows and a condition before the ask', () => {
  it('reads "Confirm: No…" as the safeguard stated, and the ask after "If…," as asking for a value', () => {
    expectPolarities([['Confirm: No blob container can be read anonymously, and every storage account firewall denies public network traffic by default.', 'positive']])
    const text = 'If keys are not rotated by hand, what is the automatic rotation interval configured for Key Vault keys?'
    expect(asksForValue(text)).toBe(true)
    expect(['yes', 'no']).not.toContain(wide.decide(question(text)).answer)
    expect(['yes', 'no']).not.toContain(wideFailing.decide(question(text)).answer)
  })
})

describe('slips of the keyboard, a regulator\'s frame, terse rows', () => {
  it('reads a word with a letter left out or two swapped as the word meant, and nothing else', () => {
    const fix = spellingFixer('Are keys rotated automatically? Is the database encrypted at rest? Is internal traffic encrypted? Are backups geo-redundant?')
    expect(fix('Are keyvault keys rotatd automaticaly')).toBe('Are keyvault keys rotated automatically')
    expect(fix('Is the datbase encrpyted?')).toBe('Is the database encrypted?')
    // One letter for another is a different word as often as a slip: "interval" stays.
    expect(fix('What is the rotation interval?')).toBe('What is the rotation interval?')
    // A form of a known word, and a word of no known stem, stay as written.
    expect(fix('Is encrypting enabled for institutional data?')).toBe('Is encrypting enabled for institutional data?')
    const a = wide.decide(question('Are keyvault keys rotatd automaticaly'))
    expect([a.answer, a.citations.includes('keyvault-key-rotation'), a.question]).toEqual(['yes', true, 'Are keyvault keys rotatd automaticaly'])
  })

  it('reads past "As part of our risk assessment," and "in line with DORA\'s requirements" to the ask', () => {
    expectReadAs([
      ['As part of our ICT third-party risk assessment, please confirm that all data exchanged with and within the service is protected in transit using TLS 1.2 or higher, with unencrypted connections refused.', 'sql-server-min-tls'],
      ['Confirm that cryptographic keys used to protect our data are subject to automated rotation at least annually, in line with the cryptographic control expectations of DORA\'s ICT risk management requirements.', 'keyvault-key-rotation'],
    ], 'yes')
    expect(focusText('Within the EU, is customer data stored only in approved regions?')).toContain('EU')
  })

  it('reads protection against a hazard, "is there no rule permitting…", "SAS keys off?" as safeguards, and "that don\'t restrict" as the hazard', () => {
    expectPolarities([
      ['Are encryption keys protected against accidental or malicious deletion, so that the data they protect is not rendered unrecoverable?', 'positive'],
      ['Are the Azure SQL servers closed to public network access, and is there no firewall rule permitting every IP address?', 'positive'],
      ['Svc Bus: SAS keys off? MI only', 'positive'],
      ['Are there Cosmos DB accounts that don\'t restrict public network access in any way?', 'negative'],
      ['Are any keys not protected against deletion?', 'negative'],
    ])
    // Keys used to protect data are not shared access keys in use.
    expect(questionPolarity('Confirm that keys used to protect our data are rotated.')).not.toBe('negative')
    expectReadAs([['Svc Bus: SAS keys off? MI only', 'servicebus-local-auth-disabled']], 'yes')
  })
})

describe('the same safeguard on each service, and settings that name what they approve', () => {
  const failing = (id: string): ReturnType<typeof buildMatcher> => buildMatcher(shippedLibrary(), sampleResults({ [id]: 'fail' }), NOW)

  it('answers a WAF asked of every entry point from both WAFs, and one service\'s from its own', () => {
    const every = 'Is a web application firewall deployed in blocking (prevention) mode in front of all internet-facing web applications, both at the CDN edge and at the regional reverse proxy?'
    expect(wide.decide(question(every)).answer).toBe('yes')
    const a = failing('appgw-waf-prevention').decide(question(every))
    expect([a.answer, a.citations.includes('appgw-waf-prevention')]).toEqual(['partial', true])
    expect(failing('frontdoor-waf-prevention').decide(question('Is the Application Gateway WAF in prevention mode?')).answer).toBe('yes')
    const mode = wide.decide(question('In which mode does your web application firewall operate: detection or prevention?'))
    expect(mode.answer).toBe('text')
    // A TLS question about every internet-facing endpoint is not the WAF's.
    expect(wide.decide(question('Is TLS 1.2 or higher enforced on all internet-facing endpoints?')).entryId).not.toMatch(/waf/)
  })

  it('reads "approved networks", "the regions we approved" as what a setting allows, not an approval process', () => {
    expect(processCues('Is your object storage restricted to approved networks by a default-deny firewall?')).toEqual([])
    expect(processCues('Is any customer data stored outside the regions we approved for you?')).toEqual([])
    expect(processCues('Are firewall changes approved by the change board?')).toContain('approved')
    expectReadAs([['Is any customer data stored outside the regions we approved for you?', 'resource-location-allowed']], 'no')
    expectReadAs([['Container workloads are reachable from the internet only through the approved ingress point.', 'containerapp-ingress']], 'yes')
  })

  it('reads a yes/no after a condition, a snake_case value, an AWS-style security group and the admin ports as asked', () => {
    expect(asksForValue('Where Azure Front Door is used, is the endpoint\'s default hostname also covered by a WAF policy in Prevention mode?')).toBe(false)
    expect(asksForValue('What minimum_tls_version is configured on the azurerm_mssql_server resources?')).toBe(true)
    expectReadAs([['Does any security group allow inbound 0.0.0.0/0 on port 22?', 'nsg-no-open-admin-ports']], 'no')
    expectReadAs([['Administrative ports (SSH/22 and RDP/3389) are not exposed to the internet.', 'nsg-no-open-admin-ports']], 'yes')
  })

  it('does not answer storage shared-key authorisation from HTTPS only, nor every resource\'s diagnostic settings from two services\' logs', () => {
    for (const text of ['Is shared key (account key) authorisation disabled on all storage accounts, so that only Microsoft Entra ID is accepted?', 'Are diagnostic settings configured on every Azure resource so that platform logs flow to Log Analytics?']) {
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    }
  })
})

describe('an engineer\'s abbreviations, local redundancy, and everything but the gateway', () => {
  it('reads AKV, ASB, PG, DBs and GRS/LRS as the services and settings they name', () => {
    expectReadAs([
      ['AKV purge protection on?', 'keyvault-purge-protection'],
      ['ASB local auth disabled?', 'servicebus-local-auth-disabled'],
      ['PG geo-redundant backups enabled?', 'postgres-geo-backup'],
      ['Is TDE on for all DBs?', 'sql-db-tde'],
      ['Is GRS used for SQL DB backups?', 'sql-db-geo-backup'],
    ], 'yes')
    const pg = wide.decide(question('PG geo-redundant backups enabled?'))
    expect(pg.citations).not.toContain('sql-db-geo-backup')
  })

  it('reads backups on locally redundant storage only as the hazard, and a choice of three as asking for a value', () => {
    expectPolarities([['Are database backups on LRS only?', 'negative'], ['Are backups kept in locally redundant storage only?', 'negative']])
    expectReadAs([['Are SQL database backups on LRS only?', 'sql-db-geo-backup']], 'no')
    expectReadAs([['Are backups stored geo-redundantly rather than locally redundant?', 'sql-db-geo-backup']], 'yes')
    expect(asksForValue('Are your database backups locally redundant, zone-redundant or geo-redundant?')).toBe(true)
    expect(asksForValue('Are backups encrypted, tested and stored off-site?')).toBe(false)
  })

  it('answers "apart from the API gateway, is anything reachable?" from every exposure check, and a secrets store\'s reach from Key Vault\'s network', () => {
    expectReadAs([
      ['Apart from the API gateway, is any component reachable from the internet?', 'cosmosdb-public-network'],
      ['Is your secrets store reachable from the public internet?', 'keyvault-public-network'],
    ], 'no')
    const open = buildMatcher(shippedLibrary(), sampleResults({ 'cosmosdb-public-network': 'fail' }), NOW).decide(question('Apart from the API gateway, is any component reachable from the internet?'))
    expect(open.answer).not.toBe('no')
  })
})

describe('services set aside, and an engineer\'s shorthand for settings', () => {
  it('answers about the services a question keeps, not the one it sets aside', () => {
    expect([...namedFamilies('Apart from the Application Gateway, are your Front Door endpoints also protected by a WAF in prevention mode?')]).toEqual(['microsoft.cdn'])
    expect(withoutExcepted('Except for Cosmos DB, do your relational databases refuse TLS versions below 1.2?')).not.toMatch(/Cosmos/)
    expectReadAs([['Apart from the Application Gateway, are your Front Door endpoints also protected by a WAF in prevention mode?', 'frontdoor-waf-prevention']], 'yes')
    const tls = wide.decide(question('Except for Cosmos DB, do your relational databases refuse TLS versions below 1.2?'))
    // Not answered from Cosmos DB's TLS (which had answered yes); the relational databases' own reading is weak.
    expect(tls.entryId ?? '').not.toMatch(/cosmos/)
  })

  it('reads SA, PNA, PE, TLS1_0 and container workloads as what they name', () => {
    expectReadAs([
      ['AKV firewall defaultAction=Deny or PNA disabled (PE only)?', 'keyvault-public-network'],
      ['NET-04 Are public IP addresses assigned only to approved internet-facing components?', 'public-endpoint-allowlist'],
      ['4.1.3 Do container workloads accept external ingress only through the designated entry point, with insecure HTTP connections turned off?', 'containerapp-ingress'],
    ], 'yes')
    expectReadAs([['SA min TLS still TLS1_0 anywhere?', 'storage-min-tls'], ['Is anonymous blob access enabled on any SA?', 'storage-public-network']], 'no')
  })
})

describe('answer options printed with the question, and every database', () => {
  it('reads a question by its stem, not its options: a choice asks for a value, yes/no boxes for yes or no', () => {
    expect(answerOptions('Log retention period: [ ] less than 90 days  [ ] 90 days to 1 year  [ ] 1 year or more')).toEqual({ stem: 'Log retention period', yesNo: false })
    expect(answerOptions('Application gateway SSL/TLS policy, select one: (a) permits TLS 1.0/1.1  (b) TLS 1.2 minimum  (c) TLS 1.3 only')).toEqual({ stem: 'Application gateway SSL/TLS policy', yesNo: false })
    expect(answerOptions('Rotation frequency of encryption keys: Monthly / Quarterly / Annually / Never')).toEqual({ stem: 'Rotation frequency of encryption keys', yesNo: false })
    expect(answerOptions('Storage accounts permitting TLS 1.0 or TLS 1.1 connections: [ ] Yes, at least one  [ ] No, none  [ ] Not applicable')).toEqual({ stem: 'Storage accounts permitting TLS 1.0 or TLS 1.1 connections', yesNo: true })
    // Lettered questions of their own are not options, nor is a plain question.
    expect(answerOptions('For your object storage: (a) is TLS 1.2 the minimum accepted protocol version, and (b) are plain-HTTP requests rejected?')).toBeNull()
    expect(answerOptions('Is data encrypted in transit? (Yes/No)')).toBeNull()
    expect(answerOptions('Are ipRules = [] and virtualNetworkRules = [] on every Cosmos DB account, with public access disabled?')).toBeNull()
    expect(answerOptions('WAF mode: [x] Prevention [ ] Detection')).toEqual({ stem: 'WAF mode', yesNo: false })
    // "Never" among the options is not a question about keys never rotated, nor "Detection" one about a WAF left detecting.
    for (const [text, entry] of [
      ['Rotation frequency of encryption keys: Monthly / Quarterly / Annually / Never', 'key-rotation'],
      ['Web application firewall mode: [ ] No WAF  [ ] Detection (log only)  [ ] Prevention (blocking)', 'web-application-firewall'],
      ['Log retention period: [ ] less than 90 days  [ ] 90 days to 1 year  [ ] 1 year or more', 'log-retention'],
    ] as const) {
      expect([wide.decide(question(text)).answer, wide.decide(question(text)).entryId], text).toEqual(['text', entry])
      expect(['yes', 'no'], text).not.toContain(wideFailing.decide(question(text)).answer)
    }
    expectReadAs([['Storage accounts permitting TLS 1.0 or TLS 1.1 connections: [ ] Yes, at least one  [ ] No, none  [ ] Not applicable', 'storage-min-tls']], 'no')
    // When to answer N/A is not what is asked; "name of…" and "describe the period…" ask for values.
    expect(wide.decide(question('Name of your hosting / IaaS provider (N/A if hosted on premises):'))).toMatchObject({ answer: 'text', entryId: 'hosting-provider' })
    expect(asksForValue('Please describe the period for which weekly full database backups are retained under long-term retention.')).toBe(true)
    expect(asksForValue('Please describe how backups are tested.')).toBe(false)
  })

  it('reads a non-native "Exists … a rule which permits", "other resources than the foreseen ones" and "with no fallback" as asked', () => {
    expectPolarities([
      ['Exists on the SQL server a firewall rule which permits all IP addresses of the world (0.0.0.0 - 255.255.255.255)?', 'negative'],
      ['Is there a firewall rule on the SQL server which permits all IP addresses?', 'negative'],
      ['Have other resources than the foreseen ones a public IP address attached?', 'negative'],
      ['Storage accounts permitting TLS 1.0 or TLS 1.1 connections?', 'negative'],
      ['Determine whether any WAF policy protecting an internet-facing application gateway is left in Detection mode or disabled.', 'negative'],
      ['Is all traffic encrypted in transit with TLS 1.2 or later, with no fallback to older protocols or plain HTTP?', 'positive'],
      ['Are keys stored with no rotation policy?', 'negative'],
    ])
    expect(wide.decide(question('Exists on the SQL server a firewall rule which permits all IP addresses of the world?')).citations).toContain('sql-server-firewall-no-public-range')
  })

  it('leaves services no check scans, the Activity Log, a rule set\'s version, key ceremonies and a history joined by "or" to a person', () => {
    for (const text of [
      'Is minimum_tls_version = "1.2" and non_ssl_port_enabled = false on every azurerm_redis_cache?',
      'Do the azurerm_mysql_flexible_server resources have require_secure_transport = ON and tls_version = TLSv1.2?',
      'Are Azure Activity Log (control-plane) events retained for at least one year? (Yes/No/N/A)',
      'Does the WAF use the OWASP Core Rule Set 3.2 or newer?',
      'Describe the key ceremony used to generate, split and escrow your root encryption keys (Annex A 8.24).',
      'Does any SQL server allow connections from every IP address, or has a database credential been leaked in the past year?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
    // "the vaults" name Key Vault: their access logs, not the databases' auditing.
    expect(wide.decide(question('Is every access to the vaults that hold tenant keys recorded in a central log workspace?')).entryId).toBe('key-access-logging')
  })

  it('answers every database only where each database service the results hold is read, or safe by the service itself', () => {
    // The wide estate holds Cosmos DB accounts, whose restore window no check reads.
    const pitr = wide.decide(question('Can every production database be restored to any point in the last 35 days?'))
    expect(pitr.answer).toBe('unknown')
    expect(pitr.rationale).toMatch(/does not read Cosmos DB \(\d+ resources in the results\)\. Evidence: \d+ resources pass sql-db-pitr-retention, postgres-backup-retention/)
    // Named, the databases read answer; failing, "not everywhere" holds whatever the unread ones show.
    expect(wide.decide(question('Can every Azure SQL database be restored to any point in the last 35 days?')).answer).toBe('yes')
    const failing = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'postgres-backup-retention': 'fail' }), () => 'pass'), NOW)
    expect(failing.decide(question('Can every production database be restored to any point in the last 35 days?')).answer).toBe('partial')
    // Encryption at rest is Cosmos DB's and PostgreSQL's own, and the answer says so.
    const rest = wide.decide(question('Are all databases encrypted at rest?'))
    expect(rest.answer).toBe('yes')
    expect(rest.rationale).toMatch(/Cosmos DB accounts are always encrypted at rest by the service/)
    // Every database's TLS is read from each of them: PostgreSQL's plaintext is not hidden behind Azure SQL's TLS.
    const plain = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'postgres-secure-transport': 'fail' }), () => 'pass'), NOW)
    expect(plain.decide(question('Do all your databases require TLS 1.2 or later?'))).toMatchObject({ answer: 'partial' })
    expect(plain.decide(question('Do the Azure SQL servers require TLS 1.2 or later?')).answer).toBe('yes')
  })
})

describe('conditions, breaches, "none of" and comparison signs', () => {
  it('reads the ask after a condition, a breach of a stated control, "are none of…", "go down with it" and "< 35 days" as asked', () => {
    expectPolarities([
      ['If a key vault can be reached from the internet, is its firewall default action Deny?', 'positive'],
      ['If a container app has external ingress, are insecure (plain HTTP) connections disallowed?', 'positive'],
      ['If a PostgreSQL flexible server has public access enabled, is that server on an approved exceptions list?', 'positive'],
      ['If an application talks to Cosmos DB or Service Bus, could it still authenticate with a shared key instead of a managed identity?', 'negative'],
      ['PS-9.4 The supplier shall not permit remote administration protocols (SSH, RDP) to be reached from the public internet. Does any network security group breach this control?', 'negative'],
      ['Are none of your databases, of any engine, reachable from the public internet?', 'positive'],
      ['If an entire Azure region went down tomorrow, would your database backups go down with it?', 'negative'],
      ['Is there anything in the estate with a public IP address that isn\'t on your approved list?', 'negative'],
      ['Exist some port of administration (SSH, RDP) open for Internet in the groups of security of network?', 'negative'],
      ['SQL server > Networking > Firewall rules: is there a rule covering 0.0.0.0 – 255.255.255.255?', 'negative'],
      ['PG PITR < 35 days?', 'negative'],
    ])
    // "no less than 35 days" is at least 35, and "blocked rather than merely logged" the safeguard still.
    expect(questionPolarity('Is point-in-time restore available over a window of no less than 35 days?')).not.toBe('negative')
    expect(questionPolarity('Is public access blocked rather than merely logged?')).toBe('positive')
    expect(questionPolarity('For Cosmos DB, is the minimum TLS version set to 1.2 or higher rather than 1.0/1.1?')).toBe('positive')
  })

  it('leaves VM disks and SAS token lifetimes, which no check reads, to a person', () => {
    for (const text of [
      'Are your virtual machine disks encrypted with a customer-managed key from the same key vault that holds the SQL TDE protector?',
      'What is the longest expiry you allow on storage SAS tokens – is there none that never expires?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
  })
})

/** The answer with every check passing, and with every check failing. */
const expectBothWays = (text: string, passing: string, failing: string): void => {
  expect(wide.decide(question(text)).answer, text).toBe(passing)
  expect(wideFailing.decide(question(text)).answer, text).toBe(failing)
}

/** Left to a person: unknown, or answered from a framework's attestation alone, never from a check. */
const expectNoCheckClaims = (text: string): void => {
  const a = wide.decide(question(text))
  expect(a.answer === 'unknown' || a.citations.every((c) => c.includes(':')), `${text} -> ${a.answer} ${a.citations.join(',')}`).toBe(true)
}

const answered = (text: string): [string, string | undefined] => {
  const a = wide.decide(question(text))
  return [a.answer, a.citations[0]]
}

describe('examples in parentheses, short names and a safeguard asked of exposed services', () => {

  it('reads "(e.g. SSH or RDP)" inside the sentence that asks, not as a sentence of its own', () => {
    const text = 'C5 COS-03 (network protection): Is any administrative access port (e.g. SSH or RDP) reachable directly from the Internet through your network security groups?'
    expect(answered(text)).toEqual(['no', 'nsg-no-open-admin-ports'])
    // A yes/no with an example stays a yes/no, and a value question stays a value question.
    expect(asksForValue('Are PostgreSQL backups stored geo-redundantly (e.g. copied to the paired region)?')).toBe(false)
    expect(asksForValue('Which regions (e.g. West Europe) host data?')).toBe(true)
    expect(answered('Are PostgreSQL backups stored geo-redundantly (e.g. copied to the paired region)? Attach evidence.')).toEqual(['yes', 'postgres-geo-backup'])
  })

  it('knows AFD, ACA and AppGW by their short names, and answers a WAF mode for each service asked', () => {
    expect(answered('Is every AFD endpoint (including its *.azurefd.net host) associated with a WAF policy in Prevention mode?')).toEqual(['yes', 'frontdoor-waf-prevention'])
    expect(answered('Are ACA ingresses internal-only, unless the app is the approved public entry point, with insecure connections disabled?')).toEqual(['yes', 'containerapp-ingress'])
    const both = wide.decide(question('WAF mode on AppGW and AFD? (Detection / Prevention)'))
    expect(both.answer).toBe('text')
    expect(both.citations).toEqual(expect.arrayContaining(['appgw-waf-prevention', 'frontdoor-waf-prevention']))
    // One of two modes named is a value to give, never "Yes".
    expect(asksForValue('Is the Front Door WAF in Detection or Prevention mode?')).toBe(true)
    expect(wide.decide(question('Is the Front Door WAF in Detection or Prevention mode?')).answer).toBe('text')
  })

  it('answers TLS asked of "all externally reachable services" from TLS, and leaves roles and least privilege to a person', () => {
    const tls = wide.decide(question('C5 CRY-02: Is data in transit between users or clients and the cloud services protected with TLS 1.2 or higher on all externally reachable services?'))
    expect(tls.answer).toBe('yes')
    expect(tls.entryId).toBe('tls-in-transit')
    // Whether anything is reachable is still asked as such.
    expect(wide.decide(question('Are there any externally reachable services?')).answer).not.toBe('yes')
    expect(wide.decide(question('Are Azure Key Vault access policies / RBAC permissions restricted to least privilege?')).answer).toBe('unknown')
  })

  it('reads past a control reference, a cue said not to hold, and the buyer\'s own policy stated before "do you meet this?"', () => {
    // "C5 OPS-05 (protection against malware):" names the control's family; what is asked follows it.
    expect(answered('C5 OPS-05 (protection against malware): Is Microsoft Defender for Cloud active for storage, SQL, key vaults, App Service and containers in every subscription?')).toEqual(['yes', 'defender-plans-standard'])
    // "no cleartext HTTP" is the safeguard asked.
    const pci = wide.decide(question('Req 4.2.1: Are strong cryptography and security protocols (TLS 1.2 or higher, no cleartext HTTP) enforced on all service endpoints through which cardholder data is transmitted?'))
    expect([pci.answer, pci.entryId]).toEqual(['yes', 'tls-in-transit'])
    // The requirement before "Does … meet this?" is what is asked, and the buyer's policy is not a process asked of us.
    const logs = wide.decide(question('Our policy requires audit logs to be retained for at least 90 days. Does your logging platform meet this?'))
    expect(logs.answer).toBe('yes')
    expect(logs.citations).toContain('log-retention')
    expect(wide.decide(question('Our policy caps key lifetime at one year. What rotation interval do you configure for your encryption keys?')).answer).toBe('text')
    // A stricter requirement than the evidence shows is not met by it.
    expect(wide.decide(question('We require keys to rotate at least every 180 days. Do you comply?')).answer).toBe('unknown')
    // The records of an audit are documents, not the log workspace's retention.
    expect(wide.decide(question('How long do you retain audit evidence (configuration exports, tickets) after an assessment is completed?')).answer).toBe('unknown')
    expect(asksForValue('Show the population of Log Analytics workspaces together with their configured retention periods.')).toBe(true)
    // A process named in the story before the ask is not asked; the list of accepted exceptions is the results' own.
    expect(answered('We have seen vendors whose load balancers picked up public IP addresses outside any review. Are public IP addresses in your environment limited to an approved list of entry points?')).toEqual(['yes', 'public-endpoint-allowlist'])
    expect(answered('Are there any Azure SQL servers in the population with the public network endpoint enabled that are not on your documented exception list?')).toEqual(['no', 'sql-server-public-network'])
    expect(wide.decide(question('which cloud r u on btw, aws?')).answer).toBe('text')
    expect(wide.decide(question('Which cloud security tools do you use?')).answer).toBe('unknown')
  })

  it('asks the databases too when a question names them beside other services, and answers them only from every database', () => {
    const text = 'We require data stores to be closed to unrestricted internet access. Do your storage accounts, databases and key vaults comply?'
    const a = wide.decide(question(text))
    expect(a.answer).toBe('yes')
    expect(a.citations).toEqual(expect.arrayContaining(['storage-public-network', 'keyvault-public-network', 'sql-server-public-network', 'postgres-public-network', 'cosmosdb-public-network']))
    // Answered from the databases' own TLS checks, not from every service's (a failing storage account is not asked).
    const tls = wideFailingStorageTls.decide(question('Is TLS 1.2 or higher enforced on every connection to your databases and message broker?'))
    expect(tls.answer).toBe('yes')
    expect(tls.citations).not.toContain('storage-min-tls')
  })
})

describe('durations in words and short forms, remote access permitted, quoted recommendations, other parties and other times', () => {
  it('reads "thirty-five days", "2 yrs", "12 mo.", "a quarter", "a fortnight", "quarterly" and "twice a year" as days', () => {
    expect(durationsInDays('thirty-five days')).toEqual([35])
    expect(durationsInDays('Are logs kept for 2 yrs or more?')).toEqual([730])
    expect(durationsInDays('12 mo. or 6 mos, 35d')).toEqual([365, 180, 35])
    expect(durationsInDays('rotated at least once a quarter, or within a fortnight')).toEqual([90, 14])
    expect(durationsInDays('keys rotated quarterly')).toEqual([90])
    expect(durationsInDays('rotated twice a year')).toEqual([182])
    // Letters that are not units stay words: "2 data centres", "a d) item".
    expect(durationsInDays('in 2 data centres, item a d)')).toEqual([])
    // A requirement beyond the evidence is not met by it.
    expect(wide.decide(question('Are logs kept for 2 yrs or more?')).answer).toBe('unknown')
    expect(wide.decide(question('Are Key Vault keys rotated at least once a quarter?')).answer).toBe('unknown')
  })

  it('reads remote administration "permitted from the Internet", "acceptance of TLS 1.0" and a quoted recommendation\'s ask as the hazard asked', () => {
    expect(questionPolarity('AC-17 Remote Access: Are remote administration protocols (SSH, RDP) permitted directly from the Internet to system components?')).toBe('negative')
    expect(questionPolarity('Is SSH not permitted from the internet?')).toBe('positive')
    expect(questionPolarity('Acceptance of TLS 1.0 or 1.1 connections by web or function apps: possible?')).toBe('negative')
    const quoted = 'Defender for Cloud recommendation "anonymous (public) read access to blob containers should be disallowed": does any storage account still allow it?'
    expect(questionPolarity(quoted)).toBe('negative')
    const a = wide.decide(question(quoted))
    expect([a.answer, a.citations[0]]).toEqual(['no', 'storage-public-network'])
    expect(wideFailing.decide(question(quoted)).answer).not.toBe('no')
    // The policy quoted is what is asked, not Azure Policy.
    expect(answered('Azure Policy "Front Door endpoints should have a WAF in Prevention mode": compliant?')).toEqual(['yes', 'frontdoor-waf-prevention'])
  })

  it('leaves sub-processors, customers\' own tenants, the past and plans to a person', () => {
    for (const text of [
      "Do your customers' own Azure tenants that integrate with your service enforce TLS 1.2 on their endpoints?",
      'Do your sub-processors retain their security logs for at least one year?',
      'Does your managed service provider have standing administrative access to your environment?',
      'In the past 12 months, was any encryption key compromised or revoked outside its normal rotation schedule?',
      'Do you plan to extend Microsoft Defender for Cloud to all remaining subscriptions and plans?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
    expect(asksForValue('In the last 12 months, how many attacks has your web application firewall blocked?')).toBe(true)
    // A restore window "within the last 35 days" is today's setting, not history.
    expect(outOfScopeTerms('Can SQL databases be restored to any point within the last 35 days?')).toEqual([])
  })
})

describe('the subscriptions in scope, and values asked as things to hand over', () => {
  it('answers how many subscriptions the evidence covers from the scan, never naming them in the answer sent', () => {
    const a = wide.decide(question('How many Azure subscriptions does the production estate span?'))
    expect(a.answer).toBe('text')
    expect(a.source?.kind).toBe('evidence')
    const subs = sampleResults().snapshot.subscriptions
    expect(a.rationale).toContain(`${subs.length} Azure subscription`)
    for (const s of subs) if (s.displayName) expect(a.rationale).not.toContain(s.displayName)
    expect(wide.decide(question('Subscriptions in scope')).answer).toBe('text')
    // Who may reach a subscription, or how the estate is divided, is not the count.
    for (const text of ['Do your engineers have to use MFA to access the production Azure subscriptions?', 'Do you use a dedicated subscription per customer?']) expect(wide.decide(question(text)).answer, text).toBe('unknown')
  })

  it('reads "…: provided?", "…: stated?" and "how often…: daily, weekly or monthly?" as asking for a value', () => {
    for (const text of [
      'Mode of operation of the web application firewalls (detection or prevention): stated?',
      'Identification of the Microsoft Defender for Cloud plans in force per subscription: provided?',
      'How often are long-term backups of SQL databases taken: daily, weekly, or monthly?',
    ]) {
      expect(asksForValue(text), text).toBe(true)
      expect(wide.decide(question(text)).answer, text).toBe('text')
    }
    expect(asksForValue('Disablement of public network access on key vaults: confirmed?')).toBe(false)
    // The "or" inside a quoted policy's title offers no choice.
    const policy = 'Azure Policy "key vaults should either disable public network access or have the firewall enabled": are all key vaults compliant?'
    expect(asksForValue(policy)).toBe(false)
    expect(answered(policy)).toEqual(['yes', 'keyvault-public-network'])
    expect(answered('Are backups of personal data held in the document (NoSQL) database kept so that they survive the loss of an entire data-centre region?')).toEqual(['yes', 'cosmosdb-geo-backup'])
  })
})

describe('an answer judged for the services asked, and settings no check reads', () => {
  it('does not send the every-service wording when it was judged for one service while another fails', () => {
    const text = 'Is all data in transit to the Service Bus encrypted with TLS 1.2 or higher?'
    const a = wideFailingStorageTls.decide(question(text))
    expect([a.answer, a.entryId]).toEqual(['yes', 'tls-in-transit'])
    // The storage account fails TLS: the entry's sentence about "every … storage account" would be false.
    expect(a.rationale).toMatch(/^Yes for Service Bus, the service asked/)
    expect(a.rationale).not.toMatch(/storage account/i)
    // With every service passing, the entry's own wording is true and is sent.
    expect(wide.decide(question(text)).rationale).toMatch(/storage account/)
  })

  it('leaves the gateway-to-backend TLS, the secure score, key backups, zone redundancy, multi-region writes and rule-set upkeep to a person', () => {
    for (const text of [
      'Does the application gateway use end-to-end TLS to the backend?',
      "Is Defender for Cloud's secure score above 80%?",
      'Are customer-managed keys backed up?',
      'Is the Service Bus namespace zone redundant?',
      'Is Cosmos DB configured for multi-region writes?',
      'Is your WAF rule set updated regularly?',
      'Do you retain backups after a customer terminates?',
      'Are encryption keys rotated after an employee with access leaves?',
      'Are firewall logs retained?',
      'Are certificates stored in Key Vault?',
      'Are secrets rotated automatically?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
    // Keys in "the vendor's secrets manager" are the vault's keys.
    expect(answered("Please confirm that cryptographic keys stored in the vendor's secrets manager are rotated automatically on a defined schedule.")).toEqual(['yes', 'keyvault-key-rotation'])
    // Which key encrypts the backups is read from the key checks, not from TDE being on; LTR is long-term retention.
    const cmk = wide.decide(question('Are backups encrypted with customer-managed keys?'))
    expect(cmk.citations).not.toContain('sql-db-tde')
    expect(cmk.answer === 'unknown' || cmk.citations.includes('sql-server-tde-cmk')).toBe(true)
    expect(answered('Is there a weekly LTR policy on SQL DBs?')).toEqual(['yes', 'sql-db-ltr-weekly'])
    // "terminates TLS" is what a gateway does, not a customer leaving.
    expect(wide.decide(question('Does the application gateway that terminates TLS for your application still negotiate TLS 1.0 or TLS 1.1 with clients?')).answer).toBe('no')
  })
})

describe('risk registers, counts, ceilings and possessives', () => {
  it('reads a risk row by its last ask: mitigated is the safeguard, open is the hazard', () => {
    expectPolarities([
      ['Risk R-3: database backups are lost along with the primary region. Mitigated? Y/N', 'positive'],
      ['Risk R-8: a stolen account key opens the Cosmos DB data. Mitigated (account keys disabled)? Y/N', 'positive'],
      ['Risk R-9: a public IP left on a forgotten VM exposes it. Mitigated by the allow-list? Y/N', 'positive'],
      ['Risk R-4: SSH exposed to the internet is brute-forced. Is this risk currently open? Y/N', 'negative'],
      ['Risk R-6: storage traffic read over plain HTTP. Is the exposure present? Y/N', 'negative'],
      ['Risk R-2: the TDE protector is a service-managed key rather than our own. Is this still the case?', 'negative'],
    ])
    // The mitigated row is answered from the safeguard's check, yes while it passes.
    const a = wide.decide(question('Risk R-3: database backups are lost along with the primary region. Mitigated? Y/N'))
    expect([a.answer, a.citations.includes('sql-db-geo-backup')]).toEqual(['yes', true])
  })

  it('reads ceilings, "without exception", counts above zero and a hazard permitted to none', () => {
    expectPolarities([
      ['Is the number of network security groups admitting SSH from any internet address greater than zero?', 'negative'],
      ['Is the number of SQL firewall rules allowing every IP address zero?', 'positive'],
      ['Requirement: the gateway TLS policy permits no protocol older than TLS 1.2. Met?', 'positive'],
      ['Can a deleted key be permanently purged before its retention period ends?', 'negative'],
      ['Unrestricted SQL firewall rules (0.0.0.0 - 255.255.255.255)', 'negative'],
    ])
    // "no longer than one year" is at most a year, and "without exception" is every key: neither is a hazard.
    expect(questionPolarity('Are keys rotated on a schedule no longer than one year?')).not.toBe('negative')
    expect(questionPolarity('Are all vault keys, without exception, under an automatic rotation policy?')).not.toBe('negative')
    for (const text of ['Are keys rotated on a schedule no longer than one year?', 'Are all vault keys, without exception, under an automatic rotation policy?']) {
      expect(answered(text), text).toEqual(['yes', 'keyvault-key-rotation'])
    }
  })

  it('reads what survives a lost region and an intruder\'s trail as the safeguard', () => {
    expect(questionPolarity("Would an intruder's use of keys in Key Vault leave an audit trail in the central workspace?")).not.toBe('negative')
    const trail = wide.decide(question("Assume breach: would an intruder's use of keys in Key Vault leave an audit trail in the central workspace?"))
    expect(trail.answer).not.toBe('no')
    expect(trail.citations).not.toContain('keyvault-public-network')
    const survives = wide.decide(question('In a complete regional outage, would the Cosmos DB backups still be available from another Azure region?'))
    expect([survives.answer, survives.citations.includes('cosmosdb-geo-backup')]).toEqual(['yes', true])
    const lost = wide.decide(question('Please confirm the database backup is kept in the other region too, so when one region is lost the backup is not lost with it.'))
    expect(lost.answer).not.toBe('no')
  })

  it('sends vulnerability scans, pen tests, key revocation, access to logs and the NSGs\' logs to a person', () => {
    for (const text of [
      'Are vulnerability scans run against internet-facing hosts?',
      'Is the perimeter penetration tested every year?',
      'Are keys revoked before the end of their cryptoperiod when compromised?',
      'Is access to audit logs restricted to authorized personnel?',
      'Are logs of the network security groups retained?',
      'Is backup data encrypted in transit to the backup location?',
    ]) expectNoCheckClaims(text)
  })

  it('gives the subscriptions\' count only to a question asking for it', () => {
    expect(wide.decide(question('Are your Azure subscriptions protected by resource locks?')).entryId).not.toBe('subscriptions-in-scope')
    const count = wide.decide(question('How many Azure subscriptions are in scope?'))
    expect([count.answer, count.entryId]).toEqual(['text', 'subscriptions-in-scope'])
  })
})

describe('tender rows, attestations, polite asks and auditors\' test steps', () => {
  it('reads "Compliant / Partially compliant / Non-compliant" and "Met / Not met" as yes or no, and a signer\'s blank as no value', () => {
    for (const text of [
      'SR-2 Storage accounts MUST reject requests not made over HTTPS. Response: Compliant / Partially compliant / Non-compliant',
      'REQ-9 Key Vault keys SHALL rotate automatically at least every 12 months. Response: Met / Partially met / Not met',
      'We attest that all key vaults have soft delete and purge protection enabled. Initial: ____',
      'Vendor attests that no SQL firewall rule admits every IPv4 address. Signature: ______',
    ]) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('yes')
      expect(wideFailing.decide(question(text)).answer, text).not.toBe('yes')
    }
  })

  it('reads a polite wrapper or an auditor\'s "inspect … and record" as asking for the value', () => {
    for (const text of [
      'Would you be so kind as to specify which Azure regions your production resources are deployed into?',
      'Could you please share how far back in time, in days, a PostgreSQL server could be restored?',
      'Please kindly inform the number of the days that the logs are kept in the Log Analytics workspace.',
      'Could you please let us know, roughly or exactly, for how many days your logs are retained in Log Analytics?',
      'Inspect the Key Vault key rotation policy and record the configured rotation interval.',
      'Obtain the list of Azure regions in which production resources are hosted.',
    ]) expect(asksForValue(text), text).toBe(true)
    expect(asksForValue('Could you please confirm whether backups are encrypted?')).toBe(false)
    expect(asksForValue('Inspect each Service Bus namespace and determine whether local authentication remains enabled.')).toBe(false)
    const regions = wide.decide(question('Would you be so kind as to specify which Azure regions your production resources are deployed into?'))
    expect([regions.answer, regions.citations.includes('resource-location-allowed')]).toEqual(['text', true])
  })

  it('sets HITRUST, CIS and NCSC references aside', () => {
    expect(answered('HITRUST CSF 09.l (Back-up): Requirement - weekly full backups of SQL databases are kept under a long-term retention policy. Met?')).toEqual(['yes', 'sql-db-ltr-weekly'])
    expect(withoutReference('CIS Safeguard 13.10 (Perform Application Layer Filtering): Is layer 7 filtering in blocking mode applied to Front Door?')).toBe('Is layer 7 filtering in blocking mode applied to Front Door?')
    expect(withoutReference('NCSC Cloud Security Principle 2: Is data in PostgreSQL encrypted with a key we control?')).toBe('Is data in PostgreSQL encrypted with a key we control?')
  })

  it('answers keys "the organisation itself controls, rather than the platform\'s" from the customer-managed key checks', () => {
    const a = wide.decide(question('Could you indicate whether your PostgreSQL servers use encryption keys that your organisation itself controls, held in Key Vault, rather than keys managed by the platform?'))
    expect(a.citations).toContain('postgres-cmk')
    expect(a.entryId).not.toBe('key-management')
  })

  it('sends patching, build pipelines, segmentation inside a subnet, drills, traffic counts and the customer-managed keys\' algorithm to a person', () => {
    for (const text of [
      'Are security patches for internet-facing operating systems applied within 48 hours of an exploit?',
      'Are CI/CD pipeline run logs retained for a year?',
      'Is micro-segmentation enforced between virtual machines in the same subnet, with east-west inspection?',
      'Have you rehearsed recovering a deleted Key Vault key from soft delete?',
      'How many malicious requests per month does the web application firewall block?',
      'State the key algorithm and key length (e.g. RSA-3072) of the customer-managed encryption keys.',
    ]) expectNoCheckClaims(text)
    // A setting still answers its own question.
    expect(answered('Is purge protection enabled on every key vault?')).toEqual(['yes', 'keyvault-purge-protection'])
    expect(answered('Does the organization limit external network connections to the system, exposing only approved entry points?')[0]).toBe('yes')
  })
})

describe('guidance printed under the question', () => {
  it('matches the question, not the guidance, bullets and scope lists below it', () => {
    const admin = 'Are any administrative remote-access ports reachable from the public internet?\n\nGuidance: Answer "Yes" if any rule admits remote administration from any internet source. Administrative access should go through a bastion, VPN or just-in-time mechanism.\n\nPorts of concern:\n- TCP 22 (SSH)\n- TCP 3389 (RDP)'
    expect(withoutGuidance(admin)).toBe('Are any administrative remote-access ports reachable from the public internet?')
    const a = wide.decide(question(admin))
    expect([a.answer, a.citations.includes('nsg-no-open-admin-ports')]).toEqual(['no', true])
    expect(wideFailing.decide(question(admin)).answer).not.toBe('no')
    const tls = 'Do all externally reachable services enforce TLS 1.2 or higher for data in transit?\n\nGuidance: Indicate whether legacy versions (SSL 3.0, TLS 1.0) are refused.\n\nScope includes:\n- Web applications and APIs\n- Object storage endpoints'
    expect(answered(tls)).toEqual(['yes', 'app-min-tls'])
    // Without a question before it, the text is all there is.
    expect(withoutGuidance('Key rotation\n\nNote: state the interval')).toBe('Key rotation\n\nNote: state the interval')
  })

  it('reads exposure "limited to the gateway" as the safeguard', () => {
    expectPolarities([['Are all publicly exposed services limited to the API gateway?', 'positive']])
    expect(wide.decide(question('Are all publicly exposed services limited to the API gateway?')).answer).toBe('yes')
  })
})

describe('how many of them: counts and shares from the findings', () => {
  const counted = (outcomes: Parameters<typeof sampleResults>[0], text: string): ReturnType<typeof m.decide> =>
    buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(outcomes), () => 'pass'), NOW).decide(question(text))

  it('counts the resources that meet the check, or that do not when the question asks after the bad ones', () => {
    const share = counted({}, 'What percentage of key vaults have purge protection enabled?')
    expect([share.answer, share.value]).toEqual(['text', '100 % (2 of 2 key vaults)'])
    expect(share.citations).toContain('keyvault-purge-protection')
    const half = counted({ 'keyvault-purge-protection': 'partial' }, 'What percentage of key vaults have purge protection enabled?')
    expect(half.value).toBe('50 % (1 of 2 key vaults)')
    expect(half.review).toMatch(/^counted: keyvault-purge-protection fails/)
    const bad = counted({ 'keyvault-key-rotation': 'partial' }, 'How many Key Vault keys have no rotation policy?')
    expect([bad.answer, bad.value]).toEqual(['text', '1 of 2 keys'])
    const none = counted({}, 'How many Key Vault keys have no rotation policy?')
    expect(none.value).toBe('0 of 2 keys')
  })

  it('counts a resource under an accepted exception as not meeting it, and says so', () => {
    const a = counted({ 'storage-public-network': 'excepted' }, 'How many storage accounts are closed to the public network?')
    expect(a.value).toBe('1 of 2 storage accounts')
    expect(a.rationale).toMatch(/1 under an accepted exception is counted as not meeting it/)
  })

  it('sends a count to a person when a read failed, so an incomplete population is never counted', () => {
    const a = counted({ 'keyvault-purge-protection': 'error' }, 'What percentage of key vaults have purge protection enabled?')
    expect(a.answer).toBe('unknown')
    expect(a.rationale).toMatch(/cannot count them all/)
  })

  it('does not take "how many days" or "how many backups a day" for a count of resources', () => {
    expect(countAsked('How many days are logs kept?')).toBeNull()
    expect(countAsked('How many backups are taken per day?')).toBeNull()
    expect(countAsked('How many days are deleted keys and secrets recoverable in Key Vault?')).toBeNull()
    expect(countAsked('How many Service Bus namespaces still accept SAS keys?')).toBe('count')
    expect(countAsked('What ratio of SQL servers have auditing enabled?')).toBe('share')
  })

  it('counts the way the words ask, and gives no number when they do not say which way', () => {
    for (const [text, way] of [
      ['How many Key Vault keys have no rotation policy?', 'short'],
      ['How many databases are reachable from the internet?', 'short'],
      ['How many databases are not reachable from the internet?', 'meeting'],
      ['What percentage of key vaults do not have purge protection?', 'short'],
      ['How many storage accounts are closed to the public network?', 'meeting'],
      ['How many production SQL databases have TDE enabled?', 'meeting'],
    ] as const) expect(countDirection(text), text).toBe(way)
    // A passing estate: the keys without a policy are none, whatever the entry's own polarity.
    expect(counted({}, 'How many databases are not reachable from the internet?').value).not.toMatch(/^0 of/)
  })
})

describe('CAIQ-style process questions beside settings', () => {
  it('sends a key\'s life cycle, log monitoring, customers\' log export, deletion schedules and tenants\' own rotation to a person', () => {
    for (const text of [
      'Is encryption key material managed throughout its lifecycle, including generation, storage, distribution and destruction?',
      'Are audit logs monitored for detection of unusual activity?',
      'Is the cloud service customer able to export audit logs?',
      'Are data retention and deletion periods defined for customer data?',
      'Can tenants rotate their own keys?',
    ]) expectNoCheckClaims(text)
    // The settings themselves are still answered.
    expect(answered('Are cryptographic keys rotated automatically, at least once every twelve months, throughout their life cycle?')).toEqual(['yes', 'keyvault-key-rotation'])
    expect(answered('Is key material for TDE customer managed?')).toEqual(['yes', 'sql-server-tde-cmk'])
    expect(wide.decide(question('Where are encryption keys stored?')).answer).toBe('text')
  })
})

describe('at rest, in transit, and whose logs', () => {
  it('does not answer at-rest questions from TLS or vault settings, nor every resource\'s diagnostics from SQL auditing', () => {
    for (const [text, not] of [
      ['Are message queues encrypted at rest?', 'servicebus-min-tls'],
      ['Is data at rest in Key Vault encrypted?', 'keyvault-purge-protection'],
      ['Are log files encrypted at rest?', 'sql-db-tde'],
      ['Do Function Apps use managed identities to access Key Vault?', 'keyvault-public-network'],
      ['Are diagnostic logs enabled on all resources?', 'sql-server-auditing'],
    ] as const) {
      const a = wide.decide(question(text))
      expect(a.answer !== 'unknown' && a.citations.includes(not), `${text} -> ${a.answer} ${a.citations.join(',')}`).toBe(false)
    }
    expect(answered('Is Service Bus traffic encrypted with TLS 1.2?')).toEqual(['yes', 'servicebus-min-tls'])
    expect(answered('Is SQL auditing on?')).toEqual(['yes', 'sql-server-auditing'])
  })
})

describe('what is sent never holds a placeholder, and a geography named is one the resources are in', () => {
  it('fills or drops every placeholder, for every library question, on passing, failing and mixed estates', () => {
    const mixed = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'keyvault-key-rotation': 'partial', 'storage-min-tls': 'fail', 'sql-db-pitr-retention': 'error' }), () => 'pass'), NOW)
    const leaks: string[] = []
    for (const e of shippedLibrary().entries) {
      for (const text of e.questions) {
        for (const matcher of [wide, wideFailing, mixed]) {
          const a = matcher.decide(question(text))
          for (const sent of [a.rationale, a.value ?? '', a.openText ?? '']) if (/\{[A-Za-z][\w:-]*\}/.test(sent)) leaks.push(`${e.id}: ${text} -> ${sent}`)
        }
      }
    }
    expect(leaks).toEqual([])
  })

  it('does not say data stays in a geography the resources are not all in', () => {
    // The sample estate's resources are in Canada Central and West Europe.
    for (const text of ['Are resources deployed only in EU regions?', 'Is customer data ever stored outside the EU?', 'Is all data hosted in the United States?', 'Is customer data kept in Europe only?']) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('unknown')
      if (a.entryId !== null) expect(a.review, text).toMatch(/resources in Canada Central/)
    }
    expect(regionShortfall('Is data kept only in West Europe or Canada Central?', shippedLibrary().entries.find((e) => e.id === 'data-residency')!, withCatalogChecks(sampleResults(), () => 'pass'))).toBeNull()
    expect(answered('Do all resources live in approved regions?')).toEqual(['yes', 'resource-location-allowed'])
  })
})

describe('numbered parts in one cell', () => {
  const failingOn = (...ids: string[]): ReturnType<typeof buildMatcher> => buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults(Object.fromEntries(ids.map((id) => [id, 'fail' as const]))), () => 'pass'), NOW)

  it('splits "1) … 2) …" into questions, keeping the words before them, and leaves options alone', () => {
    expect(numberedParts('For storage: 1) Is HTTPS required? 2) Is TLS 1.2 the minimum?')).toEqual([
      { label: '1)', text: 'For storage: Is HTTPS required?' },
      { label: '2)', text: 'For storage: Is TLS 1.2 the minimum?' },
    ])
    expect(numberedParts('(a) Is auditing on? (b) Are the logs kept a year?')?.map((p) => p.label)).toEqual(['(a)', '(b)'])
    expect(numberedParts('WAF mode, select one: (a) none (b) detection (c) prevention')).toBeNull()
    expect(numberedParts('Is TLS 1.2 enforced on every endpoint?')).toBeNull()
  })

  it('says yes only when every part is evidenced, and one failing part keeps the cell from a yes', () => {
    const text = '1) Do Storage accounts require secure transfer (HTTPS only)? 2) Is their minimum TLS version 1.2? 3) Is anonymous blob access disabled?'
    const a = wide.decide(question(text))
    expect(a.answer).toBe('yes')
    expect(a.citations).toEqual(expect.arrayContaining(['storage-https-only', 'storage-min-tls', 'storage-public-network']))
    expect(a.rationale).toMatch(/^1\), 2\) Yes\. .* 3\) Yes\./)
    // The top entry read alone (the public-access one) would have said yes over a failing TLS minimum.
    expect(failingOn('storage-min-tls').decide(question(text)).answer).not.toBe('yes')
  })

  it('sends a cell to a person when a part is not evidenced, or the parts answer differently', () => {
    const unevidenced = wide.decide(question('1) Are RDP and SSH blocked from the internet? 2) Is MFA required for administrative access to the Azure portal?'))
    expect(unevidenced.answer).toBe('unknown')
    expect(unevidenced.rationale).toMatch(/part 2\) of the question is not evidenced/)
    const differ = wide.decide(question('1) Is public network access disabled on your Azure SQL servers? 2) Does any network security group allow RDP from the internet?'))
    expect(differ.answer).toBe('unknown')
    expect(differ.review).toMatch(/1\) Yes: .* 2\) No: /)
  })

  it('reads a part that points back with the services named before it, and two hazards denied answer "No"', () => {
    const a = wide.decide(question('1) Can your PostgreSQL servers be reached from the public internet? 2) Do they accept connections without TLS?'))
    expect([a.answer, a.negative]).toEqual(['no', true])
    expect(a.citations).toEqual(expect.arrayContaining(['postgres-public-network', 'postgres-secure-transport']))
    const b = wide.decide(question('1) Is public network access disabled on your Azure SQL servers? 2) Are their firewall rules free of any rule spanning every IP address?'))
    expect(b.answer).toBe('yes')
    expect(b.citations).toEqual(expect.arrayContaining(['sql-server-public-network', 'sql-server-firewall-no-public-range']))
  })

  it('gives a value part by part, and a value said once when every part says the same', () => {
    const a = wide.decide(question('1) In which Azure regions is customer data stored? 2) Are all of them on your approved list?'))
    expect(a.answer).toBe('text')
    expect(a.value).toMatch(/^1\) .*Canada Central.* 2\) Yes$/)
    const b = wide.decide(question('1) Which Microsoft Defender for Cloud plans are enabled? 2) On which pricing tier?'))
    expect(b.answer).toBe('text')
    expect(b.value).not.toMatch(/^1\)/)
  })
})

describe('assumptions to confirm or correct, and other clouds', () => {
  it('judges the assumption as a statement, and puts a wrong one right with the value asked for', () => {
    expect(answered('We assume every Azure Storage account in scope enforces TLS 1.2 as its minimum protocol version; please confirm or correct.')).toEqual(['yes', 'storage-min-tls'])
    const open = wide.decide(question('We expect that at least one of your Azure SQL server firewall rules still permits the whole IPv4 range (0.0.0.0 to 255.255.255.255); please confirm or correct.'))
    expect([open.answer, open.negative]).toEqual(['no', true])
    expect(wideFailing.decide(question('We understand some of your resources carry public IP addresses that were never approved as internet-facing; please confirm or correct.')).answer).not.toBe('no')
    expect(withoutAssumption('Our understanding is that TDE is on for every database. Please confirm or correct.')).toBe('TDE is on for every database.')
    expect(withoutAssumption('We assume logs are kept 90 days; please confirm or correct with the actual retention period.')).toMatch(/actual retention period/)
    const provider = wide.decide(question('We assume the service is hosted on Amazon Web Services; please confirm or correct, naming your cloud provider.'))
    expect(provider.answer).toBe('text')
    expect(provider.value).toMatch(/Microsoft Azure/)
    const retention = wide.decide(question('We assume your security logs are kept for 90 days in Log Analytics; please confirm or correct with the actual retention period.'))
    expect(retention.answer).toBe('text')
    expect(asksForValue('We assume the keys are RSA 3072-bit; confirm or correct with the evidence attached.')).toBe(false)
  })

  it('does not answer a question about another cloud from the Azure estate', () => {
    for (const text of ['Is the service hosted on Amazon Web Services?', 'Are your S3 buckets encrypted at rest?', 'Do your AWS RDS databases use encryption at rest?', 'Is the platform hosted on Google Cloud Platform?']) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('unknown')
    }
    expect(otherCloud('Do you use Google Cloud, Amazon Web Services, or a similar outsourced data center?')).toBeNull()
    expect(otherCloud('Do you run on AWS, Azure or GCP?')).toBeNull()
    expect(otherCloud('Is public access to cloud storage buckets blocked?')).toBeNull()
    expect(wide.decide(question('Do you run on AWS, Azure, GCP or another public cloud?')).answer).not.toBe('unknown')
  })

  it('does not answer for environments the scan does not show, nor the SIEM\'s delivery time', () => {
    for (const text of ['Do development storage accounts enforce the same TLS 1.2 minimum as production?', 'Is logging in staging retained for the same 365 days as in production?', 'Do pre-production subscriptions have the same Defender for Cloud plans enabled as production?', 'Are Key Vault audit events delivered to your SIEM within 15 minutes of occurring?', 'Is dynamic data masking enabled on Azure SQL columns that hold personal data?']) {
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    }
  })

  it('reads every database a bracketed list names, and a frame before "which" is not the ask', () => {
    const a = wide.decide(question('What minimum TLS version do your databases (SQL, PostgreSQL, Cosmos DB) accept?'))
    expect(a.answer).toBe('text')
    expect(a.citations).toEqual(expect.arrayContaining(['sql-server-min-tls', 'postgres-secure-transport', 'cosmosdb-min-tls']))
    expect(asksForValue('Under the shared-responsibility model, which infrastructure provider hosts the platform?')).toBe(true)
    expect(asksForValue('Across how many Azure subscriptions is the service deployed?')).toBe(true)
    expect(answered('Is purge protection on?')).toEqual(['yes', 'keyvault-purge-protection'])
  })
})

describe('a date or period asked, a tender\'s scoring note, a follow-up asked on one answer', () => {
  it('does not answer for a date or a period from one scan, either way', () => {
    for (const text of [
      'As at 30 September, did every storage account enforce TLS 1.2 as a minimum?',
      'Throughout the audit period, was point-in-time restore retention of at least 35 days maintained on all SQL databases?',
      'Since 1 January, has any network security group rule allowed RDP from the internet at any time?',
      'At all times during the last year, has the web application firewall on the public entry points been in prevention mode?',
      'Throughout the contract term to date, have all databases been encrypted at rest?',
    ]) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('unknown')
      expect(a.review, text).toMatch(/the question asks about ".+"; the findings are those of \d{4}-\d{2}-\d{2}/)
    }
    expect(periodAsked('As of the date of this response, what is the PITR window?')).toBeNull()
    expect(periodAsked('Do all storage accounts enforce TLS 1.2?')).toBeNull()
  })

  it('reads past a scoring note and a short lead-in to the value asked', () => {
    for (const text of ['(Weight 5, pass/fail) List the geographic regions in which customer data will be stored and processed.', '(Weight 2) State the retention period, in days, of platform security logs held in the central log workspace.', 'On the date of this questionnaire, what minimum TLS version do the application gateways accept?', 'For Art. 32 purposes, how often are the encryption keys held in Key Vault rotated?']) {
      expect(wide.decide(question(text)).answer, text).toBe('text')
    }
  })

  it('judges the question, not its "If yes, …" follow-up, and reads warranted absences and configured instances the right way', () => {
    const sas = 'Does Service Bus still accept shared access signature (SAS) keys? If yes, when will local authentication be disabled?'
    expect([wide.decide(question(sas)).answer, wide.decide(question(sas)).negative]).toEqual(['no', true])
    expect(wideFailing.decide(question(sas)).answer).not.toBe('no')
    expectPolarities([
      ['Does the Provider warrant that no Service Bus namespace within the Service is reachable from the public internet unless expressly approved?', 'positive'],
      ['Has the Provider configured any SQL firewall rule that permits the entire IPv4 address range (0.0.0.0 to 255.255.255.255) to reach the Service?', 'negative'],
      ['Are the key vaults public?', 'negative'],
      ['Please confirm whether or not the key vaults are public.', 'negative'],
      ['Are their firewall rules free of any rule spanning every IP address?', 'positive'],
    ])
    expect(answered('Are the key vaults public?')).toEqual(['no', 'keyvault-public-network'])
    expect(answered('Are web applications and function apps reachable over HTTPS only?')).toEqual(['yes', 'app-min-tls'])
  })
})

describe('platform words for a service, a measure\'s heading, and attacks a WAF blocks', () => {
  it('reads a platform word as the service it stands for, either way the evidence goes', () => {
    for (const [text, check] of [
      ['Does the secrets store retain deleted secrets for recovery and prevent them from being purged early?', 'keyvault-purge-protection'],
      ['Does the document store encrypt its data with a key that the customer controls?', 'cosmosdb-cmk'],
      ['Is the hosted web tier forced onto HTTPS?', 'app-min-tls'],
      ['Do the secrets store\'s audit events flow into the central log analytics platform?', 'keyvault-audit-logs'],
    ] as const) {
      const a = wide.decide(question(text))
      expect(a.answer, text).toBe('yes')
      expect(a.citations, text).toContain(check)
      expect(wideFailing.decide(question(text)).answer, text).not.toBe('yes')
    }
    expect(words('the document store and the object stores')).toEqual(['the', 'cosmos', 'db', 'and', 'the', 'storage', 'account'])
    // The service is named as the question writes it, not by a platform word it was read as.
    expect(servicePhrases('Do the Cosmos DB accounts reject keys?')).toEqual(['cosmos db'])
  })

  it('reads past a measure\'s heading, and takes attacks a WAF blocks as its question but not the code\'s', () => {
    expect(answered('TOM – Separation control: Is any containerised application component reachable from the internet other than through the designated entry point?')).toEqual(['no', 'containerapp-ingress'])
    const waf = 'Does the edge layer inspect and block malicious web requests (e.g. SQL injection, XSS) before they reach the application?'
    expect(answered(waf)).toEqual(['yes', 'frontdoor-waf-prevention'])
    expect(wideFailing.decide(question(waf)).answer).not.toBe('yes')
    for (const text of ['Independently of the WAF, does your application code use parameterised queries to prevent SQL injection?', 'Do developers validate input and encode output to prevent XSS?'])
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    // What a question sets aside ends where it goes on to ask: the rest is the state asked.
    for (const text of ['Is any component other than the API gateway reachable from the internet?', 'Is anything other than the API gateway exposed to the internet?']) {
      expect(answered(text), text).toEqual(['no', 'public-endpoint-allowlist'])
      expect(wideFailing.decide(question(text)).answer, text).toBe('yes')
    }
    // A leaked key's use is the hazard, not whether keys are disabled: not answered either way from a synonym.
    expect(wide.decide(question('If we found a leaked Cosmos DB primary key in a repository, could we use it to read data from the account?')).answer).not.toBe('yes')
  })
})

describe('findings asked open, negations and restatements, amounts asked at the end, idioms', () => {
  it('reads which way a finding, a rhetorical negative, a restatement and "never" or "instead of" ask', () => {
    expectPolarities([
      ["Finding CSPM-0142 | 'Storage accounts should have the minimum TLS version set to 1.2' | Severity: High. Is this finding currently open anywhere in your environment? (Open / Resolved)", 'negative'],
      ["Finding: 'Public network access on Azure SQL Database should be disabled' (High). Is this finding open on any logical SQL server?", 'negative'],
      ["Isn't there at least one Cosmos DB account whose backups would not survive the loss of a region?", 'negative'],
      ['Would it be incorrect to say that some Service Bus namespace is still reachable from the public network?', 'positive'],
      ['Would it be correct to say that some Service Bus namespace is still reachable from the public network?', 'negative'],
      ['No storage account of yours still lets a client in over TLS 1.0 or 1.1 - correct?', 'positive'],
      ['Do you never let a web or function app serve traffic over plain HTTP or below TLS 1.2?', 'positive'],
      ['Is it assured that the storage accounts accept only connections by HTTPS and never by simple HTTP?', 'positive'],
      ['Our App Service web apps still answer plain HTTP requests instead of forcing HTTPS.  TRUE / FALSE', 'negative'],
      ['Are none of your Front Door endpoints left without a WAF policy that blocks rather than only detects?', 'positive'],
      ['Is the WAF in prevention rather than detection mode?', 'positive'],
      ['Are keys never rotated?', 'negative'],
      // A plain claim denied asks after its opposite.
      ['Is it untrue that every storage account requires TLS 1.2?', 'negative'],
      ['It is not the case that TDE is enabled on every database.', 'negative'],
      ['It is not the case that any database lacks encryption at rest.', 'positive'],
      ["Wouldn't an attacker be able to reach SSH from the internet?", 'negative'],
      ['NSG 3389 open?', 'negative'],
      ["PBC #14: System-generated listing of all network security group inbound rules that allow traffic from any source ('Any', 'Internet' or 0.0.0.0/0) to TCP 22 or TCP 3389. Does the listing contain any rules?", 'negative'],
      ["CC6.7 test procedure: Inspect the storage accounts to determine whether secure transfer is enabled, rejecting unencrypted HTTP requests.", 'positive'],
    ])
    // The answers follow the reading, either way the evidence goes.
    const hidden = 'Are our databases hidden from the open internet, so that only our own systems can talk to them?'
    expect(wide.decide(question(hidden)).answer).toBe('yes')
    expect(wideFailing.decide(question(hidden)).answer).not.toBe('yes')
    const still = 'Our App Service web apps still answer plain HTTP requests instead of forcing HTTPS.  TRUE / FALSE'
    expect(wide.decide(question(still)).answer).toBe('no')
    expect(wideFailing.decide(question(still)).answer).toBe('yes')
  })

  it('takes an amount asked at the end, "whose", a name in brackets and a report of a value as value questions', () => {
    for (const q of [
      'Weekly long-term backups of SQL databases are not deleted before how many weeks?',
      'During how many days can one make a restoration at a point in time of the PostgreSQL servers?',
      'Whose cloud are we actually running on?',
      'Identify the ICT third-party service provider (legal name) on whose cloud infrastructure the service is hosted.',
      'Give, in months, the rotation period configured on your Key Vault keys.',
      "Finding detail requested for 'SQL databases should retain point-in-time restore backups for at least 35 days': report the configured retention (in days) for each user database.",
      'Policy finding: non-compliant resources detected. Provide the Azure regions in which your resources are currently deployed.',
    ]) expect(asksForValue(q), q).toBe(true)
    for (const q of ['Are backups kept for at least 35 days?', 'Is the provider (legal name) listed?', 'Provide the security policy.']) expect(asksForValue(q), q).toBe(false)
  })

  it('reads hours, thousands and "every quarter" as durations, and sends stricter asks to a person', () => {
    expect(durationsInDays('Does PostgreSQL point-in-time restore reach back at least 1,000 hours?')).toEqual([42])
    expect(durationsInDays('a new key version every quarter')).toEqual([90])
    expect(durationsInDays('within 24 hours')).toEqual([1])
    for (const text of ['Does PostgreSQL point-in-time restore reach back at least 1,000 hours?', 'Our crypto standard mandates a new key version every quarter. Do your Key Vault rotation policies deliver that?', 'Have Key Vault audit events arrived in Log Analytics within the last 24 hours?'])
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    // The restore window asked as "within the last 35 days" is the window itself, not a period of the past.
    expect(wide.decide(question('Can any tenant\'s data be restored to a point in time within the last 35 days?')).answer).toBe('yes')
  })

  it('reads a statement with True / False or Agree / Disagree after it as the statement', () => {
    for (const [text, passing, failing] of [
      ['Container Apps never accept insecure (plain HTTP) ingress connections.  True / False / N/A', 'yes', 'no'],
      ['Transparent Data Encryption is ON for all Azure SQL user databases (master excluded).  Agree / Disagree / N/A', 'yes', 'no'],
      ['Some of our Service Bus namespaces still accept connections authenticated with SAS keys. (True/False)', 'no', 'yes'],
    ] as const) expectBothWays(text, passing, failing)
  })

  it('asks a finding\'s state of the recommendation it quotes, and reads plain words for backups kept elsewhere', () => {
    for (const [text, passing, failing] of [
      ["Finding SQL-AUD-01: 'Auditing on SQL server should be enabled' (Low). Compliance state across all SQL servers: Compliant / Non-compliant?", 'yes', 'no'],
      ["Recommendation 'Cosmos DB database accounts should have local authentication methods disabled' (Severity: Medium). Is the unhealthy resource count zero?", 'yes', 'no'],
      ["Recommendation 'Storage account public access should be disallowed' (Severity: High), unhealthy resources: ?. Are any of your storage accounts listed as unhealthy?", 'no', 'yes'],
      ["If a whole Azure region went dark, would copies of our databases' backups still exist somewhere else?", 'yes', 'no'],
      ['Could a stranger on the internet open a remote-control session straight onto one of our servers?', 'no', 'yes'],
      ["If a thief walked off with the files behind our SQL databases, or a backup copy, could they read what's inside?", 'no', 'yes'],
    ] as const) expectBothWays(text, passing, failing)
  })

  it('sends a terse row naming a hazard to a person, answers one asking its state, and takes the check\'s own week as no period', () => {
    expect(hazardRow('Public blobs')).toBe(true)
    expectBothWays('NSG 3389 open?', 'no', 'yes')
    expect(questionPolarity('KV private only?')).not.toBe('negative')
    expect(periodAsked('Do your key vaults deliver their AuditEvent logs to a Log Analytics workspace, with events received in the last week?')).toBeNull()
    expect(periodAsked('In the last 12 months, was TLS 1.2 enforced?')).not.toBeNull()
  })

  it('does not take an idiom, the application\'s screens, tenant admins or classic Front Door for the estate', () => {
    for (const text of ['How long would it take us to be back up and running after a major outage?', 'Can anyone on the internet reach our admin screens?', 'Can customer tenant admins view an audit log of the actions their own users take in the product?', 'Are your Azure Front Door (classic) profiles protected by a WAF policy in Prevention mode?', 'Is it not possible for an administrator to alter or delete audit logs once they are written?', 'Our RPO policy needs 30 days of continuous point-in-time recovery on the document store. Do your Cosmos DB accounts provide it?'])
      expect(wide.decide(question(text)).answer, text).toBe('unknown')
    expect(wide.decide(question('How long do we keep the records of who did what in our systems?')).citations[0]).toBe('log-retention')
    expect(answered("Are we paying for Microsoft's round-the-clock threat watching on the systems that hold our data and run our apps?")).toEqual(['yes', 'defender-plans-standard'])
  })
})

describe('a hazard asked of any one resource, where some resources have it', () => {
  const someFail = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'servicebus-local-auth-disabled': 'partial', 'storage-public-network': 'partial' }), () => 'pass'), NOW)
  it('answers "Yes" with how many, not "Partial", and keeps "Partial" for a question about them all', () => {
    const any = someFail.decide(question('Does any Service Bus namespace still accept SAS keys?'))
    expect([any.answer, any.negative]).toEqual(['yes', true])
    expect(any.rationale).toMatch(/^Yes: 1 of 2 Service Bus namespaces in scope do not meet it/)
    expect(any.review).toMatch(/partial: servicebus-local-auth-disabled/)
    expect(someFail.decide(question('Are storage accounts publicly readable?')).answer).toBe('partial')
  })
})

describe('a question relayed in sales notes, a hazard stated of none, and cells with labels', () => {
  it('reads the buyer\'s question out of the note that relays it', () => {
    expect(withoutRelay('Prospect asks — is SSH or RDP open to the internet anywhere in prod? (their pen-test firm flagged this at another vendor, lol)')).toBe('Is SSH or RDP open to the internet anywhere in prod?')
    expect(withoutRelay('Call notes (Globex): they asked if someone could wipe our encryption keys for good. I said no but need eng to back me up.')).toBe('Could someone wipe our encryption keys for good?')
    expect(withoutRelay('From the call notes: buyer wants confirmation we encrypt the Azure SQL databases at rest. I told them yes, pls confirm 🙂')).toBe('Confirm that we encrypt the Azure SQL databases at rest.')
    expect(withoutRelay('Their auditor wants to know how long we retain logs in Log Analytics — number of days please.')).toMatch(/^How long we retain logs in Log Analytics/)
    // A question asked after the reported one is what is asked; a heading with "fw" (firewall) relays nothing.
    const later = 'We need assurance that our data is protected while it moves across networks. Is TLS used on every connection that carries customer data?'
    expect(withoutRelay(later)).toBe(later)
    expect(withoutRelay('Any SQL srv fw rule 0.0.0.0 - 255.255.255.255 (allow-all) present?')).toBe('Any SQL srv fw rule 0.0.0.0 - 255.255.255.255 (allow-all) present?')
    expect(withoutRelay('Is access to audit logs restricted to those who need to know which keys exist?')).toBe('Is access to audit logs restricted to those who need to know which keys exist?')
    for (const [text, passing, failing] of [
      ['Prospect asks — is SSH or RDP open to the internet anywhere in prod? (their pen-test firm flagged this at another vendor, lol)', 'no', 'yes'],
      ['Call notes (Globex): they asked if someone could accidentally or maliciously wipe our encryption keys for good. I said no but need eng to back me up.', 'no', 'yes'],
      ['From the call notes: buyer wants confirmation we encrypt the Azure SQL databases at rest. I told them yes, pls confirm so I\'m not lying', 'yes', 'no'],
      ['Their security architect asked whether our WAF actually blocks attacks or just logs them — is it in blocking mode on the app gateway?', 'yes', 'no'],
    ] as const) expectBothWays(text, passing, failing)
    expect(wide.decide(question('Their auditor wants to know how long we retain logs in Log Analytics — number of days please.')).value).toMatch(/365 days/)
  })

  it('agrees with a statement that the hazard holds of none, and disagrees with one that the safeguard does', () => {
    expectPolarities([
      ['No storage account accepts TLS 1.0.', 'positive'],
      ['None of the key vaults is publicly accessible.', 'positive'],
      ['There is no Service Bus namespace reachable from the internet.', 'positive'],
      ['No key has a rotation policy.', 'negative'],
      ['Not a single SQL server has auditing switched on.', 'negative'],
    ])
    for (const [text, passing, failing] of [
      ['Management asserts that no Service Bus namespace can be reached over the public internet. Please confirm.', 'yes', 'no'],
      ['No NSG allows RDP from the internet.', 'yes', 'no'],
      ['Management asserts that Key Vault audit events (AuditEvent) are currently flowing into a Log Analytics workspace. Can you confirm this is operating today?', 'yes', 'no'],
    ] as const) expectBothWays(text, passing, failing)
  })

  it('reads a hazard switched on with its resource between, open to all networks, and purged before its time', () => {
    for (const [text, passing, failing] of [
      ['Is the public endpoint of your Azure SQL logical server enabled?', 'no', 'yes'],
      ['Is network access to your Azure Storage accounts open to all networks?', 'no', 'yes'],
      ['Are the databases that hold student education records open to access from the public internet?', 'no', 'yes'],
      ['Could an administrator purge a deleted encryption key before its soft-delete retention period ends?', 'no', 'yes'],
      ['Can files containing district data be accessed anonymously through public storage links?', 'no', 'yes'],
    ] as const) expectBothWays(text, passing, failing)
    // A setting switched off beside the hazard is not the hazard on.
    expect(questionPolarity('Is public access on the storage accounts disabled and TLS enabled?')).toBe('positive')
    // TLS asked of Cosmos DB is its TLS, not its keys because the question says "still".
    expect(answered('Do any of your Cosmos DB accounts still allow TLS versions below 1.2?')).toEqual(['no', 'cosmosdb-min-tls'])
  })

  it('leaves a key per tenant, encryption beyond TDE and the buyer\'s own tenant settings to a person', () => {
    for (const text of [
      'Is every tenant\'s data encrypted with its own dedicated key in Key Vault?',
      'Are database backups themselves encrypted, separately from TDE on the live database?',
      'Can we restrict which source IP addresses may call your API with our tenant\'s credentials (tenant-level IP allowlisting)?',
    ]) expectNoCheckClaims(text)
    // The rotation of the per-tenant keys is still the keys' rotation, and a dedicated key management service is Key Vault.
    expect(wide.decide(question('Key rotation period for the per-tenant keys in Key Vault (days)?')).value).toMatch(/335 days/)
  })

  it('reads past a heading in capitals, the response labels and the fields listed under the ask', () => {
    expect(answered('ACCESS CONTROL\nIs your Service Bus namespace reachable from the public internet?\nAnswer: ____')).toEqual(['no', 'servicebus-public-network'])
    expect(asksForValue('TRANSPORT SECURITY\n4.4.2 What minimum TLS version do your Azure Storage accounts enforce?\nAnswer:')).toBe(true)
    expect(asksForValue('BACKUP\n(Required) How frequently are long-term retention backups of Azure SQL databases taken?')).toBe(true)
    expect(asksForValue('For the audit file, please state the lowest TLS protocol version the Application Gateway will negotiate with clients.')).toBe(true)
    const plans = wide.decide(question('6.3 List the Microsoft Defender for Cloud plans enabled on production subscriptions.\n• Plan name\n• Tier\nComments:'))
    expect([plans.answer, plans.value]).toEqual(['text', expect.stringMatching(/SqlServers/)])
    // A heading alone with a yes/no under it stays a yes/no.
    expect(asksForValue('KEY MANAGEMENT\nAre keys rotated automatically?')).toBe(false)
  })

  it('answers "which of them are in the bad state?" with None only where the checks pass with no exception', () => {
    const storage = 'Which of your storage accounts allow anonymous blob access or public network access? List them.'
    expect(asAnyAsked(storage)).toBe('Are there any of your storage accounts that allow anonymous blob access or public network access?')
    const none = wide.decide(question(storage))
    expect([none.answer, none.value, none.citations[0]]).toEqual(['text', 'None', 'storage-public-network'])
    expect(none.rationale).toMatch(/^None\. Anonymous blob access is disabled/)
    expect(wide.decide(question('Which public IP addresses are attached to resources other than the approved entry point? Please list them all.')).value).toBe('None')
    // Failing, or passing with an account under an accepted exception (which does allow it): a person names them.
    expect(wideFailing.decide(question(storage)).answer).toBe('unknown')
    const excepted = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'storage-public-network': 'excepted' }), () => 'pass'), NOW)
    expect(excepted.decide(question(storage)).answer).toBe('unknown')
    // Which one of several kinds, or what an allowed exposure is, is not a list of resources in a bad state.
    expect(asAnyAsked('Which backup storage redundancy (LRS, ZRS, GRS or GZRS) do your Azure SQL databases use?')).toBeNull()
    expect(asAnyAsked('Which kind of redundancy have the database backups (LRS, ZRS, GRS or GZRS)?')).toBeNull()
    expect(wide.decide(question('Which of your services expose an endpoint to the internet?')).value).toBe('Only the API gateway')
    // "Name any region…" is not answered yes or no.
    expect(['unknown', 'text']).toContain(wideFailing.decide(question('Name any Azure region in use that is not on your approved list (answer \'none\' if there is none).')).answer)
  })

  it('does not deny the public gateway when asked whether any service is exposed', () => {
    for (const text of ['Are any of your services exposed to the internet?', 'Do any of your services expose an endpoint to the internet?']) {
      const a = wide.decide(question(text))
      expect(['public-services-exposed', 'containers-exposed'], text).not.toContain(a.entryId)
    }
    expect(answered('Are internal services exposed to the public internet?')).toEqual(['no', 'keyvault-public-network'])
    // "Anything other than the gateway" is No; "anything" alone is not (the gateway is public).
    expect(wide.decide(question('Is anything other than the API gateway exposed to the internet?')).entryId).toBe('exposed-beyond-gateway')
    expect(wide.decide(question('Is anything reachable from the internet?')).answer).not.toBe('no')
  })

  it('reads lower-case "storage" listed among services as the product, and keeps the databases listed beside it', () => {
    expect([...namedFamilies('What is the minimum TLS version on your databases, storage and Service Bus?')].sort()).toEqual(['microsoft.servicebus', 'microsoft.storage'])
    expect([...namedFamilies('min tls across ur dbs, storage + sb')]).toContain('microsoft.storage')
    for (const text of ['Are backups in storage encrypted?', 'Is data storage and processing in the EU?', 'Is the storage of logs centralised, and are Service Bus namespaces private?']) expect([...namedFamilies(text)], text).not.toContain('microsoft.storage')
    // Every service listed is answered for, the databases included; one failing among them is not left out.
    const all = wide.decide(question('What is the minimum TLS version on your databases, storage and Service Bus?'))
    expect([all.answer, all.citations]).toEqual(['text', expect.arrayContaining(['storage-min-tls', 'servicebus-min-tls', 'sql-server-min-tls', 'postgres-secure-transport', 'cosmosdb-min-tls'])])
    const chat = wide.decide(question('min tls across ur dbs, storage + sb'))
    expect(chat.value).toMatch(/storage account/)
    const sqlWeak = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'sql-server-min-tls': 'fail' }), () => 'pass'), NOW)
    expect(sqlWeak.decide(question('What is the minimum TLS version on your databases, storage and Service Bus?')).answer).toBe('unknown')
    // A database product named keeps its own evidence alone.
    expect(wide.decide(question('Is the production PostgreSQL database reachable only over private networking?')).citations.slice(0, 1)).toEqual(['postgres-public-network'])
  })

  it('reads a value asked after a yes/no, after a dash or as an extreme, and one asked with "please list"', () => {
    for (const text of [
      'Is there any TLS version older than 1.2 that your storage accounts will ever negotiate? Please state the lowest version accepted.',
      'If a client connected to your Service Bus namespace using TLS 1.1, what would happen — what is the lowest TLS version accepted?',
      'Under your current rotation policy, what is the longest a Key Vault key can go before it is rotated?',
      'To make this concrete for your environment, please list which Microsoft Defender for Cloud plans are currently enabled on the subscriptions that host the service.',
    ]) expect(asksForValue(text), text).toBe(true)
    for (const text of ['Is TLS 1.2 enforced? Please provide a screenshot.', 'What happens if the region is lost - are the backups lost with it?']) expect(asksForValue(text), text).toBe(false)
    // The value, not a No that a failing estate would turn into a Yes.
    expect(wide.decide(question('Is there any TLS version older than 1.2 that your storage accounts will ever negotiate? Please state the lowest version accepted.')).value).toMatch(/^TLS 1\.2 or later/)
    expect(wideFailing.decide(question('If a client connected to your Service Bus namespace using TLS 1.1, what would happen — what is the lowest TLS version accepted?')).answer).toBe('unknown')
    // A value asked of what central logging and log retention both read: the one with the value answers.
    expect(answered('For how many days does the Log Analytics workspace retain log data (CIS asks for at least 90)?')).toEqual(['text', 'log-retention'])
  })

  it('reads "how do you ensure", "what mechanism blocks" and a recovery asked as the safeguard they ask after', () => {
    expect(answered('What mechanism ensures that encryption keys held in Key Vault are rotated automatically at least once a year?')).toEqual(['yes', 'keyvault-key-rotation'])
    expect(answered('How do you ensure that activity on your Azure SQL servers is audited?')).toEqual(['yes', 'sql-server-auditing'])
    expect(answered('What mechanism actively blocks (not just detects) web attacks such as SQL injection or XSS at your application gateway?')).toEqual(['yes', 'appgw-waf-prevention'])
    expect(processCues('How do you ensure that activity on your Azure SQL servers is audited?')).toEqual([])
    expect(processCues('Is the logging process audited?')).toEqual(['audited'])
    expect(wide.decide(question('How do you ensure that backups are tested regularly?')).answer).toBe('unknown')
    const recover = 'If an administrator deleted a key vault or a key in it, by mistake or maliciously, could it be recovered before being permanently purged?'
    expect(questionPolarity(recover)).toBe('positive')
    expect([wide.decide(question(recover)).answer, wideFailing.decide(question(recover)).answer]).toEqual(['yes', 'no'])
    const attached = 'Is a public IP address ever attached to a VM, NIC or other resource apart from your approved internet entry points?'
    expect(questionPolarity(attached)).toBe('negative')
    expect([wide.decide(question(attached)).answer, wideFailing.decide(question(attached)).answer]).toEqual(['no', 'yes'])
  })

  it('reads the past asked ("ever been", "since launch", "at the time of the incident"), and not the assessment in hand', () => {
    expect(periodAsked('Have any of your databases ever been exposed to the public internet since launch?')).toBe('since launch')
    expect(periodAsked('Has any key ever been left without a rotation policy?')).toBe('ever been')
    expect(periodAsked('At the time of your last security incident, was the WAF running in Prevention mode?')).toBe('At the time of your last security incident')
    expect(periodAsked('At the time of the assessment, do any Service Bus namespaces still allow TLS 1.0 or 1.1?')).toBeNull()
    expect(periodAsked('Do you ever allow TLS 1.0 on storage?')).toBeNull()
    for (const text of ['Have any of your databases ever been exposed to the public internet since launch?', 'At the time of your last security incident, was the WAF running in Prevention mode?']) {
      expect([wide.decide(question(text)).answer, wideFailing.decide(question(text)).answer], text).toEqual(['unknown', 'unknown'])
    }
  })

  it('answers Defender for the services asked, and sends on what its plans do not read', () => {
    const dbs = wide.decide(question('Is continuous threat detection enabled for your databases?'))
    expect([dbs.answer, dbs.rationale]).toEqual(['unknown', expect.stringContaining('Defender for open-source relational databases and Defender for Cosmos DB')])
    // Cosmos DB set aside, PostgreSQL still asked.
    const aside = wide.decide(question('Apart from Cosmos DB, is Defender for Cloud enabled for all of your data services?'))
    expect([aside.answer, aside.rationale]).toEqual(['unknown', expect.not.stringContaining('Cosmos')])
    expect(answered('Is Defender for Cloud threat protection enabled for your Azure SQL databases and key vaults?')).toEqual(['yes', 'defender-plans-standard'])
    expect(answered('Is Microsoft Defender for Cloud enabled?')).toEqual(['yes', 'defender-plans-standard'])
  })

  it('reads a question relayed from a support ticket without the ticket chatter around it', () => {
    const cases: Array<[string, string]> = [
      ["Ticket #4412 – Acme's security team wants to know if our Azure SQL databases are encrypted at rest (they mentioned TDE by name). Can someone from security confirm before Friday? Thx, Dana", 'Confirm that our Azure SQL databases are encrypted at rest.'],
      ['Client asks: can anyone on the internet hit our SQL or Postgres servers directly? Their CISO is nervous after an incident at another vendor. — Priya (CSM), ticket #5098', 'Can anyone on the internet hit our SQL or Postgres servers directly?'],
      ['Ticket #4478 – Umbrella\'s procurement forwarded this one: "Does the vendor run a web application firewall in front of the application that actively blocks malicious requests (not just alerts)?" Can security pick it up?', 'Does the vendor run a web application firewall in front of the application that actively blocks malicious requests (not just alerts)?'],
      ["Ticket #4920 – Acme again, sorry! Which cloud provider hosts the production service? Just the provider name, they're filling in a sub-processor field.", 'Which cloud provider hosts the production service?'],
      ["Ticket #5582 — Soylent's security lead asks: \"Can applications still connect to your Cosmos DB using the primary/secondary account keys?\" Sounds like they want key-based access switched off.", 'Can applications still connect to your Cosmos DB using the primary/secondary account keys?'],
    ]
    for (const [text, bare] of cases) expect(withoutRelay(text), text).toBe(bare)
    // Not a relay: a question naming a database "billing" or an Azure resource ID is left as it is.
    expect(withoutRelay('What backup storage redundancy (LRS, ZRS, GRS) is set on sql-prod-weu-01/databases/billing?')).toBe('What backup storage redundancy (LRS, ZRS, GRS) is set on sql-prod-weu-01/databases/billing?')
    expect(answered('Ticket #8002 – Hooli wants to know if any of our storage accounts allow anonymous / public read access to blobs. Their auditor flagged this at another supplier. Low urgency, due next sprint.')).toEqual(['no', 'storage-public-network'])
    expect(wideFailing.decide(question('Ticket #8002 – Hooli wants to know if any of our storage accounts allow anonymous / public read access to blobs. Low urgency.')).answer).toBe('yes')
  })

  it('reads courtesy, a contrast, evidence requests and a buyer describing itself as what they are around the ask', () => {
    expect(answered('To the best of your knowledge, and without wishing to trouble you unduly, are weekly full backups of your Azure SQL databases retained under a long-term retention policy?')).toEqual(['yes', 'sql-db-ltr-weekly'])
    const detection = 'I hope this message finds you well. Could you please confirm whether the web application firewall on your Application Gateway is currently running in detection-only mode, as opposed to prevention mode?'
    expect([wide.decide(question(detection)).answer, wideFailing.decide(question(detection)).answer]).toEqual(['no', 'yes'])
    expect(answered('Upload the configuration showing that backups of your PostgreSQL flexible servers are stored geo-redundantly.')).toEqual(['yes', 'postgres-geo-backup'])
    expect(answered('Attach evidence that Cosmos DB backups are kept in a second region (geo-redundant periodic backup storage, or continuous backup on a multi-region account).')).toEqual(['yes', 'cosmosdb-geo-backup'])
    expect(answered('Provide evidence that each Azure Front Door endpoint is associated with a WAF policy running in Prevention mode (screenshots of the security policy and the WAF policy settings).')).toEqual(['yes', 'frontdoor-waf-prevention'])
    expect(processCues('Do you have an information security policy covering Front Door?')).toEqual(['policy'])
    expect(answered('Please confirm whether your Service Bus namespaces can be reached over the public internet, and upload a screenshot of the Networking blade.')).toEqual(['no', 'servicebus-public-network'])
    // Continuous mode asked for is a mode no check reads.
    expect(wide.decide(question('Are Cosmos DB accounts configured for continuous backup with geo-redundant backup storage?')).answer).toBe('unknown')
    expect(answered('Our clinicians will upload patient referral letters, which end up in your blob storage. Can any of that storage be read anonymously through a public URL?')).toEqual(['no', 'storage-public-network'])
    expect(answered("We will push payroll records through your platform's message queues. Do your Service Bus namespaces refuse connections that use a TLS version older than 1.2?")[0]).toBe('yes')
    expect(asksForValue('Provide an export of the Microsoft Defender for Cloud plans enabled on your production subscription(s).')).toBe(true)
    expect(answered('LT-6 Configure log storage retention - What retention period (in days) is configured on your Log Analytics workspaces?')).toEqual(['text', 'log-retention'])
    const ports = wide.decide(question('Which inbound administrative ports (list port numbers) are blocked from the internet at the network security group layer?'))
    expect([ports.answer, ports.value]).toEqual(['text', 'Ports 22, 3389 closed to inbound internet traffic on every network security group (2 network security groups in scope)'])
  })

  it('leaves to a person what the checks do not read: secrets, DNS, the buyer\'s tenant, costs, other clouds, a year gone by', () => {
    for (const text of [
      'Are all encryption keys and all secrets in your key vaults rotated at least annually?',
      'Are the Private DNS zones used by your private endpoints linked only to your production virtual networks?',
      'Will your service verify that the storage accounts in OUR Azure subscription (where your connector writes exports) are not publicly accessible?',
      'Are Microsoft Defender licensing costs included in your subscription price, or billed to us separately?',
      'Could you possibly confirm whether the same backup and encryption safeguards also extend to any environments you operate on AWS or Google Cloud, should there be any?',
      'Our auditors test the whole contract period, which began in January 2025. Were all of your storage accounts blocking public access for the whole of 2025?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
    expect(otherCloud('…any environments you operate on AWS or Google Cloud?')).toBe('Amazon Web Services and Google Cloud')
    expect(periodAsked('Is the service certified against ISO/IEC 27001:2022?')).toBeNull()
  })

  it('reads "with none of them exposing" and "at least one … fewer than" the way they ask', () => {
    const behind = 'Do all of your Container Apps sit behind the approved gateway, with none of them exposing ingress to the internet directly or allowing insecure HTTP?'
    expect(questionPolarity(behind)).not.toBe('negative')
    expect([wide.decide(question(behind)).answer, wideFailing.decide(question(behind)).answer]).toEqual(['yes', 'no'])
    const short = 'Is at least one of your Log Analytics workspaces keeping logs for fewer than 365 days?'
    expect(questionPolarity(short)).toBe('negative')
    expect(['no', 'unknown']).toContain(wide.decide(question(short)).answer)
    expect(['yes', 'unknown']).toContain(wideFailing.decide(question(short)).answer)
    expect([...namedFamilies('Are your Azure SQL TDE protector, PostgreSQL flexible server storage and Cosmos DB accounts encrypted with customer-managed keys?')]).not.toContain('microsoft.storage')
  })

  it('reads plain words and tried hazards: rolled back, sitting in, old versions of encryption, let them through', () => {
    expect(answered("Is our stuff encrypted when it's sitting in your SQL databases?")).toEqual(['yes', 'sql-db-tde'])
    expect(answered('If something goes wrong with the SQL database, can you roll it back to how it was a couple of weeks ago?')).toEqual(['yes', 'sql-db-pitr-retention'])
    expect(answered('Does the gateway in front of your app refuse old, weak versions of encryption?')).toEqual(['yes', 'appgw-min-tls'])
    expect(answered('Are the apps running in your containers tucked away behind the gateway instead of sitting open on the internet?')).toEqual(['yes', 'containerapp-ingress'])
    expect(answered('Setting databases aside, are your key vaults, storage accounts, App Service/Functions and container workloads covered by Defender for Cloud on the Standard tier?')).toEqual(['yes', 'defender-plans-standard'])
    for (const [text, check] of [
      ['If someone from an arbitrary internet IP address tried to connect to your Azure SQL server, would the network let them through?', 'sql-server-public-network'],
      ['If someone opens one of your Function app URLs over plain http:// or with TLS 1.0, will the app serve the request anyway?', 'app-min-tls'],
      ['Do your apps still use shared keys, like a password, to get into the Cosmos database?', 'cosmosdb-local-auth-disabled'],
      ['Would a client offering only TLS 1.1 be able to connect to your storage?', 'storage-min-tls'],
    ] as const) {
      expect(questionPolarity(text), text).not.toBe('positive')
      expect(answered(text), text).toEqual(['no', check])
      expect(wideFailing.decide(question(text)).answer, text).toBe('yes')
    }
    // Monthly and yearly retention, which no check reads, are not answered with the weekly one; weekly among the
    // choices is.
    expect(wide.decide(question('Excluding the weekly backups, how long are monthly and yearly long-term SQL backups kept?')).answer).toBe('unknown')
    expect(answered('How often are long-term backups of SQL databases taken: daily, weekly, or monthly?')).toEqual(['text', 'sql-db-ltr-weekly'])
  })

  it('admits the public gateway when asked whether anything is exposed, and only while nothing else is', () => {
    const asks = ['Are any of your services exposed to the internet?', 'Is anything reachable from the internet?', 'Do you expose anything publicly?', 'Does the platform expose any services to the internet?']
    const storageOpen = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'storage-public-network': 'fail' }), () => 'pass'), NOW)
    for (const text of asks) {
      const yes = wide.decide(question(text))
      expect([yes.answer, yes.entryId, yes.rationale.slice(0, 34)], text).toEqual(['yes', 'anything-exposed', 'Yes, the API gateway and only it. '])
      // The yes states the safeguard, so it is not flagged as an unfavourable answer.
      expect(yes.review, text).toBeNull()
      // With a storage account open as well, the yes would still be true, but not its wording; never a No.
      for (const other of [wideFailing, storageOpen]) {
        const a = other.decide(question(text))
        expect([a.answer, a.rationale], text).toEqual(['unknown', expect.stringMatching(/^Not answered automatically: the answer is yes, and more than the approved answer states, since .*storage-public-network/)])
      }
    }
    // Setting the gateway aside, or naming one service, is another entry's question.
    expect(wide.decide(question('anything open to the internet besides the api?')).entryId).toBe('exposed-beyond-gateway')
    expect(wide.decide(question('Are the container applications exposed to the internet, other than the foreseen entry point?')).entryId).not.toBe('anything-exposed')
    expect(answered('Is any database exposed to the internet?')).toEqual(['no', 'sql-server-public-network'])
  })

  it('reads a SIG row number, a fallback after "or … at least", a premise granted and an assurance asked', () => {
    expect(answered('D.4.2.1 Are customer-managed encryption keys used for the primary data stores (Azure SQL, PostgreSQL, Cosmos DB)?')[0]).toBe('yes')
    expect(asksForValue('Is public network access disabled on your key vaults, or is the vault firewall at least set to deny by default?')).toBe(false)
    expect(asksForValue('Is TLS 1.2 the lowest version accepted, or do they still take 1.1?')).toBe(true)
    expect(answered('In addition to the 35-day point-in-time window, are weekly full backups of Azure SQL databases retained long term?')).toEqual(['yes', 'sql-db-ltr-weekly'])
    expect(answered('What assurance can you give that weekly full backups of Azure SQL are kept under a long-term retention policy?')).toEqual(['yes', 'sql-db-ltr-weekly'])
    expect(answered('Please confirm that server-level auditing is switched on for each Azure SQL logical server in the production estate.')).toEqual(['yes', 'sql-server-auditing'])
    // Two values asked in one sentence are answered part by part, and a yes/no joined to a value is not split.
    expect(joinedAsks('Which cloud provider hosts the service, and in which regions are the workloads deployed?')).toEqual([
      { label: '1)', text: 'Which cloud provider hosts the service?' },
      { label: '2)', text: 'In which regions are the workloads deployed?' },
    ])
    const both = wide.decide(question('Which cloud provider hosts the service, and in which regions are the workloads deployed?'))
    expect([both.answer, both.value]).toEqual(['text', expect.stringMatching(/^1\) Microsoft Azure .* 2\) .*Canada Central and West Europe/)])
    const half = wide.decide(question('How long are backups retained, and how often are restores tested?'))
    expect([half.answer, half.review]).toEqual(['unknown', expect.stringMatching(/^parts: 1\) 35 days or more .* 2\) not answered/)])
    expect(joinedAsks('Is TLS 1.2 enforced, and which cipher suites are enabled?')).toBeNull()
    expect(joinedAsks('In which mode does your web application firewall run, and on which entry points (Application Gateway, Front Door)?')).toBeNull()
    // Switched on for each SQL server, but TDE: not auditing's answer.
    expect(wide.decide(question('Is TDE switched on for each SQL server?')).entryId).not.toBe('db-audit-logs')
  })

  it('reads a hazard tried in a hypothetical, and traffic from outside let in, both ways', () => {
    for (const [text, check] of [
      ['If someone swept the internet looking for PostgreSQL servers, would yours accept connections from public networks?', 'postgres-public-network'],
      ['Were a client to offer only TLS 1.0 to your Application Gateway, would the handshake succeed?', 'appgw-min-tls'],
    ] as const) {
      expect(questionPolarity(text), text).toBe('negative')
      expect(answered(text), text).toEqual(['no', check])
      expect(wideFailing.decide(question(text)).answer, text).toBe('yes')
    }
    expect(questionPolarity('Could a client connect with TLS 1.0?')).toBe('negative')
    expect(questionPolarity('Do you refuse connections from the internet?')).toBe('positive')
  })

  it('leaves "is it not the case that…?" to a person: it is read both ways', () => {
    const a = wide.decide(question('Is it not the case that no Azure SQL user database is left without transparent data encryption?'))
    expect(a.answer).toBe('unknown')
    expect(a.review).toMatch(/reads both ways; the evidence alone would answer no/)
    // "Is it untrue that…" reads one way only.
    expect(wide.decide(question('Is it untrue that every storage account requires TLS 1.2?')).answer).toBe('no')
  })

  it('writes out chat shorthand and reads past what is set aside', () => {
    expect(withoutShorthand('can container apps be hit directly from the internet w/o going thru the app gw')).toBe('can container apps be hit directly from the internet without going through the Application Gateway')
    expect(withoutShorthand('min tls across ur dbs, storage + sb')).toBe('min tls across your databases, storage and Service Bus')
    // Whole words only, and a cell with none is left as it is.
    expect(withoutShorthand('Is an SBOM kept for every KVM host?')).toBe('Is an SBOM kept for every KVM host?')
    expect(answered('sb namespaces enforce tls1.2 min')).toEqual(['yes', 'servicebus-min-tls'])
    // "key vault + database audit events" is two things: Key Vault's evidence alone does not answer both.
    const both = wide.decide(question('Diagnostic settings configured to ship key vault + database audit events to a central log workspace?'))
    expect([both.answer, both.review]).toEqual(['unknown', expect.stringMatching(/the databases not evidenced/)])
    expect(answered('can container apps be hit directly from the internet w/o going thru the app gw')).toEqual(['no', 'containerapp-ingress'])
    expect(wide.decide(question('kv key rotation interval pls')).value).toMatch(/^Automatically, at most every 335 days/)
    expect(asksForValue('Key Vault key rotation interval')).toBe(true)
    expect(answered('Leaving aside what customers configure in their own tenants, are your own Cosmos DB accounts encrypted with a customer-managed key from Key Vault?')).toEqual(['yes', 'cosmosdb-cmk'])
    expect(answered('In production (not staging), are your Azure SQL servers reachable only through private endpoints, with public network access disabled?')[0]).toBe('yes')
    // Staging asked of is still a person's.
    expect(wide.decide(question('In staging, are databases encrypted?')).answer).toBe('unknown')
  })
})

/** Answered with a value matching `value` where every check passes, citing `source` (a check, or the scan's entry). */
function expectValueCited(text: string, source: string, value: RegExp): void {
  const a = wide.decide(question(text))
  expect([a.answer, a.citations.includes(source) || a.entryId === source], text).toEqual(['text', true])
  expect(a.value, text).toMatch(value)
}

/** Answered `passing` where every check passes, citing `check`, and the other way where every check fails. */
function expectCitedBothWays(text: string, passing: 'yes' | 'no', check: string): void {
  const a = wide.decide(question(text))
  expect([a.answer, a.citations.includes(check)], text).toEqual([passing, true])
  expect(wideFailing.decide(question(text)).answer, text).toBe(passing === 'yes' ? 'no' : 'yes')
}

describe('clauses and leads of long rows', () => {
  const failingCosmos = (check: string): ReturnType<typeof buildMatcher> => buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ [check]: 'fail' }), (id) => (id === check ? 'fail' : 'pass')), NOW)

  it('reads a later clause that names no service of the services an earlier one names', () => {
    const text = 'Is data in transit to the database tier (Azure SQL, PostgreSQL, Cosmos DB) encrypted, and do those services refuse TLS 1.0 and 1.1?'
    expect(wide.decide(question(text)).answer).toBe('yes')
    expect(wideFailing.decide(question(text)).answer).toBe('no')
    // One of the three services failing makes it partial, never yes.
    expect(failingCosmos('cosmosdb-min-tls').decide(question(text)).answer).toBe('partial')
  })

  it('splits a clause naming two services by service, as it does a whole question', () => {
    const text = 'Do services authenticate with managed identities, and is key-based authentication turned off on Service Bus and Cosmos DB?'
    const a = wide.decide(question(text))
    expect(a.answer).toBe('yes')
    expect(a.citations).toEqual(expect.arrayContaining(['servicebus-local-auth-disabled', 'cosmosdb-local-auth-disabled']))
    expect(failingCosmos('cosmosdb-local-auth-disabled').decide(question(text)).answer).toBe('partial')
  })

  it('reads past what the buyer says of itself before a colon, but keeps the services it names', () => {
    // "our own keys" in the lead is the buyer's: the rotation of the vendor's keys is asked.
    expect(answered('We bring no keys of our own (BYOK); we only ask about yours: are your Key Vault keys rotated automatically every year?')).toEqual(['yes', 'keyvault-key-rotation'])
    expect(answered('We know you don\'t use Redis or Event Hubs, so just for your Key Vaults: is public network access disabled?')).toEqual(['yes', 'keyvault-public-network'])
    // Asked of the customers' own keys, rotation is still not the vendor's to claim.
    expect(wide.decide(question('Can we rotate our own keys?')).answer).toBe('unknown')
  })

  it('reads past what is set aside in a later sentence, and Front Door\'s "Security policies" blade as a place', () => {
    for (const [text, check] of [
      ['Our recovery planning assumes a region can be lost. Setting aside your RTO targets, which we ask about later, are the backups of your PostgreSQL servers stored geo-redundantly?', 'postgres-geo-backup'],
      ['In the Front Door profile, under Security policies, does each endpoint have a WAF policy whose Policy settings > Mode is Prevention?', 'frontdoor-waf-prevention'],
    ] as const) expectCitedBothWays(text, 'yes', check)
  })

  it('reads past "In that context, and noting that…," and past what the buyer\'s own framework expects before it asks', () => {
    for (const [text, check] of [
      // The base read "we never supply keys" as the service-managed hazard and answered No on a passing estate.
      ['In that context, and noting that we never supply keys ourselves, is the TDE protector on your Azure SQL servers a customer-managed key?', 'sql-server-tde-cmk'],
      // "vulnerability scans" is what the buyer's framework says, not what is asked.
      ['Our security framework expects suppliers to detect threats natively, rather than relying only on periodic vulnerability scans. Is Microsoft Defender for Cloud enabled for Azure SQL, Storage and Key Vault in every subscription?', 'defender-plans-standard'],
    ] as const) expectCitedBothWays(text, 'yes', check)
    // An ask that points back at the buyer's requirement asks the requirement: a person's.
    expectNoCheckClaims('Our policy requires monthly vulnerability scans of every server. Do you meet this?')
  })

  it('reads past what the buyer\'s people will upload, and past the middle steps of a portal path', () => {
    const text = 'Many of the essays our students upload will be stored in your document database. Please tell us whether your Cosmos DB backups are kept in more than one Azure region.'
    expect(answered(text)).toEqual(['yes', 'cosmosdb-geo-backup'])
    expect(wideFailing.decide(question(text)).answer).toBe('no')
    // An upload asked of is still the product's, and a person's.
    expect(wide.decide(question('Our users upload files through your product. Is malware scanning applied to uploads?')).answer).toBe('unknown')
    // "Usage and estimated costs" is the blade the retention is set on, not a question about costs.
    const retention = wide.decide(question('What value is set in Log Analytics workspace > Usage and estimated costs > Data retention?'))
    expect([retention.answer, retention.citations[0]]).toEqual(['text', 'log-retention'])
    expect(retention.value).toMatch(/365 days/)
  })

  it('answers the one infrastructure sub-processor as the hosting provider, and never where data lives from words of no place', () => {
    const host = wide.decide(question('Which IaaS provider is your main infrastructure sub-processor for production?'))
    expect([host.answer, host.value]).toEqual(['text', expect.stringMatching(/^Microsoft Azure/)])
    // Sub-processors in the plural are other parties' estates.
    expectNoCheckClaims('Do your infrastructure sub-processors encrypt data?')
    // The base answered this "yes" from the resources' regions.
    expect(wide.decide(question('Does your hosting provider encrypt data?')).entryId).not.toBe('data-residency')
    expect(answered('Where is customer data stored?')).toEqual(['text', 'resource-location-allowed'])
  })
})

describe('negations, attestations and addresses (sets 47 and 48)', () => {
  // Each was answered the wrong way round on the all-failing estate by the build before: the favourable answer
  // given where every check fails.
  const cases: Array<[text: string, passing: 'yes' | 'no', check: string]> = [
    ['Are there no PostgreSQL servers left without geo-redundant backups?', 'yes', 'postgres-geo-backup'],
    ['Is it false that Key Vault audit events are not reaching the Log Analytics workspace?', 'yes', 'keyvault-audit-logs'],
    ['Is there no geo-redundant copy of your Azure SQL backups?', 'no', 'sql-db-geo-backup'],
    ['Is TLS 1.0 not yet disabled on any of your storage accounts?', 'no', 'storage-min-tls'],
    ['Will your PostgreSQL server accept a client connection that is not using TLS?', 'no', 'postgres-secure-transport'],
    ['Do the apps authenticate to Service Bus only with managed identities, the SAS keys being desactivated?', 'yes', 'servicebus-local-auth-disabled'],
    ['Inbound RDP (3389) allowed from 0.0.0.0/0 on any NSG? Yes / No', 'no', 'nsg-no-open-admin-ports'],
    ['True/False: The SQL TDE protector is a Microsoft-managed key rather than a customer-managed key.', 'no', 'sql-server-tde-cmk'],
    ['True/False: At least one Azure SQL server has a firewall rule allowing 0.0.0.0-255.255.255.255.', 'no', 'sql-server-firewall-no-public-range'],
    ['Vendor attests that no storage account permits anonymous blob access.', 'yes', 'storage-public-network'],
    ['Is SQL short-term backup retention shorter than 4 weeks?', 'no', 'sql-db-pitr-retention'],
  ]

  it.each(cases)('%s', expectCitedBothWays)

  it('keeps "in place of the Microsoft-managed key" and "vs. service-managed key" asking for the customer\'s key', () => {
    expect(questionPolarity('Is the TDE protector a customer-managed key rather than a service-managed key?')).toBe('positive')
    expect(answered('For the PostgreSQL flexible server, is the data encrypted with a CMK in place of the Microsoft managed key?')).toEqual(['yes', 'postgres-cmk'])
  })

  it('does not answer how long Key Vault audit events are kept from their being sent', () => {
    expect(wide.decide(question('Are Key Vault audit logs retained for 13 months?')).answer).toBe('unknown')
  })
})

describe('either/or questions (set 49) and administration from the internet (set 50)', () => {
  it('never answers a choice between two states with a bare yes', () => {
    for (const text of [
      'Is the Application Gateway WAF running in Detection mode or in Prevention mode?',
      'Are Key Vault keys rotated automatically by a rotation policy, or manually by an operator?',
      'Do services authenticate to Service Bus with SAS connection strings or with Entra ID managed identities?',
      'Is the SQL TDE protector a service-managed key or a customer-managed key (BYOK)?',
      'Is public network access on the Azure SQL servers disabled entirely, or merely restricted with firewall rules?',
    ]) {
      expect(asksForValue(text), text).toBe(true)
      expect(['text', 'unknown'], text).toContain(wide.decide(question(text)).answer)
    }
    expect(wide.decide(question('Is the Application Gateway WAF running in Detection mode or in Prevention mode?')).value).toMatch(/^Prevention mode/)
    expect(wide.decide(question('Do services authenticate to Service Bus with SAS connection strings or with Entra ID managed identities?')).value).toMatch(/^Managed identities/)
    // Two hazards, or "either … or …", ask whether any holds: yes or no.
    for (const text of [
      'Is it possible for a client to connect to Service Bus with a shared access signature or a connection-string key?',
      'Is any Azure SQL server reachable from the public internet, either through its public endpoint or through a firewall rule that admits every address?',
      'Are any of your key vaults not protected by a firewall or a private endpoint?',
    ]) expect(asksForValue(text), text).toBe(false)
  })

  it('reads administration over SSH or RDP from the internet as the hazard, and the product\'s own audit logs as a person\'s', () => {
    for (const text of [
      'NCSC Principle 5 (Operational security): Can the CSP\'s virtual networks be administered over SSH (22) or RDP (3389) directly from the Internet?',
      'Can your support engineers reach production servers over RDP or SSH directly from the internet?',
    ]) expectCitedBothWays(text, 'no', 'nsg-no-open-admin-ports')
    expect(wide.decide(question('Do you provide per-customer audit logs of administrator actions taken within the application?')).answer).toBe('unknown')
    expect(answered('Is TLS 1.2 enforced in the application gateway?')).toEqual(['yes', 'appgw-min-tls'])
  })
})

describe('values asked in a row\'s own words (sets 47 to 50)', () => {
  it.each([
    ['During how many days are the logs conserved in the Log Analytics workspace?', 'log-retention', /^365 days/],
    ['LAW retention (days)?', 'log-retention', /^365 days/],
    ['Log retention period (e.g. 90d, 6 months, 1 yr):', 'log-retention', /^365 days/],
    ['KV key auto-rotation interval (max days between rotations)?', 'keyvault-key-rotation', /^Automatically, at most every 335 days/],
    ['9.3 Backup › Retention: PostgreSQL point-in-time restore window (days):', 'postgres-backup-retention', /35 days/],
    ['Backup storage redundancy for production databases: Locally redundant / Zone redundant / Geo-redundant', 'sql-db-geo-backup', /^Geo-redundant/],
  ] as const)('%s', expectValueCited)

  it('reads "LAW" as the workspace only in capitals, and a contract\'s data deletion as no log retention', () => {
    expect(withoutShorthand('Which law applies to the contract?')).toBe('Which law applies to the contract?')
    expectNoCheckClaims('We require customer data to be deleted within 30 days of contract termination. Do you meet this retention requirement?')
  })
})

describe('leads and hazards of sets 47 to 50', () => {
  it.each([
    ['Is there eventually a subscription where Microsoft Defender for Cloud is not activated for SQL, Key Vault, Storage, App Service or Containers?', 'no', 'defender-plans-standard'],
    ['Do you allow anonymous public access to file or object storage?', 'no', 'storage-public-network'],
    ['Will the Function apps serve API traffic over plain HTTP if a client asks for it?', 'no', 'app-min-tls'],
    ['Patch cadence aside, are your Azure SQL and PostgreSQL servers configured to refuse legacy TLS 1.0/1.1 connections?', 'yes', 'postgres-secure-transport'],
    ['As a compensating control for web vulnerabilities between patch cycles, is the Application Gateway WAF enforcing (Prevention mode)?', 'yes', 'appgw-waf-prevention'],
  ] as const)('%s', expectCitedBothWays)

  it('reads services listed with "or" as the services asked, not a choice of value', () => {
    expect(asksForValue('Is there a subscription where Defender is off for SQL, Key Vault, Storage or Containers?')).toBe(false)
    expect(asksForValue('Are database backups locally redundant, zone redundant or geo-redundant?')).toBe(true)
  })

  it('reads "file or object storage" as the storage accounts, and leaves "object storage" alone, as the library\'s exclusions say it', () => {
    expect(words('file or object storage')).toEqual(['storage', 'accounts'])
    expect(words('object storage')).toEqual(['object', 'storage'])
    // Rewritten, the database-encryption entry's exclusion "object storage" had kept it from a question naming storage accounts.
    expect(wide.explain(question('Is encryption at rest enabled for all storage accounts and databases?')).entries.map((e) => e.ref)).toContain('db-encryption-at-rest')
  })
})

describe('risk registers, recommendations and portal rows (sets 51 to 54)', () => {
  it.each([
    // A risk stated, then asked whether it is mitigated or still open: the label before it is not threat detection.
    ['Risk R-3: someone on the internet opens an RDP session to a VM. Is a control in place?', 'yes', 'nsg-no-open-admin-ports'],
    ['Threat T-9: an attacker reads blobs through anonymous public access. Mitigated (Y/N)?', 'yes', 'storage-public-network'],
    ['Risk 14: a stolen Cosmos DB account key is used to read data. Control in place?', 'yes', 'cosmosdb-local-auth-disabled'],
    ['Risk R-40: an Azure SQL firewall rule admits 0.0.0.0-255.255.255.255. Does the exposure exist today?', 'no', 'sql-server-firewall-no-public-range'],
    ['Risk R-41: OWASP Top 10 attacks on the public site are not blocked. Is this risk currently unmitigated?', 'no', 'appgw-waf-prevention'],
    // A recommendation quoted in single quotes states the state it wants; what is asked is its status.
    ["Does the Defender for Cloud recommendation 'Key vaults should disable public network access' show any unhealthy vault?", 'no', 'keyvault-public-network'],
    ["Is the Azure Policy 'Cosmos DB accounts should have local authentication methods disabled' reporting zero non-compliant accounts?", 'yes', 'cosmosdb-local-auth-disabled'],
    // Rows exported from a portal, and terse rows naming the hazard first.
    ['Messaging | Service Bus | Clients below TLS 1.2 accepted? | Y/N', 'no', 'servicebus-min-tls'],
    ['7.2 > Network > Azure SQL firewall > Any rule allowing 0.0.0.0 - 255.255.255.255? > Y/N', 'no', 'sql-server-firewall-no-public-range'],
    ['Public key vaults?', 'no', 'keyvault-public-network'],
    ['On the Cosmos DB side - do the accounts fall back to TLS 1.0 for old SDKs?', 'no', 'cosmosdb-min-tls'],
    ['Are your key vaults open to any IP address on the internet?', 'no', 'keyvault-public-network'],
    ['Is the count of NSG rules allowing SSH from 0.0.0.0/0 more than zero?', 'no', 'nsg-no-open-admin-ports'],
    // The buyer's assumption, put to be confirmed.
    ['Our understanding is that your Service Bus namespaces are only reachable over private endpoints. Please confirm.', 'yes', 'servicebus-public-network'],
    ['We assume Defender for Cloud is only on the free (Foundational CSPM) tier. Is that correct?', 'no', 'defender-plans-standard'],
  ] as const)('%s', expectCitedBothWays)

  it('reads "only 7 days" as a window claimed short, and sends "only 35 days" on, which the floor does not show', () => {
    const claim = 'We understand Azure SQL point-in-time restore only goes back 7 days. Please confirm or correct.'
    expect([wide.decide(question(claim)).answer, wide.decide(question(claim)).citations]).toEqual(['no', expect.arrayContaining(['sql-db-pitr-retention'])])
    expect(wideFailing.decide(question(claim)).answer).not.toBe('no')
    expect(wide.decide(question('We understand Azure SQL point-in-time restore only goes back 35 days. Please confirm.')).answer).toBe('unknown')
  })

  it('reads a pointer back to the same claim for all of them, and a pronoun after the cell\'s subject, as the one question', () => {
    expectCitedBothWays('Regarding the network security groups: do they refuse RDP from the internet, and is that true for all of them?', 'yes', 'nsg-no-open-admin-ports')
    expectCitedBothWays('About Azure SQL point-in-time restore: is it on for every database, and does it reach back 35 days?', 'yes', 'sql-db-pitr-retention')
  })

  it('reads a hedge and what the data is in passing as nothing asked', () => {
    expectCitedBothWays('Do any storage accounts still accept plain HTTP, where applicable?', 'no', 'storage-https-only')
    expectCitedBothWays('Is your PostgreSQL server, which holds patient records, reachable over the public internet?', 'no', 'postgres-public-network')
    expect(wide.decide(question('Describe your use of cryptography (what is encrypted or signed, how, which algorithms). Be as specific as possible:')).answer).toBe('unknown')
  })

  it('leaves to a person a date gone by, how long a mode has held, when a setting changed, and sessions logged off', () => {
    expect(periodAsked('Was TLS 1.0 turned off on every storage account before March 2024?')).toBe('before March 2024')
    expect(periodAsked('Has Prevention mode been on continuously for the last six months?')).toBe('continuously for')
    expect(periodAsked('When was the workspace retention last changed?')).not.toBeNull()
    expect(periodAsked('Are logs retained for the past 12 months?')).toBeNull()
    expect(periodAsked('Do you retire TLS 1.0 across integrations before the end of the year?')).toBeNull()
    expectNoCheckClaims('Does the portal log users off after 15 minutes of inactivity?')
    expectNoCheckClaims('Is production deployed active-active in two regions with automatic failover?')
    expectNoCheckClaims("Is the recommendation 'Machines should have vulnerability findings resolved' healthy in Defender for Cloud?")
  })

  it('reads options listed with semicolons after "select all that apply" as a value to fill, never a bare yes', () => {
    expect(answerOptions('Which of these keep geo-redundant backups? Select all that apply: Azure SQL; PostgreSQL; Cosmos DB; None')).toEqual({ stem: 'Which of these keep geo-redundant backups?', yesNo: false })
    expect(answerOptions('Do backups run daily; are they encrypted; are they kept 35 days?')).toBeNull()
    const a = wide.decide(question('Hosting regions (select all that apply): Canada Central; West Europe; East US; Other'))
    expect(a.answer).toBe('text')
    expect(a.citations).toContain('resource-location-allowed')
  })
})

describe('values asked in property names and put-right assumptions (sets 51 to 54)', () => {
  it.each([
    ['Log Analytics retentionInDays = ?', 'log-retention', /^365 days/],
    ['requestedBackupStorageRedundancy of the Azure SQL databases - Local, Zone or Geo?', 'sql-db-geo-backup', /^Geo-redundant/],
    ['Key Vault rotationPolicy: what lifetimeAction interval is set (timeAfterCreate, e.g. P1Y)?', 'keyvault-key-rotation', /^Automatically, at most every/],
    ['We believe your data sits in the EU only. Please confirm, or list the regions used.', 'resource-location-allowed', /Canada Central and West Europe/],
    ['Indicate whether Defender for Cloud is on and, if so, list the plans enabled.', 'defender-plans-standard', /plans SqlServers/],
    ["Regarding your 'Allowed locations' policy, which Azure regions are the resources deployed in?", 'resource-location-allowed', /Canada Central and West Europe/],
    ['Are Key Vault keys rotated by hand or by policy?', 'keyvault-key-rotation', /^Automatically/],
    ['Not endpoint backups: what is the point-in-time restore window of the Azure SQL databases?', 'sql-db-pitr-retention', /35 days/],
  ] as const)('%s', expectValueCited)

  it('keeps a question put yes or no with a value follow-up a yes/no question, and who does a thing a person\'s', () => {
    expect(asksForValue('Do your web apps enforce HTTPS only, and if so please state the minimum TLS version?')).toBe(false)
    expect(asksForValue('We assume you host on AWS. Please correct this if another provider is used.')).toBe(true)
    expectNoCheckClaims('Is the customer responsible for backing up its own data in your service, or do you do it?')
  })
})

describe('tender rows, old evidence, plain words and narrowed asks (sets 55 to 58)', () => {
  it.each([
    // What a tender row says about answering it is not asked.
    ["3.1 (M) The Supplier shall confirm that every Key Vault has purge protection enabled. Response: Yes/No. Scoring: a 'No' fails the gate.", 'yes', 'keyvault-purge-protection'],
    ['7.2 (M) The Supplier shall state whether any storage account allows anonymous blob access. Answer Yes/No; a \'Yes\' scores zero.', 'no', 'storage-public-network'],
    // Old evidence the buyer quotes is where the question comes from, not what it asks of now.
    ['Your 2023 pentest report noted TDE disabled on one database. Is TDE now enabled on every Azure SQL database?', 'yes', 'sql-db-tde'],
    // A plain-language buyer's words for the same settings.
    ['Could a stranger look at the photos we upload to you without logging in?', 'no', 'storage-public-network'],
    ['Is what our staff type into your website scrambled on its way to you?', 'yes', 'appgw-min-tls'],
    ['If the building with your computers burned down, would copies of our records be safe somewhere far away?', 'yes', 'sql-db-geo-backup'],
    ['Do you have a guard in front of your website that stops attacks?', 'yes', 'appgw-waf-prevention'],
    ['Do you change the secret codes that protect our records at least once a year?', 'yes', 'keyvault-key-rotation'],
    ['Do your systems talk to each other with shared passwords someone could copy?', 'no', 'servicebus-local-auth-disabled'],
    // Narrowed after a broad ask, and the safeguard not done.
    ['Is the database tier exposed? I am asking whether public network access is disabled on every Azure SQL server.', 'yes', 'sql-server-public-network'],
    ['Have you neglected to turn on auditing for any Azure SQL server?', 'no', 'sql-server-auditing'],
    ['Order path Functions → Service Bus: can a client on the public internet open a connection to the namespace?', 'no', 'servicebus-public-network'],
    ['Kindly confirm that the PostgreSQL server is not having any public endpoint open to internet.', 'yes', 'postgres-public-network'],
    ['What evidence shows that no Azure SQL firewall rule admits every IP address? Can you confirm none does?', 'yes', 'sql-server-firewall-no-public-range'],
    ['Would purge protection stop an insider from permanently destroying the vault\'s keys?', 'yes', 'keyvault-purge-protection'],
    // Infrastructure code's names, and "both" pointing back at the settings named before it.
    ['Do all azurerm_mssql_server resources set public_network_access_enabled = false?', 'yes', 'sql-server-public-network'],
    ['azurerm_storage_account: `https_traffic_only_enabled = true` and `min_tls_version = "TLS1_2"`. Both set on every account?', 'yes', 'storage-min-tls'],
    ['Open ports? Specifically - do the NSG rules let SSH in from the internet?', 'no', 'nsg-no-open-admin-ports'],
  ] as const)('%s', expectCitedBothWays)

  it.each([
    ['Kindly intimate the log retention period configured in Log Analytics (in days).', 'log-retention', /^365 days/],
    ['Please revert with the point-in-time restore window for the Azure SQL databases.', 'sql-db-pitr-retention', /35 days/],
    ['What TLS do you support? Specifically, the minimum version on the Application Gateway.', 'appgw-min-tls', /TLS 1\.2/],
    ['How long do you hang on to the records of what happened inside your system?', 'log-retention', /365 days/],
    // The hosting provider is the scan's: its entry is the source, with no check.
    ['Whose computers does your service run on?', 'hosting-provider', /Microsoft Azure/],
    ['🌍 Regions where customer data resides:\n• ____\n• ____', 'resource-location-allowed', /Canada Central and West Europe/],
  ] as const)('%s', expectValueCited)

  it('leaves to a person a regulation\'s record-keeping beyond the evidence, SIEM rules, the buyer\'s own storage and every hop', () => {
    expect(wide.decide(question('Are logs kept long enough to satisfy SOX record-keeping obligations?')).answer).toBe('unknown')
    expect(wide.decide(question('Is the audit log retention long enough for HIPAA?')).answer).toBe('unknown')
    expect(periodAsked('For the audit period ending 30 September 2026, was every database encrypted?')).not.toBeNull()
    for (const text of [
      'Do you run Microsoft Sentinel analytics rules over the Log Analytics data?',
      'If we bring our own Azure storage account, will you enforce TLS 1.2 on it?',
      'Browser → Front Door → Application Gateway → Container Apps → Azure SQL: is every hop encrypted end to end?',
      'Does Microsoft encrypt its own internal backups of the platform?',
      'Does the portal log users off after 15 minutes of inactivity?',
    ]) expectNoCheckClaims(text)
  })

  it('reads a text\'s words the same each time, whatever a caller did with the words it was given before', () => {
    const first = words('Is TLS 1.2 enforced on the storage accounts?')
    first.push('tampered')
    first[0] = 'changed'
    expect(words('Is TLS 1.2 enforced on the storage accounts?')).toEqual(['is', 'tls', '1.2', 'enforced', 'on', 'the', 'storage', 'accounts'])
  })

  it('reads a cell\'s Markdown, emoji and blank bullets as its words', () => {
    expect(withoutMarkup('🌍 Regions where data resides:\n• ____\n• ____')).toBe('Regions where data resides: ____')
    expect(withoutMarkup('**Encryption at rest** ✅ / ❌ ?')).toBe('Encryption at rest Yes / No ?')
    expect(withoutMarkup('6.3 List the plans.\n• Plan name\n• Tier')).toBe('6.3 List the plans.\n• Plan name\n• Tier')
    expect(withoutMarkup('storage_account_min_tls = TLS1_2')).toBe('storage_account_min_tls = TLS1_2')
  })
})

describe('worries, attack techniques, reasons given and footnotes (sets 59 and 60)', () => {
  it.each([
    // A worry put to be confirmed is the hazard claimed; "Does it?", "Is that possible?" ask whether it holds.
    ["We're worried a regional outage could take the PostgreSQL backups down with the primary data. Is that possible?", 'no', 'postgres-geo-backup'],
    ['We fear the key vaults can be reached from the public internet. Can they?', 'no', 'keyvault-public-network'],
    ["We're concerned Cosmos DB data is protected only by Microsoft-managed keys. Is that so?", 'no', 'cosmosdb-cmk'],
    ['Our concern is the storage accounts being open to any network. Do they refuse public network access?', 'yes', 'storage-public-network'],
    // An ATT&CK technique's name before the ask is not asked; what a stolen secret lets an outsider do is.
    ['T1190 Exploit Public-Facing Application: is the gateway WAF in prevention mode?', 'yes', 'appgw-waf-prevention'],
    ['T1552 Unsecured Credentials: would a leaked Cosmos DB account key let an adversary read data?', 'no', 'cosmosdb-local-auth-disabled'],
    ['Do your engineers connect to the Azure SQL servers over the public internet?', 'no', 'sql-server-public-network'],
    ['Do your admins ever log into the PostgreSQL servers over the public internet?', 'no', 'postgres-public-network'],
    // The reason given after the ask, and versions said in words.
    ['Are the Azure SQL backups kept in another region, so losing one region does not destroy them?', 'yes', 'sql-db-geo-backup'],
    ['Do the storage accounts enforce secure transfer, so that plain HTTP requests are refused?', 'yes', 'storage-https-only'],
    ['Will your PostgreSQL servers accept a client negotiating TLS one point zero?', 'no', 'postgres-secure-transport'],
  ] as const)('%s', expectCitedBothWays)

  it('reads past a footnote or cross-reference, and leaves a day gone by, preview plans and the buyer\'s side to a person', () => {
    expectValueCited('Minimum TLS version accepted at the application gateway (see note 4)', 'appgw-min-tls', /TLS 1\.2/)
    expect(periodAsked('Were the storage accounts enforcing TLS 1.2 on 1 January 2025?')).toBe('on 1 January 2025')
    expectNoCheckClaims('Is the preview Defender for Cloud AI threat protection plan turned on?')
    expectNoCheckClaims('Our on-prem integration still connects with TLS 1.0 - will you flag that on our side?')
    // How a change would be caught is a monitoring process: a "No" here would say the settings are not checked.
    expectNoCheckClaims('How would you notice if a storage account were opened to the internet - is its network setting checked automatically?')
  })
})

describe('tags, answer keys, premises and notices (sets 61 to 70)', () => {
  it.each([
    // A statement with a tag, or after "Surely", is asked as itself; its "wouldn't" does not turn it round.
    ["You wouldn't have a PostgreSQL server sitting on a public endpoint, would you?", 'no', 'postgres-public-network'],
    // An answer key's yes means what it names holds.
    ['Mark Y where a TLS 1.2 minimum is NOT enforced on a Service Bus namespace.', 'no', 'servicebus-min-tls'],
    // Both hazards refused, and both of two settings asked.
    ['Do your storage accounts accept neither plain HTTP nor TLS versions older than 1.2?', 'yes', 'storage-https-only'],
    ['Are Azure SQL backups not only kept for 35 days of point-in-time restore but also stored geo-redundantly?', 'yes', 'sql-db-geo-backup'],
    // What the buyer is asked to be sure of, and the premise of a "why", are the claim.
    ['How confident are you that none of your databases (Azure SQL, PostgreSQL, Cosmos DB) is open to the public internet without network restrictions?', 'yes', 'sql-server-public-network'],
    ['Why do you only keep a week of PostgreSQL backups?', 'no', 'postgres-backup-retention'],
    ['Why are your Front Door endpoints not behind a WAF in blocking mode?', 'no', 'frontdoor-waf-prevention'],
    // The other side named in passing is not what is asked.
    ['SQL database > Compute + storage > Backup storage redundancy: Geo-redundant (or Geo-zone-redundant) picked for every DB, not Locally-redundant?', 'yes', 'sql-db-geo-backup'],
    ['Is Cosmos DB set up so that only Microsoft Entra ID identities (not account keys) can read or write data?', 'yes', 'cosmosdb-local-auth-disabled'],
    ['Is geo-redundant backup storage enforced on every Azure SQL user database (no LRS/ZRS drift from the golden path)?', 'yes', 'sql-db-geo-backup'],
    // Someone destroying, a thing lost for good, a hazard refused or no longer let in.
    ['If somebody delete key in Key Vault by mistake, is it gone forever immediately?', 'no', 'keyvault-purge-protection'],
    ['Do your PostgreSQL servers refuse logins that arrive without TLS, so database credentials never cross the wire in clear?', 'yes', 'postgres-secure-transport'],
    ['Have the function apps already stopped accepting TLS 1.0/1.1, with HTTPS enforced?', 'yes', 'app-min-tls'],
    // A quoted setting's state, none of a hazard, a measure in place, a finding fixed.
    ['"Secure transfer required" = Disabled on any of your storage accounts? (Y/N)', 'no', 'storage-https-only'],
    ['Can you confirm there are zero SQL firewall rules spanning 0.0.0.0 - 255.255.255.255? If not, list them.', 'yes', 'sql-server-firewall-no-public-range'],
    ['Risk: data subjects\' records unrecoverable if an entire Azure region is lost | Measure: Cosmos DB backups kept outside the primary region | Measure in place (Y/N)?', 'yes', 'cosmosdb-geo-backup'],
    ['Finding L-5 (Cosmos DB accepting TLS 1.0/1.1 clients): fixed?', 'yes', 'cosmosdb-min-tls'],
    // The default said before the ask is what a change is measured against.
    ['PostgreSQL flexible server backups are locally redundant by default - have you turned on geo-redundant backup instead?', 'yes', 'postgres-geo-backup'],
    ['Other than the allow-listed API gateway, is a public IP address attached to any of your resources?', 'no', 'public-endpoint-allowlist'],
  ] as const)('%s', expectCitedBothWays)

  it('leaves a promise to tell the buyer to a person, and answers the setting asked after one', () => {
    for (const text of [
      'Will you notify us before changing how our data is encrypted at rest, e.g. switching from customer-managed to platform-managed keys?',
      'Will you give us advance notice before moving our data to a different Azure region?',
      'Will you let us know before shortening log retention below the contractual period?',
      'Will you tell us if our data is ever moved to another region?',
      'If one of your databases is ever accidentally exposed to the internet, will you notify us, and how fast?',
    ]) expectNoCheckClaims(text)
    expectCitedBothWays('You\'d have to notify us before changing encryption, so as things stand: are the Azure SQL databases encrypted at rest with TDE today?', 'yes', 'sql-db-tde')
    // Asked to tell the value now, it is the value asked.
    expectValueCited('Will you tell us which regions host our data?', 'resource-location-allowed', /Canada Central/)
    expectCitedBothWays('I would be grateful if you could let us know whether your Front Door endpoints are protected by a WAF configured to block, rather than merely log, malicious traffic.', 'yes', 'frontdoor-waf-prevention')
  })

  it('leaves a reason asked, what Microsoft itself does and a replica to a person, and a why whose premise is a hazard to the evidence', () => {
    for (const text of [
      'Why was 35 days chosen as the point-in-time restore window?',
      'What is the business justification for your log retention period?',
      'Why do you use customer-managed keys instead of Microsoft-managed keys for your databases?',
      'Does Microsoft rotate the platform-managed keys for your Azure SQL databases automatically?',
      'Can Microsoft personnel access the key material stored in your Key Vault?',
      'Is the Azure SQL database backed up to a live readable replica in another region (active geo-replication or a failover group)?',
      '[Tier 1][DR-01] Is PostgreSQL replicated to a hot standby in a secondary region?',
      'Do the geo-redundant backups of EU data stay inside the EU (i.e. is the paired region also in the EU)?',
    ]) expectNoCheckClaims(text)
    // A business justification asked after a yes/no is a follow-up; the yes/no is still answered.
    expectCitedBothWays('Do any storage accounts allow anonymous (public) read access to blob containers? If yes, list the accounts and the business justification.', 'no', 'storage-public-network')
  })

  it('does not answer whether TLS 1.2 itself is accepted from the entry about older versions', () => {
    // Where older versions are accepted as well, "yes" would still be read from beside the question.
    for (const text of ['Do you still accept TLS 1.2?', 'Why do you still accept TLS 1.2 rather than requiring TLS 1.3 only?']) {
      expect([wide.decide(question(text)).answer, wideFailing.decide(question(text)).answer], text).toEqual(['unknown', 'unknown'])
    }
    // Older versions, or the floor not enforced, are that entry's question.
    expectCitedBothWays('Do any of your web or function apps not enforce HTTPS-only with at least TLS 1.2?', 'no', 'app-min-tls')
    expectCitedBothWays('Do you fail to enforce TLS 1.2 as the floor on any Service Bus namespace?', 'no', 'servicebus-min-tls')
  })

  it('reads a default before the ask, a finding\'s label, a follow-up\'s topic and struck-through words as not asked', () => {
    expectCitedBothWays('Cosmos DB ships with primary/secondary account keys enabled by default - have you left key-based authentication on?', 'no', 'cosmosdb-local-auth-disabled')
    expectCitedBothWays('Finding L-3 (Key Vault keys with no rotation policy) marked closed: do all keys now rotate automatically at least once a year?', 'yes', 'keyvault-key-rotation')
    expectCitedBothWays('Schrems II follow-up: are your Azure SQL database backups copied to a second (paired) Azure region?', 'yes', 'sql-db-geo-backup')
    expectCitedBothWays('UPDATED: Do customer-managed keys held in Key Vault auto-rotate at least ~~every 2 years~~ once every 12 months?', 'yes', 'keyvault-key-rotation')
    expect(withoutMarkup('at least ~~every 2 years~~ once a year')).toBe('at least once a year')
  })

  it('reads values offered with abbreviations, a blank answered "None", a restated ask, ISO 8601 durations and the LTR cadence', () => {
    expect(asksForValue("What 'RAID level' protects the Azure SQL backups - local (LRS), zone (ZRS) or geo (GRS)?")).toBe(true)
    expect(asksForValue("Enter 'None' if no management ports (SSH 22 / RDP 3389) are reachable from the internet; otherwise list the open ports and the NSGs that allow them.")).toBe(true)
    expectValueCited('How do applications authenticate to Cosmos DB? In other words, what credential type do they use — account keys or Entra ID identities?', 'cosmosdb-local-auth-disabled', /Entra ID/)
    expectValueCited('At what frequency are Azure SQL backups copied into long-term retention (daily, weekly, monthly)?', 'sql-db-ltr-weekly', /Weekly/)
    expect(durationsInDays('PITR >= P35D, logs P1Y, PT24H, keys P90D')).toEqual([35, 365, 1, 90])
    // A rotation interval asked stricter than the checks' floor is not a yes.
    expect(wide.decide(question('Encryption keys rotated every <= P90D? Y/N')).answer).toBe('unknown')
  })

  it('reads a quoted query asked whether it finds anything as the hazard, and one asked whether it comes back empty as the safeguard', () => {
    expectCitedBothWays('Resources | where type =~ "microsoft.storage/storageaccounts" | where isempty(properties.minimumTlsVersion) or properties.minimumTlsVersion in~ ("TLS1_0","TLS1_1") | project name -- any rows?', 'no', 'storage-min-tls')
    expectCitedBothWays('az sql server list --query "[?publicNetworkAccess!=\'Disabled\'].name" -o tsv  >> does this print any server names for production?', 'no', 'sql-server-public-network')
    expect(questionPolarity('az sql server list --query "[?publicNetworkAccess!=\'Disabled\'].name" -o tsv - does it come back empty?')).toBe('positive')
  })

  it('says what the network checks show: a firewall listing networks passes them, so private endpoints alone are not claimed', () => {
    const a = wide.decide(question('Is public network access disabled or restricted on your Cosmos DB accounts?'))
    expect([a.answer, a.citations.includes('cosmosdb-public-network')]).toEqual(['yes', true])
    expect(a.rationale).toMatch(/firewall admitting only listed|firewall that admits only listed/)
    expect(a.rationale).not.toMatch(/private networking only/)
    // A firewall offered beside private endpoints is what the checks show.
    expectCitedBothWays('Is your Cosmos DB account reachable only through private endpoints or from an approved list of networks?', 'yes', 'cosmosdb-public-network')
    expectCitedBothWays('Are your Key Vaults closed to public network access (firewall default deny or private endpoint only)?', 'yes', 'keyvault-public-network')
    for (const text of [
      'Are your Cosmos DB accounts reachable only through Private Link private endpoints, with public network access fully disabled?',
      'Are your databases reachable only through private endpoints, with public network access disabled?',
      'PaaS services reached over private endpoints only, with public network access disabled?',
      'Do you support BYOK, where we generate the key in our HSM and import it into your Key Vault?',
      'Are tenant encryption keys held in Azure Key Vault Managed HSM rather than standard vaults?',
      'Is all outbound traffic from your VNets forced through Azure Firewall with threat-intelligence filtering in Deny mode?',
      'Can our IT staff get SSH or RDP access to the underlying servers for troubleshooting?',
      'Does the product log which of your support engineers viewed our records (access transparency)?',
    ]) expect(wide.decide(question(text)).answer, text).toBe('unknown')
  })
})

describe('signs, boilerplate, personas and counts (sets 71 to 80)', () => {
  it.each([
    // "<=" is a ceiling, not "less than"; "!=" is not; "no less frequently than" is at least as often.
    ['Key Vault key auto-rotation interval <= 365 days (Y/N)', 'yes', 'keyvault-key-rotation'],
    ['App Gateway WAF mode != Prevention on any gateway?', 'no', 'appgw-waf-prevention'],
    // A contract's boilerplate is not a safeguard done without.
    ['Without prejudice to the foregoing, does the Supplier enforce on each Key Vault key an automatic rotation policy whereby the key is rotated no less frequently than once every twelve (12) months?', 'yes', 'keyvault-key-rotation'],
    ['Without prejudice to the generality of Clause 7.2, the Supplier shall confirm that Customer Data stored in its Azure SQL databases is encrypted at rest by means of Transparent Data Encryption. Confirmed?', 'yes', 'sql-db-tde'],
    // None left in the hazard, none of a count, the hazard tried and turned away, or named and disallowed.
    ["Are all of your application gateways' WAFs in Prevention mode, with none left in Detection-only or disabled?", 'yes', 'appgw-waf-prevention'],
    ['Is the number of key vaults with no audit events reaching Log Analytics in the last 7 days zero?', 'yes', 'keyvault-audit-logs'],
    ['As soon as a client tries to connect with TLS 1.0 or 1.1, do your Azure SQL servers turn it away?', 'yes', 'sql-server-min-tls'],
    ['Are your container apps internal-only with insecure HTTP disallowed, rather than exposed directly to the internet?', 'yes', 'containerapp-ingress'],
    // A copy outside a region that is lost or primary is a second region; the means contrasted is not asked.
    ["Is it ensured that Cosmos DB backups are also kept outside the account's primary region?", 'yes', 'cosmosdb-geo-backup'],
    ['In the hours after a complete regional outage, would you still hold PostgreSQL backups outside the failed region?', 'yes', 'postgres-geo-backup'],
    ['Is it ensured that the message broker (Azure Service Bus) can be accessed only with Entra ID managed identities and not with shared access signatures?', 'yes', 'servicebus-local-auth-disabled'],
    // A retention cut short, an event's likelihood, an outsider reaching in.
    ['Is it the case that logs in the central Log Analytics workspace are deleted before twelve months have passed?', 'no', 'log-retention'],
    ['How likely is it that a regional Azure outage would take out both your PostgreSQL server and its backups?', 'no', 'postgres-geo-backup'],
    ["Could an analytics vendor's ETL tool connect to your PostgreSQL servers over the public internet?", 'no', 'postgres-public-network'],
    ['When support engineers troubleshoot an issue, can they RDP or SSH into servers directly from the internet?', 'no', 'nsg-no-open-admin-ports'],
    ['Is it false that your Key Vaults accept connections from the whole internet?', 'yes', 'keyvault-public-network'],
    // The hosting provider named as a sub-processor is the estate's own platform.
    ["Does your sub-processor's Cosmos DB service accept our data only over TLS 1.2 or higher?", 'yes', 'cosmosdb-min-tls'],
    ['Are the PostgreSQL servers you run at your sub-processor (Azure) encrypted with your own customer-managed key?', 'yes', 'postgres-cmk'],
    // Who asks is not what is asked; "while it sits in" is at rest.
    ['As a patient using your platform, is my health record encrypted while it sits in your Azure SQL databases?', 'yes', 'sql-db-tde'],
  ] as const)('%s', expectCitedBothWays)

  it('keeps a loss that is the condition apart from one that is asked', () => {
    expectCitedBothWays('If I, or a disaster, took out your primary Azure region, would copies of your database backups survive in another region?', 'yes', 'sql-db-geo-backup')
  })

  it('gives a count asked as "Number of …:" and answers one asked whether it is zero', () => {
    expectValueCited('Number of storage accounts that still allow TLS 1.0 or TLS 1.1:', 'storage-min-tls', /^0 of \d+ storage accounts$/)
    expectValueCited('Count of public IP addresses attached to anything other than the approved entry point:', 'public-endpoint-allowlist', /^0 of \d+ public IP addresses$/)
    expect(wideFailing.decide(question('Number of storage accounts that still allow TLS 1.0 or TLS 1.1:')).value).toMatch(/^[1-9]\d* of \d+ storage accounts$/)
    expectCitedBothWays('Number of Cosmos DB accounts with unrestricted public network access — is it zero?', 'yes', 'cosmosdb-public-network')
  })

  it('reads a Statement of Applicability row as its claim, and ARM resource types as the resources', () => {
    expectCitedBothWays('A.8.24 Use of cryptography — Applicable? Implemented? Justification: production data held in Azure SQL databases is encrypted at rest (transparent data encryption).', 'yes', 'sql-db-tde')
    expectCitedBothWays('A.8.20 Networks security — Implemented? Justification: no remote administration (SSH 22 / RDP 3389) is reachable from the Internet.', 'yes', 'nsg-no-open-admin-ports')
    expectCitedBothWays('Are any Microsoft.Network/publicIPAddresses attached to resources other than the approved ingress (the Application Gateway)?', 'no', 'public-endpoint-allowlist')
    expectCitedBothWays('Microsoft.OperationalInsights/workspaces — is retentionInDays set to 365 or more?', 'yes', 'log-retention')
    expectCitedBothWays('Whether container apps are expose to internet directly or not? Our policy is require all traffics go through API gateway.', 'no', 'containerapp-ingress')
    expectNoCheckClaims('Is personal data contained in logs encrypted at rest with customer-managed keys?')
  })

  it('gives the value a setting written as code leaves blank, or asked in another language or by its extreme', () => {
    expectValueCited('sql.pitr.retentionDays: ?', 'sql-db-pitr-retention', /35 days/)
    expectValueCited('log_analytics.retention_in_days=', 'log-retention', /\d+ days/)
    expectValueCited('{"hosting":{"cloud_provider":"?"}}', 'hosting-provider', /^Microsoft Azure/)
    expectValueCited('¿Qué versión mínima de TLS does Cosmos DB accept from clients?', 'cosmosdb-min-tls', /TLS 1\.2/)
    expectValueCited('Quelle version minimale de TLS is enforced on the Service Bus namespaces?', 'servicebus-min-tls', /TLS 1\.2/)
    expectValueCited('Shortest log retention (in days) configured on any Log Analytics workspace?', 'log-retention', /\d+ days/)
    expectValueCited("State, for the avoidance of doubt, the minimum TLS protocol version accepted by the Supplier's Application Gateway.", 'appgw-min-tls', /TLS 1\.2/)
    // A setting written with its value is not a blank to fill.
    expect(ask('postgres.backup.geoRedundant: Enabled  # confirm').answer).not.toBe('text')
  })

  it('does not claim a recovery period that purge protection does not read', () => {
    expect(ask('After a key is deleted, can it be recovered for at least 90 days?').answer).toBe('unknown')
    expectCitedBothWays('If a Key Vault key were deleted by mistake, could it still be recovered?', 'yes', 'keyvault-purge-protection')
    expectCitedBothWays('After a key is deleted, does it stay recoverable during a retention period instead of being gone immediately?', 'yes', 'keyvault-purge-protection')
  })

  it('leaves forensics, in-app defences, support tooling and bought tiers to a person', () => {
    for (const text of [
      'Do you take and retain forensic images of affected systems after an incident, and for how long?',
      'Besides the WAF, does the application itself validate input server-side and encode output as a second layer against injection and XSS?',
      'Do you run RASP or other in-application runtime protection in addition to the perimeter WAF?',
      'Is your helpdesk platform hosted in the same region as your production data?',
      'Are support chat transcripts encrypted at rest?',
      'Is a 24/7 SOC watching Defender for Cloud alerts and responding within 15 minutes?',
      'If we ask you to delete specific records, will they be purged within 30 days, backups included?',
      'In the dev/test subscription, Storage account > Security + networking > Networking: is public network access disabled there too?',
      'Is Service Bus on the Premium tier (required for private endpoints and customer-managed keys)?',
      'Since your apps are HTTPS-only, do they also send an HSTS header with includeSubDomains?',
      'As a patient, is the building where my record is physically stored guarded around the clock?',
      'Is Defender for Cloud switched on automatically the moment a new subscription is created?',
      'At exit, will you destroy our per-tenant encryption key so that any remaining backups become unreadable?',
      'Are connections from your own suppliers and support vendors into your environment segmented and limited to what they need?',
    ]) expectNoCheckClaims(text)
    // A Defender plan named as a portal shows it is one the check does not read, and the review says which.
    const servers = ask('Microsoft Defender for Cloud > Environment settings > [subscription] > Defender plans: is the Servers plan (Plan 2) on for your virtual machines?')
    expect([servers.answer, servers.rationale]).toEqual(['unknown', expect.stringMatching(/Defender for Servers/)])
    // "Forensic" in a lead sentence does not take the ask that follows.
    expectValueCited('Audit trails matter for forensic timelines. How long, in days, are security logs retained in your log analytics platform?', 'log-retention', /\d+ days/)
  })
})

describe('extents, counts and thresholds (sets 81 to 90)', () => {
  const partialStorageTls = buildMatcher(shippedLibrary(), withCatalogChecks(sampleResults({ 'storage-min-tls': 'partial' }), () => 'pass'), NOW)

  it.each([
    // The option the count is, with the yes or no it amounts to: all meeting is the favourable answer.
    ['Are all, most, some or none of your Azure SQL databases encrypted at rest with TDE?', 'sql-db-tde', 'yes', 'All', 'None'],
    ['Every / Most / Few / None: how many of your storage accounts allow anonymous public read access to blobs?', 'storage-public-network', 'no', 'None', 'Every'],
    ['How many of your SQL servers have a firewall rule spanning 0.0.0.0-255.255.255.255? (All / Some / None)', 'sql-server-firewall-no-public-range', 'no', 'None', 'All'],
    ['What share of your PostgreSQL servers refuse non-TLS connections and require TLS 1.2 or higher? All / Most / Few / None', 'postgres-secure-transport', 'yes', 'All', 'None'],
    ['How many of your Azure SQL servers have server-level auditing enabled: all, most, some or none?', 'sql-server-auditing', 'yes', 'All', 'None'],
    ['Of your key vaults, how many lack purge protection? All / Some / None', 'keyvault-purge-protection', 'no', 'None', 'All'],
  ] as const)('%s', (text, check, passing, chosen, failing) => {
    const a = wide.decide(question(text))
    expect([a.answer, a.openText, a.citations.includes(check), a.value], text).toEqual([passing, chosen, true, undefined])
    const b = wideFailing.decide(question(text))
    expect([b.answer, b.openText], text).toEqual([passing === 'yes' ? 'no' : 'yes', failing])
  })

  it('chooses between all and none from the count, and leaves a count no option fits as a count', () => {
    // 3 of the 4 storage accounts the TLS checks read meet them.
    const most = partialStorageTls.decide(question('Do all, most, some or none of your storage accounts reject TLS versions older than 1.2?'))
    expect([most.answer, most.openText, most.rationale]).toEqual(['partial', 'Most', expect.stringMatching(/^Most: 3 of 4 storage accounts meet/)])
    expect(most.review).not.toBeNull()
    expect(extentOf(['All', 'Most', 'Few', 'None'], 3, 4)).toBe('Most')
    expect(extentOf(['All', 'Most', 'Few', 'None'], 1, 4)).toBe('Few')
    expect(extentOf(['All', 'Most', 'None'], 1, 4)).toBeNull()
    expect(extentOf(['Every', 'Most', 'Some', 'None'], 2, 4)).toBe('Some')
    // "All / None" for 3 of 4: no option fits, so the count is given as it is.
    const counted = partialStorageTls.decide(question('How many of your storage accounts reject TLS versions older than 1.2? All / None'))
    expect([counted.answer, counted.value]).toEqual(['text', '3 of 4 storage accounts'])
  })

  it('reads an extent list in a value ask as scope only, and a list that is not one of extents as no choice', () => {
    expectValueCited('What minimum TLS version is enforced on all / most / some of your Service Bus namespaces?', 'servicebus-min-tls', /TLS 1\.2/)
    expect(extentOffered('Are the keys rotated by all or some of the teams?')).toBeNull()
    expect(extentOffered('Is TLS 1.0 refused by all of your gateways?')).toBeNull()
  })

  it('writes the option chosen into a drop-down that offers it', () => {
    const a = wide.decide(question('Every / Most / Few / None: how many of your key vaults can be reached from any IP address on the public internet?'))
    expect(answerCellText(a, ['Every', 'Most', 'Few', 'None']).text).toBe('None')
    expect(answerCellText(a, null).text).toBe('None')
    expect(answerCellText(a, ['Yes', 'No']).text).toBe('No')
  })

  it('reads "more than one region" as the other way round from "one region"', () => {
    expectCitedBothWays('Are backups kept in more than one region?', 'yes', 'sql-db-geo-backup')
    // One region per customer is neither a yes nor a no to data hosted in several: a person answers it.
    for (const text of ['Is our data hosted in more than one region? Which regions?', 'Is it possible that our data is hosted in more than one region? Which regions exactly?']) expect(ask(text).answer, text).toBe('unknown')
  })

  it('answers what follows from a premise only where the ask alone reaches the same evidence', () => {
    for (const text of [
      'Because SSH and RDP are closed to the internet, is all administrative access to production therefore protected by MFA?',
      'Because the gateway enforces TLS 1.2, is every internal service-to-service hop TLS 1.2 or higher as well?',
      'Given the WAF in front of the app, is the application safe from SQL injection?',
      'Since Defender for Cloud is enabled, are all critical vulnerabilities remediated within 15 days?',
      'Since you use managed identities, does that mean there are no keys or secrets anywhere that could leak?',
    ]) expect(ask(text).answer, text).toBe('unknown')
    // A premise that leads to the ask's own evidence is no bar.
    expectCitedBothWays('Since purge protection matters to us, is purge protection enabled on every key vault?', 'yes', 'keyvault-purge-protection')
  })

  it('reads "is there also no … left open" after a lead as the safeguard', () => {
    expectCitedBothWays('Public access to Azure SQL is switched off - and as a result, is there also no firewall rule left open to 0.0.0.0-255.255.255.255?', 'yes', 'sql-server-firewall-no-public-range')
  })

  it('leaves logs under a customer key or copied to another region, SQL audit logs\' own retention, egress routing and recovery time to a person', () => {
    for (const text of [
      'Is log data in Log Analytics encrypted with a customer-managed key?',
      'Is Log Analytics data encrypted with a customer-managed key?',
      'Are logs replicated to a second region for durability?',
      'What is the retention period for SQL audit logs specifically?',
      'Is egress from the Container Apps environment forced through Azure Firewall with a UDR (0.0.0.0/0 to the firewall)?',
      'Can you bring the service back up in another region within 4 hours?',
    ]) expectNoCheckClaims(text)
    expectCitedBothWays('Are database backups replicated to a second region?', 'yes', 'sql-db-geo-backup')
  })

  it('reads European numbers, a setting put out of use and Prowler check names', () => {
    expect(withoutShorthand('Do all storage accounts require TLS 1,2 or higher?')).toBe('Do all storage accounts require TLS 1.2 or higher?')
    expectCitedBothWays('Is the backup retention of any PostgreSQL flexible server below 35 Tage?', 'no', 'postgres-backup-retention')
    expectCitedBothWays('Has plain HTTP been decommissioned on every storage account (secure transfer required)?', 'yes', 'storage-https-only')
    // A thousand days is more than the check holds logs to; a subscription decommissioned is a time, not a setting.
    expect(ask('Are security logs retained for 1.000 days or more?').answer).toBe('unknown')
    expect(withoutShorthand('Until a subscription is decommissioned, are the Defender plans kept on?')).toContain('decommissioned')
    const servers = ask('Prowler defender_ensure_defender_for_server_is_on — PASS on all subscriptions?')
    expect([servers.answer, servers.rationale]).toEqual(['unknown', expect.stringMatching(/Defender for Servers/)])
  })

  it('leaves a promise for the contract term and a scope chosen by name or tag to a person, and reads "whatever the name" as every one', () => {
    for (const text of [
      'Will you keep TLS 1.0 and TLS 1.1 disabled on all customer-facing endpoints for the full term of the Agreement?',
      'Do you commit to maintaining a 35-day point-in-time restore capability for the duration of the contract and any renewals?',
      'Do you undertake to keep Microsoft Defender for Cloud enabled on production subscriptions for the entire term?',
      'Are all SQL servers named sql-prod-* configured to accept TLS 1.2 or higher only?',
      'For every resource tagged env=prod, is public network access disabled on the Key Vaults?',
      'Every rg-tenant-* key vault: soft delete and purge protection switched on?',
    ]) expectNoCheckClaims(text)
    expectCitedBothWays('Regardless of naming (prod-*, stg-*, anything else), do ALL Azure SQL servers in the scanned subscriptions have server auditing enabled?', 'yes', 'sql-server-auditing')
    expectCitedBothWays('All Cosmos DB accounts (cosmos-* and any that don\'t follow the naming standard): minimum TLS version 1.2?', 'yes', 'cosmosdb-min-tls')
  })

  it('reads a share short of all, or a share of the hazard above zero, as the shortfall asked', () => {
    expectCitedBothWays('KPI: % of key vaults with purge protection enabled - is it below 100%?', 'no', 'keyvault-purge-protection')
    expectCitedBothWays('Is the proportion of PostgreSQL servers allowing non-TLS or pre-1.2 connections greater than zero?', 'no', 'postgres-secure-transport')
  })

  it('reads "a couple of weeks" as two weeks, and relying on the provider\'s keys alone as the hazard', () => {
    expectCitedBothWays('Is the point-in-time restore window on your SQL and PostgreSQL databases under a couple of weeks?', 'no', 'sql-db-pitr-retention')
    expect(durationsInDays('kept for a couple of weeks')).toEqual([14])
    expectCitedBothWays('Are your PostgreSQL servers relying purely on Microsoft-managed keys for encryption at rest?', 'no', 'postgres-cmk')
  })

  it('reads full-width letters and zero-width spaces as plain text, and leaves a period gone by and named scanners to a person', () => {
    expectValueCited('Ｍｉｎｉｍｕｍ　ＴＬＳ　ｖｅｒｓｉｏｎ for Cosmos DB accounts?', 'cosmosdb-min-tls', /TLS 1\.2/)
    expectCitedBothWays('Is TLS\u200B 1.0 disabled on every storage account?', 'yes', 'storage-min-tls')
    for (const text of [
      'Would your storage accounts have accepted TLS 1.0 connections last quarter, before your current configuration was applied?',
      'Did log retention remain at or above 365 days at every point during the 12-month observation window?',
      'Does Qualys (or Tenable) scan your internet-facing ports at least monthly?',
    ]) expectNoCheckClaims(text)
  })

  it('reads a scanner\'s rule that applies or fails as the safeguard missing', () => {
    expectCitedBothWays('Checkov CKV_AZURE_44 "Ensure Storage Account is using the latest version of TLS encryption": does this finding apply to any of your storage accounts?', 'no', 'storage-min-tls')
    expectCitedBothWays('CKV_AZURE_136 (PostgreSQL Flexible server geo-redundant backups) — FAIL on any server?', 'no', 'postgres-geo-backup')
  })

  it('counts "how many of your …" as it counts "how many …", and holds a count to the period asked', () => {
    expect(countAsked('How many of your Key Vault keys lack a rotation policy?')).toBe('count')
    expect(countDirection('How many of your Key Vault keys lack a rotation policy?')).toBe('short')
    expect(countAsked('Of your container apps, how many accept plain HTTP?')).toBe('count')
    expect(countAsked('How many of the days are logs kept?')).toBeNull()
    expectValueCited('How many of your Key Vault keys are rotated at least every 365 days?', 'keyvault-key-rotation', /^2 of 2 keys$/)
    expect(ask('How many of your Key Vault keys are rotated at least every 90 days?').answer).toBe('unknown')
    expect(ask('Are all, most, some or none of your encryption keys rotated at least every 90 days?').answer).toBe('unknown')
  })
})

describe('confirmations, ceilings and plans (sets 91 to 100)', () => {
  it.each([
    // A watch-only mode switched off, a hazard ruled out in a terse clause, a loss set against recovery.
    ['Has Detection-only WAF mode been disabled on Front Door?', 'yes', 'frontdoor-waf-prevention'],
    ['Only managed identities for Service Bus, no SAS keys?', 'yes', 'servicebus-local-auth-disabled'],
    ['Had a key been deleted by mistake, could it have been recovered rather than lost for good?', 'yes', 'keyvault-purge-protection'],
    // Falling short, versions up to or below the floor, and the old versions ruled out or refused.
    ['Does the point-in-time restore window for any of your Azure SQL databases fall short of 35 days?', 'no', 'sql-db-pitr-retention'],
    ['Will your storage accounts accept connections on any TLS version up to and including 1.1?', 'no', 'storage-min-tls'],
    ['Do your application gateway SSL policies permit protocol versions up to TLS 1.1?', 'no', 'appgw-min-tls'],
    ['Is the minimum TLS version on the internet-facing application gateway not lower than TLS 1.2?', 'yes', 'appgw-min-tls'],
    ['Is the most recently created Service Bus namespace, like every other one, refusing TLS below 1.2?', 'yes', 'servicebus-min-tls'],
    // Exposure asked as something to be found, opened toward the internet, or never open.
    ['Apart from the approved entry point (the gateway), will we find any other public IPs attached to resources in the subscription?', 'no', 'public-endpoint-allowlist'],
    ['Does the Provider have public IP addresses attached to any resource that is not on its approved list of public endpoints?', 'no', 'public-endpoint-allowlist'],
    ['Is the door of the PostgreSQL server opened toward the public internet?', 'no', 'postgres-public-network'],
    ['Are admin ports (SSH/RDP) never open to the internet?', 'yes', 'nsg-no-open-admin-ports'],
    ['Are PostgreSQL flexible servers never accessible from the public internet?', 'yes', 'postgres-public-network'],
    // Provider-managed keys as the side set aside; a contrast in passing; a SAS connection string.
    ['As a Schrems II supplementary measure, are your Azure SQL, PostgreSQL and Cosmos DB data stores encrypted with customer-managed keys held in your own Key Vault, rather than only with provider-managed keys?', 'yes', 'sql-server-tde-cmk'],
    ['The gateway WAF is actually blocking attacks and not just sitting in detection mode, yes?', 'yes', 'appgw-waf-prevention'],
    ['Is there a web application firewall in front of your main gateway that actually blocks attacks, not just watches them?', 'yes', 'appgw-waf-prevention'],
    ['Can a Service Bus client authenticate with a SAS connection string today?', 'no', 'servicebus-local-auth-disabled'],
    // Statements to confirm whose verb is negated.
    ['Please confirm you do not use SAS keys or SAS connection strings to authenticate to Service Bus.', 'yes', 'servicebus-local-auth-disabled'],
    ['Confirm that Service Bus namespaces do not let clients connect with TLS older than 1.2.', 'yes', 'servicebus-min-tls'],
    ["Please confirm that the Front Door endpoint's default *.azurefd.net hostname is not left without a WAF policy in blocking mode.", 'yes', 'frontdoor-waf-prevention'],
    ['Confirm that TDE is not disabled on any database.', 'yes', 'sql-db-tde'],
    // The buyer's own CDN said first, and Front Door's WAF asked on its own.
    ['We front everything with our own Cloudflare, but on your side is the Front Door endpoint itself protected by a WAF in prevention mode?', 'yes', 'frontdoor-waf-prevention'],
    ['Is a Web Application Firewall in Prevention mode protecting the Front Door endpoints?', 'yes', 'frontdoor-waf-prevention'],
  ] as const)('%s', (text, passing, check) => expectCitedBothWays(text, passing, check))

  it('keeps the hazard where the watch-only mode, the pictograph or the expected answer says it', () => {
    expectPolarities([
      ['Is the WAF policy in detection mode or has it been disabled?', 'negative'],
      ['Is the WAF disabled or in detection only mode?', 'negative'],
      ['❌ Cosmos DB reachable from the open internet? (Y/N)', 'negative'],
      ['Expected: No — your Service Bus still lets clients authenticate with SAS shared access keys.', 'negative'],
      ['Is TLS 1.0 not disabled on any account?', 'negative'],
      ['Do you make sure no client can use anything below TLS 1.2?', 'positive'],
      ['Does the minimum inbound TLS version of your web and function apps fall short of 1.2?', 'negative'],
    ])
  })

  it('leaves to a person what no check reads: other vendors, alerts, the application, SQL audit retention', () => {
    for (const text of [
      'Are your virtual machines backed up daily with Azure Backup?',
      'Is the API Management instance deployed in internal virtual network mode?',
      'Is zero data retention enabled with your model provider?',
      'Are the Application Gateway and your Cloudflare CDN both protected by a WAF in prevention mode?',
      'Are Key Vault audit logs and Entra ID sign-in logs both retained in Log Analytics?',
      'Is Defender for Cloud enabled on Azure, and GuardDuty on your AWS accounts?',
      'Do Cosmos DB and your MongoDB Atlas clusters both enforce TLS 1.2?',
      'Is there an alert on a Key Vault key being deleted or purged?',
      'Do you get notified when Azure has a service incident affecting your regions?',
      'Are API requests digitally signed (e.g. HMAC) to prevent tampering in transit?',
      'Please confirm HSTS is enabled so browsers can never downgrade to plain HTTP.',
      'Are Entra ID sign-in and audit logs streamed to your SIEM and kept for 12 months?',
      'Do all workloads use managed identities, with no stored credentials anywhere in code or pipelines?',
      'CIS 4.1.6: Is the SQL server audit log retention set to greater than 90 days?',
      'Are SQL audit logs kept for at least one year?',
      'If the primary region went down, how long would it take you to fail over to a secondary region and be serving customers again?',
    ]) expect(ask(text).answer, text).toBe('unknown')
  })

  it('leaves a period gone by or a plan to come to a person, and answers the present after a past lead', () => {
    for (const text of [
      'Did you rotate all of your encryption keys last year?',
      'Will Front Door replace Application Gateway as the only public entry point later this year?',
      'Will you keep 35-day point-in-time restore once you move SQL to the Hyperscale tier next year?',
      'Have Key Vault audit events been received in the last 24h?',
    ]) expect([ask(text).answer, periodAsked(text)], text).toEqual(['unknown', expect.any(String)])
    // The past said in a lead, or a window of hundreds of hours, is not the period asked.
    expect(periodAsked('Last year you said the gateway WAF ran in Prevention mode. What mode is it in today?')).toBeNull()
    expect(periodAsked("In last year's questionnaire you said SSH is open only to a bastion subnet. Is SSH open to the internet on any NSG today?")).toBeNull()
    expectCitedBothWays('Can Azure SQL databases be restored to any point within the last 840 hours?', 'yes', 'sql-db-pitr-retention')
    expectCitedBothWays('Have Key Vault audit events reached your log workspace within the last 168 hours?', 'yes', 'keyvault-audit-logs')
  })

  it('reads a control statement with implementation states to pick as the statement', () => {
    for (const [text, check] of [
      ['SC-28 Protection of Information at Rest: Transparent data encryption is enabled for every Azure SQL user database within the authorization boundary. Implementation status: Implemented / Partially implemented / Planned / Not applicable', 'sql-db-tde'],
      ['AU-11 Audit Record Retention: Audit records in the Log Analytics workspace are retained online for a minimum of one year (365 days). Implementation status: Implemented / Partially implemented / Planned / Not applicable', 'log-retention'],
    ] as const) expectCitedBothWays(text, 'yes', check)
    // The cell gets the state the answer amounts to, where it is offered; "Planned" is never chosen.
    const statement = 'SC-28: Transparent data encryption is enabled for every Azure SQL user database. Implementation status: Implemented / Partially implemented / Planned / Not applicable'
    const passing = wide.decide(question(statement))
    expect([passing.openText, answerCellText(passing, null).text]).toEqual(['Implemented', 'Implemented'])
    const failing = wideFailing.decide(question(statement))
    expect([failing.answer, failing.openText, answerCellText(failing, null).text]).toEqual(['no', null, 'No'])
    expect(statusChosen('TDE is on. Status: Implemented / Not implemented', { ...failing, openText: null }).openText).toBe('Not implemented')
    // "Planned" among the states is no plan asked; a plan asked outright still goes to a person.
    expect(ask('Is TLS 1.3 on your roadmap?').answer).toBe('unknown')
  })

  it('answers the present state where a plan is set aside, and keeps a plan asked for a person', () => {
    expectCitedBothWays('Do your Azure SQL servers enforce a minimum of TLS 1.2 today? (We know TLS 1.3 may be on your roadmap; please answer for the current production state.)', 'yes', 'sql-server-min-tls')
    expectCitedBothWays('Do your PostgreSQL servers currently keep 35 days of point-in-time restore, or is that still an upcoming change?', 'yes', 'postgres-backup-retention')
    expectCitedBothWays('Right now, before any private-endpoint work on your roadmap, can your key vaults be reached from any public IP address?', 'no', 'keyvault-public-network')
    expect(withoutRoadmap('Are you planning to adopt CMK (customer-managed keys) in the future?')).toBe('Are you planning to adopt CMK (customer-managed keys) in the future?')
    expect(ask('Are you planning to adopt CMK (customer-managed keys) in the future?').answer).toBe('unknown')
  })

  it('sets aside what befell the buyer before it asks, and a plain protocol ruled out after the safeguard', () => {
    expectCitedBothWays('Our town office was hit by ransomware through an open remote desktop port a couple of years ago. Do any of your servers leave remote desktop (RDP) or SSH open to the whole internet?', 'no', 'nsg-no-open-admin-ports')
    expectCitedBothWays('Are files only ever sent to your storage over HTTPS, never plain HTTP?', 'yes', 'storage-https-only')
    expect(questionPolarity('Do you ever use plain HTTP, never HTTPS?')).toBe('negative')
  })

  it('reads two states set aside together as no choice, and a region named by its role as a value the evidence lacks', () => {
    expectCitedBothWays('Is data in the Azure SQL databases encrypted at rest - genuinely encrypted, not merely compressed or obfuscated?', 'yes', 'sql-db-tde')
    expect(asksForValue('Is the WAF in detection or prevention mode?')).toBe(true)
    for (const text of [
      'In which paired/secondary region does your cloud sub-processor keep the geo-redundant copies of our backups?',
      'Which of your regions is the primary and which is the secondary/DR region?',
      'How long are customer prompts and model outputs retained?',
      'What is the log retention period in Log Analytics, and in your Splunk instance?',
    ]) expect(ask(text).answer, text).toBe('unknown')
    // A region's loss asked of the backups is the backups' geo-redundancy, not where the data is hosted.
    expectCitedBothWays('If a region hosting your Cosmos DB account were lost, would copies of the Cosmos DB backups still exist elsewhere?', 'yes', 'cosmosdb-geo-backup')
  })

  it('reads a network security group as no "any network", a reason given as no cue, and a database excluded from TDE as unencrypted', () => {
    expectCitedBothWays('CIS Azure 6.1 / 6.2 - Is RDP (3389) or SSH (22) access from the Internet permitted by any network security group?', 'no', 'nsg-no-open-admin-ports')
    expectCitedBothWays('Are monitoring logs kept for at least 365 days, so an incident found months later can still be investigated?', 'yes', 'log-retention')
    expectCitedBothWays('Are any customer (user) databases excluded from transparent data encryption?', 'no', 'sql-db-tde')
    expect(polarityCues('Is any key vault open to any network?')).toContain('any network')
  })

  it('reads the infrastructure sub-processor as Azure, and nobody able to connect as the safeguard', () => {
    expectCitedBothWays('Can any of the sub-processor-hosted storage accounts holding customer files be accessed anonymously or from any public network?', 'no', 'storage-public-network')
    expect(withoutShorthand('Are database backups held by your infrastructure sub-processor replicated to a second region?')).toBe('Are database backups in Azure replicated to a second region?')
    expectPolarities([
      ['Nobody can connect to your Azure SQL servers from outside your private network, correct?', 'positive'],
      ["Do you rely solely on the cloud provider's built-in service-managed key for Azure SQL transparent data encryption?", 'negative'],
    ])
  })

  it('keeps plain-text transport, local keys and FIPS validation to what they ask', () => {
    // Connections through a public endpoint ask where from, not whether in the clear.
    const where = ask('Provide particulars as to whether any Azure SQL or PostgreSQL server processing personal data accepts connections through a public network endpoint.')
    expect([where.citations.includes('postgres-public-network'), where.citations.includes('postgres-secure-transport')]).toEqual([true, false])
    // A service-managed key is the key that encrypts, not a key that lets clients in.
    expect(ask('Any Cosmos DB account still on service-managed keys only, i.e. no keyVaultKeyUri set?').citations).not.toContain('cosmosdb-local-auth-disabled')
    expect(ask("'Encrypted at rest' means encrypted with keys stored in a FIPS 140-2 Level 3 HSM. Is all customer data encrypted at rest?").answer).toBe('unknown')
  })

  it('reads a statement with a scale to rate it on as the statement', () => {
    expectCitedBothWays('Cosmos DB data is encrypted with a customer-managed key held in Azure Key Vault. (1 = strongly disagree, 5 = strongly agree)', 'yes', 'cosmosdb-cmk')
    expectCitedBothWays('All public web traffic is inspected by a WAF policy in Prevention mode. 1 (never) - 5 (always)', 'yes', 'appgw-waf-prevention')
    // What no check reads stays with a person, however it is rated.
    expect(ask('Critical vulnerabilities are remediated within 14 days of discovery. Rate 1-5').answer).toBe('unknown')
  })

  it('holds a floor in signs to the checks, and leaves a ceiling on a floor to a person', () => {
    expect(ask('Is TLS >= 1.3 required on all endpoints?').answer).toBe('unknown')
    expect(ask('Is TLS >= 1.2 required on all endpoints?').answer).toBe('yes')
    // A retention floor of 365 days says nothing of whether logs are kept at most 30 days or 2 years.
    for (const text of ['Is log retention at most 30 days?', 'Log retention <= 30 days?', 'Is log retention no more than 2 years?']) expect(ask(text).answer, text).toBe('unknown')
    expect(ceilingDurationsInDays('kept for no more than a month, or at most 2 years')).toEqual([30, 730])
    // A ceiling on a rotation interval is what the check holds keys to.
    expect(ask('Are keys rotated at most every 365 days?').answer).toBe('yes')
  })
})

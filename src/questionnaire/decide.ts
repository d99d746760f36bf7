// Matching questions to library entries, checks and controls (BM25 + synonyms), and deciding each answer
// from the current results. The rule that matters: never a favourable answer the evidence does not carry.
import type { ControlResult, Results } from '../snapshot/results.js'
import { Bm25Index, type Bm25Doc, type Bm25Hit } from './bm25.js'
import { HAZARD_PHRASES, NARROWED, exceptedIn, riskAsked, NOT_ABBREVIATION, OUT_OF_SCOPE_TERMS, PROCESS_CUES, SAFEGUARD_PHRASES, analyse, answerOptions, asksForValue, ceilingDurationsInDays, countAsked, countDirection, durationsInDays, extentOf, extentOffered, onlyDurationsInDays, withoutMarkup, familyOf, hazardRow, isServiceName, joinedAsks, namedFamilies, numberedParts, otherCloud, outOfScopeTerms, periodAsked, polarityCues, processCues, questionPolarity, servicePhrases, serviceTerms, setsAside, spellingFixer, stem, withoutContrast, withoutExcepted, withoutExposedScope, withoutOtherServices, withoutShorthand, words } from './text.js'
import { checkEvidence, forPlans, controlsForChecks, countResources, exceptionNote, listNames, meetingCount, resourceName, tally, validAttestation, type CheckEvidence } from './evidence.js'
import type { AnswerLibrary, LibraryEntry } from './library.js'
import type { AnswerSource, AnswerValue, CheckCount, DecidedAnswer, Question, QuestionMapping } from './types.js'

/** Below this match confidence nothing is answered; it goes to a person. */
export const ACCEPT_CONFIDENCE = 0.5
/** Fixed company positions (library `answer:`) need this much. */
export const FIXED_CONFIDENCE = 0.7
/** A person's approved past answer with no evidence of its own is reused only for the same or a near-identical question. */
export const PAST_ANSWER_CONFIDENCE = 0.85
/** A standard questionnaire's question whose ID names the entry: the text needs only to pick among them. */
export const MAPPED_CONFIDENCE = 0.45
/**
 * A standard questionnaire's question whose ID names an entry grounded only by an attestation or a provider
 * report (a process, or what the provider runs): the ID says what is asked, the text need only lean to it, and
 * the attestation or report itself is the evidence (none valid: unknown).
 */
export const ID_PROCESS_CONFIDENCE = 0.2
/** …and when that entry is the only one the ID names, any word the question shares with it is enough. */
export const ID_SOLE_PROCESS_CONFIDENCE = 0.05
/** What naming an entry's service adds to its confidence (library `service:`). */
export const SERVICE_BOOST = 0.15
/** A question that says one of an entry's multi-word phrases matches it at least this well. */
export const PHRASE_CONFIDENCE = 0.6
/** Below this an answer (even a grounded one) is flagged for review. */
export const REVIEW_CONFIDENCE = 0.65
/** Candidates above this are cited on `unknown` answers as evidence for the reviewer. */
const SUGGEST_CONFIDENCE = 0.3
/** …and the top-ranked check above this when it ranks LEAD_RATIO times the next one or more. */
const LEAD_CHECK_CONFIDENCE = 0.2
const LEAD_RATIO = 1.5
/** The framework holding the company's public claims (controls/frameworks/trust-claims.yaml). */
export const TRUST_CLAIMS = 'trust-claims'

type Ref = { kind: 'entry'; id: string } | { kind: 'check'; id: string } | { kind: 'control'; id: string }

export interface Scored<T> {
  ref: T
  confidence: number
  /** Before the out-of-scope and process penalties: how related it is, for the reviewer's hints. */
  related: number
}

export type Ranked = { entries: Scored<string>[]; checks: Scored<string>[]; controls: Scored<string>[] }

export interface Matcher {
  decide(q: Question): DecidedAnswer
  /** Ranked candidates with their confidence (for tuning and `--debug`). */
  explain(q: Question): Ranked
}

function confidenceOf(hit: Bm25Hit<Ref>): number {
  // A variant that the question fully contains, and a question mostly made of the variant's terms, both count.
  return Math.min(1, 0.65 * hit.docCoverage + 0.35 * hit.queryCoverage)
}

/** What frames a regulator's or buyer's question without being asked: a risk assessment, a framework, a regulation. */
const FRAME_NOUNS = String.raw`(?:assessments?|frameworks?|reviews?|due diligence|programmes?|programs?|process(?:es)?|requirements?|regulations?|obligations?|questionnaires?|audits?|evaluations?|onboarding|procurement|contracts?|agreements?|dora|articles?|sections?|risk management|expectations|policy|policies|standards?|purposes?|art\.?|required by|resilience|gdpr)`
/** "As part of our ICT third-party risk assessment, please confirm…": the clause before the ask. */
const LEADING_FRAME = new RegExp(String.raw`^(?:as part of|within|in line with|in accordance with|for the purposes? of|under|in the context of|pursuant to|according to|to support|to meet|for)\b(?=[^,]*\b${FRAME_NOUNS}\b)[^,]{3,160},\s*`, 'i')
/** "…at least annually, in line with the expectations of DORA's ICT risk management requirements.": the clause after it. */
const TRAILING_FRAME = new RegExp(String.raw`,?\s*\b(?:in line with|in accordance with|as required by|pursuant to|consistent with|as per|per|under)\b(?=[^,.?]*\b${FRAME_NOUNS}\b)[^,.?]*(?=[.?]?\s*$)`, 'i')

/** "We're worried…", "We fear…", "Our concern is…": a worry put forward, which says what the buyer fears holds. */
const WORRY_LEAD = String.raw`(?:we|i)(?:'re|’re|'m|’m| are| am)\s+(?:worried|concerned|afraid|nervous)(?:\s+about)?|(?:we|i)\s+(?:worry|fear)|(?:our|my)\s+(?:concern|worry|fear)\s+is`
/** "We assume…", "Our understanding is that…": a buyer's assumption put forward to be confirmed. */
const ASSUMPTION_LEAD = new RegExp(String.raw`^(?:(?:we|i)\s+(?:assume|understand|expect|believe|presume|gather|take it)|${WORRY_LEAD}|(?:our|my)\s+(?:understanding|assumption|reading|expectation|belief)\s+is|it is our (?:understanding|assumption|expectation)|we have been (?:told|informed)|management (?:asserts|has asserted|represents|has represented|states|has stated|claims)|(?:you|the vendor|the supplier|the provider) (?:have |has )?(?:stated|state|states|claimed|claim|claims|asserted|assert|asserts|told us|indicated|represented)|it (?:is|has been) (?:asserted|stated|claimed|represented))\s+(?:that\s+)?`, 'i')
/** A sentence that starts with a worry. */
const WORRY_AT_START = new RegExp(String.raw`^(?:${WORRY_LEAD})\b`, 'i')
/** "…; please confirm or correct.": the ask after a claim, which says nothing of what is asked. */
const CONFIRM_TAIL = /[\s;,.]*(?:please\s+)?(?:confirm or correct|confirm or deny|correct us if (?:we are|we're|this is) wrong|confirm(?: this| that this is (?:correct|the case))?|is (?:this|that) (?:correct|right|accurate|possible|the case|so|true|a (?:real )?risk|a possibility)|(?:could|can) (?:this|that) happen|(?:does|do|can|could|is|are|will|would|has|have) (?:it|they|that|this)|(?:can|could) you (?:please )?confirm(?: (?:this|that)(?: is (?:operating|in place|the case|correct|true|accurate|so|working)(?: today| now| currently| as described)?)?)?)\s*[.?!]?\s*$/i

/**
 * "We assume every storage account enforces TLS 1.2; please confirm or correct.": the claim, to be judged as
 * a statement is. One put right with a value ("…confirm or correct, naming your provider") stays whole.
 */
export function withoutAssumption(text: string): string {
  const tail = CONFIRM_TAIL.exec(text)
  if (!tail || tail.index === 0) return text
  const claim = text.slice(0, tail.index).replace(ASSUMPTION_LEAD, '').trim()
  if (claim.includes('?') || words(claim).length < 3) return text
  return `${capitalised(claim)}.`
}

/**
 * Who passed a buyer's question on, in a sales engineer's notes: "Prospect asks —", "fwd from their GRC lead:",
 * "Call notes (Globex):", "Quick one from their CISO:". Only a lead naming a relay or a person.
 */
const RELAY_LEAD = /^\s*(?:(?:fwd?|fw|re)\s*:\s*)?(?:[^:?\n—–]{0,60}?(?:\b(?:fwd|forwarded|quick (?:one|q|question|check)|call notes?|meeting notes?|from the call|from the meeting|notes from|prospect|buyer|ciso|cto|cio|dpo|grc|procurement|ticket|zendesk|escalating|escalated|csm|asks|asked|wrote|writes)\b|#\d{3,}\b)[^:?\n—–]{0,40}?(?:\s*\([^()]{1,40}\))?\s*(?::|—|–|\s-)\s*)/i
/** A support ticket's number: a question relayed from a ticket. */
const TICKET = /\b(?:ticket|case|zendesk|jira)\s*#?\s*\d+|(?:^|\s)#\d{3,}\b/i
/**
 * What a relayer says around the buyer's question: "Can someone from security confirm before Friday?", "Please
 * reply on the ticket", "Low urgency, due next sprint.", "They want the answer by EOW.", "Thx, Dana".
 */
const RELAY_CHATTER = /^(?:(?:can|could|would|will) (?:someone|somebody|anyone|anybody|you|we|security|sec|infosec|it|legal|engineering|the (?:security|product|it) team|someone (?:from|in|on) [\w ]{1,30}) (?:please )?(?:confirm|check|verify|pick|reply|respond|answer|take|look|help|chime|say|advise)\b|please (?:reply|respond|answer|update|comment|advise)\b|(?:engineering|security|legal|product|it) (?:please|to) (?:advise|review|answer|confirm)|(?:low|medium|high|normal) (?:urgency|priority)\b|due (?:by|next|this|on|before)\b|(?:thx|thanks|thank you|cheers|ty|regards|best)\b[^.?!]{0,30}[.!]?$|(?:they|they're|they’re|they'd|they’d|their|sounds like|apparently|fyi|btw|seems|customer only|client only|product team|legal should|who owns)\b)/i
/** A relayer's signature: "— Priya (CSM), ticket #5098", "Thx, Dana". */
const RELAY_SIGNATURE = /\s*(?:[—–]\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:\s*\([^()]{1,20}\))?(?:,\s*(?:ticket\s*)?#?\s*\d+)?|(?:thx|thanks|cheers|ty)[,!]?\s+[A-Z][a-z]+)\s*[.!]?\s*$/i
/** An aside in brackets about the people relaying it, wherever it stands: "(they mentioned TDE by name)". */
const RELAYED_ASIDE = /\s*\((?=[^()]*\b(?:they|their|them|he|she|his|her)\b)[^()]{1,120}\)/gi
/** A question quoted in the relay: 'Umbrella's procurement forwarded this one: "Does the vendor run a WAF…?"'. */
const QUOTED_ASK = /["“]([^"“”]{10,}\?)["”]/
/** "…asked whether…", "wants to know how long…": the buyer's question, reported. */
const REPORTED_ASK = /^(?!(?:is|are|do|does|did|can|could|will|would|has|have|should|shall|must|may|please|confirm|describe|provide|how|what|which|who|where|when|why)\b)(?:[a-z0-9'’&.()\s-]{0,60}?\s)?(?:asked|asks|is asking|was asking|are asking|were asking|wants to know|wanted to know|would like to know|want to know|wondered|wonders|is wondering|were wondering)\s+(?:us\s+|me\s+)?(whether|if|how|which|what|who|where|when)\s+([\s\S]+)$/i
/** "…wants confirmation we encrypt…", "needs assurance that…": a claim the buyer wants confirmed. */
const REPORTED_CLAIM = /^(?!(?:is|are|do|does|did|can|could|will|would|has|have|should|shall|must|may|please|confirm|describe|provide|how|what|which|who|where|when|why)\b)(?:[a-z0-9'’&.()\s-]{0,60}?\s)?(?:wants?|wanted|needs?|needed|would like|asked for|asks for|is asking for|requested|requests)\s+(?:a\s+|written\s+|our\s+|some\s+)?(?:confirmation|assurance|reassurance|proof|us to confirm|to confirm|to hear)(?:\s+(?:from us|in writing))?(?:\s+that)?\s+([\s\S]+)$/i
/** A direct ask after the reported one: "…whether it blocks or just logs — is it in blocking mode?". */
const DIRECT_AFTER = /[—–;:]\s*((?:is|are|do|does|did|can|could|will|would|has|have|was|were|should)\b[^?]{3,}\?)/i
/** An aside in brackets after the ask, about the people relaying it: "(their pen-test firm flagged this, lol)". */
const RELAY_ASIDE = /\?\s*\((?=[^()]*\b(?:they|their|them|he|she|his|her|i|i'm|i’m|lol|btw|fyi|seemed|apparently)\b)[^()]{1,200}\)/gi
/** A subject and its verb, turned into a question: "someone could wipe…" → "could someone wipe…". */
const SUBJECT_VERB = /^((?:someone|somebody|anyone|anybody|an? [a-z-]+|the [a-z-]+(?: [a-z-]+)?|our [a-z-]+(?: [a-z-]+)?|any [a-z-]+(?: [a-z-]+)?|we|you|they|it))\s+(could|can|would|will|is|are|was|were|has|have|should|might|may|must)\s+([\s\S]+)$/i

function firstSentence(text: string): string {
  return text.split(SENTENCE_END)[0]!.trim().replace(/[\s.!]+$/, '')
}

/**
 * A question relayed in a sales engineer's notes, as the buyer asked it: "Prospect asks — is SSH open?", "Call
 * notes: they asked if someone could wipe our keys for good. I said no…", "Their auditor wants to know how long
 * we retain logs". What the relayer adds (who asked, what they told the buyer) is not asked.
 */
export function withoutRelay(given: string): string {
  let text = given.replace(RELAY_ASIDE, '?').trim()
  const lead = RELAY_LEAD.exec(text)
  if (lead || TICKET.test(text)) {
    // Relayed: the relayer's remarks around the question, and a question quoted, are what is asked.
    const quoted = QUOTED_ASK.exec(text)
    if (quoted && analyse(quoted[1]!).length >= 3) return withoutRelay(quoted[1]!)
    const sentences = text.replace(RELAY_SIGNATURE, '').replace(RELAYED_ASIDE, '').split(SENTENCE_END)
    // Once the question is said, the relayer's remarks follow ("Just the provider name, they're filling in…").
    const at = sentences.findIndex((t) => t.includes('?') || REPORTED_ASK.test(t.replace(RELAY_LEAD, '')) || REPORTED_CLAIM.test(t.replace(RELAY_LEAD, '')))
    const kept = [sentences[0]!, ...sentences.slice(1).filter((t, i) => !RELAY_CHATTER.test(t.trim()) && (at < 0 || i + 1 <= at || t.includes('?')))]
    // "Acme again, sorry! Which cloud provider…?": a short greeting before the question is not asked.
    while (kept.length > 1 && !kept[0]!.includes('?') && words(kept[0]!.replace(RELAY_LEAD, '')).length <= 4 && kept.slice(1).some((t) => t.includes('?'))) kept.shift()
    text = kept.join(' ').trim()
  }
  let bare = text
  // "Ticket #5582 — Soylent's security lead asks: …": a lead, then another.
  for (let i = 0; i < 2; i++) {
    const l = RELAY_LEAD.exec(bare)
    if (!l || analyse(bare.slice(l[0].length)).length < 3) break
    bare = bare.slice(l[0].length)
  }
  // "We need assurance that our data is protected in transit. Is TLS used on every connection…?": the question
  // asked after the reported one is what is asked.
  const later = (rest: string): boolean => rest.split(SENTENCE_END).slice(1).some((t) => t.includes('?'))
  const ask = REPORTED_ASK.exec(bare)
  if (ask && !later(ask[2]!)) {
    const [, how, rest] = ask as unknown as [string, string, string]
    const direct = DIRECT_AFTER.exec(rest)
    if (direct && analyse(direct[1]!).length >= 2) return capitalised(direct[1]!)
    const said = firstSentence(rest.replace(/\?[\s\S]*$/, ''))
    if (/^(?:whether|if)$/i.test(how)) {
      const turned = SUBJECT_VERB.exec(said)
      return turned ? `${capitalised(turned[2]!)} ${turned[1]!.toLowerCase() === 'i' ? 'I' : turned[1]!} ${turned[3]!}?` : `Confirm that ${said}.`
    }
    return `${capitalised(how)} ${said}?`
  }
  const claim = REPORTED_CLAIM.exec(bare)
  if (claim && !later(claim[1]!)) return `Confirm that ${firstSentence(claim[1]!)}.`
  return bare === text && text === given.trim() ? given : capitalised(bare)
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A control's reference before the ask: "C5 CRY-02:", "NIS2 Art. 21(2)(c) (backup management):", "PCI DSS Req 4.2.1 –", "CC6.1:". */
// HITRUST's "09.l", CIS's "Safeguard 13.10", the NCSC's "Principle 2" too.
const REFERENCE = String.raw`(?:[A-Z]{1,5}-\d+(?:\.\d+)*|[A-Z]{2,3}\d+(?:\.\d+)+|(?:Art(?:icle)?\.?|Req(?:uirement)?\.?|§)\s*\d+(?:\.\d+)*(?:\(\w{1,3}\))*|A\.\d+(?:\.\d+)+|\d{2}\.[a-z]|(?:Safeguard|Control|Principle)\s+\d+(?:\.\d+)*)`
// "SC-8(1):" with its enhancement's number. A title said without brackets ("SC-8(1) Transmission Confidentiality
// and Integrity:") stays: it often names what is asked.
const LEADING_REFERENCE = new RegExp(String.raw`^\s*(?:[A-Z][A-Za-z0-9]{1,8}(?:\s+(?:DSS|CSF|Cloud Security|\d{4,5}(?::\d{4})?|v\d(?:\.\d)?))?\s+)?${REFERENCE}(?:\(\d{1,2}\))*\s*(?:\([^()]{2,80}\))?\s*[:–—-]\s+(?=\S)`)
/** A row's dotted number said with no separator before its question: "D.4.2.1 Are customer-managed keys used…?" (SIG). */
const BARE_NUMBER = /^\s*[A-Z]{1,3}\.\d+(?:\.\d+)+\s+(?=[A-Z][a-z])/

/** The first verb after the things a "which" question names: where "that" goes when it is asked yes or no. */
const LISTED_VERB = /\s(?=(?:allow|allows|accept|accepts|are|is|have|has|still|expose|exposes|lack|lacks|use|uses|run|runs|hold|holds|permit|permits|store|stores|sit|sits|remain|remains|reside|resides|live|lives|belong|belongs)\b)/i
/** Things a list of resources is made of: "which of your storage accounts", "which public IP addresses". */
const LISTED_THINGS = /^(?:[\w-]+\s+){0,4}(?:accounts|vaults|keys|servers|databases|namespaces|apps|applications|resources|regions|addresses|ips|endpoints|subscriptions|workspaces|gateways|containers|functions|instances|services|components|systems|certificates|secrets|queues|topics|identities|rules|ports|networks|subnets|nsgs|disks|vms|machines|clusters|profiles|locations)$/i
/** "…have the database backups", "…are you using": the subject comes after, and the thing named is what is asked. */
const INVERTED = /^(?:are|is|have|has|were|was)\s+(?:the|your|our|you|we|they|these|those|it)\b/i

/**
 * "Which of your storage accounts allow anonymous access? List them.", "Name any Azure region in use that is not
 * on your approved list": the resources in a bad state, asked for by name. The same question asked yes or no
 * ("Are there any of your storage accounts that allow anonymous access?"), or null when it is not of that form.
 */
export function asAnyAsked(text: string): string | null {
  const first = /^[^?]*\?/.exec(text.trim())?.[0] ?? text.trim()
  const which = /^\s*(?:which|what)\s+((?:of\s+(?:your|the|our)\s+)?)(.+?)\s*\?\s*$/i.exec(first)
  if (which) {
    const [things, rest] = splitAt(which[2]!, LISTED_VERB)
    return things && rest && LISTED_THINGS.test(things) && !INVERTED.test(rest) ? `Are there any ${which[1]}${things} that ${rest}?` : null
  }
  const named = /^\s*(?:please\s+)?(?:name|list|identify|enumerate)\s+(?:any|all|each|every)\s+(.+?)\s+(?:that|which)\s+(.+?)\s*(?:\([^()]*\))?\s*[?.]?\s*$/i.exec(first)
  return named && LISTED_THINGS.test(named[1]!.replace(/(?<=[^s])$/, 's')) ? `Are there any ${named[1]} that ${named[2]}?` : null
}

function splitAt(text: string, at: RegExp): [string, string] | [null, null] {
  const m = at.exec(text)
  return m ? [text.slice(0, m.index).trim(), text.slice(m.index).trim()] : [null, null]
}

/**
 * The question without the reference of the control it tests: the control's title ("(protection against
 * malware)") names the family, not what is asked ("is Defender for Cloud active for storage and SQL?").
 */
/** Out-of-scope readings no setting can settle, which weigh twice as much against an entry. */
// A module's FIPS 140 validation likewise: a certificate of the hardware, which no setting shows.
const UNSETTLED_BY_SETTINGS = new Set(['reasons', 'notice', "the provider's operations", 'a commitment for the term', 'resources chosen by name or tag', 'fips', 'fips 140', 'fips 140-2', 'fips 140-3'])

/** A tender's scoring note before the question: "(Weight 5)", "(Weight 5, pass/fail)", "[Mandatory]", "(Score 0–3)". */
const SCORING_NOTE = /^\s*[([](?:weight(?:ing)?|score|scoring|scored|points?|marks?|mandatory|optional|required|desirable|essential|pass\s*\/\s*fail|critical|high|medium|low|priority)\b[^()[\]]{0,40}[)\]]\s*/i

/**
 * "Finding L-3 (keys with no rotation policy) marked closed: do all keys now rotate…?": a finding's label and
 * what it found, before a question asked whole in its own words.
 */
const FINDING_LEAD = /^\s*(?:(?:pen[- ]?test |retest |audit )?(?:finding|issue|observation|vulnerability|vuln)\s*#?\s*[A-Z]{0,3}-?\d{1,4}(?:\.\d+)?\s*(?:\([^()]{3,120}\))?[^:?]{0,40}:\s+)(?=(?:is|are|do|does|did|has|have|can|could|will|would)\b)/i

/** "Schrems II follow-up:", "GDPR clarification 2:": what an earlier exchange was about, before the question asked now. */
const FOLLOW_UP_LEAD = /^\s*(?:re:?\s*)?[^:?\n]{2,40}?\b(?:follow[- ]?ups?|follow[- ]?on|clarifications?|supplementary question)\s*(?:\d{1,3})?\s*[:–—-]\s+(?=(?:is|are|do|does|did|has|have|can|could|will|would|what|which|how|please)\b)/i

/** A measure's heading before the question: "TOM – Separation control:", "Control area – Logging:". */
const MEASURE_HEADING = /^\s*(?:TOMs?|measures?|control(?: area| domain)?|domain|area|category)\s*[–—:-]\s*[^:?.]{2,60}:\s+(?=(?:is|are|do|does|did|has|have|can|will|what|which|how|please)\b)/i

/** "T1190 Exploit Public-Facing Application:", "T1552.001 Credentials In Files -": a MITRE ATT&CK technique's ID and name. */
const ATTACK_TECHNIQUE = /^\s*T\d{4}(?:\.\d{3})?\s+[A-Z][^:?–—]{2,60}?\s*(?::|\s[–—-])\s+(?=\S)/
/** "Risk R-12:", "Threat T-02:", "Threat:": a risk register's label before the risk it states. */
const RISK_LABEL = /^\s*(?:(?:risk|threat)\s*(?:(?:id|no\.?|#)\s*)?(?:[A-Z]{1,4}-?\d{1,4}(?:\.\d+)*)?|[RT]-\d{1,4})\s*[:–—-]\s+(?=\S)/i

/**
 * A Statement of Applicability row ("A.8.24 Use of cryptography — Applicable? Implemented? Justification: data in
 * Azure SQL is encrypted at rest."): the control's number and title, and the columns to fill, before what is
 * claimed or asked.
 */
const SOA_LEAD = /^\s*A\.\d+(?:\.\d+)*\s+[^—–?]{3,120}?\s+[—–-]\s*(?:(?:applicable|implemented)\s*(?:\?|:\s*(?:y|n|yes|no)\b\.?)\s*)+(?:(?:justification|evidence)(?:\s+to\s+confirm(?:\s+that)?)?\s*:\s*)?/i

export function withoutReference(given: string): string {
  // "Risk R-07: brute-force of SSH ports exposed to the internet. Is a control in place?": the risk is what is
  // asked of; the register's word for it is not (it would read as threat detection).
  const unlabelled = given.replace(ATTACK_TECHNIQUE, '').replace(RISK_LABEL, '')
  const text = unlabelled !== given && (riskAsked(unlabelled) || ATTACK_TECHNIQUE.test(given)) && analyse(unlabelled).length >= 3 ? capitalised(unlabelled) : given
  const bare = text.replace(SOA_LEAD, '').replace(SCORING_NOTE, '').replace(FINDING_LEAD, '').replace(FOLLOW_UP_LEAD, '').replace(MEASURE_HEADING, '').replace(LEADING_REFERENCE, '').replace(BARE_NUMBER, '').replace(QUOTED_SOURCE, '')
  return bare !== text && analyse(bare).length >= 3 ? bare : text
}

/** A block that explains the question after it is asked: "Guidance:", "Note:", "Scope includes:", "Ports of concern:". */
const GUIDANCE = /\n\s*(?:guidance|notes?|help|hints?|explanation|background|context|examples?|scope(?: includes)?|[a-z][a-z ]{0,40} (?:in|of) (?:scope|concern)|please (?:indicate|describe|note|provide|list|include|state)|relevant controls?|evidence(?: requested)?|for example)\s*:/i

/**
 * The question without the guidance printed below it in the same cell ("…replicated to another region?\n\n
 * Guidance: A regional disaster must not destroy… Database platforms in scope: - Azure SQL…"): the guidance
 * explains and lists; its words ("VPN or just-in-time", "SSL 3.0") are not what is asked. Only when what comes
 * before is itself a question.
 */
export function withoutGuidance(text: string): string {
  const at = GUIDANCE.exec(text)
  if (!at) return text
  const head = text.slice(0, at.index).trim()
  return /\?\s*$/.test(head) && analyse(head).length >= 3 ? head : text
}

/**
 * "(We know TLS 1.3 may be on your roadmap; please answer for the current production state.)", "Right now, before
 * any private-endpoint work on your roadmap, can…?", "…, or is that still an upcoming change?": a plan set aside,
 * so that the present state is what is asked.
 */
const ROADMAP_ASIDE = /\s*\((?=[^()]*\b(?:roadmap|planned|upcoming|future)\b)(?=[^()]*\b(?:current(?:ly)?|today|now|present|as it (?:is|stands))\b)[^()]{0,200}\)|,?\s*\b(?:before|ahead of|pending|regardless of|setting aside) (?:any|the|your)\b[^,?]{0,60}\b(?:on (?:your|the|our) roadmap|planned)\b,?|,?\s*or is (?:that|this|it) (?:still )?(?:just )?(?:an? )?(?:upcoming|planned|future|pending|roadmap)(?: [a-z-]+){0,2}(?=\s*\?)/gi

export function withoutRoadmap(text: string): string {
  if (!/\b(?:roadmap|planned|upcoming|future)\b/i.test(text)) return text
  const bare = text.replace(ROADMAP_ASIDE, ' ').replace(/\s{2,}/g, ' ').replace(/\s+\?/g, '?').trim()
  return bare !== text && analyse(bare).length >= 3 ? capitalised(bare) : text
}

/**
 * 'Azure Policy "Front Door endpoints should have a WAF in Prevention mode": compliant?': the policy or
 * recommendation quoted is what is asked, not the Azure Policy or Defender for Cloud that publishes it, wherever
 * it is named ("Are the Azure Policy definitions 'RDP access from the Internet should be blocked' and…").
 */
const QUOTED_SOURCE = /(?:^\s*|(?<=\s))(?:(?:the\s+)?(?:microsoft\s+)?(?:defender for cloud|azure security center|azure policy|azure advisor|mcsb|microsoft cloud security benchmark)(?:'s)?\s+(?:built-in\s+)?(?:recommendations?|polic(?:y|ies)|definitions?|policy definitions?|controls?|checks?)?|(?<=^\s*)(?:polic(?:y|ies)|(?:policy )?definitions?))\s*(?=["“]|['‘](?=[^'‘’\n]{8,240}['’](?!\w)))/gi

/** "As a patient using your platform, …", "As a teacher, …": who asks, not what is asked. */
const PERSONA_LEAD = /^as an? (?:[\w-]+ ){0,2}?(?:patient|student|teacher|parent|user|member|customer|client|employee|citizen|clinician|doctor|nurse|pupil|learner)s?\b[^,?]{0,100},\s*/i

function withoutFrame(text: string): string {
  const bare = text.replace(LEADING_FRAME, '').replace(TRAILING_FRAME, '').replace(PERSONA_LEAD, '')
  return bare !== text && analyse(bare).length >= 3 ? capitalised(bare) : text
}

/** A sentence asked only on one answer: "If yes, …", "If not, …", "If so, …", "Where applicable, …". */
const FOLLOW_UP = /^(?:if (?:yes|no|so|not|applicable|this is (?:not )?the case|the answer is (?:yes|no)|affirmative|negative)|where applicable|otherwise)\b/i

const SENTENCE_END = new RegExp(String.raw`(?<=[.?!])${NOT_ABBREVIATION}\s+(?=[A-Z(])`)

// "Our town office was hit by ransomware through an open RDP port…": what befell the buyer, before it asks.
// "Our threat management framework expects suppliers to…, rather than relying on vulnerability scans.": what the
// buyer's own framework says, before it asks.
// "Many of the documents our users upload will be stored in your database layer.": what the buyer's people will do.
const BUYER_SAYS = /^\s*(?:we|our (?:[\w-]+ ){0,3}?[\w-]+)\s+(?:will|would|plan|intend|are going|want|need|expect|expects|require|requires|mandate|mandates|store|process|send|push|upload|keep|hold|handle|are|have|operate|assume|assumes|use|was|were|had|got|suffered|experienced)\b|^(?!\s*(?:please|kindly|confirm|describe|provide|list|state|explain)\b)[^?]*\b(?:our|we) (?:(?:[\w-]+ ){0,2}?(?:users|customers|clients|staff|employees|teams?|students|patients|members) )?(?:will|would|plan to|intend to|are going to|upload|store|send|push|process)\b/i

/**
 * "Last year's pentest report flagged…", "The Azure Advisor export you sent in 2023 listed…": where old evidence
 * the buyer quotes came from, which is not what is asked of now.
 */
const EVIDENCE_SOURCE = /(?:^|(?<=[.?!]\s+))(?:your|the|our|last year's|last year’s|a|an)\b[^?.]{0,60}?\b(?:pentest|pen test|penetration test|report|assessment|questionnaire|audit|scan|export|screenshot|annex|letter|review)s?\b[^?.]{0,40}?\b(?:noted|flagged|showed|shows|listed|mentioned|said|found|reported|indicated|stated|recorded|highlighted|identified)\b/gi

const EVIDENCE_SOURCE_AT_START = new RegExp(EVIDENCE_SOURCE.source, 'i')

/** The text without the sentences that say where old evidence came from. */
function withoutRecalled(text: string): string {
  const kept = text.split(SENTENCE_END).filter((s) => !EVIDENCE_SOURCE_AT_START.test(s.trim()))
  return kept.length > 0 ? kept.join(' ') : text
}

/** The buyer's own part, then ", but on your side …": what the buyer runs is not asked. */
const OWN_SIDE_FIRST = /^\s*(?:we|our|my|i)\b[^?.;]{0,160}?,\s*but\s+(?=(?:on|at|for|as for|from) your (?:side|end|part)\b)/i

/**
 * The question without the buyer's account of itself before it ("We will push payroll records through your
 * queues.", "Our clinicians will upload referral letters…"): what the buyer will do is not what is asked.
 */
function withoutBuyerContext(given: string): string {
  // "We front everything with our own Cloudflare, but on your side is the Front Door endpoint…?": the buyer's own
  // part said first.
  const text = given.replace(EVIDENCE_SOURCE, ' ').replace(OWN_SIDE_FIRST, '')
  const sentences = text.split(SENTENCE_END)
  let i = 0
  while (i < sentences.length - 1 && !sentences[i]!.includes('?') && BUYER_SAYS.test(sentences[i]!)) i++
  // "Our policy requires annual pen tests. Do you meet this?": an ask that points back asks what was said.
  return i === 0 || focusText(text) === text ? text : sentences.slice(i).join(' ')
}

/**
 * The part of a question that asks. Long questionnaire items (VSAQ) explain first and ask last; matching the
 * explanation too lets incidental words ("plain HTTP", "encrypted") pull in the wrong topic.
 */
export function focusText(given: string): string {
  const text = withoutFrame(given)
  const sentences = text.split(SENTENCE_END).map((s) => s.trim()).filter((s) => s !== '')
  if (sentences.length <= 1) return text
  // "Do you take backups? I mean geo-redundant ones for PostgreSQL.": the narrowed ask, with the broad one's
  // words where it points back at them ("ones").
  const narrowed = sentences.findIndex((s, i) => i > 0 && NARROWED.test(s))
  if (narrowed > 0) {
    const ask = sentences.slice(narrowed).join(' ').replace(NARROWED, '')
    if (analyse(ask).length >= 2) return /\b(?:ones?|it|them|they|that|this|those)\b/i.test(ask) ? `${ask.replace(/[.?\s]+$/, '')} (${sentences.slice(0, narrowed).join(' ').replace(/[.?\s]+$/, '')})?` : capitalised(ask)
  }
  // "Does Service Bus still accept SAS keys? If yes, when will it be disabled?": the follow-up asked only on one
  // answer is not what the cell asks.
  const asked = sentences.filter((s) => s.endsWith('?'))
  const asking = asked.length > 1 && !FOLLOW_UP.test(asked[0]!) ? asked.filter((s) => !FOLLOW_UP.test(s)) : asked
  // "Say the primary region is lost. Would the backups survive?": the situation set is part of the ask.
  const focus = (asking.length > 0 ? asking : [sentences[sentences.length - 1]!]).join(' ')
  // "…shall host all Customer Data within the chosen region. Does your deployment comply with this clause?":
  // the ask points back at what came before.
  if (/\b(?:this|that|the above|the following|these) (?:clause|requirement|requirements|statement|control|condition|provision)s?\b/i.test(focus)) return text
  // "PBC #14: listing of all NSG rules that allow… Does the listing contain any rules?": the listing asked of.
  if (/\b(?:the|this|that) (?:listing|list|population|report|export|extract|sample)\b/i.test(focus) && sentences.length > 1) return text
  // "The Authority requires that key vaults are not public. Please confirm whether or not this is the case.": likewise.
  if (/\b(?:this|that|it) is (?:the case|so|true|correct|accurate|met|in place)\b/i.test(focus)) return text
  // "Provide evidence that SQL backups are stored geo-redundantly. Is this configured for every database?": so
  // does an ask whose subject is only a word pointing back (not "is it possible that…").
  // "Our concern is Cosmos DB being open to any network. Is it limited to private endpoints?": the worry says
  // what "it" is; the ask, not the worry, says which way.
  if (WORRY_AT_START.test(sentences[0]!) && /^(?:is|are|does|do|can|will|could|would)\s+(?:it|they)\b(?!\s+(?:possible|true|the case|likely|so)\b)/i.test(focus)) {
    const named = servicePhrases(sentences.filter((s) => !asking.includes(s)).join(' '))
    if (named.length > 0) return forServices(named, focus)
  }
  if (/^(?:is|are|does|do|has|have|was|were|can|will|could|would)\s+(?:this|that|it|these|those|they|such)\b(?!\s+(?:possible|true|the case|likely|feasible)\b)/i.test(focus)) return text
  // "…`min_tls_version = \"TLS1_2\"`. Both set on every account?": "both" is the settings named before.
  if (/^(?:(?:are|is)\s+)?(?:both|all (?:of )?(?:them|these|those|three|two|four)|each of (?:them|these|those)|either)\b/i.test(focus)) return text
  // "Finding: 'Auditing on SQL server should be enabled' (Low). Compliance state across all SQL servers?": the
  // quoted recommendation before is what the state is asked of.
  if (/['"‘“][^'"’”]{8,}['"’”]/.test(text) && /\b(?:compliance (?:state|status)|status|pass\s*\/\s*fail|unhealthy|healthy|non-?compliant|compliant|this (?:finding|recommendation|policy|alert))\b/i.test(focus)) return text
  // "Risk R-12: backups lost with the region. Is the risk open?": the risk stated before is what is asked.
  // "…Mitigated (Y/N)?", "Does the exposure exist today?" likewise.
  if (/^(?:is|are)\s+(?:the|this|that|these)\s+(?:risks?|exposures?|issues?|gaps?|threats?|scenarios?)\b/i.test(focus) || riskAsked(focus)) return text
  // "Our policy requires logs kept 90 days. Does your logging platform meet this?", "…Do you comply?": the
  // requirement stated before is what is asked.
  if (/\b(?:meets?|satisf(?:y|ies)|fulfil(?:l|s|ls)?|(?:comply|complies|conform|conforms) with|support|supports|achieve|achieves|match|matches)\s+(?:this|that|it|these|those|them|this requirement|these requirements)\s*\??\s*$|\b(?:comply|complies|conform|conforms)\s*\??\s*$/i.test(focus)) return text
  if (analyse(focus).length < 3) return text
  // "…stored in the United States only. Please confirm, or list the regions actually used.": the ask puts right
  // what was said before it.
  if (/^(?:please\s+)?(?:confirm|correct|verify)(?:\s+(?:this|that|it))?\s*,?\s+(?:or|and)\s+(?:list|give|state|name|provide|specify|correct|deny|quote|tell us)\b/i.test(focus)) return text
  // "…end up in your blob storage. Can any of that storage be read anonymously?": what the ask points back at,
  // named before it, goes with it.
  if (/\b(?:that|this|those|these|such) (?:storage|data|database|databases|queues?|messages?|records|files|documents|backups|logs|keys|vaults?|services?|platform|systems?)\b/i.test(focus)) {
    const before = sentences.filter((s) => !asking.includes(s)).join(' ')
    const named = servicePhrases(before).filter((p) => !new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(focus))
    if (named.length > 0) return `${focus.replace(/[?\s]+$/, '')} (${named.join(', ')})?`
  }
  return focus
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

function entryText(e: LibraryEntry): string {
  return `${e.topic} ${e.keywords.join(' ')} ${e.wording}`
}

/** An approved past answer that cites no check, attestation or scan: the approval is all its evidence. */
function approvedOnly(e: LibraryEntry): boolean {
  return e.approval !== undefined && e.checks.length === 0 && e.attestations.length === 0 && !e.scanned && e.inherited.length === 0
}

/** Grounded by an attestation or a provider report alone: no check, scan, fixed position or past answer. */
function processOnly(e: LibraryEntry): boolean {
  return e.checks.length === 0 && !e.scanned && e.answer === undefined && e.approval === undefined && (e.attestations.length > 0 || e.inherited.length > 0)
}

/** The first valid provider report among the entry's `inherited` ids, from the results (trustpack.yaml). */
function inheritedReport(e: LibraryEntry, results: Results): NonNullable<Results['inherited']>[number] | null {
  return (results.inherited ?? []).find((r) => e.inherited.includes(r.id) && r.state === 'valid') ?? null
}

/** How close a match an entry needs: an evidence-backed answer, a fixed position, or a person's past answer. */
function threshold(e: LibraryEntry): number {
  if (approvedOnly(e)) return PAST_ANSWER_CONFIDENCE
  return e.answer ? FIXED_CONFIDENCE : ACCEPT_CONFIDENCE
}

/**
 * What a question printed with its answer options asks: the stem, as a yes/no question when the options are
 * yes, no and not applicable, else as a value to fill in ("WAF mode: ____"), which is answered with the value
 * or goes to a person, never with "Yes".
 */
/** Yes and no by other names after a statement: "True / False / N/A", "(Agree/Disagree)", "Y / N". */
const TRAILING_YES_NO = /(?<=[.!?)\]])\s*[([]?\s*(?:true|false|agree|disagree|yes|no|y|n)(?:\s*\/\s*(?:true|false|agree|disagree|yes|no|y|n|n\/a|na|not applicable))+\s*[)\]]?\s*$/i
/** A scale to rate a statement on, after it: "(1 = strongly disagree, 5 = strongly agree)", "Rate 1-5", "1 (never) - 5 (always)". */
const TRAILING_SCALE = /(?<=[.!?)\]])\s*[([]?\s*(?:1\s*[=:–-]\s*strongly disagree|(?:please )?rate (?:it |this )?(?:from )?1\s*(?:[–-]|to)\s*5|(?:on a )?scale (?:of |from )?1\s*(?:[–-]|to)\s*5|1\s*(?:\([^()]{1,20}\))?\s*[–-]\s*5(?:\s*\([^()]{1,20}\))?(?=\s*\.?\s*$))[^()[\]]{0,80}[)\]]?\s*\.?\s*$/i
/**
 * "…Implementation status: Implemented / Partially implemented / Planned / Not applicable": the state the answer
 * amounts to, among those offered, is what the cell gets. A "no" is "Not implemented" only where that is offered;
 * "Planned" is a plan, which no evidence shows, so it is never chosen.
 */
export function statusChosen(text: string, a: DecidedAnswer): DecidedAnswer {
  const listed = TRAILING_STATUS.exec(text.trim())
  if (!listed || (a.answer !== 'yes' && a.answer !== 'no' && a.answer !== 'partial')) return a
  const offered = listed[0].replace(/^[\s\S]*?status\s*[:–-]?\s*/i, '').split(/\s*[/|,]\s*/).map((o) => o.replace(/[.\s]+$/, '').trim())
  const wanted = { yes: /^(?:implemented|in place)$/i, partial: /^partially implemented$/i, no: /^(?:not implemented|not in place)$/i }[a.answer]
  const option = offered.find((o) => wanted.test(o))
  return option ? { ...a, openText: option } : a
}

/** A control statement's implementation states to pick from, after it ("Implementation status: Implemented / Planned / …"). */
const TRAILING_STATUS = /(?<=[.!?)\]])\s*(?:(?:implementation|control|compliance)\s+)?status\s*[:–-]?\s*(?:implemented|partially implemented|planned|not implemented|not applicable|n\/a|alternative implementation|in place|not in place)(?:\s*[/|,]\s*(?:implemented|partially implemented|planned|not implemented|not applicable|n\/a|alternative implementation|in place|not in place))+\s*\.?\s*$/i

/** The labels of the response printed after the ask: "Answer: ____", "Comments:", "Vendor response: …". */
const RESPONSE_LABELS = /(?<=[?.!)\]]|\n)(?:\s*(?:\(?(?:your |vendor |supplier )?(?:answer|response|comments?|remarks?|explanation|notes?)\)?)\s*:?\s*(?:_{2,}|\.{3,}|…|\[\s*\])?)+\s*$/i

/** "Is it not the case that…?", "Is it not true that…?": asked as "isn't it so" by some, "is it untrue" by others. */
const TWO_WAY_DENIAL = /\bis it not (?:the case|true|so|correct|right) that\b/i

/**
 * "Setting aside your RTO commitments, which we will ask about separately, can you confirm…?": what is set aside,
 * at the start of the cell or of a sentence, with what is said of it.
 */
/**
 * "Log Analytics workspace > Usage and estimated costs > Data retention": a portal path's middle steps are where
 * one clicks, not what is asked ("costs" there is a blade's name). Its first and last steps stay, and a step
 * naming a service ("4.1.3 > Network > Azure SQL firewall > Any rule allowing…?"), which says what is asked of.
 */
const PORTAL_STEP = /\s+>\s+[^>?.,;:]{2,50}?(?=\s+>\s+)/g

/**
 * "As a compensating control for web vulnerabilities between patch cycles, is the WAF enforcing?": why the buyer
 * asks, before the ask.
 */
const PURPOSE_LEAD = /^\s*as (?:a|an) (?:compensating|mitigating|supporting|additional|secondary) (?:control|measure|safeguard)\b[^,?]{0,100},\s*(\S)/i

/** "In that context, and noting that we do not require you to use keys we supply, is…?": the lead is not asked. */
const CONTEXT_LEAD = /(?:^|(?<=[.?!]\s+))(?:in (?:that|this) context|with (?:that|this) in mind|against (?:that|this) background|on that basis|that said|given (?:that|this))(?:,?\s*(?:and\s+)?(?:noting|bearing in mind|recogni[sz]ing|understanding|accepting|acknowledging) that [^,?]{1,120})?,\s*(\S)/gi
const LEFT_ASIDE = /(?:^|(?<=[.?!]\s+))\s*(?:(?:leaving|setting|putting|laying) aside\b[^,?]{1,120}|(?:leaving|setting|putting|laying) [^,?]{1,60}? aside|[A-Za-z][^,?]{1,40}? aside)(?:,\s*(?:which|that|as|since|because)\b[^,?]{1,100})?,\s*(\S)/gi
const NOT_NONPRODUCTION = /\s*\((?:not|excluding|excl\.?|other than|but not|never) (?:the )?(?:staging|test|testing|dev|development|non-production|nonproduction|pre-production|qa|uat|sandbox)(?: (?:or|and|\/) (?:staging|test|testing|dev|development|qa|uat|sandbox))*(?: environments?)?\)/gi

const ASSURANCE_ASK = /^\s*what (?:assurances?|guarantees?|comfort|confirmation) (?:can|could|do|will|would) you (?:give|provide|offer)(?: us)? that\s+/i
/** "Upload the configuration showing that…", "Attach evidence that…": the claim the evidence is to show. */
const EVIDENCE_ASK = /^\s*(?:please\s+)?(?:upload|attach|provide|share|send|supply|submit)(?: us)?(?: with)? (?:the |a |an |any |some )?(?:configuration|config|evidence|screenshots?|exports?|proof|documentation|artefacts?|artifacts?)(?: \([^()]*\))? (?:(?:showing|that shows|which shows|demonstrating|proving|confirming|to show|to demonstrate)(?: that)?|that)\s+(?=\S)/i
/** "…, and upload a screenshot of the Networking blade.": the evidence asked beside the question. */
const EVIDENCE_TAIL = /,?\s+(?:and|&)\s+(?:please\s+)?(?:upload|attach|provide|include|share|send|supply)\s+(?:us\s+)?(?:with\s+)?(?:a |an |the |any )?(?:screenshots?|exports?|evidence|proof|copy|copies|configuration|config)\b[^?]*?(?=[.?]?\s*$)/i
/** "How do you ensure that…?", "What mechanism ensures…?": the safeguard asked after, which a setting shows or not. */
const ENSURE_ASK = /^\s*(?:how (?:do|does|can|will) (?:you|the (?:provider|supplier|vendor|service|platform)) (?:ensure|make sure|guarantee)|how is it (?:ensured|guaranteed)|what (?:technical )?(?:mechanisms?|controls?|safeguards?|measures?|settings?|configuration) (?:ensures?|guarantees?|makes? sure))(?: that)?\s+(?=\S)/i
/** "What mechanism actively blocks web attacks at the gateway?": whether there is one. */
const MECHANISM_ASK = /^\s*what (?:technical )?(?:mechanisms?|controls?|safeguards?|measures?) ((?:actively |automatically |technically )?(?:blocks?|prevents?|stops?|rejects?|refuses?|enforces?|protects?|restricts?|denies|deny|keeps?|encrypts?|rotates?)\b)/i

/** "To the best of your knowledge, and without wishing to trouble you unduly, are…?": courtesy before the ask. */
const COURTESY_LEAD = /^\s*(?:(?:i hope this (?:message|email|note) finds you well|to the best of your knowledge|as far as you (?:know|are aware)|if (?:at all )?possible|if you (?:don't|do not) mind|without wishing to (?:trouble|bother|burden) you(?: unduly)?|for completeness|for the avoidance of doubt|with thanks in advance)[\s,.;!]*(?:(?:and|but)\s+)?)+(?=\S)/i

/**
 * "We don't want to bring our own keys; we only need to know about your side: do the keys in your Key Vault
 * rotate…?": what the buyer says of itself before a colon is not asked, but the services it names are what is
 * asked of ("We know you don't use Redis, so just for your Service Bus namespaces: …").
 */
const BUYER_LEAD = /^\s*(?:we|i|our|my)\b[^?:]{0,240}:\s+(?=(?:do|does|is|are|can|could|will|would|has|have|how|what|which|please)\b)/i

/** The services a text is read of, said before it: "For the Azure SQL and PostgreSQL: …". */
function forServices(services: readonly string[], text: string): string {
  return `For the ${services.join(' and ')}: ${text}`
}

/** "…, where applicable?", "…, if any exist?", "(as appropriate)": a hedge that asks nothing of its own. */
const HEDGE = /\s*,?\s*\(?\b(?:(?:where|if|when) (?:applicable|relevant|appropriate|needed|necessary|required|possible)|as (?:applicable|relevant|appropriate|needed|necessary|required))\b\)?|\s*,\s*if (?:any|there are any)(?: (?:exists?|are (?:used|present|deployed)))?(?=\s*[?.]?\s*$)/gi
/** "…your Azure SQL servers, which hold customer PII, reachable…?": what the data is, said in passing. */
const DATA_HELD = /,\s*(?:which|that|where) (?:hold|holds|store|stores|contain|contains|process|processes|host|hosts|keep|keeps|carry|carries)\b[^,?]{1,60},/gi

/** Leads before the ask, at the start of the cell or of a sentence, dropped; the ask after starts a sentence. */
/** "Not laptops or Microsoft 365 mail: what is the restore window…?": what the buyer says is not asked, before it asks. */
const NOT_LEAD = /^\s*(?:not|excluding|leaving out|never mind)\s+[^:?]{1,80}:\s*(\S)/i
const LEADS_DROPPED = [LEFT_ASIDE, CONTEXT_LEAD, PURPOSE_LEAD, NOT_LEAD]

/** Full-width letters and digits (as some CJK keyboards type "TLS 1.2") as plain ones, and no zero-width spaces. */
function compatible(text: string): string {
  return text.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
}

/**
 * "Because TDE is on, are your SQL backups encrypted too?", "Given the WAF in front of the app, is it safe from SQL
 * injection?": a premise, then what the buyer takes to follow from it. Not "Since last year, …", a time.
 */
const PREMISE_LEAD = /^\s*(?:because|since|given|now that|seeing that)\s+(?!(?:last|the last|then|when|(?:19|20)\d\d)\b)([^,?]{3,140}),\s*(?=(?:is|are|does|do|can|could|will|would|has|have|was|were)\b)/i

/**
 * What a tender row says after the ask about answering it: "Response: Yes/No.", "Scoring: a 'No' fails the
 * Mandatory gate.", "Non-compliance is disqualifying.", "Desirable – 3 marks.", "Free text.".
 */
const RESPONSE_NOTE = /^(?:(?:response|answer|declaration|scoring|score|weighting|weight|marks?|format|response format)\s*[:–—-]|(?:yes\s*\/\s*no|y\s*\/\s*n)\b|free text\b|for information only\b|not scored\b|(?:non-?compliance|a non-?compliant (?:answer|response)) (?:is|will be)\b|(?:desirable|mandatory|optional)\s*[–—:-]|a ['‘"“]?(?:yes|no)['’"”]? (?:must|scores?|fails?|will|answer)\b|answer (?:yes\s*\/\s*no|yes or no)\b)/i

/**
 * A footnote marker or cross-reference in the cell ("(see note 4)", "[1]", "*see Appendix B", "(if N/A, explain)",
 * "(list all; see Appendix C)"), and a form's field label ("Evidence field:"): where to look, not what is asked.
 */
const CROSS_REFERENCE = /\s*\((?:see|refer to|cf\.?|ref\.?)\s[^()]{1,60}\)|\s*;\s*(?:see|refer to)\s+(?:note|appendix|annex|section|attachment|tab|sheet|question|row|table|schedule)\s*[\w.-]+(?=\))|\s*\[\d{1,2}\](?!\()|\s*\*\s*(?:see|refer to)\s[^.?]{1,60}|\s*\((?:if|where) (?:n\/a|na|not applicable|no|none)\b[^()]{0,40}\)|^\s*(?:evidence|response|data|input|form)\s+field\s*:\s*/gi

function withoutResponseNotes(text: string): string {
  const sentences = text.split(SENTENCE_END)
  let n = sentences.length
  while (n > 1 && RESPONSE_NOTE.test(sentences[n - 1]!.trim())) n--
  return n === sentences.length ? text : sentences.slice(0, n).join(' ').trim()
}

function asked(given: string): string {
  // "Name of your hosting provider (N/A if hosted on premises):": when to answer N/A is not what is asked.
  // "We attest that… Initial: ____": the signer's blank is not a value asked.
  // "…reachable from the public internet?\nAnswer: ____\nComments:": the response's own labels, after the ask.
  // "What assurance can you give that weekly backups are kept…?" asks for the yes, not a value.
  // "Leaving aside what customers configure in their own tenants, are your own…?", "In production (not
  // staging), are…?": what is set aside is not asked.
  const framed = withoutResponseNotes(given.replace(CROSS_REFERENCE, '')).replace(RESPONSE_LABELS, '').replace(PORTAL_STEP, (step) => (servicePhrases(step).length > 0 ? step : '')).replace(COURTESY_LEAD, '').replace(BUYER_LEAD, (lead) => { const named = servicePhrases(lead); return named.length > 0 ? forServices(named, '') : '' }).replace(ASSURANCE_ASK, 'Confirm that ').replace(ENSURE_ASK, 'Confirm that ').replace(EVIDENCE_ASK, 'Confirm that ').replace(EVIDENCE_TAIL, '').replace(MECHANISM_ASK, 'Is there a mechanism that $1')
  const text = LEADS_DROPPED.reduce((t, lead) => t.replace(lead, (_m, first: string) => first.toUpperCase()), framed).replace(NOT_NONPRODUCTION, ' ').replace(HEDGE, '').replace(DATA_HELD, '').replace(/\s*\b(?:initials?|signature|signed|sign here|signatory|date)\s*:\s*_{2,}/gi, ' ').replace(/\s*\((?:n\/a|na|not applicable)\b[^()]*\)/gi, ' ').replace(/[\s,;.-]*\b(?:n\/a|na) if (?:not applicable|not used|none)\b[^?]*$/i, '').trim() || given
  // "Container Apps never accept plain HTTP ingress.  True / False / N/A": the statement, with its yes and no by
  // other names after it.
  // "SC-28: TDE is enabled for every database. Implementation status: Implemented / Partially implemented / Planned"
  // likewise: a control statement, with the states of its implementation to pick from.
  // "…held in Azure Key Vault. (1 = strongly disagree, 5 = strongly agree)" likewise, with a scale to rate it on.
  const stated = text.replace(TRAILING_YES_NO, '').replace(TRAILING_STATUS, '').replace(TRAILING_SCALE, '').trim()
  if (stated !== text && analyse(stated).length >= 3) return stated
  const options = answerOptions(text)
  if (!options) return text
  // "Which of the following: TLS 1.2 / TLS 1.3 / both": a stem that names nothing leaves the options to say what.
  if (analyse(options.stem).length < 2) return options.yesNo ? text : `${text.replace(/[\s?]+$/, '')} ____`
  return options.yesNo ? `${options.stem.replace(/[\s:?]+$/, '')}?` : `${options.stem.replace(/[\s:?]+$/, '')}: ____`
}

/** How close two entries' confidences are to count as tied, for the subject tie-break. */
const TIE_MARGIN = 0.05
/** How far behind an entry about the databases may be and still lead the entry about every service, for the databases' part of a question. */
const SERVICE_MARGIN = 0.1
/** The services that hold the data; Key Vault holds keys for them, so naming it says where, not what. */
const DATA_STORES = new Set(['microsoft.sql', 'microsoft.dbforpostgresql', 'microsoft.documentdb', 'microsoft.storage', 'microsoft.servicebus'])

/** The services a reference's checks read, and those plus the ones its own words name. */
interface Families {
  read: Set<string>
  named: Set<string>
}

/** Defender for Cloud plans (the pricings' names) and the services each protects. */
const PLAN_FAMILIES: Record<string, string> = {
  SqlServers: 'microsoft.sql',
  OpenSourceRelationalDatabases: 'microsoft.dbforpostgresql',
  CosmosDbs: 'microsoft.documentdb',
  StorageAccounts: 'microsoft.storage',
  KeyVaults: 'microsoft.keyvault',
  AppServices: 'microsoft.web',
}

/**
 * The services a check's Defender plans protect, from the plans its findings read ("pricings/KeyVaults…"),
 * or undefined for a check that reads no plans (or whose plans could not be read: then nothing is assumed).
 */
function plansRead(checkId: string, results: Results): string[] | undefined {
  const plans = pricingsRead([checkId], results)
  if (plans.size === 0) return undefined
  return [...plans].flatMap((p) => (PLAN_FAMILIES[p] ? [PLAN_FAMILIES[p]] : []))
}

/** The Defender plans (pricings' names) the checks' findings read, from their observed keys ("pricings/KeyVaults…"). */
function pricingsRead(checks: readonly string[], results: Results): Set<string> {
  const plans = new Set<string>()
  for (const f of results.findings) {
    if (!checks.includes(f.checkId) || f.observed === null || typeof f.observed !== 'object') continue
    for (const k of Object.keys(f.observed)) {
      const m = /^pricings\/([A-Za-z]+)\./.exec(k)
      if (m) plans.add(m[1]!)
    }
  }
  return plans
}

/** A Defender for Cloud plan as a question names it ("Defender for Servers"), and its pricing's name. */
const PLANS_ASKED: Array<[RegExp, string, string]> = [
  [/\bdefender for (?:sql servers? on machines|sql on (?:virtual )?machines)\b/i, 'SqlServerVirtualMachines', 'SQL servers on machines'],
  [/\bdefender for (?:servers?|virtual machines?|vms?)\b|\bservers plan\b|\bservers \(plan [12]\)/i, 'VirtualMachines', 'Servers'],
  [/\bdefender for (?:azure )?(?:resource manager|arm)\b/i, 'Arm', 'Resource Manager'],
  [/\bdefender for (?:azure )?dns\b/i, 'Dns', 'DNS'],
  [/\bdefender for apis?\b/i, 'Api', 'APIs'],
  [/\bdefender cspm\b|\bdefender for cloud security posture\b/i, 'CloudPosture', 'CSPM'],
  [/\bdefender for containers?\b/i, 'Containers', 'Containers'],
  [/\bdefender for (?:azure )?app services?\b/i, 'AppServices', 'App Service'],
  [/\bdefender for (?:azure )?sql(?! servers? on machines| on (?:virtual )?machines)\b/i, 'SqlServers', 'Azure SQL'],
  [/\bdefender for (?:azure )?storage\b/i, 'StorageAccounts', 'Storage'],
  [/\bdefender for (?:azure )?key ?vaults?\b/i, 'KeyVaults', 'Key Vault'],
  [/\bdefender for (?:azure )?cosmos\b/i, 'CosmosDbs', 'Cosmos DB'],
  [/\bdefender for (?:open[- ]source relational|(?:azure )?(?:database for )?(?:postgres(?:ql)?|mysql|mariadb))\b/i, 'OpenSourceRelationalDatabases', 'open-source relational databases'],
]

/**
 * The plans a question names ("Defender for SQL"), and the plans the checks' findings read; null: it names none.
 * Asked of checks that read plans, a service named is its plan's ("threat protection for Key Vault"), and "your
 * databases" or "data services" are the plans of every database service the results hold.
 */
function plansNamed(question: string, checks: readonly string[], results: Results): { asked: typeof PLANS_ASKED; read: Set<string> } | null {
  const asked = PLANS_ASKED.filter(([re]) => re.test(question))
  const read = pricingsRead(checks, results)
  if (read.size > 0 && asked.length === 0) {
    const text = withoutExcepted(question)
    const families = namedFamilies(text)
    const excepted = namedFamilies(exceptedIn(question))
    const generic = /\bdata (?:services|stores)\b/i.test(text)
    if (generic || asksEveryDatabase(text, [...families])) {
      // Those set aside ("Apart from Cosmos DB") are not asked; a service named only in the exception is not either.
      for (const ns of databasesHeld(results).keys()) if (!excepted.has(ns) || families.has(ns)) families.add(ns)
      if (generic) families.add('microsoft.storage')
    }
    for (const [plan, ns] of Object.entries(PLAN_FAMILIES)) {
      if (!families.has(ns)) continue
      const known = PLANS_ASKED.find(([, p]) => p === plan)
      if (known && !asked.includes(known)) asked.push(known)
    }
  }
  return asked.length === 0 ? null : { asked, read }
}

/** The plans a question names when the checks' findings read every one: their pricings' names and how a reader calls them. */
function plansAsked(question: string, checks: readonly string[], results: Results): { plans: string[]; names: string } | null {
  const named = plansNamed(question, checks, results)
  if (!named || !named.asked.every(([, plan]) => named.read.has(plan))) return null
  return { plans: named.asked.map(([, plan]) => plan), names: listWords(named.asked.map(([, , name]) => `Defender for ${name}`)) }
}

/**
 * "Is Defender for Servers on?": the plans a question names that the checks' findings do not read (the
 * check reads only the plans it is configured for). Null: it names none, or the checks read no plans.
 */
function plansUnread(question: string, checks: readonly string[], results: Results): string | null {
  const named = plansNamed(question, checks, results)
  if (!named || named.read.size === 0) return null
  const unread = named.asked.filter(([, plan]) => !named.read.has(plan)).map(([, , name]) => `Defender for ${name}`)
  return unread.length > 0 ? listWords(unread) : null
}

/** The database services, by the namespace their checks read. */
const DATABASES = ['microsoft.sql', 'microsoft.dbforpostgresql', 'microsoft.documentdb']
/** The databases as a whole, asked beside other services ("storage accounts, databases and key vaults"). */
const ANY_DATABASE = 'databases'
/** A question about the databases as a whole: "are your databases…", "any DB", "database servers". */
const EVERY_DATABASE = /\b(?:databases?|dbs?|database servers?)\b/i

/** Whether a text asks of the databases as a whole beside the services it names, none of them a database ("…your storage, databases and key vaults?"). */
function asksEveryDatabase(text: string, families: string[]): boolean {
  return !families.some((ns) => DATABASES.includes(ns)) && EVERY_DATABASE.test(withoutOtherServices(text, ANY_DATABASE, families))
}

const HELD = new WeakMap<Results, Map<string, Set<string>>>()

/** The database services the results hold, each with its resources (a SQL database counted as its server), once per results. */
function databasesHeld(results: Results): Map<string, Set<string>> {
  let held = HELD.get(results)
  if (held) return held
  HELD.set(results, (held = new Map()))
  for (const f of results.findings) {
    const ns = familyOf(f.resourceType)
    if (ns === undefined || !DATABASES.includes(ns)) continue
    held.set(ns, (held.get(ns) ?? new Set()).add(f.resourceId.replace(/\/databases\/[^/]+$/i, '')))
  }
  return held
}

/** What a question about every database rests on beyond the entry's checks. */
interface DatabaseScope {
  /** The database services the results hold that nothing of the entry reads, with how many resources. */
  unread: string | null
  /** The entry's sentences for the services on which the safeguard is the platform's own (`platform`). */
  platform: string[]
}

/**
 * "Are all databases closed to the internet?" answered from the Azure SQL servers' and Cosmos DB accounts'
 * checks while the estate also holds PostgreSQL servers that no check of the entry reads: a yes would speak
 * for servers nobody looked at. Null when the question names its databases, or is not about databases.
 */
function databaseScope(question: string, e: LibraryEntry, results: Results): DatabaseScope | null {
  const text = withoutExcepted(question)
  if (!EVERY_DATABASE.test(text) || e.checks.length === 0) return null
  const family = familiesOf(results)
  const read = new Set(e.checks.map((c) => family.get(c)))
  // Only an entry about databases: one whose checks read a database service and nothing but data stores.
  if (![...read].some((f) => f !== undefined && DATABASES.includes(f)) || [...read].some((f) => f === undefined || !DATA_STORES.has(f))) return null
  if (DATABASES.some((f) => namedFamilies(text).has(f))) return null
  const held = [...databasesHeld(results)].filter(([ns]) => !read.has(ns))
  const unread = held.filter(([ns]) => e.platform[ns] === undefined)
  return {
    unread: unread.length > 0 ? unread.map(([ns, ids]) => `${serviceName(ns)} (${ids.size} resource${ids.size === 1 ? '' : 's'} in the results)`).join(' and ') : null,
    platform: held.flatMap(([ns]) => (e.platform[ns] === undefined ? [] : [e.platform[ns]!])),
  }
}

/** How a service family is named to a reader. */
const SERVICE_NAMES: Record<string, string> = {
  'microsoft.sql': 'Azure SQL', 'microsoft.dbforpostgresql': 'PostgreSQL', 'microsoft.documentdb': 'Cosmos DB', 'microsoft.servicebus': 'Service Bus',
  'microsoft.keyvault': 'Key Vault', 'microsoft.storage': 'Storage', 'microsoft.cdn': 'Front Door', 'microsoft.web': 'web and function apps',
  'microsoft.app': 'container apps', 'microsoft.network/applicationgateways': 'the application gateway', [ANY_DATABASE]: 'the databases',
}
function serviceName(ns: string): string {
  return SERVICE_NAMES[ns] ?? ns
}

/**
 * The services a question asks about among those it names: Key Vault beside a data store, in a question about
 * keys or encryption, says where the key is ("SQL encrypted with a key from Key Vault?"); in any other it is
 * asked too ("key vaults and storage accounts locked down?").
 */
function servicesAsked(named: Set<string>, text: string): string[] {
  const all = [...named]
  const whereTheKeyIs = all.some((f) => DATA_STORES.has(f)) && /\b(?:keys?|cmk|byok|encrypt\w*|tde|protector)\b/i.test(text.replace(/\bkey[\s-]?vaults?\b/gi, ' '))
  return all.filter((ns) => ns !== 'microsoft.keyvault' || !whereTheKeyIs)
}

/** A later part this short ("2) How often?") is read with the part before it. */
const FRAGMENT_WORDS = 5
/** The asking words of a part, left out when its words are lent to the next. */
const ASKING_WORDS = new Set(['is', 'are', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'has', 'have', 'which', 'what', 'how', 'who', 'where', 'when', 'in', 'on', 'of', 'the', 'your', 'you', 'a', 'an'])
/** A later part's words pointing back at the services an earlier one named. */
const PRONOUN = /\b(?:they|them|their|theirs|it|its|these|those|each|any|both)\b/i

/** Services joined in one ask ("both the SQL servers and the PostgreSQL servers", "X as well as Y"). */
// "…your databases (SQL, PostgreSQL, Cosmos DB)…": a list of services in brackets is joined by its commas.
const JOINED = /\b(?:and|both|as well as|together with|along with)\b|\([^()]*\w,\s*\w[^()]*\)/i

/** The weight kept by an entry whose evidence is about another service than the one the question names. */
const FAMILY_PENALTY = 0.5
/** An evidence entry this close, whose check the checks' own text ranks first at AGREE_CHECK_CONFIDENCE, answers (see agreement). */
const AGREE_ENTRY_CONFIDENCE = 0.33
const AGREE_CHECK_CONFIDENCE = 0.3
/** …and no entry about another subject (one not answered from that check) within this of it. */
const AGREE_MARGIN = 0.1

/** `now` decides which approvals have expired. */
export function buildMatcher(library: AnswerLibrary, results: Results, now: Date = new Date()): Matcher {
  const entries = new Map(library.entries.map((e) => [e.id, e]))
  const docs: Bm25Doc<Ref>[] = []
  for (const e of library.entries) {
    const ref: Ref = { kind: 'entry', id: e.id }
    for (const q of e.questions) docs.push({ ref, tokens: analyse(q) })
    docs.push({ ref, tokens: analyse(`${e.topic} ${e.keywords.join(' ')}`) })
  }
  const checkDocs: Bm25Doc<Ref>[] = results.checks.map((c) => ({ ref: { kind: 'check', id: c.id }, tokens: analyse(`${c.title}. ${c.description} ${c.id.replace(/-/g, ' ')}`) }))
  const controlDocs: Bm25Doc<Ref>[] = results.controls.map((c) => ({ ref: { kind: 'control', id: `${c.framework}:${c.controlId}` }, tokens: analyse(c.title) }))
  const index = new Bm25Index<Ref>([...docs, ...checkDocs, ...controlDocs])
  const entryOos = new Map(library.entries.map((e) => [e.id, outOfScopeTerms(`${entryText(e)} ${e.questions.join(' ')}`)]))
  // Polarity is a yes/no matter: "Which systems are exposed?" asks for a list, not whether exposure is good.
  const entryCues = new Map(library.entries.map((e) => [e.id, polarityCues(`${e.topic} ${e.keywords.join(' ')} ${e.questions.filter((x) => !asksForValue(x)).join(' ')}`)]))
  const entryProcess = new Map(library.entries.map((e) => [e.id, processCues(`${e.topic} ${e.keywords.join(' ')} ${e.questions.join(' ')}`)]))
  const entryRequires = new Map(library.entries.map((e) => [e.id, e.requires.map((t) => words(t).map(stem).join(' '))]))
  const entryService = new Map(library.entries.map((e) => [e.id, e.service.map((t) => words(t).map(stem).join(' '))]))
  // What each entry is about beyond the service it names: "reachable from any network" for the key vault
  // exposure entry, "rotation" for the rotation one. Two entries ranked alike are told apart by it.
  const GENERIC = new Set(analyse('key keys vault vaults account accounts database databases server servers resource resources enabled use used every all any access managed production prod live customer customers'))
  const entryConcept = new Map(library.entries.map((e) => {
    const service = new Set(analyse(e.service.join(' ')))
    return [e.id, new Set(analyse(`${e.topic} ${e.keywords.join(' ')}`).filter((t) => !service.has(t) && !GENERIC.has(t)))]
  }))
  // The words of every service's name: what is asked of services asked together is the rest.
  const serviceWords = new Set(analyse(serviceTerms().join(' ')))
  // The same from the entry's questions as well: what a question must speak of, beyond the service's name, for
  // that name to lift the entry above the others.
  // All of an entry's words but its service's name: an entry sharing none of them with a question matched on the name alone.
  const entryWords = new Map(library.entries.map((e) => {
    const service = new Set(analyse(e.service.join(' ')))
    return [e.id, new Set(analyse(`${e.topic} ${e.keywords.join(' ')} ${e.questions.join(' ')}`).filter((t) => !service.has(t)))]
  }))
  const entrySubject = new Map([...entryWords].map(([id, ws]) => [id, new Set([...ws].filter((t) => !GENERIC.has(t)))]))
  // The services each check is about, as the entries about one service name them ("message queue" for Service Bus).
  const checkService = new Map<string, Set<string>>()
  for (const e of library.entries) for (const c of e.checks) for (const t of entryService.get(e.id)!) checkService.set(c, (checkService.get(c) ?? new Set()).add(t))
  /** Citations with the checks of the services the question names first: the evidence it asks about leads. */
  const namedFirst = (text: string, citations: string[]): string[] => {
    const qStems = ` ${words(text).map(stem).join(' ')} `
    const named = (c: string): boolean => [...(checkService.get(c) ?? [])].some((t) => qStems.includes(` ${t} `))
    const first = citations.filter(named)
    return first.length === 0 ? citations : [...first, ...citations.filter((c) => !named(c))]
  }
  // The services an entry's (or a check's) evidence is about, when every one is a service a question can name:
  // "Are PostgreSQL backups kept 35 days?" is not answered from Azure SQL's restore window. An entry is also
  // about the services its own words name (customer-managed keys: the SQL server's protector, in Key Vault),
  // but a data store the question names must be one its checks read: "PostgreSQL encrypted with a
  // customer-managed key from Key Vault?" is not answered from the SQL servers' protector.
  // A check read at the subscription (Defender's plans) is about the services its plans protect, as the
  // results name them: "Defender for Key Vault?" is answered from it, "Defender for Cosmos DB?" is not while
  // no Cosmos DB plan is read.
  const familyOfCheck = new Map(results.checks.map((c) => [c.id, familyOf(c.resourceType) ?? plansRead(c.id, results)]))
  const familiesOf = (checks: string[], text: string): Families | null => {
    // Checks of no one service (a workspace's retention, every resource's region) say nothing of which: the
    // others do ("logged centrally" from the SQL servers' and the vaults' audit logs is not Front Door's logs).
    const ns = checks.flatMap((c) => familyOfCheck.get(c) ?? [])
    if (ns.length === 0) return null
    const read = new Set(ns)
    return { read, named: new Set([...read, ...namedFamilies(text)]) }
  }
  const beside = (own: Families, asked: Set<string>): boolean => {
    if ([...asked].some((ns) => own.read.has(ns))) return false
    if ([...asked].some((ns) => DATA_STORES.has(ns))) return true
    return ![...asked].some((ns) => own.named.has(ns))
  }
  const refFamilies = new Map<string, Families | null>([
    ...library.entries.map((e) => [`entry:${e.id}`, familiesOf(e.checks, `${entryText(e)} ${e.questions.join(' ')}`)] as const),
    ...results.checks.map((c) => [`check:${c.id}`, familiesOf([c.id], `${c.title}. ${c.description}`)] as const),
  ])
  const entryExclude = new Map(library.entries.map((e) => [e.id, e.exclude.map((t) => ` ${words(t).join(' ')} `)]))
  // An entry's phrases of two words or more ("geographically diverse", "web application firewall"): a question
  // that says one of them is about that entry's intent, however few of its other words match.
  // A service's name ("cosmos db", "key vault") is not such a phrase: it says which service, not what about it.
  const entryPhrases = new Map(library.entries.map((e) => {
    const names = new Set(e.service.map((t) => words(t).join(' ')))
    return [e.id, e.keywords.map((k) => words(k)).filter((w) => w.length >= 2 && !names.has(w.join(' ')) && !isServiceName(w.join(' '))).map((w) => ` ${w.join(' ')} `)]
  }))

  /**
   * The best entry read from the estate (checks, the scan, a provider report) above its bar, if any: today's
   * evidence outranks last year's approved answer. An attestation-only entry does not: a person's approved
   * answer is as good a source for a process as a missing attestation.
   */
  const evidenceFor = (ranked: Scored<string>[], bar: (e: LibraryEntry) => number): Scored<string> | undefined =>
    ranked.find((s) => {
      const e = entries.get(s.ref)!
      return !approvedOnly(e) && (e.checks.length > 0 || e.inherited.length > 0 || e.scanned) && s.confidence >= bar(e)
    })

  /**
   * Whether an entry may answer a question read this way: "Exposed to the internet?" asks the opposite of
   * "closed to the internet?", so a yes must never answer the other one.
   * - A question whose own words say safeguard or hazard (`polarity`) takes only entries of that polarity.
   * - A negative entry needs one of the question's cue words ("open to … in any network" shares "open to" with
   *   "Is SSH open to the internet?"); without cue words, one read from checks needs a question that reads
   *   negative, or "Are keys rotated?" could get the "No" of "keys never rotated". A fixed position ("we hold no
   *   card data") states its own answer and is not read from checks.
   *   A question that reads negative takes a negative entry whatever its cue words ("still use shared access
   *   signatures").
   * - Any other entry must use every cue word the question uses.
   */
  const polarityFits = (e: LibraryEntry, polarity: 'positive' | 'negative' | null, cues: string[]): boolean => {
    if (polarity !== null && e.negative !== (polarity === 'negative')) return false
    const own = entryCues.get(e.id)!
    if (!e.negative) return cues.every((c) => own.includes(c))
    if (polarity === 'negative') return true
    if (cues.length > 0) return cues.some((c) => own.includes(c))
    return e.checks.length === 0
  }

  const rankText = (given: string, whole: string): Ranked => {
    // "TLS 1.2 on all externally reachable services?": which services, not whether they are reachable.
    const text = withoutExposedScope(given)
    const hits = index.search(analyse(text), 60)
    // "…shared keys, like a password, to get in": a likeness is not what is asked.
    const oos = outOfScopeTerms(withoutBuyerContext(whole).replace(/,?\s*\b(?:just )?like an? (?:password|key|lock|door|padlock)s?\b,?/gi, ' '))
    const best = new Map<string, Scored<string>>()
    const out = { entries: [] as Scored<string>[], checks: [] as Scored<string>[], controls: [] as Scored<string>[] }
    // What is named in passing as the other side (", not Locally-redundant") does not exclude an entry, nor does
    // "Geo-zone-redundant" read as zone redundancy.
    const qWords = ` ${words(withoutContrast(whole)).join(' ')} `.replace(/ geo zone redundant /g, ' geo redundant ')
    // The services a question sets aside ("Except for Cosmos DB, …") are not the ones it asks about.
    const qStems = ` ${words(withoutExcepted(whole)).map(stem).join(' ')} `
    const value = asksForValue(whole)
    // "How many namespaces still accept SAS keys?" asks for a number, and which way it counts still matters.
    const counting = value && countAsked(whole) !== null
    const polarity = value && !counting ? null : questionPolarity(text)
    // "Public endpoints – storage": a row naming a hazard, asking neither way; no entry read from checks answers it.
    // One whose own words say the bad state ("SSH/RDP open to Internet") states it, and its "No" is plain.
    const eitherWay = !value && polarity === null && hazardRow(whole)
    // A question that says a safeguard holds ("isolated from the internet", "the only component exposed") is
    // positive whatever cue words it uses; one that asks whether the bad state exists is negative.
    const cues = (value && !counting) || polarity === 'positive' ? [] : polarityCues(text)
    const process = processCues(text)
    const families = namedFamilies(whole)
    const asidePut = setsAside(whole)
    const joined = JOINED.test(whole) ? servicesAsked(families, whole) : []
    const asked = new Set(analyse(withoutExcepted(whole)))
    for (const h of hits) {
      if (h.ref.kind === 'entry' && entryExclude.get(h.ref.id)!.some((t) => qWords.includes(t))) continue
      const needs = h.ref.kind === 'entry' ? entryRequires.get(h.ref.id)! : []
      if (needs.length > 0 && !needs.some((t) => qStems.includes(` ${t} `))) continue
      const service = h.ref.kind === 'entry' ? entryService.get(h.ref.id)! : []
      if (service.length > 0 && !service.some((t) => qStems.includes(` ${t} `))) continue
      if (h.ref.kind === 'entry' && !value && entries.get(h.ref.id)!.valueOnly) continue
      if (h.ref.kind === 'entry' && entries.get(h.ref.id)!.setsAside && !asidePut) continue
      // "Besides the API, is anything open?" sets the gateway aside: the yes that admits it does not answer.
      if (h.ref.kind === 'entry' && entries.get(h.ref.id)!.admits && asidePut) continue
      if (h.ref.kind === 'entry' && !polarityFits(entries.get(h.ref.id)!, polarity, cues)) continue
      if (h.ref.kind === 'entry' && eitherWay && entries.get(h.ref.id)!.checks.length > 0) continue
      const key = `${h.ref.kind}:${h.ref.id}`
      let conf = confidenceOf(h)
      if (h.ref.kind === 'entry' && entryPhrases.get(h.ref.id)!.some((p) => qWords.includes(p))) conf = Math.max(conf, PHRASE_CONFIDENCE)
      // The question names the service this entry is about: it outranks the entries about every service, if it
      // also speaks of the entry's subject ("continuous backup on the Cosmos DB accounts" names Cosmos DB, and
      // nothing of its network, keys or TLS).
      if (service.length > 0 && [...entrySubject.get(h.ref.id)!].some((t) => asked.has(t))) conf = Math.min(1, conf + SERVICE_BOOST)
      // One that shares nothing with the question but the service's name is about another side of that service
      // ("Threat protection is not enabled for Key Vault" is not the key vault's network): half its weight.
      else if (service.length > 0 && ![...entryWords.get(h.ref.id)!].some((t) => asked.has(t))) conf *= FAMILY_PENALTY
      if (oos.length > 0) {
        // Offices, laptops, people…: our evidence is the cloud estate. Only an entry that names the term keeps its weight.
        const own = h.ref.kind === 'entry' ? entryOos.get(h.ref.id)! : []
        if (!oos.every((t) => own.includes(t))) conf *= 0.5
        // A reason, a promise to tell the buyer, what the provider itself does: no setting answers these at all.
        if (oos.some((t) => UNSETTLED_BY_SETTINGS.has(t) && !own.includes(t))) conf *= 0.5
      }
      const own = refFamilies.get(`${h.ref.kind}:${h.ref.id}`)
      if (families.size > 0 && own && beside(own, families)) conf *= FAMILY_PENALTY
      // "Do the Function apps and the Front Door profile both enforce TLS 1.2?": evidence for one of the services
      // joined is not evidence for both. Key Vault beside a data store says where the key is, as above.
      else if (joined.length > 1 && own && joined.some((ns) => !own.read.has(ns) && !own.named.has(ns))) conf *= FAMILY_PENALTY
      if (h.ref.kind === 'entry' && process.length > 0) {
        // "Is key rotation documented and tested?": a passing setting does not show the process around it,
        // so an evidence-only entry that does not speak of it loses weight.
        const e = entries.get(h.ref.id)!
        if (e.attestations.length === 0 && !e.answer && !process.every((c) => entryProcess.get(h.ref.id)!.includes(c))) conf *= 0.5
      }
      const prev = best.get(key)
      if (!prev || prev.confidence < conf) best.set(key, { ref: h.ref.id, confidence: conf, related: Math.max(prev?.related ?? 0, confidenceOf(h)) })
    }
    for (const [key, s] of best) {
      if (key.startsWith('entry:')) out.entries.push(s)
      else if (key.startsWith('check:')) out.checks.push(s)
      else out.controls.push(s)
    }
    for (const l of [out.entries, out.checks, out.controls]) l.sort((a, b) => b.confidence - a.confidence || a.ref.localeCompare(b.ref))
    // Nearly tied entries ("vaults" matching the exposure entry as well as the rotation one): when the top one
    // matched on its service's words alone, a tied one whose own subject the question speaks of leads.
    const top = out.entries[0]
    if (top) {
      const concept = (ref: string): number => [...entryConcept.get(ref)!].filter((t) => asked.has(t)).length
      const lead = concept(top.ref) > 0 ? undefined : out.entries.find((s) => s !== top && s.confidence >= top.confidence - TIE_MARGIN && concept(s.ref) > 0)
      if (lead) out.entries = [lead, ...out.entries.filter((s) => s !== lead)]
      // A question asking for a value, read as well by an entry that has none as by one that has one: the one
      // that can answer it leads ("how many days do you keep the logs in Log Analytics?").
      const first = out.entries[0]!
      // Both read from checks: a process entry ("data deleted after the contract ends") is not displaced by a
      // restore window that happens to have a value.
      const fromChecks = (ref: string): boolean => entries.get(ref)!.checks.length > 0
      const valued = value && !entries.get(first.ref)!.value && fromChecks(first.ref) ? out.entries.find((s) => s !== first && s.confidence >= first.confidence - TIE_MARGIN && entries.get(s.ref)!.value && fromChecks(s.ref)) : undefined
      // One with a value that reads part of the same evidence ("how many days do logs stay in the workspace?",
      // read by central logging and by log retention) answers it, where the one without can only send it on.
      const narrower = value && !valued && !entries.get(first.ref)!.value && fromChecks(first.ref)
        ? out.entries.find((s) => s !== first && s.confidence >= ACCEPT_CONFIDENCE && entries.get(s.ref)!.value && fromChecks(s.ref) && entries.get(s.ref)!.checks.every((c) => entries.get(first.ref)!.checks.includes(c)))
        : undefined
      if (valued ?? narrower) out.entries = [(valued ?? narrower)!, ...out.entries.filter((s) => s !== (valued ?? narrower))]
    }
    return out
  }

  const rank = (q: Question): Ranked => rankText(focusText(q.text), q.text)
  const badChecks = new Set(results.findings.filter((f) => f.status === 'fail' || f.status === 'error').map((f) => f.checkId))
  const controlsByRef = new Map(results.controls.map((c) => [`${c.framework}:${c.controlId}`, c]))

  /**
   * A favourable answer (or a value) must not assert what a failing control denies. Every control that
   * speaks to the same thing is looked at: one whose title the question matches closely, and the trust
   * claims its entry states. A broad claim that merely contains the answer's checks is not enough: "only
   * the gateway is public" failing on an open SSH port does not deny "databases refuse public traffic".
   */
  const guard = (a: DecidedAnswer, r: Ranked, claims: string[]): DecidedAnswer => {
    const e = a.entryId ? entries.get(a.entryId)! : null
    // Whether TLS 1.2 itself is accepted is not what an entry about older versions answers, either way.
    const floor = e && (a.answer === 'yes' || a.answer === 'no') ? tlsFloorAsked(a.question, e, results) : null
    if (!floor && !favourable(a.answer, a.negative)) return a
    // A value states its own duration; a yes or no, or a count ("2 of 2 keys"), must reach the one asked. None
    // claims a TLS version the checks do not require.
    const short = floor ?? (e ? (a.answer === 'text' && countAsked(a.question) === null ? null : durationShortfall(a.question, e, results) ?? regionShortfall(a.question, e, results)) ?? tlsShortfall(a.question, e, results) ?? privateOnlyShortfall(a.question, a.citations) : null)
    if (short) {
      return forPerson(a, `Not answered automatically: the question asks for ${short.asked}, and the evidence shows ${short.shown}. A person should review it.`,
        `the question asks for ${short.asked}; the checks hold the estate to ${short.shown}, which does not show it (the evidence alone would answer ${a.answer}: ${a.namedRationale})`)
    }
    const denied = new Map<string, ControlResult>()
    // A value that states its own shortfall is not denied by a control failing for that very shortfall; one
    // failing for anything else (another check, a missing attestation) still denies it.
    const stated = (c: ControlResult): boolean => {
      if (!a.statedShortfall) return false
      const failing = c.checkIds.filter((id) => badChecks.has(id))
      return failing.length > 0 && failing.every((id) => a.statedShortfall!.includes(id)) && c.status === 'fail'
    }
    for (const s of r.controls) {
      const c = controlsByRef.get(s.ref)
      if (s.confidence >= ACCEPT_CONFIDENCE && c && notHolding(c) && !stated(c)) denied.set(s.ref, c)
    }
    for (const c of results.controls) {
      if (c.framework === TRUST_CLAIMS && notHolding(c) && claims.includes(c.controlId) && !stated(c)) denied.set(`${c.framework}:${c.controlId}`, c)
    }
    if (denied.size === 0) return a
    const refs = [...denied.keys()]
    const which = [...denied.values()].map(describeControl).join('; ')
    const rationale = `Not answered automatically: ${refs.length === 1 ? 'a related control' : 'related controls'} (${refs.join(', ')}) ${refs.length === 1 ? 'does' : 'do'} not hold in the current results. A person should review it.`
    return forPerson(a, rationale, `${which}; ${wouldAnswer(a)}`, [...new Set([...a.citations, ...refs])])
  }

  /**
   * A process entry (no checks) that could not be answered, for want of an attestation: the checks of the
   * nearest entry that has some are cited for the reviewer ("…protected and retained 12 months?" names the
   * log-retention check), the answer staying `unknown`.
   */
  const withRelatedChecks = (a: DecidedAnswer, e: LibraryEntry, r: Ranked): DecidedAnswer => {
    if (a.answer !== 'unknown' || e.checks.length > 0) return a
    const near = r.entries.find((s) => s.ref !== e.id && s.confidence >= SUGGEST_CONFIDENCE && entries.get(s.ref)!.checks.length > 0)
    if (!near) return a
    const checks = entries.get(near.ref)!.checks
    return { ...a, citations: [...new Set([...checks, ...a.citations])], review: `${a.review ?? ''}; possibly related: ${checks.join(', ')}`.replace(/^; /, '') }
  }

  /**
   * Two independent readings that agree: the question's words found an evidence entry, not closely enough
   * alone, and the same words ranked first, on the checks' own titles and descriptions, a check that entry is
   * answered from. "Provide evidence that weekly full database backups are kept under a long-term retention
   * policy" finds the long-term-retention entry at 0.36 and the weekly LTR check at 0.51. Each reading alone
   * is weak; together they are the question's subject. Only an entry read from checks (never a fixed position
   * or a past answer), clearly ahead of the next entry unless that one is answered from the same check, and
   * the answer stays flagged for review (its confidence is kept under REVIEW_CONFIDENCE).
   */
  const agreement = (r: Ranked): Scored<string> | undefined => {
    const check = r.checks[0]
    const first = r.entries[0]
    if (!first || !check) return undefined
    // Of entries tied at the top ("SQL DB TDE on": databases encrypted at rest and customer-managed keys, both
    // 0.42), the one answered from the check the words pick out.
    const top = r.entries.find((s) => s.confidence >= first.confidence - TIE_MARGIN && entries.get(s.ref)!.checks.includes(check.ref)) ?? first
    if (top.confidence < AGREE_ENTRY_CONFIDENCE || check.confidence < AGREE_CHECK_CONFIDENCE) return undefined
    const e = entries.get(top.ref)!
    if (e.answer || approvedOnly(e) || !e.checks.includes(check.ref)) return undefined
    // Another subject read almost as well ("VM / managed disks encrypted at rest? (… with CMK)" reads as backup
    // encryption at 0.50 and as customer-managed keys at 0.44): the words do not settle which one is asked,
    // unless the checks' own text does: the check found clearly, far ahead of every other check and of the
    // rival's (TDE at 0.64, the customer-managed protector next at 0.42).
    const checkOf = (ref: string): number => Math.max(0, ...r.checks.filter((c) => entries.get(ref)!.checks.includes(c.ref)).map((c) => c.confidence))
    const rival = r.entries.find((s) => s !== top && !entries.get(s.ref)!.checks.includes(check.ref))
    const next = r.checks[1]?.confidence ?? 0
    const settled = rival !== undefined && check.confidence >= ACCEPT_CONFIDENCE && check.confidence >= LEAD_RATIO * Math.max(next, checkOf(rival.ref))
    if (rival && !settled && top.confidence - rival.confidence < (rival.confidence >= AGREE_ENTRY_CONFIDENCE ? AGREE_MARGIN : TIE_MARGIN)) return undefined
    const together = 1 - (1 - top.confidence) * (1 - check.confidence)
    return { ...top, confidence: round(Math.min(together, REVIEW_CONFIDENCE - 0.01)) }
  }

  const decideOne = (q: Question, r: Ranked): DecidedAnswer => {
    const top = r.entries[0]
    const second = r.entries[1]
    if (top && second && top.confidence >= ACCEPT_CONFIDENCE && top.confidence - second.confidence < 0.05 && entries.get(top.ref)!.negative !== entries.get(second.ref)!.negative) {
      // Two readings of opposite polarity fit equally well: a yes could mean either, so a person decides.
      const e = entries.get(top.ref)!
      return finish(q, e, 'unknown', top.confidence * 0.5, [...e.checks, ...entries.get(second.ref)!.checks], { rationale: 'Not answered automatically: the question can be read two opposite ways. A person should review it.' }, `ambiguous polarity: "${e.topic}" vs "${entries.get(second.ref)!.topic}"`)
    }
    // A fixed position ("we do not process card data") needs a closer match than an evidence-backed answer.
    if (top && top.confidence >= threshold(entries.get(top.ref)!)) {
      // Last year's approved answer does not outrank today's evidence on the same question.
      const pick = approvedOnly(entries.get(top.ref)!) ? evidenceFor(r.entries, threshold) ?? top : top
      const e = entries.get(pick.ref)!
      return guard(withRelatedChecks(fromEntry(q, e, pick.confidence, results, now), e, r), r, e.claims)
    }
    const agreed = agreement(r)
    if (agreed) {
      const e = entries.get(agreed.ref)!
      return guard(fromEntry(q, e, agreed.confidence, results, now), r, e.claims)
    }
    const topCheck = r.checks[0]
    if (topCheck && topCheck.confidence >= ACCEPT_CONFIDENCE) return fromCheckOnly(q, topCheck.ref, topCheck.confidence, results)
    // Weak match: a person answers; cite the nearest evidence to save them time.
    const suggested: string[] = []
    const hint = [...r.entries].sort((a, b) => b.related - a.related)[0]
    if (hint && hint.related >= ACCEPT_CONFIDENCE) suggested.push(...entries.get(hint.ref)!.checks)
    else if (top && top.confidence >= SUGGEST_CONFIDENCE) suggested.push(...entries.get(top.ref)!.checks)
    for (const c of r.checks) if (c.confidence >= SUGGEST_CONFIDENCE && suggested.length < 3 && !suggested.includes(c.ref)) suggested.push(c.ref)
    // A check the question's words pick out clearly from the others, however few of them it shares ("without
    // SSL/TLS" on "managed PostgreSQL" ranks the PostgreSQL secure-transport check at twice the next): the
    // reviewer is shown it among the first three.
    const [c1, c2] = r.checks
    const at = c1 ? suggested.indexOf(c1.ref) : -1
    if (c1 && c1.confidence >= LEAD_CHECK_CONFIDENCE && c1.confidence >= LEAD_RATIO * (c2?.confidence ?? 0) && (at < 0 || at > 1)) {
      if (at > 1) suggested.splice(at, 1)
      suggested.splice(Math.min(suggested.length, 2), 0, c1.ref)
    }
    const ctl = r.controls[0]
    if (ctl && ctl.confidence >= SUGGEST_CONFIDENCE) suggested.push(ctl.ref)
    const conf = Math.max(top?.confidence ?? 0, topCheck?.confidence ?? 0)
    const rationale = 'Not answered automatically: no approved answer or automated evidence matches this question closely enough. A person should answer it.'
    return {
      questionId: q.id,
      question: q.text,
      answer: 'unknown',
      confidence: round(conf * 0.5),
      citations: suggested,
      rationale,
      namedRationale: rationale,
      review: suggested.length > 0 ? `weak match (${round(conf)}); possibly related: ${suggested.join(', ')}` : `no match (${round(conf)})`,
      entryId: null,
      openText: null,
      negative: false,
    }
  }

  /** An entry whose checks read database services and nothing else. */
  const aboutDatabases = (ref: string): boolean => {
    const checks = entries.get(ref)!.checks
    return checks.length > 0 && checks.every((c) => { const f = familyOfCheck.get(c); return typeof f === 'string' && DATABASES.includes(f) })
  }
  /**
   * "Does PITR cover 35 days for both Azure SQL and PostgreSQL?": services asked together, where the answer
   * found reads only some of them, are asked one by one, and every one must be evidenced (one answer each,
   * put together as a two-part question's are). Null: one entry reads them all, or the question joins none.
   */
  const byService = (q: Question, whole: DecidedAnswer): DecidedAnswer | null => {
    const asked = servicesAsked(namedFamilies(q.text), q.text)
    // "Do your storage accounts, databases and key vaults comply?": the databases, named by no service, are
    // asked as well, and answered as every database is (see databaseScope): all of them read, or a person.
    if (asked.length > 0 && asksEveryDatabase(q.text, asked)) asked.push(ANY_DATABASE)
    if (asked.length < 2 || !JOINED.test(q.text)) return null
    const e = whole.entryId ? entries.get(whole.entryId) : undefined
    if (e && e.checks.length === 0) return null
    const own = e ? refFamilies.get(`entry:${e.id}`) : undefined
    const covers = (read: Set<string> | undefined, ns: string): boolean => (ns === ANY_DATABASE ? DATABASES.every((f) => read?.has(f)) : read?.has(ns) === true)
    // One entry reads them all: its answer stands, unless what keeps it from a yes is only a service not asked
    // ("TLS on the databases and the broker?" is not partial for a storage account's TLS): then each is asked.
    const askedFamily = (f: string | string[] | undefined): boolean => typeof f === 'string' && (asked.includes(f) || (asked.includes(ANY_DATABASE) && DATABASES.includes(f)))
    const bad = e ? checkEvidence(e.checks, results) : undefined
    const outside = bad !== undefined && [...bad.failing, ...bad.errored].length > 0 && [...bad.failing, ...bad.errored].every((f) => !askedFamily(familyOfCheck.get(f.checkId)))
    if (own && asked.every((ns) => covers(own.read, ns) || own.named.has(ns)) && !outside) return null
    const parts = asked.map((ns) => {
      const text = withoutOtherServices(q.text, ns, asked)
      const ranked = rankText(focusText(text), text)
      // The databases' part ("TLS on the databases and the broker"): read nearly as well by the entry about
      // every service and by the one about the databases, the databases' leads (its evidence is what is asked).
      const top = ranked.entries[0]
      const own = ns === ANY_DATABASE && top ? ranked.entries.find((s) => s.confidence >= top.confidence - SERVICE_MARGIN && aboutDatabases(s.ref)) : undefined
      if (own && own !== top) ranked.entries = [own, ...ranked.entries.filter((s) => s !== own)]
      return { ns, answer: decideOne({ ...q, text }, ranked) }
    })
    const found = parts.filter((p) => p.answer.entryId !== null && p.answer.answer !== 'unknown')
    if (found.length === 0) return null
    // Each service's answer must be about the same thing: Front Door's WAF does not answer its TLS. The one
    // whose subject the question speaks of most leads; one sharing no subject word with it is not evidence.
    const asks = new Set(analyse(q.text).filter((t) => !serviceWords.has(t)))
    const concept = (p: (typeof found)[number]): string[] => [...entryConcept.get(p.answer.entryId!)!].filter((t) => asks.has(t))
    const lead = [...found].sort((a, b) => concept(b).length - concept(a).length)[0]!
    const leadConcept = new Set(concept(lead))
    const matched = found.filter((p) => p === lead || concept(p).some((t) => leadConcept.has(t)))
    let answer = lead.answer
    for (const p of matched) if (p !== lead && p.answer.entryId !== answer.entryId) answer = combine(answer, p.answer)
    // A service the lead's own checks read is evidenced by it ("Defender plans on for SQL, Key Vault, Storage…").
    const leadReads = refFamilies.get(`entry:${lead.answer.entryId}`)?.read
    const missing = parts.filter((p) => !matched.includes(p) && !covers(leadReads, p.ns)).map((p) => serviceName(p.ns))
    if (missing.length > 0) {
      const rationale = `Not answered automatically: the evidence covers only part of the question; ${missing.join(', ')} ${missing.length === 1 && missing[0] !== serviceName(ANY_DATABASE) ? 'is' : 'are'} not evidenced. A person should review it.`
      return forPerson(answer, rationale, `services asked together: ${missing.join(', ')} not evidenced (the rest: ${answer.namedRationale})`)
    }
    return answer
  }

  const decideAll = (q: Question): DecidedAnswer => {
      const ranked = rank(q)
      let whole = decideOne(q, ranked)
      const split = byService(q, whole)
      if (split) return guard(split, ranked, [])
      // "Is encryption at rest enabled for storage accounts and databases?": two close topics joined by
      // "and" must both hold.
      const [t1, t2] = ranked.entries
      if (whole.entryId && t1 && t2 && t1.ref === whole.entryId && t2.confidence >= 0.6 && t1.confidence - t2.confidence <= 0.1 && /\band\b/i.test(focusText(q.text))) {
        const a = entries.get(t1.ref)!
        const b = entries.get(t2.ref)!
        if (!b.answer && !a.answer && a.negative === b.negative && !sameEvidence(a, b) && !sameEvidence(b, a)) whole = combine(whole, guard(fromEntry(q, b, t2.confidence, results, now), ranked, b.claims))
      }
      // "Is access logged, and are the logs reviewed?": each clause is matched on its own, and every
      // clause must be evidenced for a favourable answer.
      const clauses = splitClauses(focusText(q.text))
      if (clauses.length < 2) return guard(whole, ranked, [])
      // "…to the databases (Azure SQL, PostgreSQL), and are TLS 1.0 and 1.1 disabled on those services?": a later
      // clause that names no service is read of the services an earlier one names.
      let named: string[] = []
      // "About Azure SQL point-in-time restore: is it configured…, and does it reach back 35 days?": a clause
      // saying "it" is asked of the subject the cell's lead names.
      const topic = TOPIC_LEAD.exec(clauses[0]!)?.[0]
      const parts = clauses.map((c, i) => {
        const own = servicePhrases(c)
        const read = i > 0 && topic && PRONOUN.test(c) ? `${topic}${c}` : own.length === 0 && named.length > 0 && PRONOUN.test(c) ? forServices(named, c) : c
        if (own.length > 0) named = own
        // A clause naming services of its own, or lent them, is split by service as a whole question is.
        return { clause: c, answer: read !== c || own.length > 1 ? decideAll({ ...q, text: read }) : decideOne(q, rankText(c, q.text)) }
      })
      const matched = parts.filter((p) => p.answer.entryId !== null)
      if (matched.length === 0) return guard(whole, ranked, [])
      let answer = matched[0]!.answer
      for (const p of matched.slice(1)) {
        const a = entries.get(answer.entryId!)!
        const b = entries.get(p.answer.entryId!)!
        if (p.answer.entryId === answer.entryId || sameEvidence(a, b) || b.answer || b.negative) continue
        answer = combine(answer, p.answer)
      }
      const missing = parts.filter((p) => p.answer.entryId === null).map((p) => p.clause)
      if (missing.length > 0 && isFavourable(answer)) {
        const what = missing.map((c) => `"${c.replace(/[?.]\s*$/, '')}"`).join(', ')
        const rationale = `Not answered automatically: the evidence covers only part of the question; ${what} is not evidenced. A person should review it.`
        answer = forPerson(answer, rationale, `two-part question: ${what} is not evidenced (the rest: ${answer.namedRationale})`)
      }
      return guard(answer, ranked, [])
  }

  /**
   * "1) Is public network access disabled? 2) Are the firewall rules free of any open range?": each numbered
   * part is answered on its own and every one must be answered. One cell takes one answer, so parts that all
   * answer the same ("Yes", "Yes") give it; parts that answer differently, or one not evidenced, go to a person
   * with each part's answer in the review. A value among them makes the cell a value, part by part. A later part
   * that names no service ("2) Do they reject TLS 1.0?") is read of the services an earlier one names.
   */
  const decideParts = (q: Question, parts: Array<{ label: string; text: string }>): DecidedAnswer => {
    let services: string[] = []
    const answers = parts.map((p, i) => {
      const own = servicePhrases(p.text)
      let text = p.text
      // "2) On which pricing tier?", "2) Are all of them approved?": read with the words of the part before.
      const pointsBack = i > 0 && own.length === 0 && (PRONOUN.test(p.text) || words(p.text).length < FRAGMENT_WORDS)
      if (pointsBack && services.length > 0) text = forServices(services, p.text)
      else if (pointsBack) text = `${p.text.replace(/[?.\s]+$/, '')} (${words(parts[i - 1]!.text).filter((w) => !ASKING_WORDS.has(w)).join(' ')})?`
      if (own.length > 0) services = own
      return { ...p, answer: decideAll({ ...q, text }) }
    })
    const first = answers[0]!.answer
    const union = <T,>(pick: (a: DecidedAnswer) => T[] | undefined): T[] => [...new Set(answers.flatMap((p) => pick(p.answer) ?? []))]
    const citations = union((a) => a.citations)
    const shown = (a: DecidedAnswer): string => (a.answer === 'text' ? a.value ?? '' : a.answer === 'not_applicable' ? 'N/A' : capitalised(a.answer))
    const open = answers.filter((p) => p.answer.answer === 'unknown')
    const values = new Set(answers.map((p) => p.answer.answer))
    if (open.length > 0 || (values.size > 1 && !values.has('text'))) {
      const base = answers.find((p) => p.answer.answer !== 'unknown')?.answer ?? first
      const why = open.length > 0
        ? `${open.length === 1 ? 'part' : 'parts'} ${open.map((p) => p.label).join(', ')} of the question ${open.length === 1 ? 'is' : 'are'} not evidenced`
        : 'its parts answer differently'
      return forPerson({ ...base, citations }, `Not answered automatically: ${why}. A person should review it.`,
        `parts: ${answers.map((p) => `${p.label} ${p.answer.answer === 'unknown' ? `not answered (${p.answer.review ?? 'no evidence'})` : `${shown(p.answer)}: ${p.answer.namedRationale}`}`).join(' ')}`)
    }
    const allFavourable = answers.every((p) => isFavourable(p.answer))
    // Parts answered alike in a row are said once ("1), 2) Microsoft Defender for Cloud at the Standard tier…"),
    // and a cell whose parts all say the same carries no numbers at all.
    const joined = (pick: (a: DecidedAnswer) => string): string => {
      const groups: Array<{ labels: string[]; said: string }> = []
      for (const p of answers) {
        const said = pick(p.answer)
        const last = groups[groups.length - 1]
        if (last && last.said === said) last.labels.push(p.label)
        else groups.push({ labels: [p.label], said })
      }
      return groups.length === 1 ? groups[0]!.said : groups.map((g) => `${g.labels.join(', ')} ${g.said}`).join(' ')
    }
    const answer = values.has('text') ? 'text' : first.answer
    const out: DecidedAnswer = withoutValue({
      ...first,
      answer,
      confidence: Math.min(...answers.map((p) => p.answer.confidence)),
      citations,
      rationale: joined((a) => a.rationale),
      namedRationale: joined((a) => a.namedRationale),
      // One cell's favour is every part's: "Yes" to two safeguards, "No" to two hazards.
      negative: allFavourable ? answer === 'no' : answer === 'yes',
      review: answers.map((p) => p.answer.review).find((r) => r !== null) ?? (allFavourable ? null : 'unfavourable answer: confirm before sending'),
      openText: answers.every((p) => p.answer.openText) ? joined((a) => a.openText!) : null,
    })
    const stated = union((a) => a.statedShortfall)
    if (stated.length > 0) out.statedShortfall = stated
    if (answer === 'text') out.value = joined(shown)
    return out
  }

  /**
   * A standard questionnaire's question: its ID names the entries that may answer it (the text picks among
   * them, at a lower bar), or says no check can (then only an attestation, a standing position or an
   * approved past answer may, and never a check found by text). Null: the ID settles nothing, match by text.
   */
  const decideMapped = (q: Question, m: QuestionMapping): DecidedAnswer | null => {
    const ranked = rank(q)
    const allowed = (e: LibraryEntry): boolean => (m.manual ? e.checks.length === 0 && !e.scanned : m.entries.includes(e.id) || approvedOnly(e))
    const candidates = ranked.entries.filter((s) => allowed(entries.get(s.ref)!))
    const bar = (e: LibraryEntry): number => {
      if (approvedOnly(e)) return PAST_ANSWER_CONFIDENCE
      if (m.manual || !m.entries.includes(e.id) || !processOnly(e)) return MAPPED_CONFIDENCE
      return m.entries.length === 1 ? ID_SOLE_PROCESS_CONFIDENCE : ID_PROCESS_CONFIDENCE
    }
    let top = candidates[0]
    if (top && approvedOnly(entries.get(top.ref)!)) top = evidenceFor(candidates, bar) ?? top
    if (top && top.confidence >= bar(entries.get(top.ref)!)) {
      const e = entries.get(top.ref)!
      return guard(fromEntry(q, e, top.confidence, results, now), ranked, e.claims)
    }
    // An ID that names only process or provider entries says no check answers it: the text does not get to
    // find one either (a datacenter control is never answered from a database check).
    const processMapped = !m.manual && m.entries.length > 0 && m.entries.every((id) => { const e = entries.get(id); return e !== undefined && processOnly(e) })
    if (!m.manual && !processMapped) return null
    const rationale = 'Not answered automatically: no automated evidence answers this question. A person should answer it.'
    const why = processMapped
      ? `${m.label} maps to ${m.entries.join(', ')}, which only an attestation or a provider report answers, and the question's words fit none of them`
      : `${m.label}: ${m.reason}`
    return finish(q, null, 'unknown', 0, [], { rationale }, `${why} (no check can ground it; an attestation or an approved past answer can)`)
  }

  /**
   * "Is the service hosted on AWS?", "Are your S3 buckets encrypted at rest?": the evidence is an Azure estate's,
   * and says nothing of another cloud. Only a value naming the provider ("We assume AWS; confirm or correct,
   * naming your provider": "Microsoft Azure") answers such a question.
   */
  const elsewhere = (q: Question, a: DecidedAnswer): DecidedAnswer => {
    const cloud = otherCloud(q.text)
    const e = a.entryId ? entries.get(a.entryId) : undefined
    if (!cloud || a.answer === 'unknown' || !e || (e.checks.length === 0 && !e.scanned)) return a
    if (a.answer === 'text' && e.scanned && /\bazure\b/i.test(e.value ?? '')) return a
    return forPerson(a, `Not answered automatically: the question is about ${cloud}, and the evidence covers the Azure estate only. A person should review it.`,
      `the question names ${cloud}; the evidence read is Azure's (${wouldAnswer(a)})`)
  }
  /**
   * "As at 30 September, did every storage account enforce TLS 1.2?", "Throughout the audit period, was…?": one
   * scan shows the estate as it was read, not on another date or over a period (a period pack does; see
   * docs/questionnaires.md).
   */
  const thenAsked = (q: Question, a: DecidedAnswer): DecidedAnswer => {
    // "The export you sent in 2023 listed vaults without purge protection. Has it since been enabled?": a year
    // said in the background is not the period asked.
    const period = periodAsked(withoutRecalled(q.text))
    const e = a.entryId ? entries.get(a.entryId) : undefined
    if (!period || a.answer === 'unknown' || !e || e.checks.length === 0) return a
    const read = results.evaluatedAt.slice(0, 10)
    return forPerson(a, `Not answered automatically: the question asks about "${period}", and the evidence shows the estate as read on ${read}. A person should review it.`,
      `the question asks about "${period}"; the findings are those of ${read} (${wouldAnswer(a)}); a period pack shows whether it held throughout`)
  }

  /**
   * "Which of your storage accounts allow anonymous access? List them.": when no value answers it, the same
   * question asked yes or no may: a confident No from passing checks, with no resource under an exception (an
   * excepted account does allow it), is an empty list. Only an entry about the bad state itself counts; a Yes,
   * or anything less sure, is left to a person, who names the resources.
   */
  const noneListed = (q: Question, a: DecidedAnswer): DecidedAnswer => {
    // "Name any region in use that is not on your approved list": a yes or a no says nothing named.
    const nameAny = /^\s*(?:please\s+)?(?:name|list|identify|enumerate)\s+any\b/i.test(q.text)
    const yesNoGiven = nameAny && (a.answer === 'yes' || a.answer === 'no' || a.answer === 'partial')
    if (!yesNoGiven && (a.answer !== 'unknown' || !asksForValue(q.text))) return a
    const unnamed = (): DecidedAnswer =>
      yesNoGiven
        ? forPerson(a, 'Not answered automatically: the question asks for them by name, which a yes or a no does not give. A person should answer it.', `asks for names; ${wouldAnswer(a)}`)
        : a
    const yesNo = asAnyAsked(q.text)
    if (!yesNo || questionPolarity(yesNo) !== 'negative') return unnamed()
    const b = decideAll({ ...q, text: yesNo })
    const e = b.entryId ? entries.get(b.entryId) : undefined
    if (b.answer !== 'no' || !b.negative || b.review !== null || !e || e.checks.length === 0) return unnamed()
    const ev = checkEvidence(b.citations.filter((c) => e.checks.includes(c)), results)
    if (ev.state !== 'pass' || ev.excepted.length > 0) return unnamed()
    const none = (t: string): string => t.replace(/^No\b[.,:;]?\s*/, 'None. ')
    return { ...b, question: q.text, answer: 'text', value: 'None', rationale: none(b.rationale), namedRationale: none(b.namedRationale) }
  }

  /**
   * "Because SSH and RDP are closed, is all administrative access protected by MFA?": what follows from a premise
   * is answered only where the ask, read without the premise, reaches the same entry; else the entry came from
   * the premise, and a person says whether the consequence holds.
   */
  const premised = (given: string, a: DecidedAnswer): DecidedAnswer => {
    if (a.answer === 'unknown' || !a.entryId) return a
    const plain = withoutMarkup(compatible(given))
    const lead = PREMISE_LEAD.exec(plain)
    if (!lead) return a
    const named = servicePhrases(lead[1]!)
    const rest = plain.slice(lead[0].length)
    const alone = decideAll({ id: 'premise', text: read(named.length > 0 ? forServices(named, rest) : rest).text, section: null, row: null, open: false })
    if (alone.entryId === a.entryId) return a
    return forPerson(a, 'Not answered automatically: the question asks what follows from its premise, which the evidence of the premise does not show. A person should answer it.', `asks what follows from "${lead[1]!.trim()}"; read alone, the ask ${alone.entryId ? `matches "${alone.entryId}"` : 'matches no entry'}; ${wouldAnswer(a)}`)
  }

  /**
   * "Every / Most / Few / None: how many of your key vaults can be reached from any IP?": the extent offered that
   * the count is, in the answer cell ("None"), with the yes or no it amounts to for the entry (all meeting it is
   * its favourable answer, none its other one, some a partial). A count no offered extent fits stays a count.
   */
  const extentChosen = (q: Question, a: DecidedAnswer, extents: readonly string[]): DecidedAnswer => {
    const e = a.entryId ? entries.get(a.entryId) : undefined
    if (a.answer !== 'text' || !e || e.checks.length === 0 || countAsked(q.text) === null) return a
    const direction = countDirection(q.text)
    const counted = direction === null ? null : meetingCount(checkEvidence(e.checks, results))
    if (!counted) return a
    const extent = extentOf(extents, direction === 'short' ? counted.total - counted.meeting : counted.meeting, counted.total)
    if (!extent) return a
    const answer: AnswerValue = counted.meeting === counted.total ? (a.negative ? 'no' : 'yes') : counted.meeting === 0 ? (a.negative ? 'yes' : 'no') : 'partial'
    const review = a.review ?? (answer === 'partial' ? 'partial: only some resources meet it' : favourable(answer, a.negative) ? null : 'unfavourable answer: confirm before sending')
    return { ...withoutValue(a), answer, openText: extent, review, rationale: `${extent}: ${a.rationale}`, namedRationale: `${extent}: ${a.namedRationale}` }
  }

  /**
   * "Is it not the case that no database is left without TDE?": one reader hears "isn't it so that none is"
   * (Yes: all are encrypted), another "is it untrue that none is" (Yes: some are not). A bare Yes or No in the
   * cell would be read both ways, so a person words it.
   */
  const twoWays = (q: Question, a: DecidedAnswer): DecidedAnswer => {
    if ((a.answer !== 'yes' && a.answer !== 'no' && a.answer !== 'partial') || !TWO_WAY_DENIAL.test(q.text)) return a
    return forPerson(a, 'Not answered automatically: the question can be read two opposite ways, so a bare yes or no would mislead. A person should word the answer.',
      `"is it not the case / not true that…" reads both ways; ${wouldAnswer(a)}`)
  }

  // A slip of the keyboard ("rotatd automaticaly") is read as the word meant; the answer keeps the buyer's text.
  const vocabulary = [
    ...library.entries.flatMap((e) => [e.topic, e.wording, e.gap ?? '', ...e.questions, ...e.keywords, ...e.service, ...e.requires, ...e.exclude]),
    ...results.checks.flatMap((c) => [c.title, c.description]),
    ...results.controls.map((c) => c.title),
    ...SAFEGUARD_PHRASES, ...HAZARD_PHRASES, ...PROCESS_CUES, ...OUT_OF_SCOPE_TERMS,
  ].join(' ')
  const spelled = spellingFixer(vocabulary)
  // What the cell asks, in the words the matcher reads, and the extents it offers to pick from, if any.
  const read = (given: string): { text: string; extents: string[] | null } => {
    const plain = withoutMarkup(compatible(given))
    const extent = extentOffered(plain)
    return { text: asked(spelled(withoutAssumption(withoutRelay(withoutReference(withoutGuidance(withoutRoadmap(withoutShorthand(extent?.text ?? plain)))))))), extents: extent?.extents ?? null }
  }
  return {
    explain: (q: Question) => rank({ ...q, text: read(q.text).text }),
    decide(given: Question): DecidedAnswer {
      const { text, extents } = read(given.text)
      const q = { ...given, text }
      const mapped = q.mapping ? decideMapped(q, q.mapping) : null
      const parts = mapped ? null : numberedParts(q.text) ?? joinedAsks(q.text)
      const decided = twoWays(q, thenAsked(q, elsewhere(q, noneListed(q, mapped ?? (parts ? decideParts(q, parts) : decideAll(q))))))
      const a = statusChosen(given.text, premised(given.text, extents ? extentChosen(q, decided, extents) : decided))
      const source = sourceOf(a, a.entryId ? entries.get(a.entryId) : undefined, results)
      if (mapped && q.mapping && source.kind !== 'none') source.why = `${q.mapping.label} maps to it; ${source.why}`
      return { ...a, question: given.text, citations: namedFirst(q.text, a.citations), source }
    },
  }
}

function checkCounts(ids: string[], results: Results): CheckCount[] {
  return ids.map((id) => {
    const c: CheckCount = { id, pass: 0, fail: 0, error: 0, manual: 0, notApplicable: 0 }
    for (const f of results.findings) {
      if (f.checkId !== id) continue
      if (f.status === 'not_applicable') c.notApplicable++
      else c[f.status]++
    }
    return c
  })
}

/** The named source of a decided answer (see AnswerSource): nothing for `unknown`. */
export function sourceOf(a: DecidedAnswer, e: LibraryEntry | undefined, results: Results): AnswerSource {
  if (a.answer === 'unknown' || !e) return { kind: 'none', why: a.review ?? 'no approved answer or evidence matches' }
  const why = `matched library entry "${e.id}" (${e.topic}) at confidence ${a.confidence.toFixed(2)}`
  const library = (): AnswerSource => ({
    kind: 'library',
    entryId: e.id,
    approvedBy: e.approval?.by ?? null,
    approvedAt: e.approval?.at ?? null,
    expires: e.approval?.expires ?? null,
    ...(e.approval?.source ? { file: e.approval.source.file, question: e.approval.source.question } : {}),
    why,
  })
  if (approvedOnly(e)) return library()
  const report = e.inherited.length > 0 && e.checks.length === 0 && e.attestations.length === 0 ? inheritedReport(e, results) : null
  if (report) return { kind: 'inherited', id: report.id, provider: report.provider, report: report.report, issued: report.issued, expires: report.expires, scope: report.scope, why }
  const known = new Set(results.checks.map((c) => c.id))
  const checks = [...new Set(a.citations.filter((c) => known.has(c)))]
  const att = e.attestations.length > 0 ? validAttestation(e.attestations, results) : null
  if (checks.length > 0 || e.scanned) {
    return {
      kind: 'evidence',
      checks: checkCounts(checks, results),
      evaluatedAt: results.evaluatedAt,
      ...(e.scanned ? { subscriptions: results.snapshot.subscriptions.length } : {}),
      ...(att ? { attestation: { control: att.control, owner: att.owner, expires: att.expires } } : {}),
      why,
    }
  }
  if (att) return { kind: 'attestation', control: att.control, owner: att.owner, expires: att.expires, why }
  return library()
}

/** "About Azure SQL point-in-time restore: …", "Regarding your backups — …": the subject a cell's asks are of. */
const TOPIC_LEAD = /^\s*(?:about|regarding|concerning|on|as (?:for|regards|to)|with (?:regard|respect) to|in (?:regard|respect) to|re)\s+[^:?—–]{3,80}(?::|\s[—–-])\s+/i

/** "…, and is that true for every one of them?": the same asked of all, which the evidence is judged over. */
const SAME_OF_ALL = /^(?:is|are|does|do) (?:that|this|it|the same|so) (?:true|so|the case|correct|hold|apply|holds|applies|in place)(?: (?:for|of|on|to|across) (?:every|each|all)\b[^?]*)?\s*\??$/i

/** "encrypted both at rest and in transit": two states asked of one thing, each needing its own evidence. */
const PAIRED_STATES = /\b(?:both\s+)?(at rest|in transit|in motion|in storage)\s*(?:,\s*)?(?:and|as well as|&)\s+(?:also\s+)?(at rest|in transit|in motion|in storage)\b/i

/**
 * Clauses joined by "and" + a new question ("… logged, and are the logs reviewed?"), and the two states of
 * "encrypted both at rest and in transit" as a clause each.
 */
export function splitClauses(text: string): string[] {
  const paired = PAIRED_STATES.exec(text)
  if (paired && paired[1]!.toLowerCase() !== paired[2]!.toLowerCase()) return [paired[1]!, paired[2]!].flatMap((state) => splitClauses(text.replace(paired[0], state)))
  return text
    // "…allow every IP address, or has a database credential been leaked?": a second question joined by "or".
    .split(/,?\s+and\s+(?=(?:do|does|did|are|is|was|were|have|has|can|could|will|would|should|how|what|where|when|who|which)\b)|,\s+or\s+(?=(?:has|have|had|was|were|did|is|are|do|does)\s+(?:a|an|any|anyone|anybody|someone|somebody)\b)/i)
    .map((c) => c.trim())
    .filter((c, i) => c !== '' && !(i > 0 && SAME_OF_ALL.test(c)))
}

function isFavourable(a: DecidedAnswer): boolean {
  return favourable(a.answer, a.negative)
}

/** A control that fails, or could not be evaluated, does not hold: nothing it states may be asserted. */
function notHolding(c: ControlResult): boolean {
  return c.status === 'fail' || c.status === 'error'
}

function describeControl(c: ControlResult): string {
  const what = c.framework === TRUST_CLAIMS ? `trust claim ${c.controlId}` : `control ${c.framework}:${c.controlId}`
  return `${what} '${c.title}' ${c.status === 'fail' ? 'fails' : 'could not be evaluated'} in these results`
}

/** The evidence sentence: counts only (safe to send), or with the excepted resources named (for the reviewer). */
function describeEvidence(ev: CheckEvidence, results: Results, named: boolean): string {
  const checks = [...new Set(ev.passing.map((f) => f.checkId))]
  const n = new Set(ev.passing.map((f) => f.resourceId)).size
  const date = results.evaluatedAt.slice(0, 10)
  let s = `Evidence: ${n} resource${n === 1 ? '' : 's'} pass${n === 1 ? 'es' : ''} ${checks.join(', ')} (evaluated ${date}).`
  if (ev.noResources.length > 0) s += ` No resources in scope for ${ev.noResources.join(', ')}.`
  if (ev.plans) {
    const k = ev.plans.otherwiseFailing
    s += ` Judged for the plans asked: ${ev.plans.check} fails in ${k} subscription${k === 1 ? '' : 's'} for another plan.`
  }
  if (ev.excepted.length > 0) {
    if (named) {
      const ex = ev.excepted.map((f) => `${listNames([f])} under an accepted exception (${f.exception!.reason}, until ${f.exception!.expires})`).join('; ')
      s += ` Note: ${ex}.`
    } else s += ` Note: ${exceptionNote(ev.excepted)}.`
  }
  return s
}

function unknownReason(ev: CheckEvidence, named: boolean): string {
  const who = (fs: CheckEvidence['errored']): string => (named ? listNames(fs) : countResources(fs))
  const parts: string[] = []
  if (ev.errored.length > 0) parts.push(`the settings of ${who(ev.errored)} could not be read`)
  if (ev.notEvaluated.length > 0) parts.push(`${ev.notEvaluated.join(', ')} ${ev.notEvaluated.length === 1 ? 'was' : 'were'} not evaluated`)
  if (ev.manual.length > 0) {
    const one = named ? new Set(ev.manual.map((f) => resourceName(f.resourceId))).size === 1 : new Set(ev.manual.map((f) => f.resourceId)).size === 1
    parts.push(`${who(ev.manual)} need${one ? 's' : ''} a manual attestation`)
  }
  if (parts.length === 0) parts.push('no resource in scope was found to show it')
  return parts.join('; ')
}

/**
 * Record-keeping periods a regulation implies when a question names it instead of a duration ("long enough for
 * SOX?"): PCI DSS keeps audit logs a year, HIPAA its documentation six years, SOX its records seven. Only beside
 * words of keeping, so "PCI DSS's ban on early TLS" names none.
 */
const IMPLIED_RETENTION: Array<[RegExp, number]> = [
  [/\bpci(?:[\s-]?dss)?\b/i, 365],
  [/\bhipaa\b/i, 6 * 365],
  [/\bsox\b|\bsarbanes[\s-]oxley\b/i, 7 * 365],
]
const KEEPING = /\b(?:retention|retained|retain|kept|keep|keeps|keeping|stored for|record[\s-]?keeping|long enough)\b/i

function impliedRetention(question: string): number[] {
  return KEEPING.test(question) ? IMPLIED_RETENTION.filter(([re]) => re.test(question)).map(([, days]) => days) : []
}

const GRANTED_BESIDE = /^\s*(?:in addition to|on top of|alongside)\b[^,?]{1,80},\s*/i

/**
 * A duration the question asks for that the evidence does not reach. An entry's wording names the parameter
 * its checks enforce: `{…MinDays}` a floor (retention: "at least 365 days" does not show "seven years"),
 * `{…MaxDays}` a ceiling (rotation: "at most every 365 days" does not show "every 90 days"). A favourable
 * yes/no needs every duration the question names on the right side of it; otherwise the answer goes to a person.
 */
export function durationShortfall(question: string, e: LibraryEntry, results: Results): { asked: string; shown: string } | null {
  // "In addition to the 35-day point-in-time window, are weekly backups kept long term?": the window is granted,
  // not what is asked of this entry.
  const asked = [...durationsInDays(question.replace(GRANTED_BESIDE, '')), ...impliedRetention(question)]
  if (asked.length === 0) return null
  // "…only goes back 35 days?" with a floor of 35: the floor does not show that there is no more.
  const only = onlyDurationsInDays(question)
  // "Is log retention at most 30 days?" with a floor of 365: a floor says nothing of a ceiling.
  const ceiling = ceilingDurationsInDays(question)
  for (const [, name, kind] of `${e.wording} ${e.value ?? ''}`.matchAll(/\{([A-Za-z]+(Min|Max)Days)\}/g)) {
    const limit = Number(results.parameters[name!])
    if (!Number.isFinite(limit)) continue
    if (kind === 'Min' && Math.max(...asked) > limit) return { asked: `${Math.max(...asked)} days`, shown: `at least ${limit} days` }
    if (kind === 'Min' && only.length > 0 && Math.max(...only) >= limit) return { asked: `only ${Math.max(...only)} days`, shown: `at least ${limit} days` }
    if (kind === 'Min' && ceiling.length > 0) return { asked: `at most ${Math.min(...ceiling)} days`, shown: `at least ${limit} days` }
    if (kind === 'Max' && Math.min(...asked) < limit) return { asked: `every ${Math.min(...asked)} days`, shown: `at most every ${limit} days` }
  }
  // A check with no such parameter ("weekly backups kept long term": any retention at all passes) shows only
  // the days actually configured, read from the snapshot: "weekly backups for a year?" needs 365 of them.
  const ev = checkEvidence(checksAsked(question, e, results), results)
  for (const [, agg, sources] of (e.value ?? '').matchAll(/\{(min|max):([a-z0-9-]+:[^{}]+)\}/g)) {
    if (!sources!.split(';').every((src) => /days$/i.test(src.trim()))) continue
    const shown = Number(observedValue(agg!, sources!, ev))
    if (!Number.isFinite(shown)) return { asked: `${agg === 'min' ? Math.max(...asked) : `every ${Math.min(...asked)}`} days`, shown: 'no configured number of days the snapshot holds' }
    if (agg === 'min' && Math.max(...asked) > shown) return { asked: `${Math.max(...asked)} days`, shown: `${shown} days on the shortest` }
    if (agg === 'max' && Math.min(...asked) < shown) return { asked: `every ${Math.min(...asked)} days`, shown: `every ${shown} days on the longest` }
  }
  // "After a key is deleted, can it be recovered for at least 90 days?": purge protection's check reads whether
  // deleted keys are kept, not for how many days.
  if (e.checks.includes('keyvault-purge-protection') && /\b(?:deleted|recover\w*|soft[- ]delet\w*|restor\w*|kept|retained)\b/i.test(question)) return { asked: `${Math.max(...asked)} days`, shown: 'no period of days, which its checks do not read' }
  return null
}

/**
 * A TLS version the question names above the one the checks hold the estate to ("Is TLS 1.3 required on every
 * endpoint?" when the checks require 1.2 or higher): the evidence does not show it.
 */
export function tlsShortfall(question: string, e: LibraryEntry, results: Results): { asked: string; shown: string } | null {
  const floor = Number(results.parameters.minTlsVersion)
  if (!Number.isFinite(floor) || !/\{minTlsVersion\}/.test(`${e.wording} ${e.value ?? ''}`)) return null
  const above = tlsVersionsNamed(question).filter((v) => v > floor)
  // "…older than TLS 1.3 refused?" or "TLS 1.3 required": a version above the floor is asked for.
  return above.length > 0 ? { asked: `TLS ${Math.max(...above).toFixed(1)}`, shown: `TLS ${floor.toFixed(1)} or higher` } : null
}

function tlsVersionsNamed(question: string): number[] {
  // "TLS 1.3", "TLSv1.3", "TLS >= 1.3", "TLS version of at least 1.3".
  return [...question.matchAll(/\btls\s*(?:v(?:ersion)?\s*|(?:>\s*=|≥|=>)\s*|(?:version )?(?:of )?(?:at least|minimum(?: of)?) )?(1\.[0-3])\b/gi)].map((m) => Number(m[1]))
}

/**
 * "Do you still accept TLS 1.2?": an entry about older versions being accepted answers neither whether the
 * floor itself is, nor a version above it, whether its checks pass or fail.
 */
export function tlsFloorAsked(question: string, e: LibraryEntry, results: Results): { asked: string; shown: string } | null {
  const floor = Number(results.parameters.minTlsVersion)
  const asked = tlsVersionsNamed(question)
  if (Number.isFinite(floor) && e.negative && e.checks.some((c) => /-min-tls$|-secure-transport$/.test(c)) && asked.length > 0 && asked.every((v) => v >= floor) &&
    /\b(?:accept|accepts|accepted|accepting|allow|allows|allowed|allowing|permit|permits|permitted|support|supports|supported|negotiate|negotiates|negotiated)\b/i.test(question) &&
    !/\b(?:ssl|legacy|older|below|lower|prior|weaker|deprecated|earlier|outdated|insecure|minimum|min|floor|at least|or (?:higher|later|above|newer|greater)|not|fail|fails|lack|lacks|without|exceptions?)\b|\b1\.[01]\b|n['’]t\b/i.test(question)) {
    return { asked: `TLS ${Math.max(...asked).toFixed(1)} itself`, shown: `a floor of TLS ${floor.toFixed(1)}` }
  }
  return null
}

/** "…reachable only through private endpoints, with public network access fully disabled?": private access alone. */
const PRIVATE_ONLY = /\bprivate (?:endpoints?|link)s? only\b|\bonly (?:through|via|over|by|using) (?:azure )?private (?:endpoints?|link)\b|\bprivate[- ]link[- ]only\b|\b(?:fully|completely|entirely) disabled\b/i
/**
 * Network checks that pass on public access disabled or on a firewall listing networks, alike. (The PostgreSQL
 * and Service Bus ones pass on the approved public-endpoint list, which names the endpoints meant to be public.)
 */
const DISABLED_OR_FIREWALLED = ['cosmosdb-public-network', 'storage-public-network', 'keyvault-public-network']
/** "…private endpoints or an approved list of networks?": a firewall offered as well. */
const OR_FIREWALL = /\bor\b[^?]{0,60}\b(?:selected|approved|listed|allowed|specific|trusted)\b|\bor\b[^?]{0,40}\b(?:firewall|ip|ips|vnet|virtual network|networks?)\b|\b(?:firewall|default deny|deny by default|ip rules?|selected networks)\b[^?]{0,60}\bor\b/i

/**
 * Private endpoints alone asked of a service whose check passes on a firewall listing networks as well: the
 * evidence does not tell the two apart.
 */
export function privateOnlyShortfall(question: string, cited: readonly string[]): { asked: string; shown: string } | null {
  const loose = cited.filter((c) => DISABLED_OR_FIREWALLED.includes(c))
  if (!PRIVATE_ONLY.test(question) || OR_FIREWALL.test(question) || loose.length === 0) return null
  return { asked: 'private access only', shown: `public network access disabled or limited by a firewall to listed networks, which ${loose.join(', ')} accept alike` }
}

/** Azure regions by their names without spaces ("westeurope"), in each geography a question can name. */
const EU_REGIONS = ['westeurope', 'northeurope', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth', 'swedencentral', 'swedensouth', 'italynorth', 'polandcentral', 'spaincentral', 'austriaeast', 'belgiumcentral', 'denmarkeast', 'finlandcentral', 'greececentral']
const US_REGION = /^(?:(?:east|west|central|northcentral|southcentral|westcentral)us\d?|usgov\w+|usdod\w+)$/
const GEOGRAPHIES: Array<[RegExp, string, (region: string) => boolean]> = [
  [/\b(?:EU|E\.U\.)\b|\beuropean union\b/, 'the EU', (r) => EU_REGIONS.includes(r)],
  [/\bEEA\b|\beuropean economic area\b/i, 'the EEA', (r) => EU_REGIONS.includes(r) || r.startsWith('norway')],
  [/\beurope\b|\beuropean\b(?!\s+(?:union|economic))/i, 'Europe', (r) => EU_REGIONS.includes(r) || /^(?:norway|uk|switzerland)/.test(r)],
  [/\b(?:US|U\.S\.|USA|U\.S\.A\.)\b|\bunited states\b/, 'the United States', (r) => US_REGION.test(r)],
  [/\bnorth america\b/i, 'North America', (r) => US_REGION.test(r) || r.startsWith('canada') || r.startsWith('mexico')],
  ...(['canada', 'germany', 'france', 'switzerland', 'norway', 'sweden', 'japan', 'india', 'brazil', 'australia', 'korea', 'singapore'] as const).map((c): [RegExp, string, (r: string) => boolean] => [new RegExp(String.raw`\b${c}\b`, 'i'), c.charAt(0).toUpperCase() + c.slice(1), (r) => r.includes(c) || (c === 'singapore' && r === 'southeastasia')]),
  [/\b(?:UK|U\.K\.)\b|\bunited kingdom\b|\bbritain\b/, 'the United Kingdom', (r) => r.startsWith('uk')],
]
/** A region's display name as a question writes it ("West Europe", "East US 2", "Canada Central"). */
const REGION_NAME = /\b(?:(?:west|north|east|south|central|north central|south central|west central)\s+(?:europe|us(?:\s*[23])?|india|asia|japan|norway)|(?:canada|uk|france|germany west|germany|sweden|switzerland|italy|poland|spain|australia|korea|brazil|japan|uae|qatar|israel|mexico)\s+(?:central|east|west|north|south|southeast|west central)|southeast asia|east asia)\b/gi
/** Whether a question asks where data can go (a choice offered), not where it is. */
const CHOICE = /\b(?:choose|chosen|choice|select|selected|option|options|offer|offered|available|possible to host|can (?:we|i|customers?|the customer|tenants?) (?:host|store|keep|have|pick|specify|request))\b/i

/**
 * A geography the question names that the resources' locations do not all lie in ("only in EU regions?" with
 * resources in Canada Central and East US): the evidence shows approved regions, not that geography.
 */
export function regionShortfall(question: string, e: LibraryEntry, results: Results): { asked: string; shown: string } | null {
  if (!e.checks.includes('resource-location-allowed') || CHOICE.test(question)) return null
  // "(e.g. West Europe, UK South)" gives examples of an answer, not the bound asked.
  const bound = question.replace(/\((?:e\.?g\.?|for example|such as|i\.?e\.?)[^()]*\)/gi, ' ')
  const named = [...bound.matchAll(REGION_NAME)].map((m) => m[0].toLowerCase().replace(/\s+/g, ''))
  const rest = bound.replace(REGION_NAME, ' ')
  const geos = GEOGRAPHIES.filter(([re]) => re.test(rest))
  if (named.length === 0 && geos.length === 0) return null
  const locations = results.findings
    .filter((f) => f.checkId === 'resource-location-allowed' && f.status !== 'not_applicable')
    .map((f) => (f.observed !== null && typeof f.observed === 'object' ? (f.observed as Record<string, unknown>).location : undefined))
  const asked = listWords([...geos.map(([, name]) => name), ...[...bound.matchAll(REGION_NAME)].map((m) => m[0])])
  if (locations.some((l) => typeof l !== 'string')) return { asked, shown: 'resources whose location the snapshot does not hold' }
  const key = (l: string): string => l.toLowerCase().replace(/[\s-]+/g, '')
  const outside = [...new Map((locations as string[]).map((l) => [key(l), l])).entries()]
    .filter(([r]) => r !== 'global' && !named.includes(r) && !geos.some(([, , within]) => within(r)))
    .map(([, l]) => l)
  return outside.length > 0 ? { asked, shown: `resources in ${listWords(outside)} as well` } : null
}

/** `text` counts: a value is something we assert, as much as a yes. */
function favourable(answer: AnswerValue, negative: boolean): boolean {
  return (answer === 'yes' && !negative) || (answer === 'no' && negative) || answer === 'not_applicable' || answer === 'text'
}

interface Texts {
  /** Safe to send: no resource, subscription or tenant named. */
  rationale: string
  /** The same with the resources named; defaults to `rationale`. */
  named?: string
  value?: string
}

function finish(q: Question, e: LibraryEntry | null, answer: AnswerValue, confidence: number, citations: string[], texts: Texts, why: string | null): DecidedAnswer {
  // An entry that admits ("yes, only the API gateway") states the safeguard with its yes.
  const negative = (e?.negative ?? false) && !e?.admits
  let review = why
  if (!review && answer === 'partial') review = 'partial: only some resources meet it'
  if (!review && !favourable(answer, negative)) review = 'unfavourable answer: confirm before sending'
  if (!review && confidence < REVIEW_CONFIDENCE) review = `low confidence match (${round(confidence)}) to "${e?.topic ?? '?'}"`
  return {
    questionId: q.id,
    question: q.text,
    answer,
    confidence: round(confidence),
    citations: [...new Set(citations)],
    rationale: texts.rationale,
    ...(answer === 'text' && texts.value !== undefined ? { value: texts.value } : {}),
    review,
    entryId: e?.id ?? null,
    openText: q.open && favourable(answer, negative) && e ? e.wording : null,
    negative,
    namedRationale: texts.named ?? texts.rationale,
  }
}

function sameEvidence(a: LibraryEntry, b: LibraryEntry): boolean {
  const key = (e: LibraryEntry): string => [...e.checks].sort().join(',') + '|' + [...e.attestations].sort().join(',')
  return key(a) === key(b) || (b.checks.length > 0 && b.checks.every((c) => a.checks.includes(c)) && b.attestations.length === 0)
}

/** Both parts of a two-topic question: the weaker answer wins, and both are cited. */
function combine(a: DecidedAnswer, b: DecidedAnswer): DecidedAnswer {
  const rankOf: Record<AnswerValue, number> = { unknown: 0, no: 1, partial: 2, not_applicable: 3, text: 4, yes: 4 }
  let answer: AnswerValue = rankOf[a.answer] <= rankOf[b.answer] ? a.answer : b.answer
  if (answer === 'no' && (a.answer === 'yes' || b.answer === 'yes')) answer = 'partial'
  // A value and a yes/no do not add up to either: a person puts them together.
  if (rankOf[a.answer] === 4 && rankOf[b.answer] === 4 && a.answer !== b.answer) answer = 'unknown'
  const weaker = rankOf[a.answer] <= rankOf[b.answer] ? a : b
  const join = (x: string, y: string): string => (x === y ? x : `${x} ${y}`)
  const good = answer === 'yes' || answer === 'text'
  const out: DecidedAnswer = withoutValue({
    ...weaker,
    answer,
    confidence: Math.min(a.confidence, b.confidence),
    citations: [...new Set([...a.citations, ...b.citations])],
    rationale: join(a.rationale, b.rationale),
    namedRationale: join(a.namedRationale, b.namedRationale),
    review: good ? a.review ?? b.review : a.review ?? b.review ?? 'two-part question: one part is not fully evidenced',
    openText: good && a.openText && b.openText ? `${a.openText} ${b.openText}` : null,
  })
  if (answer === 'text') out.value = [...new Set([a.value, b.value].filter((v): v is string => !!v))].join('; ')
  return out
}

/** A favourable answer taken back for a person: half its confidence, the reason sent, what the evidence would say in the review. */
/** What the evidence alone would have answered, for the review of an answer sent to a person. */
function wouldAnswer(a: DecidedAnswer): string {
  return `the evidence alone would answer ${a.answer === 'text' ? `"${a.value ?? ''}"` : a.answer}: ${a.namedRationale}`
}

function forPerson(a: DecidedAnswer, rationale: string, review: string, citations: string[] = a.citations): DecidedAnswer {
  return withoutValue({ ...a, answer: 'unknown', confidence: round(a.confidence * 0.5), citations, rationale, namedRationale: rationale, review, openText: null })
}

/** An answer that is no longer a value keeps no `value`. */
function withoutValue(a: DecidedAnswer): DecidedAnswer {
  const out = { ...a }
  delete out.value
  return out
}

const ARM_ID = /^\/subscriptions\//i

/**
 * `{sqlPitrMinDays}` in approved wording becomes the parameter value the results were evaluated with. A
 * parameter holding resource IDs (publicEndpointAllowlist) is a count in text sent to a buyer.
 */
function withParams(text: string, results: Results, named = false): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (m, name: string) => {
    // The subscriptions the results were read from: how many, and their names for the reviewer only.
    if (name === 'subscriptions') {
      const subs = results.snapshot.subscriptions
      if (subs.length === 0) return m
      const n = `${subs.length} Azure subscription${subs.length === 1 ? '' : 's'}`
      return named ? `${n} (${subs.map((x) => x.displayName ?? x.subscriptionId).join(', ')})` : n
    }
    const v = results.parameters[name]
    if (v === undefined || v === null) return m
    const items = (Array.isArray(v) ? v : [v]).map(String)
    if (items.some((x) => ARM_ID.test(x))) return named ? items.map(resourceName).join(', ') : `${items.length} resource${items.length === 1 ? '' : 's'}`
    return items.join(', ')
  })
}

function plural(noun: string, n: number): string {
  return n === 1 ? noun : /(s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`
}

/** "Canada Central, West Europe and UK South". */
function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * A value read from the snapshot: `{min:CHECK:KEY}`, `{max:CHECK:KEY}` or `{list:CHECK:KEY}` over the
 * `observed[KEY]` of CHECK's passing findings ("35" days, "Canada Central and West Europe"). Services that
 * record the same setting under different names are read together, `{min:CHECK:KEY;CHECK2:KEY2}` (Azure
 * SQL's and PostgreSQL's retention days). Null when no passing finding holds the key, or one of them does not, so the
 * value is not given rather than given with a hole.
 */
function observedValue(agg: string, sources: string, ev: CheckEvidence | null): string | null {
  const keyOf = new Map(sources.split(';').map((s) => [s.slice(0, s.indexOf(':')).trim(), s.slice(s.indexOf(':') + 1).trim()]))
  const values = (ev?.passing ?? []).filter((f) => keyOf.has(f.checkId)).map((f) => (f.observed && typeof f.observed === 'object' ? (f.observed as Record<string, unknown>)[keyOf.get(f.checkId)!] : undefined))
  const present = values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
  // A passing resource that does not show the value would be left out of "the shortest window": none is given.
  if (present.length === 0 || present.length < values.length) return null
  // "global" (Front Door, DNS) is where a resource is, not a region data is held in.
  if (agg === 'list') return listWords([...new Set(present.map(String))].filter((x) => x.toLowerCase() !== 'global').sort()) || null
  const nums = present.map(Number).filter((x) => Number.isFinite(x))
  if (nums.length !== present.length) return null
  return String(agg === 'min' ? Math.min(...nums) : Math.max(...nums))
}

/**
 * What a value question asks for that an entry's value must name to answer it: "Which cipher suites…?" is
 * not answered by "TLS 1.2 or higher", nor "which algorithm?" by a value that names none.
 */
const ASKED_KINDS: Array<{ asked: RegExp; stated: RegExp; what: string }> = [
  { asked: /\bcipher(?:s| suites?)?\b/i, stated: /\bcipher/i, what: 'cipher suites' },
  // "In which paired/secondary region are the geo-redundant copies kept?", "Which of your regions is the primary and
  // which the DR region?": a region named by its role, which "kept outside the primary region" does not name.
  { asked: /\b(?:which|what|to which|in which) (?:(?:secondary|paired|backup|failover|dr|other|recovery)[\s/]+){0,3}regions?\b.*\b(?:replicat|cop(?:y|ied)|backup|failover)|\bwhich\b[^.?]*\bregions?\b[^.?]*\b(?:primary|secondary|dr|failover|paired)\b/i, stated: /\{list:|\b(?:Central|East|West|North|South)\b/, what: 'the name of the region' },
  // "Do you use Azure Policy to deny public storage?": the checks read the settings, not what enforces them.
  { asked: /\bazure polic(?:y|ies)\b|\bpolicy (?:assignments?|initiatives?|definitions?)\b/i, stated: /\bAzure Policy\b/, what: 'Azure Policy (what enforces the setting, which no check reads)' },
  // "Which OWASP rule set version does the WAF use?": "OWASP managed rules" names none.
  { asked: /\b(?:rule ?sets?|crs|drs|owasp)\b[^.?]*\bversions?\b|\bversions? of the (?:owasp |core |default |managed )?rule ?sets?\b|\brule ?sets?\s+v?\d|\b(?:crs|drs)\s*v?\d/i, stated: /\b(?:CRS|DRS|OWASP)\s*\d/, what: 'the rule set version' },
  // "Is mutual TLS used between services?": a minimum TLS version says nothing of client certificates.
  { asked: /\bm-?tls\b|\bmutual(?:ly authenticated)? tls\b|\bclient certificates?\b|\bcertificate-based client auth/i, stated: /\bmutual\b|\bclient certificate/i, what: 'mutual TLS (client certificates), which no check reads' },
  // "Are VM disks encrypted with a key from the vault that holds the TDE protector?": what is asked of is the disks.
  { asked: /\b(?:virtual machine|vm|managed|os|data) disks?\b/i, stated: /\bdisks?\b/i, what: 'virtual machine disks (no check reads them)' },
  // "What is the longest expiry you allow on SAS tokens?": no check reads a token's lifetime.
  { asked: /\b(?:expir\w*|lifetimes?|validity|valid for|time[- ]limited)\b[^.?]*\b(?:sas|tokens?|signatures?)\b|\b(?:sas|tokens?|signatures?)\b[^.?]*\b(?:expir\w*|lifetimes?|validity)\b/i, stated: /\bexpir/i, what: "a SAS token's lifetime (no check reads it)" },
  // "Are Activity Log (control-plane) events kept a year?": no check reads where the Activity Log goes.
  { asked: /\bactivity logs?\b|\bcontrol[- ]plane (?:logs?|events?|operations?)\b/i, stated: /\bActivity Log\b/, what: 'the Azure Activity Log (no check reads where it is exported or how long it is kept)' },
  // "Who can change the WAF rules?" asks for a person, a role or a party: the WAF's mode is not one.
  { asked: /^\s*(?:[A-Z]{1,6}[-.\d]*\s*[:.)]\s*)?who\b|\b(?:state|describe|list|specify|identify|name) who\b/i, stated: /\b(?:Microsoft|we|our|us|customers?|team|teams|roles?|administrators?|engineers?|staff|personnel|provider|owners?|people)\b/i, what: 'who (a person, role or party)' },
  // "…how long are monthly and yearly long-term SQL backups kept?": the checks read weekly retention.
  // Not one of the choices offered beside weekly ("taken daily, weekly, or monthly?").
  { asked: /^(?![\s\S]*\bweekly\b)[\s\S]*(?:\b(?:monthly|yearly|annual)\b[^.?]*\b(?:backups?|ltr|long[- ]term)\b|\b(?:backups?|ltr)\b[^.?]*\b(?:monthly|yearly)\b)|\b(?:excluding|other than|apart from|besides|aside from|beyond) (?:the )?weekly\b/i, stated: /\b(?:monthly|yearly|annual)/i, what: 'monthly or yearly long-term retention (the checks read the weekly one)' },
  { asked: /\balgorithms?\b|\bkey (?:length|size|strength)s?\b|\b(?:length|size) of the keys?\b|\bin strength\b|\b(?:rsa|ecc|ec)[- ]?\d{3,4}\b|\b\d{3,4}[- ]?bits?\b|\bp-?(?:256|384|521)\b/i, stated: /\b(?:AES|RSA|ECC|EC|SHA|ChaCha)[- ]?\d*|\bbits?\b/i, what: 'an algorithm or key length' },
]
function askedButNotStated(given: string, value: string): string | null {
  // "Which `sslPolicy.cipherSuites` are enabled?": a property's name read as its words.
  const question = given.replace(/([a-z])([A-Z])/g, '$1 $2')
  return ASKED_KINDS.find((k) => k.asked.test(question) && !k.stated.test(value))?.what ?? null
}

const UNIVERSAL = /\b(?:all|each|only|none|always|everywhere)\b|\bevery\s+(?!\{|\d|few\b)/i

/**
 * An entry's `value`: parameters, `{count}` / `{count:database}` from the resources that pass (`of` the
 * resources in scope, when not all do), and values read from the snapshot (observedValue), which come from
 * the passing resources only. Null when a placeholder cannot be filled.
 */
function valueText(e: LibraryEntry, ev: CheckEvidence | null, results: Results, of?: number): string | null {
  const n = ev ? new Set(ev.passing.map((f) => f.resourceId)).size : 0
  let hole = false
  // Where the value holds on only some resources, the count says of how many ("8 of 10 keys").
  const counted = (noun: string | undefined): string => {
    const total = of ?? n
    const head = of === undefined ? `${n}` : `${n} of ${of}`
    return noun ? `${head} ${plural(noun, total)}` : head
  }
  // A list read from the passing resources only ("held today in Canada Central") would leave out where the
  // failing ones are: no partial value is given from a list.
  if (of !== undefined && /\{list:/.test(e.value!)) return null
  const template = of === undefined ? e.value! : e.value!.replace(/\b(?:all|every|each of the) (?=\{count)/gi, '')
  // Nor from a value with no count to say of how many, or one that says all of them ("on every Azure SQL
  // server", "only the API gateway"): a frequency ("at most every 90 days") is not such a word.
  if (of !== undefined && (!/\{count/.test(template) || UNIVERSAL.test(template))) return null
  const text = withParams(template, results)
    .replace(/\{count(?::([a-zA-Z ]+))?\}/g, (_m, noun: string | undefined) => counted(noun))
    .replace(/\{(min|max|list):([a-z0-9-]+:[^{}]+)\}/g, (_m, agg: string, sources: string) => observedValue(agg, sources, ev) ?? ((hole = true), ''))
  return hole || /\{[A-Za-z][\w:]*\}/.test(text) ? null : text
}

/**
 * A wording's values read from the snapshot (`{list:resource-location-allowed:location}`), filled from the
 * passing resources as in a value; one that cannot be filled is taken out with its brackets, never sent as a
 * placeholder.
 */
function withObserved(text: string, ev: CheckEvidence | null): string {
  const fill = (agg: string, sources: string): string => observedValue(agg, sources, ev) ?? ''
  return text
    .replace(/\s*\(\{(min|max|list):([a-z0-9-]+:[^{}]+)\}\)/g, (_m, agg: string, sources: string) => {
      const v = fill(agg, sources)
      return v ? ` (${v})` : ''
    })
    .replace(/\{(min|max|list):([a-z0-9-]+:[^{}]+)\}/g, (_m, agg: string, sources: string) => fill(agg, sources))
}

/** Approved wording opens with "Yes." for yes/no questions; a value answer states the rest. */
function withoutYes(text: string): string {
  return capitalised(text.replace(/^(yes|no)[.,]\s*/i, ''))
}

const EVERY_SERVICE = /\b(?:all|every|each|any)\s+(?:of (?:the|your) )?(?:internet[- ]facing|public|external|entry|endpoints?|services?|systems?|applications?|components?|resources?|connections?|traffic|tiers?|layers?)\b|\bboth\b|\beverywhere\b|\bas well as\b/i

const FAMILIES = new WeakMap<Results, Map<string, string | undefined>>()

/** Each check's service family, worked out once per results rather than once per answer. */
function familiesOf(results: Results): Map<string, string | undefined> {
  let family = FAMILIES.get(results)
  if (!family) FAMILIES.set(results, (family = new Map(results.checks.map((c) => [c.id, familyOf(c.resourceType)]))))
  return family
}

/**
 * "Are Azure SQL backups geo-redundant?", answered by an entry about every database's backups: only the
 * checks of the data stores the question names are its evidence (PostgreSQL's failing does not make SQL's
 * answer partial). Only for an entry whose checks all read data stores, or one marked `perService` (the
 * same safeguard on each service: TLS, the WAF's mode): one whose wording speaks of more ("only the API
 * gateway is public") keeps all its evidence.
 */
function checksAsked(text: string, e: LibraryEntry, results: Results): string[] {
  const family = familiesOf(results)
  const of = e.checks.map((c) => family.get(c))
  if (of.some((f) => f === undefined || (!e.perService && !DATA_STORES.has(f))) || new Set(of).size < 2) return e.checks
  // "…in front of all internet-facing applications, both at the CDN edge and at the reverse proxy": the
  // services named are not all the question asks of, so every service's evidence stays.
  if (e.perService && EVERY_SERVICE.test(text)) return e.checks
  const named = namedFamilies(text)
  // "…on your databases, storage and Service Bus": the databases, named by no product, are asked as well.
  const databases = named.size > 0 && asksEveryDatabase(text, [...named])
  const kept = e.checks.filter((c) => named.has(family.get(c)!) || (databases && DATABASES.includes(family.get(c)!)))
  return kept.length > 0 ? kept : e.checks
}

function fromEntry(q: Question, given: LibraryEntry, conf: number, results: Results, now: Date): DecidedAnswer {
  const raw: LibraryEntry = { ...given, checks: checksAsked(q.text, given, results) }
  // The services the answer was narrowed to, when the entry's other checks do not all pass.
  const family = familiesOf(results)
  const narrowedTo = raw.checks.length < given.checks.length && checkEvidence(given.checks, results).state !== 'pass'
    ? [...new Set(raw.checks.map((c) => family.get(c)).filter((f): f is string => f !== undefined).map(serviceName))]
    : null
  const e: LibraryEntry = { ...raw, wording: withParams(raw.wording, results), gap: raw.gap ? withParams(raw.gap, results) : undefined }
  const namedWording = withParams(raw.wording, results, true)
  const valueAsked = asksForValue(q.text)
  const base = [...e.checks, ...e.controls]
  if (e.approval) {
    const from = e.approval.source ? ` (from ${e.approval.source.file}, question ${e.approval.source.question})` : ''
    const today = now.toISOString().slice(0, 10)
    if (e.approval.expires && e.approval.expires < today) {
      const rationale = 'Not answered automatically: the approved answer to this question has expired. A person should review it.'
      return finish(q, e, 'unknown', conf * 0.5, base, { rationale }, `the answer approved by ${e.approval.by} on ${e.approval.at}${from} expired on ${e.approval.expires}: "${e.wording}"`)
    }
    if (approvedOnly(e)) {
      // A person's approved answer to this very question: given as it was, with its approver named.
      if (valueAsked || !e.answer) {
        if (valueAsked && e.value) return finish(q, e, 'text', conf, base, { rationale: e.wording, value: e.value }, null)
        const rationale = 'Not answered automatically: the approved past answer does not fit the question. A person should answer it.'
        return finish(q, e, 'unknown', conf * 0.5, base, { rationale }, `the approved past answer${from} is ${e.answer ?? `"${e.value ?? ''}"`}, which does not answer ${valueAsked ? 'a question asking for a value' : 'a yes/no question'}`)
      }
      return finish(q, e, e.answer, conf, base, { rationale: e.wording, named: namedWording }, null)
    }
  }
  if (e.inherited.length > 0 && e.checks.length === 0 && e.attestations.length === 0) {
    // What the cloud provider runs (its buildings, hypervisors, hardware): answered from its report, named.
    const report = inheritedReport(e, results)
    if (!report) {
      const rationale = "Not answered automatically: the cloud provider's report that covers this is not declared, or has expired. A person should review it."
      return finish(q, e, 'unknown', conf * 0.5, base, { rationale }, `no valid provider report ${e.inherited.join(' or ')} in trustpack.yaml \`inherited:\` (suggested wording once declared: "${e.wording}")`)
    }
    const by = `Inherited from ${report.provider}: ${report.report}, issued ${report.issued}, valid until ${report.expires} (scope: ${report.scope}).`
    if (valueAsked) {
      if (!e.value) return finish(q, e, 'unknown', conf * 0.5, base, { rationale: 'Not answered automatically: the question asks for a value, which the approved answer does not state. A person should answer it.' }, `asks for a value; no approved value for "${e.topic}"`)
      return finish(q, e, 'text', conf, base, { rationale: `${withoutYes(e.wording)} ${by}`, value: withParams(e.value, results) }, null)
    }
    return finish(q, e, e.negative ? 'no' : 'yes', conf, base, { rationale: `${e.wording} ${by}` }, null)
  }
  // An approved answer that cites checks, attestations or the scan is evidence-gated like any other entry.
  if (e.answer && !e.approval) {
    // "Which card data do you store?" is not answered by "No": a fixed position has no value to give.
    if (valueAsked) return finish(q, e, 'unknown', conf * 0.5, base, { rationale: 'Not answered automatically: the question asks for a value, which the approved position does not give. A person should answer it.' }, `asks for a value; the approved position is ${e.answer}: "${e.wording}"`)
    return finish(q, e, e.answer, conf, base, { rationale: e.wording, named: namedWording }, null)
  }

  const citations = [...e.checks, ...e.controls, ...controlsForChecks(e.checks, results), ...claimRefs(e, results), ...e.attestations]
  // "Are weak cipher suites disabled?" is not answered by a minimum TLS version, passing or failing: a yes/no
  // about what the entry's answer does not state goes to a person, as a value question does.
  const unstated = plansUnread(q.text, e.checks, results) ?? (valueAsked ? null : askedButNotStated(q.text, `${e.wording} ${e.value ?? ''}`))
  if (unstated) {
    const rationale = `Not answered automatically: the question asks about ${unstated}, which the evidence and the approved answer do not state. A person should answer it.`
    return finish(q, e, 'unknown', conf * 0.5, citations, { rationale }, `asks about ${unstated}; "${e.topic}" does not state it`)
  }
  const databases = databaseScope(q.text, e, results)
  const platform = databases?.platform.map((p) => (/[.!]$/.test(p) ? p : `${p}.`)) ?? []
  let state: 'pass' | 'partial' | 'fail' | 'unknown' = 'pass'
  let ev: CheckEvidence | null = null
  if (e.checks.length > 0) {
    ev = checkEvidence(e.checks, results)
    const asked = plansAsked(q.text, e.checks, results)
    if (asked) ev = forPlans(ev, asked.plans, asked.names)
    state = ev.state
  }
  let scanned = ''
  let scannedNamed = ''
  if (e.scanned) {
    // Grounded by the scan itself: these results were read from live Azure subscriptions.
    const subs = results.snapshot.subscriptions
    if (subs.length === 0 || results.findings.length === 0) state = state === 'pass' && e.checks.length > 0 ? state : 'unknown'
    else {
      const head = `Evidence: ${results.findings.length} findings read from ${subs.length} Azure subscription${subs.length === 1 ? '' : 's'}`
      const date = `scanned ${results.snapshot.finishedAt.slice(0, 10)}.`
      scanned = `${head}, ${date}`
      scannedNamed = `${head} (${subs.map((x) => x.displayName ?? x.subscriptionId).join(', ')}), ${date}`
    }
  }
  const att = e.attestations.length > 0 ? validAttestation(e.attestations, results) : null
  if (e.attestations.length > 0 && !att && state === 'pass') state = 'unknown'

  // "How many Service Bus namespaces still accept SAS keys?", "What percentage of key vaults have purge
  // protection?": the findings count them, or a person does when they cannot all be counted.
  const counting = valueAsked && ev && !e.scanned ? countAsked(q.text) : null
  if (counting && ev) {
    const direction = countDirection(q.text)
    const short = direction === 'short'
    const counted = databases?.unread || direction === null ? null : tally(ev, short, counting === 'share')
    if (!counted) {
      const why = direction === null ? 'whether it asks after those that meet it or those that do not is unclear' : databases?.unread ? `the evidence does not read ${databases.unread}` : ev.state === 'unknown' ? unknownReason(ev, false) : 'no resource was judged'
      const rationale = `Not answered automatically: the question asks how many, and the evidence cannot count them all (${why}). A person should answer it.`
      return finish(q, e, 'unknown', conf * 0.5, citations, { rationale }, `asks for a count; ${direction !== null && !databases?.unread && ev.state === 'unknown' ? unknownReason(ev, true) : why}`)
    }
    // What was counted against, in the checks' own titles: a negative entry's topic names the hazard.
    const judgedChecks = [...new Set([...ev.passing, ...ev.failing].map((f) => f.checkId))]
    const titles = judgedChecks.map((id) => results.checks.find((c) => c.id === id)?.title ?? id).join('"; "')
    const exceptions = counted.excepted > 0 ? ` ${counted.excepted} under an accepted exception ${counted.excepted === 1 ? 'is' : 'are'} counted as not meeting it.` : ''
    const shortfall = [...new Set(ev.failing.map((f) => f.checkId))]
    const failed = (named: boolean): string => (shortfall.length > 0 ? ` ${shortfall.join(', ')} fail${shortfall.length === 1 ? 's' : ''} on ${named ? listNames(ev.failing) : countResources(ev.failing)}.` : '')
    const date = `(evaluated ${results.evaluatedAt.slice(0, 10)})`
    const evidence = (named: boolean): string => (ev.passing.length > 0 ? describeEvidence(ev, results, named) : `Evidence: no resource passes ${e.checks.join(', ')} ${date}.`)
    // "How many databases are encrypted?": the SQL databases counted, and what holds by itself on the others.
    const others = platform.length > 0 ? ` ${platform.join(' ')}` : ''
    const says = (named: boolean): string => `${counted.value} ${short ? 'do not meet' : 'meet'} "${titles}".${exceptions}${others} ${evidence(named)}${failed(named)}`
    const answer = finish(q, e, 'text', conf, citations, { rationale: says(false), named: says(true), value: platform.length > 0 ? `${counted.value}; ${platform.map((p) => p.replace(/\.$/, '')).join('; ')}` : counted.value }, shortfall.length > 0 ? `counted: ${shortfall.join(', ')} fail${shortfall.length === 1 ? 's' : ''} on ${listNames(ev.failing)}` : null)
    return shortfall.length > 0 ? { ...answer, statedShortfall: shortfall } : answer
  }

  const yes: AnswerValue = e.negative && !e.admits ? 'no' : 'yes'
  const no: AnswerValue = e.negative ? 'yes' : 'no'
  // "Is anything reachable from the internet?" with more than the gateway open: yes, but not the yes the
  // wording gives; a person says what else is.
  if (e.admits && (state === 'fail' || state === 'partial') && !valueAsked) {
    const failing = ev!.failing
    const checks = [...new Set(failing.map((f) => f.checkId))]
    const say = (named: boolean): string => `Not answered automatically: the answer is yes, and more than the approved answer states, since ${checks.join(', ')} fail${checks.length === 1 ? 's' : ''} on ${named ? listNames(failing) : countResources(failing)}. A person should say what is exposed.`
    return finish(q, e, 'unknown', conf * 0.5, citations, { rationale: say(false), named: say(true) }, `admits only what passing evidence shows: ${checks.join(', ')} on ${listNames(failing)}`)
  }
  switch (state) {
    case 'pass': {
      // Favourable for the databases read, silent on the others: a person answers for all of them. (Where the
      // evidence fails, "not everywhere" is true whatever the unread ones show.)
      if (databases?.unread) {
        const say = (named: boolean): string => `Not answered automatically: the question asks about every database, and the evidence does not read ${databases.unread}. ${describeEvidence(ev!, results, named)} A person should answer it.`
        return finish(q, e, 'unknown', conf * 0.5, citations, { rationale: say(false), named: say(true) }, `asks about every database; the checks of "${e.topic}" (${e.checks.join(', ')}) do not read ${databases.unread}`)
      }
      // Judged for the plans asked, the entry's wording (every plan on) would claim more than was judged.
      const planned = ev?.plans ? `${ev.plans.names} ${ev.plans.names.includes(' and ') ? 'are' : 'is'} on the Standard tier in every subscription in scope` : null
      // Judged for the services asked while another one fails, the wording ("every web app, gateway, database
      // and storage account…") would state what is false: the answer says for which services it holds.
      const narrowed = narrowedTo ? `${e.negative ? 'No' : 'Yes'} for ${listWords(narrowedTo)}, the service${narrowedTo.length === 1 ? '' : 's'} asked (${withoutYes(e.topic).replace(/^./, (c) => c.toLowerCase())}).` : null
      const safe = [planned ? `${e.negative ? 'No' : 'Yes'}. ${planned}.` : narrowed ?? withObserved(e.wording, ev)]
      const named = [planned || narrowed ? safe[0]! : withObserved(namedWording, ev)]
      if (ev) {
        safe.push(describeEvidence(ev, results, false))
        named.push(describeEvidence(ev, results, true))
      }
      safe.push(...platform)
      named.push(...platform)
      if (scanned) {
        safe.push(scanned)
        named.push(scannedNamed)
      }
      if (att) {
        const a = `Attested (${att.control}): ${att.statement}; owner ${att.owner}, valid until ${att.expires}.`
        safe.push(a)
        named.push(a)
      }
      if (!valueAsked) return finish(q, e, yes, conf, citations, { rationale: safe.join(' '), named: named.join(' ') }, null)
      const missing = e.value ? askedButNotStated(q.text, e.value) : null
      if (missing) {
        const rationale = `Not answered automatically: the question asks for ${missing}, which the evidence and the approved value do not state. A person should answer it.`
        return finish(q, e, 'unknown', conf * 0.5, citations, { rationale }, `asks for ${missing}; the value "${e.value}" does not state it`)
      }
      const valued = planned ?? (e.value ? valueText(e, ev, results) : null)
      // A value judged for the services asked says so ("For Service Bus: TLS 1.2 or higher…").
      const read = valued !== null && narrowedTo && !planned ? `For ${listWords(narrowedTo)}: ${valued}` : valued
      const value = read !== null && platform.length > 0 ? `${read}; ${platform.map((p) => p.replace(/\.$/, '')).join('; ')}` : read
      if (value !== null) {
        safe[0] = withoutYes(safe[0]!)
        named[0] = withoutYes(named[0]!)
        return finish(q, e, 'text', conf, citations, { rationale: safe.join(' '), named: named.join(' '), value }, null)
      }
      // The evidence holds, but the approved answer has no value to give ("35 days"); a yes would not answer.
      if (e.value) {
        const rationale = 'Not answered automatically: the value could not be read from the evidence. A person should answer it.'
        return finish(q, e, 'unknown', conf * 0.5, citations, { rationale }, `asks for a value; "${e.value}" could not be filled from the results (a parameter or an observed value is missing)`)
      }
      return finish(q, e, 'unknown', conf * 0.5, citations, { rationale: 'Not answered automatically: the question asks for a value, which the approved answer does not state. A person should answer it.', named: `Not answered automatically: the question asks for a value, which the approved answer does not state. ${named.join(' ')}` }, `asks for a value; no approved value for "${e.topic}" (the evidence holds: "${namedWording}")`)
    }
    case 'partial':
    case 'fail': {
      const failing = ev!.failing
      const checks = [...new Set(failing.map((f) => f.checkId))]
      const fails = `${checks.join(', ')} fail${checks.length === 1 ? 's' : ''}`
      const all = [...ev!.passing, ...failing]
      const total = new Set(all.map((f) => f.resourceId)).size
      const nFail = new Set(failing.map((f) => f.resourceId)).size
      // "Does any namespace still accept SAS keys?" with one of two that does: yes, there is one; "Partial" would
      // read as a hedge.
      const oneIsEnough = state === 'partial' && e.negative && ASKS_AFTER_ANY.test(q.text)
      const lead =
        oneIsEnough
          ? `Yes: ${nFail} of ${countResources(all)} in scope do not meet it`
          : state === 'partial'
          ? `Not everywhere: ${nFail} of ${countResources(all)} in scope do not meet it`
          : `Not at present: none of the ${countResources(all)} in scope meet${total === 1 ? 's' : ''} it`
      const gap = e.gap ? ' ' + e.gap : ''
      const why = `${state === 'partial' ? 'partial' : 'failing'}: ${checks.join(', ')} on ${listNames(failing)}`
      if (valueAsked && state === 'partial' && e.value && !askedButNotStated(q.text, e.value)) {
        // "How often are keys rotated?" with 2 of 10 keys lacking a policy: the value where it holds, and
        // where it does not, said in the same breath. Flagged for review like every partial answer.
        const held = valueText(e, ev, results, total)
        if (held !== null) {
          const short = `not everywhere: ${nFail} of ${countResources(all)} in scope do not meet it (${fails})`
          const rationale = `Where it holds: ${held}; ${short}.${gap}`
          const answer = finish(q, e, 'text', Math.min(conf, REVIEW_CONFIDENCE - 0.01), citations, { rationale, named: `Where it holds: ${held}; ${short} on ${listNames(failing)}.${gap}`, value: `${held}; ${short}` }, `partial: the value holds on ${total - nFail} of ${total}; ${why}`)
          return { ...answer, statedShortfall: checks }
        }
      }
      if (valueAsked) {
        // "How long are backups kept?" answered "No" says nothing; the value holds nowhere or not everywhere.
        const rationale = `Not answered automatically: the question asks for a value, and it does not hold everywhere (${lead.replace(/^Not (everywhere|at present): /, '')}; ${fails}). A person should review it.`
        return finish(q, e, 'unknown', conf * 0.5, citations, { rationale, named: `${rationale.replace(/\. A person should review it\.$/, '')} on ${listNames(failing)}. A person should review it.` }, `asks for a value; ${why}`)
      }
      const answer: AnswerValue = state === 'partial' && !oneIsEnough ? 'partial' : no
      return finish(q, e, answer, conf, citations, { rationale: `${lead} (${fails}).${gap}`, named: `${lead} (${fails} on ${listNames(failing)}).${gap}` }, why)
    }
    default: {
      const reasons = (named: boolean): string[] => {
        const r: string[] = []
        if (ev && ev.state === 'unknown') r.push(unknownReason(ev, named))
        if (e.attestations.length > 0 && !att) r.push(`no valid attestation for ${e.attestations.join(' or ')}`)
        return r
      }
      const say = (named: boolean): string => `Not answered automatically: ${reasons(named).join('; ')}. A person should review it.`
      return finish(q, e, 'unknown', conf * 0.5, citations, { rationale: say(false), named: say(true) }, `evidence missing: ${reasons(true).join('; ')} (suggested wording once confirmed: "${namedWording}")`)
    }
  }
}

/** A question after a single instance: "Is any…", "Does at least one…", "Are there…". */
const ASKS_AFTER_ANY = /\b(?:any|anything|anyone|at least one|a single|is there an?|are there)\b/i

/** The entry's trust claims that are in these results, cited as framework:controlId. */
function claimRefs(e: LibraryEntry, results: Results): string[] {
  return e.claims.filter((id) => results.controls.some((c) => c.framework === TRUST_CLAIMS && c.controlId === id)).map((id) => `${TRUST_CLAIMS}:${id}`)
}

/**
 * No library entry, but a check clearly matches. Without an entry we do not know the question's polarity
 * ("are databases encrypted?" vs "are databases reachable?"), so even a failure is not turned into yes/no:
 * the answer is `unknown` and the rationale names what the check shows.
 */
function fromCheckOnly(q: Question, checkId: string, conf: number, results: Results): DecidedAnswer {
  const ev = checkEvidence([checkId], results)
  const info = results.checks.find((c) => c.id === checkId)
  const citations = [checkId, ...controlsForChecks([checkId], results, 3)]
  const title = info?.title ?? checkId
  const n = new Set(ev.passing.map((f) => f.resourceId)).size
  const shows = (named: boolean): string =>
    ev.state === 'fail' || ev.state === 'partial'
      ? `related check "${title}" fails on ${named ? listNames(ev.failing) : countResources(ev.failing)}`
      : ev.state === 'pass'
        ? `related check "${title}" passes on ${n} resource${n === 1 ? '' : 's'}`
        : `related check "${title}": ${unknownReason(ev, named)}`
  const say = (named: boolean): string => `Not answered automatically: no approved answer for this question; ${shows(named)}. A person should review it.`
  return finish(q, null, 'unknown', conf * 0.5, citations, { rationale: say(false), named: say(true) }, `no approved answer; ${shows(true)}`)
}

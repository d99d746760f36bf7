// Matching questions to library entries, checks and controls (BM25 + synonyms), and deciding each answer
// from the current results. The rule that matters: never a favourable answer the evidence does not carry.
import type { Results } from '../snapshot/results.js'
import { Bm25Index, type Bm25Doc, type Bm25Hit } from './bm25.js'
import { analyse, outOfScopeTerms, polarityCues, processCues, words } from './text.js'
import { checkEvidence, controlsForChecks, listNames, validAttestation, type CheckEvidence } from './evidence.js'
import type { AnswerLibrary, LibraryEntry } from './library.js'
import type { AnswerValue, DecidedAnswer, Question } from './types.js'

/** Below this match confidence nothing is answered; it goes to a person. */
export const ACCEPT_CONFIDENCE = 0.5
/** Fixed company positions (library `answer:`) need this much. */
export const FIXED_CONFIDENCE = 0.7
/** Below this an answer (even a grounded one) is flagged for review. */
export const REVIEW_CONFIDENCE = 0.65
/** Candidates above this are cited on `unknown` answers as evidence for the reviewer. */
const SUGGEST_CONFIDENCE = 0.3

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

/**
 * The part of a question that asks. Long questionnaire items (VSAQ) explain first and ask last; matching the
 * explanation too lets incidental words ("plain HTTP", "encrypted") pull in the wrong topic.
 */
export function focusText(text: string): string {
  const sentences = text.split(/(?<=[.?!])\s+(?=[A-Z(])/).map((s) => s.trim()).filter((s) => s !== '')
  if (sentences.length <= 1) return text
  const asking = sentences.filter((s) => s.endsWith('?'))
  const focus = (asking.length > 0 ? asking : [sentences[sentences.length - 1]!]).join(' ')
  return analyse(focus).length >= 3 ? focus : text
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

function entryText(e: LibraryEntry): string {
  return `${e.topic} ${e.keywords.join(' ')} ${e.wording}`
}

export function buildMatcher(library: AnswerLibrary, results: Results): Matcher {
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
  const entryCues = new Map(library.entries.map((e) => [e.id, polarityCues(`${e.topic} ${e.keywords.join(' ')} ${e.questions.join(' ')}`)]))
  const entryProcess = new Map(library.entries.map((e) => [e.id, processCues(`${e.topic} ${e.keywords.join(' ')} ${e.questions.join(' ')}`)]))
  const entryExclude = new Map(library.entries.map((e) => [e.id, e.exclude.map((t) => ` ${words(t).join(' ')} `)]))

  const rankText = (text: string, whole: string): Ranked => {
    const hits = index.search(analyse(text), 60)
    const oos = outOfScopeTerms(whole)
    const best = new Map<string, Scored<string>>()
    const out = { entries: [] as Scored<string>[], checks: [] as Scored<string>[], controls: [] as Scored<string>[] }
    const qWords = ` ${words(whole).join(' ')} `
    const cues = polarityCues(text)
    const process = processCues(whole)
    for (const h of hits) {
      if (h.ref.kind === 'entry' && entryExclude.get(h.ref.id)!.some((t) => qWords.includes(t))) continue
      // "Exposed to the internet?" asks the opposite of "closed to the internet?": only entries phrased that way.
      if (h.ref.kind === 'entry' && cues.some((c) => !entryCues.get(h.ref.id)!.includes(c))) continue
      // …and an entry phrased that way only answers a question phrased that way.
      if (h.ref.kind === 'entry' && cues.length === 0 && entries.get(h.ref.id)!.negative && entryCues.get(h.ref.id)!.length > 0) continue
      const key = `${h.ref.kind}:${h.ref.id}`
      let conf = confidenceOf(h)
      if (oos.length > 0) {
        // Offices, laptops, people…: our evidence is the cloud estate. Only an entry that names the term keeps its weight.
        const own = h.ref.kind === 'entry' ? entryOos.get(h.ref.id)! : []
        if (!oos.every((t) => own.includes(t))) conf *= 0.5
      }
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
    return out
  }

  const rank = (q: Question): Ranked => rankText(focusText(q.text), q.text)

  const decideOne = (q: Question, r: Ranked): DecidedAnswer => {
    const top = r.entries[0]
    const second = r.entries[1]
    if (top && second && top.confidence >= ACCEPT_CONFIDENCE && top.confidence - second.confidence < 0.05 && entries.get(top.ref)!.negative !== entries.get(second.ref)!.negative) {
      // Two readings of opposite polarity fit equally well: a yes could mean either, so a person decides.
      const e = entries.get(top.ref)!
      return finish(q, e, 'unknown', top.confidence * 0.5, [...e.checks, ...entries.get(second.ref)!.checks], 'Not answered automatically: the question can be read two opposite ways. A person should review it.', `ambiguous polarity: "${e.topic}" vs "${entries.get(second.ref)!.topic}"`)
    }
    // A fixed position ("we do not process card data") needs a closer match than an evidence-backed answer.
    if (top && top.confidence >= (entries.get(top.ref)!.answer ? FIXED_CONFIDENCE : ACCEPT_CONFIDENCE)) return fromEntry(q, entries.get(top.ref)!, top.confidence, results)
    const topCheck = r.checks[0]
    if (topCheck && topCheck.confidence >= ACCEPT_CONFIDENCE) return fromCheckOnly(q, topCheck.ref, topCheck.confidence, results)
    // Weak match: a person answers; cite the nearest evidence to save them time.
    const suggested: string[] = []
    const hint = [...r.entries].sort((a, b) => b.related - a.related)[0]
    if (hint && hint.related >= ACCEPT_CONFIDENCE) suggested.push(...entries.get(hint.ref)!.checks)
    else if (top && top.confidence >= SUGGEST_CONFIDENCE) suggested.push(...entries.get(top.ref)!.checks)
    for (const c of r.checks) if (c.confidence >= SUGGEST_CONFIDENCE && suggested.length < 3 && !suggested.includes(c.ref)) suggested.push(c.ref)
    const ctl = r.controls[0]
    if (ctl && ctl.confidence >= SUGGEST_CONFIDENCE) suggested.push(ctl.ref)
    const conf = Math.max(top?.confidence ?? 0, topCheck?.confidence ?? 0)
    return {
      questionId: q.id,
      question: q.text,
      answer: 'unknown',
      confidence: round(conf * 0.5),
      citations: suggested,
      rationale: 'Not answered automatically: no approved answer or automated evidence matches this question closely enough. A person should answer it.',
      review: suggested.length > 0 ? `weak match (${round(conf)}); possibly related: ${suggested.join(', ')}` : `no match (${round(conf)})`,
      entryId: null,
      openText: null,
      negative: false,
    }
  }

  return {
    explain: rank,
    decide(q: Question): DecidedAnswer {
      const ranked = rank(q)
      let whole = decideOne(q, ranked)
      // "Is encryption at rest enabled for storage accounts and databases?": two close topics joined by
      // "and" must both hold.
      const [t1, t2] = ranked.entries
      if (whole.entryId && t1 && t2 && t1.ref === whole.entryId && t2.confidence >= 0.6 && t1.confidence - t2.confidence <= 0.1 && /\band\b/i.test(focusText(q.text))) {
        const a = entries.get(t1.ref)!
        const b = entries.get(t2.ref)!
        if (!b.answer && !a.answer && a.negative === b.negative && !sameEvidence(a, b) && !sameEvidence(b, a)) whole = combine(whole, fromEntry(q, b, t2.confidence, results))
      }
      // "Is access logged, and are the logs reviewed?": each clause is matched on its own, and every
      // clause must be evidenced for a favourable answer.
      const clauses = splitClauses(focusText(q.text))
      if (clauses.length < 2) return whole
      const parts = clauses.map((c) => ({ clause: c, answer: decideOne(q, rankText(c, q.text)) }))
      const matched = parts.filter((p) => p.answer.entryId !== null)
      if (matched.length === 0) return whole
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
        answer = {
          ...answer,
          answer: 'unknown',
          confidence: round(answer.confidence * 0.5),
          rationale: `Not answered automatically: the evidence covers only part of the question; ${what} is not evidenced. A person should review it.`,
          review: `two-part question: ${what} is not evidenced (the rest: ${answer.rationale})`,
          openText: null,
        }
      }
      return answer
    },
  }
}

/** Clauses joined by "and" + a new question ("… logged, and are the logs reviewed?"). */
export function splitClauses(text: string): string[] {
  return text
    .split(/,?\s+and\s+(?=(?:do|does|did|are|is|was|were|have|has|can|could|will|would|should|how|what|where|when|who|which)\b)/i)
    .map((c) => c.trim())
    .filter((c) => c !== '')
}

function isFavourable(a: DecidedAnswer): boolean {
  return (a.answer === 'yes' && !a.negative) || (a.answer === 'no' && a.negative) || a.answer === 'not_applicable'
}

function describeEvidence(ev: CheckEvidence, results: Results): string {
  const checks = [...new Set(ev.passing.map((f) => f.checkId))]
  const n = new Set(ev.passing.map((f) => f.resourceId)).size
  const date = results.evaluatedAt.slice(0, 10)
  let s = `Evidence: ${n} resource${n === 1 ? '' : 's'} pass${n === 1 ? 'es' : ''} ${checks.join(', ')} (evaluated ${date}).`
  if (ev.noResources.length > 0) s += ` No resources in scope for ${ev.noResources.join(', ')}.`
  if (ev.excepted.length > 0) {
    const ex = ev.excepted.map((f) => `${listNames([f])} under an accepted exception (${f.exception!.reason}, until ${f.exception!.expires})`).join('; ')
    s += ` Note: ${ex}.`
  }
  return s
}

function unknownReason(ev: CheckEvidence): string {
  const parts: string[] = []
  if (ev.errored.length > 0) parts.push(`the settings of ${listNames(ev.errored)} could not be read`)
  if (ev.notEvaluated.length > 0) parts.push(`${ev.notEvaluated.join(', ')} ${ev.notEvaluated.length === 1 ? 'was' : 'were'} not evaluated`)
  if (ev.manual.length > 0) parts.push(`${listNames(ev.manual)} need${ev.manual.length === 1 ? 's' : ''} a manual attestation`)
  if (parts.length === 0) parts.push('no resource in scope was found to show it')
  return parts.join('; ')
}

function favourable(answer: AnswerValue, negative: boolean): boolean {
  return (answer === 'yes' && !negative) || (answer === 'no' && negative) || answer === 'not_applicable'
}

function finish(q: Question, e: LibraryEntry | null, answer: AnswerValue, confidence: number, citations: string[], rationale: string, why: string | null): DecidedAnswer {
  const negative = e?.negative ?? false
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
    rationale,
    review,
    entryId: e?.id ?? null,
    openText: q.open && favourable(answer, negative) && e ? e.wording : null,
    negative,
  }
}

function sameEvidence(a: LibraryEntry, b: LibraryEntry): boolean {
  const key = (e: LibraryEntry): string => [...e.checks].sort().join(',') + '|' + [...e.attestations].sort().join(',')
  return key(a) === key(b) || (b.checks.length > 0 && b.checks.every((c) => a.checks.includes(c)) && b.attestations.length === 0)
}

/** Both parts of a two-topic question: the weaker answer wins, and both are cited. */
function combine(a: DecidedAnswer, b: DecidedAnswer): DecidedAnswer {
  const rankOf: Record<AnswerValue, number> = { unknown: 0, no: 1, partial: 2, not_applicable: 3, yes: 4 }
  let answer: AnswerValue = rankOf[a.answer] <= rankOf[b.answer] ? a.answer : b.answer
  if (answer === 'no' && (a.answer === 'yes' || b.answer === 'yes')) answer = 'partial'
  const weaker = rankOf[a.answer] <= rankOf[b.answer] ? a : b
  return {
    ...weaker,
    answer,
    confidence: Math.min(a.confidence, b.confidence),
    citations: [...new Set([...a.citations, ...b.citations])],
    rationale: a.rationale === b.rationale ? a.rationale : `${a.rationale} ${b.rationale}`,
    review: answer === 'yes' ? a.review ?? b.review : a.review ?? b.review ?? 'two-part question: one part is not fully evidenced',
    openText: answer === 'yes' && a.openText && b.openText ? `${a.openText} ${b.openText}` : null,
  }
}

/** `{sqlPitrMinDays}` in approved wording becomes the parameter value the results were evaluated with. */
function withParams(text: string, results: Results): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (m, name: string) => {
    const v = results.parameters[name]
    return v === undefined || v === null ? m : Array.isArray(v) ? v.join(', ') : String(v)
  })
}

function fromEntry(q: Question, raw: LibraryEntry, conf: number, results: Results): DecidedAnswer {
  const e: LibraryEntry = { ...raw, wording: withParams(raw.wording, results), gap: raw.gap ? withParams(raw.gap, results) : undefined }
  const base = [...e.checks, ...e.controls]
  if (e.answer === 'not_applicable') return finish(q, e, 'not_applicable', conf, base, e.wording, null)
  if (e.answer === 'no') return finish(q, e, 'no', conf, base, e.wording, null)

  const citations = [...e.checks, ...e.controls, ...controlsForChecks(e.checks, results), ...e.attestations]
  let state: 'pass' | 'partial' | 'fail' | 'unknown' = 'pass'
  let rationale = ''
  let why: string | null = null
  let ev: CheckEvidence | null = null
  if (e.checks.length > 0) {
    ev = checkEvidence(e.checks, results)
    state = ev.state
  }
  let scanned = ''
  if (e.scanned) {
    // Grounded by the scan itself: these results were read from live Azure subscriptions.
    const subs = results.snapshot.subscriptions
    if (subs.length === 0 || results.findings.length === 0) state = state === 'pass' && e.checks.length > 0 ? state : 'unknown'
    else scanned = `Evidence: ${results.findings.length} findings read from ${subs.length} Azure subscription${subs.length === 1 ? '' : 's'} (${subs.map((x) => x.displayName ?? x.subscriptionId).join(', ')}), scanned ${results.snapshot.finishedAt.slice(0, 10)}.`
  }
  const att = e.attestations.length > 0 ? validAttestation(e.attestations, results) : null
  if (e.attestations.length > 0 && !att && state === 'pass') state = 'unknown'

  const yes: AnswerValue = e.negative ? 'no' : 'yes'
  const no: AnswerValue = e.negative ? 'yes' : 'no'
  let answer: AnswerValue
  let confidence = conf
  switch (state) {
    case 'pass': {
      answer = yes
      const parts = [e.wording]
      if (ev) parts.push(describeEvidence(ev, results))
      if (scanned) parts.push(scanned)
      if (att) parts.push(`Attested (${att.control}): ${att.statement}; owner ${att.owner}, valid until ${att.expires}.`)
      rationale = parts.join(' ')
      break
    }
    case 'partial':
    case 'fail': {
      const failing = ev!.failing
      const checks = [...new Set(failing.map((f) => f.checkId))]
      const names = listNames(failing)
      const total = new Set([...ev!.passing, ...failing].map((f) => f.resourceId)).size
      const nFail = new Set(failing.map((f) => f.resourceId)).size
      answer = state === 'partial' ? 'partial' : no
      const lead = state === 'partial' ? `Not everywhere: ${nFail} of ${total} resources in scope do not meet it` : `Not at present: none of the ${total} resource${total === 1 ? '' : 's'} in scope meet${total === 1 ? 's' : ''} it`
      rationale = `${lead} (${checks.join(', ')} fail${checks.length === 1 ? 's' : ''} on ${names}).${e.gap ? ' ' + e.gap : ''}`
      why = `${state === 'partial' ? 'partial' : 'failing'}: ${checks.join(', ')} on ${names}`
      break
    }
    default: {
      answer = 'unknown'
      confidence = conf * 0.5
      const reasons: string[] = []
      if (ev && ev.state === 'unknown') reasons.push(unknownReason(ev))
      if (e.attestations.length > 0 && !att) reasons.push(`no valid attestation for ${e.attestations.join(' or ')}`)
      rationale = `Not answered automatically: ${reasons.join('; ')}. A person should review it.`
      why = `evidence missing: ${reasons.join('; ')} (suggested wording once confirmed: "${e.wording}")`
    }
  }
  return finish(q, e, answer, confidence, citations, rationale, why)
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
  const shows =
    ev.state === 'fail' || ev.state === 'partial'
      ? `related check "${title}" fails on ${listNames(ev.failing)}`
      : ev.state === 'pass'
        ? `related check "${title}" passes on ${n} resource${n === 1 ? '' : 's'}`
        : `related check "${title}": ${unknownReason(ev)}`
  return finish(q, null, 'unknown', conf * 0.5, citations, `Not answered automatically: no approved answer for this question; ${shows}. A person should review it.`, `no approved answer; ${shows}`)
}

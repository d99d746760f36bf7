// Scoring the matcher against the labelled question set (bench/data/labelled-questions.json): citation
// hits, over-claims, mis-grounded answers, manual questions claimed from checks and the compliant-answer
// rate, per split. bench/answer.ts prints it; a test can call scoreLabelled with its own matcher.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../src/core/version.js'
import { loadCatalog } from '../src/catalog/load.js'
import { sampleResults, type CheckOutcome } from '../src/questionnaire/sample-results.js'
import type { Matcher } from '../src/questionnaire/decide.js'
import type { DecidedAnswer, Question } from '../src/questionnaire/types.js'
import type { Finding, Results, Status } from '../src/snapshot/results.js'

export type LabelKind = 'technical' | 'manual' | 'value'

export interface LabelledQuestion {
  id: string
  split: 'tune' | 'held-out'
  topic: string
  text: string
  kind: LabelKind
  /** value questions: whether the checks (or the scan) can ground the value. */
  valueGrounded?: boolean
  /** Grounded by the scan itself ("who hosts you?"), not by a check. */
  scanned?: boolean
  checks: string[]
  polarity: 'positive' | 'negative'
  compliant: 'yes' | 'no' | 'text' | 'unknown'
  note: string
}

export const TOP_CITATIONS = 3
/** Failing ids listed under each figure. */
const LIST_CAP = 15

export function labelledPath(): string {
  return join(projectRoot(), 'bench', 'data', 'labelled-questions.json')
}

export function loadLabelled(path: string = labelledPath()): LabelledQuestion[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { questions: LabelledQuestion[] }).questions
}

export function asQuestion(l: LabelledQuestion): Question {
  return { id: l.id, text: l.text, section: null, row: null, open: false }
}

export interface Estates {
  mixed: Results
  failing: Results
  passing: Results
}

/**
 * Any catalog check sampleResults lacks (a test keeps it whole, so normally none) is added with the same
 * two-resource shape, so questions about it can be grounded at all.
 */
export function withCatalogChecks(results: Results, outcome: (id: string) => Status): Results {
  const have = new Set(results.checks.map((c) => c.id))
  const missing = loadCatalog().checks.map((c) => c.def).filter((d) => !have.has(d.id))
  const findings: Finding[] = []
  for (const d of missing) {
    const type = d.resource === '*' ? 'microsoft.web/sites' : d.resource
    for (const n of [1, 2]) {
      const status = outcome(d.id)
      const name = `${d.id}-res${n}`
      findings.push({
        checkId: d.id,
        resourceId: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod/providers/${type}/${name}`,
        resourceType: type,
        status,
        observed: observedLike(d.parameters, status),
        expected: 'good',
        message: `${d.id} ${status} on ${name}`,
        callIds: [],
      })
    }
  }
  return {
    ...results,
    checks: [...results.checks, ...missing.map((d) => ({ id: d.id, title: d.title, description: d.description, resourceType: d.resource, severity: 'high' as const, remediation: `Fix ${d.id}.` }))],
    findings: [...results.findings, ...findings],
  }
}

/**
 * What a synthesised finding observed: for a check over Defender's plans, each plan's tier keyed as the
 * rules engine reads it ("pricings/KeyVaults.properties.pricingTier"), so the matcher sees which services the
 * plans protect, as it does in real results; otherwise a token.
 */
function observedLike(parameters: Record<string, unknown> | undefined, status: Status): unknown {
  const plans = parameters?.['defenderPlans']
  if (!Array.isArray(plans)) return status === 'fail' ? 'bad' : 'good'
  return Object.fromEntries(plans.map((p) => [`pricings/${String(p)}.properties.pricingTier`, status === 'fail' ? 'Free' : 'Standard']))
}

/** The three estates: `mixed` as given (checks it does not name pass), every check failing, every check passing. */
export function labelledEstates(mixed: Record<string, CheckOutcome>, allCheckIds: string[]): Estates {
  return {
    mixed: withCatalogChecks(sampleResults(mixed), () => 'pass'),
    failing: withCatalogChecks(sampleResults(Object.fromEntries(allCheckIds.map((id) => [id, 'fail' as CheckOutcome]))), () => 'fail'),
    passing: withCatalogChecks(sampleResults(), () => 'pass'),
  }
}

/** A figure with the ids that fail it. */
export interface Figure {
  n: number
  of: number
  failing: string[]
}

export interface LabelledScore {
  questions: number
  kinds: Record<LabelKind, number>
  /** technical: top-3 check citations (mixed estate) include a labelled check; scanned ones: the answer rests on the scan. */
  technicalHit: Figure
  /** value questions the checks can ground: top-3 hit, and a value given when every check passes. */
  valueHit: Figure
  valueAnswered: Figure
  /** favourable answers citing a failing or unreadable check, over every question. */
  overClaimsMixed: Figure
  overClaimsFailing: Figure
  /** definite answers (all checks passing) citing none of the labelled checks: technical and grounded-value questions. */
  misGrounded: Figure
  /** manual questions given a definite answer citing a check (all checks passing). */
  manualClaimed: Figure
  /** value questions the checks cannot ground, given a value citing a check (all checks passing). */
  ungroundedValue: Figure
  /** technical questions whose answer (all checks passing) is the labelled compliant one. */
  compliant: Figure
}

/** A value that states where it does not hold ("not everywhere: 2 of 10 keys…") claims nothing it lacks. */
function favourable(a: DecidedAnswer, l: LabelledQuestion): boolean {
  return (a.answer === 'text' && a.statedShortfall === undefined) || (a.answer === 'yes' && l.polarity === 'positive') || (a.answer === 'no' && l.polarity === 'negative')
}

function definite(a: DecidedAnswer): boolean {
  return a.answer !== 'unknown'
}

function restsOnScan(a: DecidedAnswer): boolean {
  return a.source?.kind === 'evidence' && a.source.subscriptions !== undefined
}

function describe(l: LabelledQuestion, a: DecidedAnswer): string {
  return `${l.id} -> ${a.answer}${a.entryId ? ` via ${a.entryId}` : ''} [${a.citations.join(', ')}]`
}

/**
 * `matcherFor` builds the matcher for one estate (e.g. `(r) => buildMatcher(shippedLibrary(), r, now)`);
 * each estate's matcher is built once.
 */
export function scoreLabelled(matcherFor: (results: Results) => Matcher, questions: LabelledQuestion[], estates: Estates): LabelledScore {
  const answersIn = (r: Results): Map<string, DecidedAnswer> => {
    const m = matcherFor(r)
    return new Map(questions.map((l) => [l.id, m.decide(asQuestion(l))]))
  }
  const mixed = answersIn(estates.mixed)
  const failing = answersIn(estates.failing)
  const passing = answersIn(estates.passing)
  const figure = (pool: LabelledQuestion[], ok: (l: LabelledQuestion) => boolean, show: (l: LabelledQuestion) => string): Figure => {
    const bad = pool.filter((l) => !ok(l))
    return { n: pool.length - bad.length, of: pool.length, failing: bad.map(show) }
  }
  const known = (r: Results): Set<string> => new Set(r.checks.map((c) => c.id))
  const knownMixed = known(estates.mixed)
  const topHit = (l: LabelledQuestion, a: DecidedAnswer): boolean => {
    if (l.scanned) return restsOnScan(a)
    return a.citations.filter((c) => knownMixed.has(c)).slice(0, TOP_CITATIONS).some((c) => l.checks.includes(c))
  }
  const badChecks = (r: Results): Set<string> => new Set(r.findings.filter((f) => f.status === 'fail' || f.status === 'error').map((f) => f.checkId))
  const overClaim = (answers: Map<string, DecidedAnswer>, r: Results): Figure => {
    const bad = badChecks(r)
    const pool = questions.filter((l) => favourable(answers.get(l.id)!, l))
    return figure(pool, (l) => !answers.get(l.id)!.citations.some((c) => bad.has(c)), (l) => describe(l, answers.get(l.id)!))
  }
  const knownPassing = known(estates.passing)
  const cited = (a: DecidedAnswer): string[] => a.citations.filter((c) => knownPassing.has(c))

  const technical = questions.filter((l) => l.kind === 'technical')
  const groundedValue = questions.filter((l) => l.kind === 'value' && l.valueGrounded === true)
  const groundable = [...technical, ...groundedValue]
  const show = (answers: Map<string, DecidedAnswer>) => (l: LabelledQuestion): string => describe(l, answers.get(l.id)!)
  return {
    questions: questions.length,
    kinds: { technical: technical.length, manual: questions.filter((l) => l.kind === 'manual').length, value: questions.filter((l) => l.kind === 'value').length },
    technicalHit: figure(technical, (l) => topHit(l, mixed.get(l.id)!), show(mixed)),
    valueHit: figure(groundedValue, (l) => topHit(l, mixed.get(l.id)!), show(mixed)),
    valueAnswered: figure(groundedValue, (l) => passing.get(l.id)!.answer === 'text', show(passing)),
    overClaimsMixed: overClaim(mixed, estates.mixed),
    overClaimsFailing: overClaim(failing, estates.failing),
    misGrounded: figure(
      groundable.filter((l) => definite(passing.get(l.id)!)),
      (l) => (l.scanned ? restsOnScan(passing.get(l.id)!) : cited(passing.get(l.id)!).some((c) => l.checks.includes(c))),
      show(passing),
    ),
    manualClaimed: figure(
      questions.filter((l) => l.kind === 'manual'),
      (l) => !(definite(passing.get(l.id)!) && cited(passing.get(l.id)!).length > 0),
      show(passing),
    ),
    ungroundedValue: figure(
      questions.filter((l) => l.kind === 'value' && l.valueGrounded !== true),
      (l) => !(passing.get(l.id)!.answer === 'text' && cited(passing.get(l.id)!).length > 0),
      show(passing),
    ),
    compliant: figure(technical, (l) => passing.get(l.id)!.answer === l.compliant, (l) => `${describe(l, passing.get(l.id)!)} (labelled ${l.compliant})`),
  }
}

function pct(n: number, of: number): string {
  return of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)} %`
}

/**
 * The printed section for one subset (held-out, tune, a questionnaire). The questions of `unlisted` (the
 * held-out half) are counted but never listed, so that no one tunes the matcher on them by reading the list.
 */
export function formatScore(name: string, s: LabelledScore, unlisted: ReadonlySet<string> = new Set()): string[] {
  const out = [`labelled set, ${name}: ${s.questions} questions (${s.kinds.technical} technical, ${s.kinds.value} value, ${s.kinds.manual} manual)`]
  const line = (label: string, f: Figure, goal: string, kind: 'good' | 'bad'): void => {
    const shown = kind === 'good' ? `${f.n}/${f.of} = ${pct(f.n, f.of)}` : `${f.of - f.n}/${f.of} = ${pct(f.of - f.n, f.of)}`
    out.push(`  ${label}: ${shown}${goal ? ` (goal ${goal})` : ''}`)
    const listed = f.failing.filter((l) => !unlisted.has(l.slice(0, l.indexOf(' -> '))))
    for (const id of listed.slice(0, LIST_CAP)) out.push(`    ${id}`)
    if (listed.length > LIST_CAP) out.push(`    … and ${listed.length - LIST_CAP} more`)
    if (listed.length < f.failing.length) out.push(`    (${f.failing.length - listed.length} held-out, not listed)`)
  }
  line(`technical questions whose top ${TOP_CITATIONS} check citations include a labelled check (mixed estate)`, s.technicalHit, '>= 90 %', 'good')
  line(`value questions the checks can ground: top ${TOP_CITATIONS} citations include a labelled check`, s.valueHit, '', 'good')
  line('  … and given a value with every check passing', s.valueAnswered, '', 'good')
  line('over-claims (favourable answer citing a failing/unreadable check) of favourable answers, mixed estate', s.overClaimsMixed, '0', 'bad')
  line('over-claims of favourable answers, every check failing', s.overClaimsFailing, '0', 'bad')
  line('mis-grounded (definite answer citing none of the labelled checks) of definite answers to technical and grounded-value questions, every check passing', s.misGrounded, '0', 'bad')
  line('manual questions given a definite answer citing a check, every check passing', s.manualClaimed, '0', 'bad')
  line('value questions the checks cannot ground, given a value citing a check, every check passing', s.ungroundedValue, '0', 'bad')
  line('technical questions answered as a compliant estate should be, every check passing', s.compliant, '', 'good')
  return out
}

export interface CalibrationRow {
  threshold: number
  /** Questions whose best library entry, kept at this threshold, rests on a labelled relevant check. */
  right: number
  /** Kept, but the entry's checks are beside the question (or the question is manual). */
  wrong: number
}

/**
 * How the match confidence separates right from wrong entries on a labelled set: for each threshold, how
 * many questions' best entry would be kept and rest on a relevant check, and how many would be kept and not.
 * Run on the tune half, it is what ACCEPT_CONFIDENCE is chosen from; the held-out half then shows whether
 * the choice holds.
 */
export function calibrate(matcher: Matcher, questions: LabelledQuestion[], entryChecks: Map<string, string[]>, thresholds: number[]): CalibrationRow[] {
  const best = questions.map((l) => {
    const top = matcher.explain(asQuestion(l)).entries[0]
    const checks = top ? entryChecks.get(top.ref) ?? [] : []
    const right = l.kind !== 'manual' && checks.some((c) => l.checks.includes(c))
    return { confidence: top?.confidence ?? 0, right, evidenced: checks.length > 0 }
  })
  return thresholds.map((threshold) => {
    const kept = best.filter((b) => b.evidenced && b.confidence >= threshold)
    return { threshold, right: kept.filter((b) => b.right).length, wrong: kept.filter((b) => !b.right).length }
  })
}

export function formatCalibration(name: string, rows: CalibrationRow[]): string[] {
  return [`calibration on the ${name} half (best evidence-backed library entry kept at each confidence threshold: right / wrong):`, `  ${rows.map((r) => `${r.threshold.toFixed(2)}: ${r.right}/${r.wrong}`).join('   ')}`]
}

// The answer library (controls/answers/library.yaml): the company's approved wording per topic, the
// checks and attestations each answer depends on, and variants of how buyers ask the question.
import { z } from 'zod'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Document, isMap, isSeq, parseDocument, visit, type Node, type YAMLSeq } from 'yaml'
import { loadYaml, parseYaml } from '../core/yaml.js'
import { InputError } from '../core/errors.js'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')

/**
 * Who approved an answer taken from a past questionnaire (`trustpack library import`), when, until when, and
 * where it came from. An approved answer is a named source of its own; one that cites checks, controls or
 * attestations is still given only while they hold, and an expired one is not given at all.
 */
export const ApprovalSchema = z
  .object({
    by: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address'),
    at: isoDate,
    expires: isoDate.optional(),
    source: z.object({ file: z.string().min(1), question: z.string().min(1) }).strict().optional(),
  })
  .strict()

export type Approval = z.infer<typeof ApprovalSchema>

const controlRef = z.string().regex(/^[a-z0-9-]+:.+$/, 'expected framework:controlId, e.g. soc2:CC7.4')

export const LibraryEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    topic: z.string().min(1),
    questions: z.array(z.string().min(1)).min(1),
    keywords: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
    checks: z.array(z.string().min(1)).default([]),
    controls: z.array(controlRef).default([]),
    attestations: z.array(controlRef).default([]),
    /** Terms that rule the entry out ("dns", "laptop"): a question naming one is about something else. */
    exclude: z.array(z.string()).default([]),
    /** Words of which the question must say one ("encrypted" for backup encryption): without it, the question is about something else. */
    requires: z.array(z.string().min(1)).default([]),
    /**
     * The service the entry is about, as a buyer names it ("message bus", "storage account"): a question must
     * name one to be answered from it, and one that does is drawn to it over the entries about every service.
     */
    service: z.array(z.string().min(1)).default([]),
    negative: z.boolean().default(false),
    /**
     * Each check is the same safeguard on another service ("TLS 1.2 on every service"): a question naming some
     * of those services is answered from their checks alone. Entries whose checks all read data stores are
     * read so without it.
     */
    perService: z.boolean().default(false),
    /**
     * Database services on which the safeguard is the service's own, always on and not a setting (Cosmos DB
     * encrypts everything it stores at rest), by provider namespace, with the sentence the answer gives for
     * it. A question about every database is answered only when each database service the results hold is
     * read by the entry's checks or listed here.
     */
    platform: z.record(z.string().regex(/^microsoft\.[a-z0-9./]+$/, 'a provider namespace, e.g. microsoft.documentdb'), z.string().min(1)).default({}),
    /** Grounded by the scan itself (the results were read from live Azure subscriptions), e.g. "who hosts you?". */
    scanned: z.boolean().default(false),
    /**
     * Answers only questions that ask for its value (how many, which): a count of subscriptions does not say
     * yes to "Are your subscriptions protected by resource locks?".
     */
    valueOnly: z.boolean().default(false),
    /**
     * Answers only a question that sets something aside ("Apart from the API gateway, is anything reachable from
     * the internet?"): its No says the rest is closed, which the same question without the exception denies.
     */
    setsAside: z.boolean().default(false),
    /**
     * A hazard question whose truthful answer is Yes when every check passes ("Is anything reachable from the
     * internet?": the API gateway is, and only it). With `negative`, the entry answers such questions: Yes and
     * its wording while the evidence holds, and a person otherwise, since a failing check shows more than the
     * wording admits.
     */
    admits: z.boolean().default(false),
    /** A fixed position: no / not_applicable; yes and partial only as an approved past answer (`approval`). */
    answer: z.enum(['yes', 'no', 'partial', 'not_applicable']).optional(),
    approval: ApprovalSchema.optional(),
    /** Provider reports (trustpack.yaml `inherited:` ids, e.g. azure-soc2) that answer it: what the provider runs, not we. */
    inherited: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).default([]),
    wording: z.string().min(1),
    gap: z.string().optional(),
    /**
     * The value for questions that ask which, how long, how often, how many ("35 days"), sent only when the
     * evidence holds. `{parameter}` as in `wording`; `{count}` / `{count:database}` is the number of resources
     * in scope ("6 databases"). Never a resource name.
     */
    value: z.string().min(1).optional(),
    /** Trust-claims controls (TC-HOST-06) that state what this answer states: a failing one blocks the answer. */
    claims: z.array(z.string().regex(/^TC-[A-Z]+-\d+$/, 'a trust-claims control ID, e.g. TC-HOST-06')).default([]),
  })
  .strict()
  .refine((e) => e.checks.length > 0 || e.attestations.length > 0 || e.answer !== undefined || e.scanned || e.inherited.length > 0 || (e.approval !== undefined && e.value !== undefined), {
    message: 'an entry needs checks, attestations, scanned: true, or a fixed answer (no / not_applicable), or an approved past answer (approval)',
  })
  // Only a person's approval can make the library say yes on its own.
  .refine((e) => (e.answer !== 'yes' && e.answer !== 'partial') || e.approval !== undefined, { message: 'answer yes or partial needs an approval (by, at): only an approved past answer may state it', path: ['answer'] })
  // A fixed position needs no evidence, so it may only be unfavourable; a value is a favourable answer.
  .refine((e) => e.value === undefined || e.answer === undefined, { message: 'a fixed answer (no / not_applicable) cannot have a value', path: ['value'] })
  .refine((e) => !e.valueOnly || e.value !== undefined, { message: 'valueOnly needs a value to answer with', path: ['valueOnly'] })
  .refine((e) => !e.admits || (e.negative && e.checks.length > 0), { message: 'admits needs negative: true and checks: it answers a hazard question Yes from passing evidence', path: ['admits'] })

export type LibraryEntry = z.infer<typeof LibraryEntrySchema>

export const LibrarySchema = z
  .object({
    version: z.literal(1),
    entries: z.array(LibraryEntrySchema),
  })
  .strict()
  .superRefine((lib, ctx) => {
    const seen = new Set<string>()
    lib.entries.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate entry id "${e.id}"` })
      seen.add(e.id)
    })
  })

export type AnswerLibrary = z.infer<typeof LibrarySchema>

export function loadLibrary(path: string): AnswerLibrary {
  return loadYaml(path, LibrarySchema, 'answer library').value
}

/** A service's own answer entries (src/services/<service>/answers.yaml), in the library's format. */
export function serviceAnswerFiles(servicesDir: string): string[] {
  if (!existsSync(servicesDir)) return []
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(servicesDir, d.name, 'answers.yaml')))
    .map((d) => join(servicesDir, d.name, 'answers.yaml'))
    .sort()
}

/** The shipped library: controls/answers/library.yaml with every service's answers.yaml appended (ids stay unique). */
export function loadShippedLibrary(mainPath: string, servicesDir: string): AnswerLibrary {
  const main = loadLibrary(mainPath)
  const entries = [...main.entries]
  for (const file of serviceAnswerFiles(servicesDir)) {
    const doc = loadYaml(file, LibrarySchema, 'answer library')
    doc.value.entries.forEach((e, i) => {
      if (entries.some((x) => x.id === e.id)) throw new InputError(`${file}:${doc.lineOf(['entries', i, 'id'])}: invalid answer library: duplicate entry id "${e.id}"`)
      entries.push(e)
    })
  }
  return { version: 1, entries }
}

/** How an entry grounds its answer: the evidence it cites, a fixed company position, or a person's approval. */
export type EntryKind = 'evidence' | 'fixed' | 'approved'

export function entryKind(e: LibraryEntry): EntryKind {
  if (e.approval) return 'approved'
  return e.answer ? 'fixed' : 'evidence'
}

/** Expiry is inclusive, as for exceptions and attestations: an approval that expires today still holds today. */
export function approvalExpired(e: LibraryEntry, today: string): boolean {
  return e.approval?.expires !== undefined && e.approval.expires < today
}

export interface LibraryMerge {
  /** The library file's new text; it loads with `loadLibrary`. */
  text: string
  added: string[]
  replaced: string[]
  /** Entries of the existing file left as they were. */
  kept: number
}

/**
 * Strings a YAML 1.1 reader would take for something else (`yes`, `no` as booleans, `2027-12-31` as a
 * timestamp) are written quoted, so the file means the same to every tool that reads it.
 */
function quoteAmbiguous(node: Node): Node {
  visit(node, {
    Scalar(_key, s) {
      if (typeof s.value === 'string' && /^(y|n|yes|no|on|off|true|false|null|~|\d{4}-\d{2}-\d{2}|[-+]?[\d._]+(e[-+]?\d+)?)$/i.test(s.value)) s.type = 'QUOTE_DOUBLE'
    },
  })
  return node
}

/**
 * `entries` merged into a library file's text (null: a new file). An entry whose id is already there
 * replaces it in place; the others are appended; every other entry stays, with its comments (the YAML
 * writer may respace a line, e.g. a flow list, but changes no value). The existing text must be a valid library (an InputError naming file:line otherwise),
 * and so is the result.
 */
export function mergeLibraryText(existing: string | null, file: string, entries: readonly object[]): LibraryMerge {
  const ids = entries.map((e) => (e as { id: string }).id)
  if (existing === null) {
    const doc = new Document({ version: 1, entries: [] })
    ;(doc.get('entries') as YAMLSeq).items.push(...entries.map((e) => quoteAmbiguous(doc.createNode(e))))
    doc.commentBefore = ' Answer library: approved past answers (`trustpack library import`). See docs/questionnaires.md.'
    const text = doc.toString({ lineWidth: 0 })
    parseYaml(text, file, LibrarySchema, 'answer library')
    return { text, added: ids, replaced: [], kept: 0 }
  }
  const before = parseYaml(existing, file, LibrarySchema, 'answer library').value
  const doc = parseDocument(existing, { uniqueKeys: true })
  let seq = doc.get('entries')
  if (!isSeq(seq)) {
    seq = doc.createNode([])
    doc.set('entries', seq)
  }
  const items = (seq as YAMLSeq).items
  // A flow list (`entries: []`) would take the new entries on one line.
  ;(seq as YAMLSeq).flow = false
  const added: string[] = []
  const replaced: string[] = []
  for (const e of entries) {
    const id = (e as { id: string }).id
    const node = quoteAmbiguous(doc.createNode(e))
    const at = items.findIndex((item) => isMap(item) && item.get('id') === id)
    if (at >= 0) {
      items[at] = node
      replaced.push(id)
    } else {
      items.push(node)
      added.push(id)
    }
  }
  const text = doc.toString({ lineWidth: 0 })
  parseYaml(text, file, LibrarySchema, 'answer library')
  return { text, added, replaced, kept: before.entries.length - replaced.length }
}

/** One entry (or any part of a library) as YAML, quoted as `mergeLibraryText` writes it. */
export function libraryYaml(value: object): string {
  const doc = new Document(null)
  doc.contents = quoteAmbiguous(doc.createNode(value)) as typeof doc.contents
  return doc.toString({ lineWidth: 0 })
}

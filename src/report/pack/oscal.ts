// oscal/assessment-results.json and the oscal/assessment-plan.json it imports: the evaluation in
// the OSCAL 1.1 assessment-results model. One observation per check (the evidence set it
// collected), one finding per control (aimed at the control's statement), and back-matter
// resources (with SHA-256 hashes) for the plan, the evidence files, results and snapshot. The
// plan states what was to be assessed: the reviewed controls and the subjects in scope.
// Every href is a URI reference relative to the document that holds it (RFC 3986), so it
// resolves to a file inside the pack wherever the pack is unpacked.
// UUIDs are derived from SHA-256 of stable keys, so the same inputs give the same document.
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import type { Status } from '../../snapshot/results.js'
import type { PackModel } from './model.js'

export const OSCAL_VERSION = '1.1.2'
export const OSCAL_RESULTS_FILE = 'oscal/assessment-results.json'
export const OSCAL_PLAN_FILE = 'oscal/assessment-plan.json'
const NS = 'https://trustpack.invalid/ns/oscal'

/** A name-based UUID (RFC 9562 layout, version 5 bits, variant 10) from SHA-256 of the key. */
export function stableUuid(key: string): string {
  const b = createHash('sha256').update(`trustpack-oscal\u0000${key}`).digest()
  b[6] = (b[6]! & 0x0f) | 0x50
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.subarray(0, 16).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** OSCAL tokens start with a letter or underscore and hold letters, digits, '.', '-', '_'. */
export function oscalToken(s: string): string {
  const t = s.toLowerCase().replace(/[^a-z0-9._-]/g, '_')
  return /^[a-z_]/.test(t) ? t : `_${t}`
}

/** A control's ID in OSCAL token form, prefixed with its framework (one document spans several). */
export function controlToken(framework: string, controlId: string): string {
  return oscalToken(`${framework}_${controlId}`)
}

/** The ID of a control's statement part, as OSCAL catalogs name it. */
export function statementId(controlTokenId: string): string {
  return `${controlTokenId}_smt`
}

function findingStatus(s: Status): { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' } {
  switch (s) {
    case 'pass': return { state: 'satisfied', reason: 'pass' }
    case 'fail': return { state: 'not-satisfied', reason: 'fail' }
    case 'not_applicable': return { state: 'satisfied', reason: 'other' }
    default: return { state: 'not-satisfied', reason: 'other' }
  }
}

const STATUS_REMARKS: Record<Status, string> = {
  pass: 'All findings behind the control pass (excepted failures count as passes until the exception expires).',
  fail: 'At least one finding behind the control fails.',
  error: 'Data needed to judge the control could not be read; this is never counted as satisfied.',
  not_applicable: 'No resource is in scope of the control\'s checks.',
  manual: 'Only an attestation can evidence this control, and no valid attestation was recorded.',
}

type Hashes = ReadonlyMap<string, string>

/** What both documents share: the UUID namer, hashes, references between pack files, the scope. */
function oscalContext(model: PackModel, hashes: Hashes) {
  const seed = `${model.resultsSha256}:${model.snapshotSha256}:${model.generatedAt}`
  // hashes must not be empty (minItems 1): omitted for a file not hashed.
  const hashOf = (path: string): { hashes?: { algorithm: 'SHA-256'; value: string }[] } => {
    const h = hashes.get(path)
    return h ? { hashes: [{ algorithm: 'SHA-256', value: h }] } : {}
  }
  const subscriptionProps = model.snapshot.subscriptions.map((s) => ({ name: 'subscription-id', ns: NS, value: s.subscriptionId }))
  return {
    u: (key: string): string => stableUuid(`${seed}:${key}`),
    /** A back-matter rlink from the document at `from` to the pack file `path`, with its SHA-256. */
    rlink: (from: string, path: string, mediaType: string) => ({ href: hrefBetween(from, path), 'media-type': mediaType, ...hashOf(path) }),
    // props must not be empty (minItems 1): omitted when the snapshot saw no subscription.
    subscriptionProps: subscriptionProps.length ? { props: subscriptionProps } : {},
    reviewedControls: (description?: string) => ({
      ...(description ? { description } : {}),
      'control-selections': [{
        'include-controls': model.frameworks.flatMap((fw) => fw.controls.map((pc) => ({ 'control-id': controlToken(fw.id, pc.control.controlId) }))),
      }],
    }),
  }
}

/** A relative URI reference from the pack file `from` to the pack file `to` (forward slashes, percent-encoded). */
export function hrefBetween(from: string, to: string): string {
  return posix.relative(posix.dirname(from), to).split('/').map((seg) => (seg === '..' ? seg : encodeURIComponent(seg))).join('/')
}

function metadata(model: PackModel, title: string, remarks: string): Record<string, unknown> {
  return {
    title,
    published: model.generatedAt,
    'last-modified': model.generatedAt,
    version: model.resultsSha256.slice(0, 12),
    'oscal-version': OSCAL_VERSION,
    props: [
      { name: 'tool-version', ns: NS, value: model.toolVersion },
      { name: 'results-sha256', ns: NS, value: model.resultsSha256 },
      { name: 'snapshot-sha256', ns: NS, value: model.snapshotSha256 },
      { name: 'signed', ns: NS, value: model.signed ? 'true' : 'false' },
    ],
    remarks,
  }
}

/**
 * The assessment plan the results import: the controls to review (every control of the evaluated
 * frameworks) and the subjects in scope (every resource collected from the recorded
 * subscriptions). OSCAL requires a plan to import a system security plan; trustpack issues none,
 * so import-ssp points at a back-matter resource that says so and links the snapshot, which
 * records the system as collected.
 */
export function renderAssessmentPlan(model: PackModel, hashes: Hashes): string {
  const ctx = oscalContext(model, hashes)
  const subs = model.snapshot.subscriptions.map((s) => s.subscriptionId)
  const sspUuid = ctx.u('system')
  const doc = {
    'assessment-plan': {
      uuid: ctx.u('assessment-plan'),
      metadata: metadata(model, 'trustpack assessment plan', 'The plan of the automated, read-only assessment whose results are oscal/assessment-results.json in the same pack.'),
      'import-ssp': { href: `#${sspUuid}`, remarks: 'No separate system security plan: the back-matter resource this points to describes the system and links the collected configuration.' },
      'reviewed-controls': ctx.reviewedControls('Every control of the evaluated frameworks, assessed by the automated checks named on each control; controls only an attestation can evidence are assessed from the attestations recorded in the configuration.'),
      'assessment-subjects': [{
        type: 'inventory-item',
        description: `Every Azure resource collected, read-only, from ${subs.length ? `the subscription(s) ${subs.join(', ')}` : 'the subscriptions the credential could see'}.`,
        ...ctx.subscriptionProps,
        'include-all': {},
      }],
      'back-matter': {
        resources: [{
          uuid: sspUuid,
          title: 'System assessed (no separate system security plan)',
          description: `The Azure estate of ${subs.length} subscription(s), as collected from ${model.snapshot.startedAt} to ${model.snapshot.finishedAt} and recorded, with the provenance of every request, in snapshot.json.`,
          rlinks: [ctx.rlink(OSCAL_PLAN_FILE, 'snapshot.json', 'application/json')],
        }],
      },
    },
  }
  return JSON.stringify(doc, null, 2) + '\n'
}

/** The assessment results; `hashes` must already hold the plan, the evidence files and the inputs. */
export function renderOscal(model: PackModel, hashes: Hashes): string {
  const r = model.results
  const ctx = oscalContext(model, hashes)
  const u = ctx.u

  const resources: Record<string, unknown>[] = []
  const fileResource = (path: string, title: string, mediaType: string): string => {
    const uuid = u(`file:${path}`)
    resources.push({ uuid, title, rlinks: [ctx.rlink(OSCAL_RESULTS_FILE, path, mediaType)] })
    return uuid
  }
  fileResource(OSCAL_PLAN_FILE, 'Assessment plan (OSCAL), imported by import-ap', 'application/json')
  const resultsRes = fileResource('results.json', 'Evaluation results (trustpack results.json)', 'application/json')
  const snapshotRes = fileResource('snapshot.json', 'Collected configuration with per-request provenance (trustpack snapshot.json)', 'application/json')

  // Evidence file back-matter, and which evidence files mention each check.
  const evidenceOfCheck = new Map<string, string[]>()
  const controlEvidence = new Map<string, string[]>()
  for (const fw of model.frameworks) {
    for (const pc of fw.controls) {
      const ids = [fileResource(pc.evidenceJson, `Evidence for ${fw.id} ${pc.control.controlId} (JSON)`, 'application/json')]
      if (pc.evidenceCsv) ids.push(fileResource(pc.evidenceCsv, `Population for ${fw.id} ${pc.control.controlId} (CSV)`, 'text/csv'))
      controlEvidence.set(`${fw.id}:${pc.control.controlId}`, ids)
      for (const id of pc.control.checkIds) {
        const list = evidenceOfCheck.get(id) ?? []
        list.push(ids[0]!)
        evidenceOfCheck.set(id, list)
      }
    }
  }

  // Inventory: every resource a finding is about.
  const resourceIds = [...new Set(r.findings.map((f) => f.resourceId))].sort()
  const itemUuid = new Map(resourceIds.map((id) => [id, u(`item:${id}`)]))
  const findingsByCheck = new Map<string, typeof r.findings>()
  for (const f of r.findings) {
    const list = findingsByCheck.get(f.checkId) ?? []
    list.push(f)
    findingsByCheck.set(f.checkId, list)
  }
  const collected = model.snapshot.finishedAt
  const observations = r.checks.filter((c) => findingsByCheck.has(c.id) || evidenceOfCheck.has(c.id)).map((c) => {
    const fs = findingsByCheck.get(c.id) ?? []
    const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0, manual: 0 }
    for (const f of fs) counts[f.status]++
    return {
      uuid: u(`obs:${c.id}`),
      title: `${c.id}: ${c.title}`,
      description: `${c.description || c.title} Applied to ${fs.length} resource(s) of type ${c.resourceType}: ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.not_applicable} not applicable, ${counts.manual} manual.`,
      props: [
        { name: 'check-id', ns: NS, value: c.id },
        { name: 'severity', ns: NS, value: c.severity },
        { name: 'population', ns: NS, value: String(fs.length) },
      ],
      methods: ['TEST'],
      types: ['control-objective'],
      ...(fs.length ? {
        subjects: fs.map((f) => ({
          'subject-uuid': itemUuid.get(f.resourceId)!,
          type: 'inventory-item',
          title: f.resourceId,
          props: [{ name: 'result', ns: NS, value: f.status }],
        })),
      } : {}),
      'relevant-evidence': [
        ...(evidenceOfCheck.get(c.id) ?? []).map((id) => ({ href: `#${id}`, description: 'Per-control evidence file: API operations, api-versions, request IDs, population and findings.' })),
        { href: `#${snapshotRes}`, description: 'Collected configuration and the provenance of every request.' },
      ],
      collected,
    }
  })
  const obsOfCheck = new Map(observations.map((o) => [o.props[0]!.value, o.uuid]))

  const findings = model.frameworks.flatMap((fw) => fw.controls.map((pc) => {
    const c = pc.control
    const st = findingStatus(c.status)
    const related = c.checkIds.map((id) => obsOfCheck.get(id)).filter((x): x is string => x !== undefined)
    const remarks = [c.status === 'manual' && c.automatedStatus === 'pass' ? `The automated part passes; the attestation is ${c.attestationState ?? 'missing'}.` : STATUS_REMARKS[c.status]]
    if (pc.attestations.length) {
      remarks.push(...pc.attestations.map((a) => `Attestation (${a.state}${a.reason ? `: ${a.reason}` : ''}, expires ${a.expires}, owner ${a.owner}): ${a.statement}. Evidence: ${a.evidence}${a.packPath ? ` (copy in the pack: ${a.packPath}, SHA-256 ${a.evidenceFile?.sha256 ?? ''})` : a.evidenceFile?.kind === 'url' ? ` (not copied; expected SHA-256 ${a.evidenceFile.sha256})` : ''}.`))
    }
    const excepted = pc.findings.filter((f) => f.exception)
    if (excepted.length) remarks.push(`${excepted.length} failing finding(s) counted as pass under an active exception.`)
    return {
      uuid: u(`finding:${fw.id}:${c.controlId}`),
      title: `${fw.id} ${c.controlId}: ${c.title}`,
      description: `Control ${c.controlId} of ${fw.title}: ${c.status.replace('_', ' ')}. Findings: ${c.counts.pass} pass, ${c.counts.fail} fail, ${c.counts.error} error, ${c.counts.not_applicable} not applicable, ${c.counts.manual} manual.`,
      props: [
        { name: 'framework', ns: NS, value: fw.id },
        { name: 'control-id', ns: NS, value: c.controlId },
        { name: 'status', ns: NS, value: c.status },
      ],
      // The model assesses a control through its parts: the target is the control's statement
      // (OSCAL's "<control-id>_smt" naming); the control itself is in reviewed-controls.
      target: {
        type: 'statement-id',
        'target-id': statementId(controlToken(fw.id, c.controlId)),
        status: { state: st.state, reason: st.reason, remarks: STATUS_REMARKS[c.status] },
      },
      ...(related.length ? { 'related-observations': related.map((id) => ({ 'observation-uuid': id })) } : {}),
      remarks: remarks.join(' '),
      links: (controlEvidence.get(`${fw.id}:${c.controlId}`) ?? []).map((id) => ({ href: `#${id}`, rel: 'evidence' })),
    }
  }))

  const doc = {
    'assessment-results': {
      uuid: u('assessment-results'),
      metadata: metadata(model, 'trustpack assessment results', 'Produced by trustpack from an automated, read-only assessment of Azure configuration.'),
      'import-ap': { href: hrefBetween(OSCAL_RESULTS_FILE, OSCAL_PLAN_FILE), remarks: 'The plan in the same pack: the controls reviewed and the subjects in scope.' },
      results: [{
        uuid: u('result'),
        title: `Automated assessment of ${model.snapshot.subscriptions.length} Azure subscription(s)`,
        description: `Frameworks: ${model.frameworks.map((f) => f.title).join('; ')}. Configuration collected ${model.snapshot.startedAt} to ${model.snapshot.finishedAt}; evaluated ${r.evaluatedAt}.`,
        start: model.snapshot.startedAt,
        end: r.evaluatedAt,
        ...ctx.subscriptionProps,
        'local-definitions': resourceIds.length ? {
          'inventory-items': resourceIds.map((id) => ({
            uuid: itemUuid.get(id)!,
            description: id,
            props: [{ name: 'resource-id', ns: NS, value: id }],
          })),
        } : undefined,
        'reviewed-controls': ctx.reviewedControls(),
        observations,
        findings,
        links: [{ href: `#${resultsRes}`, rel: 'related' }],
      }],
      'back-matter': { resources },
    },
  }
  return JSON.stringify(doc, null, 2) + '\n'
}

// Assembles every file of an evidence pack in memory (path → bytes), then the manifest and
// signature over them. Pure given its inputs: same results, snapshot, key and clock → same bytes.
import { InputError } from '../../core/errors.js'
import { sha256Hex } from '../../core/json.js'
import type { Results } from '../../snapshot/results.js'
import type { Snapshot } from '../../snapshot/schema.js'
import { evidenceCsv, evidenceJson } from './evidence.js'
import { renderHtmlPages } from './html.js'
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, manifestText, signatureText, type Signer } from './manifest.js'
import { buildModel } from './model.js'
import { OSCAL_PLAN_FILE, OSCAL_RESULTS_FILE, renderAssessmentPlan, renderOscal } from './oscal.js'
import { renderPdf } from './pdf.js'
import { SUMS_FILE, sha256sums, verifyInstructions } from './readme.js'
import { buildView } from './view.js'
import type { PeriodModel } from '../../history/period.js'
import { withPeriodSection } from './period-html.js'
import { drawPeriodSection } from './period-pdf.js'
import type { PackFiles } from './io.js'

export interface PackSources {
  results: Results
  resultsBytes: Buffer
  snapshot: Snapshot
  snapshotBytes: Buffer
  toolVersion: string
  now: Date
  signer: Signer | null
  templatesDir: string
  /** More files covered by the manifest (a period pack's period.json, period.html, period.pdf). */
  extraFiles?: ReadonlyMap<string, Buffer>
  /** A period pack's model: index.html and summary.pdf get a period section (docs/history.md). */
  period?: PeriodModel
  /**
   * The attestation evidence files the results recorded (declared evidence path → bytes as read now).
   * Each must still hash to what the results recorded; it is copied to attestations/ and so listed in the manifest.
   */
  attestationFiles?: ReadonlyMap<string, Buffer>
}

export async function assemblePack(src: PackSources): Promise<PackFiles> {
  const resultsSha256 = sha256Hex(src.resultsBytes)
  const snapshotSha256 = sha256Hex(src.snapshotBytes)
  const model = buildModel({
    results: src.results,
    snapshot: src.snapshot,
    resultsSha256,
    snapshotSha256,
    toolVersion: src.toolVersion,
    now: src.now,
    keyFingerprint: src.signer?.fingerprint ?? null,
  })
  const files: PackFiles = new Map()
  const hashes = new Map<string, string>()
  const put = (path: string, data: string | Buffer): void => {
    if (files.has(path)) throw new Error(`internal: two pack files named ${path}`)
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    files.set(path, bytes)
    hashes.set(path, sha256Hex(bytes))
  }
  // Inputs byte-for-byte, so their hashes match the ones quoted everywhere else.
  put('results.json', src.resultsBytes)
  put('snapshot.json', src.snapshotBytes)
  const copied = new Set<string>()
  for (const a of model.attestations) {
    if (!a.packPath || copied.has(a.packPath)) continue
    copied.add(a.packPath)
    const bytes = src.attestationFiles?.get(a.evidence)
    const want = a.evidenceFile?.sha256 ?? ''
    if (!bytes) {
      throw new InputError(`${a.evidence}: attestation evidence for ${a.control} is no longer readable; results.json recorded it (SHA-256 ${want.slice(0, 12)}…), so re-run evaluate or restore the file`, 'evidence paths are relative to the trustpack.yaml the results were evaluated with: pass it with --config')
    }
    const got = sha256Hex(bytes)
    if (got !== want) {
      throw new InputError(`${a.evidence}: attestation evidence for ${a.control} changed since evaluation (SHA-256 ${got.slice(0, 12)}…, results.json recorded ${want.slice(0, 12)}…); re-run evaluate`)
    }
    put(a.packPath, bytes)
  }
  for (const fw of model.frameworks) {
    for (const pc of fw.controls) {
      put(pc.evidenceJson, evidenceJson(model, pc))
      if (pc.evidenceCsv) put(pc.evidenceCsv, evidenceCsv(model, pc))
    }
  }
  const view = buildView(model)
  const period = src.period
  for (const [path, html] of renderHtmlPages(view, src.templatesDir)) put(path, period && path === 'index.html' ? withPeriodSection(html, period) : html)
  put('summary.pdf', await renderPdf(view, src.now, period ? (doc) => drawPeriodSection(doc, period, view.title) : undefined))
  // The plan first: the results cite it (and its hash) in their back-matter.
  put(OSCAL_PLAN_FILE, renderAssessmentPlan(model, hashes))
  put(OSCAL_RESULTS_FILE, renderOscal(model, hashes))
  for (const [path, bytes] of src.extraFiles ?? []) put(path, bytes)
  put('README-VERIFY.txt', verifyInstructions(src.signer !== null))
  if (src.signer) put(PUBLIC_KEY_FILE, src.signer.publicKeyPem)
  put(SUMS_FILE, sha256sums(hashes))

  const manifest = Buffer.from(manifestText(files, {
    toolVersion: src.toolVersion,
    generatedAt: model.generatedAt,
    resultsSha256,
    evaluatedAt: src.results.evaluatedAt,
    snapshotSha256,
    snapshotStartedAt: src.snapshot.startedAt,
    snapshotFinishedAt: src.snapshot.finishedAt,
    signer: src.signer,
  }, hashes), 'utf8')
  files.set(MANIFEST_FILE, manifest)
  if (src.signer) files.set(SIGNATURE_FILE, Buffer.from(signatureText(manifest, src.signer), 'utf8'))
  return files
}

// The results document (output of `evaluate`, input of pack/answer/check): types and schema in one place.
import { z } from 'zod'

export const RESULTS_SCHEMA_VERSION = '1.0'

export const STATUSES = ['pass', 'fail', 'error', 'not_applicable', 'manual'] as const
export const StatusSchema = z.enum(STATUSES)
export type Status = z.infer<typeof StatusSchema>

export const CountsSchema = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  not_applicable: z.number().int(),
  manual: z.number().int(),
})
export type Counts = z.infer<typeof CountsSchema>

export const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical'])
export type Severity = z.infer<typeof SeveritySchema>

export const ExceptionRefSchema = z.object({
  check: z.string(),
  resource: z.string(),
  reason: z.string(),
  owner: z.string(),
  expires: z.string().describe('YYYY-MM-DD'),
})
export type ExceptionRef = z.infer<typeof ExceptionRefSchema>

export const FindingSchema = z.object({
  checkId: z.string(),
  resourceId: z.string(),
  resourceType: z.string(),
  status: StatusSchema,
  observed: z.unknown().describe('the value read from the snapshot (null when it could not be read)'),
  expected: z.unknown().describe('what the check requires, with parameters resolved'),
  message: z.string(),
  exception: ExceptionRefSchema.optional().describe('present when an active exception turned a fail into a pass'),
  callIds: z.array(z.string()).describe('snapshot calls the observed data came from (or the failed call)'),
})
export type Finding = z.infer<typeof FindingSchema>

/** Metadata of each check that was evaluated, so later stages need not reload the catalog. */
export const CheckInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  resourceType: z.string(),
  severity: SeveritySchema,
  remediation: z.string(),
})
export type CheckInfo = z.infer<typeof CheckInfoSchema>

/** The evidence document an attestation names, as read at evaluation: a local file (hashed) or a URL (declared hash). */
export const AttestationEvidenceSchema = z.object({
  kind: z.enum(['file', 'url']).describe('file: read and hashed at evaluation (path relative to trustpack.yaml); url: never fetched, its sha256 declared in trustpack.yaml'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the evidence document (hex, lower case)'),
  size: z.number().int().nonnegative().optional().describe('bytes, for a file'),
})
export type AttestationEvidence = z.infer<typeof AttestationEvidenceSchema>

export const AttestationSchema = z.object({
  control: z.string().describe('framework:controlId'),
  statement: z.string(),
  evidence: z.string(),
  owner: z.string(),
  expires: z.string(),
  evidenceFile: AttestationEvidenceSchema.optional().describe('the evidence document as read at evaluation; absent when it could not be read'),
})
export type Attestation = z.infer<typeof AttestationSchema>

/** Why a manual control is not attested, or that it is. */
export const ATTESTATION_STATES = ['valid', 'missing', 'expired', 'invalid'] as const

export const ControlResultSchema = z.object({
  framework: z.string(),
  controlId: z.string(),
  title: z.string(),
  status: StatusSchema,
  checkIds: z.array(z.string()),
  manual: z.boolean().describe('true when only an attestation can evidence the control'),
  counts: CountsSchema.describe('findings behind the control, by status'),
  attestation: AttestationSchema.optional().describe('the valid attestation counted for this control'),
  evidenceHint: z.string().optional().describe('for manual controls: what an attestation should contain'),
  automatedStatus: StatusSchema.optional().describe('for controls with checks: the roll-up of the checks alone, without the attestation (so "automated part passes; attestation missing" can be told apart from "manual only")'),
  attestationState: z.enum(ATTESTATION_STATES).optional().describe('for manual controls: valid (counted), missing (none declared), expired, or invalid (its evidence file is missing or changed)'),
  attestationReason: z.string().optional().describe('for manual controls without a valid attestation that has one declared: why it does not count'),
})
export type ControlResult = z.infer<typeof ControlResultSchema>

export const ResultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('trustpack'), version: z.string() }),
  snapshotSha256: z.string(),
  snapshot: z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    subscriptions: z.array(z.object({ subscriptionId: z.string(), displayName: z.string().nullable() })),
    endpoints: z.object({ arm: z.string(), logs: z.string() }),
    errorCount: z.number().int(),
  }),
  evaluatedAt: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  frameworks: z.array(z.object({ id: z.string(), title: z.string(), version: z.string() })),
  checks: z.array(CheckInfoSchema),
  findings: z.array(FindingSchema),
  controls: z.array(ControlResultSchema),
  summary: z.record(z.string(), CountsSchema).describe('control counts by status per framework'),
  warnings: z.array(z.string()).optional().describe('what the evaluation noticed that needs a person: an exception whose resource is gone'),
  exceptions: z.array(ExceptionRefSchema.extend({ state: z.enum(['active', 'expired', 'unused', 'orphaned']).describe('orphaned: its resource is not in the snapshot (deleted, or not scanned), so it matches nothing') })),
  attestations: z.array(AttestationSchema.extend({
    state: z.enum(['valid', 'expired', 'invalid']).describe('invalid: its evidence file is missing, unreadable or not the one declared (sha256)'),
    reason: z.string().optional().describe('why an expired or invalid attestation does not count'),
  })),
  sampleData: z
    .object({ source: z.string() })
    .optional()
    .describe('present when the results come from sample data (the bundled emulator estate), not a real Azure estate; every pack built from them is marked SAMPLE DATA'),
  inherited: z
    .array(z.object({ id: z.string(), provider: z.string(), report: z.string(), issued: z.string(), expires: z.string(), scope: z.string(), state: z.enum(['valid', 'expired']) }))
    .optional()
    .describe("the cloud provider's reports declared in trustpack.yaml, which answers about what the provider runs are inherited from"),
})
export type Results = z.infer<typeof ResultsSchema>

// trustpack.yaml: subscriptions, frameworks, check parameters, exceptions, attestations and inherited provider reports.
import { existsSync } from 'node:fs'
import { z } from 'zod'
import { loadYaml, type YamlDoc } from './yaml.js'
import { InputError } from './errors.js'

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) {
    ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, got "${s}"` })
    return z.NEVER
  }
  return s
})

export const ExceptionConfigSchema = z.object({
  check: z.string().min(1),
  resource: z.string().min(1),
  reason: z.string().min(1),
  owner: z.string().min(1),
  expires: isoDate,
}).strict()

export const AttestationConfigSchema = z.object({
  control: z.string().regex(/^[a-z0-9-]+:.+$/, 'expected framework:controlId, e.g. soc2:CC7.4'),
  statement: z.string().min(1),
  evidence: z.string().min(1),
  /** Expected SHA-256 of the evidence document: required for a URL (never fetched), optional for a file. */
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a SHA-256 in hex (64 characters)').optional(),
  owner: z.string().min(1),
  expires: isoDate,
}).strict()

/**
 * A report of the cloud provider the company relies on for what it does not run itself: physical security
 * of the data centres, hypervisors, hardware (Microsoft Azure's SOC 2 Type II, ISO/IEC 27001 certificate).
 * An answer inherited from it names the report, its date and its scope.
 */
export const InheritedConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. azure-soc2'),
  provider: z.string().min(1),
  report: z.string().min(1),
  issued: isoDate,
  expires: isoDate,
  scope: z.string().min(1),
}).strict()

/**
 * The evidence store (docs/history.md): where `scan`/`evaluate` record runs and `pack --period` reads them.
 * A `history` section turns recording on for every scan and evaluate unless `record: false`.
 */
export const HistoryConfigSchema = z.object({
  store: z.enum(['folder', 'blob']).default('folder'),
  /** folder store: the folder (relative to the config file); default .trustpack/history */
  path: z.string().min(1).optional(),
  /** blob store: https://ACCOUNT.blob.core.windows.net (DefaultAzureCredential) */
  url: z.string().url().optional(),
  container: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a container name: 3-63 lower-case letters, digits and single dashes').optional(),
  prefix: z.string().regex(/^[A-Za-z0-9._/-]*$/, 'letters, digits, dot, dash, underscore and slash').optional(),
  /** blob store: the NAME of an environment variable holding a connection string (Azurite in tests); never the string itself */
  connectionStringEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
  /** Ed25519 private key (PEM) signing each run record, relative to the config file */
  signKey: z.string().min(1).optional(),
  /** record every scan and evaluate (default true when the section is present) */
  record: z.boolean().optional(),
  /** expected days between runs: a day more than this after the last run is a coverage gap (default 1: daily) */
  cadenceDays: z.number().int().min(1).max(92).optional(),
}).strict().superRefine((h, ctx) => {
  if (h.store === 'blob' && !h.container) ctx.addIssue({ code: 'custom', path: ['container'], message: 'a blob store needs a container' })
  if (h.store === 'blob' && !h.url && !h.connectionStringEnv) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a blob store needs url (or connectionStringEnv for Azurite)' })
})
export type HistoryConfig = z.infer<typeof HistoryConfigSchema>

export const ConfigSchema = z.object({
  subscriptions: z.array(z.string()).optional(),
  frameworks: z.array(z.string()).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  exceptions: z.array(ExceptionConfigSchema).optional(),
  attestations: z.array(AttestationConfigSchema).optional(),
  inherited: z.array(InheritedConfigSchema).optional(),
  history: HistoryConfigSchema.optional(),
}).strict()

export type Config = z.infer<typeof ConfigSchema>
export type ExceptionConfig = z.infer<typeof ExceptionConfigSchema>
export type AttestationConfig = z.infer<typeof AttestationConfigSchema>
export type InheritedConfig = z.infer<typeof InheritedConfigSchema>

export interface LoadedConfig {
  config: Config
  /** The file it came from, or null when no config file was used. */
  file: string | null
  lineOf: YamlDoc<Config>['lineOf']
}

/** Loads --config FILE, or ./trustpack.yaml when present, or an empty config. */
export function loadConfig(explicit: string | undefined, cwd = process.cwd()): LoadedConfig {
  const file = explicit ?? (existsSync(`${cwd}/trustpack.yaml`) ? `${cwd}/trustpack.yaml` : null)
  if (!file) return { config: {}, file: null, lineOf: () => 1 }
  if (explicit && !existsSync(explicit)) throw new InputError(`${explicit}: config file not found`)
  const doc = loadYaml(file, ConfigSchema, 'config')
  return { config: doc.value, file, lineOf: doc.lineOf }
}

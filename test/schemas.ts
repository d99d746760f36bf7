// Validators built from the formats' own published schemas (test/fixtures/schemas/, see the
// README there): SARIF 2.1.0 (JSON Schema draft-04), OSCAL 1.1.x assessment results and plan
// (draft-07, Unicode patterns) and Jenkins' JUnit XSD (validated by libxml2 compiled to wasm).
// The schemas are used as published: only ajv's strict-mode lint of schema style is relaxed
// (strictRequired, strictTypes, strictTuples), never a keyword, format or pattern.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import AjvDraft04Import from 'ajv-draft-04'
import addFormatsImport from 'ajv-formats'
import { validateXML } from 'xmllint-wasm'

export const SCHEMAS = fileURLToPath(new URL('./fixtures/schemas/', import.meta.url))

// Both packages are CommonJS with a default export; depending on the loader it arrives as the
// module object or as the export itself.
type Constructor<T> = new (opts?: Options) => T
const AjvDraft04 = ((AjvDraft04Import as unknown as { default?: unknown }).default ?? AjvDraft04Import) as Constructor<Ajv>
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (ajv: Ajv) => Ajv

const OPTIONS: Options = { allErrors: true, strict: true, strictRequired: false, strictTypes: false, strictTuples: false }

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS}${name}`, 'utf8')) as Record<string, unknown>
}

const cache = new Map<string, ValidateFunction>()

/** The OASIS SARIF 2.1.0 schema (errata01), with every format checked. */
export function sarifValidator(): ValidateFunction {
  let v = cache.get('sarif')
  if (!v) {
    const ajv = addFormats(new AjvDraft04(OPTIONS))
    cache.set('sarif', (v = ajv.compile(readSchema('sarif-schema-2.1.0.json'))))
  }
  return v
}

export type OscalModel = 'assessment-results' | 'assessment-plan'
export const OSCAL_SCHEMA_VERSIONS = ['1.1.2', '1.1.3'] as const

/** NIST's OSCAL JSON schema for a model and release; patterns use Unicode classes, so `u` regular expressions. */
export function oscalValidator(model: OscalModel, version: (typeof OSCAL_SCHEMA_VERSIONS)[number]): ValidateFunction {
  const key = `${model}@${version}`
  let v = cache.get(key)
  if (!v) {
    const ajv = addFormats(new Ajv({ ...OPTIONS, unicodeRegExp: true }))
    cache.set(key, (v = ajv.compile(readSchema(`oscal_${model}_schema-${version}.json`))))
  }
  return v
}

/** Ajv's errors in one line each (path: message), for readable test failures. */
export function schemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
}

/** Validates JUnit XML against Jenkins' junit-10.xsd; returns libxml2's error messages (empty when valid). */
export async function junitXsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'junit.xml', contents: xml },
    schema: { fileName: 'junit-10.xsd', contents: readFileSync(`${SCHEMAS}junit-10.xsd`, 'utf8') },
  })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage)
}

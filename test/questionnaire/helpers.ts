// Shared helpers for questionnaire tests: fixture paths, a results file on disk, generated workbooks.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../src/core/version.js'
import { sampleResults, type CheckOutcome } from '../../src/questionnaire/sample-results.js'
import type { Question } from '../../src/questionnaire/types.js'
import type { Results } from '../../src/snapshot/results.js'

export const FIXTURES = join(projectRoot(), 'test', 'fixtures', 'questionnaire')
export const SHARED = join(projectRoot(), '..', 'shared', 'data', 'questionnaires')
export const LIBRARY = join(projectRoot(), 'controls', 'answers', 'library.yaml')
export const NOW = new Date('2026-11-25T10:00:00.000Z')

export function tmp(prefix = 'tp-q-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function writeResults(dir: string, outcomes: Record<string, CheckOutcome> = {}, attestations: string[] = []): string {
  const path = join(dir, 'results.json')
  writeFileSync(path, JSON.stringify(sampleResults(outcomes, { attestations })))
  return path
}

export function question(text: string, id = 'q1'): Question {
  return { id, text, section: null, row: null, open: false }
}

/**
 * The results without the resources of these services (provider namespaces, "microsoft.documentdb"): an
 * estate that has none of them, so a question about every database is judged on the databases it holds.
 */
export function withoutServices(results: Results, ...namespaces: string[]): Results {
  const theirs = (type: string): boolean => namespaces.some((ns) => type.toLowerCase().startsWith(ns))
  const gone = new Set(results.checks.filter((c) => theirs(c.resourceType)).map((c) => c.id))
  return {
    ...results,
    checks: results.checks.filter((c) => !gone.has(c.id)),
    findings: results.findings.filter((f) => !gone.has(f.checkId) && !theirs(f.resourceType)),
  }
}

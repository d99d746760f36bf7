// Shared helpers for questionnaire tests: fixture paths, a results file on disk, generated workbooks.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../src/core/version.js'
import { sampleResults, type CheckOutcome } from '../../src/questionnaire/sample-results.js'
import type { Question } from '../../src/questionnaire/types.js'

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

// Use case: write the CI baseline (the state to compare later runs with) from a scan,
// a snapshot or a results file. Stable bytes, so the file can be committed and diffed.
import { readFileSync, existsSync } from 'node:fs'
import { writeFileAtomic } from '../core/fs.js'
import { baselineFromResults, serializeBaseline } from '../report/ci/baseline.js'
import { DEFAULT_BASELINE_FILE, obtainResults, type ResultsSource } from './check.js'

export interface BaselineInput extends ResultsSource {
  /** Default trustpack-baseline.json. */
  out?: string
}

export interface BaselineOutcome {
  path: string
  /** false when the file already held exactly these bytes. */
  changed: boolean
  frameworks: string[]
  controls: number
  failingFindings: number
  errorFindings: number
  /** Failing controls per framework. */
  failingControls: Record<string, string[]>
}

export async function runBaseline(input: BaselineInput): Promise<BaselineOutcome> {
  const path = input.out ?? DEFAULT_BASELINE_FILE
  const results = await obtainResults(input)
  const baseline = baselineFromResults(results)
  const text = serializeBaseline(baseline)
  const changed = !existsSync(path) || readFileSync(path, 'utf8') !== text
  if (changed) writeFileAtomic(path, text)
  const count = (m: Record<string, string[]>): number => Object.values(m).reduce((n, ids) => n + ids.length, 0)
  const failingControls: Record<string, string[]> = {}
  for (const [fw, controls] of Object.entries(baseline.controls)) {
    failingControls[fw] = Object.entries(controls).filter(([, s]) => s === 'fail').map(([id]) => id)
  }
  return {
    path,
    changed,
    frameworks: baseline.frameworks,
    controls: Object.values(baseline.controls).reduce((n, m) => n + Object.keys(m).length, 0),
    failingFindings: count(baseline.failing),
    errorFindings: count(baseline.errors),
    failingControls,
  }
}

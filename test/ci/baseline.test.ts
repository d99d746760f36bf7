import { describe, expect, it } from 'vitest'
import { baselineFromResults, baselineLineOf, naturalCompare, parseBaseline, serializeBaseline } from '../../src/report/ci/baseline.js'
import { InputError } from '../../src/core/errors.js'
import { buildResults, cleanFindings, withFinding, DB1, SQL1, ST1, ST2 } from './results-builder.js'

function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const drifted = () => withFinding(withFinding(cleanFindings(), { checkId: 'sql-server-public-network', resourceId: SQL1, status: 'fail', observed: 'Enabled', expected: 'Disabled' }),
  { checkId: 'storage-public-network', resourceId: ST2, status: 'fail', observed: 'Allow', expected: 'Deny' })

describe('baseline file', () => {
  it('writes identical bytes for the same results twice', () => {
    const a = serializeBaseline(baselineFromResults(buildResults(drifted())))
    const b = serializeBaseline(baselineFromResults(buildResults(drifted())))
    expect(a).toBe(b)
  })

  it('writes identical bytes when findings and controls arrive in another order, with another clock', () => {
    const base = buildResults(drifted())
    const expected = serializeBaseline(baselineFromResults(base))
    for (const seed of [1, 7, 42]) {
      const other = buildResults(shuffled(drifted(), seed), { evaluatedAt: '2027-01-01T00:00:00.000Z' })
      other.controls = shuffled(other.controls, seed)
      other.frameworks = shuffled(other.frameworks, seed)
      expect(serializeBaseline(baselineFromResults(other))).toBe(expected)
    }
  })

  it('has no timestamps or hashes, one line per control and per failing resource', () => {
    const text = serializeBaseline(baselineFromResults(buildResults(drifted())))
    expect(text).not.toMatch(/2026-|[0-9a-f]{40}/)
    const lines = text.split('\n')
    expect(lines.filter((l) => /^ {6}"CC6\.1": "fail",?$/.test(l))).toHaveLength(1)
    expect(lines.filter((l) => /^ {6}"8\.20": "fail",?$/.test(l))).toHaveLength(1)
    expect(lines.filter((l) => l.includes(SQL1))).toHaveLength(1)
    expect(lines.filter((l) => l.includes(ST2))).toHaveLength(1)
    expect(text).not.toContain(ST1)
    // natural order of control ids: CC1.1 < CC6.1 < CC6.7 < CC7.2
    const soc2 = lines.filter((l) => /^ {6}"CC/.test(l)).map((l) => l.trim().split('"')[1])
    expect(soc2).toEqual(['CC1.1', 'CC6.1', 'CC6.7', 'CC7.2'])
  })

  it('changes exactly the drifted lines when one setting flips', () => {
    const clean = serializeBaseline(baselineFromResults(buildResults(cleanFindings()))).split('\n')
    const flipped = serializeBaseline(baselineFromResults(buildResults(withFinding(cleanFindings(), { checkId: 'sql-db-tde', resourceId: DB1, status: 'fail' })))).split('\n')
    const removed = clean.filter((l) => !flipped.includes(l))
    const added = flipped.filter((l) => !clean.includes(l))
    expect(removed.map((l) => l.trim())).toEqual(['"8.24": "pass"', '"CC6.7": "pass",', '"failing": {},'])
    expect(added.map((l) => l.trim())).toEqual(['"8.24": "fail"', '"CC6.7": "fail",', '"failing": {', '"sql-db-tde": [', `"${DB1}"`, ']'])
  })

  it('reads back what it wrote, and accepts a results.json as a baseline', () => {
    const results = buildResults(drifted())
    const text = serializeBaseline(baselineFromResults(results))
    expect(serializeBaseline(parseBaseline(text, 'b.json'))).toBe(text)
    expect(serializeBaseline(parseBaseline(JSON.stringify(results), 'results.json'))).toBe(text)
  })

  it('names the file and the field when the baseline is malformed', () => {
    expect(() => parseBaseline('{"trustpackBaseline":1,"frameworks":[],"controls":{"soc2":{"CC6.1":"broken"}},"failing":{},"errors":{}}', 'ci/b.json'))
      .toThrow(/ci\/b\.json: not a valid trustpack baseline: controls\.soc2\.CC6\.1/)
    expect(() => parseBaseline('{ nope', 'b.json')).toThrow(InputError)
    expect(() => parseBaseline('[1,2]', 'b.json')).toThrow(/b\.json: not a trustpack baseline/)
  })

  it('finds the line of a failing resource for SARIF regions', () => {
    const text = serializeBaseline(baselineFromResults(buildResults(drifted())))
    const lines = text.split('\n')
    const line = baselineLineOf(text, 'storage-public-network', ST2.toUpperCase())
    expect(lines[line - 1]).toContain(ST2)
    const checkLine = baselineLineOf(text, 'storage-public-network', ST1)
    expect(lines[checkLine - 1]).toContain('"storage-public-network": [')
    expect(lines[baselineLineOf(text, 'sql-db-tde', DB1, ['soc2:CC6.7', 'iso27001:8.24']) - 1]).toBe('      "8.24": "pass"')
    expect(baselineLineOf(text, 'sql-db-tde', DB1)).toBe(1)
  })

  it('orders numbers inside ids naturally and deterministically', () => {
    expect(['5.10', '5.2', '5.1', 'A1.1', 'CC10.1', 'CC9.2'].sort(naturalCompare)).toEqual(['5.1', '5.2', '5.10', 'A1.1', 'CC9.2', 'CC10.1'])
  })
})

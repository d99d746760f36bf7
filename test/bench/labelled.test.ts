// The bench's printed failure lists: the held-out half is counted, never listed, wherever its questions
// appear (the VSAQ section holds questions of both halves).
import { describe, expect, it } from 'vitest'
import { formatScore, type Figure, type LabelledScore } from '../../bench/labelled.js'

const figure = (failing: string[], of = 10): Figure => ({ n: of - failing.length, of, failing })

function score(failing: string[]): LabelledScore {
  const none = figure([])
  return { questions: 10, kinds: { technical: 5, value: 2, manual: 3 }, technicalHit: none, valueHit: none, valueAnswered: none, overClaimsMixed: none, overClaimsFailing: none, misGrounded: none, manualClaimed: figure(failing), ungroundedValue: none, compliant: none }
}

describe('formatScore', () => {
  it('counts the held-out failures but lists only the others', () => {
    const lines = formatScore('VSAQ (both splits)', score(['vsaq:a/one -> yes via x [c1]', 'vsaq:a/two -> no via y [c2]']), new Set(['vsaq:a/two']))
    const manual = lines.findIndex((l) => l.startsWith('  manual questions'))
    expect(lines[manual]).toContain('2/10')
    expect(lines.slice(manual + 1, manual + 3)).toEqual(['    vsaq:a/one -> yes via x [c1]', '    (1 held-out, not listed)'])
    expect(lines.join('\n')).not.toContain('vsaq:a/two')
  })

  it('lists every failure when no held-out question is among them', () => {
    const lines = formatScore('dev', score(['dev:x/01 -> yes via e [c]']))
    expect(lines).toContain('    dev:x/01 -> yes via e [c]')
    expect(lines.join('\n')).not.toContain('held-out, not listed')
  })
})

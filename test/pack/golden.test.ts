// Golden files for the rendered pack (fixed clock, unsigned). Refresh with UPDATE_GOLDEN=1 after an intended change.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, fixturePack } from './helpers.js'

const GOLDEN = join(FIXTURES, 'golden')

function golden(name: string, actual: Buffer): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, actual)
  }
  expect(actual.toString('utf8')).toBe(readFileSync(file, 'utf8'))
}

describe('pack rendering (golden)', () => {
  it('renders index.html and a framework page exactly as the committed golden files', async () => {
    const files = await fixturePack(null)
    golden('index.html', files.get('index.html')!)
    golden('framework-soc2.html', files.get('framework-soc2.html')!)
  })

  it('renders the OSCAL assessment results and plan exactly as the committed golden files', async () => {
    const files = await fixturePack(null)
    golden('assessment-results.json', files.get('oscal/assessment-results.json')!)
    golden('assessment-plan.json', files.get('oscal/assessment-plan.json')!)
  })

  it('renders the evidence file of a failing control exactly as the committed golden file', async () => {
    const files = await fixturePack(null)
    golden('CC6.1.json', files.get('evidence/soc2/CC6.1.json')!)
    golden('CC6.1.csv', files.get('evidence/soc2/CC6.1.csv')!)
  })

  it('escapes markup from the results instead of injecting it, and loads nothing from outside', async () => {
    const files = await fixturePack(null)
    const pages = [...files.keys()].filter((p) => p.endsWith('.html'))
    expect(pages.sort()).toEqual(['framework-iso27001.html', 'framework-soc2.html', 'index.html'])
    const all = pages.map((p) => files.get(p)!.toString('utf8')).join('\n')
    expect(all).toContain('is false &lt;b&gt;(excepted)&lt;/')
    expect(all).not.toContain('<b>(excepted)</b>')
    for (const p of pages) {
      const html = files.get(p)!.toString('utf8')
      expect(html, p).not.toMatch(/<script[^>]*\ssrc=|<link |src="http|href="http|url\(/i)
      // One inline script (the filter), no other.
      expect(html.match(/<script>/g), p).toHaveLength(1)
    }
  })
})

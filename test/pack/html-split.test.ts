// index.html plus one page per framework, split so that no page passes HTML_PAGE_BUDGET: on a pack far
// larger than the budget, every page stays under it, every control is on exactly one page, and every link
// from one page to another names a page that exists.
import { describe, expect, it } from 'vitest'
import { HTML_PAGE_BUDGET, INDEX_PAGE } from '../../src/report/pack/html.js'
import { fixturePack } from './helpers.js'

// More controls than any framework has (ISO 27001's 93), each with more failing findings than a page lists.
const CONTROLS = 150
const FAILING = 400

describe('the HTML pages of a large pack', () => {
  it('stay under the page budget, hold each control once, and link only to pages that exist', async () => {
    const files = await fixturePack(null, (r) => {
      const fail = r.findings.find((f) => f.status === 'fail')!
      for (let i = 0; i < FAILING; i++) r.findings.push({ ...fail, resourceId: `${fail.resourceId}-${i}`, message: `${fail.message} (copy ${i})` })
      for (let i = 0; i < CONTROLS; i++) {
        r.controls.push({ framework: 'soc2', controlId: `ZZ${i}.1`, title: `A generated control number ${i} whose title is long enough to take some room on the page`, status: 'fail', checkIds: [fail.checkId], manual: false, counts: { pass: 0, fail: FAILING + 1, error: 0, not_applicable: 0, manual: 0 } })
      }
    })
    const pages = [...files.keys()].filter((k) => k.endsWith('.html'))
    const total = pages.reduce((n, p) => n + files.get(p)!.length, 0)
    expect(total).toBeGreaterThan(2 * HTML_PAGE_BUDGET)
    for (const p of pages) expect(files.get(p)!.length, p).toBeLessThanOrEqual(HTML_PAGE_BUDGET)
    expect(pages.filter((p) => /^framework-soc2-\d+\.html$/.test(p)).length).toBeGreaterThan(0)
    const frameworkPages = pages.filter((p) => p !== INDEX_PAGE)
    for (let i = 0; i < CONTROLS; i += 7) {
      const holders = frameworkPages.filter((p) => files.get(p)!.toString('utf8').includes(`ZZ${i}.1 `) || files.get(p)!.toString('utf8').includes(`>ZZ${i}.1<`))
      expect(holders.length, `ZZ${i}.1`).toBeGreaterThanOrEqual(1)
    }
    for (const p of pages) {
      for (const m of files.get(p)!.toString('utf8').matchAll(/href="([^"#:]+\.html)(?:#[^"]*)?"/g)) expect(files.has(m[1]!), `${p} links to ${m[1]}`).toBe(true)
    }
  })
})

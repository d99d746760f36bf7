// summary.pdf: the text a reader sees (controls, statuses, page numbers) and byte-for-byte determinism.
import { describe, expect, it } from 'vitest'
import { pdfInfo, pdfPages } from '../pdf-text.js'
import { fixturePack } from './helpers.js'

describe('summary.pdf', () => {
  it('contains every control with its status, a contents page and page numbers', async () => {
    const pages = await pdfPages((await fixturePack(null)).get('summary.pdf')!)
    const text = pages.join('\n')
    const expected: [string, string][] = [['CC6.1', 'Fail'], ['CC6.7', 'Pass'], ['CC7.4', 'Pass'], ['CC1.1', 'Attestation expired'], ['8.24', 'Pass'], ['8.13', 'Error']]
    for (const [id, status] of expected) {
      expect(text).toMatch(new RegExp(`${id.replace('.', '\\.')}\\s+\\S.*?Status: ${status}`))
    }
    expect(pages[0]).toContain('Compliance evidence pack')
    expect(pages[0]).toContain('Unsigned')
    expect(pages[1]).toContain('Contents')
    expect(pages[1]).toMatch(/CC6\.1 Logical access to protected assets is restricted Fail \d+/)
    expect(pages[0]).toMatch(/Needs attestation/)
    expect(text).toContain('Population: the resources the check was applied to')
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`)
    expect(text).toContain('rule allow-rdp opens 3389 to Internet')
    expect(text).toContain('GET /subscriptions/{subscriptionId}/providers/Microsoft.Network/networkSecurityGroups')
  })

  it('is byte-identical for the same inputs and clock', async () => {
    const a = (await fixturePack(null)).get('summary.pdf')!
    const b = (await fixturePack(null)).get('summary.pdf')!
    expect(a.equals(b)).toBe(true)
    const info = await pdfInfo(a)
    expect(info.CreationDate).toMatch(/^D:20261001093000/)
    expect(info.ModDate).toMatch(/^D:20261001093000/)
  })
})

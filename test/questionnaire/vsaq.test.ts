import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseVsaq, relaxedJsonToStrict } from '../../src/questionnaire/vsaq.js'
import { FIXTURES, SHARED } from './helpers.js'

describe('VSAQ JSON', () => {
  it('strips // comments outside strings but keeps // inside them, and joins "a" + "b"', () => {
    const src = '// header\n{ "url": "https://example.com/x", // trailing\n "text": "one " +\n   "two", "list": [1, 2,], }'
    expect(JSON.parse(relaxedJsonToStrict(src))).toEqual({ url: 'https://example.com/x', text: 'one two', list: [1, 2] })
  })

  it('collects radiogroup/checkgroup/line/box items with their section, skipping info, tip and block', () => {
    const src = `{"questionnaire":[{"type":"block","text":"Top","items":[
      {"type":"info","text":"Why it matters"},
      {"type":"block","text":"<b>Backups</b>","items":[
        {"type":"radiogroup","id":"bk","text":"Do you <i>test</i> backups?","choices":[]},
        {"type":"tip","id":"tip_bk","text":"Test them."},
        {"type":"line","id":"bk_how","text":"How often?"}]}]}]}`
    const qs = parseVsaq(src, 'x.json')
    expect(qs.map((q) => [q.id, q.text, q.section, q.open])).toEqual([
      ['bk', 'Do you test backups?', 'Backups', false],
      ['bk_how', 'How often?', 'Backups', true],
    ])
  })

  it('reads the bundled VSAQ fixture', () => {
    const qs = parseVsaq(readFileSync(join(FIXTURES, 'physical_and_datacenter.json'), 'utf8'), 'physical_and_datacenter.json')
    expect(qs).toHaveLength(25)
    expect(qs.find((q) => q.id === 'dc_provider')?.text).toBe('Who is your data center provider?')
    expect(qs.every((q) => !q.id.startsWith('tip') || q.text.endsWith('?'))).toBe(true)
  })

  it.runIf(existsSync(join(SHARED, 'vsaq')))('reads all four shared VSAQ questionnaires (199 questions, as the flat CSV lists)', () => {
    const counts = ['infrastructure', 'webapp', 'security_privacy_programs', 'physical_and_datacenter'].map(
      (f) => parseVsaq(readFileSync(join(SHARED, 'vsaq', `${f}.json`), 'utf8'), f).length,
    )
    expect(counts).toEqual([84, 54, 36, 25])
  })

  it('names the file and line of a syntax error', () => {
    expect(() => parseVsaq('{\n "questionnaire": [\n  {"type": }\n]}', 'broken.json')).toThrow(/^broken\.json:3: not a valid VSAQ questionnaire/)
    expect(() => parseVsaq('{"items": []}', 'other.json')).toThrow(/no top-level "questionnaire" array/)
  })
})

// `trustpack answer` as a process (built CLI): exit codes, --json on stdout only, files written or not.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/run.js'
import { FIXTURES, tmp, writeResults } from './helpers.js'

describe('trustpack answer', () => {
  it('fills the XLSX, writes the review beside it and prints a summary', async () => {
    const dir = tmp()
    const results = writeResults(dir, { 'storage-min-tls': 'fail' })
    const r = await runCli(['answer', join(FIXTURES, 'sample-buyer-questionnaire.xlsx'), '--results', results, '--out', 'filled.xlsx'], {}, dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^58 questions: \d+ yes, \d+ no, \d+ partial, \d+ n\/a, \d+ values, \d+ unknown; \d+ need review\n/)
    expect(existsSync(join(dir, 'filled.xlsx'))).toBe(true)
    expect(existsSync(join(dir, 'filled.review.md'))).toBe(true)
  })

  it('prints only the answers array with --json', async () => {
    const dir = tmp()
    const r = await runCli(['answer', join(FIXTURES, 'physical_and_datacenter.json'), '--results', writeResults(dir), '--json'], {}, dir)
    expect(r.code).toBe(0)
    const parsed = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    expect(parsed).toHaveLength(25)
    for (const a of parsed) expect(Object.keys(a)).toEqual(['questionId', 'question', 'answer', 'confidence', 'citations', 'rationale', ...(a.answer === 'text' ? ['value'] : []), 'source'])
  })

  it('exits 2 with one line and writes nothing for an unreadable questionnaire', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'broken.xlsx'), 'definitely not a zip file')
    const r = await runCli(['answer', 'broken.xlsx', '--results', writeResults(dir), '--out', 'out.xlsx'], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('Error: broken.xlsx: cannot read questionnaire (not a readable XLSX workbook)\n')
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(false)
    expect(existsSync(join(dir, 'out.review.md'))).toBe(false)
  })

  it('exits 2 naming the results file when it is missing', async () => {
    const dir = tmp()
    const r = await runCli(['answer', join(FIXTURES, 'sample-buyer-questionnaire.csv'), '--results', 'nope.json'], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: nope\.json: cannot read results file \(no such file\)\n$/)
  })
})

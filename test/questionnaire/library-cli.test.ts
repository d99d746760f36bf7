// `trustpack library import|list|show|validate` as processes (built CLI): exit codes, one-line errors,
// --json on stdout only, files written or left alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/run.js'
import { pastAnswerId } from '../../src/questionnaire/past-answers.js'
import { loadLibrary } from '../../src/questionnaire/library.js'
import { tmp } from './helpers.js'
import { completedCsv, completedXlsx } from './completed.js'

describe('trustpack library import', () => {
  it('writes the library and prints the counts', async () => {
    const dir = tmp()
    completedCsv(dir)
    const r = await runCli(['library', 'import', 'completed.csv', '--approved-by', 'ciso@example.com', '--expires', '2099-12-31', '--out', 'answers/lib.yaml'], {}, dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe([
      '7 entries imported: 2 yes, 1 no, 1 partial, 1 n/a, 2 values',
      '2 questions without an answer skipped',
      `wrote ${join(dir, 'answers', 'lib.yaml')} (7 new, 0 replaced, 0 other entries kept)`,
      '',
    ].join('\n'))
    expect(loadLibrary(join(dir, 'answers', 'lib.yaml')).entries).toHaveLength(7)
  })

  it('prints only the result with --json, and writes nothing without --out', async () => {
    const dir = tmp()
    await completedXlsx(dir)
    const r = await runCli(['library', 'import', 'completed.xlsx', '--approved-by', 'ciso@example.com', '--json'], {}, dir)
    expect(r.code).toBe(0)
    const parsed = JSON.parse(r.stdout) as { outPath: null; entries: Array<{ id: string }>; skipped: string[] }
    expect(parsed.outPath).toBeNull()
    expect(parsed.skipped).toEqual(['SEC-5', 'SEC-6'])
    expect(parsed.entries.map((e) => e.id)[0]).toBe(pastAnswerId('Is customer data encrypted at rest?'))
  })

  it.each([
    [['--approved-by', 'not-an-email', '--out', 'lib.yaml'], 'Error: --approved-by "not-an-email": expected the approver\'s e-mail address, e.g. ciso@example.com\n'],
    [['--approved-by', 'ciso@example.com', '--expires', 'next year', '--out', 'lib.yaml'], /^Error: --expires "next year": expected a date YYYY-MM-DD, e\.g\. \d{4}-\d{2}-\d{2}\n$/],
  ])('exits 2 with one line naming the flag: %j', async (flags, message) => {
    const dir = tmp()
    completedCsv(dir)
    const r = await runCli(['library', 'import', 'completed.csv', ...flags], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    if (typeof message === 'string') expect(r.stderr).toBe(message)
    else expect(r.stderr).toMatch(message)
    expect(existsSync(join(dir, 'lib.yaml'))).toBe(false)
  })

  it('exits 2 without --out or --json, and when --approved-by is missing', async () => {
    const dir = tmp()
    completedCsv(dir)
    const noOut = await runCli(['library', 'import', 'completed.csv', '--approved-by', 'ciso@example.com'], {}, dir)
    expect(noOut.code).toBe(2)
    expect(noOut.stderr.split('\n')[0]).toBe('Error: --out LIBRARY.yaml is required (or --json to print the entries without writing them)')
    const noApprover = await runCli(['library', 'import', 'completed.csv', '--out', 'lib.yaml'], {}, dir)
    expect(noApprover.code).toBe(2)
    expect(noApprover.stderr).toMatch(/approved-by/)
  })

  it('exits 2 and leaves an --out that is not a library as it was; under --json the error is one object', async () => {
    const dir = tmp()
    completedCsv(dir)
    writeFileSync(join(dir, 'config.yaml'), 'frameworks: [soc2]\n')
    const r = await runCli(['library', 'import', 'completed.csv', '--approved-by', 'ciso@example.com', '--out', 'config.yaml'], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: --out config\.yaml: exists and is not a valid answer library, so it was not changed \(.*config\.yaml:1: invalid answer library/)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('Error:'))).toHaveLength(1)
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toBe('frameworks: [soc2]\n')
    const j = await runCli(['library', 'import', 'completed.csv', '--approved-by', 'ciso@example.com', '--out', 'config.yaml', '--json'], {}, dir)
    expect(j.code).toBe(2)
    expect(JSON.parse(j.stdout)).toMatchObject({ error: { code: 'InputError', exitCode: 2, line: 1 } })
  })
})

describe('trustpack library list, show, validate', () => {
  it('lists, shows and validates an imported library', async () => {
    const dir = tmp()
    completedCsv(dir)
    expect((await runCli(['library', 'import', 'completed.csv', '--approved-by', 'ciso@example.com', '--out', 'lib.yaml'], {}, dir)).code).toBe(0)
    const list = await runCli(['library', 'list', '--library', 'lib.yaml'], {}, dir)
    expect(list.code).toBe(0)
    const id = pastAnswerId('Is customer data encrypted at rest?')
    expect(list.stdout).toMatch(new RegExp(`^${id} +approved +ciso@example\\.com \\d{4}-\\d{2}-\\d{2} +Is customer data encrypted at rest\\?$`, 'm'))
    expect(list.stdout).toContain('7 entries: 0 evidence, 0 fixed, 7 approved')

    const show = await runCli(['library', 'show', id, '--library', 'lib.yaml'], {}, dir)
    expect(show.code).toBe(0)
    expect(show.stdout).toContain(`# ${id}: approved past answer\nid: ${id}\n`)
    expect(show.stdout).toContain('answer: "yes"\n')
    const json = await runCli(['library', 'show', id, '--library', 'lib.yaml', '--json'], {}, dir)
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'approved', expired: false, entry: { id, answer: 'yes', approval: { by: 'ciso@example.com', source: { file: 'completed.csv', question: '2' } } } })

    const unknown = await runCli(['library', 'show', 'past-is-customer', '--library', 'lib.yaml'], {}, dir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.split('\n')[0]).toBe(`Error: no library entry "past-is-customer" in lib.yaml; did you mean "${id}"?`)

    const valid = await runCli(['library', 'validate', '--library', 'lib.yaml'], {}, dir)
    expect(valid).toMatchObject({ code: 0, stdout: 'OK: 7 entries in lib.yaml\n', stderr: '' })
  })

  it('lists the shipped library by default, and exits 0 validating it', async () => {
    const list = await runCli(['library', 'list', '--json'])
    expect(list.code).toBe(0)
    const rows = JSON.parse(list.stdout) as Array<{ id: string; kind: string }>
    expect(rows.find((r) => r.id === 'db-encryption-at-rest')).toMatchObject({ kind: 'evidence', expired: false })
    const valid = await runCli(['library', 'validate'])
    expect(valid.code).toBe(0)
    expect(valid.stdout).toMatch(/^OK: \d+ entries in the shipped library \(\d+ files\)\n$/)
  })

  it('validate exits 2 listing every citation problem, warns of expired approvals, and exits 2 on an unreadable file', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'lib.yaml'), [
      'version: 1',
      'entries:',
      '  - id: tde',
      '    topic: TDE',
      '    questions: [Are databases encrypted?]',
      '    checks: [sql-db-tdee]',
      '    claims: [TC-DATA-99]',
      '    wording: Yes.',
      '  - id: old',
      '    topic: Old answer',
      '    questions: [Do you have a NOC?]',
      '    answer: "yes"',
      '    wording: Yes.',
      '    approval: { by: ciso@example.com, at: "2020-01-01", expires: "2020-12-31" }',
      '',
    ].join('\n'))
    const r = await runCli(['library', 'validate', '--library', 'lib.yaml'], {}, dir)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe([
      'warning: lib.yaml:14: library entry old: approval by ciso@example.com expired 2020-12-31; the answer is no longer given',
      'lib.yaml:6: library entry tde: unknown check "sql-db-tdee"; did you mean "sql-db-tde"?',
      'lib.yaml:7: library entry tde: unknown trust claim "TC-DATA-99" (not in controls/frameworks/trust-claims.yaml); did you mean "TC-DATA-01"?',
      'Error: 2 library problem(s) in lib.yaml',
      '',
    ].join('\n'))
    const j = await runCli(['library', 'validate', '--library', 'lib.yaml', '--json'], {}, dir)
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, problems: [expect.stringContaining('sql-db-tdee'), expect.stringContaining('TC-DATA-99')], warnings: [expect.stringContaining('expired 2020-12-31')], error: { exitCode: 2 } })

    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nentries:\n  - id: x\n    topic: [\n')
    const bad = await runCli(['library', 'validate', '--library', 'bad.yaml'], {}, dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^Error: bad\.yaml:\d+: invalid YAML in answer library: /)
    const missing = await runCli(['library', 'validate', '--library', 'nope.yaml'], {}, dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('Error: nope.yaml: cannot read answer library (no such file)\n')
  })
})

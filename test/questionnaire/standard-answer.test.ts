// Standard questionnaires answered by ID first: the question's ID decides which entries may answer it, and
// an ID that no check can ground is never answered from a check the text happens to match.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { caiqLayout, caiqWorkbook } from './workbooks/build.js'
import { FIXTURES, NOW, tmp, writeResults } from './helpers.js'

describe('answering a standard questionnaire by ID', () => {
  it('recognises the CAIQ workbook and its version, and names the ID mapping in each answer it grounds', async () => {
    const dir = tmp()
    const src = join(dir, 'caiq.xlsx')
    writeFileSync(src, caiqWorkbook())
    const r = await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir), now: NOW })
    expect(r.recognised).toMatchObject({ standard: 'caiq', version: '4.0.3' })
    const cek = r.answers.find((a) => a.questionId === 'CEK-03.1')!
    expect(cek).toMatchObject({ answer: 'yes', source: { kind: 'evidence' } })
    expect(cek.citations).toContain('sql-db-tde')
    expect(cek.source!.why).toMatch(/^CAIQ 4\.0\.3 CEK-03\.1 maps to it; /)
    // Audit-and-assurance policy questions are a person's: none is answered from a check.
    for (const a of r.answers.filter((x) => x.questionId.startsWith('A&A-'))) expect(a.source!.kind, a.questionId).not.toBe('evidence')
    expect(r.answers).toHaveLength(caiqLayout().questions.length)
  })

  it('puts the ID before the text: a datacenter control is not answered from a database check, however its text reads', async () => {
    const dir = tmp()
    const src = join(dir, 'caiq.csv')
    writeFileSync(src, ['Question ID,Question,CSP CAIQ Answer,CSP Implementation Description', 'DCS-06.1,Is customer data encrypted at rest in databases?,,', 'CEK-03.1,Is customer data encrypted at rest in databases?,,', 'BCR-08.1,Are backups stored in geo-redundant storage?,,', ''].join('\n'))
    const r = await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir), now: NOW })
    expect(r.recognised?.standard).toBe('caiq')
    const [dcs, cek] = r.answers
    expect(dcs).toMatchObject({ answer: 'unknown', source: { kind: 'none' } })
    expect(dcs!.citations).not.toContain('sql-db-tde')
    expect(cek).toMatchObject({ answer: 'yes', source: { kind: 'evidence' } })
  })

  it('answers a process control named by its ID from the attestation alone, and only while one is valid', async () => {
    const dir = tmp()
    const src = join(dir, 'caiq.csv')
    const rows = [
      'Question ID,Question,CSP CAIQ Answer,CSP Implementation Description',
      'UEM-08.1,Is storage encryption applied on managed endpoint devices?,,',
      'HRS-10.1,Are non-disclosure agreements signed by employees before they are given access?,,',
      // the ID names only the endpoint entry, but the words are about cloud databases: no check is found by text
      'UEM-05.1,Is customer data in databases encrypted at rest?,,',
      '',
    ].join('\n')
    writeFileSync(src, rows)
    const attested = await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(dir, {}, ['iso27001:8.1', 'iso27001:6.2']), now: NOW })
    const [uem, hrs, wrong] = attested.answers
    expect(uem).toMatchObject({ answer: 'yes', source: { kind: 'attestation', control: 'iso27001:8.1', owner: 'ciso@example.com', expires: '2027-06-30' } })
    expect(uem!.source!.why).toMatch(/^CAIQ 4\.0\.x UEM-08\.1 maps to it; |^CAIQ [\d.x]+ UEM-08\.1 maps to it; /)
    expect(hrs).toMatchObject({ answer: 'yes', source: { kind: 'attestation', control: 'iso27001:6.2' } })
    expect(wrong).toMatchObject({ answer: 'unknown', source: { kind: 'none' } })
    expect(wrong!.citations).not.toContain('sql-db-tde')
    // Without the attestations the same questions go to a person, with the reason.
    const bare = await answerQuestionnaire({ questionnairePath: src, resultsPath: writeResults(tmp()), now: NOW })
    for (const a of bare.answers) expect(a, a.questionId).toMatchObject({ answer: 'unknown', source: { kind: 'none' } })
  })

  it('recognises nothing in a home-made questionnaire, which is matched by text as before', async () => {
    const dir = tmp()
    const r = await answerQuestionnaire({ questionnairePath: join(FIXTURES, 'sample-buyer-questionnaire.xlsx'), resultsPath: writeResults(dir), now: NOW })
    expect(r.recognised).toBeNull()
    expect(r.answers.some((a) => a.answer === 'yes')).toBe(true)
  })
})

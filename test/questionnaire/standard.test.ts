// Standard questionnaires: the CAIQ / HECVAT / VSAQ mapping files load and cite only shipped library entries,
// the CAIQ file covers every CCM v4 control, and recognise() tells the standard workbooks from a buyer's own.
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { shippedLibrary } from '../../src/app/answer.js'
import { InputError } from '../../src/core/errors.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { loadStandardMappings, mappingFor, questionnairesDir, recognise, shippedMappings, STANDARD_FILES, type RecogniseInput } from '../../src/questionnaire/standard.js'
import type { ImportedQuestionnaire } from '../../src/questionnaire/types.js'
import { CAIQ_SHEETS, HECVAT_SHEETS, YES_NO_SHEETS, caiqLayout, caiqWorkbook, hecvatLayout, hecvatWorkbook, yesNoColumnsLayout, yesNoColumnsWorkbook } from './workbooks/build.js'
import { FIXTURES, tmp } from './helpers.js'

const DOMAINS = ['A&A', 'AIS', 'BCR', 'CCC', 'CEK', 'DCS', 'DSP', 'GRC', 'HRS', 'IAM', 'IPY', 'IVS', 'LOG', 'SEF', 'STA', 'TVM', 'UEM']
/** Controls per CCM v4 domain (197 in all). */
const CONTROLS_PER_DOMAIN: Record<string, number> = { 'A&A': 6, AIS: 7, BCR: 11, CCC: 9, CEK: 21, DCS: 15, DSP: 19, GRC: 8, HRS: 13, IAM: 16, IPY: 4, IVS: 9, LOG: 13, SEF: 8, STA: 14, TVM: 10, UEM: 14 }

async function imported(bytes: Buffer, name: string): Promise<ImportedQuestionnaire> {
  const path = join(tmp('tp-std-'), name)
  writeFileSync(path, bytes)
  return importQuestionnaire(path)
}

function inputOf(q: ImportedQuestionnaire, headerCells: string[], sheetNames: string[] = q.sheets.map((s) => s.name)): RecogniseInput {
  return { format: q.format, sheetNames, headerCells, questionIds: q.questions.map((x) => x.id) }
}

/** A copy of the shipped mapping files in a temporary folder, with one file's text changed. */
function editedCopy(file: string, edit: (text: string) => string): string {
  const dir = tmp('tp-std-')
  for (const f of Object.values(STANDARD_FILES)) copyFileSync(join(questionnairesDir(), f), join(dir, f))
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')))
  return dir
}

describe('standard questionnaire mappings', () => {
  const library = shippedLibrary()
  const known = new Set(library.entries.map((e) => e.id))
  const m = loadStandardMappings(library)

  it('load, and cite only entries of the shipped library', () => {
    const cited = [
      ...Object.values(m.caiq.controls).flatMap((c) => [...c.entries, ...Object.values(c.questions).flatMap((q) => q.entries)]),
      ...Object.values(m.hecvat.prefixes).flatMap((p) => [...p.entries, ...Object.values(p.questions).flatMap((q) => q.entries)]),
      ...Object.values(m.vsaq.questions).flatMap((q) => q.entries),
    ]
    expect(cited.length).toBeGreaterThan(100)
    expect(cited.filter((e) => !known.has(e))).toEqual([])
    expect(shippedMappings()).toEqual(m)
  })

  it('CAIQ: every CCM v4 control of the 17 domains, each with a topic', () => {
    expect(Object.keys(m.caiq.domains).sort()).toEqual([...DOMAINS].sort())
    const ids = Object.keys(m.caiq.controls)
    expect(ids).toHaveLength(197)
    for (const d of DOMAINS) {
      const n = CONTROLS_PER_DOMAIN[d]!
      const expected = Array.from({ length: n }, (_, i) => `${d}-${String(i + 1).padStart(2, '0')}`)
      expect(ids.filter((id) => id.startsWith(`${d}-`)), d).toEqual(expected)
    }
    for (const c of Object.values(m.caiq.controls)) expect(c.topic.length).toBeGreaterThan(3)
  })

  it('CAIQ: every datacenter (DCS) control maps only to entries answered from a provider report or an attestation, never a check', () => {
    const dcs = Object.entries(m.caiq.controls).filter(([id]) => id.startsWith('DCS-'))
    expect(dcs).toHaveLength(15)
    const byId = new Map(library.entries.map((e) => [e.id, e]))
    for (const [id, c] of dcs) {
      const named = [...c.entries, ...Object.values(c.questions).flatMap((q) => q.entries)]
      expect(named.length > 0 || c.manual, id).toBe(true)
      for (const e of named.map((x) => byId.get(x)!)) {
        expect(e.checks, `${id} ${e.id}`).toEqual([])
        expect(e.scanned, `${id} ${e.id}`).toBe(false)
        expect(e.inherited.length + e.attestations.length, `${id} ${e.id}`).toBeGreaterThan(0)
      }
    }
  })

  it('VSAQ: every question id of the four questionnaires, mapped only to entries grounded by the checks the hand labels name', async () => {
    const labels = (JSON.parse(readFileSync(join(FIXTURES, '..', '..', '..', 'bench', 'data', 'answer-labels.json'), 'utf8')) as { labels: Array<{ questionnaire: string; id: string; checks: string[] }> }).labels
    const dir = join(FIXTURES, 'vsaq')
    for (const f of readdirSync(dir)) {
      const q = await importQuestionnaire(join(dir, f))
      for (const x of q.questions) expect(m.vsaq.questions[x.id]?.in, `${f} ${x.id}`).toContain(f.replace(/\.json$/, ''))
    }
    const byId = new Map(library.entries.map((e) => [e.id, e]))
    for (const l of labels) {
      const mapping = m.vsaq.questions[l.id]!
      if (l.checks.length === 0) {
        expect(mapping, l.id).toMatchObject({ manual: true, entries: [] })
        continue
      }
      expect(mapping.entries.length, l.id).toBeGreaterThan(0)
      for (const e of mapping.entries) {
        const entry = byId.get(e)!
        const grounded = entry.checks.some((c) => l.checks.includes(c)) || (l.checks.includes('scan') && entry.scanned)
        expect(grounded, `${l.id} -> ${e}`).toBe(true)
      }
    }
  })

  it('reports an unknown entry with file, line and the nearest entry id', () => {
    const dir = editedCopy(STANDARD_FILES.caiq, (t) => t.replace('CEK-04: { topic: suitable encryption algorithms, entries: [encryption-algorithm] }', 'CEK-04: { topic: suitable encryption algorithms, entries: [encryption-algorithms] }'))
    const line = readFileSync(join(dir, STANDARD_FILES.caiq), 'utf8').split('\n').findIndex((l) => l.includes('encryption-algorithms')) + 1
    expect(() => loadStandardMappings(library, dir)).toThrow(InputError)
    expect(() => loadStandardMappings(library, dir)).toThrow(new RegExp(`caiq-v4\\.yaml:${line}: invalid CAIQ mapping: unknown answer-library entry "encryption-algorithms"; did you mean "encryption-algorithm"\\?`))
  })

  it('refuses manual with entries, manual without a reason, and a control of an unknown domain, naming the line', () => {
    const both = editedCopy(STANDARD_FILES.hecvat, (t) => t.replace('    entries: [vulnerability-management, pentest]', '    entries: [vulnerability-management, pentest]\n    manual: true\n    reason: x'))
    expect(() => loadStandardMappings(library, both)).toThrow(/hecvat\.yaml:\d+: invalid HECVAT mapping \(prefixes\.VULN\.manual\): manual: true and entries together/)
    const bare = editedCopy(STANDARD_FILES.caiq, (t) => t.replace('GRC-08: { topic: membership of security interest groups, manual: true, reason: memberships; no entry states them }', 'GRC-08: { topic: membership of security interest groups, manual: true }'))
    expect(() => loadStandardMappings(library, bare)).toThrow(/caiq-v4\.yaml:\d+: invalid CAIQ mapping \(controls\.GRC-08\.manual\): manual: true needs a reason/)
    const domain = editedCopy(STANDARD_FILES.caiq, (t) => t.replace('  UEM-14:', '  UEN-15: { topic: typo, manual: true, reason: x }\n  UEM-14:'))
    expect(() => loadStandardMappings(library, domain)).toThrow(/caiq-v4\.yaml:\d+: invalid CAIQ mapping \(controls\.UEN-15\): control UEN-15: unknown domain "UEN"; did you mean "UEM"\?/)
  })
})

describe('mappingFor', () => {
  it('maps a CEK encryption question to the encryption entries, at the control level', () => {
    const r = mappingFor('caiq', '4.0.3', 'CEK-03.1')!
    expect(r.manual).toBe(false)
    expect(r.entries).toEqual(expect.arrayContaining(['db-encryption-at-rest', 'tls-in-transit']))
    expect(r.reason).toMatch(/^CAIQ CEK-03 /)
    expect(mappingFor('caiq', null, 'CEK-12.1')).toMatchObject({ entries: ['key-rotation'], manual: false })
    // the sheet prefix added when several sheets are answered is not part of the ID
    expect(mappingFor('caiq', '4.0.x', 'CAIQv4.0.3!CEK-03.1')).toEqual(r)
  })

  it('maps a datacenter (DCS) question to the provider\'s physical security, and a process question to a person when no entry fits', () => {
    expect(mappingFor('caiq', '4.0.3', 'DCS-07.1')).toMatchObject({ entries: ['datacenter-physical-security'], manual: false })
    expect(mappingFor('caiq', '4.0.3', 'GRC-08.1')).toMatchObject({ entries: [], manual: true, reason: expect.stringMatching(/memberships/) })
  })

  it('takes a question-level override before its control', () => {
    expect(mappingFor('caiq', '4.0.3', 'TVM-01.1')).toMatchObject({ entries: ['vulnerability-management'], manual: false })
    expect(mappingFor('caiq', '4.0.3', 'TVM-01.2')).toMatchObject({ entries: ['policies-reviewed'], manual: false })
    expect(mappingFor('caiq', '4.0.3', 'CCC-01.2')).toMatchObject({ entries: ['policies-reviewed'], manual: false })
  })

  it('says "not mapped" for a control left to the general matcher, and null for what it does not know', () => {
    expect(mappingFor('caiq', '4.0.3', 'IVS-04.1')).toMatchObject({ entries: [], manual: false, reason: expect.stringMatching(/not mapped/) })
    expect(mappingFor('caiq', '4.0.3', 'CEK-22.1')).toBeNull()
    expect(mappingFor('caiq', '3.x', 'IAM-09.1')).toBeNull()
    expect(mappingFor('caiq', null, 'row-4')).toBeNull()
  })

  it('maps HECVAT at the section level, by version', () => {
    expect(mappingFor('hecvat', '3.x', 'DATA-01')!.entries).toEqual(expect.arrayContaining(['db-encryption-at-rest', 'tls-in-transit', 'data-residency']))
    expect(mappingFor('hecvat', '4.1.3', 'HFIH-02')!.entries).toContain('incident-response-plan')
    expect(mappingFor('hecvat', null, 'PCID-01')!.entries).toEqual(['payment-card-data'])
    expect(mappingFor('hecvat', '4.x', 'AIGN-03')).toMatchObject({ manual: true })
    // BCPL is a 3.x section; in 4.x continuity sits under DOCU
    expect(mappingFor('hecvat', '3.x', 'BCPL-01')!.entries).toContain('rto-rpo')
    expect(mappingFor('hecvat', '4.x', 'BCPL-01')).toBeNull()
    expect(mappingFor('hecvat', '3.x', 'ZZZZ-01')).toBeNull()
  })

  it('maps VSAQ question ids, and no inherited property', () => {
    expect(mappingFor('vsaq', null, 'network_encryption')).toMatchObject({ entries: ['tls-in-transit'], manual: false })
    expect(mappingFor('vsaq', null, 'dc_provider')).toMatchObject({ entries: ['hosting-provider'] })
    expect(mappingFor('vsaq', null, 'dc_access')).toMatchObject({ entries: [], manual: true })
    expect(mappingFor('vsaq', null, 'constructor')).toBeNull()
  })
})

describe('recognise', () => {
  it('recognises the CAIQ v4.0.3 workbook, version from its sheet name', async () => {
    const q = await imported(caiqWorkbook(), 'caiq.xlsx')
    const headers = Object.values(caiqLayout().columns)
    const r = recognise(inputOf(q, headers))
    expect(r).toMatchObject({ standard: 'caiq', version: '4.0.3' })
    expect(r!.why).toMatch(/question IDs are CAIQ question IDs/)
    // every question of the workbook has a mapping
    for (const x of q.questions) expect(mappingFor('caiq', r!.version, x.id), x.id).not.toBeNull()
    // without the sheet name the IDs alone say CAIQ, version unnamed
    expect(recognise({ ...inputOf(q, headers), sheetNames: [] })).toMatchObject({ standard: 'caiq', version: '4.0.x' })
    // every sheet name of the workbook, as a caller with the whole workbook would pass them
    expect(recognise(inputOf(q, headers, [...CAIQ_SHEETS]))).toMatchObject({ standard: 'caiq', version: '4.0.3' })
  })

  it('recognises the HECVAT 3.x workbook, version from sections only 3.x has', async () => {
    const q = await imported(hecvatWorkbook(), 'hecvat.xlsx')
    const headers = Object.values(hecvatLayout().columns)
    const r = recognise(inputOf(q, headers))
    expect(r).toMatchObject({ standard: 'hecvat', version: '3.x' })
    expect(r!.why).toMatch(/HECVAT IDs of \d+ known sections/)
    expect(recognise(inputOf(q, headers, [...HECVAT_SHEETS]))).toMatchObject({ standard: 'hecvat', version: '3.x' })
    expect(recognise({ ...inputOf(q, headers), title: 'HECVAT Full v4.1.3' })).toMatchObject({ standard: 'hecvat', version: '4.x' })
    const known = q.questions.filter((x) => mappingFor('hecvat', r!.version, x.id) !== null)
    expect(known).toHaveLength(q.questions.length)
  })

  it('does not take the sample buyer questionnaire for a standard', async () => {
    const path = join(FIXTURES, 'sample-buyer-questionnaire.xlsx')
    const q = await importQuestionnaire(path)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const sheet = wb.getWorksheet(q.sheetName!)!
    const headers: string[] = []
    sheet.getRow(q.layout!.headerRow!).eachCell((c) => headers.push(String(c.value)))
    expect(headers.length).toBeGreaterThan(2)
    expect(recognise(inputOf(q, headers, wb.worksheets.map((w) => w.name)))).toBeNull()
    const csv = await importQuestionnaire(join(FIXTURES, 'sample-buyer-questionnaire.csv'))
    expect(recognise(inputOf(csv, headers, []))).toBeNull()
  })

  it('does not take the home-made Yes/No-columns workbook for a standard', async () => {
    const q = await imported(yesNoColumnsWorkbook(), 'yes-no.xlsx')
    const headers = yesNoColumnsLayout().flatMap((l) => Object.values(l.columns))
    expect(q.questions.length).toBeGreaterThan(3)
    expect(recognise(inputOf(q, headers, [...YES_NO_SHEETS]))).toBeNull()
  })

  it('recognises a VSAQ file, which has no version, and names the questionnaire', async () => {
    const q = await importQuestionnaire(join(FIXTURES, 'vsaq', 'webapp.json'))
    const r = recognise(inputOf(q, []))
    expect(r).toMatchObject({ standard: 'vsaq', version: null })
    expect(r!.why).toMatch(/54 of 54 question ids are in Google's webapp questionnaire/)
  })

  it('is null when unsure: one name alone, IDs of other shapes, two HECVAT-like sections without a HECVAT name', () => {
    const base: RecogniseInput = { format: 'xlsx', sheetNames: [], headerCells: [], questionIds: [] }
    expect(recognise({ ...base, sheetNames: ['CAIQ answers'], questionIds: ['1', '2', '3'] })).toBeNull()
    expect(recognise({ ...base, questionIds: ['A.1', 'A.2', 'B.1', 'B.2'] })).toBeNull()
    expect(recognise({ ...base, questionIds: ['DATA-01', 'DATA-02', 'APPL-01', 'APPL-02'] })).toBeNull()
    expect(recognise({ ...base, headerCells: ['Question', 'Vendor Answer'], questionIds: ['DATA-01', 'DATA-02', 'APPL-01', 'APPL-02'] })).toMatchObject({ standard: 'hecvat', version: null })
    // a CAIQ v3 file: its IDs reuse v4 prefixes with other controls, so it is told apart and not mapped
    const v3 = recognise({ ...base, questionIds: ['AAC-01.1', 'DSI-02.1', 'EKM-03.1', 'IAM-09.1', 'GRM-01.1'] })
    expect(v3).toMatchObject({ standard: 'caiq', version: '3.x' })
    expect(mappingFor('caiq', v3!.version, 'IAM-09.1')).toBeNull()
  })
})

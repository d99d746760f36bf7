// A buyer's CSV in whatever encoding their spreadsheet saved it: read as what it is (or refused, naming the
// line of the first bad byte), and written back in the same encoding with the same byte-order mark.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { InputError } from '../../src/core/errors.js'
import { decodeText, encodeText, type TextEncoding } from '../../src/questionnaire/encoding.js'
import { importQuestionnaire } from '../../src/questionnaire/import.js'
import { NOW, tmp, writeResults } from './helpers.js'

const ROWS = [
  ['ID', 'Catégorie', 'Question', 'Réponse', 'Commentaires'],
  ['1', 'Sécurité des données', 'Is customer data encrypted at rest in databases?', '', ''],
  ['2', 'Continuité', 'Are backups stored in geo-redundant storage (géo-redondance)?', '', ''],
  ['3', 'Réseau', 'Is TLS 1.2 or higher enforced – “everywhere”?', '', ''],
]
const TEXT = ROWS.map((r) => r.join(';')).join('\r\n') + '\r\n'

const BOMS: Record<string, number[]> = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff], 'windows-1252': [] }

function bytesOf(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  if (encoding === 'windows-1252') return Buffer.from(text.replace('–', '\u0096').replace('“', '\u0093').replace('”', '\u0094'), 'latin1')
  const body = Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'utf16le')
  if (encoding === 'utf-16be') body.swap16()
  return Buffer.concat([Buffer.from(bom ? BOMS[encoding]! : []), body])
}

async function answerFile(bytes: Buffer): Promise<{ out: Buffer; questions: string[] }> {
  const dir = tmp()
  const path = join(dir, 'buyer.csv')
  writeFileSync(path, bytes)
  const out = join(dir, 'buyer-filled.csv')
  const r = await answerQuestionnaire({ questionnairePath: path, resultsPath: writeResults(dir), outPath: out, now: NOW })
  return { out: readFileSync(out), questions: r.answers.map((a) => a.question) }
}

describe('CSV encodings', () => {
  for (const [encoding, bom] of [['utf-8', true], ['utf-16le', true], ['utf-16be', true], ['windows-1252', false]] as const) {
    it(`reads ${encoding}${bom ? ' with a byte-order mark' : ' (Latin-1 accented text)'} and writes the answers back in it`, async () => {
      const { out, questions } = await answerFile(bytesOf(TEXT, encoding, bom))
      expect(questions).toEqual(ROWS.slice(1).map((r) => r[2]))
      // same byte-order mark, same encoding: decoding the output as the input's encoding gives the buyer's cells back
      expect([...out.subarray(0, BOMS[encoding]!.length)]).toEqual(BOMS[encoding])
      const back = decodeText(out, 'out.csv', { legacy: true })
      expect(back).toMatchObject({ encoding, bom })
      const lines = back.text.split('\r\n')
      expect(lines[0]).toBe('ID;Catégorie;Question;Réponse;Commentaires')
      expect(lines[1]).toMatch(/^1;Sécurité des données;Is customer data encrypted at rest in databases\?;Yes;Yes\. /)
      expect(lines[3]).toMatch(/^3;Réseau;Is TLS 1\.2 or higher enforced – “everywhere”\?;/)
      expect(back.text).not.toContain('\ufffd')
    })
  }

  it('refuses bytes that are neither UTF-8 nor Windows-1252 text, naming the line of the first bad byte', async () => {
    const dir = tmp()
    // valid UTF-8 accents on line 2, then a lone 0xE9 (Latin-1 é) on line 4: broken UTF-8, not Windows-1252
    const mixed = join(dir, 'mixed.csv')
    writeFileSync(mixed, Buffer.concat([Buffer.from('ID,Question\n1,Sécurité: is data encrypted?\n2,Are backups geo-redundant?\n3,R'), Buffer.from([0xe9]), Buffer.from('seau: is TLS enforced?\n')]))
    const err = await importQuestionnaire(mixed).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe(`${mixed}:4: not valid UTF-8 (byte 0xE9 at column 4); save the file as UTF-8`)
    // a control byte: binary, not text in any encoding
    const binary = join(dir, 'binary.csv')
    writeFileSync(binary, Buffer.concat([Buffer.from('ID,Question\n1,Is data encrypted?\n2,'), Buffer.from([0xff, 0x01, 0x02]), Buffer.from('\n')]))
    await expect(importQuestionnaire(binary)).rejects.toThrow(`${binary}:3: not valid UTF-8 (byte 0xFF at column 3), and not Windows-1252 text either (byte 0x01 on line 3); save the file as UTF-8`)
    // invalid bytes behind a UTF-8 byte-order mark
    const marked = join(dir, 'marked.csv')
    writeFileSync(marked, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ID,Question\n1,R'), Buffer.from([0xe9]), Buffer.from('seau?\n')]))
    await expect(importQuestionnaire(marked)).rejects.toThrow(`${marked}:2: not valid UTF-8 (byte 0xE9 at column 4) although the file starts with a UTF-8 byte-order mark; save the file as UTF-8`)
  })

  it('refuses a VSAQ file that is not UTF-8, naming the line', async () => {
    const dir = tmp()
    const path = join(dir, 'latin1.json')
    writeFileSync(path, Buffer.concat([Buffer.from('{\n  "questionnaire": [\n    { "type": "yesno", "id": "q1", "text": "S'), Buffer.from([0xe9]), Buffer.from('curit\u00e9?" }\n  ]\n}\n', 'latin1')]))
    await expect(importQuestionnaire(path)).rejects.toThrow(`${path}:3: not valid UTF-8 (byte 0xE9 at column 46); save the file as UTF-8`)
  })

  it('refuses UTF-16 that is cut short or holds an unpaired surrogate, and UTF-16 without a byte-order mark', async () => {
    const dir = tmp()
    const odd = join(dir, 'odd.csv')
    writeFileSync(odd, Buffer.concat([bytesOf(TEXT, 'utf-16le', true), Buffer.from([0x41])]))
    await expect(importQuestionnaire(odd)).rejects.toThrow(`${odd}: not valid UTF-16LE (an odd number of bytes: the file is cut short)`)
    const lone = join(dir, 'lone.csv')
    writeFileSync(lone, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ID,Question\n1,Is data encrypted', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('?\n', 'utf16le')]))
    await expect(importQuestionnaire(lone)).rejects.toThrow(`${lone}:2: not valid UTF-16LE (an unpaired surrogate 0xD800)`)
    const bare = join(dir, 'bare.csv')
    writeFileSync(bare, Buffer.from(TEXT, 'utf16le'))
    await expect(importQuestionnaire(bare)).rejects.toThrow(`${bare}: cannot read questionnaire (UTF-16 without a byte-order mark); save it as UTF-8 or as UTF-16 with a byte-order mark`)
  })

  it('writes characters Windows-1252 lacks as near equivalents, not as bytes of another encoding', () => {
    expect([...encodeText('≥ 1.2 … “ok” é ☃', 'windows-1252', false)]).toEqual([...Buffer.from('>= 1.2 \u0085 \u0093ok\u0094 é ?', 'latin1')])
  })
})

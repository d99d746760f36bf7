import { describe, expect, it } from 'vitest'
import { parseCsv, serialiseCsv, sniffDelimiter } from '../../src/questionnaire/csv.js'
import { InputError } from '../../src/core/errors.js'

describe('CSV (RFC 4180)', () => {
  it('parses quoted fields with commas, doubled quotes and embedded newlines', () => {
    const text = 'id,question\r\n1,"Is data encrypted, at rest?"\r\n2,"Say ""yes""\nor no"\r\n'
    const { rows } = parseCsv(text, 'q.csv')
    expect(rows).toEqual([['id', 'question'], ['1', 'Is data encrypted, at rest?'], ['2', 'Say "yes"\nor no']])
  })

  it('strips a BOM and remembers it', () => {
    const r = parseCsv('\ufeffa,b\n1,2\n', 'q.csv')
    expect(r.bom).toBe(true)
    expect(r.rows[0]).toEqual(['a', 'b'])
  })

  it('sniffs semicolon and tab delimiters, ignoring delimiters inside quotes', () => {
    expect(sniffDelimiter('#;Question;Answer\n1;"Is TLS, 1.2 on?";\n2;"Backups?";\n')).toBe(';')
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t')
    expect(sniffDelimiter('a,b,c\n1,"x;y;z",3\n')).toBe(',')
    expect(parseCsv('#;Question\n1;"a;b"\n', 'q.csv').rows).toEqual([['#', 'Question'], ['1', 'a;b']])
  })

  it('keeps the last row without a trailing newline and empty fields', () => {
    expect(parseCsv('a,,c\n1,2,', 'q.csv').rows).toEqual([['a', '', 'c'], ['1', '2', '']])
  })

  it('reports an unterminated quote with the line it started on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'bad.csv')).toThrow(InputError)
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'bad.csv')).toThrow(/^bad\.csv:2: unterminated quoted field/)
  })

  it('serialises so that parsing gives the same rows back', () => {
    const rows = [['id', 'text'], ['1', 'He said "hi", then\nleft'], ['2', ' padded '], ['3', 'a;b']]
    for (const d of [',', ';']) expect(parseCsv(serialiseCsv(rows, d, true), 'x.csv', d).rows).toEqual(rows)
  })
})

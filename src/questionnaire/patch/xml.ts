// The little XML the patcher needs, over the text as stored: attributes of one tag, elements by local name
// (any namespace prefix), entity and Excel `_xHHHH_` decoding, and escaping for what it writes.

export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeEntities(m[2] ?? m[3] ?? ''))
  return out
}

/** An element's local name, whatever prefix it is written with: `row` matches `<row` and `<x:row`. */
export function tagPattern(local: string, flags = 'g'): RegExp {
  return new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${local}(?=[\\s/>])([^>]*?)(/?)>`, flags)
}

export interface Element {
  /** Offsets in the document: the start tag's `<` and the position after the end tag (or the self-closing tag). */
  start: number
  end: number
  /** After the start tag and before the end tag (equal when self-closing). */
  innerStart: number
  innerEnd: number
  prefix: string
  attrs: Map<string, string>
  selfClosing: boolean
}

/** Every `local` element in `xml[from, to)`; elements of that name must not nest (true of those read here). */
export function elements(xml: string, local: string, from = 0, to = xml.length): Element[] {
  const out: Element[] = []
  const re = tagPattern(local)
  re.lastIndex = from
  for (let m = re.exec(xml); m && m.index < to; m = re.exec(xml)) {
    const prefix = m[1]!
    const innerStart = m.index + m[0].length
    const selfClosing = m[3] === '/'
    let innerEnd = innerStart
    let end = innerStart
    if (!selfClosing) {
      const close = `</${prefix}${local}>`
      innerEnd = xml.indexOf(close, innerStart)
      if (innerEnd < 0 || innerEnd > to) break
      end = innerEnd + close.length
      re.lastIndex = end
    }
    out.push({ start: m.index, end, innerStart, innerEnd, prefix, attrs: attributes(m[2]!), selfClosing })
  }
  return out
}

export function firstElement(xml: string, local: string, from = 0, to = xml.length): Element | null {
  return elements(xml, local, from, to)[0] ?? null
}

export function inner(xml: string, e: Element): string {
  return xml.slice(e.innerStart, e.innerEnd)
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)))
    return NAMED[e] ?? m
  })
}

/** Text of `<t>` runs (not phonetic `<rPh>` runs), with Excel's `_x000D_` escapes decoded. */
export function runText(xml: string): string {
  const withoutPhonetic = xml.replace(/<((?:[A-Za-z_][\w.-]*:)?)rPh[\s>][\s\S]*?<\/\1rPh>/g, '')
  let text = ''
  for (const t of elements(withoutPhonetic, 't')) text += decodeEntities(inner(withoutPhonetic, t))
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

/** Characters XML 1.0 can hold: tab, newline, carriage return, and the rest from space up, whole surrogate pairs only. */
function xmlChars(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000
    if (ok) out += ch
  }
  return out
}

/** Escaped for element text; characters XML 1.0 cannot hold are dropped, and a literal `_xHHHH_` is kept literal. */
export function escapeText(s: string): string {
  return xmlChars(s)
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;')
}

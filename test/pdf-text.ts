// The text a reader sees on each page of a PDF, extracted with pdfjs.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

// pdfjs needs the standard font metrics to extract text from Helvetica without warnings.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

/** The document's info dictionary (CreationDate, ModDate…). */
export async function pdfInfo(data: Buffer): Promise<{ CreationDate?: string; ModDate?: string }> {
  const doc = await getDocument({ data: new Uint8Array(data), isEvalSupported: false, standardFontDataUrl }).promise
  const { info } = (await doc.getMetadata()) as { info: { CreationDate?: string; ModDate?: string } }
  await doc.destroy()
  return info
}

export async function pdfPages(data: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '))
  }
  await doc.destroy()
  return pages
}

// index.html: the pack as an auditor reads it in a browser, fully offline (inline CSS, no scripts,
// no external assets). Handlebars escapes every value, so resource names cannot inject markup.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Handlebars from 'handlebars'
import { InputError } from '../../core/errors.js'
import type { PackView } from './view.js'

export function renderHtml(view: PackView, templatesDir: string): string {
  const read = (name: string): string => {
    try {
      return readFileSync(join(templatesDir, name), 'utf8')
    } catch {
      throw new InputError(`${join(templatesDir, name)}: pack template missing`)
    }
  }
  const hbs = Handlebars.create()
  const template = hbs.compile(read('index.hbs'), { strict: false, preventIndent: true })
  return template({ ...view, css: read('style.css') })
}

// The pack's HTML: index.html (cover, charts, summary, every control in one filterable table,
// exceptions, attestations, method) and one page per framework (split into parts so that no page
// exceeds HTML_PAGE_BUDGET bytes), each fully offline: inline CSS, one small inline script for the
// filter, inline SVG charts, no external resources. Handlebars escapes every value, so resource names
// cannot inject markup.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Handlebars from 'handlebars'
import { InputError } from '../../core/errors.js'
import { CHART_STATUSES, statusBarsSvg, type ChartStatus } from './charts.js'
import { safeFileName } from './model.js'
import { FILTER_LABEL, LEGEND, type ControlView, type FrameworkView, type PackView } from './view.js'

/** Largest HTML page the writer aims for (bytes); a framework with more detail is split into parts. */
export const HTML_PAGE_BUDGET = 300 * 1024

export const INDEX_PAGE = 'index.html'

export function frameworkPage(fwId: string, part = 1): string {
  return `framework-${safeFileName(fwId)}${part > 1 ? `-${part}` : ''}.html`
}

interface Templates {
  index: HandlebarsTemplateDelegate
  framework: HandlebarsTemplateDelegate
  control: HandlebarsTemplateDelegate
  css: string
  js: string
}

function loadTemplates(templatesDir: string): Templates {
  const read = (name: string): string => {
    try {
      return readFileSync(join(templatesDir, name), 'utf8')
    } catch {
      throw new InputError(`${join(templatesDir, name)}: pack template missing`)
    }
  }
  const hbs = Handlebars.create()
  // Break opportunities in long identifiers (ARM IDs, property paths): after a slash, and after . _ - :
  // before a letter, so words, numbers, dates and GUIDs are never cut (the same rule as the PDF).
  hbs.registerHelper('wbr', (v: unknown) => new hbs.SafeString(hbs.escapeExpression(typeof v === 'string' ? v : String(v ?? '')).replace(/\/(?=[^/])|[._:-](?=[A-Za-z])/g, '$&<wbr>')))
  const opts = { strict: false, preventIndent: true }
  for (const p of ['head', 'filter', 'legend']) hbs.registerPartial(p, hbs.compile(read(`${p}.hbs`), opts))
  return {
    index: hbs.compile(read('index.hbs'), opts),
    framework: hbs.compile(read('framework.hbs'), opts),
    control: hbs.compile(read('control.hbs'), opts),
    css: read('style.css'),
    js: read('filter.js'),
  }
}

const RANK: Record<ControlView['filterStatus'], number> = { fail: 0, error: 1, attestation: 2, pass: 3, not_applicable: 4 }

const STATUS_OPTIONS = (Object.keys(FILTER_LABEL) as (keyof typeof FILTER_LABEL)[]).map((value) => ({ value, label: FILTER_LABEL[value] }))

function chartCounts(fw: FrameworkView): Record<ChartStatus, number> {
  const c = Object.fromEntries(CHART_STATUSES.map((s) => [s, 0])) as Record<ChartStatus, number>
  c.fail = fw.summary.fail
  c.error = fw.summary.error
  c.attestation = fw.summary.manual
  c.pass = fw.summary.pass
  c.not_applicable = fw.summary.not_applicable
  return c
}

/**
 * Greedy split of rendered articles into pages: the first holds at most `first` bytes of them (it also carries
 * the control table), the others at most `rest`. The first may hold none, when the table alone fills it; an
 * article larger than a page gets a page of its own (the one case a page can pass the budget).
 */
function splitArticles(articles: string[], first: number, rest: number): string[][] {
  const parts: string[][] = [[]]
  let size = 0
  let budget = first
  for (const a of articles) {
    const n = Buffer.byteLength(a)
    const current = parts[parts.length - 1]!
    if (size + n > budget && (current.length > 0 || parts.length === 1)) {
      parts.push([])
      size = 0
      budget = rest
    }
    parts[parts.length - 1]!.push(a)
    size += n
  }
  return parts
}

/** Every HTML page of the pack: path → text. */
export function renderHtmlPages(view: PackView, templatesDir: string): Map<string, string> {
  const t = loadTemplates(templatesDir)
  const pages = new Map<string, string>()
  const base = { view, css: t.css, js: t.js, legend: LEGEND, statuses: STATUS_OPTIONS }
  const navFor = (currentFw: string | null): { href: string; label: string; current: boolean }[] =>
    view.frameworks.map((fw) => ({ href: frameworkPage(fw.id), label: fw.title, current: fw.id === currentFw }))

  for (const fw of view.frameworks) {
    // Render each article once to size it; its page is known only after the split.
    const sized = fw.detailed.map((c) => t.control({ c }))
    const shell = (articles: string, part: number, parts: { href: string; label: string; current: boolean }[]): string => t.framework({
      ...base,
      pageTitle: `${fw.title} — ${view.title}`,
      nav: navFor(fw.id),
      fw,
      first: part === 1,
      partLabel: parts.length > 1 ? `part ${part} of ${parts.length}` : '',
      parts: parts.length > 1 ? parts : null,
      attestationOnly: part === parts.length || parts.length === 0 ? fw.attestationOnly : [],
      attestationOnlyCount: fw.attestationOnly.length,
      attestationOnlyPage: frameworkPage(fw.id, Math.max(1, parts.length)),
      articles,
    })
    // The first part also carries the control table, the last the attestation-only table: leave room for
    // them (and for the part links, which grow with the number of parts).
    const slack = 8192
    const firstChrome = Buffer.byteLength(shell('', 1, []))
    const restChrome = Buffer.byteLength(shell('', 2, [{ href: '', label: '', current: false }, { href: '', label: '', current: true }]))
    const groups = splitArticles(sized, HTML_PAGE_BUDGET - firstChrome - slack, HTML_PAGE_BUDGET - restChrome - slack)
    groups.forEach((g, i) => {
      const page = frameworkPage(fw.id, i + 1)
      const ids = new Set(fw.detailed.filter((_, k) => g.includes(sized[k]!)).map((c) => c.anchor))
      for (const c of fw.detailed) if (ids.has(c.anchor)) c.page = page
    })
    for (const c of fw.attestationOnly) c.page = frameworkPage(fw.id, groups.length)
    const partLinks = (current: number): { href: string; label: string; current: boolean }[] =>
      groups.map((_, i) => ({ href: frameworkPage(fw.id, i + 1), label: `part ${i + 1}`, current: i + 1 === current }))
    groups.forEach((g, i) => {
      // Articles again, now that every control knows its page (the text is the same; only links can differ).
      pages.set(frameworkPage(fw.id, i + 1), shell(g.join('\n'), i + 1, partLinks(i + 1)))
    })
  }

  // Attention first within each framework (fail, error, needs attestation, pass, not applicable), as in the PDF.
  const allControls: ControlView[] = view.frameworks.flatMap((fw) => [...fw.detailed, ...fw.attestationOnly]
    .map((c) => ({ c, i: fw.controls.indexOf(c) }))
    .sort((a, b) => RANK[a.c.filterStatus] - RANK[b.c.filterStatus] || a.i - b.i)
    .map((x) => x.c))
  pages.set(INDEX_PAGE, t.index({
    ...base,
    isIndex: true,
    pageTitle: view.title,
    nav: navFor(null),
    frameworks: view.frameworks.map((fw) => ({ fw, href: frameworkPage(fw.id), id: fw.id, title: fw.title })),
    allControls,
    statusChart: statusBarsSvg(view.frameworks.map((fw) => ({ label: fw.title, counts: chartCounts(fw) })), { width: 1000 }),
  }))
  return pages
}

// JUnit XML for CI test tabs: a testsuite per framework, a testcase per control
// (classname = framework). A failing control carries its failing findings (check, resource,
// observed vs expected, message); an error control its unreadable findings; manual and
// not_applicable controls are skipped with the reason.
// Valid against Jenkins' junit-10.xsd (the model its JUnit and xUnit plugins read): that XSD
// allows a skipped count on each <testsuite> but not on <testsuites>.
import type { Results } from '../../snapshot/results.js'
import { isBreakingFinding, type Comparison, type ControlDelta, type FailOn, type FindingDelta } from './compare.js'
import { driftLabel, findingDetail, newFirst, plural } from './format.js'

// XML 1.0 forbids most control characters even when escaped; drop them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('')
}

function findingLine(d: FindingDelta, failOn: FailOn): string {
  const mark = isBreakingFinding(d, failOn) ? '!' : '-'
  const label = driftLabel(d)
  const controls = d.controls.length ? ` [${d.controls.join(', ')}]` : ''
  return `${mark} ${d.checkId} on ${d.resourceId} (${label}${d.severity ? `, ${d.severity}` : ''})${controls}: ${findingDetail(d)}`
}

function testcase(c: ControlDelta, failOn: FailOn, evidenceHints: Map<string, string>): string {
  const name = `${c.controlId}: ${c.title}`
  const head = `    <testcase${attrs({ classname: c.framework, name, time: 0 })}`
  const change = c.baselineStatus && c.baselineStatus !== c.status ? ` (baseline: ${c.baselineStatus})` : ''
  if (c.status === 'fail') {
    const failing = newFirst(c.failing)
    const fresh = failing.filter((d) => d.drift === 'new').length
    const message = failing.length
      ? `${plural(failing.length, 'failing finding')}${fresh ? `, ${fresh} new since the baseline` : ''}: ${failing.slice(0, 3).map((d) => `${d.checkId} on ${d.resourceId}`).join('; ')}${failing.length > 3 ? '; …' : ''}`
      : 'control failing'
    const type = fresh > 0 ? 'new-failure' : failing.length && failing[0]!.drift === 'unchanged' ? 'still-failing' : 'failure'
    const body = newFirst([...failing, ...c.errors]).map((d) => findingLine(d, failOn)).join('\n')
    return `${head}>\n      <failure${attrs({ message: message + change, type })}>${escapeXml(body)}</failure>\n    </testcase>`
  }
  if (c.status === 'error') {
    const message = `${plural(c.errors.length, 'finding')} could not be evaluated (data could not be read)${change}`
    const body = c.errors.map((d) => findingLine(d, failOn)).join('\n')
    return `${head}>\n      <error${attrs({ message, type: 'unreadable' })}>${escapeXml(body)}</error>\n    </testcase>`
  }
  if (c.status === 'manual' || c.status === 'not_applicable') {
    const hint = evidenceHints.get(`${c.framework}:${c.controlId}`)
    const message = c.status === 'manual'
      ? `manual: needs a valid attestation${hint ? ` (${hint})` : ''}${change}`
      : 'not applicable: no resources in scope'
    return `${head}>\n      <skipped${attrs({ message })}/>\n    </testcase>`
  }
  return `${head}/>`
}

export function renderJUnit(results: Results, comparison: Comparison, failOn: FailOn): string {
  const timestamp = results.evaluatedAt.slice(0, 19)
  const hints = new Map(results.controls.filter((c) => c.evidenceHint).map((c) => [`${c.framework}:${c.controlId}`, c.evidenceHint!]))
  const frameworkIds = [...results.frameworks.map((f) => f.id)]
  for (const c of comparison.controls) if (!frameworkIds.includes(c.framework)) frameworkIds.push(c.framework)
  const totals = { tests: 0, failures: 0, errors: 0 }
  const suites: string[] = []
  for (const fw of frameworkIds) {
    const controls = comparison.controls.filter((c) => c.framework === fw)
    const counts = {
      tests: controls.length,
      failures: controls.filter((c) => c.status === 'fail').length,
      errors: controls.filter((c) => c.status === 'error').length,
      skipped: controls.filter((c) => c.status === 'manual' || c.status === 'not_applicable').length,
    }
    totals.tests += counts.tests
    totals.failures += counts.failures
    totals.errors += counts.errors
    const title = results.frameworks.find((f) => f.id === fw)
    const props = [
      `      <property${attrs({ name: 'framework.title', value: title?.title ?? fw })}/>`,
      `      <property${attrs({ name: 'framework.version', value: title?.version ?? '' })}/>`,
      `      <property${attrs({ name: 'snapshot.sha256', value: results.snapshotSha256 })}/>`,
      `      <property${attrs({ name: 'fail-on', value: failOn })}/>`,
    ]
    suites.push([
      `  <testsuite${attrs({ name: fw, ...counts, time: 0, timestamp })}>`,
      '    <properties>',
      ...props,
      '    </properties>',
      ...controls.map((c) => testcase(c, failOn, hints)),
      '  </testsuite>',
    ].join('\n'))
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'trustpack check', ...totals, time: 0 })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

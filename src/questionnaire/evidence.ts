// Grounding: what the current results say about a set of checks and attestations. Pure functions of Results.
import type { Finding, Results } from '../snapshot/results.js'

export type EvidenceState = 'pass' | 'partial' | 'fail' | 'unknown'

export interface CheckEvidence {
  state: EvidenceState
  passing: Finding[]
  failing: Finding[]
  errored: Finding[]
  manual: Finding[]
  excepted: Finding[]
  /** Checks absent from results.checks: not evaluated at all. */
  notEvaluated: string[]
  /** Checks evaluated with no resource in scope. */
  noResources: string[]
  /**
   * The Defender plans the evidence was judged for, when a question names them ("Is Defender for SQL on?"):
   * a subscription with those plans on the Standard tier passes for it though another plan is off.
   */
  plans?: { names: string; check: string; otherwiseFailing: number }
}

export function checkEvidence(checkIds: string[], results: Results): CheckEvidence {
  const known = new Set(results.checks.map((c) => c.id))
  const ev: CheckEvidence = { state: 'unknown', passing: [], failing: [], errored: [], manual: [], excepted: [], notEvaluated: [], noResources: [] }
  for (const id of checkIds) {
    if (!known.has(id)) {
      ev.notEvaluated.push(id)
      continue
    }
    const findings = results.findings.filter((f) => f.checkId === id)
    if (findings.every((f) => f.status === 'not_applicable')) ev.noResources.push(id)
    for (const f of findings) {
      if (f.status === 'pass') {
        ev.passing.push(f)
        if (f.exception) ev.excepted.push(f)
      } else if (f.status === 'fail') ev.failing.push(f)
      else if (f.status === 'error') ev.errored.push(f)
      else if (f.status === 'manual') ev.manual.push(f)
    }
  }
  ev.state = stateOf(ev)
  return ev
}

function stateOf(ev: CheckEvidence): EvidenceState {
  if (ev.failing.length > 0) return ev.passing.length > 0 ? 'partial' : 'fail'
  if (ev.errored.length > 0 || ev.notEvaluated.length > 0 || ev.manual.length > 0) return 'unknown'
  return ev.passing.length > 0 ? 'pass' : 'unknown'
}

/**
 * The evidence judged for the Defender plans a question names (pricings' names, "SqlServers"): a failing
 * finding whose read shows each of them on the Standard tier passes for this question; its other plans'
 * state is what failed. A plan not shown (absent from the list, or not read) keeps the finding failing.
 */
export function forPlans(ev: CheckEvidence, plans: readonly string[], names: string): CheckEvidence {
  const onStandard = (f: Finding): boolean => {
    const seen = f.observed !== null && typeof f.observed === 'object' ? (f.observed as Record<string, unknown>) : {}
    return plans.every((p) => {
      const tier = seen[`pricings/${p}.properties.pricingTier`]
      return typeof tier === 'string' && tier.toLowerCase() === 'standard'
    })
  }
  const moved = ev.failing.filter(onStandard)
  if (moved.length === 0) return ev
  const out: CheckEvidence = {
    ...ev,
    failing: ev.failing.filter((f) => !moved.includes(f)),
    passing: [...ev.passing, ...moved.map((f) => ({ ...f, status: 'pass' as const }))],
    plans: { names, check: [...new Set(moved.map((f) => f.checkId))].join(', '), otherwiseFailing: new Set(moved.map((f) => f.resourceId)).size },
  }
  out.state = stateOf(out)
  return out
}

export interface AttestationEvidence {
  control: string
  statement: string
  owner: string
  expires: string
}

/** The first valid attestation among `controls` (framework:controlId), or null. */
export function validAttestation(controls: string[], results: Results): AttestationEvidence | null {
  for (const ref of controls) {
    const a = results.attestations.find((x) => x.control === ref && x.state === 'valid')
    if (a) return { control: a.control, statement: a.statement, owner: a.owner, expires: a.expires }
    const [fw, ...rest] = ref.split(':')
    const c = results.controls.find((x) => x.framework === fw && x.controlId === rest.join(':') && x.attestation)
    if (c?.attestation) return { control: ref, statement: c.attestation.statement, owner: c.attestation.owner, expires: c.attestation.expires }
  }
  return null
}

/** "server/db" from an ARM resource ID: the resource names after the provider, joined. */
export function resourceName(id: string): string {
  const parts = id.split('/').filter((p) => p !== '')
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers')
  if (p < 0) return parts[parts.length - 1] ?? id
  const rest = parts.slice(p + 2)
  const names: string[] = []
  for (let i = 1; i < rest.length; i += 2) names.push(rest[i]!)
  return names.join('/') || id
}

export function listNames(findings: Finding[], max = 5): string {
  const names = [...new Set(findings.map((f) => resourceName(f.resourceId)))]
  const shown = names.slice(0, max).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}

/** Controls of the results whose evidence includes any of the checks (cited beside the checks). */
export function controlsForChecks(checkIds: string[], results: Results, max = 6): string[] {
  const set = new Set(checkIds)
  const out: string[] = []
  for (const c of results.controls) {
    if (c.checkIds.some((id) => set.has(id))) out.push(`${c.framework}:${c.controlId}`)
    if (out.length >= max) break
  }
  return out
}

/** What a resource of an ARM type is called in a sentence sent to a buyer: [singular, plural]. */
const NOUNS: Record<string, [string, string]> = {
  'microsoft.sql/servers': ['SQL server', 'SQL servers'],
  'microsoft.sql/servers/databases': ['database', 'databases'],
  'microsoft.dbforpostgresql/flexibleservers': ['PostgreSQL server', 'PostgreSQL servers'],
  'microsoft.documentdb/databaseaccounts': ['Cosmos DB account', 'Cosmos DB accounts'],
  'microsoft.keyvault/vaults': ['key vault', 'key vaults'],
  'microsoft.keyvault/vaults/keys': ['key', 'keys'],
  'microsoft.keyvault/vaults/secrets': ['secret', 'secrets'],
  'microsoft.storage/storageaccounts': ['storage account', 'storage accounts'],
  'microsoft.network/networksecuritygroups': ['network security group', 'network security groups'],
  'microsoft.network/publicipaddresses': ['public IP address', 'public IP addresses'],
  'microsoft.network/applicationgateways': ['application gateway', 'application gateways'],
  'microsoft.servicebus/namespaces': ['Service Bus namespace', 'Service Bus namespaces'],
  'microsoft.web/sites': ['app', 'apps'],
  'microsoft.app/containerapps': ['container app', 'container apps'],
  'microsoft.operationalinsights/workspaces': ['log workspace', 'log workspaces'],
  'microsoft.cdn/profiles/afdendpoints': ['Front Door endpoint', 'Front Door endpoints'],
  'microsoft.resources/subscriptions': ['subscription', 'subscriptions'],
}

/**
 * "6 databases", "1 key", "3 resources" (several types): how many of the findings' resources, without naming
 * any. This is the form text sent to a buyer uses; listNames is for the reviewer.
 */
export function countResources(findings: Finding[]): string {
  const n = new Set(findings.map((f) => f.resourceId)).size
  const types = [...new Set(findings.map((f) => f.resourceType.toLowerCase()))]
  const noun = types.length === 1 ? NOUNS[types[0]!] : undefined
  const [one, many] = noun ?? ['resource', 'resources']
  return `${n} ${n === 1 ? one : many}`
}

/**
 * How many resources were judged and how many of them meet the checks (every finding of theirs passes, none
 * under an exception). Null when the evidence cannot count them all: a read failed, a check was not evaluated,
 * or nothing was judged.
 */
export function meetingCount(ev: CheckEvidence): { meeting: number; total: number } | null {
  if (ev.errored.length > 0 || ev.notEvaluated.length > 0 || ev.manual.length > 0) return null
  const meets = new Map<string, boolean>()
  for (const f of [...ev.passing, ...ev.failing]) meets.set(f.resourceId, (meets.get(f.resourceId) ?? true) && f.status === 'pass' && !f.exception)
  const total = meets.size
  return total === 0 ? null : { meeting: [...meets.values()].filter(Boolean).length, total }
}

/**
 * How many of the resources judged meet the checks, or, with `short`, how many do not: "0 of 2 Service Bus namespaces", "2 of 2 key vaults (100 %)" as a share.
 * Null when the evidence cannot count them all: a read failed, a check was not evaluated, or nothing was judged.
 */
export function tally(ev: CheckEvidence, short: boolean, share: boolean): { value: string; excepted: number } | null {
  const counted = meetingCount(ev)
  if (!counted) return null
  const { meeting, total } = counted
  const n = short ? total - meeting : meeting
  const of = `${n} of ${countResources([...ev.passing, ...ev.failing])}`
  const excepted = new Set(ev.excepted.map((f) => f.resourceId)).size
  return { value: share ? `${Math.round((100 * n) / total)} % (${of})` : of, excepted }
}

/** "1 database is under an accepted exception until 2027-03-31": count and expiry, no name and no reason. */
export function exceptionNote(excepted: Finding[]): string {
  const byExpiry = new Map<string, Finding[]>()
  for (const f of excepted) byExpiry.set(f.exception!.expires, [...(byExpiry.get(f.exception!.expires) ?? []), f])
  return [...byExpiry.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([expires, fs]) => {
      const n = new Set(fs.map((f) => f.resourceId)).size
      return `${countResources(fs)} ${n === 1 ? 'is' : 'are'} under an accepted exception until ${expires}`
    })
    .join('; ')
}

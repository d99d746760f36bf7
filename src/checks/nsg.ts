// Network security group evaluation: is any of the given ports reachable from the Internet through an
// inbound Allow rule? Rules are walked in priority order as Azure does, so a Deny from the Internet at a
// lower priority number shadows a later Allow for the ports it covers. Default rules (which end in
// DenyAllInBound) take part too; without them the implicit deny applies.

export interface NsgRule {
  name: string
  priority: number
  direction: string
  access: string
  protocol: string
  sources: string[]
  ports: string[]
}

export interface NsgVerdict {
  /** one line per (port, protocol) that an Allow rule opens to the Internet */
  openings: string[]
  /** rules that lack what the verdict needs (direction, access, ports, sources) */
  invalid: string[]
  ruleCount: number
}

const INTERNET_SOURCES = new Set(['*', 'internet', 'any', '0.0.0.0', '0.0.0.0/0', '::/0', '0::0/0', '::'])

export function isInternetSource(prefix: string): boolean {
  const p = prefix.trim().toLowerCase()
  return INTERNET_SOURCES.has(p) || /\/0$/.test(p)
}

/** `*`, `22`, `20-25`: does the port spec cover port p? */
export function portSpecCovers(spec: string, p: number): boolean {
  const s = spec.trim().toLowerCase()
  if (s === '*' || s === 'any') return true
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(s)
  if (range) return Number(range[1]) <= p && p <= Number(range[2])
  return /^\d+$/.test(s) && Number(s) === p
}

function protocolCovers(protocol: string, proto: 'tcp' | 'udp'): boolean {
  const p = protocol.trim().toLowerCase()
  return p === '*' || p === 'any' || p === proto
}

function strings(...vs: unknown[]): string[] {
  const out: string[] = []
  for (const v of vs) {
    if (typeof v === 'string' && v.trim() !== '') out.push(v)
    else if (typeof v === 'number') out.push(String(v))
    else if (Array.isArray(v)) out.push(...strings(...v))
  }
  return out
}

/** Accepts the wire shape ({ name, properties: {...} }) and the flattened SDK shape alike. */
export function normalizeRule(raw: unknown, fallbackPriority: number): NsgRule | { invalid: string } {
  if (typeof raw !== 'object' || raw === null) return { invalid: 'a security rule that is not an object' }
  const outer = raw as Record<string, unknown>
  const inner = typeof outer.properties === 'object' && outer.properties !== null ? (outer.properties as Record<string, unknown>) : outer
  const get = (k: string): unknown => (inner[k] !== undefined && inner[k] !== null ? inner[k] : outer[k])
  const name = typeof outer.name === 'string' ? outer.name : typeof inner.name === 'string' ? inner.name : '(unnamed)'
  const direction = typeof get('direction') === 'string' ? (get('direction') as string) : ''
  const access = typeof get('access') === 'string' ? (get('access') as string) : ''
  if (!direction || !access) return { invalid: `rule ${name} has no ${!direction ? 'direction' : 'access'}` }
  const priority = typeof get('priority') === 'number' ? (get('priority') as number) : fallbackPriority
  const protocol = typeof get('protocol') === 'string' ? (get('protocol') as string) : '*'
  const sources = strings(get('sourceAddressPrefix'), get('sourceAddressPrefixes'))
  const ports = strings(get('destinationPortRange'), get('destinationPortRanges'))
  const asgs = get('sourceApplicationSecurityGroups')
  const hasAsg = Array.isArray(asgs) && asgs.length > 0
  if (ports.length === 0) return { invalid: `rule ${name} has no destination port range` }
  if (sources.length === 0 && !hasAsg) return { invalid: `rule ${name} has no source address prefix` }
  return { name, priority, direction, access, protocol, sources, ports }
}

export function evaluateNsg(properties: unknown, ports: number[]): NsgVerdict {
  const props = (typeof properties === 'object' && properties !== null ? properties : {}) as Record<string, unknown>
  const custom = Array.isArray(props.securityRules) ? props.securityRules : []
  const defaults = Array.isArray(props.defaultSecurityRules) ? props.defaultSecurityRules : []
  const rules: NsgRule[] = []
  const invalid: string[] = []
  custom.forEach((raw, i) => {
    const r = normalizeRule(raw, 4097 + i)
    if ('invalid' in r) invalid.push(r.invalid)
    else rules.push(r)
  })
  defaults.forEach((raw, i) => {
    const r = normalizeRule(raw, 65000 + i)
    if (!('invalid' in r)) rules.push(r)
  })
  const inbound = rules
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.direction.toLowerCase() === 'inbound')
    .sort((a, b) => a.r.priority - b.r.priority || a.i - b.i)
    .map(({ r }) => r)
  const opened = new Map<string, { rule: NsgRule; port: number; protocols: string[]; sources: string[] }>()
  for (const port of ports) {
    for (const proto of ['tcp', 'udp'] as const) {
      for (const r of inbound) {
        if (!protocolCovers(r.protocol, proto) || !r.ports.some((s) => portSpecCovers(s, port))) continue
        const internet = r.sources.filter(isInternetSource)
        if (internet.length === 0) continue // applies to other sources only; Internet traffic goes on to the next rule
        if (r.access.toLowerCase() === 'allow') {
          const key = `${r.name}|${r.priority}|${port}`
          const o = opened.get(key) ?? { rule: r, port, protocols: [], sources: internet }
          o.protocols.push(proto.toUpperCase())
          opened.set(key, o)
        }
        break
      }
    }
  }
  const openings = [...opened.values()].map((o) => `${o.rule.name} (priority ${o.rule.priority}) allows ${o.protocols.join('/')} ${o.port} from ${o.sources.join(', ')}`)
  return { openings, invalid, ruleCount: custom.length }
}

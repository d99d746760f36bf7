// Application gateway SSL policies resolved to the minimum protocol they accept.

/** Predefined policies and their minimum protocol (Azure documentation, "Application Gateway TLS policy"). */
export const PREDEFINED_APPGW_POLICIES: Record<string, string> = {
  appgwsslpolicy20150501: 'TLSv1_0',
  appgwsslpolicy20170401: 'TLSv1_1',
  appgwsslpolicy20170401s: 'TLSv1_2',
  appgwsslpolicy20220101: 'TLSv1_2',
  appgwsslpolicy20220101s: 'TLSv1_2',
}

/**
 * Without any sslPolicy the platform default applies, and which default depends on the API version:
 * 2023-02-01 and later → AppGwSslPolicy20220101 (TLS 1.2), older → AppGwSslPolicy20150501 (TLS 1.0).
 * We use the api-version of the read that produced the gateway; when unknown, the older default (fails safe).
 */
export const APPGW_NEW_DEFAULT_FROM = '2023-02-01'

const ORDER = ['TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3']

export type AppGwResolution = { value: string; note: string } | { error: string }

export function resolveAppGwMinTls(sslPolicy: unknown, apiVersion: string | null): AppGwResolution {
  const empty = sslPolicy === undefined || sslPolicy === null
    || (typeof sslPolicy === 'object' && Object.values(sslPolicy as object).every((v) => v === null || v === undefined || (Array.isArray(v) && v.length === 0)))
  if (empty) {
    const modern = apiVersion !== null && apiVersion.slice(0, 10) >= APPGW_NEW_DEFAULT_FROM
    const policy = modern ? 'AppGwSslPolicy20220101' : 'AppGwSslPolicy20150501'
    return { value: PREDEFINED_APPGW_POLICIES[policy.toLowerCase()]!, note: `no sslPolicy: platform default ${policy} for api-version ${apiVersion ?? 'unknown'}` }
  }
  if (typeof sslPolicy !== 'object') return { error: `sslPolicy is not an object: ${JSON.stringify(sslPolicy)}` }
  const p = sslPolicy as Record<string, unknown>
  const type = typeof p.policyType === 'string' ? p.policyType.toLowerCase() : ''
  const name = typeof p.policyName === 'string' ? p.policyName : ''
  if (type === 'predefined' || (type === '' && name)) {
    const min = PREDEFINED_APPGW_POLICIES[name.toLowerCase()]
    if (!min) return { error: `unknown predefined SSL policy ${JSON.stringify(name)}` }
    return { value: min, note: `predefined ${name}` }
  }
  if (typeof p.minProtocolVersion === 'string' && p.minProtocolVersion) {
    return { value: p.minProtocolVersion, note: `${p.policyType ?? 'custom'} policy minProtocolVersion` }
  }
  if (Array.isArray(p.disabledSslProtocols)) {
    const disabled = new Set(p.disabledSslProtocols.map((x) => String(x).toLowerCase()))
    const min = ORDER.find((v) => !disabled.has(v.toLowerCase()))
    if (min) return { value: min, note: `lowest protocol not in disabledSslProtocols` }
  }
  return { error: `sslPolicy ${JSON.stringify(sslPolicy)} names no minimum protocol` }
}

function tlsRank(v: string): number {
  const i = ORDER.findIndex((o) => o.toLowerCase() === v.toLowerCase())
  return i < 0 ? -1 : i
}

/**
 * The weakest minimum protocol a gateway accepts on any listener: its own sslPolicy (or the platform default)
 * and the sslPolicy of every SSL profile (a profile without one uses the gateway's). `properties` is the
 * gateway's properties object.
 */
export function resolveAppGwWeakestTls(properties: unknown, apiVersion: string | null): AppGwResolution & { observed?: Record<string, string> } {
  const props = (typeof properties === 'object' && properties !== null ? properties : {}) as Record<string, unknown>
  const gateway = resolveAppGwMinTls(props.sslPolicy, apiVersion)
  if ('error' in gateway) return gateway
  let weakest = { value: gateway.value, note: `gateway ${gateway.note}` }
  const observed: Record<string, string> = { gateway: gateway.value }
  const profiles = Array.isArray(props.sslProfiles) ? props.sslProfiles : []
  for (const raw of profiles) {
    const p = (raw ?? {}) as { name?: unknown; properties?: { sslPolicy?: unknown }; sslPolicy?: unknown }
    const policy = p.properties?.sslPolicy ?? p.sslPolicy
    if (policy === undefined || policy === null) continue
    const name = typeof p.name === 'string' ? p.name : '(unnamed)'
    const r = resolveAppGwMinTls(policy, apiVersion)
    if ('error' in r) return { error: `SSL profile ${name}: ${r.error}` }
    observed[`sslProfile ${name}`] = r.value
    if (tlsRank(r.value) < tlsRank(weakest.value)) weakest = { value: r.value, note: `SSL profile ${name}: ${r.note}` }
  }
  return { ...weakest, observed }
}

// Edge cases of the operator set: TLS spellings, ISO 8601 durations, NSG rule matching, app gateway SSL
// policies, key rotation intervals, locations and resource IDs.
import { describe, expect, it } from 'vitest'
import { durationDays, isTopLevelResourceId, isWithinResource, normalizeLocation, parseTlsVersion, show } from '../../src/checks/values.js'
import { OPERATORS, TRANSFORM_FUNCTIONS } from '../../src/checks/operators.js'
import { evaluateNsg, portSpecCovers } from '../../src/checks/nsg.js'
import { resolveAppGwMinTls, resolveAppGwWeakestTls } from '../../src/checks/appgw.js'

const ctx = { apiVersion: null }
const tlsOk = (v: unknown, min = '1.2'): boolean => OPERATORS.tlsAtLeast(v, min, ctx).ok

describe('TLS versions', () => {
  it.each([
    ['1.2', true], ['1.3', true], ['TLS1_2', true], ['TLS1_3', true], ['TLSv1_2', true], ['Tls12', true], [1.2, true],
    ['1.0', false], ['1.1', false], ['TLS1_0', false], ['TLS1_1', false], ['TLSv1_1', false], ['None', false],
    [undefined, false], [null, false], ['', false], ['SSLv3', false], ['Tls', false], ['Tls11', false], ['TLSv1.2', true], ['TLSv1.3', true],
  ])('%s meets a 1.2 minimum: %s', (v, ok) => {
    expect(tlsOk(v)).toBe(ok)
  })
  it('reads unquoted YAML numbers as versions, and Cosmos DB\'s bare "Tls" as TLS 1.0', () => {
    expect(parseTlsVersion(1)).toEqual([1, 0])
    expect(parseTlsVersion('Tls')).toEqual([1, 0])
    expect(parseTlsVersion('Ssl')).toBeNull()
    expect(tlsOk('1.2', '1.3')).toBe(false)
    expect(tlsOk('TLS1_3', '1.3')).toBe(true)
  })
})

describe('ISO 8601 durations', () => {
  it.each([
    ['P90D', 90], ['P1Y', 365], ['P12M', 365], ['P18M', 547.5], ['P2Y6M', 912.5], ['P4W', 28], ['PT720H', 30], ['P1DT12H', 1.5], ['PT0S', 0],
  ])('%s is %d days', (text, days) => {
    expect(durationDays(text)).toBeCloseTo(days, 5)
  })
  it.each(['P', 'PT', '90D', 'P1H', 'one year', ''])('rejects %j', (text) => {
    expect(durationDays(text)).toBeNull()
  })
})

describe('key rotation interval', () => {
  const days = (policy: unknown): unknown => {
    const r = TRANSFORM_FUNCTIONS.rotationIntervalDays(policy, ctx)
    return 'error' in r ? r.error : r.value
  }
  it('uses timeAfterCreate of the rotate action', () => {
    expect(days({ lifetimeActions: [{ trigger: { timeAfterCreate: 'P90D' }, action: { type: 'Rotate' } }] })).toBe(90)
  })
  it('uses expiryTime minus timeBeforeExpiry', () => {
    expect(days({ attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } }] })).toBe(335)
  })
  it('ignores notify actions and has no interval without a rotate action or policy', () => {
    expect(days({ attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'Notify' } }] })).toBeUndefined()
    expect(days(undefined)).toBeUndefined()
    expect(days({ lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } }] })).toBeUndefined()
  })
})

describe('application gateway SSL policies', () => {
  it.each([
    ['AppGwSslPolicy20150501', 'TLSv1_0'], ['AppGwSslPolicy20170401', 'TLSv1_1'], ['AppGwSslPolicy20170401S', 'TLSv1_2'],
    ['AppGwSslPolicy20220101', 'TLSv1_2'], ['AppGwSslPolicy20220101S', 'TLSv1_2'],
  ])('predefined %s has minimum %s', (name, min) => {
    expect(resolveAppGwMinTls({ policyType: 'Predefined', policyName: name }, null)).toMatchObject({ value: min })
  })
  it('reads minProtocolVersion of Custom and CustomV2 policies', () => {
    expect(resolveAppGwMinTls({ policyType: 'Custom', minProtocolVersion: 'TLSv1_1', cipherSuites: [] }, null)).toMatchObject({ value: 'TLSv1_1' })
    expect(resolveAppGwMinTls({ policyType: 'CustomV2', minProtocolVersion: 'TLSv1_3' }, null)).toMatchObject({ value: 'TLSv1_3' })
  })
  it('derives the minimum from disabledSslProtocols on old gateways', () => {
    expect(resolveAppGwMinTls({ disabledSslProtocols: ['TLSv1_0', 'TLSv1_1'] }, null)).toMatchObject({ value: 'TLSv1_2' })
  })
  it('applies the platform default by api-version when there is no sslPolicy', () => {
    expect(resolveAppGwMinTls(undefined, '2024-05-01')).toMatchObject({ value: 'TLSv1_2' })
    expect(resolveAppGwMinTls(null, '2022-09-01')).toMatchObject({ value: 'TLSv1_0' })
    expect(resolveAppGwMinTls({}, null)).toMatchObject({ value: 'TLSv1_0' })
  })
  it('takes the weakest of the gateway policy and its SSL profiles; a profile without a policy uses the gateway\'s', () => {
    const strict = { policyType: 'Predefined', policyName: 'AppGwSslPolicy20220101S' }
    expect(resolveAppGwWeakestTls({ sslPolicy: strict, sslProfiles: [{ name: 'p', properties: {} }] }, null)).toMatchObject({ value: 'TLSv1_2' })
    expect(resolveAppGwWeakestTls({ sslPolicy: strict, sslProfiles: [{ name: 'old', properties: { sslPolicy: { policyType: 'Predefined', policyName: 'AppGwSslPolicy20150501' } } }] }, null))
      .toMatchObject({ value: 'TLSv1_0', observed: { gateway: 'TLSv1_2', 'sslProfile old': 'TLSv1_0' } })
  })
  it('reports an unknown predefined policy as an error, not a pass', () => {
    expect(resolveAppGwMinTls({ policyType: 'Predefined', policyName: 'AppGwSslPolicy20990101' }, null)).toHaveProperty('error')
  })
})

describe('NSG rules', () => {
  const r = (name: string, priority: number, p: Record<string, unknown>): unknown => ({
    name, properties: { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', sourceAddressPrefix: '*', destinationPortRange: '22', priority, ...p },
  })
  const open = (rules: unknown[]): string[] => evaluateNsg({ securityRules: rules }, [22, 3389]).openings

  it('covers ports by *, a single port and ranges', () => {
    expect(portSpecCovers('*', 22)).toBe(true)
    expect(portSpecCovers('20-25', 22)).toBe(true)
    expect(portSpecCovers('3389', 3389)).toBe(true)
    expect(portSpecCovers('23-3388', 22)).toBe(false)
    expect(portSpecCovers('2222', 22)).toBe(false)
  })
  it.each(['*', 'Internet', 'Any', '0.0.0.0/0'])('treats source %s as the Internet', (src) => {
    expect(open([r('a', 100, { sourceAddressPrefix: src })])).toHaveLength(1)
  })
  it('reads sourceAddressPrefixes and destinationPortRanges lists', () => {
    expect(open([r('a', 100, { sourceAddressPrefix: undefined, sourceAddressPrefixes: ['10.0.0.0/8', '0.0.0.0/0'], destinationPortRange: undefined, destinationPortRanges: ['80', '3000-4000'] })])).toHaveLength(1)
  })
  it('ignores outbound, deny, private-source and other-port rules', () => {
    expect(open([
      r('out', 100, { direction: 'Outbound' }), r('deny', 110, { access: 'Deny', priority: 4000, destinationPortRange: '80' }),
      r('vnet', 120, { sourceAddressPrefix: 'VirtualNetwork' }), r('cidr', 130, { sourceAddressPrefix: '10.1.0.0/16', destinationPortRange: '*' }),
      r('web', 140, { destinationPortRange: '443' }),
    ])).toEqual([])
  })
  it('lets a Deny from the Internet at a lower priority number shadow a later Allow', () => {
    expect(open([r('deny-ssh', 100, { access: 'Deny', protocol: '*' }), r('allow-ssh', 200, {})])).toEqual([])
    expect(open([r('allow-ssh', 100, {}), r('deny-ssh', 200, { access: 'Deny', protocol: '*' })])).toHaveLength(1)
  })
  it('does not let a Deny for one port shadow another', () => {
    expect(open([r('deny-ssh', 100, { access: 'Deny', protocol: '*' }), r('allow-all', 200, { destinationPortRange: '*' })])).toEqual(
      expect.arrayContaining([expect.stringContaining('3389')]),
    )
  })
  it('accepts the flattened SDK shape and reports malformed rules', () => {
    expect(evaluateNsg({ securityRules: [{ name: 'flat', protocol: '*', access: 'Allow', direction: 'Inbound', sourceAddressPrefix: 'Internet', destinationPortRange: '22', priority: 100 }] }, [22]).openings).toHaveLength(1)
    expect(evaluateNsg({ securityRules: [{ name: 'x', properties: { access: 'Allow' } }] }, [22]).invalid).toHaveLength(1)
  })
})

describe('locations and resource IDs', () => {
  it('compares locations case- and space-insensitively', () => {
    expect(normalizeLocation('East US')).toBe(normalizeLocation('eastus'))
    expect(OPERATORS.locationIn('Canada Central', ['canadacentral'], ctx).ok).toBe(true)
    expect(OPERATORS.locationIn(null, ['eastus'], ctx).ok).toBe(false)
  })
  it('matches resource IDs case-insensitively, the resource or anything under it', () => {
    expect(isWithinResource('/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/applicationGateways/AGW/frontendIPConfigurations/fe', '/subscriptions/s/resourcegroups/rg/providers/microsoft.network/applicationgateways/agw')).toBe(true)
    expect(isWithinResource('/subscriptions/s/resourceGroups/rg/providers/x/y/agw2', '/subscriptions/s/resourceGroups/rg/providers/x/y/agw')).toBe(false)
  })
  it('knows top-level resource IDs from child settings', () => {
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a')).toBe(true)
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b')).toBe(false)
    expect(isTopLevelResourceId('/subscriptions/s')).toBe(false)
    expect(isTopLevelResourceId('/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg/Providers/Microsoft.Sql/servers/a')).toBe(true)
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/')).toBe(false)
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroups//providers/Microsoft.Sql/servers/a')).toBe(false)
    expect(isTopLevelResourceId('subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/b')).toBe(false)
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroupz/rg/providers/Microsoft.Sql/servers/a')).toBe(false)
    expect(isTopLevelResourceId('/subscriptions/s/resourceGroups/rg/provider/Microsoft.Sql/servers/a')).toBe(false)
    expect(isTopLevelResourceId('/subscriptionz/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a')).toBe(false)
  })
})

describe('show', () => {
  it('quotes a string exactly as JSON.stringify does, whatever it holds', () => {
    const strings = ['1.2', '', 'TLS1_2', 'a "quoted" word', 'back\\slash', 'tab\there', 'line\nbreak', '\u0000\u001f', 'é ü 東京', '😀', '\ud83d', 'x\udc00y', '\u2028\u2029', '/subscriptions/s/resourceGroups/rg']
    for (const v of strings) expect(show(v), JSON.stringify(v)).toBe(JSON.stringify(v))
  })
})


describe('list lengths (minItems)', () => {
  it('passes a list of at least N items, and fails a shorter list, a missing value or a non-list', () => {
    const min = (v: unknown, n: unknown = 2): ReturnType<typeof OPERATORS.minItems> => OPERATORS.minItems(v, n, ctx)
    expect(min([{ locationName: 'East US' }, { locationName: 'West US' }]).ok).toBe(true)
    expect(min([{ locationName: 'East US' }])).toMatchObject({ ok: false, detail: '1 item' })
    for (const v of [undefined, null, 'East US', { 0: 'East US', 1: 'West US' }]) expect(min(v).ok, String(v)).toBe(false)
    expect(min(['a', 'b'], 'two').error).toMatch(/not a number/)
  })
})

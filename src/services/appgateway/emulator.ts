// Wire bodies of Application Gateway v2 (sku under properties, SSL policy, WAF configuration).
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Drift, type Json, type Place, type SampleContext, type SampleContribution, guidFrom, armId, top, etag } from '../../emulator/wire.js'
import { publicIp, userAssignedIdentity } from '../network/emulator.js'
import { containerAppFqdn } from '../containerapps/emulator.js'

export interface AppGatewayOptions {
  name: string
  subnetId: string
  publicIpId: string
  identityId: string
  hostName: string
  backendFqdn: string
  certificateSecretId: string
  sslPolicyName?: string
  /** the WAF policy associated with the gateway; without one, the legacy WAF configuration applies */
  firewallPolicyId?: string
}

export function applicationGateway(place: Place, o: AppGatewayOptions): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/applicationGateways', o.name)
  const sub = (collection: string, name: string, properties: Json): Json => ({
    name,
    id: `${id}/${collection}/${name}`,
    etag: etag(`${id}/${collection}/${name}`),
    properties: { provisioningState: 'Succeeded', ...properties },
    type: `Microsoft.Network/applicationGateways/${collection}`,
  })
  const ref = (collection: string, name: string): Json => ({ id: `${id}/${collection}/${name}` })
  return top(place, 'Microsoft.Network/applicationGateways', o.name, place.region.name, {
    zones: ['1', '2', '3'],
    etag: etag(id),
    identity: { type: 'UserAssigned', userAssignedIdentities: { [o.identityId]: { principalId: guidFrom(`${o.identityId}:principal`), clientId: guidFrom(`${o.identityId}:client`) } } },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      sku: { name: 'WAF_v2', tier: 'WAF_v2', family: 'Generation_2' },
      operationalState: 'Running',
      gatewayIPConfigurations: [sub('gatewayIPConfigurations', 'appGatewayIpConfig', { subnet: { id: o.subnetId } })],
      sslCertificates: [sub('sslCertificates', 'api-tls', { keyVaultSecretId: o.certificateSecretId, httpListeners: [ref('httpListeners', 'https-listener')] })],
      trustedRootCertificates: [],
      trustedClientCertificates: [],
      sslProfiles: [],
      frontendIPConfigurations: [
        sub('frontendIPConfigurations', 'appGwPublicFrontendIp', {
          privateIPAllocationMethod: 'Dynamic',
          publicIPAddress: { id: o.publicIpId },
          httpListeners: [ref('httpListeners', 'https-listener'), ref('httpListeners', 'http-redirect')],
        }),
      ],
      frontendPorts: [sub('frontendPorts', 'port_443', { port: 443 }), sub('frontendPorts', 'port_80', { port: 80 })],
      backendAddressPools: [sub('backendAddressPools', 'api', { backendAddresses: [{ fqdn: o.backendFqdn }] })],
      backendHttpSettingsCollection: [
        sub('backendHttpSettingsCollection', 'api-https', {
          port: 443,
          protocol: 'Https',
          cookieBasedAffinity: 'Disabled',
          pickHostNameFromBackendAddress: true,
          requestTimeout: 30,
        }),
      ],
      httpListeners: [
        sub('httpListeners', 'https-listener', {
          frontendIPConfiguration: ref('frontendIPConfigurations', 'appGwPublicFrontendIp'),
          frontendPort: ref('frontendPorts', 'port_443'),
          protocol: 'Https',
          sslCertificate: ref('sslCertificates', 'api-tls'),
          hostName: o.hostName,
          hostNames: [],
          requireServerNameIndication: true,
        }),
        sub('httpListeners', 'http-redirect', {
          frontendIPConfiguration: ref('frontendIPConfigurations', 'appGwPublicFrontendIp'),
          frontendPort: ref('frontendPorts', 'port_80'),
          protocol: 'Http',
          hostName: o.hostName,
          hostNames: [],
          requireServerNameIndication: false,
        }),
      ],
      urlPathMaps: [],
      requestRoutingRules: [
        sub('requestRoutingRules', 'api', {
          ruleType: 'Basic',
          priority: 100,
          httpListener: ref('httpListeners', 'https-listener'),
          backendAddressPool: ref('backendAddressPools', 'api'),
          backendHttpSettings: ref('backendHttpSettingsCollection', 'api-https'),
        }),
        sub('requestRoutingRules', 'http-to-https', {
          ruleType: 'Basic',
          priority: 200,
          httpListener: ref('httpListeners', 'http-redirect'),
          redirectConfiguration: ref('redirectConfigurations', 'http-to-https'),
        }),
      ],
      probes: [],
      rewriteRuleSets: [],
      redirectConfigurations: [
        sub('redirectConfigurations', 'http-to-https', {
          redirectType: 'Permanent',
          targetListener: ref('httpListeners', 'https-listener'),
          includePath: true,
          includeQueryString: true,
          requestRoutingRules: [ref('requestRoutingRules', 'http-to-https')],
        }),
      ],
      sslPolicy: { policyType: 'Predefined', policyName: o.sslPolicyName ?? 'AppGwSslPolicy20220101S' },
      // An associated WAF policy replaces the legacy per-gateway configuration.
      ...(o.firewallPolicyId
        ? { firewallPolicy: { id: o.firewallPolicyId }, forceFirewallPolicyAssociation: true }
        : {
            webApplicationFirewallConfiguration: {
              enabled: true,
              firewallMode: 'Prevention',
              ruleSetType: 'OWASP',
              ruleSetVersion: '3.2',
              disabledRuleGroups: [],
              requestBodyCheck: true,
              maxRequestBodySizeInKb: 128,
              fileUploadLimitInMb: 100,
            },
          }),
      enableHttp2: true,
      autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
    },
  })
}

export interface WafPolicyOptions {
  name: string
  mode?: 'Prevention' | 'Detection'
  state?: 'Enabled' | 'Disabled'
  /** the gateways the policy is associated with (read-only on the wire) */
  gatewayIds?: string[]
}

/**
 * An Application Gateway WAF policy as api-version 2025-05-01 answers it: the id says
 * ApplicationGatewayWebApplicationFirewallPolicies, the type comes back in lower case.
 */
export function wafPolicy(place: Place, o: WafPolicyOptions): Body {
  const providerType = 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies'
  const id = armId(place.subscriptionId, place.group, providerType, o.name)
  return top(place, providerType, o.name, place.region.name, {
    etag: etag(id),
    properties: {
      policySettings: {
        requestBodyCheck: true,
        requestBodyInspectLimitInKB: 128,
        requestBodyEnforcement: true,
        maxRequestBodySizeInKb: 128,
        fileUploadEnforcement: true,
        fileUploadLimitInMb: 100,
        state: o.state ?? 'Enabled',
        mode: o.mode ?? 'Prevention',
        jsChallengeCookieExpirationInMins: 30,
      },
      customRules: [],
      managedRules: { managedRuleSets: [{ ruleSetType: 'OWASP', ruleSetVersion: '3.2', ruleGroupOverrides: [] }], exclusions: [] },
      provisioningState: 'Succeeded',
      resourceState: 'Enabled',
      applicationGateways: (o.gatewayIds ?? []).map((g) => ({ id: g })),
    },
  }, 'Microsoft.Network/applicationgatewaywebapplicationfirewallpolicies')
}

/**
 * Per production region: the WAF_v2 gateway (the only public entry) with its WAF policy, its public IP and its
 * managed identity. Drift: West Europe's policy was left in Detection mode after rule tuning.
 */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  const drifts: Drift[] = []
  for (const r of ctx.prod) {
    const gatewayId = r.id('Microsoft.Network/applicationGateways', `agw-vel-prod-${r.code}`)
    const ipName = `pip-vel-prod-${r.code}-appgw`
    const policyName = `waf-vel-prod-${r.code}`
    const detection = r.code === 'weu'
    if (detection) drifts.push({ check: 'appgw-waf-prevention', resource: gatewayId, why: 'its WAF policy was left in Detection mode after rule tuning: attacks are logged, not blocked' })
    resources.push(
      wafPolicy(r.place, { name: policyName, mode: detection ? 'Detection' : 'Prevention', gatewayIds: [gatewayId] }),
      userAssignedIdentity(r.place, `id-vel-appgw-${r.code}`, ctx.tenantId),
      publicIp(r.place, ipName, r.code === 'cac' ? '20.151.88.17' : '20.103.41.202', `${gatewayId}/frontendIPConfigurations/appGwPublicFrontendIp`),
      applicationGateway(r.place, {
        name: `agw-vel-prod-${r.code}`,
        subnetId: r.subnet('snet-appgw'),
        publicIpId: r.id('Microsoft.Network/publicIPAddresses', ipName),
        identityId: r.id('Microsoft.ManagedIdentity/userAssignedIdentities', `id-vel-appgw-${r.code}`),
        hostName: `api.${r.code === 'cac' ? 'ca' : 'eu'}.velaurum.example`,
        backendFqdn: containerAppFqdn(`ca-vel-api-${r.code}`, `cae-vel-prod-${r.code}`, r.region, false),
        certificateSecretId: `https://kv-vel-prod-${r.code}.vault.azure.net/secrets/api-tls`,
        firewallPolicyId: r.id('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', policyName),
      }),
    )
  }
  return { resources, drifts }
}

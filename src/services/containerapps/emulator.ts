// Wire bodies of Container Apps environments and apps (display locations).
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Place, type Region, type SampleContext, type SampleContribution, guidFrom, hexFrom, top, workspaceCustomerId } from '../../emulator/wire.js'

/** The default domain Azure gives an environment: `{name without cae-}-{suffix}.{region}.azurecontainerapps.io`. */
export function environmentDefaultDomain(name: string, region: Region): string {
  return `${name.replace(/^cae-/, '')}-${hexFrom(`${name}:domain`).slice(0, 8)}.${region.name}.azurecontainerapps.io`
}

/** The FQDN of a container app's ingress in an environment. */
export function containerAppFqdn(name: string, environmentName: string, region: Region, external: boolean): string {
  return `${name}.${external ? '' : 'internal.'}${environmentDefaultDomain(environmentName, region)}`
}

export function managedEnvironment(place: Place, name: string, o: { subnetId: string; workspaceCustomerId: string; staticIp: string }): Body {
  return top(place, 'Microsoft.App/managedEnvironments', name, place.region.display, {
    properties: {
      provisioningState: 'Succeeded',
      daprAIInstrumentationKey: null,
      daprAIConnectionString: null,
      vnetConfiguration: { internal: true, infrastructureSubnetId: o.subnetId, dockerBridgeCidr: null, platformReservedCidr: null, platformReservedDnsIP: null },
      deploymentErrors: null,
      defaultDomain: environmentDefaultDomain(name, place.region),
      staticIp: o.staticIp,
      appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: o.workspaceCustomerId, dynamicJsonColumns: false } },
      zoneRedundant: true,
      kedaConfiguration: { version: '2.17.2' },
      daprConfiguration: { version: '1.13.6-msft.6' },
      eventStreamEndpoint: `https://${place.region.name}.azurecontainerapps.dev/subscriptions/${place.subscriptionId}/resourceGroups/${place.group}/managedEnvironments/${name}/eventstream`,
      customDomainConfiguration: { customDomainVerificationId: hexFrom(`${name}:cdv`).toUpperCase() },
      workloadProfiles: [{ workloadProfileType: 'Consumption', name: 'Consumption' }],
      infrastructureResourceGroup: `ME_${name}_${place.group}_${place.region.name}`,
      peerAuthentication: { mtls: { enabled: true } },
      peerTrafficConfiguration: { encryption: { enabled: true } },
      publicNetworkAccess: 'Disabled',
    },
  })
}

export function containerApp(
  place: Place,
  name: string,
  o: { environmentId: string; defaultDomain: string; image: string; external: boolean; allowInsecure?: boolean; targetPort?: number; tenantId: string; ingress?: boolean },
): Body {
  const withIngress = o.ingress ?? true
  const revision = `${name}--${hexFrom(`${name}:rev`).slice(0, 7)}`
  const host = o.external ? `${name}.${o.defaultDomain}` : `${name}.internal.${o.defaultDomain}`
  return top(place, 'Microsoft.App/containerApps', name, place.region.display, {
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${name}:principal`), tenantId: o.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      runningStatus: 'Running',
      managedEnvironmentId: o.environmentId,
      environmentId: o.environmentId,
      workloadProfileName: 'Consumption',
      outboundIpAddresses: [],
      latestRevisionName: revision,
      latestReadyRevisionName: revision,
      latestRevisionFqdn: withIngress ? `${revision}.${o.external ? '' : 'internal.'}${o.defaultDomain}` : '',
      customDomainVerificationId: hexFrom(`${name}:cdv`).toUpperCase(),
      configuration: {
        secrets: null,
        activeRevisionsMode: 'Single',
        ingress: withIngress
          ? {
              fqdn: host,
              external: o.external,
              targetPort: o.targetPort ?? 8080,
              exposedPort: 0,
              transport: 'Auto',
              traffic: [{ weight: 100, latestRevision: true }],
              customDomains: null,
              allowInsecure: o.allowInsecure ?? false,
              ipSecurityRestrictions: null,
              corsPolicy: null,
              clientCertificateMode: 'Ignore',
              stickySessions: { affinity: 'none' },
              additionalPortMappings: null,
              targetPortHttpScheme: null,
            }
          : null,
        registries: [{ server: 'crvelaurum.azurecr.io', username: '', passwordSecretRef: '', identity: 'system' }],
        identitySettings: [],
        dapr: null,
        runtime: null,
        maxInactiveRevisions: 100,
        service: null,
      },
      template: {
        revisionSuffix: '',
        terminationGracePeriodSeconds: null,
        containers: [{ image: o.image, imageType: 'ContainerImage', name, resources: { cpu: 1, memory: '2Gi', ephemeralStorage: '4Gi' } }],
        initContainers: null,
        scale: { minReplicas: 2, maxReplicas: 10, cooldownPeriod: 300, pollingInterval: 30, rules: null },
        volumes: null,
        serviceBinds: null,
      },
      eventStreamEndpoint: `https://${place.region.name}.azurecontainerapps.dev/subscriptions/${place.subscriptionId}/resourceGroups/${place.group}/containerApps/${name}/eventstream`,
      delegatedIdentities: [],
    },
  })
}

/** Per production region: an internal environment and the API app (internal ingress); in Canada Central a scheduler with no ingress. */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  for (const r of ctx.prod) {
    const envName = `cae-vel-prod-${r.code}`
    const envId = r.id('Microsoft.App/managedEnvironments', envName)
    const workspace = workspaceCustomerId(r.id('Microsoft.OperationalInsights/workspaces', `log-vel-prod-${r.code}`))
    const defaultDomain = environmentDefaultDomain(envName, r.region)
    resources.push(
      managedEnvironment(r.place, envName, { subnetId: r.subnet('snet-aca'), workspaceCustomerId: workspace, staticIp: `10.${r.octet}.3.250` }),
      containerApp(r.place, `ca-vel-api-${r.code}`, { environmentId: envId, defaultDomain, image: 'crvelaurum.azurecr.io/velaurum/api:2026.11.3', external: false, targetPort: 8080, tenantId: ctx.tenantId }),
    )
    if (r.code === 'cac') {
      resources.push(containerApp(r.place, `ca-vel-scheduler-${r.code}`, { environmentId: envId, defaultDomain, image: 'crvelaurum.azurecr.io/velaurum/scheduler:2026.11.3', external: false, ingress: false, tenantId: ctx.tenantId }))
    }
  }
  return { resources }
}

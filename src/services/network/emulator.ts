// Wire bodies of networking resources: virtual networks, NSGs (with the default rules ARM adds), public IPs,
// network interfaces, and the VMs, disks and identities the sample estate attaches to them.
import type { EstateResource } from '../../emulator/estate.js'
import { type Body, type Json, type Place, type SampleContext, type SampleContribution, guidFrom, hexFrom, armId, top, etag } from '../../emulator/wire.js'

export interface SubnetSpec {
  name: string
  prefix: string
  nsgId?: string
  delegation?: string
}

export function virtualNetwork(place: Place, name: string, prefix: string, subnets: SubnetSpec[]): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/virtualNetworks', name)
  return top(place, 'Microsoft.Network/virtualNetworks', name, place.region.name, {
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      addressSpace: { addressPrefixes: [prefix] },
      subnets: subnets.map((s) => ({
        name: s.name,
        id: `${id}/subnets/${s.name}`,
        etag: etag(`${id}/subnets/${s.name}`),
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: s.prefix,
          ...(s.nsgId ? { networkSecurityGroup: { id: s.nsgId } } : {}),
          delegations: s.delegation
            ? [
                {
                  name: 'delegation',
                  id: `${id}/subnets/${s.name}/delegations/delegation`,
                  etag: etag(`${id}/subnets/${s.name}/delegations/delegation`),
                  properties: {
                    provisioningState: 'Succeeded',
                    serviceName: s.delegation,
                    actions: ['Microsoft.Network/virtualNetworks/subnets/action'],
                  },
                  type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
                },
              ]
            : [],
          privateEndpointNetworkPolicies: 'Disabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
        },
        type: 'Microsoft.Network/virtualNetworks/subnets',
      })),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  })
}

export interface SecurityRuleSpec {
  name: string
  priority: number
  direction?: 'Inbound' | 'Outbound'
  access?: 'Allow' | 'Deny'
  protocol?: string
  source: string
  destinationPorts: string | string[]
  description?: string
}

const DEFAULT_RULES: [string, string, number, 'Inbound' | 'Outbound', 'Allow' | 'Deny', string, string][] = [
  ['AllowVnetInBound', 'Allow inbound traffic from all VMs in VNET', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowAzureLoadBalancerInBound', 'Allow inbound traffic from azure load balancer', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
  ['DenyAllInBound', 'Deny all inbound traffic', 65500, 'Inbound', 'Deny', '*', '*'],
  ['AllowVnetOutBound', 'Allow outbound traffic from all VMs to all VMs in VNET', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowInternetOutBound', 'Allow outbound traffic from all VMs to Internet', 65001, 'Outbound', 'Allow', '*', 'Internet'],
  ['DenyAllOutBound', 'Deny all outbound traffic', 65500, 'Outbound', 'Deny', '*', '*'],
]

export function networkSecurityGroup(place: Place, name: string, rules: SecurityRuleSpec[], attached: { subnets?: string[]; nics?: string[] } = {}): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/networkSecurityGroups', name)
  const rule = (collection: string, r: Json, ruleName: string): Json => ({
    name: ruleName,
    id: `${id}/${collection}/${ruleName}`,
    etag: etag(`${id}/${collection}/${ruleName}`),
    type: `Microsoft.Network/networkSecurityGroups/${collection}`,
    properties: { provisioningState: 'Succeeded', ...r },
  })
  return top(place, 'Microsoft.Network/networkSecurityGroups', name, place.region.name, {
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      securityRules: rules.map((r) => {
        const ports = Array.isArray(r.destinationPorts) ? r.destinationPorts : [r.destinationPorts]
        return rule(
          'securityRules',
          {
            ...(r.description ? { description: r.description } : {}),
            protocol: r.protocol ?? 'Tcp',
            sourcePortRange: '*',
            ...(ports.length === 1 ? { destinationPortRange: ports[0] } : {}),
            sourceAddressPrefix: r.source,
            destinationAddressPrefix: '*',
            access: r.access ?? 'Allow',
            priority: r.priority,
            direction: r.direction ?? 'Inbound',
            sourcePortRanges: [],
            destinationPortRanges: ports.length === 1 ? [] : ports,
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
          },
          r.name,
        )
      }),
      defaultSecurityRules: DEFAULT_RULES.map(([n, description, priority, direction, access, src, dst]) =>
        rule(
          'defaultSecurityRules',
          {
            description,
            protocol: '*',
            sourcePortRange: '*',
            destinationPortRange: '*',
            sourceAddressPrefix: src,
            destinationAddressPrefix: dst,
            access,
            priority,
            direction,
            sourcePortRanges: [],
            destinationPortRanges: [],
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
          },
          n,
        ),
      ),
      ...(attached.subnets ? { subnets: attached.subnets.map((s) => ({ id: s })) } : {}),
      ...(attached.nics ? { networkInterfaces: attached.nics.map((s) => ({ id: s })) } : {}),
    },
  })
}

export function publicIp(place: Place, name: string, ipAddress: string, ipConfigurationId?: string): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/publicIPAddresses', name)
  return top(place, 'Microsoft.Network/publicIPAddresses', name, place.region.name, {
    sku: { name: 'Standard', tier: 'Regional' },
    zones: ['1', '2', '3'],
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      ipAddress,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ...(ipConfigurationId ? { ipConfiguration: { id: ipConfigurationId } } : {}),
      ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
    },
  })
}

export function networkInterface(place: Place, name: string, o: { subnetId: string; privateIp: string; publicIpId?: string; vmId?: string; nsgId?: string }): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.Network/networkInterfaces', name)
  return top(place, 'Microsoft.Network/networkInterfaces', name, place.region.name, {
    kind: 'Regular',
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(`${id}:guid`),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${id}/ipConfigurations/ipconfig1`,
          etag: etag(`${id}/ipConfigurations/ipconfig1`),
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: o.privateIp,
            privateIPAllocationMethod: 'Dynamic',
            ...(o.publicIpId ? { publicIPAddress: { id: o.publicIpId } } : {}),
            subnet: { id: o.subnetId },
            primary: true,
            privateIPAddressVersion: 'IPv4',
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      macAddress: hexFrom(`${id}:mac`).slice(0, 12).toUpperCase().replace(/(..)(?!$)/g, '$1-'),
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      enableAcceleratedNetworking: true,
      disableTcpStateTracking: false,
      ...(o.nsgId ? { networkSecurityGroup: { id: o.nsgId } } : {}),
      primary: true,
      ...(o.vmId ? { virtualMachine: { id: o.vmId } } : {}),
      hostedWorkloads: [],
      tapConfigurations: [],
      nicType: 'Standard',
      allowPort25Out: false,
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
    },
  })
}

export function virtualMachine(place: Place, name: string, o: { nicId: string; diskId: string; createdAt: string }): Body {
  return top(place, 'Microsoft.Compute/virtualMachines', name, place.region.name, {
    properties: {
      vmId: guidFrom(`${name}:vmId`),
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest', exactVersion: '24.04.202510010' },
        osDisk: {
          osType: 'Linux',
          name: o.diskId.split('/').pop(),
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS', id: o.diskId },
          deleteOption: 'Delete',
          diskSizeGB: 30,
        },
        dataDisks: [],
        diskControllerType: 'SCSI',
      },
      osProfile: {
        computerName: name,
        adminUsername: 'opsadmin',
        linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true, patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' }, enableVMAgentPlatformUpdates: false },
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
      },
      securityProfile: { uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, securityType: 'TrustedLaunch' },
      networkProfile: { networkInterfaces: [{ id: o.nicId, properties: { deleteOption: 'Detach' } }] },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      provisioningState: 'Succeeded',
      timeCreated: o.createdAt,
    },
  })
}

export function managedDisk(place: Place, name: string, vmId: string, createdAt: string): Body {
  return top(place, 'Microsoft.Compute/disks', name, place.region.name, {
    managedBy: vmId,
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: {
      osType: 'Linux',
      hyperVGeneration: 'V2',
      creationData: { createOption: 'FromImage', imageReference: { id: `/Subscriptions/${place.subscriptionId}/Providers/Microsoft.Compute/Locations/${place.region.name}/Publishers/canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/24.04.202510010` } },
      diskSizeGB: 30,
      diskIOPSReadWrite: 120,
      diskMBpsReadWrite: 25,
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      networkAccessPolicy: 'DenyAll',
      publicNetworkAccess: 'Disabled',
      timeCreated: createdAt,
      provisioningState: 'Succeeded',
      diskState: 'Attached',
      diskSizeBytes: 32213303296,
      uniqueId: guidFrom(`${name}:disk`),
      tier: 'P4',
    },
  })
}

export function userAssignedIdentity(place: Place, name: string, tenantId: string): Body {
  const id = armId(place.subscriptionId, place.group, 'Microsoft.ManagedIdentity/userAssignedIdentities', name)
  return top(place, 'Microsoft.ManagedIdentity/userAssignedIdentities', name, place.region.name, {
    properties: { isolationScope: 'None', tenantId, principalId: guidFrom(`${id}:principal`), clientId: guidFrom(`${id}:client`) },
  })
}

/**
 * Per production region: the VNet (gateway, Container Apps, Functions and private-endpoint subnets) and its two
 * NSGs. In shared services: an administrator's jump box (VM, disk, NIC, VNet, public IP) and a reserved public
 * IP attached to nothing. Drifts: the jump box NSG opens SSH to the internet, and its public IP is not the
 * API gateway's (an accepted risk in the demo configuration).
 */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = []
  for (const r of ctx.prod) {
    const prefix = `10.${r.octet}`
    const nsgGateway = r.id('Microsoft.Network/networkSecurityGroups', `nsg-vel-prod-${r.code}-appgw`)
    const nsgApps = r.id('Microsoft.Network/networkSecurityGroups', `nsg-vel-prod-${r.code}-apps`)
    resources.push(
      networkSecurityGroup(
        r.place,
        `nsg-vel-prod-${r.code}-appgw`,
        [
          { name: 'AllowHttpsInbound', priority: 100, source: 'Internet', destinationPorts: '443', description: 'Public API traffic' },
          { name: 'AllowHttpRedirectInbound', priority: 110, source: 'Internet', destinationPorts: '80', description: 'Redirected to HTTPS by the gateway' },
          { name: 'AllowGatewayManagerInbound', priority: 120, source: 'GatewayManager', destinationPorts: '65200-65535', description: 'Application Gateway v2 infrastructure' },
          { name: 'AllowAzureLoadBalancerInbound', priority: 130, source: 'AzureLoadBalancer', destinationPorts: '*', protocol: '*' },
        ],
        { subnets: [r.subnet('snet-appgw')] },
      ),
      networkSecurityGroup(
        r.place,
        `nsg-vel-prod-${r.code}-apps`,
        [
          { name: 'AllowGatewayToApps', priority: 100, source: `${prefix}.0.0/24`, destinationPorts: ['443', '8080'], description: 'Only the gateway subnet reaches the apps' },
          { name: 'DenyInternetInbound', priority: 4000, source: 'Internet', destinationPorts: '*', protocol: '*', access: 'Deny' },
        ],
        { subnets: [r.subnet('snet-aca'), r.subnet('snet-func'), r.subnet('snet-private-endpoints')] },
      ),
      virtualNetwork(r.place, `vnet-vel-prod-${r.code}`, `${prefix}.0.0/16`, [
        { name: 'snet-appgw', prefix: `${prefix}.0.0/24`, nsgId: nsgGateway },
        { name: 'snet-aca', prefix: `${prefix}.2.0/23`, nsgId: nsgApps, delegation: 'Microsoft.App/environments' },
        { name: 'snet-func', prefix: `${prefix}.4.0/24`, nsgId: nsgApps, delegation: 'Microsoft.Web/serverFarms' },
        { name: 'snet-private-endpoints', prefix: `${prefix}.5.0/24`, nsgId: nsgApps },
      ]),
    )
  }
  const ops = ctx.shared.ops
  const opsId = (providerType: string, name: string): string => ctx.id(ops, providerType, name)
  const vnetId = opsId('Microsoft.Network/virtualNetworks', 'vnet-vel-ops-cac')
  const nsgId = opsId('Microsoft.Network/networkSecurityGroups', 'nsg-vel-ops-jumpbox')
  const nicId = opsId('Microsoft.Network/networkInterfaces', 'nic-vel-ops-jumpbox')
  const vmId = opsId('Microsoft.Compute/virtualMachines', 'vm-vel-ops-jumpbox')
  const diskId = opsId('Microsoft.Compute/disks', 'vm-vel-ops-jumpbox_OsDisk_1')
  const jumpIpId = opsId('Microsoft.Network/publicIPAddresses', 'pip-vel-ops-jumpbox')
  resources.push(
    networkSecurityGroup(
      ops,
      'nsg-vel-ops-jumpbox',
      [{ name: 'AllowSshFromInternet', priority: 100, source: 'Internet', destinationPorts: '22', description: 'Temporary: vendor troubleshooting' }],
      { subnets: [`${vnetId}/subnets/snet-jumpbox`], nics: [nicId] },
    ),
    virtualNetwork(ops, 'vnet-vel-ops-cac', '10.50.0.0/16', [{ name: 'snet-jumpbox', prefix: '10.50.1.0/24', nsgId }]),
    publicIp(ops, 'pip-vel-ops-jumpbox', '20.116.203.44', `${nicId}/ipConfigurations/ipconfig1`),
    networkInterface(ops, 'nic-vel-ops-jumpbox', { subnetId: `${vnetId}/subnets/snet-jumpbox`, privateIp: '10.50.1.4', publicIpId: jumpIpId, vmId, nsgId }),
    virtualMachine(ops, 'vm-vel-ops-jumpbox', { nicId, diskId, createdAt: '2026-02-03T18:22:00Z' }),
    managedDisk(ops, 'vm-vel-ops-jumpbox_OsDisk_1', vmId, '2026-02-03T18:22:00Z'),
    // reserved, attached to nothing: out of scope for the public endpoint check
    publicIp(ops, 'pip-vel-ops-spare', '20.116.97.150'),
  )
  return {
    resources,
    drifts: [
      { check: 'nsg-no-open-admin-ports', resource: nsgId, why: 'a "temporary" rule opening SSH to the internet for vendor troubleshooting' },
      { check: 'public-endpoint-allowlist', resource: jumpIpId, why: "the jump box's public IP is not the API gateway's", excepted: true },
    ],
  }
}

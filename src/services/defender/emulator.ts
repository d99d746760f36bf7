// Wire bodies of Defender for Cloud pricings at api-version 2022-03-01: subscription-level resources
// (/subscriptions/{s}/providers/Microsoft.Security/pricings/{plan}), every plan answered, Free or Standard.
import type { EstateResource } from '../../emulator/estate.js'
import type { Body, SampleContext, SampleContribution } from '../../emulator/wire.js'

export type PricingTier = 'Free' | 'Standard'

export function pricing(subscriptionId: string, name: string, tier: PricingTier, extra: Record<string, unknown> = {}): Body {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${name}`,
    name,
    type: 'Microsoft.Security/pricings',
    properties: { pricingTier: tier, freeTrialRemainingTime: 'PT0S', ...(tier === 'Standard' ? { enablementTime: '2025-03-12T09:30:00.000Z' } : {}), ...extra },
  }
}

/** Every plan a subscription answers, with the ones the platform needs on Standard unless `free` names them. */
export function subscriptionPricings(subscriptionId: string, free: readonly string[] = []): Body[] {
  const tier = (n: string): PricingTier => (free.includes(n) ? 'Free' : 'Standard')
  return [
    pricing(subscriptionId, 'VirtualMachines', 'Standard', { subPlan: 'P2' }),
    pricing(subscriptionId, 'SqlServers', tier('SqlServers')),
    pricing(subscriptionId, 'AppServices', tier('AppServices')),
    pricing(subscriptionId, 'StorageAccounts', tier('StorageAccounts'), tier('StorageAccounts') === 'Standard' ? { subPlan: 'DefenderForStorageV2' } : {}),
    pricing(subscriptionId, 'SqlServerVirtualMachines', 'Free'),
    pricing(subscriptionId, 'KubernetesService', 'Free', { deprecated: true, replacedBy: ['Containers'] }),
    pricing(subscriptionId, 'ContainerRegistry', 'Free', { deprecated: true, replacedBy: ['Containers'] }),
    pricing(subscriptionId, 'KeyVaults', tier('KeyVaults'), tier('KeyVaults') === 'Standard' ? { subPlan: 'PerKeyVault' } : {}),
    pricing(subscriptionId, 'Dns', 'Free', { deprecated: true }),
    pricing(subscriptionId, 'Arm', 'Standard', { subPlan: 'PerSubscription' }),
    pricing(subscriptionId, 'OpenSourceRelationalDatabases', 'Free'),
    pricing(subscriptionId, 'Containers', tier('Containers')),
    pricing(subscriptionId, 'CosmosDbs', 'Free'),
  ]
}

/** Every plan the platform needs on Standard in production; drift: Defender for Storage left off in shared services. */
export function sample(ctx: SampleContext): SampleContribution {
  const resources: EstateResource[] = [...subscriptionPricings(ctx.prodSubscriptionId), ...subscriptionPricings(ctx.sharedSubscriptionId, ['StorageAccounts'])]
  return {
    resources,
    drifts: [{ check: 'defender-plans-standard', resource: `/subscriptions/${ctx.sharedSubscriptionId}`, why: 'Defender for Storage was never turned on in the shared-services subscription, which holds the archive and diagnostics accounts' }],
  }
}

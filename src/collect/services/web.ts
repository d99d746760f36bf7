// App Service and Function apps: TLS settings live in the site's config/web, not on the site.
import { WebSiteManagementClient } from '@azure/arm-appservice'
import { getRaw, listRaw, type CollectorContext } from '../context.js'
import { idParts } from './ids.js'

export async function collectWeb(ctx: CollectorContext): Promise<void> {
  const { recorder: rec, subscriptionId: sub } = ctx
  const client = new WebSiteManagementClient(ctx.credential, sub, ctx.armOptions)
  const sites = await listRaw(rec, { scope: `/subscriptions/${sub}`, resourceType: 'microsoft.web/sites', operation: 'GET Microsoft.Web/sites (WebApps.list)' }, (o) =>
    client.webApps.list(o),
  )
  await ctx.forEach(sites.items, async (site) => {
    if (!rec.addResource(site.body, site.callId, sub)) return
    const { resourceGroup, name } = idParts(site.body.id!)
    const config = await getRaw(rec, { scope: site.body.id!, resourceType: 'microsoft.web/sites/config', operation: 'GET config/web (WebApps.getConfiguration)' }, (o) =>
      client.webApps.getConfiguration(resourceGroup, name, o),
    )
    if (config) rec.addResource(config.body, config.callId, sub)
  })
}

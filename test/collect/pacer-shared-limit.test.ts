// Which scope a 429 without any remaining-reads header is charged to: one provider refused alone is that
// provider's own limit; two providers of one subscription refused within moments is the subscription's bucket,
// so the subscription adapts as a whole (each lane learning its own rate would together overrun the bucket).
import { describe, expect, it } from 'vitest'
import { Pacer } from '../../src/collect/pacing.js'

const SUB = 'https://management.example/subscriptions/00000000-0000-0000-0000-000000000001'
const noHeaders = { get: () => undefined }

/** A pacer whose subscription has had its first answer (until then it admits one request at a time). */
async function warmed(now: () => number): Promise<Pacer> {
  const pacer = new Pacer({ concurrency: 12, maxInFlight: 256, now })
  pacer.complete(await pacer.acquire(`${SUB}/resources?api-version=1`), 200, noHeaders)
  return pacer
}

describe('a headerless 429', () => {
  it('is the provider\'s own limit when one provider alone is refused, and the subscription\'s when a second follows', async () => {
    let t = 1_000
    const pacer = await warmed(() => t)
    const sql = await pacer.acquire(`${SUB}/providers/Microsoft.Sql/servers?api-version=1`)
    const kv = await pacer.acquire(`${SUB}/providers/Microsoft.KeyVault/vaults?api-version=1`)
    expect(pacer.complete(sql, 429, noHeaders)).toEqual({ scope: sql.keys.provider, kind: 'provider' })
    t += 500
    expect(pacer.complete(kv, 429, noHeaders)).toEqual({ scope: kv.keys.primary, kind: 'provider' })
  })

  it('stays with the provider when the other provider\'s 429 was long before, or carried ARM\'s header', async () => {
    let t = 1_000
    const pacer = await warmed(() => t)
    const sql = await pacer.acquire(`${SUB}/providers/Microsoft.Sql/servers?api-version=1`)
    const kv = await pacer.acquire(`${SUB}/providers/Microsoft.KeyVault/vaults?api-version=1`)
    pacer.complete(sql, 429, noHeaders)
    t += 10_000
    expect(pacer.complete(kv, 429, noHeaders)?.scope).toBe(kv.keys.provider)
    // (a headerless subscription has few in flight before it is known: Storage is sent once those are answered)
    const st = await pacer.acquire(`${SUB}/providers/Microsoft.Storage/storageAccounts?api-version=1`)
    t += 100
    // ARM's header above 0: ARM's bucket is not what ran out, so it is Storage's own limit.
    expect(pacer.complete(st, 429, { get: (n: string) => (n === 'x-ms-ratelimit-remaining-subscription-reads' ? '40' : undefined) })?.scope).toBe(st.keys.provider)
  })

  it('is the subscription\'s at once after it was seen to be: a later lone 429 does not first pause its provider alone', async () => {
    let t = 1_000
    const pacer = await warmed(() => t)
    const sql = await pacer.acquire(`${SUB}/providers/Microsoft.Sql/servers?api-version=1`)
    const kv = await pacer.acquire(`${SUB}/providers/Microsoft.KeyVault/vaults?api-version=1`)
    pacer.complete(sql, 429, noHeaders)
    pacer.complete(kv, 429, noHeaders)
    t += 60_000
    const st = await pacer.acquire(`${SUB}/providers/Microsoft.Storage/storageAccounts?api-version=1`)
    expect(pacer.complete(st, 429, noHeaders)).toEqual({ scope: st.keys.primary, kind: 'provider' })
  })

  it('is never the subscription\'s when its other answers carry ARM\'s header: ARM would have sent it with its own 429', async () => {
    let t = 1_000
    const header = { get: (n: string) => (n === 'x-ms-ratelimit-remaining-subscription-reads' ? '200' : undefined) }
    const pacer = new Pacer({ concurrency: 12, maxInFlight: 256, now: () => t })
    pacer.complete(await pacer.acquire(`${SUB}/resources?api-version=1`), 200, header)
    const sql = await pacer.acquire(`${SUB}/providers/Microsoft.Sql/servers?api-version=1`)
    const kv = await pacer.acquire(`${SUB}/providers/Microsoft.KeyVault/vaults?api-version=1`)
    expect(pacer.complete(sql, 429, noHeaders)?.scope).toBe(sql.keys.provider)
    t += 200
    expect(pacer.complete(kv, 429, noHeaders)?.scope).toBe(kv.keys.provider)
  })
})

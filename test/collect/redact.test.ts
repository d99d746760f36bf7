// Secrets in resource bodies (a connection string in a tag, a SAS URL in a property, a password in site
// config) never reach the snapshot: they are replaced at collection, and the snapshot says where, with a
// salted hash that lets the owner recognise the secret, never the value.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateEstate } from '../../src/emulator/generate.js'
import { Redactor } from '../../src/collect/redact.js'
import { scanEmulator, withEmulator } from './helpers.js'

const KEY = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV4cXV1enF1dXhxdXV4cXV1eHF1dXhxdXV4cXV1eA=='
const SECRETS = {
  storageConnection: `DefaultEndpointsProtocol=https;AccountName=stload;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
  sas: 'https://stload.blob.core.windows.net/exports?sv=2024-08-04&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%2F%3D',
  busConnection: 'Endpoint=sb://sb-load.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=',
  sqlConnection: 'Server=tcp:sql-load.database.windows.net,1433;Database=orders;User ID=app;Password=Winter2026!Secret;Encrypt=true',
  password: 'Hunter2-but-longer',
}

describe('secrets in resource bodies', () => {
  it('are replaced at collection, listed with a salted hash, and absent from the whole snapshot', async () => {
    const estate = generateEstate({ servers: 0, databasesPerServer: 0, vaults: 1, keysPerVault: 1, subscriptions: 1 })
    const storage = estate.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts')!
    storage.tags = { ...storage.tags, backupTarget: SECRETS.storageConnection }
    ;(storage.properties as Record<string, unknown>).customDomain = { name: SECRETS.sas }
    const config = estate.resources.find((r) => r.type === 'Microsoft.Web/sites/config')!
    Object.assign(config.properties, { remoteDebuggingVersion: SECRETS.busConnection, publishingPassword: SECRETS.password, linuxFxVersion: SECRETS.sqlConnection })
    await withEmulator({ estate }, async (emu) => {
      const { snapshot } = await scanEmulator(emu)
      const text = JSON.stringify(snapshot)
      for (const secret of [KEY, 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c', 'Winter2026!Secret', SECRETS.password]) expect(text).not.toContain(secret)
      const kinds = snapshot.redaction!.items.map((r) => `${r.kind} ${r.path}`).sort()
      expect(kinds).toEqual([
        'named-publishingpassword properties.publishingPassword',
        'password properties.linuxFxVersion',
        'shared-access-key properties.remoteDebuggingVersion',
        'shared-access-signature properties.customDomain.name',
        'storage-account-key tags.backupTarget',
      ])
      // What is not secret stays: the account name, the endpoint, the rest of the connection string.
      const st = snapshot.resources.find((r) => r.id === storage.id)!
      expect(st.tags!.backupTarget).toMatch(/^DefaultEndpointsProtocol=https;AccountName=stload;AccountKey=\[REDACTED storage-account-key sha256:[0-9a-f]{12}\];EndpointSuffix=core\.windows\.net$/)
      // The owner recognises the key from its salted hash.
      const item = snapshot.redaction!.items.find((r) => r.kind === 'storage-account-key')!
      expect(item.sha256).toBe(createHash('sha256').update(snapshot.redaction!.salt).update(KEY).digest('hex'))
      expect(snapshot.notes.some((n) => /secret-looking value/.test(n))).toBe(true)
      // The checks still read what they need.
      expect(st.properties.minimumTlsVersion).toBe('TLS1_2')
    })
  })

  it('leaves references to where a secret is kept, and ordinary settings, alone', () => {
    const r = new Redactor()
    const body = {
      keyVaultSecretId: 'https://kv.vault.azure.net/secrets/api-tls',
      dbPassword: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)',
      passwordAuth: 'Disabled',
      disableLocalAuth: true,
      passwordSecretRef: '',
      minimalTlsVersion: '1.2',
      hostName: 'api.example.com',
    }
    expect(r.value(body, 'x')).toEqual(body)
    expect(r.redactions).toEqual([])
    expect(r.value({ administratorLoginPassword: 'P@ss-w0rd-123' }, 'x')).toEqual({ administratorLoginPassword: expect.stringMatching(/^\[REDACTED named-administratorloginpassword sha256:/) })
    expect(r.string('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'x', 'p')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\[REDACTED private-key/)
    expect(r.string('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl', 'x', 'p')).toMatch(/^Bearer \[REDACTED jwt/)
  })
})

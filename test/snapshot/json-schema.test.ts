import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { jsonSchemas } from '../../src/snapshot/json-schema.js'
import { projectRoot } from '../../src/core/version.js'

const dir = join(projectRoot(), 'schemas')

describe('committed JSON Schemas', () => {
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    it(`${file} matches the zod schema it is derived from`, () => {
      const text = JSON.stringify(schema, null, 2) + '\n'
      if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(join(dir, file), text)
      expect(readFileSync(join(dir, file), 'utf8')).toBe(text)
    })
  }

  it('accepts a real snapshot and rejects one missing provenance', () => {
    const ajv = new Ajv2020({ strict: false })
    const validate = ajv.compile(JSON.parse(readFileSync(join(dir, 'snapshot.schema.json'), 'utf8')) as object)
    const snapshot = {
      schemaVersion: '1.0',
      tool: { name: 'trustpack', version: '0.1.0' },
      startedAt: '2026-11-25T00:00:00.000Z',
      finishedAt: '2026-11-25T00:00:01.000Z',
      endpoints: { arm: 'https://management.azure.com', logs: 'https://api.loganalytics.io' },
      subscriptions: [],
      resources: [{ id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a', type: 'microsoft.storage/storageaccounts', name: 'a', location: 'eastus', subscriptionId: 's', properties: {}, callIds: ['c1'] }],
      errors: [],
      calls: [],
      notes: [],
    }
    expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true)
    const { callIds: _drop, ...noProvenance } = snapshot.resources[0]!
    expect(validate({ ...snapshot, resources: [noProvenance] })).toBe(false)
  })
})

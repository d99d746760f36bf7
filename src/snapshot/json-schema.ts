// JSON Schemas of the snapshot and results documents, derived from the zod schemas
// (the one source of truth). schemas/*.schema.json are these, committed for other tools;
// a test keeps them in step.
import { z } from 'zod'
import { SnapshotSchema } from './schema.js'
import { ResultsSchema } from './results.js'

export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, id: string, title: string): unknown => ({
    $id: `https://trustpack.dev/schemas/${id}`,
    title,
    ...(z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as object),
  })
  return {
    'snapshot.schema.json': make(SnapshotSchema, 'snapshot.schema.json', 'trustpack snapshot'),
    'results.schema.json': make(ResultsSchema, 'results.schema.json', 'trustpack results'),
  }
}

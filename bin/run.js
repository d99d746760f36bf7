#!/usr/bin/env node
// oclif entry: commands are compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })

#!/usr/bin/env node
// oclif entry: commands are compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
// Signals are handled before anything else loads: an interrupt at any moment leaves no temporary file.
import { handleSignals } from '../dist/src/cli/signals.js'

handleSignals()
const { execute } = await import('@oclif/core')
await execute({ dir: import.meta.url })

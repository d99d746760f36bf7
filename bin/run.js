#!/usr/bin/env node
// oclif entry: commands are compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`), which also
// writes oclif.manifest.json, so help and version are answered without importing any command (docs/startup.md).
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Node 22.1+ keeps compiled code between runs (in NODE_COMPILE_CACHE, else the temp folder); older Node
// has no such call and starts as before. Enabled before anything else loads, so all of it is cached.
module.enableCompileCache?.()

// Signals are handled before anything else loads: an interrupt at any moment leaves no temporary file.
const { handleSignals } = await import('../dist/src/cli/signals.js')
handleSignals()
// In a source checkout, say so when commands were compiled after the manifest (help would be out of date).
const { warnIfManifestStale } = await import('../dist/src/cli/manifest-check.js')
warnIfManifestStale(fileURLToPath(new URL('..', import.meta.url)))
// The entry point alone, not @oclif/core's index (which loads the parser, ux and help up front).
const { execute } = await import('@oclif/core/execute')
await execute({ dir: import.meta.url })

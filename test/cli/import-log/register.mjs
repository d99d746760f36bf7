// Test-only preload (`node --import ./register.mjs`): records every module the process resolves, ESM through
// a resolve hook and CommonJS from require's cache at exit, one URL or path a line, in $TRUSTPACK_IMPORT_LOG.
import { register, createRequire } from 'node:module'
import { appendFileSync } from 'node:fs'

const logFile = process.env.TRUSTPACK_IMPORT_LOG
if (logFile) {
  register('./hooks.mjs', import.meta.url, { data: { logFile } })
  const require = createRequire(import.meta.url)
  process.on('exit', () => {
    const paths = Object.keys(require.cache)
    if (paths.length > 0) appendFileSync(logFile, `${paths.join('\n')}\n`)
  })
}

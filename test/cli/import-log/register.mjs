// Test-only preload (`node --import ./register.mjs`): records every module the process resolves in
// $TRUSTPACK_IMPORT_LOG, ESM through a resolve hook (`url<TAB>importer` a line) and CommonJS from require's
// cache at exit (one path a line). Without the variable it does nothing.
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

// Resolve hook for register.mjs: runs on the loader thread, so it appends synchronously to the log file,
// one `resolved-url<TAB>importing-url` a line (the importer lets a failing test show the chain).
import { appendFileSync } from 'node:fs'

let logFile

export function initialize(data) {
  logFile = data.logFile
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  appendFileSync(logFile, `${resolved.url}\t${context.parentURL ?? ''}\n`)
  return resolved
}

// The tool's own version, read once from package.json when asked (no import-time state).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/** Project root: the folder holding package.json, controls/ and templates/. Works from src/ and dist/src/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (pkg.name === 'trustpack') return dir
    } catch {
      // not here; go up
    }
    dir = dirname(dir)
  }
  throw new Error('cannot locate the trustpack package root')
}

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

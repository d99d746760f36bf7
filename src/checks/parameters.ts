// Check parameters: defaults declared by the checks, overridden by trustpack.yaml `parameters`.
// A parameter the catalog does not know, or of the wrong kind, is an input error naming file:line.
import { InputError } from '../core/errors.js'
import type { LoadedConfig } from '../core/config.js'
import { didYouMean } from '../catalog/suggest.js'

function kindOf(v: unknown): 'list' | 'number' | 'string' | 'boolean' | 'other' {
  if (Array.isArray(v)) return 'list'
  if (typeof v === 'number') return 'number'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'boolean'
  return 'other'
}

/** Merges config parameters over the defaults; keys are sorted so results.json is stable. */
export function resolveParameters(defaults: Record<string, unknown>, loaded: LoadedConfig): Record<string, unknown> {
  const given = loaded.config.parameters ?? {}
  const where = (name: string): string => `${loaded.file ?? 'trustpack.yaml'}:${loaded.lineOf(['parameters', name])}`
  const out: Record<string, unknown> = { ...defaults }
  for (const [name, raw] of Object.entries(given)) {
    if (!(name in defaults)) {
      throw new InputError(`${where(name)}: unknown parameter "${name}"${didYouMean(name, Object.keys(defaults))}; known: ${Object.keys(defaults).sort().join(', ')}`)
    }
    const want = kindOf(defaults[name])
    let value: unknown = raw
    // `minTlsVersion: 1.2` unquoted is a YAML number; a version is meant.
    if (want === 'string' && typeof raw === 'number') value = Number.isInteger(raw) ? `${raw}.0` : String(raw)
    if (want === 'list' && typeof raw === 'string') value = [raw]
    if (kindOf(value) !== want) {
      throw new InputError(`${where(name)}: parameter "${name}" must be a ${want} (default ${JSON.stringify(defaults[name])}), got ${JSON.stringify(raw)}`)
    }
    out[name] = value
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]))
}

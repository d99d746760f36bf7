// Secrets never reach a snapshot. trustpack reads no secret on purpose (the guard refuses list-keys and
// connection-string operations), but resource bodies can still carry one: a connection string in a tag, a SAS
// URL in a property, a password pasted into site config. Every string a snapshot keeps is passed through this
// pattern list at collection; what matched is replaced by a marker, and the snapshot records where and a salted
// hash (never the value), so an owner can tell which secret leaked without trustpack keeping it.
// The list is documented in docs/snapshot-contract.md ("Redaction") and tested in test/collect/redact.test.ts.
import { createHash, randomBytes } from 'node:crypto'

export interface Redaction {
  /** the resource (or `calls`/`errors` entry) the value was in */
  resourceId: string
  /** dotted path of the value inside it */
  path: string
  /** which pattern matched */
  kind: string
  /** SHA-256 (hex) of the snapshot's salt followed by the secret as it was */
  sha256: string
}

interface ValuePattern {
  kind: string
  /** group 1: what stays (the key, e.g. "AccountKey="), group 2: the secret */
  re: RegExp
}

/** Secrets inside a string, whatever the property is called. */
export const VALUE_PATTERNS: readonly ValuePattern[] = [
  { kind: 'storage-account-key', re: /(AccountKey=)([^;"'\s]{8,})/gi },
  { kind: 'shared-access-key', re: /(SharedAccessKey=)([^;"'\s]{8,})/gi },
  { kind: 'shared-access-signature', re: /([?&]sig=)([^&"'\s]{8,})/gi },
  { kind: 'password', re: /((?:^|[;\s"'{,])(?:Password|Pwd)\s*=\s*)([^;"'\s]+)/gi },
  { kind: 'private-key', re: /(-----BEGIN [A-Z ]*PRIVATE KEY-----)([\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)/g },
  { kind: 'jwt', re: /(\b)(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g },
  { kind: 'client-secret', re: /((?:client_?secret)["']?\s*[:=]\s*["']?)([^"'\s,;&]{8,})/gi },
]

/** A property or tag whose name says its value is a secret (the whole value is redacted). */
export const SECRET_NAME = /(password|passwd|pwd|secret|connectionstring|accountkey|sharedaccesskey|sastoken|apikey|accesskey|accesstoken|primarykey|secondarykey)$/i

/** Values under a secret-looking name that are not secrets: references to where the secret is kept. */
function isReference(value: string): boolean {
  return value === '' || /^@Microsoft\.KeyVault\(/i.test(value) || /^https:\/\/[^/]+\.vault\.azure\.(net|cn|us)\//i.test(value) || value.startsWith('/subscriptions/')
}

export class Redactor {
  readonly salt = randomBytes(16).toString('hex')
  readonly redactions: Redaction[] = []

  private hash(secret: string): string {
    return createHash('sha256').update(this.salt).update(secret).digest('hex')
  }

  private readonly seen = new Set<string>()

  private marker(kind: string, secret: string, where: string, path: string): string {
    const sha256 = this.hash(secret)
    // The same value read twice (the generic resource list and the service read) is one redaction.
    const key = `${where.toLowerCase()}|${path}|${sha256}`
    if (!this.seen.has(key)) this.redactions.push({ resourceId: where, path, kind, sha256 })
    this.seen.add(key)
    return `[REDACTED ${kind} sha256:${sha256.slice(0, 12)}]`
  }

  /** The string with every secret in it replaced by a marker. */
  string(value: string, where: string, path: string, name = ''): string {
    if (SECRET_NAME.test(name) && !isReference(value)) return this.marker(`named-${name.toLowerCase()}`, value, where, path)
    let out = value
    for (const { kind, re } of VALUE_PATTERNS) {
      re.lastIndex = 0
      if (!re.test(out)) continue
      re.lastIndex = 0
      out = out.replace(re, (_m, keep: string, secret: string) => `${keep}${this.marker(kind, secret, where, path)}`)
    }
    return out
  }

  /** A copy of a JSON value with every secret-looking string redacted (objects and arrays walked). */
  value<T>(v: T, where: string, path = '', name = ''): T {
    if (typeof v === 'string') return this.string(v, where, path, name) as T
    if (Array.isArray(v)) return v.map((x, i) => this.value(x, where, path ? `${path}.${i}` : String(i), name)) as T
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = this.value(x, where, path ? `${path}.${k}` : k, k)
      return out as T
    }
    return v
  }
}

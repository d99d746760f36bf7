// `trustpack keys generate`: an Ed25519 pair, the private key readable by its owner only, never overwritten silently.
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateKeys } from '../../src/app/keys.js'
import { loadSigner } from '../../src/report/pack/manifest.js'
import { tmp } from './helpers.js'

let dir: string
beforeEach(() => { dir = tmp('trustpack-keys-') })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

describe('keys generate', () => {
  it('writes an Ed25519 key pair, the private key with mode 0600', () => {
    const r = generateKeys({ outDir: dir })
    expect(r.privateKeyPath.endsWith('trustpack-signing.key')).toBe(true)
    expect(r.publicKeyPath.endsWith('trustpack-signing.pub')).toBe(true)
    expect(statSync(r.privateKeyPath).mode & 0o777).toBe(0o600)
    expect(createPrivateKey(readFileSync(r.privateKeyPath)).asymmetricKeyType).toBe('ed25519')
    expect(createPublicKey(readFileSync(r.publicKeyPath)).asymmetricKeyType).toBe('ed25519')
    expect(loadSigner(r.privateKeyPath).fingerprint).toBe(r.fingerprint)
  })

  it('refuses to overwrite an existing key unless forced', () => {
    const first = generateKeys({ outDir: dir })
    const before = readFileSync(first.privateKeyPath, 'utf8')
    expect(() => generateKeys({ outDir: dir })).toThrow(/already exists/)
    expect(readFileSync(first.privateKeyPath, 'utf8')).toBe(before)
    const second = generateKeys({ outDir: dir, force: true })
    expect(second.fingerprint).not.toBe(first.fingerprint)
  })
})

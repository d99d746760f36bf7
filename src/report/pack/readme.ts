// README-VERIFY.txt and SHA256SUMS: how an auditor checks the pack with standard tools only
// (sha256sum, openssl), without installing trustpack.
import { byPath } from './manifest.js'

export const SUMS_FILE = 'SHA256SUMS'

/** `sha256sum -c` format (two spaces, text mode) from path → SHA-256 hex. */
export function sha256sums(hashes: ReadonlyMap<string, string>): string {
  return [...hashes.keys()].sort(byPath).map((p) => `${hashes.get(p)!}  ${p}\n`).join('')
}

export function verifyInstructions(signed: boolean): string {
  const lines = [
    'HOW TO VERIFY THIS EVIDENCE PACK',
    '================================',
    '',
    'With trustpack:',
    '    trustpack verify <this folder or .zip> [--public-key trustpack-signing.pub]',
    '',
    'Without trustpack (Linux/macOS shell, run inside the pack folder):',
    '',
    '1. Every file matches its recorded SHA-256 (SHA256SUMS lists all files except',
    '   itself, manifest.json and manifest.sig):',
    '',
    '    sha256sum -c SHA256SUMS          (macOS: shasum -a 256 -c SHA256SUMS)',
    '',
    '2. No file was added: the files present are exactly those listed, plus',
    `   SHA256SUMS, manifest.json${signed ? ' and manifest.sig' : ''}:`,
    '',
    "    find . -type f | sed 's|^\\./||' | sort > /tmp/present.txt",
    `    (cut -c67- SHA256SUMS; printf '%s\\n' SHA256SUMS manifest.json${signed ? ' manifest.sig' : ''}) | sort | diff - /tmp/present.txt`,
    '',
    '3. SHA256SUMS is the one the manifest vouches for: compare',
    '',
    '    sha256sum SHA256SUMS',
    '    grep -A1 \'"path": "SHA256SUMS"\' manifest.json',
    '',
    '   (manifest.json also lists every file with its SHA-256 and size.)',
    '',
  ]
  if (signed) {
    lines.push(
      '4. The manifest is signed (Ed25519, OpenSSL 3.0 or later). The signature covers the exact',
      '   bytes of manifest.json:',
      '',
      '    base64 -d manifest.sig > /tmp/manifest.sig.bin',
      '    openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile /tmp/manifest.sig.bin',
      '',
      '   It prints "Signature Verified Successfully". public-key.pem inside the pack only proves',
      '   the pack is unchanged since someone signed it; to know WHO signed it, compare the key',
      '   fingerprint with the one the publisher gave you separately:',
      '',
      '    openssl pkey -pubin -in public-key.pem -outform DER | sha256sum',
      '',
      '   (manifest.json shows it as "publicKeyFingerprint": "SHA256:<hex>"), or verify with your',
      '   own copy of the public key: trustpack verify PACK --public-key FILE, or -inkey FILE above.',
      '',
    )
  } else {
    lines.push(
      '4. This pack is UNSIGNED: the hashes detect accidental changes, but anyone able to edit',
      '   the files could also edit SHA256SUMS and manifest.json. Ask for a signed pack',
      '   (trustpack pack --sign-key FILE) when the pack travels outside your control.',
      '',
    )
  }
  return lines.join('\n')
}

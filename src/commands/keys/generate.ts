import { Flags } from '@oclif/core'
import { checkOutputs } from '../../cli/outputs.js'
import { BaseCommand } from '../../cli/base-command.js'
import type { GenerateKeysResult } from '../../app/keys.js'

export default class KeysGenerate extends BaseCommand {
  static override summary = 'Create an Ed25519 key pair for signing evidence packs'
  static override description = 'Writes trustpack-signing.key (private, mode 0600: keep it secret) and trustpack-signing.pub (give it to auditors, or publish its fingerprint).'
  static override examples = ['<%= config.bin %> keys generate --out keys']

  static override flags = {
    out: Flags.string({ char: 'o', description: 'folder for the key files', default: '.' }),
    force: Flags.boolean({ description: 'overwrite existing key files' }),
  }

  async run(): Promise<GenerateKeysResult> {
    const { flags } = await this.parse(KeysGenerate)
    this.debugEnabled = flags.debug
    const { generateKeys } = await import('../../app/keys.js')
    checkOutputs([{ flag: '--out', path: flags.out, folder: true }])
    const result = generateKeys({ outDir: flags.out, force: flags.force })
    this.say(`Private key: ${result.privateKeyPath} (keep secret)\nPublic key:  ${result.publicKeyPath}\nFingerprint: ${result.fingerprint}`)
    return result
  }
}

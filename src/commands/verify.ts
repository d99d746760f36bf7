import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { FailingError } from '../core/errors.js'
import type { VerifyPackResult } from '../app/verify.js'

export default class Verify extends BaseCommand {
  static override summary = 'Check an evidence pack: every file against its SHA-256, no file missing or added, and the signature'
  static override description = 'Exit 0 only when the pack is intact; exit 1 names each missing, extra or changed file; exit 2 when the pack cannot be read.'
  static override examples = [
    '<%= config.bin %> verify reports/pack-2026-11-25',
    '<%= config.bin %> verify pack.zip --public-key trustpack-signing.pub',
  ]

  static override args = {
    pack: Args.string({ description: 'pack folder or .zip', required: true }),
  }

  static override flags = {
    'public-key': Flags.string({ description: 'require a signature by this Ed25519 public key (PEM) instead of trusting the key inside the pack' }),
    'allow-unsigned': Flags.boolean({ description: 'accept an unsigned pack (without it, an unsigned pack exits 1)' }),
  }

  async run(): Promise<VerifyPackResult> {
    const { args, flags } = await this.parse(Verify)
    this.debugEnabled = flags.debug
    const { verifyPack } = await import('../app/verify.js')
    const result = await verifyPack({ packPath: args.pack, publicKeyPath: flags['public-key'], allowUnsigned: flags['allow-unsigned'] })
    for (const f of result.missing) this.say(`missing: ${f}`)
    for (const f of result.extra) this.say(`extra:   ${f}`)
    for (const f of result.changed) this.say(`changed: ${f}`)
    for (const p of result.problems) this.say(`problem: ${p}`)
    if (!result.ok) {
      const n = result.missing.length + result.extra.length + result.changed.length
      const names = [...result.changed, ...result.missing, ...result.extra]
      const parts: string[] = []
      if (n) parts.push(`${n} file(s) differ: ${names.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''}`)
      if (result.signatureValid === false) parts.push('signature invalid')
      else if (!result.signed && !flags['allow-unsigned']) parts.push('unsigned (pass --allow-unsigned to accept an unsigned pack)')
      if (!parts.length) parts.push(result.problems[0] ?? 'see problems above')
      throw new FailingError(`${args.pack}: pack is NOT intact: ${parts.join('; ')}`, result)
    }
    this.say(`OK: ${args.pack} is intact; ${result.trustNote}`)
    return result
  }
}

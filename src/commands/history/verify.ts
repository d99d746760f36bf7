// `trustpack history verify`: re-check the evidence store's chain; exit 1 naming each run at fault.
import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import type { ChainReport } from '../../history/chain.js'

export default class HistoryVerify extends BaseCommand {
  static override summary = 'Verify the evidence store: sequence, hash chain, object hashes and signatures'
  static override description = 'Exit 0 when every run is present, in order, unedited and (when signed) correctly signed; exit 1 naming each run at fault.'
  static override examples = [
    '<%= config.bin %> history verify',
    '<%= config.bin %> history verify --public-key keys/trustpack-signing.pub --require-signed',
  ]

  static override flags = {
    history: Flags.string({ description: 'evidence store folder (default: the history section of trustpack.yaml)' }),
    'public-key': Flags.string({ description: 'the Ed25519 public key (PEM) every signed run must be signed with' }),
    head: Flags.string({ description: 'a record SHA-256 printed by an earlier verify or pack: it must still be in the chain (detects removal of the newest runs)' }),
    'require-signed': Flags.boolean({ description: 'an unsigned run is a mismatch' }),
  }

  async run(): Promise<ChainReport> {
    const { flags } = await this.parse(HistoryVerify)
    const { renderChainReport, requireHistoryStore, verifyHistory } = await import('../../app/history.js')
    const store = await requireHistoryStore(this.loadConfigFlag(flags.config), flags.history ? { dir: flags.history } : {})
    const report = await verifyHistory(store, {
      ...(flags['public-key'] ? { publicKeyPath: flags['public-key'] } : {}),
      ...(flags.head ? { expectHead: flags.head } : {}),
      requireSigned: flags['require-signed'],
    })
    this.say(renderChainReport(report))
    return report
  }
}

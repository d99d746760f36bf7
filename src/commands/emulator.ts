import { Flags } from '@oclif/core'
import { readFileSync } from 'node:fs'
import { BaseCommand } from '../cli/base-command.js'
import type { Fault } from '../emulator/server.js'
import { InputError } from '../core/errors.js'
import { writeFileAtomic } from '../core/fs.js'

export default class Emulator extends BaseCommand {
  static override hidden = true
  static override summary = 'Run the local HTTPS ARM emulator on an estate file (for trying trustpack without Azure).'
  static override examples = ['<%= config.bin %> emulator --ca-out ca.pem --port 8443', '<%= config.bin %> emulator --estate my-estate.json --page-size 2']

  static override flags = {
    estate: Flags.string({ description: 'estate JSON file (repeatable; default the bundled sample estate)', multiple: true }),
    port: Flags.integer({ description: 'port on 127.0.0.1 (default: any free port)', default: 0 }),
    'ca-out': Flags.string({ description: 'write the generated CA certificate here (for NODE_EXTRA_CA_CERTS)' }),
    'page-size': Flags.integer({ description: 'items per page on every list (default: each service\'s own page size, keys 25)', min: 1 }),
    latency: Flags.integer({ description: 'latency added to every request (ms)', default: 0 }),
    faults: Flags.string({ description: 'JSON file with an array of faults ({path,status,retryAfter,times,hang,delayMs})' }),
  }

  async run(): Promise<{ url: string }> {
    const { flags } = await this.parse(Emulator)
    const { startEmulator } = await import('../emulator/server.js')
    const { loadEstateFile } = await import('../emulator/load.js')
    const { buildSampleEstate } = await import('../emulator/estates/sample.js')
    const estates = flags.estate ? flags.estate.map((f) => loadEstateFile(f)) : [await buildSampleEstate()]
    let faults: Fault[] = []
    if (flags.faults) {
      try {
        faults = JSON.parse(readFileSync(flags.faults, 'utf8')) as Fault[]
      } catch (err) {
        throw new InputError(`${flags.faults}: cannot read faults (${(err as Error).message})`)
      }
    }
    const emu = await startEmulator({ estate: estates, port: flags.port, ...(flags['page-size'] ? { pageSize: flags['page-size'] } : {}), latencyMs: flags.latency, faults })
    if (flags['ca-out']) writeFileAtomic(flags['ca-out'], emu.caPem)
    this.log(`emulator listening on ${emu.url}${flags['ca-out'] ? ` (CA in ${flags['ca-out']})` : ''}; Ctrl-C stops it`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await emu.close()
    return { url: emu.url }
  }
}

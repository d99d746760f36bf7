// The service folders' code modules, found by convention (src/services/<service>/emulator.ts): nothing
// registers itself, and adding a service adds no line anywhere else. Modules are imported on demand.
import type { ServiceEmulator } from '../emulator/wire.js'
import { serviceNames } from './plan.js'

export interface LoadedEmulator {
  service: string
  module: ServiceEmulator
}

/** Every service's emulator module (for the sample estate), in folder order. */
export async function serviceEmulators(names: readonly string[] = serviceNames()): Promise<LoadedEmulator[]> {
  const out: LoadedEmulator[] = []
  for (const service of names) {
    try {
      const module = (await import(new URL(`./${service}/emulator.js`, import.meta.url).href)) as ServiceEmulator
      out.push({ service, module })
    } catch (err) {
      // A service may have no emulator module (nothing to contribute); any other failure is a bug to surface.
      if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes(`${service}/emulator`)) throw err
    }
  }
  return out
}

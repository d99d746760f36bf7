// Reading estate files, validated, with an error naming the file and the field at fault.
import { join } from 'node:path'
import { readJsonDocument } from '../core/json.js'
import { projectRoot } from '../core/version.js'
import { EstateSchema, type Estate } from './estate.js'

export function loadEstateFile(path: string): Estate {
  return readJsonDocument(path, EstateSchema, 'estate file').value
}

/** The bundled sample estate `demo` serves. */
export function sampleEstatePath(): string {
  return join(projectRoot(), 'src', 'emulator', 'estates', 'sample.json')
}

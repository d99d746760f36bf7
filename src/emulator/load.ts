// Reading estate files, validated, with an error naming the file and the field at fault.
import { readJsonDocument } from '../core/json.js'
import { EstateSchema, estateProblems, type Estate } from './estate.js'
import { InputError } from '../core/errors.js'

export function loadEstateFile(path: string): Estate {
  const estate = readJsonDocument(path, EstateSchema, 'estate file').value
  const problems = estateProblems(estate)
  if (problems.length > 0) throw new InputError(`${path}: not a consistent estate: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`)
  return estate
}


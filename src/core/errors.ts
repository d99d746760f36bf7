// Error classes that carry the process exit code of DESIGN.md (docs: README "Exit codes").
// A command lets these propagate; the base command prints the whole message, then the hint (stack only
// with --debug), or under --json one object on stdout: { "error": { code, message, exitCode, file?, line? } }.

export const ExitCode = {
  ok: 0,
  failing: 1,
  input: 2,
  auth: 3,
  partial: 4,
  /** not an input, auth or collection problem: a bug in trustpack (rerun with --debug and report it) */
  internal: 5,
  /** interrupted by SIGINT/SIGTERM (128 + 2, as shells report it) */
  interrupted: 130,
} as const

/** Where in a file an error is, when it is about one. */
export interface ErrorLocation {
  file?: string
  line?: number
}

export class AppError extends Error {
  /** what the command found before failing: under --json it is printed with the error as one object */
  result?: object

  constructor(message: string, readonly exitCode: number, readonly hint?: string, readonly where: ErrorLocation = {}) {
    super(message)
    this.name = new.target.name
  }

  withResult(result: object): this {
    this.result = result
    return this
  }
}

/** Exit 2: bad flag, bad file, bad YAML. The message names the file and line at fault. */
export class InputError extends AppError {
  constructor(message: string, hint?: string, where?: ErrorLocation) {
    super(message, ExitCode.input, hint, where ?? locationIn(message))
  }
}

/** Exit 2: the command line itself (unknown flag, missing argument, bad flag value). */
export class UsageError extends InputError {}

/** Exit 3: no credential, or the credential was refused. */
export class AuthError extends AppError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.auth, hint)
  }
}

/** Exit 4: some reads failed and --allow-partial was not given. */
export class PartialCollectionError extends AppError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.partial, hint)
  }
}

/**
 * Exit 1: the gate found failing controls, or verify found a mismatch. `result` is what the command found:
 * under --json it is printed with the error as one object, so a pipeline reads both from one document.
 */
export class FailingError extends AppError {
  constructor(message: string, result?: object) {
    super(message, ExitCode.failing)
    if (result) this.result = result
  }
}

/**
 * The file (and line) an input error's message starts with, in the form every loader writes them
 * ("controls/frameworks/soc2.yaml:41: …", "snapshot.json: not valid JSON …").
 */
export function locationIn(message: string): ErrorLocation {
  const m = /^((?:[A-Za-z]:)?[^\s:]*\.[A-Za-z0-9]{1,6})(?::(\d+))?: /.exec(message)
  if (!m) return {}
  return { file: m[1]!, ...(m[2] ? { line: Number(m[2]) } : {}) }
}

// Error classes that carry the process exit code of DESIGN.md.
// A command lets these propagate; bin/run prints one line (stack only with --debug).

export const ExitCode = {
  ok: 0,
  failing: 1,
  input: 2,
  auth: 3,
  partial: 4,
} as const

export class AppError extends Error {
  constructor(message: string, readonly exitCode: number, readonly hint?: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Exit 2: bad flag, bad file, bad YAML. The message names the file and line at fault. */
export class InputError extends AppError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.input, hint)
  }
}

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

/** Exit 1: the gate found failing controls, or verify found a mismatch. */
export class FailingError extends AppError {
  constructor(message: string) {
    super(message, ExitCode.failing)
  }
}

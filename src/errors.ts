/**
 * The one error type of alab. Every failure a user can cause or fix is an AlabError with a stable
 * code (listed in docs/errors.md), a message saying what happened and a hint saying what to do.
 * When user code is involved, `file`/`line`/`column` point into it (1-based) so the renderer can
 * print a code frame; no stack trace is shown unless ALAB_DEBUG=1.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 130 | 143;

/** Exit codes of DESIGN §3. */
export const EXIT = {
  ok: 0,
  runtime: 1, // database or runtime failure
  usage: 2, // bad usage, config, schema or migration file
  check: 3, // the check found something to act on
  lock: 4, // lock not acquired
  interrupted: 130, // Ctrl-C (SIGINT): 128 + 2, as shells report it
  terminated: 143, // SIGTERM (what a rollout sends a pod): 128 + 15
} as const satisfies Record<string, ExitCode>;

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Length of the span to underline in the code frame (defaults to 1). */
  length?: number;
  /** Short label printed under the caret, e.g. "did you mean `col.string`?". */
  label?: string;
  /** The line to show in the code frame instead of the file's own (e.g. with a password hidden). */
  shownLine?: string;
}

export interface AlabErrorInit {
  code: string;
  message: string;
  hint?: string;
  exit?: ExitCode;
  at?: SourceLocation;
  /** Extra lines (e.g. a list of drifted tables) printed between the message and the hint. */
  details?: string[];
  cause?: unknown;
}

export class AlabError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exit: ExitCode;
  readonly at: SourceLocation | undefined;
  readonly details: readonly string[];

  constructor(init: AlabErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "AlabError";
    this.code = init.code;
    this.hint = init.hint;
    this.exit = init.exit ?? EXIT.usage;
    this.at = init.at;
    this.details = init.details ?? [];
  }

  /** A copy that points at a location (used when a pure layer learns the file only later). */
  withLocation(at: SourceLocation): AlabError {
    return new AlabError({
      code: this.code,
      message: this.message,
      hint: this.hint,
      exit: this.exit,
      at: { ...at, ...this.at, file: at.file },
      details: [...this.details],
      cause: this.cause,
    });
  }
}

/** Several errors found in one pass (e.g. every invalid schema file), reported together. */
export class AlabErrors extends Error {
  readonly errors: readonly AlabError[];
  constructor(errors: readonly AlabError[]) {
    super(`${errors.length} error(s)`);
    this.name = "AlabErrors";
    this.errors = errors;
  }
  get exit(): ExitCode {
    return this.errors.reduce<ExitCode>((max, e) => (e.exit > max ? e.exit : max), EXIT.usage);
  }
}

/** Throws what was collected, if anything: one error as it is, several together (each still reported). */
export function throwAll(errors: readonly AlabError[]): void {
  const [first, second] = errors;
  if (first === undefined) return;
  throw second === undefined ? first : new AlabErrors(errors);
}

export function isAlabError(e: unknown): e is AlabError {
  return e instanceof AlabError;
}

/** For exhaustive switches over discriminated unions: a new variant breaks the build here. */
export function unreachable(value: never, what: string): never {
  throw new AlabError({
    code: "E_INTERNAL",
    message: `internal: unhandled ${what}: ${JSON.stringify(value)}`,
    hint: "this is a bug in alab; please report it with the command you ran",
    exit: EXIT.runtime,
  });
}

/**
 * A keyword failure, with Robot's flags: `skip` ends the test as SKIP,
 * `passExecution` as PASS, `fatal` stops the run, `continueOnFailure` lets
 * the body go on (teardowns and `run-kw-and-continue`). `exit` marks
 * BREAK/CONTINUE/RETURN signals that travel up to their loop or keyword.
 */
export class RobotError extends Error {
  skip = false;
  passExecution = false;
  continueOnFailure = false;
  timeout = false;
  /** Failures already collected (teardowns run every keyword; "Several failures occurred"). */
  errors?: RobotError[];
  /** When set, the variable to assign the error to in TRY/EXCEPT AS. */
  constructor(message: string, options: { skip?: boolean; passExecution?: boolean; timeout?: boolean } = {}) {
    super(message);
    this.name = 'RobotError';
    this.skip = options.skip ?? false;
    this.passExecution = options.passExecution ?? false;
    this.timeout = options.timeout ?? false;
  }
}

/** BREAK, CONTINUE and RETURN travel as exceptions to the loop or keyword that handles them. */
export class ControlSignal {
  constructor(
    readonly kind: 'break' | 'continue' | 'return',
    readonly value?: unknown,
  ) {}
}

/** Anything thrown while running a keyword, as a RobotError (JS errors keep their message). */
export function asRobotError(error: unknown): RobotError {
  if (error instanceof RobotError) return error;
  if (error instanceof Error) {
    const wrapped = new RobotError(error.message || error.name);
    wrapped.stack = error.stack;
    return wrapped;
  }
  return new RobotError(String(error));
}

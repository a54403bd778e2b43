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
  /** The timeout was a keyword's [Timeout], not the test's. */
  keywordTimeout = false;
  /** Invalid data (a malformed IF, BREAK outside a loop): TRY cannot catch it and nothing continues after it. */
  syntax = false;
  /** Fatal Error: nothing continues after it, and the tests after it do not run (Robot's error.exit). */
  exit = false;
  /** Failures already collected (teardowns run every keyword; "Several failures occurred"). */
  errors?: RobotError[];
  /** When set, the variable to assign the error to in TRY/EXCEPT AS. */
  constructor(message: string, options: { skip?: boolean; passExecution?: boolean; timeout?: boolean; syntax?: boolean } = {}) {
    super(message);
    this.name = 'RobotError';
    this.skip = options.skip ?? false;
    this.passExecution = options.passExecution ?? false;
    this.timeout = options.timeout ?? false;
    this.syntax = options.syntax ?? false;
  }
}

/** BREAK, CONTINUE and RETURN travel as exceptions to the loop or keyword that handles them. */
export class ControlSignal {
  /** Continuable failures that happened before it in the bodies it left: they still fail the test (Robot's earlier_failures). */
  readonly earlier: RobotError[] = [];

  constructor(
    readonly kind: 'break' | 'continue' | 'return',
    readonly value?: unknown,
  ) {}
}

/** Anything thrown while running a keyword, as a RobotError (JS errors keep their message). */
export function asRobotError(error: unknown): RobotError {
  if (error instanceof RobotError) return error;
  // A RETURN (Return From Keyword, Run Keyword And Return) that reaches no user keyword: Robot's ExecutionPassed message.
  if (error instanceof ControlSignal) return new RobotError(`Invalid '${error.kind.toUpperCase()}' usage.`);
  if (error instanceof Error) {
    const wrapped = new RobotError(error.message || error.name);
    wrapped.stack = error.stack;
    return wrapped;
  }
  return new RobotError(String(error));
}

/**
 * One error for failures collected in a body, worded as Robot's
 * ExecutionFailures: "Several failures occurred:" and each numbered, a skip
 * first ("Also failure occurred:"). It continues only if every one of them
 * could, and is a skip, timeout or syntax error if any of them is.
 */
export function combine(failures: RobotError[]): RobotError {
  if (failures.length === 1) return failures[0];
  let messages = failures.map((f) => f.message);
  let prefix = 'Several failures occurred:';
  const skipAt = failures.findIndex((f) => f.skip);
  let text: string | undefined;
  if (skipAt >= 0) {
    const skipMessage = messages[skipAt];
    messages = messages.filter((_, i) => i !== skipAt);
    if (messages.length === 1) text = `${skipMessage}\n\nAlso failure occurred:\n${messages[0]}`;
    else prefix = `${skipMessage}\n\nAlso failures occurred:`;
  }
  const error = new RobotError(text ?? [prefix, ...messages.map((m, i) => `${i + 1}) ${m}`)].join('\n\n'));
  error.errors = failures;
  error.skip = skipAt >= 0;
  error.timeout = failures.some((f) => f.timeout);
  error.keywordTimeout = error.timeout && failures.every((f) => !f.timeout || f.keywordTimeout);
  error.syntax = failures.some((f) => f.syntax);
  error.exit = failures.some((f) => f.exit);
  error.continueOnFailure = failures.every((f) => f.continueOnFailure);
  return error;
}

/**
 * Whether the body goes on after this failure (Robot's can_continue): never
 * after invalid data or a timeout; in a templated test or a teardown (the
 * context continues on failure) after anything but those; otherwise only
 * after a continuable failure (`Run Keyword And Continue On Failure`) and not a skip.
 */
export function canContinue(failure: RobotError, context: { continueOnFailure: boolean; dryRun: boolean; template?: string }): boolean {
  if (context.dryRun) return true;
  if (failure.syntax || failure.exit || (failure.timeout && !failure.keywordTimeout)) return false;
  if (context.template !== undefined) return context.continueOnFailure;
  if (failure.skip || failure.timeout) return false;
  return failure.continueOnFailure || context.continueOnFailure;
}

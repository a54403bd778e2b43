/**
 * Thrown by a foreign runner when its suite as a whole went wrong (a file
 * crashed, a command failed, a report is missing), after every test it could
 * learn about was emitted. The message is for people; there is no stack,
 * because the fault is in the suite, not in tollgate.
 */
export class ForeignSuiteError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : problems.map((p, i) => `${i + 1}. ${p}`).join('\n'));
    this.name = 'ForeignSuiteError';
    this.problems = problems;
    Object.defineProperty(this, 'stack', { value: undefined, writable: true, configurable: true });
  }
}

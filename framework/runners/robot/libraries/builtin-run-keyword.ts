import { globToRegex } from '../control-structures.ts';
import { evaluate, resolveUntil, runKeywordCells } from '../keyword-runner.ts';
import { ControlSignal, RobotError, asRobotError } from '../robot-error.ts';
import { timedOut } from '../run-context.ts';
import { formatTime, parseTimeString } from '../time-string.ts';
import { str, truthy } from '../values.ts';
import { BuiltInVariables } from './builtin-variables.ts';
import { pythonFullMatch } from '../python-regex.ts';
import { toInteger } from './convert.ts';

/**
 * BuiltIn's keywords that run other keywords (Run Keyword and its family,
 * Repeat Keyword, Wait Until Keyword Succeeds, the Run Keyword If Test ...
 * variants). As in Robot (`run_keyword_variant(resolve=N)`), each resolves
 * only its first N arguments; the name and arguments of the keyword it runs
 * reach it as data and are resolved when that keyword runs, so that a
 * branch that does not run never fails on its variables.
 */
export class BuiltInRunKeyword extends BuiltInVariables {
  async runKeyword(name: unknown, ...args: unknown[]): Promise<unknown> {
    return runKeywordCells(this._ctx, name, args);
  }

  async runKeywords(...keywords: unknown[]): Promise<void> {
    const calls: [unknown, unknown[]][] = [];
    if (keywords.includes('AND')) {
      let current: unknown[] = [];
      for (const k of [...keywords, 'AND']) {
        if (k !== 'AND') current.push(k);
        else {
          if (current.length === 0) throw new RobotError('AND must have keyword before and after.');
          calls.push([current[0], current.slice(1)]);
          current = [];
        }
      }
    } else {
      // A list variable gives several keyword names, each run without arguments.
      for (const k of keywords) {
        if (typeof k === 'string' && k.startsWith('@{')) for (const n of resolveUntil(this._ctx, [k], Infinity)) calls.push([escapeName(n), []]);
        else calls.push([k, []]);
      }
    }
    await this._runAll(calls);
  }

  /** Runs each call; with continue-on-failure (teardowns, templates) failures are collected, else the first stops. */
  private async _runAll(calls: Iterable<[unknown, unknown[]]>): Promise<void> {
    const failures: RobotError[] = [];
    for (const [name, args] of calls) {
      try {
        await runKeywordCells(this._ctx, name, args);
      } catch (error) {
        // RETURN and Pass Execution after continuable failures: Robot keeps the failures (set_earlier_failures).
        if (error instanceof ControlSignal || asRobotError(error).passExecution) {
          if (failures.length === 0) throw error;
          break;
        }
        const failure = asRobotError(error);
        failures.push(...(failure.errors ?? [failure]));
        if (!this._ctx.continueOnFailure && !failure.continueOnFailure) break;
        if (failure.skip || failure.timeout) break;
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      const error = new RobotError(`Several failures occurred:\n\n${failures.map((f, i) => `${i + 1}) ${f.message}`).join('\n\n')}`);
      error.errors = failures;
      throw error;
    }
  }

  async runKeywordIf(condition: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    let branch: () => Promise<unknown> = async () => null;
    let own = args;
    const elseIf = args.indexOf('ELSE IF');
    const otherwise = args.indexOf('ELSE');
    if (elseIf >= 0) {
      const rest = resolveUntil(this._ctx, args.slice(elseIf + 1), 2);
      if (rest.length < 2) throw new RobotError('ELSE IF requires condition and keyword.');
      own = args.slice(0, elseIf);
      branch = () => this.runKeywordIf(rest[0], rest[1], ...rest.slice(2));
    } else if (otherwise >= 0) {
      const rest = resolveUntil(this._ctx, args.slice(otherwise + 1), 1);
      if (rest.length < 1) throw new RobotError('ELSE requires keyword.');
      own = args.slice(0, otherwise);
      branch = () => this.runKeyword(rest[0], ...rest.slice(1));
    }
    if (this._isTrue(condition)) return this.runKeyword(name, ...own);
    return branch();
  }

  async runKeywordUnless(condition: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    return this._isTrue(condition) ? null : this.runKeyword(name, ...args);
  }

  async runKeywordAndIgnoreError(name: unknown, ...args: unknown[]): Promise<unknown[]> {
    try {
      return ['PASS', await this.runKeyword(name, ...args)];
    } catch (error) {
      return ['FAIL', this._catchable(error).message];
    }
  }

  async runKeywordAndReturnStatus(name: unknown, ...args: unknown[]): Promise<boolean> {
    const [status] = await this.runKeywordAndIgnoreError(name, ...args);
    return status === 'PASS';
  }

  async runKeywordAndWarnOnFailure(name: unknown, ...args: unknown[]): Promise<unknown[]> {
    const result = await this.runKeywordAndIgnoreError(name, ...args);
    if (result[0] === 'FAIL') this._log(`Executing keyword '${str(name)}' failed:\n${str(result[1])}`, 'WARN');
    return result;
  }

  async runKeywordAndContinueOnFailure(name: unknown, ...args: unknown[]): Promise<unknown> {
    try {
      return await this.runKeyword(name, ...args);
    } catch (error) {
      const failure = this._catchable(error);
      failure.continueOnFailure = true;
      throw failure;
    }
  }

  async runKeywordAndExpectError(expected_error: unknown, name: unknown, ...args: unknown[]): Promise<string> {
    const expected = str(expected_error);
    let message: string;
    try {
      await this.runKeyword(name, ...args);
    } catch (error) {
      message = this._catchable(error).message;
      if (!errorMatches(expected, message)) throw new RobotError(`Expected error '${expected}' but got '${message}'.`);
      return message;
    }
    throw new RobotError(`Expected error '${expected}' did not occur.`);
  }

  async runKeywordAndReturn(name: unknown, ...args: unknown[]): Promise<never> {
    throw new ControlSignal('return', await this.runKeyword(name, ...args));
  }

  async runKeywordAndReturnIf(condition: unknown, name: unknown, ...args: unknown[]): Promise<void> {
    if (this._isTrue(condition)) await this.runKeywordAndReturn(name, ...args);
  }

  async repeatKeyword(repeat: unknown, name: unknown, ...args: unknown[]): Promise<void> {
    let count: number | undefined;
    try {
      count = repeatCount(repeat, false);
    } catch (error) {
      const ms = repeatTimeout(repeat);
      if (ms === undefined) throw error;
      const until = Date.now() + ms;
      if (ms <= 0) this._log(`Keyword '${str(name)}' repeated zero times.`);
      const self = this;
      await this._runAll((function* () {
        for (let round = 1; Date.now() < until; round++) {
          self._log(`Repeating keyword, round ${round}, ${formatTime(Math.max(0, until - Date.now()))} remaining.`);
          yield [name, args] as [unknown, unknown[]];
        }
      })());
      return;
    }
    if (count <= 0) this._log(`Keyword '${str(name)}' repeated zero times.`);
    const self = this;
    await this._runAll((function* () {
      for (let i = 1; i <= count; i++) {
        self._log(`Repeating keyword, round ${i}/${count}.`);
        yield [name, args] as [unknown, unknown[]];
      }
    })());
  }

  async waitUntilKeywordSucceeds(retry: unknown, retry_interval: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    let count = -1;
    let maxTime = -1;
    let how: string;
    try {
      count = repeatCount(retry, true);
      if (count <= 0) throw new RobotError(`ValueError: Retry count ${count} is not positive.`);
      how = `${count} time${count === 1 ? '' : 's'}`;
    } catch (error) {
      if (!(error instanceof NoPostfix)) throw error;
      const timeout = timeString(str(retry));
      maxTime = Date.now() + timeout;
      how = `for ${formatTime(timeout)}`;
    }
    let interval = str(retry_interval);
    const strict = /^strict:/i.test(interval.replace(/\s/g, ''));
    if (strict) interval = interval.slice(interval.indexOf(':') + 1).trim();
    const intervalMs = timeString(interval);
    for (;;) {
      const started = Date.now();
      try {
        return await this.runKeyword(name, ...args);
      } catch (error) {
        const failure = this._catchable(error);
        count--;
        if ((maxTime > 0 && Date.now() > maxTime) || count === 0) {
          const shown = typeof name === 'string' ? this._ctx.replacer.string(name) : str(name);
          throw new RobotError(`Keyword '${shown}' failed after retrying ${how}. The last error was: ${failure.message}`);
        }
      }
      let sleep = intervalMs;
      if (strict) {
        const took = Date.now() - started;
        sleep = intervalMs - took;
        if (sleep < 0) this._log(`Keyword execution time ${formatTime(took)} is longer than retry interval ${formatTime(intervalMs)}.`, 'WARN');
      }
      // The wait stops at the test's timeout too: a timed-out test must not keep retrying in the background.
      if (sleep > 0) await new Promise((resolve) => setTimeout(resolve, sleep));
      const expired = timedOut(this._ctx);
      if (expired) throw expired;
    }
  }

  async runKeywordIfTestFailed(name: unknown, ...args: unknown[]): Promise<unknown> {
    const outcome = this._testInTeardown('Run Keyword If Test Failed');
    return outcome.status === 'FAIL' ? this.runKeyword(name, ...args) : null;
  }

  async runKeywordIfTestPassed(name: unknown, ...args: unknown[]): Promise<unknown> {
    const outcome = this._testInTeardown('Run Keyword If Test Passed');
    return outcome.status === 'PASS' ? this.runKeyword(name, ...args) : null;
  }

  async runKeywordIfTimeoutOccurred(name: unknown, ...args: unknown[]): Promise<unknown> {
    const outcome = this._testInTeardown('Run Keyword If Timeout Occurred');
    return outcome.timedOut ? this.runKeyword(name, ...args) : null;
  }

  async runKeywordIfAllTestsPassed(name: unknown, ...args: unknown[]): Promise<unknown> {
    return this._failedInSuite('Run Keyword If All Tests Passed') === 0 ? this.runKeyword(name, ...args) : null;
  }

  async runKeywordIfAnyTestsFailed(name: unknown, ...args: unknown[]): Promise<unknown> {
    return this._failedInSuite('Run Keyword If Any Tests Failed') > 0 ? this.runKeyword(name, ...args) : null;
  }

  private _testInTeardown(keyword: string): NonNullable<typeof this._ctx.testOutcome> {
    if (this._ctx.teardown !== 'test' || !this._ctx.testOutcome) throw new RobotError(`Keyword '${keyword}' can only be used in test teardown.`);
    return this._ctx.testOutcome;
  }

  private _failedInSuite(keyword: string): number {
    if (this._ctx.teardown !== 'suite' || !this._ctx.suite) throw new RobotError(`Keyword '${keyword}' can only be used in suite teardown.`);
    const failed = (suite: NonNullable<typeof this._ctx.suite>): number => suite.tests.filter((t) => t.status === 'FAIL').length + suite.suites.reduce((n, s) => n + failed(s), 0);
    return failed(this._ctx.suite);
  }

  /** Robot's _is_true: a string is evaluated as an expression, any other value by its truth. */
  protected _isTrue(condition: unknown): boolean {
    return typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
  }

  /** Errors Robot's "run and catch" keywords may not swallow: skips, timeouts, Pass Execution and BREAK/RETURN signals. */
  protected _catchable(error: unknown): RobotError {
    if (error instanceof ControlSignal) throw error;
    const failure = asRobotError(error);
    if (failure.skip || failure.timeout || failure.passExecution) throw failure;
    return failure;
  }
}

class NoPostfix extends Error {}

/** '3', '3 times', '3x' → 3; with `requirePostfix` a bare number is not a count (Wait Until Keyword Succeeds' timeouts). */
function repeatCount(times: unknown, requirePostfix: boolean): number {
  let text = str(times).toLowerCase().replace(/[\s_]/g, '');
  if (text.endsWith('times')) text = text.slice(0, -5);
  else if (text.endsWith('x')) text = text.slice(0, -1);
  else if (requirePostfix) throw new NoPostfix();
  return toInteger(text);
}

/** Repeat Keyword's time: Robot's time format, but a plain number is a count, not seconds. */
function repeatTimeout(text: unknown): number | undefined {
  const s = str(text).trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  try {
    return parseTimeString(s);
  } catch {
    return undefined;
  }
}

/** Robot's "ValueError: Invalid time string '...'." for a bad time. */
function timeString(text: string): number {
  try {
    return parseTimeString(text);
  } catch (error) {
    throw new RobotError(`ValueError: ${asRobotError(error).message}`);
  }
}

/** A keyword name from a list variable is used as it is, not resolved again. */
function escapeName(name: unknown): unknown {
  return typeof name === 'string' ? name.replace(/[\\$@&%]\{/g, '\\$&').replace(/\\(?![$@&%]\{)/g, '\\\\') : name;
}

/** Run Keyword And Expect Error's patterns: glob by default, or EQUALS:, STARTS:, REGEXP:, GLOB:. */
export function errorMatches(expected: string, message: string): boolean {
  if (expected.startsWith('EQUALS:')) return message === expected.slice(7).trimStart();
  if (expected.startsWith('STARTS:')) return message.startsWith(expected.slice(7).trimStart());
  if (expected.startsWith('REGEXP:')) return pythonFullMatch(expected.slice(7).trimStart()).test(message);
  if (expected.startsWith('GLOB:')) return globToRegex(expected.slice(5).trimStart()).test(message);
  return globToRegex(expected).test(message);
}

const RESOLVE: Record<string, number> = {
  runKeyword: 0, runKeywords: 0, runKeywordIf: 1, runKeywordUnless: 1, runKeywordAndIgnoreError: 0, runKeywordAndReturnStatus: 0,
  runKeywordAndWarnOnFailure: 0, runKeywordAndContinueOnFailure: 0, runKeywordAndExpectError: 1, runKeywordAndReturn: 0,
  runKeywordAndReturnIf: 1, repeatKeyword: 1, waitUntilKeywordSucceeds: 2, runKeywordIfTestFailed: 0, runKeywordIfTestPassed: 0,
  runKeywordIfTimeoutOccurred: 0, runKeywordIfAllTestsPassed: 0, runKeywordIfAnyTestsFailed: 0,
};
for (const [name, resolve] of Object.entries(RESOLVE)) {
  (BuiltInRunKeyword.prototype as unknown as Record<string, { robotResolve?: number }>)[name].robotResolve = resolve;
}

import { runKeywordWithValues } from '../keyword-runner.ts';
import { globToRegex } from '../control-structures.ts';
import { ControlSignal, RobotError, asRobotError } from '../robot-error.ts';
import { parseTimeString, formatTime } from '../time-string.ts';
import { str, truthy } from '../values.ts';
import { evaluate } from '../keyword-runner.ts';
import { BuiltInVariables } from './builtin-variables.ts';
import { pythonRegex } from './builtin-verify.ts';

/** BuiltIn's keywords that run other keywords, and those that end a test early (Fail, Skip, Pass Execution). */
export class BuiltInControl extends BuiltInVariables {
  async runKeyword(name: unknown, ...args: unknown[]): Promise<unknown> {
    return runKeywordWithValues(this._ctx, str(name), args);
  }

  async runKeywords(...keywords: unknown[]): Promise<void> {
    const groups: unknown[][] = [];
    if (keywords.some((k) => k === 'AND')) {
      let current: unknown[] = [];
      for (const k of keywords) {
        if (k === 'AND') {
          groups.push(current);
          current = [];
        } else current.push(k);
      }
      groups.push(current);
    } else groups.push(...keywords.map((k) => [k]));
    const failures: RobotError[] = [];
    for (const [name, ...args] of groups) {
      if (name === undefined) throw new RobotError("Incorrect use of AND.");
      try {
        await runKeywordWithValues(this._ctx, str(name), args);
      } catch (error) {
        if (error instanceof ControlSignal) throw error;
        const failure = asRobotError(error);
        if (!this._ctx.continueOnFailure || failure.skip) throw failure;
        failures.push(failure);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new RobotError(`Several failures occurred:\n\n${failures.map((f, i) => `${i + 1}) ${f.message}`).join('\n\n')}`);
  }

  async runKeywordIf(condition: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    const branches: { condition?: unknown; call: unknown[] }[] = [];
    let current: { condition?: unknown; call: unknown[] } = { condition, call: [name] };
    for (let i = 0; i < args.length; i++) {
      if (args[i] === 'ELSE IF') {
        branches.push(current);
        current = { condition: args[i + 1], call: [] };
        i++;
      } else if (args[i] === 'ELSE') {
        branches.push(current);
        current = { call: [] };
      } else current.call.push(args[i]);
    }
    branches.push(current);
    for (const branch of branches) {
      const ok = branch.condition === undefined ? true : typeof branch.condition === 'string' ? truthy(evaluate(this._ctx, branch.condition)) : truthy(branch.condition);
      if (!ok) continue;
      const [kw, ...rest] = branch.call;
      if (kw === undefined) throw new RobotError('ELSE branch cannot be empty.');
      return runKeywordWithValues(this._ctx, str(kw), rest);
    }
    return null;
  }

  async runKeywordUnless(condition: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    const ok = typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
    return ok ? null : runKeywordWithValues(this._ctx, str(name), args);
  }

  async runKeywordAndIgnoreError(name: unknown, ...args: unknown[]): Promise<unknown[]> {
    try {
      return ['PASS', await runKeywordWithValues(this._ctx, str(name), args)];
    } catch (error) {
      const failure = this._catchable(error);
      return ['FAIL', failure.message];
    }
  }

  async runKeywordAndReturnStatus(name: unknown, ...args: unknown[]): Promise<boolean> {
    try {
      await runKeywordWithValues(this._ctx, str(name), args);
      return true;
    } catch (error) {
      this._catchable(error);
      return false;
    }
  }

  async runKeywordAndWarnOnFailure(name: unknown, ...args: unknown[]): Promise<unknown[]> {
    const result = await this.runKeywordAndIgnoreError(name, ...args);
    if (result[0] === 'FAIL') this._log(`Executing keyword '${str(name)}' failed:\n${str(result[1])}`, 'WARN');
    return result;
  }

  async runKeywordAndContinueOnFailure(name: unknown, ...args: unknown[]): Promise<unknown> {
    try {
      return await runKeywordWithValues(this._ctx, str(name), args);
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
      await runKeywordWithValues(this._ctx, str(name), args);
    } catch (error) {
      message = this._catchable(error).message;
      if (!errorMatches(expected, message)) throw new RobotError(`Expected error '${expected}' but got '${message}'.`);
      return message;
    }
    throw new RobotError(`Expected error '${expected}' did not occur.`);
  }

  async runKeywordAndReturn(name: unknown, ...args: unknown[]): Promise<never> {
    const value = await runKeywordWithValues(this._ctx, str(name), args);
    throw new ControlSignal('return', value);
  }

  async runKeywordAndReturnIf(condition: unknown, name: unknown, ...args: unknown[]): Promise<void> {
    const ok = typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
    if (ok) await this.runKeywordAndReturn(name, ...args);
  }

  returnFromKeyword(...values: unknown[]): never {
    throw new ControlSignal('return', values.length === 0 ? null : values.length === 1 ? values[0] : values);
  }

  returnFromKeywordIf(condition: unknown, ...values: unknown[]): void {
    const ok = typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
    if (ok) this.returnFromKeyword(...values);
  }

  async repeatKeyword(repeat: unknown, name: unknown, ...args: unknown[]): Promise<void> {
    const text = str(repeat).trim();
    const times = /^(\d+)\s*(x|times?)?$/i.exec(text);
    if (times) {
      const n = Number(times[1]);
      for (let i = 1; i <= n; i++) {
        this._log(`Repeating keyword, round ${i}/${n}.`);
        await runKeywordWithValues(this._ctx, str(name), args);
      }
      return;
    }
    const until = Date.now() + parseTimeString(text);
    for (let round = 1; Date.now() < until; round++) {
      this._log(`Repeating keyword, round ${round}, ${formatTime(until - Date.now())} remaining.`);
      await runKeywordWithValues(this._ctx, str(name), args);
    }
  }

  async waitUntilKeywordSucceeds(retry: unknown, retry_interval: unknown, name: unknown, ...args: unknown[]): Promise<unknown> {
    const text = str(retry).trim();
    const count = /^(\d+)\s*(x|times?)$/i.exec(text);
    const interval = parseTimeString(str(retry_interval));
    const deadline = count ? Infinity : Date.now() + parseTimeString(text);
    const maxTries = count ? Number(count[1]) : Infinity;
    if (count && maxTries <= 0) throw new RobotError(`Retry count ${maxTries} is not positive.`);
    for (let attempt = 1; ; attempt++) {
      try {
        return await runKeywordWithValues(this._ctx, str(name), args);
      } catch (error) {
        const failure = this._catchable(error);
        if (failure.skip || this._ctx.timedOut) throw failure;
        const outOfTries = attempt >= maxTries;
        const outOfTime = Date.now() + interval > deadline;
        if (outOfTries || outOfTime) {
          const how = count ? `${maxTries} time${maxTries === 1 ? '' : 's'}` : `for ${formatTime(parseTimeString(text))}`;
          throw new RobotError(`Keyword '${str(name)}' failed after retrying ${how}. The last error was: ${failure.message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    }
  }

  /** Errors Robot's "run and catch" keywords may not swallow: skips, timeouts and BREAK/RETURN signals. */
  private _catchable(error: unknown): RobotError {
    if (error instanceof ControlSignal) throw error;
    const failure = asRobotError(error);
    if (failure.skip || failure.timeout || failure.passExecution) throw failure;
    return failure;
  }

  fail(msg: unknown = undefined, ...tags: unknown[]): never {
    this._changeTags(tags);
    throw new RobotError(msg === undefined || msg === null ? 'AssertionError' : str(msg));
  }

  fatalError(msg: unknown = undefined): never {
    throw new RobotError(msg === undefined ? 'AssertionError' : str(msg));
  }

  skip(msg: unknown = 'Skipped with Skip keyword.'): never {
    throw new RobotError(str(msg), { skip: true });
  }

  skipIf(condition: unknown, msg: unknown = undefined): void {
    const ok = typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
    if (ok) throw new RobotError(msg === undefined ? str(condition) : str(msg), { skip: true });
  }

  passExecution(message: unknown, ...tags: unknown[]): never {
    const text = str(message).trim();
    if (!text) throw new RobotError('Message cannot be empty.');
    this._changeTags(tags);
    this._log(`Execution passed with message:\n${text}`);
    throw new RobotError(text, { passExecution: true });
  }

  passExecutionIf(condition: unknown, message: unknown, ...tags: unknown[]): void {
    const ok = typeof condition === 'string' ? truthy(evaluate(this._ctx, condition)) : truthy(condition);
    if (ok) this.passExecution(message, ...tags);
  }

  setTags(...tags: unknown[]): void {
    const test = this._ctx.test;
    if (!test) throw new RobotError("'Set Tags' cannot be used in suite setup or teardown.");
    for (const tag of tags.map(str)) if (!test.tags.includes(tag)) test.tags.push(tag);
    this._log(`Set tag${tags.length === 1 ? '' : 's'} '${tags.map(str).join("' and '")}'.`);
  }

  removeTags(...tags: unknown[]): void {
    const test = this._ctx.test;
    if (!test) throw new RobotError("'Remove Tags' cannot be used in suite setup or teardown.");
    const patterns = tags.map((t) => globToRegex(str(t).toLowerCase()));
    test.tags = test.tags.filter((t) => !patterns.some((p) => p.test(t.toLowerCase())));
  }

  private _changeTags(tags: unknown[]): void {
    const add = tags.map(str).filter((t) => !t.startsWith('-'));
    const remove = tags.map(str).filter((t) => t.startsWith('-')).map((t) => t.slice(1));
    if (remove.length) this.removeTags(...remove);
    if (add.length) this.setTags(...add);
  }

  setTestMessage(message: unknown, append: unknown = false): void {
    const test = this._ctx.test;
    if (!test) throw new RobotError("'Set Test Message' keyword cannot be used in suite setup or teardown.");
    const text = str(message);
    this._ctx.state.testMessage = append && truthy(append) && this._ctx.state.testMessage ? `${this._ctx.state.testMessage} ${text}` : text;
    this._log(`Set test message to:\n${this._ctx.state.testMessage}`);
  }

  setTestDocumentation(doc: unknown, append: unknown = false): void {
    const test = this._ctx.test;
    if (!test) throw new RobotError("'Set Test Documentation' cannot be used in suite setup or teardown.");
    test.doc = append && truthy(append) && test.doc ? `${test.doc} ${str(doc)}` : str(doc);
  }

  keywordShouldExist(name: unknown, msg: unknown = undefined): void {
    try {
      const found = this._ctx.namespace.find(str(name));
      // A keyword that exists but cannot run (defined twice ...) does not count, as in Robot.
      if (found.kind === 'user' && found.keyword.error) throw new RobotError(found.keyword.error);
    } catch (error) {
      throw new RobotError(msg !== undefined ? str(msg) : (error as Error).message);
    }
  }
}

/** Run Keyword And Expect Error's patterns: glob by default, or EQUALS:, STARTS:, REGEXP:, GLOB:. */
export function errorMatches(expected: string, message: string): boolean {
  if (expected.startsWith('EQUALS:')) return message === expected.slice(7).trimStart();
  if (expected.startsWith('STARTS:')) return message.startsWith(expected.slice(7).trimStart());
  if (expected.startsWith('REGEXP:')) return new RegExp(`^(?:${pythonRegex(expected.slice(7).trimStart()).source})$`, 's').test(message);
  if (expected.startsWith('GLOB:')) return globToRegex(expected.slice(5).trimStart()).test(message);
  return globToRegex(expected).test(message);
}

import { resolveUntil } from '../keyword-runner.ts';
import { ControlSignal, RobotError } from '../robot-error.ts';
import { applyTagChanges, type TagChange } from '../test-tags.ts';
import { repr, str, truthy } from '../values.ts';
import { seq2str } from './collections-support.ts';
import { BuiltInRunKeyword, errorMatches } from './builtin-run-keyword.ts';

/** BuiltIn's keywords that run other keywords, and those that end a test early (Fail, Skip, Pass Execution). */
/** BuiltIn's keywords that end a test early (Fail, Skip, Pass Execution), return from a keyword, leave a loop, and change the test's tags and message. */
export class BuiltInControl extends BuiltInRunKeyword {
  returnFromKeyword(...values: unknown[]): never {
    throw new ControlSignal('return', values.length === 0 ? null : values.length === 1 ? values[0] : values);
  }

  returnFromKeywordIf(condition: unknown, ...values: unknown[]): void {
    if (this._isTrue(condition)) this.returnFromKeyword(...resolveUntil(this._ctx, values, Infinity));
  }

  continueForLoop(): never {
    this._loopControlAllowed('Continue For Loop');
    this._log('Continuing for loop from the next iteration.');
    throw new ControlSignal('continue');
  }

  continueForLoopIf(condition: unknown): void {
    if (this._isTrue(condition)) this.continueForLoop();
  }

  exitForLoop(): never {
    this._loopControlAllowed('Exit For Loop');
    this._log('Exiting for loop altogether.');
    throw new ControlSignal('break');
  }

  exitForLoopIf(condition: unknown): void {
    if (this._isTrue(condition)) this.exitForLoop();
  }

  private _loopControlAllowed(keyword: string): void {
    if (!this._ctx.inLoop) throw new RobotError(`'${keyword}' can only be used inside a loop.`);
  }

  fail(msg: unknown = undefined, ...tags: unknown[]): never {
    this._changeTags(tags);
    // Python's str(AssertionError(msg)): bytes show as b'...'; an empty message shows the error's name, as Robot reports it.
    const text = msg === undefined || msg === null ? '' : msg instanceof Uint8Array ? repr(msg) : str(msg);
    throw new RobotError(text || 'AssertionError');
  }

  fatalError(msg: unknown = undefined): never {
    throw Object.assign(new RobotError(msg === undefined ? 'AssertionError' : str(msg)), { exit: true });
  }

  skip(msg: unknown = 'Skipped with Skip keyword.'): never {
    throw new RobotError(str(msg), { skip: true });
  }

  skipIf(condition: unknown, msg: unknown = undefined): void {
    const ok = this._isTrue(condition);
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
    if (this._isTrue(condition)) this.passExecution(...(resolveUntil(this._ctx, [message, ...tags], Infinity) as [unknown, ...unknown[]]));
  }

  /** In a test, its tags; in a suite setup, every test of the suite, recursively (Robot's `suite.set_tags(persist=True)`). */
  setTags(...tags: unknown[]): void {
    this._tagChange('Set Tags', { add: tags.map(str), remove: [] });
    this._log(`Set tag${tags.length === 1 ? '' : 's'} ${seq2str(tags)}.`);
  }

  removeTags(...tags: unknown[]): void {
    this._tagChange('Remove Tags', { add: [], remove: tags.map(str) });
    this._log(`Removed tag${tags.length === 1 ? '' : 's'} ${seq2str(tags)}.`);
  }

  private _tagChange(keyword: string, change: TagChange): void {
    const test = this._ctx.test;
    if (test) {
      test.tags = applyTagChanges(test.tags, [change]);
      // A copy: changing ${TEST TAGS} does not change the test's tags.
      this._ctx.variables.setTest('TEST TAGS', [...test.tags]);
    } else if (this._ctx.teardown !== 'suite') {
      (this._ctx.suiteTags ??= []).push(change);
    } else throw new RobotError(`'${keyword}' cannot be used in suite teardown.`);
  }

  private _changeTags(tags: unknown[]): void {
    const add = tags.map(str).filter((t) => !t.startsWith('-'));
    const remove = tags.map(str).filter((t) => t.startsWith('-')).map((t) => t.slice(1));
    if (remove.length) this.removeTags(...remove);
    if (add.length) this.setTags(...add);
  }

  keywordShouldExist(name: unknown, msg: unknown = undefined): void {
    try {
      if (typeof name !== 'string') throw new RobotError('Keyword name must be a string.');
      if (name.trim() === '') throw new RobotError('Keyword name cannot be empty.');
      const found = this._ctx.namespace.find(name);
      // A keyword that exists but cannot run (defined twice ...) does not count, as in Robot.
      if (found.kind === 'user' && found.keyword.error) throw new RobotError(found.keyword.error);
    } catch (error) {
      throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : (error as Error).message);
    }
  }
}

export { errorMatches };

// Robot resolves these values only when the condition is true (run_keyword_variant(resolve=1)).
for (const name of ['returnFromKeywordIf', 'passExecutionIf']) {
  (BuiltInControl.prototype as unknown as Record<string, { robotResolve?: number }>)[name].robotResolve = 1;
}

/**
 * `expect` as Playwright users write it (issue 14.6), over Jest's `expect`
 * package: `expect(value, 'message')`, `expect.soft(...)`,
 * `expect.poll(fn, options)` and `expect(fn).toPass(options)`. Jest's
 * matchers, asymmetric matchers and `expect.extend` are unchanged.
 *
 * @example
 *   expect(status, 'the health check answers').toBe(200);
 *   expect.soft(body.items).toHaveLength(3);          // records, goes on
 *   await expect.poll(() => api.get('jobs/1').then((r) => r.json()), { timeout: 10_000 }).toMatchObject({ state: 'done' });
 *   await expect(async () => expect((await api.get('ready')).status).toBe(200)).toPass({ timeout: 30_000 });
 */
import { expect as base, type Matchers } from 'expect';
import { retryUntil, type RetryOptions } from './expect-retry.ts';
import { currentRunning } from './test-info.ts';

type MessageOrOptions = string | { message?: string };
type JestAssertions<T> = ReturnType<typeof base<T>>;

interface ToPass {
  /** Retries the function until it stops throwing (Playwright's toPass); timeout 0 waits until the test's timeout. */
  toPass(options?: RetryOptions): Promise<void>;
}

export type Assertions<T> = JestAssertions<T> & ToPass;

type Polled<T> = {
  [K in keyof Matchers<void, T>]: Matchers<void, T>[K] extends (...args: infer A) => unknown ? (...args: A) => Promise<void> : never;
};
export type PollAssertions<T> = Polled<T> & { not: Polled<T> };

export interface PollOptions extends RetryOptions {
  /** Shown before the matcher's message when the poll times out. */
  message?: string;
}

export type Expect = {
  <T = unknown>(actual: T, message?: MessageOrOptions): Assertions<T>;
  /** Like expect(), but a failure is recorded on the test and the test goes on; it fails at its end. */
  soft<T = unknown>(actual: T, message?: MessageOrOptions): Assertions<T>;
  /** Calls `fn` until the matcher passes or `timeout` (default 5000 ms) passes. */
  poll<T>(fn: () => T | Promise<T>, options?: PollOptions): PollAssertions<Awaited<T>>;
} & Omit<typeof base, never>;

const POLL_TIMEOUT = 5000;

function messageOf(option: MessageOrOptions | undefined): string | undefined {
  return typeof option === 'string' ? option : option?.message;
}

/** Playwright prints the custom message first, then the matcher's own. */
function withMessage(error: unknown, message: string | undefined): unknown {
  if (!message || !(error instanceof Error)) return error;
  const old = error.message;
  error.message = `${message}\n\n${old}`;
  if (error.stack?.includes(old)) error.stack = error.stack.replace(old, error.message);
  return error;
}

function recordSoft(error: unknown): void {
  const running = currentRunning();
  // Outside a test there is nobody to record on: fail loudly rather than lose it.
  if (!running?.softError) throw error;
  running.softError(error);
}

/** The handler of a failed assertion: throw it, or record it for expect.soft. */
function failure(message: string | undefined, soft: boolean): (error: unknown) => void {
  return (error) => {
    const marked = withMessage(error, message);
    if (soft) recordSoft(marked);
    else throw marked;
  };
}

/** Wraps every matcher (and .not / .resolves / .rejects) so a failure goes through `onFail`, sync or async. */
function wrapMatchers(target: object, onFail: (error: unknown) => void, extra: Record<string, unknown> = {}): object {
  return new Proxy(target, {
    get(object, prop, receiver) {
      if (typeof prop === 'string' && prop in extra) return extra[prop];
      const value = Reflect.get(object, prop, receiver);
      if (prop === 'not' || prop === 'resolves' || prop === 'rejects') return wrapMatchers(value as object, onFail);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as Function).apply(object, args);
          if (result && typeof (result as Promise<unknown>).then === 'function') return (result as Promise<unknown>).then(undefined, onFail);
          return result;
        } catch (error) {
          return onFail(error);
        }
      };
    },
  });
}

function assertions(actual: unknown, option: MessageOrOptions | undefined, soft: boolean): object {
  const onFail = failure(messageOf(option), soft);
  const toPass = (options: RetryOptions = {}) => {
    const callsite = new Error();
    if (typeof actual !== 'function') return Promise.resolve().then(() => onFail(new TypeError('toPass() needs a function: expect(async () => { ... }).toPass()')));
    return retryUntil(async () => void (await actual()), options, 'toPass', callsite).then(undefined, onFail);
  };
  return wrapMatchers(base(actual), onFail, { toPass });
}

function poll(fn: () => unknown, options: PollOptions = {}): object {
  if (typeof fn !== 'function') throw new TypeError('expect.poll() needs a function that returns the value to check: expect.poll(() => value)');
  const make = (negate: boolean): object =>
    new Proxy({}, {
      get(_, prop) {
        if (prop === 'not') return make(!negate);
        // Not a thenable: `await expect.poll(fn)` without a matcher must not hang.
        if (typeof prop !== 'string' || prop === 'then') return undefined;
        return (...args: unknown[]) => {
          const callsite = new Error();
          const check = async () => {
            const matchers = base(await fn()) as unknown as Record<string, unknown>;
            const target = (negate ? matchers.not : matchers) as Record<string, Function>;
            if (typeof target[prop] !== 'function') throw new TypeError(`expect.poll(): there is no matcher "${prop}"`);
            await target[prop](...args);
          };
          return retryUntil(check, { timeout: options.timeout ?? POLL_TIMEOUT, intervals: options.intervals }, 'expect.poll', callsite).then(undefined, failure(options.message, false));
        };
      },
    });
  return make(false);
}

const call = (actual: unknown, message?: MessageOrOptions) => assertions(actual, message, false);
const own: Record<string, unknown> = {
  soft: (actual: unknown, message?: MessageOrOptions) => assertions(actual, message, true),
  poll,
};

export const expect = new Proxy(call, {
  get: (_, prop) => (typeof prop === 'string' && prop in own ? own[prop] : Reflect.get(base, prop)),
  // `expect.extend(...)`, `expect.any(...)`: everything else is Jest's own.
  has: (_, prop) => prop in own || prop in base,
}) as unknown as Expect;

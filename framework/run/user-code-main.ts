/**
 * The child's side of UserCodeProcess (user-code-process.ts): a process
 * that runs one kind of user code (run fixtures, an environment's hooks, a
 * custom reporter) when the tollgate process calls it. process.exit
 * throws; it, an uncaught exception and a late rejection are sent back as
 * stray errors, whenever they happen.
 */
import type { TestError } from '../model/results.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { ProcessExitError, refuseProcessExit } from './refuse-process-exit.ts';

/** A call (with an id, answered by a result) or a notification (no id; its error is a stray error). */
export interface UserCodeCall {
  type: 'call';
  id?: number;
  method: string;
  params: unknown;
}

export type UserCodeReply =
  | { type: 'result'; id: number; value?: unknown; error?: TestError }
  | { type: 'stray'; error: TestError };

export type UserCodeHandlers = Record<string, (params: never) => unknown>;

/**
 * Serves `handlers` to the tollgate process. `what` names the code in the
 * message of a refused process.exit ("an environment hook"). `rootDir`
 * gives the project's folder, for stack frames relative to it. The process
 * leaves when the tollgate process closes the channel.
 */
export function serveUserCode(what: string, handlers: UserCodeHandlers, rootDir: () => string = () => process.cwd()): void {
  const send = (message: UserCodeReply): Promise<void> =>
    new Promise((resolve) => {
      if (!process.connected) return resolve();
      process.send!(message, undefined, undefined, () => resolve());
    });
  /** A refused exit by its message alone (its stack is tollgate's); anything else with the user's location. */
  const describe = (thrown: unknown): TestError => (thrown instanceof ProcessExitError ? { message: thrown.message } : toTestError(thrown, rootDir()));
  const stray = (thrown: unknown) => void send({ type: 'stray', error: describe(thrown) });

  // A refused exit thrown inside a call is that call's error, said once: it is a stray error only if nothing reported it.
  const reported = new WeakSet<Error>();
  const realExit = refuseProcessExit(what, (error) => setTimeout(() => reported.has(error) || stray(error), 0));
  // Without the tollgate process there is no one to report to.
  process.on('disconnect', () => realExit(0));
  // A terminal's Ctrl-C reaches the whole process group; the tollgate process decides what stops.
  process.on('SIGINT', () => {});
  const onUncaught = (error: unknown) => {
    if (!(error instanceof ProcessExitError)) stray(error);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  process.on('message', async (message: UserCodeCall) => {
    // The host's own calls: 'exit' once it needs the process no more; 'ping' answers once every message before it was
    // handled, the host's way to tell a process stuck in a loop.
    if (message.method === 'exit') return realExit(0);
    const handler = message.method === 'ping' ? () => true : Object.hasOwn(handlers, message.method) ? handlers[message.method]! : undefined;
    try {
      if (!handler) throw new Error(`tollgate: no "${message.method}" in this process`);
      const value = await handler(message.params as never);
      if (message.id !== undefined) await send({ type: 'result', id: message.id, value });
    } catch (error) {
      if (error instanceof ProcessExitError) reported.add(error);
      if (message.id !== undefined) await send({ type: 'result', id: message.id, error: describe(error) });
      else stray(error);
    }
  });
}

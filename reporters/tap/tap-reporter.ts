import { createWriteStream, type WriteStream } from 'node:fs';
import { makeDirectory } from '../shared/output-path.ts';
import { applyEvent, createRunState } from 'tollgate/reporter';
import { dirname, resolve } from 'node:path';
import type { Reporter, ReporterContext } from 'tollgate/reporter';
import { formatErrorPoint, formatTapEnd, formatTestPoint, TAP_HEADER } from './format-tap.ts';

/**
 * TAP 14, written as the run goes: a test point when a test reaches its
 * outcome, then at the end the tests that never did, the errors outside
 * tests, and the plan (a trailing plan, since runners discover tests while
 * running). To ctx.option when given, else to stdout.
 */
export function createTapReporter(ctx: ReporterContext): Reporter {
  const state = createRunState();
  const toFile = ctx.option !== undefined;
  const path = toFile ? resolve(ctx.option!) : undefined;
  let file: WriteStream | undefined;
  let failure: Error | undefined;
  let started = false;
  let count = 0;
  const written = new Set<string>();

  function fail(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    failure ??= new Error(`Cannot write the TAP report to ${path}: ${reason}. Check that the folder is writable, or pick another path with --reporter tap=PATH.`);
  }

  function write(text: string): void {
    if (!toFile) return void ctx.stdout.write(text);
    if (failure) return;
    if (!file) {
      try {
        makeDirectory(dirname(path!));
        file = createWriteStream(path!, 'utf8');
        file.on('error', fail);
      } catch (error) {
        return fail(error);
      }
    }
    file.write(text);
  }

  function begin(): void {
    if (started) return;
    started = true;
    write(TAP_HEADER);
  }

  return {
    printsToStdout: !toFile,
    ...(path ? { outputs: [{ path, kind: 'file' as const }] } : {}),
    onEvent(event) {
      applyEvent(state, event);
      begin();
      if (event.type === 'test.end' && event.outcome) {
        const result = state.tests.get(event.testId);
        if (result && !written.has(event.testId)) {
          written.add(event.testId);
          write(formatTestPoint(++count, result));
        }
      }
    },
    async onEnd() {
      begin();
      for (const [id, result] of state.tests) if (!written.has(id)) write(formatTestPoint(++count, result));
      for (const { source, error, file: where, suite } of state.errors) {
        const place = [suite, where].filter(Boolean).join(' › ');
        write(formatErrorPoint(++count, `${source} error${place ? ` in ${place}` : ''}`, error));
      }
      for (const [suite, error] of state.suiteErrors) write(formatErrorPoint(++count, `suite ${suite} failed`, error));
      write(formatTapEnd(count, state));
      if (file) {
        const stream = file;
        await new Promise<void>((done) => {
          stream.once('error', () => done());
          stream.end(() => done());
        });
      }
      if (failure) throw failure;
    },
  };
}

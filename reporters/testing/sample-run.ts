import { Writable } from 'node:stream';
import { makeTestId } from 'tollgate/reporter';
import type { ReporterContext, ReporterFactory, RunEvent, TestCase, Verdict } from 'tollgate/reporter';

/**
 * A realistic run, as events, for the reporters' tests: one test of each
 * kind of ending, plus an error outside any test, a suite that failed as a
 * whole, output with characters XML forbids, and a FAIL verdict.
 */

const T0 = Date.parse('2026-11-27T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function testCase(suite: string, file: string, titlePath: string[], extra: Partial<TestCase> = {}): TestCase {
  return {
    id: makeTestId(suite, file, titlePath),
    title: titlePath[titlePath.length - 1],
    titlePath,
    suite,
    kind: suite === 'unit' ? 'unit' : 'smoke',
    runner: 'native',
    location: { file, line: 3, column: 1 },
    tags: [],
    timeout: 30_000,
    retries: 1,
    annotations: [],
    expectedStatus: 'passed',
    ...extra,
  };
}

export const TESTS = {
  passed: testCase('smoke', 'suites/smoke/sites.spec.ts', ['sites', 'lists sites']),
  failed: testCase('smoke', 'suites/smoke/sites.spec.ts', ['sites', 'creates a site <&> "quoted"']),
  flaky: testCase('smoke', 'suites/smoke/events.spec.ts', ['streams change events']),
  skipped: testCase('smoke', 'suites/smoke/events.spec.ts', ['replays history'], {
    annotations: [{ type: 'skip', description: 'needs the archive' }],
  }),
  timedOut: testCase('smoke', 'suites/smoke/slices.spec.ts', ['deletes a slice'], { timeout: 2000, retries: 0 }),
  unitPassed: testCase('unit', 'suites/unit/ids.spec.ts', ['makes ids']),
};

/** A test the tap runner discovers while it runs (announced with test.add). */
export const DISCOVERED = testCase('unit', 'suites/unit/quota.test.ts', ['quota', 'rejects over-quota'], { runner: 'tap', retries: 0 });

export const FAILED_ERROR = {
  message: 'expect(received).toBe(expected) // Object.is equality\n\nExpected: 201\nReceived: 500',
  stack: 'Error: expect(received).toBe(expected) // Object.is equality\n    at suites/smoke/sites.spec.ts:14:27',
  diff: 'Expected: 201\nReceived: 500',
  location: { file: 'suites/smoke/sites.spec.ts', line: 14, column: 27 },
  snippet: '  13 |     const res = await api.post("/sites", body);\n> 14 |     expect(res.status).toBe(201);\n     |                        ^\n  15 |   });',
};

export const VERDICT: Verdict = {
  status: 'FAIL',
  gate: 'merge',
  runId: 'run-1',
  subject: 'abc123',
  environment: 'local',
  counts: { planned: 7, passed: 3, failed: 2, flaky: 1, skipped: 1, interrupted: 0, missing: 0 },
  rules: [
    { rule: 'tests-ran', outcome: 'pass', measured: 7, limit: '>= 1', message: '7 tests ran' },
    { rule: 'no-failures', outcome: 'fail', measured: 2, limit: '0', message: '2 tests failed', tests: [TESTS.failed.id, TESTS.timedOut.id] },
    { rule: 'flaky', outcome: 'warn', measured: 1, limit: '0 (warn)', message: '1 test was flaky', tests: [TESTS.flaky.id] },
  ],
  exitCode: 1,
  startTime: at(0),
  endTime: at(5000),
};

export function sampleRunEvents(): RunEvent[] {
  const { passed, failed, flaky, skipped, timedOut, unitPassed } = TESTS;
  const end = (testId: string, attempt: number, ms: number, status: 'passed' | 'failed' | 'timedOut' | 'skipped', extra: Partial<Extract<RunEvent, { type: 'test.end' }>> = {}): RunEvent => ({
    type: 'test.end', time: at(ms), testId, attempt, status, duration: 0, errors: [], annotations: [], ...extra,
  });
  const begin = (testId: string, attempt: number, ms: number, workerIndex = 0): RunEvent => ({ type: 'test.begin', time: at(ms), testId, attempt, workerIndex });
  return [
    {
      type: 'run.begin', time: at(0), runId: 'run-1', gate: 'merge', environment: 'local', subject: 'abc123',
      rootDir: '/project', configFile: '/project/tollgate.config.ts', configHash: 'h', host: 'ci-1', tollgateVersion: '0.1.0',
      workers: 2, tests: [passed, failed, flaky, skipped, timedOut, unitPassed], suites: [{ name: 'unit', kind: 'unit', runner: 'tap' }], shard: null,
    },
    { type: 'suite.begin', time: at(1), suite: 'smoke' },
    begin(passed.id, 0, 10),
    { type: 'log', time: at(11), stream: 'stdout', text: 'GET /sites 200\n', testId: passed.id, attempt: 0 },
    end(passed.id, 0, 22, 'passed', { duration: 12, outcome: 'passed' }),

    begin(failed.id, 0, 30, 1),
    { type: 'log', time: at(35), stream: 'stdout', text: 'first try\n', testId: failed.id, attempt: 0 },
    end(failed.id, 0, 45, 'failed', { duration: 15, errors: [{ ...FAILED_ERROR, message: 'first attempt: status 503' }] }),
    begin(failed.id, 1, 50, 1),
    { type: 'step.begin', time: at(51), testId: failed.id, attempt: 1, stepId: 's1', title: 'create the site', category: 'test.step' },
    { type: 'step.begin', time: at(52), testId: failed.id, attempt: 1, stepId: 's2', parentStepId: 's1', title: 'expect.toBe', category: 'expect', location: FAILED_ERROR.location },
    { type: 'step.end', time: at(60), testId: failed.id, attempt: 1, stepId: 's2', duration: 8, error: FAILED_ERROR },
    { type: 'step.end', time: at(61), testId: failed.id, attempt: 1, stepId: 's1', duration: 10, error: FAILED_ERROR },
    { type: 'log', time: at(62), stream: 'stderr', text: 'warn: \u001b[33mslow\u001b[39m response\u0000\n', testId: failed.id, attempt: 1 },
    { type: 'attachment', time: at(63), testId: failed.id, attempt: 1, attachment: { name: 'response', contentType: 'application/json', path: 'artifacts/ab12.json' } },
    end(failed.id, 1, 64, 'failed', { duration: 14, errors: [FAILED_ERROR], outcome: 'failed' }),

    begin(flaky.id, 0, 70),
    end(flaky.id, 0, 80, 'failed', { duration: 10, errors: [{ message: 'socket hang up', stack: 'Error: socket hang up\n    at connResetException (node:_http_client:1)' }] }),
    begin(flaky.id, 1, 81),
    end(flaky.id, 1, 90, 'passed', { duration: 9, outcome: 'flaky' }),

    begin(skipped.id, 0, 91),
    end(skipped.id, 0, 91, 'skipped', { outcome: 'skipped' }),

    begin(timedOut.id, 0, 100, 1),
    { type: 'log', time: at(200), stream: 'stdout', text: 'waiting for delete\n', testId: timedOut.id, attempt: 0 },
    end(timedOut.id, 0, 2100, 'timedOut', { duration: 2000, errors: [{ message: 'Test timed out after 2000ms.' }], outcome: 'failed' }),
    { type: 'error', time: at(2200), source: 'load', file: 'suites/smoke/broken.spec.ts', suite: 'smoke', error: { message: 'SyntaxError: Unexpected token (3:7)', location: { file: 'suites/smoke/broken.spec.ts', line: 3, column: 7 } } },
    { type: 'suite.end', time: at(2300), suite: 'smoke' },

    { type: 'suite.begin', time: at(2400), suite: 'unit' },
    begin(unitPassed.id, 0, 2410),
    end(unitPassed.id, 0, 2413, 'passed', { duration: 3, outcome: 'passed' }),
    { type: 'test.add', time: at(2500), test: DISCOVERED },
    begin(DISCOVERED.id, 0, 2501),
    end(DISCOVERED.id, 0, 2502, 'passed', { duration: 1, outcome: 'passed' }),
    { type: 'suite.end', time: at(2600), suite: 'unit', error: { message: 'tap exited with code 1 after its plan (1..2): 1 test never ran' } },

    { type: 'verdict', time: at(4999), verdict: VERDICT },
    { type: 'run.end', time: at(5000), status: 'completed', duration: 5000 },
  ];
}

/** A ReporterContext whose stdout is captured in memory. */
export function captureContext(overrides: Partial<ReporterContext> = {}): { ctx: ReporterContext; output: () => string } {
  const chunks: string[] = [];
  // Synchronous on purpose: a stream.Writable may buffer writes across ticks.
  const stdout = new Writable();
  stdout.write = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const ctx: ReporterContext = { option: undefined, runDir: '/tmp/run', rootDir: '/project', stdout, isTTY: false, replay: false, ...overrides };
  return { ctx, output: () => chunks.join('') };
}

/** Feeds events through a reporter the way the bus does: onEvent for each, then onEnd. */
export async function replayInto(factory: ReporterFactory, events: readonly RunEvent[], overrides: Partial<ReporterContext> = {}): Promise<string> {
  const { ctx, output } = captureContext(overrides);
  const reporter = factory(ctx);
  for (const event of events) reporter.onEvent?.(structuredClone(event));
  await reporter.onEnd?.();
  return output();
}

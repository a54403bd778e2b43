import assert from 'node:assert/strict';
import { buildRunState } from 'tollgate/reporter';
import { describe, test } from 'node:test';
import type { RunEvent, TestResult } from 'tollgate/reporter';
import { formatDuration } from '../shared/test-facts.ts';
import { captureContext, replayInto, sampleRunEvents, TESTS, VERDICT } from '../testing/sample-run.ts';
import consoleReporter from './index.ts';
import { colorsEnabled, createColors } from './colors.ts';
import { createConsoleReporter } from './console-reporter.ts';
import { formatEndReport } from './format-end-report.ts';
import { formatFailure } from './format-failure.ts';
import { estimateEta, formatClock, formatLiveLine } from './format-live-line.ts';
import { formatSummary, formatVerdict } from './format-summary.ts';
import { formatTestLine } from './format-test-line.ts';

const ANSI = /\u001b\[/;

function resultOf(id: string): TestResult {
  const result = buildRunState(sampleRunEvents()).tests.get(id);
  assert.ok(result, `no result for ${id}`);
  return result;
}

describe('formatTestLine', () => {
  const cases: [keyof typeof TESTS, string][] = [
    ['passed', '  ✓ smoke › suites/smoke/sites.spec.ts › sites › lists sites (12ms)'],
    ['failed', '  ✘ smoke › suites/smoke/sites.spec.ts › sites › creates a site <&> "quoted" (14ms)'],
    ['flaky', '  ~ flaky smoke › suites/smoke/events.spec.ts › streams change events (9ms) passed on attempt 2'],
    ['skipped', '  - skipped smoke › suites/smoke/events.spec.ts › replays history (needs the archive)'],
    ['timedOut', '  ✘ smoke › suites/smoke/slices.spec.ts › deletes a slice timed out (2.0s)'],
  ];
  for (const [name, expected] of cases) {
    test(name, () => assert.equal(formatTestLine(resultOf(TESTS[name].id)), expected));
  }

  test('colours the mark when colours are on', () => {
    const line = formatTestLine(resultOf(TESTS.failed.id), createColors(true));
    assert.match(line, /\u001b\[31m✘\u001b\[39m/);
  });
});

describe('formatFailure', () => {
  test('shows the failing step, error, location, snippet, output and attachments', () => {
    const block = formatFailure(resultOf(TESTS.failed.id), 1, { runDir: '/runs/r1' });
    const expectedInOrder = [
      '  1) smoke › suites/smoke/sites.spec.ts › sites › creates a site <&> "quoted"',
      'Failed on all 2 attempts',
      'Step: create the site › expect.toBe',
      'expect(received).toBe(expected) // Object.is equality',
      'Expected: 201',
      'Received: 500',
      'at suites/smoke/sites.spec.ts:14:27',
      '> 14 |     expect(res.status).toBe(201);',
      'stderr:',
      'warn: ',
      'attachments: /runs/r1/artifacts/ab12.json',
    ];
    let from = 0;
    for (const piece of expectedInOrder) {
      const at = block.indexOf(piece, from);
      assert.ok(at >= 0, `missing (or out of order): ${piece}\n---\n${block}`);
      from = at + piece.length;
    }
    // The diff is already in the message: it is printed once.
    assert.equal(block.split('Received: 500').length - 1, 1);
    // Output of the first attempt is not the last attempt's output.
    assert.ok(!block.includes('first try'));
  });

  test('prints a diff the message does not already hold', () => {
    const events = sampleRunEvents().map((e): RunEvent =>
      e.type === 'test.end' && e.testId === TESTS.failed.id && e.attempt === 1
        ? { ...e, errors: [{ message: 'values differ', diff: '- Expected\n+ Received\n-  1\n+  2' }] }
        : e,
    );
    const result = buildRunState(events).tests.get(TESTS.failed.id)!;
    const block = formatFailure(result, 3);
    assert.match(block, /values differ\n\n {5}- Expected\n {5}\+ Received/);
  });

  test('says a test timed out even when its runner gave no error', () => {
    const events = sampleRunEvents().map((e): RunEvent => (e.type === 'test.end' && e.testId === TESTS.timedOut.id ? { ...e, errors: [] } : e));
    const block = formatFailure(buildRunState(events).tests.get(TESTS.timedOut.id)!, 2);
    assert.match(block, /Test timed out after 2000ms\./);
    assert.match(block, /stdout:\n {7}waiting for delete/);
  });

  test('shows stack frames when there is no snippet', () => {
    const result = resultOf(TESTS.flaky.id);
    const first = { ...result, attempts: result.attempts.slice(0, 1) };
    assert.match(formatFailure(first, 1), /socket hang up\n\n {5}at connResetException \(node:_http_client:1\)/);
  });

  test('keeps only the tail of long output', () => {
    const result = resultOf(TESTS.passed.id);
    const last = result.attempts[0];
    const many = { ...result, attempts: [{ ...last, stdout: Array.from({ length: 50 }, (_, i) => `line ${i}\n`) }] };
    const block = formatFailure(many, 1, { outputLines: 5 });
    assert.match(block, /stdout \(last 5 of 50 lines\):/);
    assert.ok(block.includes('line 49') && block.includes('line 45') && !block.includes('line 44'));
  });
});

describe('summary and verdict', () => {
  test('summary counts every outcome and the duration', () => {
    assert.equal(formatSummary(buildRunState(sampleRunEvents())), '  3 passed · 2 failed · 1 flaky · 1 skipped  (7 tests in 5.0s)');
  });

  test('verdict lists each rule that did not pass with measured value and limit', () => {
    const text = formatVerdict(VERDICT);
    assert.match(text, /^ {2}Verdict: FAIL \(gate merge, exit code 1\)/);
    assert.match(text, /✘ no-failures: 2 tests failed\n {6}measured 2, limit 0\n/);
    assert.match(text, /! flaky: 1 test was flaky\n {6}measured 1, limit 0 \(warn\)\n/);
    assert.ok(text.includes(TESTS.timedOut.id));
    assert.ok(!text.includes('tests-ran'), 'passing rules are not listed');
  });

  test('end report: failures, errors outside tests, flaky, summary, verdict in that order', () => {
    const report = formatEndReport(buildRunState(sampleRunEvents()));
    const order = ['Failures (2):', '1) smoke', '2) smoke', 'Errors outside tests (2):', 'load error in smoke › suites/smoke/broken.spec.ts', 'SyntaxError: Unexpected token (3:7)', 'suite unit failed', 'tap exited with code 1', 'Flaky:', '3 passed', 'Verdict: FAIL'];
    let from = 0;
    for (const piece of order) {
      const at = report.indexOf(piece, from);
      assert.ok(at >= 0, `missing (or out of order): ${piece}\n---\n${report}`);
      from = at;
    }
  });

  test('an interrupted run says how many tests did not run', () => {
    const events = sampleRunEvents().filter((e) => !(e.type === 'test.begin' || e.type === 'test.end') || e.testId !== TESTS.unitPassed.id);
    events[events.length - 1] = { type: 'run.end', time: '2026-11-27T10:00:05.000Z', status: 'interrupted', duration: 5000 };
    const report = formatEndReport(buildRunState(events));
    assert.match(report, /The run was interrupted; 1 test did not run\./);
    assert.match(report, /1 did not run/);
  });
});

describe('live line', () => {
  test('estimates the time left from the rate so far', () => {
    assert.equal(estimateEta(10, 40, 5000), 15000);
    assert.equal(estimateEta(0, 40, 5000), undefined);
    assert.equal(estimateEta(40, 40, 5000), undefined);
  });

  test('shows counts, elapsed time and ETA', () => {
    const line = formatLiveLine({ passed: 8, failed: 1, flaky: 1, skipped: 0, running: 2, planned: 40, elapsedMs: 5000 });
    assert.equal(line, '10/40 · 8 passed · 1 failed · 1 flaky · 2 running · 0:05 · ETA 0:15');
  });

  test('never wider than the terminal', () => {
    const line = formatLiveLine({ passed: 8, failed: 1, flaky: 1, skipped: 3, running: 2, planned: 40, elapsedMs: 5000 }, createColors(true), 30);
    assert.ok(line.length < 30, line);
    assert.ok(!ANSI.test(line));
  });

  test('clock format', () => {
    assert.deepEqual([formatClock(7000), formatClock(750_000), formatClock(3_723_000)], ['0:07', '12:30', '1:02:03']);
    assert.deepEqual([formatDuration(12), formatDuration(1500), formatDuration(123_000)], ['12ms', '1.5s', '2m 03s']);
  });
});

describe('colours', () => {
  const cases: [boolean, NodeJS.ProcessEnv, boolean][] = [
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ];
  for (const [isTTY, env, expected] of cases) {
    test(`isTTY=${isTTY} ${JSON.stringify(env)} → ${expected}`, () => assert.equal(colorsEnabled(isTTY, env), expected));
  }
});

describe('console reporter', () => {
  test('the default export is a reporter factory that prints to stdout', () => {
    assert.equal(consoleReporter(captureContext().ctx).printsToStdout, true);
  });

  test('off a terminal: a line per finished test and per retry, no colour, then the end report', async () => {
    const out = await replayInto((ctx) => createConsoleReporter(ctx, { env: {} }), sampleRunEvents(), { isTTY: false });
    assert.ok(!ANSI.test(out), 'no escape codes off a terminal, not even those the tests printed');
    const lines = out.split('\n');
    assert.equal(lines[0], 'Running 6 tests with 2 workers and 1 suite of other runners (gate merge, environment local)');
    assert.equal(lines.filter((l) => l.startsWith('  ✓ ')).length, 3);
    assert.equal(lines.filter((l) => l.startsWith('  ↻ retrying ')).length, 2);
    assert.ok(lines.includes('  ✘ load error in smoke › suites/smoke/broken.spec.ts: SyntaxError: Unexpected token (3:7)'));
    assert.match(out, /Failures \(2\):[\s\S]*Verdict: FAIL/);
  });

  test('on a terminal: a live line redrawn in place, failures printed above it, cleared at the end', async () => {
    let clock = 1_000_000;
    const { ctx, output } = captureContext({ isTTY: true });
    const reporter = createConsoleReporter(ctx, { now: () => clock, env: {} });
    const events = sampleRunEvents();
    for (const event of events) {
      if (event.type === 'run.end') {
        clock += 4000;
        await new Promise((r) => setTimeout(r, 150)); // let the redraw timer tick
      }
      reporter.onEvent?.(event);
    }
    await reporter.onEnd?.();
    const out = output();
    assert.ok(out.includes('\r\u001b[2K'), 'the live line is redrawn in place');
    const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
    assert.match(plain, /0\/6 · 0 passed · 0 failed · 0:00/, 'first draw at run.begin');
    assert.match(plain, /7\/7 · 3 passed · 2 failed · 1 flaky · 1 skipped · 0:04/, 'redrawn by the timer with the final counts');
    assert.ok(!plain.includes('✓ smoke › suites/smoke/sites.spec.ts › sites › lists sites'), 'passing tests stay in the live line');
    assert.ok(plain.includes('✘ smoke › suites/smoke/sites.spec.ts › sites › creates a site'), 'failures are printed as they happen');
    assert.ok(ANSI.test(out.replace(/\r\u001b\[2K/g, '')), 'colours on a terminal');
    // After the end report nothing is redrawn.
    const endAt = plain.lastIndexOf('Verdict: FAIL');
    assert.ok(endAt > plain.lastIndexOf('0:04'));
  });
});

describe('soak windows (issue 6)', () => {
  /** One window of drivers/soak's metric events, inserted before the soak's test ends. */
  const windowEvents = (window: number, p99: number, errorRate: number, memory: number, timeLeft: number): RunEvent[] =>
    ([['soak.requests', 100], ['soak.error_rate', errorRate], ['soak.latency.p50', p99 / 2], ['soak.latency.p99', p99], ['soak.probe_failures', 0], ['soak.sut.memory', memory], ['soak.time_left', timeLeft]] as const).map(([name, value]) => ({
      type: 'metric', time: '2026-11-27T10:00:00.000Z', name, value, unit: 'x', tags: { soak: 'pod-reads', window: String(window) }, testId: TESTS.passed.id, attempt: 0,
    }));
  const withWindows = (): RunEvent[] => {
    const events = sampleRunEvents();
    const at = events.findIndex((e) => e.type === 'test.end' && e.testId === TESTS.passed.id);
    events.splice(at, 0, ...windowEvents(0, 1500, 0, 50 * 1024 * 1024, 20_000), ...windowEvents(1, 2500, 0.0123, 52.5 * 1024 * 1024, 10_000));
    return events;
  };

  test('off a terminal: one line per window with p99, error rate, SUT memory and time left', async () => {
    const out = await replayInto((ctx) => createConsoleReporter(ctx, { env: {} }), withWindows(), { isTTY: false });
    const lines = out.split('\n').filter((l) => l.includes('◷'));
    assert.deepEqual(lines, [
      '  ◷ soak pod-reads window 1 · p99 1.5 ms · errors 0.00% · SUT 50.0 MB · 0:20 left',
      '  ◷ soak pod-reads window 2 · p99 2.5 ms · errors 1.23% · SUT 52.5 MB · 0:10 left',
    ]);
  });

  test('without soak metrics the output is unchanged', async () => {
    const plain = await replayInto((ctx) => createConsoleReporter(ctx, { env: {} }), sampleRunEvents(), { isTTY: false });
    const soaked = await replayInto((ctx) => createConsoleReporter(ctx, { env: {} }), withWindows(), { isTTY: false });
    // The window lines, and the table of what the soak measured (issue 16), are all it adds.
    const withoutTable = soaked.replace(/\n {2}█ TOTAL RESULTS\n[\s\S]*?\n\n(?= {2}\d+ passed)/, '\n');
    assert.equal(withoutTable.split('\n').filter((l) => !l.includes('◷')).join('\n'), plain);
  });

  test('on a terminal: the live line counts the time left down and shows the window', async () => {
    let clock = 1_000_000;
    const { ctx, output } = captureContext({ isTTY: true });
    Object.assign(ctx.stdout, { columns: 200 });
    const reporter = createConsoleReporter(ctx, { now: () => clock, env: {}, redrawMs: 10 });
    const events = withWindows();
    const end = events.findIndex((e) => e.type === 'test.end' && e.testId === TESTS.passed.id);
    for (const event of events.slice(0, end)) reporter.onEvent?.(event);
    clock += 3000;
    // The live line is redrawn by a timer: wait for it (a loaded machine may be slow to tick).
    const plainOutput = () => output().replace(/\u001b\[[0-9;]*m/g, '');
    for (let i = 0; i < 200 && !plainOutput().includes('0:07 left'); i++) await new Promise((r) => setTimeout(r, 10));
    const plain = plainOutput();
    assert.ok(!plain.includes('◷'), 'no window lines on a terminal');
    assert.match(plain, /0\/6 · 0:03 · soak pod-reads 0:07 left · p99 2\.5 ms · errors 1\.23% · SUT 52\.5 MB/);
    const line = plain.split('\r\u001b[2K').findLast((l) => l.includes('soak pod-reads'))!;
    assert.ok(line.length < 80, `fits an 80-column terminal: ${line}`);
    for (const event of events.slice(end)) reporter.onEvent?.(event);
    await reporter.onEnd?.();
  });
});

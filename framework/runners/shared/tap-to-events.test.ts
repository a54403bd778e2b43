import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedSuite } from '../../model/config.ts';
import type { RunEvent } from '../../model/events.ts';
import { eventsOfType, finalResults } from './runner-test-context.ts';
import { SuiteEmitter } from './suite-emitter.ts';
import type { TapToEventsOptions } from './tap-to-events.ts';
import { TapToEvents } from './tap-to-events.ts';

const suite: ResolvedSuite = { name: 's', kind: 'unit', runner: 'tap', tags: ['fast'], timeout: 0, retries: 0, files: [], ignore: [] };

/** Feeds TAP line by line (as a stream would arrive) and returns what came out. */
function convert(tap: string, options: Partial<TapToEventsOptions> & { interrupted?: boolean; chunk?: number } = {}) {
  const events: RunEvent[] = [];
  const emitter = new SuiteEmitter({ suite, runner: 'tap', emit: (e) => events.push(e), now: () => 1_000_000 });
  const converter = new TapToEvents({ emitter, rootDir: '/root', layout: 'single', file: 'f.js', ...options });
  const size = options.chunk ?? 7;
  for (let i = 0; i < tap.length; i += size) converter.write(tap.slice(i, i + size));
  const summary = converter.end({ interrupted: options.interrupted });
  return { events, summary, results: finalResults(events) };
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('TapToEvents', () => {
  it('makes each top-level test point a test, with SKIP/TODO as skipped', () => {
    const { results, summary } = convert(lines('TAP version 14', '1..4', 'ok 1 - one', 'not ok 2 - two', 'ok 3 - three # SKIP no db', 'not ok 4 - four # TODO later'));
    assert.deepEqual([...results].map(([k, v]) => [k, v.status, v.outcome]), [
      ['one', 'passed', 'passed'],
      ['two', 'failed', 'failed'],
      ['three', 'skipped', 'skipped'],
      ['four', 'skipped', 'skipped'],
    ]);
    assert.equal(summary.tests, 4);
    assert.equal(summary.failed, 1);
    assert.deepEqual(summary.problems, []);
  });

  it('reads found/wanted, at and stack from the YAML block', () => {
    const { results } = convert(lines(
      'TAP version 14',
      'not ok 1 - should be equal',
      '  ---',
      '  found: |-',
      '    line a',
      '    line b',
      '  wanted: |-',
      '    line a',
      '    line c',
      '  at:',
      '    file: test/x.js',
      '    line: 12',
      '    column: 3',
      '  stack: |',
      '    Test.<anonymous> (test/x.js:12:3)',
      '  duration_ms: 4.5',
      '  ...',
      '1..1',
    ));
    const test = results.get('should be equal');
    assert.equal(test?.duration, 4.5);
    const [error] = test.errors;
    assert.equal(error.message, 'should be equal');
    assert.equal(error.diff, '--- expected\n+++ actual\n line a\n-line c\n+line b');
    assert.deepEqual(error.location, { file: 'test/x.js', line: 12, column: 3 });
    assert.equal(error.stack, 'Test.<anonymous> (test/x.js:12:3)');
  });

  it('makes leaf subtests tests and their failing assertions expect steps; groups only when they assert', () => {
    const { results, events } = convert(lines(
      'TAP version 14',
      '# Subtest: group',
      '    ok 1 - own check',
      '    # Subtest: leaf',
      '        ok 1 - a',
      '        not ok 2 - b',
      '        not ok 3 - c',
      '        1..3',
      '    not ok 2 - leaf # time=12.5ms',
      '    # Subtest: quiet',
      '        # Subtest: deep',
      '            ok 1 - fine',
      '            1..1',
      '        ok 1 - deep # time=1ms',
      '        1..1',
      '    ok 3 - quiet',
      '    1..3',
      'not ok 1 - group # time=20ms',
      '1..1',
    ));
    assert.deepEqual([...results].map(([k, v]) => [k, v.outcome, v.duration]), [
      ['group > leaf', 'failed', 12.5],
      ['group > quiet > deep', 'passed', 1],
      ['group', 'passed', 20],
    ]);
    const leafId = results.get('group > leaf')!.testId;
    const steps = eventsOfType(events, 'step.begin').filter((s) => s.testId === leafId);
    assert.deepEqual(steps.map((s) => [s.title, s.category]), [['b', 'expect'], ['c', 'expect']]);
    assert.deepEqual(results.get('group > leaf')!.errors.map((e) => e.message), ['b', 'c']);
    const added = eventsOfType(events, 'test.add').map((e) => e.test);
    assert.deepEqual(added[0].tags, ['fast']);
    assert.equal(added[0].id, 's › f.js › group › leaf');
  });

  it('reads node:test TAP, where "# Subtest:" announces a test point that is a test', () => {
    const { results } = convert(lines(
      'TAP version 13',
      '# Subtest: adds',
      'ok 1 - adds',
      '  ---',
      '  duration_ms: 1.5',
      '  ...',
      '# Subtest: suite',
      '    # Subtest: inner',
      '    ok 1 - inner',
      '      ---',
      '      duration_ms: 0.5',
      '      ...',
      '    # Subtest: slow',
      '    not ok 2 - slow',
      '      ---',
      '      duration_ms: 50',
      "      failureType: 'testTimeoutFailure'",
      "      error: 'test timed out after 50ms'",
      '      ...',
      '    1..2',
      'not ok 2 - suite',
      '  ---',
      "  type: 'suite'",
      '  ...',
      '1..2',
    ));
    assert.deepEqual([...results].map(([k, v]) => [k, v.status, v.duration]), [
      ['adds', 'passed', 1.5],
      ['suite > inner', 'passed', 0.5],
      ['suite > slow', 'timedOut', 50],
    ]);
    assert.equal(results.get('suite > slow')!.errors[0].message, 'test timed out after 50ms');
  });

  it('keeps output from inside a subtest with that subtest, and comments as logs', () => {
    const { events, results } = convert(lines(
      'TAP version 14',
      'top-level noise',
      '# Subtest: talks',
      '    hello from inside',
      '    ok 1 - fine',
      '    1..1',
      'ok 1 - talks',
      '# a comment',
      '1..1',
    ));
    const id = results.get('talks')!.testId;
    const logs = eventsOfType(events, 'log').map((l) => [l.text, l.testId]);
    assert.deepEqual(logs, [['top-level noise\n', undefined], ['hello from inside\n', id], ['a comment\n', undefined]]);
  });

  it('tells same-named siblings apart', () => {
    const { results } = convert(lines('ok 1 - should be equal', 'ok 2 - should be equal', '1..2'));
    assert.deepEqual([...results.keys()], ['should be equal', 'should be equal (2)']);
  });

  it('fails a subtest the stream ended inside of, and counts a broken plan as a problem', () => {
    const { results, summary } = convert(lines('TAP version 14', '1..3', '# Subtest: cut', '    ok 1 - a'));
    assert.equal(results.get('cut')?.outcome, 'failed');
    assert.match(results.get('cut')!.errors[0].message, /subtest "cut" did not finish/);
    assert.deepEqual(summary.problems, []);
    const plan = convert(lines('TAP version 14', '1..3', 'ok 1 - a'));
    assert.deepEqual(plan.summary.problems, ['f.js broke its TAP plan after 1 test, none of which failed (planned 3 tests but reported 1)']);
  });

  it('fails a killed leaf once, not again through the groups around it', () => {
    const { results } = convert(lines('TAP version 14', '# Subtest: outer', '    # Subtest: inner', '        ok 1 - a', '        not ok 2 - b'));
    assert.deepEqual([...results].map(([k, v]) => [k, v.outcome, v.errors.map((e) => e.message)]), [
      ['outer > inner', 'failed', ['b', 'subtest "outer > inner" did not finish: the stream ended inside it; the process running it may have crashed or been killed (no plan)']],
    ]);
  });

  it('marks open subtests interrupted when the producer was stopped', () => {
    const { results, summary } = convert(lines('TAP version 14', '# Subtest: running', '    ok 1 - a'), { interrupted: true });
    assert.equal(results.get('running')?.status, 'interrupted');
    assert.equal(results.get('running')?.outcome, 'interrupted');
    assert.deepEqual(summary.problems, []);
  });

  it('records a bail out', () => {
    const { summary, results } = convert(lines('TAP version 14', '1..3', 'ok 1 - a', 'Bail out! no database'));
    assert.equal(summary.bailout, 'no database');
    assert.equal(results.get('a')?.outcome, 'passed');
  });

  describe("layout 'files' (tap's runner)", () => {
    const file = (name: string, body: string[], closing: string, diag: string[] = []) => [
      `# Subtest: ${name}`,
      ...body.map((l) => `    ${l}`),
      closing,
      ...(diag.length ? ['  ---', ...diag.map((l) => `  ${l}`), '  ...'] : []),
    ];

    it('uses each top-level subtest as a file, relative to rootDir', () => {
      const { results, events, summary } = convert(lines(
        'TAP version 14',
        '1..1',
        ...file('test/a.tap.js', ['# Subtest: works', '    ok 1 - yes', '    1..1', 'ok 1 - works # time=2ms', '1..1'], 'ok 1 - test/a.tap.js # time=30ms'),
      ), { layout: 'files' });
      assert.equal(results.get('works')?.outcome, 'passed');
      assert.equal(eventsOfType(events, 'test.add')[0].test.id, 's › test/a.tap.js › works');
      assert.deepEqual(summary.files, [{ file: 'test/a.tap.js', tests: 1, failed: 0, exitCode: null, signal: null }]);
      assert.deepEqual(summary.problems, []);
    });

    it('gives a file that failed with no failing test a problem', () => {
      const { summary } = convert(lines(
        'TAP version 14',
        '1..2',
        ...file('test/crash.tap.js', ['1..0 # no tests found'], 'not ok 1 - test/crash.tap.js', ['exitCode: 1', 'signal: null']),
        ...file('test/killed.tap.js', ['ok 1 - first', '1..1'], 'not ok 2 - test/killed.tap.js', ['exitCode: null', 'signal: SIGSEGV']),
      ), { layout: 'files' });
      assert.deepEqual(summary.files.map((f) => [f.file, f.exitCode, f.signal, f.problem]), [
        ['test/crash.tap.js', 1, null, 'test/crash.tap.js exited with code 1 before reporting any test'],
        ['test/killed.tap.js', null, 'SIGSEGV', 'test/killed.tap.js was killed by SIGSEGV after 1 test, none of which failed'],
      ]);
      assert.deepEqual(summary.problems, summary.files.map((f) => f.problem));
    });

    it('adds no problem when a failing test explains the exit code', () => {
      const { summary } = convert(lines(
        'TAP version 14',
        '1..1',
        ...file('test/f.tap.js', ['not ok 1 - nope', '1..1'], 'not ok 1 - test/f.tap.js', ['exitCode: 1', 'signal: null']),
      ), { layout: 'files' });
      assert.equal(summary.files[0].problem, undefined);
      assert.deepEqual(summary.problems, []);
      assert.equal(summary.failed, 1);
    });
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Parser, type FinalResults, type Result } from 'tap-parser';
import type { RunEvent } from 'tollgate/reporter';
import { fullTitle } from '../shared/test-facts.ts';
import { FAILED_ERROR, replayInto, sampleRunEvents, TESTS } from '../testing/sample-run.ts';
import tapReporter from './index.ts';
import { toYaml, type YamlValue } from './yaml.ts';

interface Parsed {
  final: FinalResults;
  asserts: Result[];
  version: number | undefined;
  comments: string[];
  parseErrors: unknown[];
}

function parseTap(text: string): Promise<Parsed> {
  return new Promise((done) => {
    const parser = new Parser({ strict: true });
    const asserts: Result[] = [];
    const comments: string[] = [];
    const parseErrors: unknown[] = [];
    let version: number | undefined;
    parser.on('version', (v: number) => (version = v));
    parser.on('assert', (r: Result) => asserts.push(r));
    parser.on('comment', (c: string) => comments.push(c));
    parser.on('extra', (line: string) => parseErrors.push(line));
    parser.on('complete', (final: FinalResults) => done({ final, asserts, version, comments, parseErrors }));
    parser.end(text);
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-tap-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tap reporter', () => {
  test('a TAP 14 stream that tap-parser reads with the right counts', async () => {
    const out = await replayInto(tapReporter, sampleRunEvents());
    assert.ok(out.startsWith('TAP version 14\n'));
    const { final, asserts, version, comments, parseErrors } = await parseTap(out);
    assert.equal(version, 14);
    assert.deepEqual(parseErrors, [], 'every line is TAP');
    assert.equal(final.plan.end, 9);
    // 7 tests + the file that failed to load + the suite that failed
    assert.deepEqual([final.count, final.pass, final.fail, final.skip, final.ok, final.bailout], [9, 5, 4, 1, false, false]);
    assert.deepEqual(
      asserts.map((a) => [a.id, a.ok, a.name]),
      [
        [1, true, fullTitle(TESTS.passed)],
        [2, false, fullTitle(TESTS.failed)],
        [3, true, fullTitle(TESTS.flaky)],
        [4, true, fullTitle(TESTS.skipped)],
        [5, false, fullTitle(TESTS.timedOut)],
        [6, true, fullTitle(TESTS.unitPassed)],
        [7, true, 'unit › suites/unit/quota.test.ts › quota › rejects over-quota'],
        [8, false, 'load error in smoke › suites/smoke/broken.spec.ts'],
        [9, false, 'suite unit failed'],
      ],
    );
    assert.ok(comments.some((c) => c.startsWith('# verdict FAIL (gate merge), exit code 1')));
    assert.ok(comments.some((c) => c.startsWith('# flaky: passed on attempt 2')));
  });

  test('failure diagnostics survive the YAML round trip', async () => {
    const { asserts } = await parseTap(await replayInto(tapReporter, sampleRunEvents()));
    const diag = asserts[1].diag as Record<string, unknown>;
    assert.equal(diag.message, FAILED_ERROR.message);
    assert.equal(diag.source, FAILED_ERROR.snippet);
    assert.equal(diag.stack, 'at suites/smoke/sites.spec.ts:14:27', 'frames only: the message is not repeated');
    assert.deepEqual(diag.at, FAILED_ERROR.location);
    assert.equal(diag.step, 'create the site › expect.toBe');
    assert.equal(diag.attempts, 2);
    assert.equal(diag.stderr, 'warn: slow response\u0000', 'colour codes dropped');
    const timedOut = asserts[4].diag as Record<string, unknown>;
    assert.equal(timedOut.status, 'timedOut');
    assert.match(String(timedOut.message), /timed out/i);
    assert.equal((asserts[2].diag as Record<string, unknown>).outcome, 'flaky');
    assert.equal(asserts[3].skip, 'needs the archive');
  });

  test('"#" and "\\" in titles are escaped, not read as a directive', async () => {
    const events = sampleRunEvents().map((e): RunEvent =>
      e.type === 'run.begin' ? { ...e, tests: e.tests.map((t) => (t.id === TESTS.passed.id ? { ...t, titlePath: ['a # SKIP b', 'c\\d\ne'] } : t)) } : e,
    );
    const { asserts, final } = await parseTap(await replayInto(tapReporter, events));
    assert.equal(asserts[0].skip, false);
    assert.equal(asserts[0].name, 'smoke › suites/smoke/sites.spec.ts › a # SKIP b › c\\d e');
    assert.equal(final.skip, 1);
  });

  test('an interrupted run: the unfinished test fails, unstarted ones are skipped, and it bails out', async () => {
    const events = sampleRunEvents().filter((e) => {
      if (e.type === 'test.end' && e.testId === TESTS.unitPassed.id) return false;
      if ((e.type === 'test.begin' || e.type === 'test.end' || e.type === 'log') && e.testId === TESTS.passed.id) return false;
      return e.type !== 'run.end' && e.type !== 'verdict';
    });
    events.push({ type: 'run.end', time: '2026-11-27T10:00:05.000Z', status: 'interrupted', duration: 5000 });
    const { asserts, final } = await parseTap(await replayInto(tapReporter, events));
    assert.equal(final.bailout, 'The run was interrupted.');
    assert.equal(final.ok, false);
    const byName = new Map(asserts.map((a) => [a.name, a]));
    assert.match(String(byName.get(fullTitle(TESTS.passed))?.skip), /not run/);
    assert.equal(byName.get(fullTitle(TESTS.unitPassed))?.ok, false);
  });

  test('a run without tests is a valid empty plan', async () => {
    const { final } = await parseTap(await replayInto(tapReporter, [sampleRunEvents()[0]].map((e) => (e.type === 'run.begin' ? { ...e, tests: [], suites: [] } : e))));
    assert.deepEqual([final.count, final.plan.end, final.plan.skipAll], [0, 0, true]);
  });

  test('with a path it writes the file and keeps stdout free', async () => {
    const path = join(dir, 'nested', 'run.tap');
    const out = await replayInto(tapReporter, sampleRunEvents(), { option: path });
    assert.equal(out, '');
    const { final } = await parseTap(await readFile(path, 'utf8'));
    assert.equal(final.count, 9);
    assert.equal(tapReporter({ option: path, runDir: dir, rootDir: dir, stdout: process.stdout, isTTY: false, replay: false }).printsToStdout, false);
    assert.equal(tapReporter({ option: undefined, runDir: dir, rootDir: dir, stdout: process.stdout, isTTY: false, replay: false }).printsToStdout, true);
  });
});

describe('toYaml', () => {
  const tricky: Record<string, YamlValue> = {
    plain: 'socket hang up',
    reserved: 'true',
    number: '42',
    colon: 'a: b',
    hash: 'x # y',
    leading: '  indented\nnext',
    trailing: 'ends\n',
    trailing2: 'ends\n\n',
    blankInside: 'a\n\n\nb',
    control: 'bell\u0007\nnext',
    unicode: 'ünïcødé › 😀',
    empty: '',
    quote: '"quoted" \'single\'',
    nested: { list: ['x', { y: 'z\nw' }], n: 3, ok: true, none: null },
    emptyList: [],
  };

  test('tap-parser reads back exactly what was written', async () => {
    const tap = ['TAP version 14', 'ok 1 - yaml', '  ---', ...toYaml(tricky).map((l) => `  ${l}`), '  ...', '1..1', ''].join('\n');
    const { asserts, parseErrors } = await parseTap(tap);
    assert.deepEqual(parseErrors, []);
    assert.deepEqual(asserts[0].diag, tricky);
  });
});

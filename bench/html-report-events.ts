import fs from 'node:fs';
import path from 'node:path';
import { makeTestId } from '../framework/index.ts';
import type { RunEvent, TestCase, TestOutcome, Verdict } from '../framework/index.ts';
import { makePng } from '../reporters/html/testing/make-png.ts';

/**
 * A run directory with `count` results, written as a real run would write
 * it (events.ndjson, artifacts/, verdict.json), for the HTML report
 * benchmark. The mix is a nightly run's: mostly passes, 1% failures with
 * an error, a diff, a source snippet and a step, 0.5% flaky tests with a
 * retry, 2% skipped, screenshots on the first failures, stdout on some
 * tests, and three metric series.
 */
export interface GeneratedRun {
  runDir: string;
  counts: Record<TestOutcome, number>;
  bytes: number;
}

const SUITES = [
  { name: 'unit', kind: 'unit' },
  { name: 'smoke', kind: 'smoke' },
  { name: 'integration', kind: 'integration' },
  { name: 'soak', kind: 'soak' },
] as const;

export function generateRun(runDir: string, count: number, screenshots = 20): GeneratedRun {
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(runDir, 'artifacts'), { recursive: true });
  const t0 = Date.parse('2026-11-27T02:00:00.000Z');
  let clock = 0;
  const at = () => new Date(t0 + clock).toISOString();
  const tests: TestCase[] = [];
  for (let i = 0; i < count; i++) {
    const suite = SUITES[i % SUITES.length];
    const file = `suites/${suite.name}/area-${Math.floor(i / 400) % 50}/feature-${Math.floor(i / 40) % 10}.spec.ts`;
    const titlePath = [`group ${Math.floor(i / 10) % 4}`, `case ${i} checks the ${['api', 'portal', 'events', 'quota'][i % 4]} path`];
    tests.push({
      id: makeTestId(suite.name, file, titlePath),
      title: titlePath[1],
      titlePath,
      suite: suite.name,
      kind: suite.kind,
      runner: 'native',
      location: { file, line: 10 + (i % 200), column: 3 },
      tags: i % 3 === 0 ? ['api'] : i % 3 === 1 ? ['portal', 'slow'] : [],
      timeout: 30_000,
      retries: 1,
      annotations: [],
      expectedStatus: 'passed',
    });
  }

  const out = fs.openSync(path.join(runDir, 'events.ndjson'), 'w');
  const buffer: string[] = [];
  const emit = (e: RunEvent) => {
    buffer.push(JSON.stringify(e));
    if (buffer.length >= 2000) fs.writeSync(out, buffer.splice(0).join('\n') + '\n');
  };
  emit({
    type: 'run.begin', time: at(), runId: 'nightly-100k', gate: 'nightly', environment: 'qa-pod', subject: 'sha256:5e1f…c0de',
    rootDir: '/project', configFile: '/project/tollgate.config.ts', configHash: 'bench', host: 'bench', tollgateVersion: '0.1.0', workers: 2, tests, suites: [], shard: null,
  });

  const png = makePng(320, 200);
  const shotPath = 'artifacts/' + 'a'.repeat(64) + '.png';
  fs.writeFileSync(path.join(runDir, shotPath), png);
  const counts: Record<TestOutcome, number> = { passed: 0, failed: 0, flaky: 0, skipped: 0, interrupted: 0 };
  let shots = 0;
  const failedIds: string[] = [];
  const flakyIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = tests[i].id;
    const kind = i % 200 === 7 || i % 200 === 93 ? 'failed' : i % 200 === 150 ? 'flaky' : i % 50 === 11 ? 'skipped' : 'passed';
    const error = { message: `expect(received).toBe(expected)\n\nExpected: 201\nReceived: 500`, diff: 'Expected: 201\nReceived: 500', location: tests[i].location, snippet: `  ${tests[i].location.line} |   const res = await api.post('/sites');\n> ${tests[i].location.line + 1} |   expect(res.status).toBe(201);`, stack: `Error: expect(received).toBe(expected)\n    at ${tests[i].location.file}:${tests[i].location.line + 1}:22` };
    const attempts = kind === 'failed' || kind === 'flaky' ? 2 : 1;
    for (let a = 0; a < attempts; a++) {
      clock += 3;
      emit({ type: 'test.begin', time: at(), testId: id, attempt: a, workerIndex: i % 2 });
      const fails = kind === 'failed' || (kind === 'flaky' && a === 0);
      if (fails) {
        emit({ type: 'step.begin', time: at(), testId: id, attempt: a, stepId: `s${i}-${a}`, title: 'create the site', category: 'test.step' });
        emit({ type: 'step.end', time: at(), testId: id, attempt: a, stepId: `s${i}-${a}`, duration: 2, error });
        if (shots < screenshots && a === attempts - 1) {
          shots++;
          emit({ type: 'attachment', time: at(), testId: id, attempt: a, attachment: { name: 'screenshot', contentType: 'image/png', path: shotPath } });
        }
      }
      if (i % 100 === 5) emit({ type: 'log', time: at(), stream: 'stdout', text: `GET /sites/${i} 200\n`, testId: id, attempt: a });
      const status = kind === 'skipped' ? 'skipped' : fails ? 'failed' : 'passed';
      const last = a === attempts - 1;
      emit({ type: 'test.end', time: at(), testId: id, attempt: a, status, duration: 2 + (i % 37), errors: fails ? [error] : [], annotations: [], ...(last ? { outcome: kind } : {}) });
    }
    counts[kind]++;
    if (kind === 'failed') failedIds.push(id);
    if (kind === 'flaky') flakyIds.push(id);
    if (i % 50 === 0) {
      emit({ type: 'metric', time: at(), name: 'http_req_duration', value: 20 + (i % 13) * 3, unit: 'ms', tags: { route: '/sites' } });
      emit({ type: 'metric', time: at(), name: 'pod_rss', value: 80 + i / 5000, unit: 'MB' });
      emit({ type: 'metric', time: at(), name: 'requests_per_second', value: 900 + (i % 17) * 10 });
    }
  }
  const verdict: Verdict = {
    status: 'FAIL', gate: 'nightly', runId: 'nightly-100k', subject: 'sha256:5e1f…c0de', environment: 'qa-pod',
    counts: { planned: count, ...counts, missing: 0 },
    rules: [
      { rule: 'tests-ran', outcome: 'pass', measured: count, limit: '>= 1', message: `${count} tests ran` },
      { rule: 'no-failures', outcome: 'fail', measured: counts.failed, limit: '0', message: `${counts.failed} tests failed`, tests: failedIds },
      { rule: 'flaky', outcome: 'warn', measured: counts.flaky, limit: '0 (warn)', message: `${counts.flaky} tests were flaky`, tests: flakyIds },
    ],
    exitCode: 1, startTime: new Date(t0).toISOString(), endTime: at(),
  };
  emit({ type: 'verdict', time: at(), verdict });
  emit({ type: 'run.end', time: at(), status: 'completed', duration: clock });
  fs.writeSync(out, buffer.join('\n') + '\n');
  fs.closeSync(out);
  fs.writeFileSync(path.join(runDir, 'verdict.json'), JSON.stringify(verdict, null, 2));
  return { runDir, counts, bytes: fs.statSync(path.join(runDir, 'events.ndjson')).size };
}

import type { RunEvent, TestCase, TestOutcome, Verdict } from 'tollgate';

export interface FakeRun {
  runId: string;
  start: string;
  gate?: string | null;
  environment?: string;
  subject?: string | null;
  /** Test title → outcome; undefined = the test began but never ended. */
  tests: Record<string, TestOutcome | undefined>;
  /** Leave out the verdict and run.end (a killed run). */
  killed?: boolean;
  verdictStatus?: Verdict['status'];
  pid?: number;
}

export function testCase(title: string): TestCase {
  return {
    id: `unit › a.spec.ts › ${title}`,
    title,
    titlePath: [title],
    suite: 'unit',
    kind: 'unit',
    runner: 'native',
    location: { file: 'a.spec.ts', line: 1, column: 1 },
    tags: ['fast'],
    timeout: 1000,
    retries: 0,
    annotations: [],
    expectedStatus: 'passed',
  };
}

/** The events of a small run, as execute-run emits them. */
export function fakeRunEvents(run: FakeRun): RunEvent[] {
  const at = (ms: number) => new Date(Date.parse(run.start) + ms).toISOString();
  const tests = Object.keys(run.tests).map(testCase);
  const events: RunEvent[] = [{
    type: 'run.begin', time: run.start, runId: run.runId, gate: run.gate === undefined ? 'merge' : run.gate, environment: run.environment ?? 'local',
    subject: run.subject ?? null, rootDir: '/project', configFile: null, configHash: 'abc', host: 'ci-1', tollgateVersion: '0.1.0', workers: 1,
    tests, suites: [], shard: null,
  }];
  let ms = 1;
  for (const test of tests) {
    const outcome = run.tests[test.title];
    events.push({ type: 'test.begin', time: at(ms++), testId: test.id, attempt: 0, workerIndex: 0 });
    events.push({ type: 'step.begin', time: at(ms++), testId: test.id, attempt: 0, stepId: 's1', title: 'do it', category: 'test.step' });
    events.push({ type: 'step.end', time: at(ms++), testId: test.id, attempt: 0, stepId: 's1', duration: 1 });
    events.push({ type: 'metric', time: at(ms++), name: 'latency', value: 1.5, unit: 'ms', testId: test.id, attempt: 0 });
    if (outcome === undefined) continue;
    const failed = outcome === 'failed';
    events.push({
      type: 'test.end', time: at(ms++), testId: test.id, attempt: 0, status: failed ? 'failed' : outcome === 'skipped' ? 'skipped' : 'passed', duration: 12,
      errors: failed ? [{ message: `expected 200, received ${500 + ms} at /tmp/x${ms}/a.ts:12` }] : [], annotations: [], outcome,
    });
  }
  if (run.killed) return events;
  const counts = { planned: tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0, interrupted: 0, missing: 0 };
  for (const outcome of Object.values(run.tests)) counts[outcome ?? 'missing']++;
  const status = run.verdictStatus ?? (counts.failed ? 'FAIL' : 'PASS');
  const verdict: Verdict = {
    status, gate: run.gate === undefined ? 'merge' : run.gate, runId: run.runId, subject: run.subject ?? null, environment: run.environment ?? 'local', counts, rules: [],
    exitCode: status === 'PASS' || status === 'WARN' ? 0 : 1, startTime: run.start, endTime: at(ms),
  };
  events.push({ type: 'verdict', time: at(ms++), verdict });
  events.push({ type: 'run.end', time: at(ms), status: 'completed', duration: ms });
  return events;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunState, StepResult } from 'tollgate/reporter';
import { newBody, outputXmlPath, toOutputXml, type BodyResult, type Message, type SuiteResult, type TestResult } from 'tollgate/robot';

/**
 * Builds one Robot output.xml for a whole run: each robot suite's own
 * result tree (saved by runner 'robot' in the run directory, with the full
 * keyword tree), and every other suite's tests made from their events, with
 * their steps as keywords. Several suites go under one top suite.
 */
export function buildRobotXml(state: RunState, runDir: string): string {
  const suites: SuiteResult[] = [];
  const errors: Message[] = [];
  const names = [...new Set([...(state.begin?.suites ?? []).map((s) => s.name), ...[...state.tests.values()].map((t) => t.test.suite)])];
  const robotSuites = new Set((state.begin?.suites ?? []).filter((s) => s.runner === 'robot').map((s) => s.name));
  for (const name of names) {
    const saved = join(outputXmlPath(runDir, name), '..', 'result.json');
    if (robotSuites.has(name) && existsSync(saved)) {
      const data = JSON.parse(readFileSync(saved, 'utf8')) as { result: SuiteResult; errors: Message[] };
      suites.push(data.result);
      errors.push(...data.errors);
      continue;
    }
    const tests = [...state.tests.values()].filter((t) => t.test.suite === name);
    if (tests.length > 0) suites.push(fromEvents(name, tests));
  }
  const root: SuiteResult = suites.length === 1 ? suites[0] : {
    name: 'Tollgate', id: 's1', source: '', doc: '', metadata: [], suites, tests: [], start: state.begin?.time ?? new Date().toISOString(),
    elapsed: (state.duration ?? 0) / 1000, message: '', rpa: false,
    status: suites.some((s) => s.status === 'FAIL') ? 'FAIL' : suites.some((s) => s.status === 'PASS') ? 'PASS' : 'SKIP',
  };
  renumber(root, 's1');
  return toOutputXml(root, { errors, generator: 'tollgate robot-xml reporter' });
}

function renumber(suite: SuiteResult, id: string): void {
  suite.id = id;
  suite.tests.forEach((t, i) => (t.id = `${id}-t${i + 1}`));
  suite.suites.forEach((s, i) => renumber(s, `${id}-s${i + 1}`));
}

type RunTest = RunState['tests'] extends Map<string, infer T> ? T : never;

function fromEvents(name: string, tests: RunTest[]): SuiteResult {
  const results: TestResult[] = tests.map((t) => {
    const last = t.attempts[t.attempts.length - 1];
    const status = !last || last.status === 'running' || last.status === 'interrupted' ? 'NOT RUN' : last.status === 'passed' ? 'PASS' : last.status === 'skipped' ? 'SKIP' : 'FAIL';
    return {
      name: t.test.titlePath.join(' › '), id: '', line: t.test.location.line, doc: '', tags: t.test.tags,
      body: (last?.steps ?? []).map(stepToKeyword), status: status === 'NOT RUN' ? 'FAIL' : status,
      message: status === 'SKIP' ? (last?.annotations.find((a) => a.type === 'skip')?.description ?? '') : (last?.errors.map((e) => e.message).join('\n\n') ?? (status === 'NOT RUN' ? 'The test did not finish.' : '')),
      start: last?.startTime ?? new Date().toISOString(), elapsed: (last?.duration ?? 0) / 1000,
    };
  });
  const statuses = results.map((r) => r.status);
  return {
    name, id: '', source: '', doc: '', metadata: [], suites: [], tests: results, message: '', rpa: false,
    start: results[0]?.start ?? new Date().toISOString(), elapsed: results.reduce((a, r) => a + r.elapsed, 0),
    status: statuses.includes('FAIL') ? 'FAIL' : statuses.includes('PASS') ? 'PASS' : 'SKIP',
  };
}

function stepToKeyword(step: StepResult): BodyResult {
  return newBody('kw', {
    name: step.title, owner: step.category, start: step.startTime, elapsed: step.duration / 1000,
    status: step.error ? 'FAIL' : 'PASS', message: step.error?.message ?? '', body: step.steps.map(stepToKeyword),
  });
}

import { resolve } from 'node:path';
import { testBroken, type AttemptResult, type RunState, type TestError, type TestResult } from 'tollgate/reporter';
import { attemptErrors, errorName, mentionsTimeout, skipReason, stackFrames, testContainer } from '../shared/test-facts.ts';
import { renderXml, type XmlNode } from './xml.ts';

/**
 * JUnit XML in the Surefire dialect that ../shared/specs/junit-10.xsd
 * describes (what Jenkins, GitLab and most CI servers read):
 *
 *   testsuites > testsuite (one per tollgate suite) > testcase
 *
 * - failed: <failure> for the last attempt, <rerunFailure> for each earlier one
 * - flaky: a passing testcase with a <flakyFailure> per failed attempt
 * - skipped, and planned tests that never ran: <skipped message=...>
 * - interrupted, or started but never finished: <error>
 * - broken (a driver could not start or could not measure, issue 13.8): <error type="harness">
 * - an environment that could not be set up: an <error> testcase in the
 *   "tollgate" testsuite, and the planned tests skipped with that reason
 * - errors outside tests (a file that failed to load, a suite that failed as
 *   a whole) become a testcase with an <error>, in their suite or in a
 *   testsuite named "tollgate", so a CI server never shows them green.
 */
export interface JunitOptions {
  /** Attachment paths are relative to the run directory; the report names them absolutely. */
  runDir: string;
}

interface SuiteBucket {
  cases: XmlNode[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

export function buildJunitXml(state: RunState, options: JunitOptions): string {
  const buckets = new Map<string, SuiteBucket>();
  const bucket = (name: string) => {
    let b = buckets.get(name);
    if (!b) buckets.set(name, (b = { cases: [], tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 }));
    return b;
  };
  const notRunReason = state.errors.some((e) => e.source === 'environment')
    ? 'Did not run: the environment could not be set up (see the environment error).'
    : 'Did not run: the run ended before this test started.';
  for (const result of state.tests.values()) {
    const b = bucket(result.test.suite);
    const { node, kind, seconds } = testcase(result, options, notRunReason);
    b.cases.push(node);
    b.tests++;
    b.time += seconds;
    if (kind !== 'passed') b[kind]++;
  }
  // Suites that learn their tests while running still appear when they found none.
  for (const suite of state.begin?.suites ?? []) bucket(suite.name);
  for (const [suite, error] of state.suiteErrors) {
    addLooseError(bucket(suite), `suite ${suite} failed`, suite, error, 'suite');
  }
  for (const { source, error, file, suite } of state.errors) {
    addLooseError(bucket(suite ?? 'tollgate'), `${source} error${file ? ` in ${file}` : ''}`, file ?? suite ?? 'tollgate', error, source);
  }

  const suites: XmlNode[] = [...buckets].map(([name, b]) => ({
    name: 'testsuite',
    attrs: {
      name,
      tests: b.tests,
      failures: b.failures,
      errors: b.errors,
      skipped: b.skipped,
      time: seconds(b.time),
      timestamp: state.begin?.time,
      hostname: state.begin?.host,
    },
    children: [properties(state), ...b.cases].filter((n): n is XmlNode => n !== undefined),
  }));
  const sum = (k: 'tests' | 'failures' | 'errors' | 'time') => [...buckets.values()].reduce((n, b) => n + b[k], 0);
  const root: XmlNode = {
    name: 'testsuites',
    attrs: {
      name: state.begin?.gate ? `tollgate ${state.begin.gate}` : 'tollgate',
      tests: sum('tests'),
      failures: sum('failures'),
      errors: sum('errors'),
      time: seconds(state.duration ?? sum('time')),
    },
    children: suites,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}\n`;
}

type CaseKind = 'passed' | 'failures' | 'errors' | 'skipped';

function testcase(result: TestResult, options: JunitOptions, notRunReason: string): { node: XmlNode; kind: CaseKind; seconds: number } {
  const { test, attempts, outcome } = result;
  const last = attempts[attempts.length - 1];
  const ms = attempts.reduce((n, a) => n + a.duration, 0);
  const children: XmlNode[] = [];
  let kind: CaseKind = 'passed';

  if (testBroken(result) && last) {
    // The harness broke, not the test: an error, which CI shows apart from failures.
    kind = 'errors';
    const errors = attemptErrors(last, test);
    children.push({ name: 'error', attrs: { message: failureMessage(last, errors), type: 'harness' }, text: errorText(errors) });
    for (const earlier of attempts.slice(0, -1)) children.push(rerun('rerunFailure', earlier, result));
  } else if (outcome === 'failed' && last) {
    kind = 'failures';
    const errors = attemptErrors(last, test);
    const message = failureMessage(last, errors);
    children.push({ name: 'failure', attrs: { message, type: failureType(last, errors) }, text: errorText(errors) });
    for (const earlier of attempts.slice(0, -1)) children.push(rerun('rerunFailure', earlier, result));
  } else if (outcome === 'flaky') {
    for (const earlier of attempts.slice(0, -1)) {
      if (earlier.status !== 'passed' && earlier.status !== 'skipped') children.push(rerun('flakyFailure', earlier, result));
    }
  } else if (outcome === 'skipped') {
    kind = 'skipped';
    children.push({ name: 'skipped', attrs: { message: skipReason(result, last) } });
  } else if (outcome === 'interrupted' || (outcome === undefined && last)) {
    kind = 'errors';
    const message = outcome === 'interrupted' ? 'The run was interrupted while this test ran.' : 'The test started but never finished (its worker or the run stopped).';
    children.push({ name: 'error', attrs: { message, type: 'interrupted' } });
  } else if (outcome === undefined) {
    kind = 'skipped';
    children.push({ name: 'skipped', attrs: { message: notRunReason } });
  }
  if (last) children.push(...output(last, options));

  const node: XmlNode = {
    name: 'testcase',
    attrs: { name: test.title, classname: testContainer(test), time: seconds(ms) },
    children,
  };
  return { node, kind, seconds: ms };
}

function rerun(name: 'rerunFailure' | 'flakyFailure', attempt: AttemptResult, result: TestResult): XmlNode {
  const errors = attemptErrors(attempt, result.test);
  return {
    name,
    attrs: { message: failureMessage(attempt, errors), type: failureType(attempt, errors) },
    children: [{ name: 'stackTrace', text: errorText(errors) }, ...output(attempt)],
  };
}

/** The first error's message; for a timeout, one that says so even when the runner's error did not. */
function failureMessage(attempt: AttemptResult, errors: TestError[]): string {
  const message = errors[0]?.message ?? 'Failed.';
  if (attempt.status !== 'timedOut' || mentionsTimeout(message)) return message;
  return `Timed out: ${message}`;
}

function failureType(attempt: AttemptResult, errors: TestError[]): string {
  if (attempt.status === 'timedOut') return 'timeout';
  return (errors[0] && errorName(errors[0])) ?? 'Error';
}

/** The full story of the errors: message, diff, location, snippet, stack. */
function errorText(errors: TestError[]): string {
  return errors
    .map((e) => {
      const parts = [e.message];
      if (e.value !== undefined && !e.message.includes(e.value)) parts.push(`Thrown value: ${e.value}`);
      if (e.diff && !e.message.includes(e.diff.trim())) parts.push(e.diff);
      if (e.location) parts.push(`at ${e.location.file}:${e.location.line}:${e.location.column}`);
      if (e.snippet) parts.push(e.snippet);
      const frames = stackFrames(e);
      if (frames) parts.push(frames);
      return parts.join('\n\n');
    })
    .join('\n\n---\n\n');
}

/**
 * system-out and system-err of an attempt. Attachments are named in
 * system-out with the [[ATTACHMENT|path]] convention Jenkins and GitLab read.
 */
function output(attempt: AttemptResult, options?: JunitOptions): XmlNode[] {
  const nodes: XmlNode[] = [];
  const stdout = attempt.stdout.join('');
  const links = options ? attempt.attachments.filter((a) => a.path).map((a) => `[[ATTACHMENT|${resolve(options.runDir, a.path!)}]]\n`) : [];
  const out = links.length > 0 && stdout !== '' && !stdout.endsWith('\n') ? `${stdout}\n${links.join('')}` : stdout + links.join('');
  if (out) nodes.push({ name: 'system-out', text: out });
  const stderr = attempt.stderr.join('');
  if (stderr) nodes.push({ name: 'system-err', text: stderr });
  return nodes;
}

function addLooseError(b: SuiteBucket, name: string, classname: string, error: TestError, type: string): void {
  b.cases.push({
    name: 'testcase',
    attrs: { name, classname, time: '0' },
    children: [{ name: 'error', attrs: { message: error.message, type }, text: errorText([error]) }],
  });
  b.tests++;
  b.errors++;
}

function properties(state: RunState): XmlNode | undefined {
  const begin = state.begin;
  if (!begin) return undefined;
  const values: [string, string | null][] = [
    ['runId', begin.runId],
    ['gate', begin.gate],
    ['environment', begin.environment],
    ['subject', begin.subject],
    ['shard', begin.shard],
    ['tollgateVersion', begin.tollgateVersion],
    ['configHash', begin.configHash],
    ['verdict', state.verdict?.status ?? null],
  ];
  const children = values.filter((v): v is [string, string] => v[1] !== null).map(([name, value]) => ({ name: 'property', attrs: { name, value } }));
  return { name: 'properties', children };
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

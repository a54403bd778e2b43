import type { Label, StatusDetails } from 'allure-js-commons';
import { Status } from 'allure-js-commons';
import { attemptBroken, type AttemptResult, type RunBeginEvent, type StepResult, type TestCase, type TestError } from 'tollgate/reporter';
import { limitChecks, type MetricCheck } from '../shared/metric-summary.ts';
import { errorName } from '../shared/test-facts.ts';

/**
 * How tollgate's results read in Allure's vocabulary. Allure separates a
 * product defect (failed: an assertion did not hold) from a test that could
 * not do its job (broken: a timeout, a crash, an exception); tollgate's
 * attempt status does not, so the error decides.
 */
export function attemptStatus(attempt: AttemptResult, test: TestCase): Status {
  // test.fail() inside the body turns the expectation around at run time.
  const expectsFailure = test.expectedStatus === 'failed' || attempt.annotations.some((a) => a.type === 'fail');
  // A crossed threshold, soak criterion or baseline is the system missing its limit: a product defect, never "broken" (issue 16).
  if (crossedLimits(attempt, test).length && attempt.status !== 'skipped' && attempt.status !== 'interrupted') return expectsFailure ? Status.PASSED : Status.FAILED;
  // A load generator that fell behind could not judge the system: the harness broke, as the gate's ERROR says.
  if (inconclusiveLimits(attempt, test).length) return Status.BROKEN;
  switch (attempt.status) {
    case 'skipped':
      return Status.SKIPPED;
    case 'passed':
      // test.fail() expects a failure: passing is the defect.
      return expectsFailure ? Status.FAILED : Status.PASSED;
    case 'failed':
      // A driver that could not start or could not measure: the harness broke, the test did not fail (issue 13.8).
      if (attemptBroken(attempt)) return Status.BROKEN;
      if (expectsFailure) return Status.PASSED;
      return attempt.errors.length === 0 || attempt.errors.some(isAssertion) ? Status.FAILED : Status.BROKEN;
    case 'timedOut':
    case 'interrupted':
    case 'running':
      return Status.BROKEN;
  }
}

/** The limits an attempt crossed (measured, not inconclusive, not left unjudged), from its judged annotations. */
export function crossedLimits(attempt: Pick<AttemptResult, 'annotations'>, test: Pick<TestCase, 'id'>): MetricCheck[] {
  return limitChecks(attempt.annotations, test.id).filter((c) => c.status === 'fail');
}

/** Limits the load generator could not judge (it fell behind its schedule): the harness's failure, not the system's. */
export function inconclusiveLimits(attempt: Pick<AttemptResult, 'annotations'>, test: Pick<TestCase, 'id'>): MetricCheck[] {
  return limitChecks(attempt.annotations, test.id).filter((c) => c.status === 'inconclusive');
}

/** `threshold http_req_duration "p(99)<100": measured p(99)=282ms, limit < 100ms` */
export function crossedLimitText(check: MetricCheck): string {
  const rule = check.kind === 'threshold' ? ` "${check.expression}"` : '';
  return `${check.kind} ${check.subject}${rule} crossed: measured ${check.measured}, limit ${check.limit}`;
}

export function stepStatus(step: StepResult): Status {
  if (!step.error) return Status.PASSED;
  return isAssertion(step.error) ? Status.FAILED : Status.BROKEN;
}

/** An assertion (expect, node:assert, a schema check) rather than an exception. */
export function isAssertion(error: TestError): boolean {
  if (error.diff) return true;
  const name = errorName(error);
  if (name) return name === 'AssertionError' || name === 'JestAssertionError';
  return /^expect\(|^Expected\b|toMatchSchema|schema/i.test(error.message);
}

/** Message and trace of the first error, with expected/received when the diff names them. */
export function statusDetails(errors: readonly TestError[], extra: { flaky?: boolean } = {}): StatusDetails & { flaky?: boolean } {
  const details: StatusDetails & { flaky?: boolean } = {};
  const [first, ...rest] = errors;
  if (first) {
    details.message = [first.message, ...rest.map((e) => e.message)].join('\n\n');
    const trace = [first.snippet, first.stack].filter(Boolean).join('\n\n');
    if (trace) details.trace = trace;
    const expected = first.diff?.match(/^Expected:\s?(.*)$/m)?.[1];
    const received = first.diff?.match(/^Received:\s?(.*)$/m)?.[1];
    if (expected !== undefined && received !== undefined) Object.assign(details, { expected, actual: received });
  }
  // Allure reads statusDetails.flaky to mark a test flaky in its report.
  if (extra.flaky) details.flaky = true;
  return details;
}

/**
 * Labels Allure groups and filters by: the suite tree (suite, file,
 * describes), and tollgate's own facts (kind, gate, environment, tags)
 * so that a team's Allure dashboards can split by them.
 */
export function testLabels(test: TestCase, run: RunBeginEvent | undefined, workerIndex: number | undefined): Label[] {
  const labels: Label[] = [
    { name: 'parentSuite', value: test.suite },
    { name: 'suite', value: test.location.file || test.suite },
    { name: 'kind', value: test.kind },
    { name: 'layer', value: test.kind },
    { name: 'framework', value: 'tollgate' },
    { name: 'language', value: 'javascript' },
  ];
  const describes = test.titlePath.slice(0, -1);
  if (describes.length > 0) labels.push({ name: 'subSuite', value: describes.join(' › ') });
  if (test.location.file) labels.push({ name: 'package', value: test.location.file.replace(/\.[cm]?[jt]sx?$/, '').replace(/[\\/]/g, '.') });
  if (run) {
    labels.push({ name: 'gate', value: run.gate ?? 'none' }, { name: 'environment', value: run.environment }, { name: 'host', value: run.host });
    if (run.subject) labels.push({ name: 'subject', value: run.subject });
  }
  if (workerIndex !== undefined) labels.push({ name: 'thread', value: `worker-${workerIndex}` });
  for (const tag of test.tags) labels.push({ name: 'tag', value: tag });
  for (const a of test.annotations) if (a.type === 'fixme' || a.type === 'skip') labels.push({ name: 'tag', value: `@${a.type}` });
  return labels;
}

import fs from 'node:fs';
import path from 'node:path';
import { Stage, Status } from 'allure-js-commons';
import { FileSystemWriter, md5, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { attachmentFile, type Attachment, type AttemptResult, type RunState, type StepResult, type TestResult } from 'tollgate/reporter';
import { stripAnsi } from '../shared/test-facts.ts';
import { attemptStatus, crossedLimits, crossedLimitText, inconclusiveLimits, statusDetails, stepStatus, testLabels } from './allure-mapping.ts';

export interface AllureWriteOptions {
  /** The allure-results folder. */
  resultsDir: string;
  /** Attachment paths in the run are relative to it. */
  runDir: string;
}

export interface AllureWriteSummary {
  results: number;
  attachments: number;
  /** Attachments whose file was gone; named in the result's description instead. */
  missing: string[];
}

/**
 * Writes a run as allure-results through allure-js-commons: one result per
 * attempt. Attempts of a test share its historyId, so Allure shows the last
 * one with the earlier ones as its retries; a test that failed and then
 * passed carries statusDetails.flaky. A planned test that never ran is
 * written as broken, so an incomplete run never looks green in Allure; so
 * is each error outside tests (an environment that could not be set up, a
 * file that did not load), as a result of its own that names it.
 */
export function writeAllureResults(state: RunState, options: AllureWriteOptions): AllureWriteSummary {
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir: options.resultsDir }) });
  const summary: AllureWriteSummary = { results: 0, attachments: 0, missing: [] };
  const begin = state.begin;
  if (begin) {
    runtime.environmentInfo = {
      run: begin.runId,
      gate: begin.gate ?? 'none',
      environment: begin.environment,
      subject: begin.subject ?? '',
      host: begin.host,
      tollgate: begin.tollgateVersion,
    };
    runtime.writeEnvironmentInfo();
  }
  const runStart = begin ? Date.parse(begin.time) : Date.now();
  const environmentError = state.errors.find((e) => e.source === 'environment');
  const notRun = environmentError
    ? `Did not run: the environment could not be set up: ${environmentError.error.message}`
    : 'Planned, but never reached an outcome: the run ended (or was killed) before this test ran.';

  for (const result of state.tests.values()) {
    const attempts: (AttemptResult | undefined)[] = result.attempts.length > 0 ? result.attempts : [undefined];
    attempts.forEach((attempt, index) => {
      writeAttempt(runtime, result, attempt, index === attempts.length - 1, runStart, options, summary, begin, notRun);
      summary.results++;
    });
  }
  for (const error of state.errors) {
    writeRunError(runtime, error, runStart, begin);
    summary.results++;
  }
  return summary;
}

/** An error of the run, not of one test: a broken result Allure counts and shows with its message. */
function writeRunError(runtime: ReporterRuntime, { source, error, file, suite }: RunState['errors'][number], runStart: number, begin: RunState['begin']): void {
  const name = `${source} error${file ? ` in ${file}` : ''}`;
  const id = md5(`tollgate:error:${source}:${file ?? ''}:${suite ?? ''}:${error.message}`);
  const labels = [{ name: 'parentSuite', value: suite ?? 'tollgate' }, { name: 'suite', value: source }, { name: 'framework', value: 'tollgate' }];
  if (begin) labels.push({ name: 'gate', value: begin.gate ?? 'none' }, { name: 'environment', value: begin.environment });
  const uuid = runtime.startTest({
    name,
    fullName: `tollgate:${source}${file ? `:${file}` : ''}`,
    testCaseId: id,
    historyId: id,
    labels,
    start: runStart,
    status: Status.BROKEN,
    statusDetails: statusDetails([error]),
    stage: Stage.FINISHED,
  });
  runtime.stopTest(uuid, { stop: runStart });
  runtime.writeTest(uuid);
}

function writeAttempt(
  runtime: ReporterRuntime,
  result: TestResult,
  attempt: AttemptResult | undefined,
  last: boolean,
  runStart: number,
  options: AllureWriteOptions,
  summary: AllureWriteSummary,
  begin: RunState['begin'],
  notRun: string,
): void {
  const { test } = result;
  const start = attempt ? Date.parse(attempt.startTime) : runStart;
  const id = md5(test.id);
  const status = attempt ? attemptStatus(attempt, test) : Status.BROKEN;
  const details = attempt
    ? statusDetails(attempt.errors, { flaky: last && result.outcome === 'flaky' })
    : { message: notRun };
  const crossed = attempt ? crossedLimits(attempt, test) : [];
  // What the limit was and what the system did, first: the reason the test failed (issue 16).
  const unjudgeable = attempt && !crossed.length ? inconclusiveLimits(attempt, test) : [];
  if (crossed.length) details.message = [crossed.map(crossedLimitText).join('\n'), details.message].filter(Boolean).join('\n\n');
  else if (unjudgeable.length) details.message = [unjudgeable.map((c) => `${c.kind} ${c.subject} inconclusive: ${c.message}`).join('\n'), details.message].filter(Boolean).join('\n\n');
  if (attempt?.status === 'interrupted' && !details.message) details.message = 'The run was interrupted while this test ran.';
  if (attempt?.status === 'timedOut' && !details.message) details.message = test.timeout > 0 ? `Test timed out after ${test.timeout}ms.` : 'Test timed out.';
  const skip = attempt?.annotations.find((a) => a.type === 'skip' || a.type === 'fixme') ?? test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
  if (status === Status.SKIPPED && !details.message && skip?.description) details.message = skip.description;

  const uuid = runtime.startTest({
    name: test.title,
    fullName: test.id,
    testCaseId: id,
    historyId: id,
    titlePath: [test.suite, ...(test.location.file ? [test.location.file] : []), ...test.titlePath.slice(0, -1)],
    labels: testLabels(test, begin, attempt?.workerIndex),
    description: `${test.location.file}:${test.location.line}${attempt && attempt.attempt > 0 ? ` · retry ${attempt.attempt}` : ''}`,
    start,
    status,
    statusDetails: details,
    stage: Stage.FINISHED,
  });
  for (const step of attempt?.steps ?? []) writeStep(runtime, uuid, null, step);
  const missing = (attempt?.attachments ?? []).filter((a) => !writeAttachment(runtime, uuid, a, options, summary));
  if (missing.length > 0) {
    runtime.updateTest(uuid, (r) => {
      r.description = `${r.description ?? ''}\n\nAttachments missing from the run directory: ${missing.map((a) => `${a.name} (${a.path})`).join(', ')}`;
    });
  }
  if (attempt && attempt.stdout.length > 0) runtime.writeAttachment(uuid, null, 'stdout', Buffer.from(stripAnsi(attempt.stdout.join(''))), { contentType: 'text/plain', fileExtension: '.txt' });
  if (attempt && attempt.stderr.length > 0) runtime.writeAttachment(uuid, null, 'stderr', Buffer.from(stripAnsi(attempt.stderr.join(''))), { contentType: 'text/plain', fileExtension: '.txt' });
  runtime.stopTest(uuid, { stop: start + Math.max(0, Math.round(attempt?.duration ?? 0)) });
  runtime.writeTest(uuid);
}

function writeStep(runtime: ReporterRuntime, root: string, parent: string | null, step: StepResult): void {
  const start = Date.parse(step.startTime);
  const uuid = runtime.startStep(root, parent, {
    name: step.title,
    start,
    status: stepStatus(step),
    statusDetails: step.error ? statusDetails([step.error]) : {},
    stage: Stage.FINISHED,
    parameters: step.category === 'test.step' ? [] : [{ name: 'category', value: step.category }],
  });
  if (!uuid) return;
  for (const inner of step.steps) writeStep(runtime, root, uuid, inner);
  runtime.stopStep(uuid, { stop: start + Math.max(0, Math.round(step.duration)) });
}

/** Copies one attachment into the results; false when its file is gone. */
function writeAttachment(runtime: ReporterRuntime, root: string, attachment: Attachment, options: AllureWriteOptions, summary: AllureWriteSummary): boolean {
  const contentType = attachment.contentType || 'application/octet-stream';
  if (attachment.path !== undefined) {
    // A path out of the run directory (a run directory from elsewhere) is never copied into the results.
    const file = attachmentFile(options.runDir, attachment.path);
    if (!file || !fs.existsSync(file)) {
      summary.missing.push(attachment.path);
      return false;
    }
    runtime.writeAttachment(root, null, attachment.name, file, { contentType, fileExtension: path.extname(file) || undefined });
  } else if (attachment.body !== undefined) {
    runtime.writeAttachment(root, null, attachment.name, Buffer.from(attachment.body, 'utf8'), { contentType });
  } else {
    return true;
  }
  summary.attachments++;
  return true;
}

import type { Attachment, AttemptResult, RunState, StepResult, TestResult, Verdict } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';
import { stripAnsi } from '../shared/test-facts.ts';
import {
  OUTCOME_CODES,
  type HtmlAttachment,
  type HtmlAttempt,
  type HtmlGroup,
  type HtmlReportData,
  type HtmlStep,
  type HtmlTestDetail,
  type HtmlTestHistory,
  type HtmlTestRow,
  type HtmlVerdict,
  type TestHistory,
} from './report-data.ts';

export interface BuildOptions {
  /** Turns an attachment into what the page shows (inline image, link, text). */
  resolveAttachment?: (attachment: Attachment) => HtmlAttachment;
  /** Per test id, when an archive knows the test's past. */
  history?: ReadonlyMap<string, TestHistory>;
  /** How many metric series the page draws. */
  metricSeries?: number;
  /** Longest stdout/stderr kept per attempt, in characters (the tail is kept). */
  maxOutput?: number;
}

/** Folds a run's state into the compact data the page embeds. Pure, apart from resolveAttachment. */
export function buildReportData(state: RunState, options: BuildOptions = {}): HtmlReportData {
  const strings = new Interner();
  const groups: HtmlGroup[] = [];
  const groupIndex = new Map<string, number>();
  const tests: HtmlTestRow[] = [];
  const details: Record<number, HtmlTestDetail> = {};
  const history: Record<number, HtmlTestHistory> = {};
  const indexOfId = new Map<string, number>();
  const historyRuns = new Interner();
  const resolve = options.resolveAttachment ?? ((a: Attachment): HtmlAttachment => ({ name: a.name, contentType: a.contentType, text: a.body }));
  const maxOutput = options.maxOutput ?? 32 * 1024;

  for (const result of state.tests.values()) {
    const { test } = result;
    const describes = test.titlePath.slice(0, -1);
    const key = `${test.suite}\u0000${test.location.file}\u0000${describes.join('\u0000')}`;
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groups.length;
      groupIndex.set(key, group);
      groups.push({ suite: strings.add(test.suite), file: strings.add(test.location.file), path: describes.map((d) => strings.add(d)), kind: test.kind });
    }
    const index = tests.length;
    indexOfId.set(test.id, index);
    const duration = result.attempts.reduce((sum, a) => sum + a.duration, 0);
    tests.push([test.title, group, OUTCOME_CODES[result.outcome ?? 'missing'], Math.round(duration), test.tags.map((t) => strings.add(t)), result.attempts.length, test.location.line]);
    if (needsDetail(result)) details[index] = detailOf(result, resolve, maxOutput);
    const past = options.history?.get(test.id);
    if (past) history[index] = historyOf(past, historyRuns);
  }

  return {
    v: 1,
    title: state.begin ? `${state.begin.gate ?? 'run'} ${state.begin.runId}` : 'tollgate run',
    run: state.begin
      ? {
          runId: state.begin.runId,
          gate: state.begin.gate,
          environment: state.begin.environment,
          subject: state.begin.subject,
          host: state.begin.host,
          tollgateVersion: state.begin.tollgateVersion,
          shard: state.begin.shard,
          startTime: state.begin.time,
          endTime: state.endTime ?? null,
          duration: state.duration ?? null,
          status: state.endStatus ?? 'unfinished',
        }
      : null,
    verdict: state.verdict ? verdictOf(state.verdict, indexOfId) : null,
    counts: countOutcomes(state),
    strings: strings.list,
    groups,
    tests,
    details,
    history,
    historyRuns: historyRuns.list.map((key) => (key === '' ? [] : key.split('\n'))),
    errors: state.errors,
    suiteErrors: [...state.suiteErrors].map(([suite, error]) => ({ suite, error })),
    metricSeries: options.metricSeries ?? 0,
  };
}

/**
 * A test that passed on its first try with nothing recorded needs no
 * detail: its row says everything. That keeps a 100,000-test run small.
 */
function needsDetail(result: TestResult): boolean {
  if (result.outcome !== 'passed' || result.attempts.length !== 1 || result.test.annotations.length > 0) return true;
  const a = result.attempts[0];
  return a.steps.length > 0 || a.attachments.length > 0 || a.stdout.length > 0 || a.stderr.length > 0 || a.errors.length > 0 || a.annotations.length > 0;
}

function detailOf(result: TestResult, resolve: (a: Attachment) => HtmlAttachment, maxOutput: number): HtmlTestDetail {
  const detail: HtmlTestDetail = { id: result.test.id, attempts: result.attempts.map((a) => attemptOf(a, resolve, maxOutput)) };
  if (result.test.annotations.length > 0) detail.annotations = result.test.annotations;
  return detail;
}

function attemptOf(a: AttemptResult, resolve: (a: Attachment) => HtmlAttachment, maxOutput: number): HtmlAttempt {
  const out: HtmlAttempt = {
    attempt: a.attempt,
    status: a.status,
    duration: Math.round(a.duration),
    startTime: a.startTime,
    workerIndex: a.workerIndex,
    errors: a.errors,
    steps: a.steps.map(stepOf),
    attachments: a.attachments.map(resolve),
  };
  if (a.stdout.length > 0) out.stdout = tail(stripAnsi(a.stdout.join('')), maxOutput);
  if (a.stderr.length > 0) out.stderr = tail(stripAnsi(a.stderr.join('')), maxOutput);
  if (a.annotations.length > 0) out.annotations = a.annotations;
  return out;
}

function stepOf(s: StepResult): HtmlStep {
  const out: HtmlStep = { title: s.title, category: s.category, duration: Math.round(s.duration) };
  if (s.location) out.location = `${s.location.file}:${s.location.line}`;
  if (s.error) out.error = s.error;
  if (s.steps.length > 0) out.steps = s.steps.map(stepOf);
  return out;
}

function verdictOf(verdict: Verdict, indexOfId: ReadonlyMap<string, number>): HtmlVerdict {
  return {
    status: verdict.status,
    gate: verdict.gate,
    counts: verdict.counts,
    exitCode: verdict.exitCode,
    rules: verdict.rules.map(({ tests, ...rule }) => {
      if (!tests) return rule;
      const known = tests.filter((id) => indexOfId.has(id));
      const other = tests.filter((id) => !indexOfId.has(id));
      return { ...rule, tests: known.map((id) => indexOfId.get(id)!), ...(other.length > 0 ? { otherTests: other } : {}) };
    }),
  };
}

function historyOf(past: TestHistory, runs: Interner): HtmlTestHistory {
  const out: HtmlTestHistory = { o: past.outcomes.map((o) => OUTCOME_CODES[o.outcome] ?? 'm').join(''), r: runs.add(past.outcomes.map((o) => o.runId).join('\n')) };
  if (past.failure) out.c = past.failure;
  if (past.flipRate !== undefined) out.flip = past.flipRate;
  return out;
}

function tail(text: string, max: number): string {
  return text.length > max ? `… (${text.length - max} earlier characters cut)\n${text.slice(-max)}` : text;
}

class Interner {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  add(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.list.length;
      this.list.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

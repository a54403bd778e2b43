import type { ResolvedSuite } from '../../model/config.ts';
import type { SuiteSupervisor } from '../../model/runner.ts';
import type { RunEvent } from '../../model/events.ts';
import type { AttemptStatus, TestError } from '../../model/results.ts';
import { outcomeOf } from '../../model/run-state.ts';
import type { TestCase } from '../../model/test-case.ts';
import { robotFile, robotTestCase } from './list-tests.ts';
import type { BodyResult, Message, TestResult } from './result.ts';
import type { EngineListener } from './run-context.ts';

/**
 * Streams a Robot run into tollgate's events (issue 8, item 5): each test
 * is announced with test.add, then test.begin, a step per keyword and
 * control structure (nested as in Robot's log, so the HTML report shows
 * the keyword tree), its messages as logs, and test.end. Retries reuse the
 * ids; only the last attempt carries the outcome.
 */

export interface RobotEventsOptions {
  suite: ResolvedSuite;
  rootDir: string;
  emit(event: RunEvent): void;
  /** The watcher outside the suite's process, when it runs in one (issue 13). */
  supervisor?: SuiteSupervisor;
}

interface Running {
  testId: string;
  attempt: number;
  started: number;
  steps: Map<BodyResult, string>;
  next: number;
}

const CATEGORY: Record<string, string> = { kw: 'keyword', for: 'control', iter: 'control', if: 'control', branch: 'control', try: 'control', while: 'control', group: 'control', variable: 'control', return: 'control', break: 'control', continue: 'control', error: 'control' };

export class RobotEvents implements EngineListener {
  private readonly tests = new Map<string, { test: TestCase; statuses: AttemptStatus[] }>();
  private running: Running | undefined;
  /** Attempt number for this pass (0 first, then one per rerun of failed tests). */
  attempt = 0;
  /** When true, a failed test still gets another attempt after this pass. */
  moreAttempts = false;

  constructor(private readonly options: RobotEventsOptions) {}

  private now(): string {
    return new Date().toISOString();
  }

  private file(source: string): string {
    return robotFile(this.options.rootDir, source);
  }

  startTest(result: TestResult, suitePath: string[], source: string): void {
    const test = robotTestCase(this.options.suite, this.options.rootDir, source, result.name, result.line, result.tags);
    const id = test.id;
    if (!this.tests.has(id)) {
      void suitePath;
      this.tests.set(id, { test, statuses: [] });
      this.options.emit({ type: 'test.add', time: this.now(), test });
    }
    this.running = { testId: id, attempt: this.attempt, started: performance.now(), steps: new Map(), next: 1 };
    this.options.emit({ type: 'test.begin', time: this.now(), testId: id, attempt: this.attempt, workerIndex: 0 });
  }

  startBody(node: BodyResult, parent: BodyResult | undefined): void {
    const r = this.running;
    if (!r) return;
    const stepId = `${r.attempt}.${r.next++}`;
    r.steps.set(node, stepId);
    const parentStepId = parent ? r.steps.get(parent) : undefined;
    this.options.emit({
      type: 'step.begin', time: this.now(), testId: r.testId, attempt: r.attempt, stepId, title: stepTitle(node),
      category: node.kwType ? (node.kwType === 'SETUP' ? 'hook' : 'hook') : CATEGORY[node.type] ?? 'keyword',
      ...(parentStepId ? { parentStepId } : {}),
    });
  }

  endBody(node: BodyResult): void {
    const r = this.running;
    const stepId = r?.steps.get(node);
    if (!r || !stepId) return;
    this.options.emit({
      type: 'step.end', time: this.now(), testId: r.testId, attempt: r.attempt, stepId, duration: node.elapsed * 1000,
      ...(node.status === 'FAIL' ? { error: { message: node.message } } : {}),
    });
  }

  message(message: Message, node: BodyResult | undefined): void {
    const r = this.running;
    if (!r || !node || message.level === 'TRACE' || message.level === 'DEBUG') return;
    this.options.emit({ type: 'log', time: message.time, stream: message.level === 'WARN' || message.level === 'ERROR' ? 'stderr' : 'stdout', text: `${message.level} ${message.text}\n`, testId: r.testId, attempt: r.attempt });
  }

  startTimeout(ms: number, message: string): () => void {
    return this.options.supervisor?.startTimeout(ms, message) ?? (() => {});
  }

  endTest(result: TestResult, _suitePath: string[], source: string): void {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    // What escaped user code while the test ran (a timer's throw, a late rejection, process.exit) fails it, in output.xml too.
    for (const stray of this.options.supervisor?.takeStrayErrors() ?? []) {
      if (result.status === 'FAIL' && result.message.includes(stray.message)) continue;
      result.message = result.status === 'FAIL' && result.message ? `${result.message}\n\nAlso ${stray.message}` : stray.message;
      result.status = 'FAIL';
    }
    const state = this.tests.get(r.testId)!;
    const status: AttemptStatus = result.status === 'PASS' ? 'passed' : result.status === 'SKIP' ? 'skipped' : 'failed';
    state.statuses.push(status);
    const final = status !== 'failed' || !this.moreAttempts;
    const errors: TestError[] = status === 'failed' ? [{ message: result.message, location: { file: this.file(source), line: result.line, column: 1 } }] : [];
    const annotations = status === 'skipped' ? [{ type: 'skip', description: result.message }] : [];
    this.options.emit({
      type: 'test.end', time: this.now(), testId: r.testId, attempt: r.attempt, status, duration: result.elapsed * 1000, errors, annotations,
      ...(final ? { outcome: outcomeOf(state.statuses, state.test.expectedStatus) } : {}),
    });
  }
}

/** 'Should Be Equal    ${x}    1', '${r} =    Get Thing', 'FOR    ${i}    IN RANGE    3', 'IF    $x > 1'. */
export function stepTitle(node: BodyResult): string {
  const cut = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);
  switch (node.type) {
    case 'kw': {
      const assign = node.assign.length ? `${node.assign.join('    ')} =    ` : '';
      return cut(`${assign}${node.name ?? ''}${node.args.length ? `    ${node.args.join('    ')}` : ''}`);
    }
    case 'for': return cut(`FOR    ${node.assign.join('    ')}    ${node.attrs.flavor}    ${(node.values ?? []).join('    ')}`);
    case 'iter': return cut(node.iterVars?.length ? node.iterVars.map(([n, v]) => `${n} = ${v}`).join('    ') : 'ITERATION');
    case 'while': return cut(`WHILE    ${node.attrs.condition ?? ''}`);
    case 'if': return 'IF/ELSE ROOT';
    case 'branch': return cut(`${node.attrs.type}${node.attrs.condition ? `    ${node.attrs.condition}` : ''}${node.patterns?.length ? `    ${node.patterns.join('    ')}` : ''}`);
    case 'try': return 'TRY/EXCEPT ROOT';
    case 'group': return cut(node.name ? `GROUP    ${node.name}` : 'GROUP');
    case 'variable': return cut(`VAR    ${node.name}    ${(node.values ?? []).join('    ')}`);
    case 'error': return cut(`ERROR    ${(node.values ?? []).join('    ')}`);
    default: return cut(`${node.type.toUpperCase()}${node.values?.length ? `    ${node.values.join('    ')}` : ''}`);
  }
}

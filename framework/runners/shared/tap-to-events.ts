import { Parser } from 'tap-parser';
import type { FinalResults, Result } from 'tap-parser';
import type { AttemptStatus, TestError } from '../../model/results.ts';
import type { Annotation } from '../../model/test-case.ts';
import type { SuiteEmitter, LogRecord, StepRecord, TestRecord } from './suite-emitter.ts';
import { durationOf, errorFromTestPoint, exitOf, isTimeout, locationOf, relativeFile } from './tap-diagnostics.ts';

/**
 * Streams TAP into test events as it arrives. Shared by runner 'tap' (the
 * stream of tap's runner: each top-level subtest is a test file) and runner
 * 'command' (one producer: its top-level test points are the tests).
 *
 * What is a test:
 * 1. Inside a file, every top-level test point is a test (a subtest's closing
 *    point, or a bare assertion such as `t.ok(x)` at top level).
 * 2. A subtest that holds no subtests is a test; titlePath is the chain of
 *    subtest names. Its failing assertions become its errors and 'expect' steps.
 * 3. A subtest that holds subtests is a group. Its own direct assertions, if
 *    any, make one more test named after the group, so a failure is never lost.
 * 4. Test points announced by `# Subtest: name` (node:test's TAP) and points
 *    carrying SKIP/TODO are tests of their own, not assertions of their parent.
 *
 * tap reports each file's exit code and signal on the file's closing point;
 * a file that crashed or broke its plan without any failing test gets a
 * `problem` in the summary (the runner reports it, with the file's stderr, as
 * an error), so a verdict can never pass over it.
 */

export interface TapToEventsOptions {
  emitter: SuiteEmitter;
  rootDir: string;
  /** 'files': tap's runner, top-level subtests are files. 'single': one producer's stream. */
  layout: 'files' | 'single';
  /** layout 'single': the file for ids and locations ('' when there is none). */
  file?: string;
}

export interface TapFileReport {
  file: string;
  tests: number;
  failed: number;
  exitCode: number | null;
  signal: string | null;
  /** Set when the file went wrong in a way no failing test shows. */
  problem?: string;
}

export interface TapSummary {
  files: TapFileReport[];
  tests: number;
  failed: number;
  bailout?: string;
  /** Problems of the stream as a whole, each a sentence for a person. */
  problems: string[];
}

interface Node {
  kind: 'runner' | 'file' | 'subtest';
  name: string;
  titlePath: string[];
  file: string;
  parent?: Node;
  /** Plain assertions directly in this subtest (not tests of their own). */
  assertions: Result[];
  /** Holds subtests or tests of its own, so it is a group and not a test. */
  isGroup: boolean;
  /** Tests reported below this node, and how many failed. */
  tests: number;
  failed: number;
  logs: LogRecord[];
  results?: FinalResults;
  /** The subtest whose closing test point is awaited. */
  openChild?: Node;
  announced?: string;
  sawHeader: boolean;
  closed: boolean;
}

/** Comments that only repeat what the stream says; any other comment is output worth keeping. */
const STRUCTURAL_COMMENT = /^# (Subtest: |time=|\{ total:|No coverage generated|test count\(|(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [\d.]+$)/;

export class TapToEvents {
  private readonly parser: Parser;
  private readonly root: Node;
  private readonly files: TapFileReport[] = [];
  private readonly problems: string[] = [];
  private bailout?: string;
  private interrupted = false;
  private ended = false;

  constructor(private readonly options: TapToEventsOptions) {
    const single = options.layout === 'single';
    this.root = newNode(single ? 'file' : 'runner', '', [], options.file ?? '');
    this.parser = new Parser();
    this.attach(this.parser, this.root);
    this.parser.on('extra', (text: string) => this.output(text, this.openNodeAt(indentDepth(text))));
    this.parser.on('bailout', (reason: string) => {
      this.bailout ??= reason || '(no reason given)';
    });
  }

  write(chunk: string | Buffer): void {
    if (!this.ended) this.parser.write(chunk);
  }

  /** Ends the stream. `interrupted`: the producer was stopped, so unfinished tests are interrupted, not failed. */
  end(options: { interrupted?: boolean } = {}): TapSummary {
    if (!this.ended) {
      this.interrupted = options.interrupted ?? false;
      this.ended = true;
      this.parser.end();
      this.closeOpen(this.root);
      if (this.root.kind === 'file') this.closeFile(this.root, undefined, true);
      else this.checkRunnerPlan();
    }
    const tests = this.files.reduce((n, f) => n + f.tests, 0) || this.root.tests;
    const failed = this.files.reduce((n, f) => n + f.failed, 0) || this.root.failed;
    return { files: this.files, tests, failed, ...(this.bailout !== undefined ? { bailout: this.bailout } : {}), problems: this.problems };
  }

  private attach(parser: Parser, node: Node): void {
    parser.on('comment', (line: string) => this.comment(node, line));
    parser.on('child', (child: Parser) => this.openChild(node, child));
    parser.on('assert', (result: Result) => this.assert(node, result));
    parser.on('complete', (results: FinalResults) => {
      node.results = results;
      // A child that ends without its closing test point (a killed process) is closed now.
      if (node.openChild) this.closeChild(node, undefined);
    });
  }

  private comment(node: Node, line: string): void {
    const text = line.replace(/\n$/, '');
    const subtest = /^# Subtest: (.*)$/.exec(text);
    if (subtest) {
      // A child parser sees its own header first; any later one announces a test point (node:test).
      if (!node.sawHeader && node.kind !== 'runner' && subtest[1] === node.name) node.sawHeader = true;
      else node.announced = subtest[1];
      return;
    }
    // node:test prints console output as comments.
    if (!STRUCTURAL_COMMENT.test(text)) this.output(`${text.replace(/^# ?/, '')}\n`, node, 0);
  }

  private openChild(parent: Node, parser: Parser): void {
    if (parent.openChild) this.closeChild(parent, undefined);
    parent.announced = undefined;
    const kind = parent.kind === 'runner' ? 'file' : 'subtest';
    const file = kind === 'file' ? relativeFile(parser.name, this.options.rootDir) : parent.file;
    const titlePath = kind === 'file' ? [] : [...parent.titlePath, parser.name];
    const child = newNode(kind, parser.name, titlePath, file, parent);
    if (parent.kind === 'subtest') parent.isGroup = true;
    parent.openChild = child;
    this.attach(parser, child);
  }

  private assert(node: Node, result: Result): void {
    if (result.closingTestPoint && node.openChild) {
      this.closeChild(node, result);
      return;
    }
    const announced = node.announced === result.name;
    node.announced = undefined;
    if (node.kind === 'runner') {
      // tap's runner prints its own failures (e.g. an overall timeout) at top level.
      if (!result.ok) this.problems.push(`tap reported "${result.name}"${describeDiag(result)}`);
      return;
    }
    if (node.kind === 'file' || announced || result.skip || result.todo) {
      if (node.kind === 'subtest') node.isGroup = true;
      this.reportPoint(node, result);
      return;
    }
    node.assertions.push(result);
  }

  /** A test point that is a whole test: a top-level assertion, a skipped subtest, a node:test test. */
  private reportPoint(parent: Node, result: Result): void {
    const skipped = Boolean(result.skip || result.todo);
    const status: AttemptStatus = skipped ? 'skipped' : result.ok ? 'passed' : isTimeout(result) ? 'timedOut' : 'failed';
    const location = result.diag ? locationOf(result.diag, this.options.rootDir) : undefined;
    this.report(parent, {
      titlePath: [...parent.titlePath, result.name || `test point ${result.id}`],
      file: parent.file,
      ...(location ? { location } : {}),
      annotations: annotationsOf(result),
      expectedStatus: skipped ? 'skipped' : 'passed',
      attempts: [{
        status,
        duration: durationOf(result),
        errors: status === 'failed' || status === 'timedOut' ? [errorFromTestPoint(result, this.options.rootDir)] : [],
      }],
    });
  }

  private closeChild(parent: Node, closing: Result | undefined): void {
    const child = parent.openChild;
    if (!child) return;
    parent.openChild = undefined;
    this.closeOpen(child);
    if (child.kind === 'file') this.closeFile(child, closing, false);
    else this.closeSubtest(child, closing);
  }

  /** Closes whatever is still open below `node` (the stream ended inside it). */
  private closeOpen(node: Node): void {
    if (node.openChild) this.closeChild(node, undefined);
  }

  private closeSubtest(node: Node, closing: Result | undefined): void {
    node.closed = true;
    const unfinished = closing === undefined;
    const failing = node.assertions.filter((a) => !a.ok && !a.todo);
    const structural = tapErrorsOf(node.results);
    const skipped = Boolean(closing && (closing.skip || closing.todo));
    const closingFailed = Boolean(closing && !closing.ok && !skipped);
    // A problem no failing assertion or test below explains must fail a test of its own.
    const ownProblem = failing.length === 0 && node.failed === 0 && (unfinished || closingFailed || structural.length > 0);
    if (node.isGroup && node.assertions.length === 0 && !ownProblem) {
      for (const log of node.logs) this.options.emitter.log(log.stream, log.text);
      return;
    }
    let status: AttemptStatus;
    if (unfinished) status = this.interrupted ? 'interrupted' : 'failed';
    else if (skipped) status = 'skipped';
    else if (failing.length > 0 || ownProblem || (!node.isGroup && closingFailed)) {
      status = failing.some(isTimeout) || (closing && isTimeout(closing)) ? 'timedOut' : 'failed';
    } else status = 'passed';
    const errors: TestError[] = [];
    const steps: StepRecord[] = [];
    if (status !== 'passed' && status !== 'skipped') {
      for (const assertion of failing) {
        const error = errorFromTestPoint(assertion, this.options.rootDir);
        errors.push(error);
        steps.push({ title: assertion.name || `assertion ${assertion.id}`, category: 'expect', duration: 0, error, ...(error.location ? { location: error.location } : {}) });
      }
      if (errors.length === 0 || unfinished) errors.push(this.subtestProblem(node, closing, structural));
    }
    const location = closing?.diag ? locationOf(closing.diag, this.options.rootDir) : undefined;
    this.report(node.parent!, {
      titlePath: node.titlePath,
      file: node.file,
      ...(location ? { location } : {}),
      annotations: closing ? annotationsOf(closing) : [],
      expectedStatus: skipped ? 'skipped' : 'passed',
      attempts: [{ status, duration: closing ? durationOf(closing) : 0, errors, steps, logs: node.logs }],
    });
  }

  private subtestProblem(node: Node, closing: Result | undefined, structural: string[]): TestError {
    if (!closing) {
      const why = this.interrupted ? 'the run was interrupted' : this.bailout !== undefined ? `the stream bailed out (${this.bailout})` : 'the stream ended inside it; the process running it may have crashed or been killed';
      return { message: `subtest "${node.titlePath.join(' > ')}" did not finish: ${why}${structural.length ? ` (${structural.join('; ')})` : ''}` };
    }
    if (structural.length > 0) return { message: `subtest "${node.titlePath.join(' > ')}" broke its TAP plan: ${structural.join('; ')}` };
    return errorFromTestPoint(closing, this.options.rootDir);
  }

  private closeFile(node: Node, closing: Result | undefined, atEnd: boolean): void {
    node.closed = true;
    const { exitCode, signal } = closing ? exitOf(closing) : { exitCode: null, signal: null };
    const report: TapFileReport = { file: node.file, tests: node.tests, failed: node.failed, exitCode, signal };
    const structural = tapErrorsOf(node.results);
    for (const log of node.logs) this.options.emitter.log(log.stream, log.text);
    const where = node.file || 'the TAP stream';
    const counted = node.tests === 0 ? 'before reporting any test' : `after ${plural(node.tests, 'test')}${node.failed === 0 ? ', none of which failed' : ''}`;
    let problem: string | undefined;
    if (this.interrupted) problem = undefined;
    else if (!closing && !atEnd) problem = `${where} did not finish: the stream ended before its result, ${counted}`;
    else if (signal) problem = `${where} was killed by ${signal}${signal === 'SIGALRM' ? ' (its timeout expired)' : ''} ${counted}`;
    else if (closing && !closing.ok && node.failed === 0) problem = `${where} ${exitCode ? `exited with code ${exitCode}` : 'failed'} ${counted}`;
    else if (structural.length > 0 && node.failed === 0) problem = `${where} broke its TAP plan ${counted}`;
    if (problem) {
      const reasons = [...structural, ...(closing ? namesOfFailures(closing) : [])];
      report.problem = `${problem}${reasons.length ? ` (${reasons.join('; ')})` : ''}`;
      this.problems.push(report.problem);
    }
    this.files.push(report);
  }

  private checkRunnerPlan(): void {
    const structural = tapErrorsOf(this.root.results);
    if (structural.length > 0 && this.bailout === undefined) this.problems.push(`tap's output broke its plan: ${structural.join('; ')}`);
  }

  private report(parent: Node, record: TestRecord): void {
    const status = record.attempts[record.attempts.length - 1].status;
    const failed = status === 'failed' || status === 'timedOut';
    this.options.emitter.report(record);
    for (let n: Node | undefined = parent; n; n = n.parent) {
      n.tests++;
      if (failed) n.failed++;
    }
  }

  /**
   * The open node that printed a line, from its indentation: tap-parser
   * re-indents output from inside subtests by four spaces per level.
   */
  private openNodeAt(depth: number): Node {
    let node = this.root;
    for (let d = 0; d < depth && node.openChild; d++) node = node.openChild;
    return node;
  }

  /** Non-TAP output: kept with the subtest it came from, or logged for the suite. */
  private output(text: string, node: Node, indentLevels = depthOf(node)): void {
    const owner = findSubtest(node);
    const body = dedent(text, indentLevels);
    if (owner) owner.logs.push({ stream: 'stdout', text: body });
    else this.options.emitter.log('stdout', body);
  }
}

function depthOf(node: Node): number {
  let depth = 0;
  for (let n = node.parent; n; n = n.parent) depth++;
  return depth;
}

function indentDepth(text: string): number {
  return Math.floor((/^ */.exec(text)?.[0].length ?? 0) / 4);
}

function newNode(kind: Node['kind'], name: string, titlePath: string[], file: string, parent?: Node): Node {
  return { kind, name, titlePath, file, parent, assertions: [], isGroup: false, tests: 0, failed: 0, logs: [], sawHeader: false, closed: false };
}

function findSubtest(node: Node): Node | undefined {
  for (let n: Node | undefined = node; n; n = n.parent) if (n.kind === 'subtest' && !n.closed) return n;
  return undefined;
}

function annotationsOf(result: Result): Annotation[] {
  if (result.skip) return [{ type: 'skip', ...(typeof result.skip === 'string' ? { description: result.skip } : {}) }];
  if (result.todo) return [{ type: 'fixme', ...(typeof result.todo === 'string' ? { description: result.todo } : {}) }];
  return [];
}

/** Errors of the TAP structure itself (no plan, wrong count, ...), as opposed to failing test points. */
function tapErrorsOf(results: FinalResults | undefined): string[] {
  if (!results) return [];
  const out: string[] = [];
  for (const failure of results.failures) {
    const tapError = (failure as { tapError?: unknown }).tapError;
    if (typeof tapError !== 'string' || !tapError) continue;
    out.push(tapError === 'incorrect number of tests' ? `planned ${results.plan.end ?? '?'} tests but reported ${results.count}` : tapError);
  }
  return out;
}

/** What tap's closing point adds about a failed file: an expired timeout, for instance. */
function namesOfFailures(closing: Result): string[] {
  const diag = (closing.diag ?? {}) as Record<string, unknown>;
  return typeof diag.expired === 'string' ? [`timeout expired in ${diag.expired}`] : [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeDiag(result: Result): string {
  const diag = (result.diag ?? {}) as Record<string, unknown>;
  return typeof diag.expired === 'string' ? ` (expired: ${diag.expired})` : '';
}

/** tap-parser re-indents output from inside subtests; take that indentation back off. */
function dedent(text: string, depth: number): string {
  if (depth <= 0) return text;
  const indent = new RegExp(`^ {0,${depth * 4}}`, 'gm');
  return text.replace(indent, '');
}

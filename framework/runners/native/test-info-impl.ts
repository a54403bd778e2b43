import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../../model/events.ts';
import type { TestError } from '../../model/results.ts';
import type { Annotation, ExpectedStatus, SuiteKind, TestCase } from '../../model/test-case.ts';
import type { Redactor } from '../../events/redactor.ts';
import { SkipSignal, type MetricOptions, type StepRuntime, type TestInfo } from './test-info.ts';
import { toTestError } from './test-error.ts';
import { userFrame } from './location.ts';
import { saveArtifact } from '../shared/save-artifact.ts';

export interface AttemptContext {
  rootDir: string;
  runDir: string;
  workerIndex: number;
  redactor: Redactor;
  emit(event: RunEvent): void;
  /** Tells the tollgate process the test's timeout changed, so its watchdog agrees. */
  onTimeoutChange(timeout: number): void;
}

/** One attempt of one test, as the test and its fixtures see it. */
export class TestInfoImpl implements TestInfo, StepRuntime {
  readonly testId: string;
  readonly title: string;
  readonly titlePath: readonly string[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly suite: string;
  readonly kind: SuiteKind;
  readonly tags: readonly string[];
  readonly retry: number;
  readonly workerIndex: number;
  readonly annotations: Annotation[];
  readonly errors: TestError[] = [];
  expectedStatus: ExpectedStatus;
  timeout: number;
  private stepCounter = 0;
  private readonly stepStack: string[] = [];
  /** The innermost step still open when the test failed: where a person should look. */
  openSteps = (): readonly string[] => this.stepStack;

  constructor(
    spec: TestCase,
    attempt: number,
    private readonly ctx: AttemptContext,
  ) {
    this.testId = spec.id;
    this.title = spec.title;
    this.titlePath = spec.titlePath;
    this.file = spec.location.file;
    this.line = spec.location.line;
    this.column = spec.location.column;
    this.suite = spec.suite;
    this.kind = spec.kind;
    this.tags = spec.tags;
    this.retry = attempt;
    this.workerIndex = ctx.workerIndex;
    this.annotations = spec.annotations.map((a) => ({ ...a }));
    this.expectedStatus = spec.expectedStatus;
    this.timeout = spec.timeout;
  }

  setTimeout(timeout: number): void {
    this.timeout = timeout;
    this.ctx.onTimeoutChange(timeout);
  }

  slow(condition = true, description?: string): void {
    if (!condition) return;
    this.annotations.push({ type: 'slow', description });
    this.setTimeout(this.timeout * 3);
  }

  skip(condition = true, description?: string): void {
    this.modifier('skip', condition, description);
  }

  fixme(condition = true, description?: string): void {
    this.modifier('fixme', condition, description);
  }

  fail(condition = true, description?: string): void {
    if (!condition) return;
    this.annotations.push({ type: 'fail', description });
    this.expectedStatus = 'failed';
  }

  private modifier(type: 'skip' | 'fixme', condition: boolean, description?: string): void {
    if (!condition) return;
    const annotation = { type, description };
    this.annotations.push(annotation);
    this.expectedStatus = 'skipped';
    throw new SkipSignal(annotation);
  }

  async attach(name: string, options: { body?: string | Buffer; path?: string; contentType?: string }): Promise<void> {
    let body: Buffer;
    if (options.body !== undefined) body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    else if (options.path) body = await fs.promises.readFile(options.path);
    else throw new Error(`attach("${name}") needs a body or a path`);
    const contentType = options.contentType ?? (options.path ? guessContentType(options.path) : typeof options.body === 'string' ? 'text/plain' : 'application/octet-stream');
    const relative = await saveArtifact(this.ctx.runDir, this.ctx.redactor.bytes(body), extensionOf(name, options.path, contentType));
    this.ctx.emit({ type: 'attachment', time: new Date().toISOString(), testId: this.testId, attempt: this.retry, attachment: { name, contentType, path: relative } });
  }

  metric(name: string, value: number, options: MetricOptions = {}): void {
    if (typeof name !== 'string' || !/^\S+$/.test(name)) throw new TypeError(`test.info().metric(): the name must be a text without spaces, like 'login.duration'; got ${JSON.stringify(name)}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`test.info().metric("${name}"): the value must be a finite number; got ${String(value)}`);
    const time = options.time === undefined ? new Date() : new Date(options.time);
    if (Number.isNaN(time.getTime())) throw new TypeError(`test.info().metric("${name}"): time ${JSON.stringify(options.time)} is not a date`);
    const tags = options.tags && Object.keys(options.tags).length ? Object.fromEntries(Object.entries(options.tags).map(([k, v]) => [k, String(v)])) : undefined;
    this.ctx.emit({ type: 'metric', time: time.toISOString(), name, value, ...(options.unit ? { unit: options.unit } : {}), ...(tags ? { tags } : {}), testId: this.testId, attempt: this.retry });
  }

  outputPath(...segments: string[]): string {
    const dir = path.join(this.ctx.runDir, 'test-output', `${safeName(this.titlePath.join('-'))}-${hash(this.testId).slice(0, 8)}${this.retry ? `-retry${this.retry}` : ''}`);
    fs.mkdirSync(dir, { recursive: true });
    return path.join(dir, ...segments);
  }

  async runStep<T>(title: string, category: string, body: () => T | Promise<T>): Promise<T> {
    const stepId = `${this.retry}.${++this.stepCounter}`;
    const parentStepId = this.stepStack[this.stepStack.length - 1];
    const started = performance.now();
    const location = userFrame(new Error().stack, this.ctx.rootDir);
    this.ctx.emit({ type: 'step.begin', time: new Date().toISOString(), testId: this.testId, attempt: this.retry, stepId, parentStepId, title, category, location });
    this.stepStack.push(stepId);
    try {
      const result = await body();
      this.endStep(stepId, started);
      return result;
    } catch (error) {
      this.endStep(stepId, started, error instanceof SkipSignal ? undefined : toTestError(error, this.ctx.rootDir));
      throw error;
    }
  }

  private endStep(stepId: string, started: number, error?: TestError): void {
    const at = this.stepStack.lastIndexOf(stepId);
    if (at !== -1) this.stepStack.splice(at, 1);
    this.ctx.emit({ type: 'step.end', time: new Date().toISOString(), testId: this.testId, attempt: this.retry, stepId, duration: performance.now() - started, error });
  }
}

function hash(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

const TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.json': 'application/json', '.txt': 'text/plain',
  '.html': 'text/html', '.zip': 'application/zip', '.pcap': 'application/vnd.tcpdump.pcap', '.xml': 'application/xml', '.log': 'text/plain',
};

function guessContentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function extensionOf(name: string, file: string | undefined, contentType: string): string {
  const fromName = path.extname(file ?? name);
  if (fromName) return fromName.toLowerCase();
  const known = Object.entries(TYPES).find(([, type]) => type === contentType);
  return known ? known[0] : '.bin';
}

function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').slice(0, 60);
}

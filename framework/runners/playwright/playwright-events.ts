import { readFile, rm } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { RunEvent } from '../../model/events.ts';
import type { ResolvedSuite } from '../../model/config.ts';
import type { Attachment, AttemptStatus, TestError, TestOutcome } from '../../model/results.ts';
import { makeTestId, type ExpectedStatus, type Location, type TestCase } from '../../model/test-case.ts';
import type { PwError, PwLocation, PwMessage, PwTest } from './reporter-protocol.ts';

/**
 * Turns the reporter's messages into tollgate events as they arrive: every
 * test is announced (test.add) when Playwright has loaded them, then each
 * attempt streams test.begin, steps, logs, attachments and test.end.
 * Playwright decides retries; its final attempt carries the outcome
 * (expected → passed, unexpected → failed, flaky, skipped), so tollgate
 * counts exactly what `npx playwright test` counts.
 *
 * Test ids: suite › file (relative to tollgate's root) › project › describes › title;
 * the project is left out when it has no name.
 */

export interface PlaywrightEventsOptions {
  suite: ResolvedSuite;
  rootDir: string;
  emit(event: RunEvent): void;
  saveArtifact(name: string, body: Buffer): Promise<string>;
}

export interface PlaywrightStats {
  tests: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  interrupted: number;
}

interface Known {
  test: TestCase;
  final: boolean;
  attempts: number;
}

const OUTCOMES: Record<string, TestOutcome> = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' };

export class PlaywrightEvents {
  readonly stats: PlaywrightStats = { tests: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, interrupted: 0 };
  /** Errors outside any test (a file that does not load, a global setup that throws). */
  readonly errors: TestError[] = [];
  began = false;
  endStatus: string | undefined;
  version: string | undefined;
  private readonly tests = new Map<string, Known>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PlaywrightEventsOptions) {}

  /** Takes messages in order; their effects (some write artifacts) stay in that order. */
  push(message: PwMessage): void {
    this.chain = this.chain.then(() => this.apply(message)).catch((error: Error) => {
      this.errors.push({ message: `tollgate could not record a Playwright message (${message.t}): ${error.message}` });
    });
  }

  /** Waits for every message taken so far. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Tests Playwright announced but never finished get a last attempt saying so. */
  closeUnfinished(status: AttemptStatus, message: string): void {
    for (const known of this.tests.values()) {
      if (known.final) continue;
      const attempt = known.attempts;
      const time = new Date().toISOString();
      this.options.emit({ type: 'test.begin', time, testId: known.test.id, attempt, workerIndex: 0 });
      const outcome: TestOutcome = status === 'interrupted' ? 'interrupted' : status === 'skipped' ? 'skipped' : 'failed';
      this.finish(known, outcome);
      this.options.emit({ type: 'test.end', time, testId: known.test.id, attempt, status, duration: 0, errors: [{ message }], annotations: [], outcome });
    }
  }

  private async apply(message: PwMessage): Promise<void> {
    const emit = this.options.emit;
    const time = new Date().toISOString();
    switch (message.t) {
      case 'begin':
        this.began = true;
        this.version = message.version;
        for (const test of message.tests) {
          const testCase = this.testCase(test);
          this.tests.set(test.id, { test: testCase, final: false, attempts: 0 });
          this.stats.tests++;
          emit({ type: 'test.add', time, test: testCase });
        }
        return;
      case 'test.begin': {
        const known = this.tests.get(message.id);
        if (!known) return;
        emit({ type: 'test.begin', time: message.startTime, testId: known.test.id, attempt: message.retry, workerIndex: message.workerIndex });
        return;
      }
      case 'step.begin': {
        const known = this.tests.get(message.id);
        if (!known) return;
        emit({
          type: 'step.begin', time, testId: known.test.id, attempt: message.retry, stepId: message.stepId, title: message.title, category: message.category,
          ...(message.parentStepId ? { parentStepId: message.parentStepId } : {}),
          ...(message.location ? { location: this.location(message.location) } : {}),
        });
        return;
      }
      case 'step.end': {
        const known = this.tests.get(message.id);
        if (!known) return;
        emit({
          type: 'step.end', time, testId: known.test.id, attempt: message.retry, stepId: message.stepId, duration: message.duration,
          ...(message.error ? { error: this.error(message.error) } : {}),
        });
        return;
      }
      case 'out': {
        const known = message.id ? this.tests.get(message.id) : undefined;
        emit({ type: 'log', time, stream: message.stream, text: message.text, ...(known ? { testId: known.test.id, attempt: message.retry ?? 0 } : {}) });
        return;
      }
      case 'test.end': {
        const known = this.tests.get(message.id);
        if (!known) return;
        const testId = known.test.id;
        for (const attachment of message.attachments) {
          emit({ type: 'attachment', time: new Date().toISOString(), testId, attempt: message.retry, attachment: await this.attachment(attachment) });
        }
        known.attempts = message.retry + 1;
        const outcome = message.final ? (message.status === 'interrupted' ? 'interrupted' : (OUTCOMES[message.outcome ?? ''] ?? 'failed')) : undefined;
        if (outcome) this.finish(known, outcome);
        emit({
          type: 'test.end', time: new Date().toISOString(), testId, attempt: message.retry, status: message.status, duration: message.duration,
          errors: message.errors.map((e) => this.error(e)), annotations: message.annotations, ...(outcome ? { outcome } : {}),
        });
        return;
      }
      case 'error':
        this.errors.push(this.error(message.error));
        emit({ type: 'error', time, source: 'playwright', error: this.error(message.error), suite: this.options.suite.name, ...(message.error.location ? { file: this.file(message.error.location.file) } : {}) });
        return;
      case 'end':
        this.endStatus = message.status;
        return;
    }
  }

  private finish(known: Known, outcome: TestOutcome): void {
    known.final = true;
    this.stats[outcome]++;
  }

  private async attachment(attachment: { name: string; contentType: string; path?: string; base64?: string; missing?: string }): Promise<Attachment> {
    const { name, contentType } = attachment;
    if (attachment.base64 !== undefined) {
      const body = Buffer.from(attachment.base64, 'base64');
      if (contentType.startsWith('text/') && body.length < 4096) return { name, contentType, body: body.toString('utf8') };
      return { name, contentType, path: await this.options.saveArtifact(name, body) };
    }
    if (attachment.path) {
      const body = await readFile(attachment.path);
      const saved = await this.options.saveArtifact(attachment.path, body);
      await rm(attachment.path, { force: true });
      return { name, contentType, path: saved };
    }
    return { name, contentType, body: attachment.missing ? `(not kept: ${attachment.missing})` : '' };
  }

  private testCase(test: PwTest): TestCase {
    const suite = this.options.suite;
    const file = this.file(test.file);
    const titlePath = [...(test.project ? [test.project] : []), ...test.titlePath];
    const expectedStatus: ExpectedStatus = test.expectedStatus === 'failed' || test.expectedStatus === 'skipped' ? test.expectedStatus : 'passed';
    return {
      id: makeTestId(suite.name, file, titlePath),
      title: titlePath[titlePath.length - 1] ?? '(unnamed)',
      titlePath,
      suite: suite.name,
      kind: suite.kind,
      runner: 'playwright',
      location: { file, line: test.line, column: test.column },
      tags: [...new Set([...suite.tags, ...test.tags.map((t) => t.replace(/^@/, ''))])],
      timeout: test.timeout,
      retries: test.retries,
      annotations: test.annotations,
      expectedStatus,
    };
  }

  private error(error: PwError): TestError {
    return {
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      ...(error.snippet ? { snippet: error.snippet } : {}),
      ...(error.value ? { value: error.value } : {}),
      ...(error.location ? { location: this.location(error.location) } : {}),
    };
  }

  private location(location: PwLocation): Location {
    return { file: this.file(location.file), line: location.line, column: location.column };
  }

  private file(absolute: string): string {
    const rel = relative(this.options.rootDir, absolute);
    return rel.split(sep).join('/');
  }
}

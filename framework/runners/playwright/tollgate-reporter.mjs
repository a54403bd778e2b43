// @ts-check
/**
 * The reporter tollgate gives Playwright Test (`--reporter=<this file>`).
 * It runs inside Playwright's process and streams what happens, as one JSON
 * message per line, to the tollgate process over the Unix socket named by
 * TOLLGATE_PW_SOCKET. The tollgate side (playwright-events.ts) turns the
 * messages into test events; reporter-protocol.ts types them.
 *
 * Plain JavaScript on purpose: Playwright compiles TypeScript only outside
 * node_modules, and an installed tollgate lives inside it.
 *
 * Attachments with a path are copied into TOLLGATE_PW_STAGE at once, since
 * Playwright may clean its output folder before tollgate reads them.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const strip = (/** @type {string | undefined} */ text) => (text === undefined ? undefined : text.replace(ANSI, ''));

export default class TollgateReporter {
  constructor() {
    this.socketPath = process.env.TOLLGATE_PW_SOCKET;
    this.stage = process.env.TOLLGATE_PW_STAGE;
    /** @type {net.Socket | undefined} */
    this.socket = this.socketPath ? net.connect(this.socketPath) : undefined;
    this.socket?.on('error', (error) => process.stderr.write(`tollgate reporter: lost the tollgate process: ${error.message}\n`));
    /** @type {WeakMap<object, string>} */
    this.stepIds = new WeakMap();
    this.stepCounter = 0;
    this.staged = 0;
  }

  printsToStdio() {
    return false;
  }

  /** @param {any} message */
  send(message) {
    if (this.socket && !this.socket.destroyed) this.socket.write(`${JSON.stringify(message)}\n`);
  }

  /** @param {any} config @param {any} suite */
  onBegin(config, suite) {
    const tests = suite.allTests().map((/** @type {any} */ test) => {
      const project = test.parent.project();
      const [, , , ...titles] = test.titlePath();
      return {
        id: test.id,
        project: project?.name ?? '',
        titlePath: titles,
        file: test.location.file,
        line: test.location.line,
        column: test.location.column,
        tags: test.tags ?? [],
        annotations: (test.annotations ?? []).map((/** @type {any} */ a) => ({ type: a.type, description: a.description })),
        expectedStatus: test.expectedStatus,
        retries: test.retries,
        timeout: test.timeout,
      };
    });
    this.send({ t: 'begin', version: config.version, configFile: config.configFile, workers: config.workers, tests });
  }

  /** @param {any} test @param {any} result */
  onTestBegin(test, result) {
    this.send({ t: 'test.begin', id: test.id, retry: result.retry, workerIndex: result.workerIndex, startTime: result.startTime.toISOString() });
  }

  /** @param {any} test @param {any} result @param {any} step */
  onStepBegin(test, result, step) {
    const stepId = `${result.retry}.${++this.stepCounter}`;
    this.stepIds.set(step, stepId);
    const parentStepId = step.parent ? this.stepIds.get(step.parent) : undefined;
    this.send({
      t: 'step.begin', id: test.id, retry: result.retry, stepId, parentStepId, title: step.title, category: step.category,
      location: step.location ? { file: step.location.file, line: step.location.line, column: step.location.column } : undefined,
    });
  }

  /** @param {any} test @param {any} result @param {any} step */
  onStepEnd(test, result, step) {
    const stepId = this.stepIds.get(step);
    if (!stepId) return;
    this.send({ t: 'step.end', id: test.id, retry: result.retry, stepId, duration: step.duration, error: step.error ? this.error(step.error) : undefined });
  }

  /** @param {string | Buffer} chunk @param {any} test @param {any} result */
  onStdOut(chunk, test, result) {
    this.send({ t: 'out', stream: 'stdout', text: chunk.toString(), id: test?.id, retry: result?.retry });
  }

  /** @param {string | Buffer} chunk @param {any} test @param {any} result */
  onStdErr(chunk, test, result) {
    this.send({ t: 'out', stream: 'stderr', text: chunk.toString(), id: test?.id, retry: result?.retry });
  }

  /** @param {any} test @param {any} result */
  onTestEnd(test, result) {
    const status = result.status;
    // Playwright retries a test while it did not end as expected and has retries left.
    const final = status === 'skipped' || status === 'interrupted' || status === test.expectedStatus || result.retry >= test.retries;
    const attachments = result.attachments.map((/** @type {any} */ a) => this.attachment(a));
    this.send({
      t: 'test.end', id: test.id, retry: result.retry, status, duration: result.duration,
      errors: result.errors.map((/** @type {any} */ e) => this.error(e)),
      annotations: (result.annotations ?? []).map((/** @type {any} */ a) => ({ type: a.type, description: a.description })),
      attachments, final, outcome: final ? test.outcome() : undefined,
    });
  }

  /** @param {any} attachment */
  attachment(attachment) {
    const { name, contentType } = attachment;
    if (attachment.body) return { name, contentType, base64: Buffer.from(attachment.body).toString('base64') };
    if (!attachment.path) return { name, contentType };
    if (!this.stage) return { name, contentType, path: attachment.path };
    try {
      const staged = path.join(this.stage, `${++this.staged}${path.extname(attachment.path)}`);
      fs.copyFileSync(attachment.path, staged);
      return { name, contentType, path: staged };
    } catch (error) {
      return { name, contentType, missing: `${attachment.path}: ${/** @type {Error} */ (error).message}` };
    }
  }

  /** @param {any} error */
  error(error) {
    return {
      message: strip(error.message) ?? strip(error.value) ?? 'error',
      stack: strip(error.stack),
      snippet: strip(error.snippet),
      value: error.message === undefined ? strip(error.value) : undefined,
      location: error.location ? { file: error.location.file, line: error.location.line, column: error.location.column } : undefined,
    };
  }

  /** @param {any} error */
  onError(error) {
    this.send({ t: 'error', error: this.error(error) });
  }

  /** @param {any} result */
  async onEnd(result) {
    this.send({ t: 'end', status: result.status });
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise((resolve) => {
      socket.once('close', resolve);
      socket.end();
    });
  }
}

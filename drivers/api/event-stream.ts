/**
 * A WebSocket client for event streams: it keeps every message it receives
 * from the moment it connects, so `waitFor` finds a message that arrived
 * before the test started waiting as well as one still to come.
 *
 *   const stream = await openStream('ws://127.0.0.1:8080/api/v1/events');
 *   await api.post('/slices', { body });
 *   const created = await stream.waitFor((m) => m.type === 'created', { label: 'slice created' });
 *   await stream.close();
 */
import { WebSocket, type RawData } from 'ws';
import { callSite, pointAtCaller } from './driver-frames.ts';
import { SecretScrubber, truncate } from './redact.ts';
import { testStepRecorder, type StepRecorder } from './step-recorder.ts';

export interface OpenStreamOptions {
  /** Extra handshake headers (an Authorization header, for example). */
  headers?: Record<string, string>;
  /** Values to keep out of step titles, errors and attachments. */
  secrets?: Iterable<string | undefined>;
  /** How long the handshake may take; 5 s by default. */
  connectTimeoutMs?: number;
  /** waitFor's timeout when a call gives none; 5 s by default. */
  defaultTimeoutMs?: number;
  recorder?: StepRecorder;
}

export interface WaitForOptions {
  /** 5 s by default (or the stream's defaultTimeoutMs). */
  timeoutMs?: number;
  /** Names what is awaited in the step title and errors; the predicate's source by default. */
  label?: string;
}

const LAST_SHOWN = 5;
const MESSAGE_PREVIEW = 300;
const ATTACH_LIMIT = 16 * 1024;

function parse(data: RawData): unknown {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function labelOf(predicate: Function): string {
  const source = predicate.toString().replace(/\s+/g, ' ').trim();
  return source.length > 80 ? `${source.slice(0, 79)}…` : source;
}

export class EventStream {
  /** Every message received since the stream opened, parsed as JSON when it is JSON. */
  readonly messages: unknown[] = [];
  private readonly wakers = new Set<() => void>();
  private closeInfo: { code: number; reason: string } | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** The stream's URL with secrets redacted, for messages. */
    readonly url: string,
    private readonly scrubber: SecretScrubber,
    private readonly recorder: StepRecorder,
    private readonly defaultTimeoutMs: number,
  ) {
    ws.on('message', (data) => {
      this.messages.push(parse(data));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString('utf8') };
      this.wake();
    });
    // An error is always followed by 'close'; without a listener ws would throw it.
    ws.on('error', () => {});
  }

  get closed(): boolean {
    return this.closeInfo !== undefined;
  }

  private wake(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /**
   * Resolves with the first message (already received, or still to come)
   * for which `predicate` is true; rejects after the timeout, or when the
   * stream closes first, saying how many messages were seen and the last few.
   * Recorded as a step.
   */
  waitFor<T = any>(predicate: (message: any) => boolean, timeout?: number | WaitForOptions): Promise<T> {
    const options: WaitForOptions = typeof timeout === 'number' ? { timeoutMs: timeout } : (timeout ?? {});
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const label = this.scrubber.text(options.label ?? labelOf(predicate));
    const origin = callSite();
    return this.recorder.step(`wait for event: ${label}`, async () => {
      const found = await this.match(predicate, timeoutMs, label).catch((error: unknown) => {
        throw error instanceof Error ? pointAtCaller(error, origin) : error;
      });
      await this.recorder.attach(`event: ${label}`, this.scrubber.text(truncate(JSON.stringify(found, null, 2) ?? String(found), ATTACH_LIMIT)), 'application/json');
      return found as T;
    });
  }

  private match(predicate: (message: any) => boolean, timeoutMs: number, label: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let next = 0;
      const finish = (settle: () => void) => {
        this.wakers.delete(check);
        clearTimeout(timer);
        settle();
      };
      const check = () => {
        try {
          for (; next < this.messages.length; next++) {
            const message = this.messages[next];
            if (predicate(message)) return finish(() => resolve(message));
          }
        } catch (error) {
          return finish(() => reject(error));
        }
        if (this.closeInfo) {
          const { code, reason } = this.closeInfo;
          finish(() => reject(new Error(`the stream ${this.url} closed (code ${code}${reason ? `, "${reason}"` : ''}) before a message matched ${label}; ${this.seen()}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no message matching ${label} within ${timeoutMs} ms on ${this.url}; ${this.seen()}`))), timeoutMs);
      this.wakers.add(check);
      check();
    });
  }

  /** "saw 7 messages, the last 5:\n  {...}" */
  private seen(): string {
    const count = this.messages.length;
    if (count === 0) return 'saw no messages at all';
    const last = this.messages.slice(-LAST_SHOWN).map((m) => `  ${truncate(JSON.stringify(m) ?? String(m), MESSAGE_PREVIEW)}`);
    const which = count <= LAST_SHOWN ? '' : `, the last ${LAST_SHOWN}`;
    return this.scrubber.text(`saw ${count} message${count === 1 ? '' : 's'}${which}:\n${last.join('\n')}`);
  }

  /** Closes the connection; resolves once it is closed (or after 1 s, by terminating it). */
  async close(): Promise<void> {
    if (this.closeInfo || this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close(1000);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 1000);
    });
    if ((await Promise.race([closed, late])) === 'late') this.ws.terminate();
    clearTimeout(timer);
  }
}

/** Opens a WebSocket and resolves once it is open (recorded as a step). */
export async function openStream(url: string, options: OpenStreamOptions = {}): Promise<EventStream> {
  const scrubber = new SecretScrubber(options.secrets ?? []);
  const recorder = options.recorder ?? testStepRecorder;
  const shown = scrubber.text(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const origin = callSite();
  return recorder.step(`open stream ${shown}`, async () => {
    const ws = new WebSocket(url, { headers: options.headers, handshakeTimeout: connectTimeoutMs });
    // Listening from the start: messages sent right after the handshake are kept too.
    const stream = new EventStream(ws, shown, scrubber, recorder, options.defaultTimeoutMs ?? 5000);
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        ws.terminate();
        reject(pointAtCaller(new Error(`could not open the WebSocket ${shown}: ${scrubber.text(why)}`), origin));
      };
      ws.once('open', () => resolve());
      ws.once('error', (error) => fail(error.message));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body = truncate(body + chunk, 500)));
        res.on('end', () => fail(`the server answered ${res.statusCode} instead of upgrading${body ? `: ${body.trim()}` : ''}`));
        res.on('error', () => fail(`the server answered ${res.statusCode} instead of upgrading`));
      });
    });
    return stream;
  });
}

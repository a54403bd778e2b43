import type { RunEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import { LogRedaction } from './log-redaction.ts';
import type { Redactor } from './redactor.ts';

interface Sink {
  name: string;
  reporter: Reporter;
  failed: boolean;
  ended: boolean;
}

/**
 * The one stream of a run. Every event is redacted here, once, before any
 * sink sees it, and log output also across its chunks (LogRedaction), as
 * sinks join them. A sink that throws is reported as an error event and
 * dropped from further delivery; the run goes on.
 */
export class EventBus {
  private readonly sinks: Sink[] = [];
  private readonly listeners: ((event: RunEvent) => void)[] = [];
  private ended = false;

  private readonly logs: LogRedaction;

  /** The redactor knows the run's secrets before the first event that could hold one. */
  constructor(private readonly redactor: Redactor) {
    this.logs = new LogRedaction(redactor);
  }

  add(name: string, reporter: Reporter): void {
    this.sinks.push({ name, reporter, failed: false, ended: false });
  }

  /** In-process observers (the gate's run state, the progress estimate); they must not throw. */
  listen(listener: (event: RunEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(raw: RunEvent): void {
    // The sinks are closed: an event now is a bug in whatever sent it, named here instead of failing every sink.
    if (this.ended) {
      process.stderr.write(`tollgate: internal error: a "${raw.type}" event arrived after the run ended and was not recorded\n`);
      return;
    }
    for (const event of this.logs.pass(raw)) this.deliver(event);
  }

  private deliver(raw: RunEvent): void {
    const event = this.redactor.value(raw);
    for (const listener of this.listeners) listener(event);
    for (const sink of this.sinks) {
      if (sink.failed || sink.ended || !sink.reporter.onEvent) continue;
      try {
        sink.reporter.onEvent(event);
      } catch (error) {
        this.sinkFailed(sink, error);
      }
    }
  }

  async end(): Promise<void> {
    // Output still held back because it could have begun a secret (a run that ends without run.end).
    for (const event of this.logs.flush()) this.deliver(event);
    this.ended = true;
    for (const sink of this.sinks) {
      if (sink.failed || !sink.reporter.onEnd) continue;
      try {
        await sink.reporter.onEnd();
      } catch (error) {
        this.sinkFailed(sink, error);
      }
      sink.ended = true;
    }
  }

  private sinkFailed(sink: Sink, error: unknown): void {
    sink.failed = true;
    const message = `reporter "${sink.name}" failed and was stopped: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`tollgate: ${message}\n`);
    // Delivered to the sinks still open, also while the bus ends.
    this.deliver({ type: 'error', time: new Date().toISOString(), source: 'reporter', error: { message, stack: error instanceof Error ? error.stack : undefined } });
  }
}

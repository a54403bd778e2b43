import type { RunEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import type { Redactor } from './redactor.ts';

interface Sink {
  name: string;
  reporter: Reporter;
  failed: boolean;
}

/**
 * The one stream of a run. Every event is redacted here, once, before any
 * sink sees it. A sink that throws is reported as an error event and
 * dropped from further delivery; the run goes on.
 */
export class EventBus {
  private readonly sinks: Sink[] = [];
  private readonly listeners: ((event: RunEvent) => void)[] = [];

  constructor(private redactor: Redactor) {}

  /** Secrets are known once the environment is set up, before the first event that could hold one. */
  setRedactor(redactor: Redactor): void {
    this.redactor = redactor;
  }

  add(name: string, reporter: Reporter): void {
    this.sinks.push({ name, reporter, failed: false });
  }

  /** In-process observers (the gate's run state, the progress estimate); they must not throw. */
  listen(listener: (event: RunEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(raw: RunEvent): void {
    const event = this.redactor.value(raw);
    for (const listener of this.listeners) listener(event);
    for (const sink of this.sinks) {
      if (sink.failed || !sink.reporter.onEvent) continue;
      try {
        sink.reporter.onEvent(event);
      } catch (error) {
        this.sinkFailed(sink, error);
      }
    }
  }

  async end(): Promise<void> {
    for (const sink of this.sinks) {
      if (sink.failed || !sink.reporter.onEnd) continue;
      try {
        await sink.reporter.onEnd();
      } catch (error) {
        this.sinkFailed(sink, error);
      }
    }
  }

  private sinkFailed(sink: Sink, error: unknown): void {
    sink.failed = true;
    const message = `reporter "${sink.name}" failed and was stopped: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`tollgate: ${message}\n`);
    this.emit({ type: 'error', time: new Date().toISOString(), source: 'reporter', error: { message, stack: error instanceof Error ? error.stack : undefined } });
  }
}

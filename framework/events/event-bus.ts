import type { RunEndEvent, RunEvent, VerdictEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import { LogRedaction } from './log-redaction.ts';
import type { Verdict } from '../model/verdict.ts';
import type { Redactor } from './redactor.ts';

interface Sink {
  name: string;
  reporter: Reporter;
  failed: boolean;
  ended: boolean;
  /** Ends after every reporter, the first added last (the run directory, the archive). */
  record: boolean;
}

/** How a run ends: its verdict, judged as the run stands (reporter failures included), and its run.end. */
export interface RunEnding {
  judge(): Verdict;
  runEnd: RunEndEvent;
}

/**
 * The one stream of a run. Every event is redacted here, once, before any
 * sink sees it, and log output also across its chunks (LogRedaction), as
 * sinks join them. A sink that throws is reported as an error event and
 * dropped from further delivery; the run goes on, and the gate's no-errors
 * rule fails it, since the listeners (the run state) hear that error.
 *
 * A reporter can fail when it writes its file, after it heard the verdict;
 * so the verdict is not emitted, the bus ends the run (end()): one sink at
 * a time, each hearing the verdict as it stands at its turn, then run.end,
 * then ending. Reporters that write elsewhere end first, then those on the
 * terminal, then the record (the archive, then the run directory, which
 * writes verdict.json). A failure is judged again before the next sink's
 * turn, so the console, verdict.json and the exit code tell the same
 * verdict, reporter failures included (issue 13).
 */
export class EventBus {
  private readonly sinks: Sink[] = [];
  private readonly listeners: ((event: RunEvent) => void)[] = [];
  private ended = false;
  /** How many sinks failed so far: the verdict is judged again when this grows. */
  private failureCount = 0;

  /** How many sinks failed (`tollgate report` fails when any did). */
  get failures(): number {
    return this.failureCount;
  }

  private readonly logs: LogRedaction;

  /** The redactor knows the run's secrets before the first event that could hold one. */
  constructor(private readonly redactor: Redactor) {
    this.logs = new LogRedaction(redactor);
  }

  /** `record`: a sink that keeps the run (run directory, archive): it ends after every reporter, so it records their failures. */
  add(name: string, reporter: Reporter, options: { record?: boolean } = {}): void {
    this.sinks.push({ name, reporter, failed: false, ended: false, record: Boolean(options.record) });
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
    for (const sink of this.sinks) this.deliverTo(sink, event);
  }

  private deliverTo(sink: Sink, event: RunEvent): void {
    if (sink.failed || sink.ended || !sink.reporter.onEvent) return;
    try {
      sink.reporter.onEvent(event);
    } catch (error) {
      this.sinkFailed(sink, error);
    }
  }

  /**
   * Ends every sink in turn (see the class comment) and returns the final
   * verdict. Without `ending` the sinks just end, in the same order.
   */
  async end(ending?: RunEnding): Promise<Verdict | undefined> {
    // Output still held back because it could have begun a secret (a run that ends without run.end).
    for (const event of this.logs.flush()) this.deliver(event);
    this.ended = true;
    let verdict: VerdictEvent | undefined;
    let shown: VerdictEvent | undefined;
    let judgedAtFailures = -1;
    const judge = (ending: RunEnding): VerdictEvent => {
      if (!verdict || this.failureCount > judgedAtFailures) {
        judgedAtFailures = this.failureCount;
        const first = !verdict;
        verdict = this.redactor.value<VerdictEvent>({ type: 'verdict', time: new Date().toISOString(), verdict: ending.judge() });
        for (const listener of this.listeners) listener(verdict);
        if (first) for (const listener of this.listeners) listener(ending.runEnd);
      }
      // The terminal or the record heard an earlier verdict (the console, then the archive failed): corrected on stderr.
      if (shown && shown.verdict.status !== verdict.verdict.status) {
        process.stderr.write(`tollgate: the verdict is now ${verdict.verdict.status} (exit code ${verdict.verdict.exitCode}), not ${shown.verdict.status}: a reporter failed after the verdict was shown\n`);
        shown = verdict;
      }
      return verdict;
    };
    for (const sink of this.endOrder()) {
      if (ending) {
        const now = judge(ending);
        if (sink.record || sink.reporter.printsToStdout) shown = now;
        this.deliverTo(sink, now);
        this.deliverTo(sink, this.redactor.value(ending.runEnd));
      }
      if (!sink.failed && sink.reporter.onEnd) {
        try {
          await sink.reporter.onEnd();
        } catch (error) {
          this.sinkFailed(sink, error);
        }
      }
      sink.ended = true;
    }
    return ending ? judge(ending).verdict : undefined;
  }

  /** Reporters that write elsewhere, then those on the terminal, then the record sinks, the first added last. */
  private endOrder(): Sink[] {
    const reporters = this.sinks.filter((sink) => !sink.record);
    return [
      ...reporters.filter((sink) => !sink.reporter.printsToStdout),
      ...reporters.filter((sink) => sink.reporter.printsToStdout),
      ...this.sinks.filter((sink) => sink.record).reverse(),
    ];
  }

  private sinkFailed(sink: Sink, error: unknown): void {
    this.failureCount++;
    sink.failed = true;
    const message = `reporter "${sink.name}" failed and was stopped: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`tollgate: ${message}\n`);
    // Delivered to the sinks still open, also while the bus ends.
    this.deliver({ type: 'error', time: new Date().toISOString(), source: 'reporter', error: { message, stack: error instanceof Error ? error.stack : undefined } });
  }
}

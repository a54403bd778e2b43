import type { LogEvent, RunEvent } from '../model/events.ts';
import type { Redactor } from './redactor.ts';
import { StreamRedactor } from './stream-redactor.ts';

/**
 * The event bus's redaction of output across log events. Reporters, the
 * run state and the archive join the log chunks of one test attempt and
 * stream (stdout or stderr), so a secret split over chunks is redacted as
 * those chunks are joined: each (test, attempt, stream) is a StreamRedactor,
 * and what it holds back is released with the next chunk, or as a log
 * event of its own before the test's end and before the verdict.
 */
export class LogRedaction {
  /** Only streams holding something: a stream that released all it had is dropped. */
  private readonly streams = new Map<string, { redactor: StreamRedactor; last: LogEvent }>();

  constructor(private readonly redactor: Redactor) {}

  /** The events to deliver for this one, in order: none while a log chunk is all held back. */
  pass(event: RunEvent): RunEvent[] {
    if (!this.redactor.active) return [event];
    switch (event.type) {
      case 'log': {
        const key = streamKey(event);
        const stream = this.streams.get(key)?.redactor ?? new StreamRedactor(this.redactor);
        const text = stream.write(event.text);
        if (stream.holding) this.streams.set(key, { redactor: stream, last: event });
        else this.streams.delete(key);
        return text === '' ? [] : [{ ...event, text }];
      }
      case 'test.end':
        return [...this.flush((last) => last.testId === event.testId && (last.attempt ?? 0) === event.attempt), event];
      case 'verdict':
      case 'run.end':
        return [...this.flush(), event];
      default:
        return [event];
    }
  }

  /** What the streams (all, or those `which` picks) still hold, as log events. */
  flush(which: (last: LogEvent) => boolean = () => true): LogEvent[] {
    const out: LogEvent[] = [];
    for (const [key, { redactor, last }] of this.streams) {
      if (!which(last)) continue;
      this.streams.delete(key);
      out.push({ ...last, text: redactor.end() });
    }
    return out;
  }
}

function streamKey(event: LogEvent): string {
  return JSON.stringify([event.testId ?? null, event.attempt ?? 0, event.stream]);
}

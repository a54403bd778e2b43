import type { Redactor } from './redactor.ts';

/**
 * Redacts one stream of text that arrives in chunks (issue 13, item 6). A
 * secret written in two pieces ('hun', then 'ter2') is in no single chunk,
 * so redacting chunk by chunk lets it through to whatever joins them (a
 * JUnit <system-out>, an Allure attachment, a terminal). The stream holds
 * back the end of a chunk that could begin a secret and releases it with
 * the next chunk, redacted as one text, or at the end.
 *
 *   const out = new StreamRedactor(redactor);
 *   write(out.write('hun')); // ''
 *   write(out.write('ter2\n')); // '[REDACTED]\n'
 *   write(out.end()); // what is still held, never a whole secret
 */
export class StreamRedactor {
  private held = '';

  constructor(private readonly redactor: Redactor) {}

  /** Whether part of the stream is held back, waiting for what follows. */
  get holding(): boolean {
    return this.held !== '';
  }

  /** The chunk's text that can be released now, redacted. */
  write(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const text = this.redactor.text(this.held + chunk);
    const keep = this.redactor.pendingLength(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** What is still held: the stream ended without completing a secret. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}

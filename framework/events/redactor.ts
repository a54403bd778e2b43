/**
 * Replaces every secret value with a placeholder. One redactor is applied
 * to every event before any reporter, the run directory or the archive
 * sees it, and to text attachments before they are written. Text that
 * arrives in pieces (a stream's chunks) goes through a StreamRedactor
 * (stream-redactor.ts), which holds back what could begin a secret.
 *
 * Built from the secret values alone, so any process that writes an
 * output can make its own: `new Redactor(Object.values(environment.secrets))`.
 */
export const REDACTED = '[REDACTED]';

export class Redactor {
  private readonly secrets: string[];

  constructor(values: Iterable<string>) {
    // Longest first, so a secret that contains another is replaced whole.
    // Very short values would redact ordinary text and are not secrets anyway.
    this.secrets = [...new Set([...values].filter((v) => typeof v === 'string' && v.length >= 4))].sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /**
   * Redacts a file's body. UTF-8 text, whatever its declared type (a log
   * attached as application/octet-stream), is redacted as text. In other
   * bytes (a packet capture, a zip stored uncompressed) a secret is masked
   * with as many '*' as it has bytes, so offsets and lengths still hold;
   * a body without a secret comes back as it was.
   */
  bytes(body: Buffer): Buffer {
    if (!this.active) return body;
    const text = body.includes(0) ? undefined : body.toString('utf8');
    if (text !== undefined && Buffer.from(text, 'utf8').equals(body)) {
      const redacted = this.text(text);
      return redacted === text ? body : Buffer.from(redacted, 'utf8');
    }
    let out = body;
    for (const secret of this.secrets) {
      const needle = Buffer.from(secret, 'utf8');
      for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + needle.length)) {
        if (out === body) out = Buffer.from(body);
        out.fill('*', at, at + needle.length);
      }
    }
    return out;
  }

  /**
   * How many characters at the end of `text` could be the start of a
   * secret that more text completes: the longest suffix that is a proper
   * prefix of a secret, 0 when none is.
   */
  pendingLength(text: string): number {
    let longest = 0;
    for (const secret of this.secrets) {
      // Positions from the furthest back a proper prefix could start; the first that fits is the longest for this secret.
      for (let at = Math.max(0, text.length - secret.length + 1); at < text.length - longest; at++) {
        if (text.charCodeAt(at) === secret.charCodeAt(0) && secret.startsWith(text.slice(at))) {
          longest = text.length - at;
          break;
        }
      }
    }
    return longest;
  }

  /** Redacts a JSON-serialisable value by its JSON text; returns the value unchanged when nothing matched. */
  value<T>(input: T): T {
    if (!this.active) return input;
    const json = JSON.stringify(input);
    if (json === undefined) return input;
    const redacted = this.jsonText(json);
    return redacted === json ? input : (JSON.parse(redacted) as T);
  }

  /** Redacts inside JSON text, also where the secret appears JSON-escaped. */
  jsonText(json: string): string {
    let out = json;
    for (const secret of this.secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (out.includes(escaped)) out = out.split(escaped).join(REDACTED);
    }
    return out;
  }
}

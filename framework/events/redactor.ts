/**
 * Replaces every secret value with a placeholder. One redactor is applied
 * to every event before any reporter, the run directory or the archive
 * sees it, and to text attachments before they are written.
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

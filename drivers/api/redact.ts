/**
 * What the api driver writes into attachments must never carry a secret.
 * The worker redacts every text attachment too, but only for the secrets of
 * the environment it knows; the driver also knows which headers are
 * credentials whatever their value (a session cookie the server just set,
 * a token passed by hand), so it redacts those by name.
 */

export const REDACTED = '[REDACTED]';

/** Headers whose value is a credential, whatever it is. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
]);

/** Shorter values would redact ordinary text; the framework's redactor uses the same floor. */
const MIN_SECRET_LENGTH = 4;

export class SecretScrubber {
  private readonly values: string[];

  constructor(secrets: Iterable<string | undefined>) {
    // Longest first, so a secret that contains another is replaced whole.
    this.values = [...new Set([...secrets].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH))].sort(
      (a, b) => b.length - a.length,
    );
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.values) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** Header names lower-cased; credentials replaced, keeping an Authorization scheme ("Bearer [REDACTED]"). */
  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [rawName, value] of Object.entries(headers)) {
      const name = rawName.toLowerCase();
      if (CREDENTIAL_HEADERS.has(name)) {
        const scheme = /^(Bearer|Basic|Digest|Token)\s+/i.exec(value);
        out[name] = scheme && name.endsWith('authorization') ? `${scheme[1]} ${REDACTED}` : REDACTED;
      } else {
        out[name] = this.text(value);
      }
    }
    return out;
  }
}

/** Cuts text longer than `limit` characters, saying how much there was. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… [truncated: ${text.length} characters in total]`;
}

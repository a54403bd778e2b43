/**
 * Text from outside (a request's query, its JSON body, an error naming
 * them) made safe for one log line: control characters, ANSI escapes and
 * Unicode line and direction marks become visible escapes, so a client
 * cannot start a forged line in the log nor drive the terminal that
 * shows it (issue 13). A backslash is doubled, so `\n` in the log was a
 * newline and `\\n` was a backslash and an n.
 */
// C0 and C1 controls (ESC, CR and LF among them), DEL, line and paragraph separators,
// bidirectional overrides and isolates, and lone surrogates.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(UNPRINTABLE, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

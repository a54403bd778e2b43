/**
 * A failure's normalised signature: the first lines of its message with
 * whatever changes from run to run taken out (numbers, hex, ids, times,
 * paths, quoted values), so that the same failure clusters across tests
 * and runs. `expected 200, received 500 at /tmp/x/a.ts:12` and
 * `expected 201, received 503 at /tmp/y/b.ts:40` share one signature.
 */
export function errorSignature(message: string): string {
  // Three lines: an assertion's first line alone ("expect(received).toBe(expected)") says too little.
  const head = message
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, 3)
    .join(' | ');
  return head
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '<str>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/(?:[A-Za-z]:)?(?:\.{0,2}[\\/][\w.@-]+)+[\\/]?(?::\d+)*/g, '<path>')
    .replace(/\bhttps?:\/\/\S+/g, '<url>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/[-+]?\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\b/gi, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

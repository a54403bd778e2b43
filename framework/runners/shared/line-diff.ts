/**
 * A plain line diff of expected against received, for producers that give
 * found/wanted (tap ≤ 15) or expected/actual (node:test) but no diff of
 * their own. No colour codes: reporters add their own.
 */

/** Above this many lines on either side the diff is not aligned, only listed. */
const MAX_ALIGNED_LINES = 400;

export function lineDiff(expected: unknown, actual: unknown): string {
  const want = printValue(expected).split('\n');
  const got = printValue(actual).split('\n');
  const body = want.length > MAX_ALIGNED_LINES || got.length > MAX_ALIGNED_LINES
    ? [...want.map((l) => `-${l}`), ...got.map((l) => `+${l}`)]
    : alignLines(want, got);
  return ['--- expected', '+++ actual', ...body].join('\n');
}

/** Strings print as they are (a multi-line string diffs line by line); anything else as indented JSON. */
export function printValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Longest common subsequence over lines; ' ' kept, '-' only expected, '+' only actual. */
function alignLines(a: string[], b: string[]): string[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] = a[i] === b[j]
        ? lcs[(i + 1) * cols + j + 1] + 1
        : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(` ${a[i]}`);
      i++;
      j++;
    } else if (lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  while (i < a.length) out.push(`-${a[i++]}`);
  while (j < b.length) out.push(`+${b[j++]}`);
  return out;
}

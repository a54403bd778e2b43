/**
 * "Did you mean ...?" for unknown keys, enum values, suite and gate names.
 */

/**
 * Edit distance where an insertion, deletion, substitution or swap of two
 * adjacent characters each cost 1 (Levenshtein plus transpositions, the
 * "optimal string alignment" variant): "retires" is 1 away from "retries".
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word` (case-insensitively), or undefined when
 * none is close enough to be a plausible typo: at most a third of the
 * word's length away (at least one edit allowed), and not every character
 * replaced.
 *
 * @example closestMatch('retires', ['retries', 'timeout']) // 'retries'
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    // Replacing every character is not a typo: "b" is not a misspelt "a".
    const plausible = distance <= limit && distance < Math.max(lower.length, other.length);
    if (plausible && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

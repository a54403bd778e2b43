/** Wall-time statistics of one tool over its timed runs, in milliseconds. */
export interface TimeStats {
  runs: number[];
  median: number;
  min: number;
  max: number;
}

export function timeStats(runs: number[]): TimeStats {
  if (runs.length === 0) throw new Error('timeStats needs at least one run');
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { runs, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** How many times the subject's median fits in the baseline's (0.1 means ten times faster). */
export function ratio(subject: TimeStats, baseline: TimeStats): number {
  return subject.median / baseline.median;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2) + ' s';
}

/** A plain-text table: one row per tool, then the ratios of `subject` to every other tool. */
export function formatTable(stats: Array<{ name: string; stats: TimeStats }>, subject: string): string {
  const header = ['tool', 'median', 'min', 'max', 'runs'];
  const rows = stats.map(({ name, stats: s }) => [name, seconds(s.median), seconds(s.min), seconds(s.max), String(s.runs.length)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const own = stats.find((entry) => entry.name === subject);
  if (own) {
    lines.push('');
    for (const other of stats) {
      if (other.name !== subject) lines.push(`${subject} / ${other.name} (median): ${ratio(own.stats, other.stats).toFixed(3)}x`);
    }
  }
  return lines.join('\n');
}

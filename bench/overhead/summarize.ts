/** Statistics of one tool over its timed runs, in milliseconds. */
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

export interface ToolRow {
  name: string;
  wall: TimeStats;
  /** CPU time of the tool's whole process tree, when the platform can tell. */
  cpu: TimeStats | null;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2) + ' s';
}

/** A plain-text table: one row per tool, then the ratios of `subject` to every other tool. */
export function formatTable(rows: ToolRow[], subject: string): string {
  const header = ['tool', 'median', 'min', 'max', 'cpu median', 'runs'];
  const cells = rows.map(({ name, wall, cpu }) => [name, seconds(wall.median), seconds(wall.min), seconds(wall.max), cpu ? seconds(cpu.median) : 'n/a', String(wall.runs.length)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const lines = ['wall time (cpu: user + system of the whole process tree)', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const own = rows.find((row) => row.name === subject);
  if (own) {
    lines.push('');
    for (const other of rows) {
      if (other.name === subject) continue;
      const cpu = own.cpu && other.cpu ? `, cpu ${ratio(own.cpu, other.cpu).toFixed(3)}x` : '';
      lines.push(`${subject} / ${other.name} (medians): wall ${ratio(own.wall, other.wall).toFixed(3)}x${cpu}`);
    }
  }
  return lines.join('\n');
}

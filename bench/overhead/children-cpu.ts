import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU seconds (user + system) of every finished child process tree of this
 * process, from /proc/self/stat's cutime and cstime. A child's count includes
 * the grandchildren it waited for, so the difference around one tool's run is
 * the CPU that run cost: a number that, unlike wall time, hardly moves when
 * other work shares the machine. Null where /proc is missing (not Linux).
 */
export function childrenCpuSeconds(): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  return cpuSecondsFromStat(stat, clockTicks());
}

/** Parses cutime + cstime out of a /proc/<pid>/stat line. */
export function cpuSecondsFromStat(stat: string, ticksPerSecond: number): number {
  // The command name (field 2) is in parentheses and may hold spaces; fields count on from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);
  // Field 3 (state) is fields[0], so field 16 (cutime) is fields[13] and field 17 (cstime) fields[14].
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`);
  return (cutime + cstime) / ticksPerSecond;
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

import { noColors, type Colors } from './colors.ts';

/** What the live line shows; kept by the console reporter as events arrive. */
export interface LiveProgress {
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  running: number;
  /** Tests known so far: planned at run.begin plus those runners discovered. */
  planned: number;
  elapsedMs: number;
  /** A running soak's latest window (formatSoakLive): time left, p99, error rate, SUT memory. */
  soak?: string;
  /** The title of the test that started last of those running (issue 16): what the run is doing now. */
  current?: string;
}

/**
 * Time left, from the rate so far: the run finished `done` tests in
 * `elapsedMs` with all its workers, so the rest should take as long per test.
 * Undefined until there is a rate to go by or when nothing is left.
 */
export function estimateEta(done: number, planned: number, elapsedMs: number): number | undefined {
  if (done <= 0 || done >= planned || elapsedMs <= 0) return undefined;
  return (elapsedMs / done) * (planned - done);
}

/** 0:07, 12:30, 1:02:03 */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * `34/120 · 30 passed · 1 failed · 1 flaky · 2 skipped · 2 running · 0:12 · ETA 0:30 · lists sites`,
 * cut to the terminal's width so that redrawing in place never wraps: the
 * running test's title goes last, so it is what gets cut.
 */
export function formatLiveLine(progress: LiveProgress, colors: Colors = noColors, width = 80): string {
  const done = progress.passed + progress.failed + progress.flaky + progress.skipped;
  const segments: [string, (s: string) => string][] = [[`${done}/${progress.planned}`, colors.bold]];
  const counts: [number, string, (s: string) => string][] = [
    [progress.passed, 'passed', colors.green],
    [progress.failed, 'failed', colors.red],
    [progress.flaky, 'flaky', colors.yellow],
    [progress.skipped, 'skipped', colors.cyan],
    [progress.running, 'running', colors.dim],
  ];
  if (progress.soak) {
    // A soak runs for its duration, not at the pace of tests: its time left replaces the ETA, and only failures are counted, so it fits 80 columns.
    if (progress.failed > 0) segments.push([`${progress.failed} failed`, colors.red]);
    segments.push([formatClock(progress.elapsedMs), colors.dim], [progress.soak, colors.cyan]);
  } else {
    for (const [n, label, paint] of counts) if (n > 0 || label === 'passed' || label === 'failed') segments.push([`${n} ${label}`, paint]);
    segments.push([formatClock(progress.elapsedMs), colors.dim]);
    const eta = estimateEta(done, progress.planned, progress.elapsedMs);
    if (eta !== undefined) segments.push([`ETA ${formatClock(eta)}`, colors.dim]);
    // A soak names itself; any other run names the test it is in.
    if (progress.current) segments.push([progress.current, colors.cyan]);
  }

  const plain = segments.map(([text]) => text).join(' · ');
  // One column short of the width: writing into the last column wraps on some terminals.
  if (plain.length >= width) return plain.slice(0, Math.max(0, width - 2)) + '…';
  return segments.map(([text, paint]) => paint(text)).join(colors.dim(' · '));
}

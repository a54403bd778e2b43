import type { MetricEvent } from 'tollgate';
import { noColors, type Colors } from './colors.ts';
import { formatClock } from './format-live-line.ts';

/** The latest window of one soak, from its `soak.*` metric events (drivers/soak emits one set per window). */
export interface SoakWindowView {
  soak: string;
  testId?: string;
  window: number;
  /** Latency p99 of the window, µs. */
  p99?: number;
  /** Failed requests over requests in the window. */
  errorRate?: number;
  /** The SUT's resident memory at the window's end, bytes. */
  memory?: number;
  /** Time left of the soak at the window's end, ms. */
  timeLeftMs?: number;
  /** Why the window's probe failed (the `error` tag of soak.probe_failures). */
  probeError?: string;
  /** When the window's last event arrived (the reporter's clock), for a countdown between windows. */
  at: number;
}

/**
 * Folds soak metric events into each soak's latest window. `add` returns
 * the window once its last event (`soak.time_left`) is in: the moment to
 * print a line for it.
 */
export class SoakProgress {
  private readonly soaks = new Map<string, SoakWindowView>();

  add(event: MetricEvent, now: number): SoakWindowView | undefined {
    const soak = event.tags?.soak;
    const window = Number(event.tags?.window);
    if (!event.name.startsWith('soak.') || soak === undefined || !Number.isInteger(window)) return undefined;
    let view = this.soaks.get(soak);
    if (!view || view.window !== window) {
      view = { soak, window, at: now, ...(event.testId !== undefined ? { testId: event.testId } : {}) };
      this.soaks.set(soak, view);
    }
    view.at = now;
    if (event.name === 'soak.latency.p99') view.p99 = event.value;
    else if (event.name === 'soak.error_rate') view.errorRate = event.value;
    else if (event.name === 'soak.sut.memory') view.memory = event.value;
    else if (event.name === 'soak.probe_failures' && event.tags?.error) view.probeError = event.tags.error;
    else if (event.name === 'soak.time_left') {
      view.timeLeftMs = event.value;
      return view;
    }
    return undefined;
  }

  /** The soak that reported last, for the live line. */
  latest(): SoakWindowView | undefined {
    let latest: SoakWindowView | undefined;
    for (const view of this.soaks.values()) if (!latest || view.at >= latest.at) latest = view;
    return latest;
  }

  /** A test's soaks are over once it ends: the live line stops showing them. */
  clearTest(testId: string): void {
    for (const [soak, view] of this.soaks) if (view.testId === testId) this.soaks.delete(soak);
  }
}

/** `soak steady 0:42 left · p99 1.2 ms · errors 0.00% · SUT 47.7 MB` (time left counted down since the window ended). */
export function formatSoakLive(view: SoakWindowView, now: number): string {
  const left = view.timeLeftMs !== undefined ? `${formatClock(Math.max(0, view.timeLeftMs - (now - view.at)))} left` : `window ${view.window + 1}`;
  return [`soak ${view.soak} ${left}`, ...measures(view)].join(' · ');
}

/** Off a terminal, one line per window: `  ◷ soak steady window 3 · p99 1.2 ms · errors 0.00% · SUT 47.7 MB · 0:42 left`. */
export function formatSoakWindowLine(view: SoakWindowView, colors: Colors = noColors): string {
  const parts = [`soak ${view.soak} window ${view.window + 1}`, ...measures(view)];
  if (view.timeLeftMs !== undefined) parts.push(`${formatClock(view.timeLeftMs)} left`);
  return `  ${colors.cyan('◷')} ${colors.dim(parts.join(' · '))}`;
}

function measures(view: SoakWindowView): string[] {
  return [
    view.p99 !== undefined ? `p99 ${formatMicros(view.p99)}` : '',
    view.errorRate !== undefined ? `errors ${(view.errorRate * 100).toFixed(2)}%` : '',
    view.memory !== undefined ? `SUT ${formatBytes(view.memory)}` : '',
    view.probeError !== undefined ? `probe failed: ${view.probeError.length > 80 ? `${view.probeError.slice(0, 79)}…` : view.probeError}` : '',
  ].filter(Boolean);
}

export function formatMicros(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(1)} ms`;
  return `${Math.round(us)} µs`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

import type { MetricEvent, RunEvent } from 'tollgate/reporter';

/** What drivers/soak measured in one window (its `soak.*` metric events with tags soak and window). */
export interface SoakWindowPoint {
  window: number;
  p50?: number;
  /** µs */
  p99?: number;
  errorRate?: number;
  /** bytes */
  memory?: number;
}

/** The soak's criteria as numbers (drivers/soak's `soak-limits` annotation). */
export interface SoakLimitValues {
  durationMs?: number;
  windowMs?: number;
  errorRate?: number;
  memorySlopeBytesPerHour?: number;
  latencyCreepMaxIncrease?: number;
}

/** One criterion's result as drivers/soak records it (its `soak-criterion` annotation). */
export interface SoakCriterionResult {
  criterion: string;
  ok: boolean;
  judged: boolean;
  measured: string;
  limit: string;
  message: string;
}

export interface SoakSeries {
  soak: string;
  /** The criteria's results, once the soak's test ended. */
  criteria?: SoakCriterionResult[];
  testId?: string;
  windows: SoakWindowPoint[];
  /** Gaps of a resumed soak: after which window, how long. */
  gaps: { afterWindow: number; ms: number }[];
  limits?: SoakLimitValues;
}

const FIELDS: Record<string, keyof Omit<SoakWindowPoint, 'window'>> = {
  'soak.latency.p50': 'p50',
  'soak.latency.p99': 'p99',
  'soak.error_rate': 'errorRate',
  'soak.sut.memory': 'memory',
};

/**
 * A soak's windows, one point each, for the report's soak charts. A window
 * is a handful of numbers, so even a 72 h soak in 5-minute windows is 864
 * points; beyond `maxWindows` neighbours merge (the worse p99 and error
 * rate, the later memory), so the reporter's memory stays bounded.
 */
export class SoakSeriesCollector {
  private readonly soaks = new Map<string, SoakSeries & { byWindow: Map<number, SoakWindowPoint> }>();

  constructor(private readonly maxWindows = 2000) {}

  /** True when the event was a soak metric (the report draws it here, not among the plain metrics). */
  add(event: RunEvent): boolean {
    if (event.type === 'test.end') {
      // A retried soak records its criteria again: the last attempt's are the ones that count.
      const fresh = new Set<SoakSeries>();
      for (const annotation of event.annotations) {
        if ((annotation.type !== 'soak-limits' && annotation.type !== 'soak-criterion') || !annotation.description) continue;
        try {
          const recorded = JSON.parse(annotation.description) as SoakLimitValues & SoakCriterionResult & { soak: string };
          const series = this.series(recorded.soak, event.testId);
          if (annotation.type === 'soak-limits') series.limits = recorded;
          else {
            if (!fresh.has(series)) (series.criteria = []), fresh.add(series);
            series.criteria!.push({ criterion: recorded.criterion, ok: recorded.ok, judged: recorded.judged, measured: recorded.measured, limit: recorded.limit, message: recorded.message });
          }
        } catch {
          // Not ours.
        }
      }
      return false;
    }
    if (event.type !== 'metric' || !event.name.startsWith('soak.') || event.tags?.soak === undefined) return false;
    const metric = event as MetricEvent;
    const window = Number(metric.tags!.window);
    if (!Number.isInteger(window)) return true;
    const series = this.series(metric.tags!.soak!, metric.testId);
    if (metric.name === 'soak.gap') {
      series.gaps.push({ afterWindow: window, ms: metric.value });
      return true;
    }
    const field = FIELDS[metric.name];
    if (!field) return true;
    let point = series.byWindow.get(window);
    if (!point) {
      point = { window };
      series.byWindow.set(window, point);
      if (series.byWindow.size > this.maxWindows) this.halve(series);
    }
    point[field] = metric.value;
    return true;
  }

  list(): SoakSeries[] {
    return [...this.soaks.values()].map(({ byWindow, ...series }) => ({ ...series, windows: [...byWindow.values()].sort((a, b) => a.window - b.window) }));
  }

  private series(soak: string, testId: string | undefined): SoakSeries & { byWindow: Map<number, SoakWindowPoint> } {
    const key = JSON.stringify([testId ?? null, soak]);
    let series = this.soaks.get(key);
    if (!series) {
      series = { soak, ...(testId !== undefined ? { testId } : {}), windows: [], gaps: [], byWindow: new Map() };
      this.soaks.set(key, series);
    }
    return series;
  }

  private halve(series: { byWindow: Map<number, SoakWindowPoint> }): void {
    const sorted = [...series.byWindow.values()].sort((a, b) => a.window - b.window);
    series.byWindow.clear();
    for (let i = 0; i < sorted.length; i += 2) {
      const a = sorted[i]!;
      const b = sorted[i + 1];
      const merged: SoakWindowPoint = b
        ? { window: b.window, p50: max(a.p50, b.p50), p99: max(a.p99, b.p99), errorRate: max(a.errorRate, b.errorRate), memory: b.memory ?? a.memory }
        : a;
      series.byWindow.set(merged.window, merged);
    }
  }
}

function max(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

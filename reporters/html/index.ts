import path from 'node:path';
import type { ReporterFactory, RunState, TestCase, TestOutcome } from 'tollgate/reporter';
import { applyEvent, createRunState, defineReporter } from 'tollgate/reporter';
import { outputPath, writeReportFile } from '../shared/output-path.ts';
import { buildReportData } from './build-report-data.ts';
import { MetricSummaryCollector, type MetricSummary } from '../shared/metric-summary.ts';
import { buildLoadPanels } from './load-panels.ts';
import { measuredTableHtml } from './measured-table.ts';
import { MetricCollector, type MetricSeries } from './metric-series.ts';
import { SoakSeriesCollector, type SoakSeries } from './soak-series.ts';
import type { TestHistory } from './report-data.ts';
import { renderHtml } from './render-html.ts';
import { createAttachmentResolver } from './resolve-attachment.ts';
import { archiveHistory } from './archive-history.ts';

/**
 * Where the report's history strips and new/known/flaky badges come from.
 * Given the run's tests, answer what an archive knows about each (tests it
 * has never seen are simply left out). Without one, the report has no
 * history column; everything else is the same.
 */
export type HistoryLookup = (tests: readonly TestCase[], run: HistoryRun) =>
  | ReadonlyMap<string, TestHistory>
  | Promise<ReadonlyMap<string, TestHistory>>;

export interface HistoryRun {
  runId: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  startTime: string;
  /** The project's root, where the archive lives by default. */
  rootDir: string;
  /** Each test's outcome in this run (undefined: none yet). */
  outcomes: ReadonlyMap<string, TestOutcome | undefined>;
}

export interface HtmlReporterOptions {
  history?: HistoryLookup;
  /** gzip+base64 the embedded data (default true); false keeps it readable JSON. */
  compress?: boolean;
}

export interface WriteHtmlReportOptions extends HtmlReporterOptions {
  runDir: string;
  /** The report file. */
  file: string;
  metrics?: MetricSeries[];
  soaks?: SoakSeries[];
  /** The end-of-run metric table (reporters/shared/metric-summary.ts), shown as "Measured". */
  measured?: MetricSummary;
}

/** Builds the report of a finished (or unfinished) run and writes it to `file`. */
export async function writeHtmlReport(state: RunState, options: WriteHtmlReportOptions): Promise<void> {
  const tests = [...state.tests.values()].map((r) => r.test);
  let history: ReadonlyMap<string, TestHistory> | undefined;
  if (options.history && state.begin) {
    try {
      const b = state.begin;
      const outcomes = new Map([...state.tests.values()].map((r) => [r.test.id, r.outcome] as const));
      history = await options.history(tests, { runId: b.runId, gate: b.gate, environment: b.environment, subject: b.subject, startTime: b.time, rootDir: b.rootDir, outcomes });
    } catch (error) {
      // History is an extra: a report without it beats no report.
      state.errors.push({ source: 'reporter', error: { message: `The HTML report has no history: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }
  const metrics = options.metrics ?? [];
  const data = buildReportData(state, {
    resolveAttachment: createAttachmentResolver({ runDir: options.runDir, reportDir: path.dirname(options.file) }),
    history,
    metricSeries: metrics.length,
  });
  const titles = new Map(tests.map((t) => [t.id, t.title]));
  // Each load's series and the thresholds and baselines that judged it become one panel; the rest are plain metrics.
  const loads = buildLoadPanels(metrics, state);
  await writeReportFile(options.file, renderHtml(data, {
    compress: options.compress,
    metrics: loads.rest,
    loads: loads.panels,
    testTitles: titles,
    soaks: options.soaks ?? [],
    ...(options.measured ? { measuredHtml: measuredTableHtml(options.measured, titles) } : {}),
  }));
}

/** A reporter factory with a history source (the archive, when the run has one). */
export function createHtmlReporter(options: HtmlReporterOptions = {}): ReporterFactory {
  return defineReporter((ctx) => {
    const state = createRunState();
    const metrics = new MetricCollector();
    const soaks = new SoakSeriesCollector();
    const measured = new MetricSummaryCollector();
    const file = outputPath(ctx, 'report.html');
    return {
      outputs: [{ path: file, kind: 'file' }],
      onEvent(event) {
        measured.add(event);
        // A soak's window metrics go to its own charts, one point per window, with the criteria drawn on them.
        if (soaks.add(event)) return;
        if (event.type === 'metric') metrics.add(event);
        else applyEvent(state, event);
      },
      async onEnd() {
        await writeHtmlReport(state, { ...options, runDir: ctx.runDir, file, metrics: metrics.list(), soaks: soaks.list(), measured: measured.summary(state) });
      },
    };
  });
}

/**
 * `--reporter html[=PATH]`: one self-contained HTML file, by default
 * report.html in the run directory, with history strips and badges from
 * the project's archive when there is one. `tollgate report RUN_DIR --reporter
 * html=x.html` rebuilds it from events.ndjson.
 */
export default createHtmlReporter({ history: archiveHistory() });

export { buildReportData, type BuildOptions } from './build-report-data.ts';
export { renderHtml, type RenderOptions } from './render-html.ts';
export { MetricCollector, type MetricSeries } from './metric-series.ts';
export { SoakSeriesCollector, type SoakSeries } from './soak-series.ts';
export { svgSoakChart, soakChartsHtml } from './svg-soak-chart.ts';
export type { HtmlReportData, TestHistory } from './report-data.ts';
export { readReportData } from './read-report-data.ts';
export { archiveHistory, historyOf, HISTORY_RUNS } from './archive-history.ts';

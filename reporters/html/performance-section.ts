import { isShortLoad, loadPanelHtml, shortLoadsTableHtml } from './load-panel.ts';
import type { LoadPanel } from './load-panels.ts';
import { otherMetricsHtml } from './metric-charts.ts';
import type { MetricSeries } from './metric-series.ts';
import type { SoakSeries } from './soak-series.ts';
import { soakChartsHtml, soakCrossed } from './svg-soak-chart.ts';

export interface PerformanceInput {
  loads: LoadPanel[];
  /** Series of no load. */
  metrics: MetricSeries[];
  soaks: SoakSeries[];
  titles?: ReadonlyMap<string, string>;
  /** The end-of-run metric table, as HTML (see RenderOptions.measuredHtml). */
  measuredHtml?: string;
}

/**
 * The report's performance and soak content in two parts: `crossed`, the
 * panels of every load or soak that crossed a limit (or could not be judged
 * because the generator fell behind), for the top of the page under the
 * verdict; and `rest`, everything else, below the test list.
 */
export function performanceHtml(input: PerformanceInput): { crossed: string; rest: string } {
  const title = (testId: string | undefined) => (testId ? input.titles?.get(testId) ?? testId : undefined);
  const top: string[] = [];
  const held: string[] = [];
  const short: LoadPanel[] = [];
  // Crossed loads first, then those the generator could not judge: the first panel on the page is the system's failure.
  const loads = [...input.loads].sort((a, b) => Number(b.crossed) - Number(a.crossed));
  for (const panel of loads) {
    if (panel.crossed || panel.inconclusive) top.push(loadPanelHtml(panel, title(panel.testId)));
    else if (isShortLoad(panel)) short.push(panel);
    else held.push(loadPanelHtml(panel, title(panel.testId)));
  }
  const soaksHeld: string[] = [];
  for (const soak of input.soaks) (soakCrossed(soak) ? top : soaksHeld).push(soakChartsHtml(soak, title(soak.testId)));

  const crossed = top.length ? `<section class="crossed-panels" id="crossed"><h2>Limits crossed</h2>${top.join('')}</section>` : '';
  const loadsHtml = held.length || short.length ? `<section class="metrics loads" id="loads"><h2>Loads</h2>${held.join('')}${shortLoadsTableHtml(short, input.titles)}</section>` : '';
  const measured = input.measuredHtml ? `<section class="metrics measured" id="measured"><h2>Measured</h2>${input.measuredHtml}</section>` : '';
  const soaks = soaksHeld.length ? `<section class="metrics soaks" id="soaks"><h2>Soaks</h2>${soaksHeld.join('')}</section>` : '';
  return { crossed, rest: [measured, loadsHtml, soaks, otherMetricsHtml(input.metrics, input.titles)].join('') };
}

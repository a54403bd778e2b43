import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { TestError } from 'tollgate/reporter';
import { escapeHtml } from './escape-html.ts';
import type { MetricSeries } from './metric-series.ts';
import type { HtmlReportData, HtmlVerdict } from './report-data.ts';
import type { SoakSeries } from './soak-series.ts';
import { performanceHtml, type PerformanceInput } from './performance-section.ts';

/**
 * The page around the data: the verdict and charts are plain HTML (they
 * show before any script runs), the test tree and details are drawn by
 * the page script from the embedded JSON. Everything is in the one file;
 * the page makes no network request.
 */
export interface RenderOptions {
  /** gzip the embedded JSON (base64, inflated in the browser with DecompressionStream). Default true. */
  compress?: boolean;
  /** Series of no load; with `loads`, only those outside every load. */
  metrics?: MetricSeries[];
  /** Each load's panel (load-panels.ts): latency with its limits, rate, errors, generator health. */
  loads?: PerformanceInput['loads'];
  /** Test titles for metric series that belong to a test. */
  testTitles?: ReadonlyMap<string, string>;
  /** Soaks' per-window series (issue 6), drawn with their criteria. */
  soaks?: SoakSeries[];
  /**
   * The end-of-run table of every measured metric (issue 16, item 2), as HTML, shown as
   * "Measured" under the panels; built by the module that also prints it on the console.
   */
  measuredHtml?: string;
}

const asset = (name: string) => readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');
let assets: { css: string; js: string } | undefined;

export function renderHtml(data: HtmlReportData, options: RenderOptions = {}): string {
  assets ??= { css: asset('report.css'), js: asset('report-app.js') };
  const compress = options.compress ?? true;
  const json = JSON.stringify(data);
  const payload = compress ? gzipSync(json, { level: 3 }).toString('base64') : json.replace(/</g, '\\u003c');
  const status = data.verdict?.status ?? (data.run?.status === 'unfinished' ? 'UNFINISHED' : 'NO VERDICT');
  const performance = performanceHtml({ loads: options.loads ?? [], metrics: options.metrics ?? [], soaks: options.soaks ?? [], titles: options.testTitles, measuredHtml: options.measuredHtml });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // The page may load nothing from the network: images are data: URIs or files beside the report.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: file: 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline';">`,
    `<title>${escapeHtml(`${status} · ${data.title}`)}</title>`,
    `<style>${assets.css}</style></head><body>`,
    runErrorBannerHtml(data),
    // A crossed limit's panel sits right under the verdict: the first thing a QA lead sees (issue 16, item 1).
    `<header class="top">${verdictHtml(data, status)}${performance.crossed}${runInfoHtml(data)}${outsideErrorsHtml(data)}</header>`,
    '<section class="main" id="main">',
    '<div class="toolbar" id="toolbar"><span class="loading">Loading tests…</span></div>',
    '<div class="split"><div class="list" id="list" tabindex="0"><div id="spacer"></div><div id="rows"></div></div>',
    '<div class="detail" id="detail"><p class="hint">Select a test to see its attempts, steps, errors, attachments and output.</p></div></div>',
    '</section>',
    performance.rest,
    `<script type="application/json" id="tollgate-data" data-encoding="${compress ? 'gzip-base64' : 'json'}">${payload}</script>`,
    `<script>${assets.js}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function verdictHtml(data: HtmlReportData, status: string): string {
  const v = data.verdict;
  const counts = data.counts;
  const countLine = (['failed', 'flaky', 'passed', 'skipped', 'interrupted', 'missing'] as const)
    .filter((k) => counts[k] > 0 || k === 'failed' || k === 'passed')
    .map((k) => `<span class="count c-${k}">${counts[k]} ${k}</span>`)
    .join(' ');
  const gate = v?.gate ?? data.run?.gate;
  return [
    `<div class="verdict v-${escapeHtml(status.toLowerCase().replace(/\s+/g, '-'))}" id="verdict">`,
    `<div class="verdict-status">${escapeHtml(status)}</div>`,
    `<div class="verdict-what">${gate ? `gate <b>${escapeHtml(gate)}</b>` : 'no gate'}${data.run?.subject ? ` · subject <code>${escapeHtml(data.run.subject)}</code>` : ''}${v ? ` · exit code ${v.exitCode}` : ''}</div>`,
    `<div class="counts">${countLine}</div>`,
    '</div>',
    v ? rulesHtml(v, data) : '<p class="no-verdict">The run has no verdict: it did not finish. Tests without an outcome are listed as missing.</p>',
  ].join('');
}

function rulesHtml(v: HtmlVerdict, data: HtmlReportData): string {
  const rows = v.rules.map((r) => {
    const links = (r.tests ?? []).slice(0, 20).map((i) => `<a href="#test=${i}" class="rule-test" data-test="${i}">${escapeHtml(data.tests[i]?.[0] ?? String(i))}</a>`);
    const more = (r.tests?.length ?? 0) > 20 ? ` and ${(r.tests?.length ?? 0) - 20} more` : '';
    const others = r.otherTests?.length ? ` <span class="muted">(${r.otherTests.map(escapeHtml).join(', ')})</span>` : '';
    return [
      `<tr class="rule r-${escapeHtml(r.outcome)}">`,
      `<td class="rule-outcome">${escapeHtml(r.outcome.toUpperCase())}</td>`,
      `<td class="rule-name">${escapeHtml(r.rule)}</td>`,
      `<td class="rule-measured">${escapeHtml(r.measured === null ? '—' : String(r.measured))}</td>`,
      `<td class="rule-limit">${escapeHtml(r.limit ?? '—')}</td>`,
      `<td class="rule-message">${ruleMessageHtml(r.message)}${links.length ? `<div class="rule-tests">${links.join(' ')}${more}</div>` : ''}${others}</td>`,
      '</tr>',
    ].join('');
  });
  return `<table class="rules" id="rules"><thead><tr><th>outcome</th><th>rule</th><th>measured</th><th>limit</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Longest rule message shown whole; a longer one folds (a click opens it), so the panels under the table stay on the first screen. */
const RULE_MESSAGE_SHOWN = 200;

function ruleMessageHtml(message: string): string {
  if (message.length <= RULE_MESSAGE_SHOWN) return escapeHtml(message);
  const cut = message.lastIndexOf(' ', RULE_MESSAGE_SHOWN);
  const at = cut > RULE_MESSAGE_SHOWN / 2 ? cut : RULE_MESSAGE_SHOWN;
  return `<details class="rule-more"><summary>${escapeHtml(message.slice(0, at))} …</summary>${escapeHtml(message.slice(at))}</details>`;
}

function runInfoHtml(data: HtmlReportData): string {
  const r = data.run;
  if (!r) return '';
  const items: [string, string | null][] = [
    ['run', r.runId],
    ['environment', r.environment],
    ['started', r.startTime],
    ['duration', r.duration === null ? null : `${(r.duration / 1000).toFixed(1)}s`],
    ['status', r.status],
    ['host', r.host],
    ['shard', r.shard],
    ['tollgate', r.tollgateVersion],
  ];
  return `<dl class="run-info">${items.filter(([, v]) => v).map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v!)}</dd></div>`).join('')}</dl>`;
}

/**
 * A red banner over everything when the run itself broke: an environment
 * that could not be set up, a driver that did not start or could not
 * measure (issue 13.8-9). The tests below then read as skipped or broken,
 * and nobody should take them for the story.
 */
function runErrorBannerHtml(data: HtmlReportData): string {
  const lines = [
    ...data.errors.filter((e) => e.source === 'environment').map((e) => `The environment could not be set up: ${e.error.message}`),
    ...(data.verdict?.rules ?? []).filter((r) => r.rule === 'harness' && r.outcome === 'error').map((r) => r.message),
  ];
  if (lines.length === 0) return '';
  return `<div class="run-error-banner" id="run-error" role="alert">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
}

function outsideErrorsHtml(data: HtmlReportData): string {
  if (data.errors.length === 0 && data.suiteErrors.length === 0) return '';
  const items = [
    ...data.suiteErrors.map((e) => errorItem(`suite ${e.suite}`, e.error)),
    ...data.errors.map((e) => errorItem([e.source, e.suite, e.file].filter(Boolean).join(' · '), e.error)),
  ];
  return `<section class="outside-errors"><h2>Errors outside tests</h2>${items.join('')}</section>`;
}

function errorItem(where: string, error: TestError): string {
  return `<div class="outside-error"><div class="where">${escapeHtml(where)}</div><pre class="err-msg">${escapeHtml(error.message)}</pre>${error.snippet ? `<pre class="snippet">${escapeHtml(error.snippet)}</pre>` : ''}</div>`;
}

import type { Reporter, ReporterContext, RunEvent } from 'tollgate/reporter';
import { applyEvent, createRunState } from 'tollgate/reporter';
import { MetricSummaryCollector } from '../shared/metric-summary.ts';
import { colorsEnabled, createColors } from './colors.ts';
import { formatEndReport } from './format-end-report.ts';
import { formatLiveLine, type LiveProgress } from './format-live-line.ts';
import { firstLine, formatRetryLine, formatTestLine } from './format-test-line.ts';
import { formatSoakLive, formatSoakWindowLine, SoakProgress } from './soak-progress.ts';

export interface ConsoleReporterOptions {
  /** The clock, for tests. */
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  /** How often the live line may redraw. 100 ms keeps it at ~10 redraws a second. */
  redrawMs?: number;
  /** The working directory attachment paths are shown relative to (default: process.cwd()). */
  cwd?: string;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * The terminal reporter. The formatting lives in pure functions beside this
 * file; this one only decides when to print and keeps the live line from
 * mixing with other output (every printed line clears it first, the next
 * tick redraws it).
 *
 * On a terminal: a live line, plus a line for each failed or flaky test as
 * soon as it ends. Off a terminal: one line per finished test and per retry.
 * Both: errors outside tests as they happen, then the end report.
 */
export function createConsoleReporter(ctx: ReporterContext, options: ConsoleReporterOptions = {}): Reporter {
  const now = options.now ?? Date.now;
  const colors = createColors(colorsEnabled(ctx.isTTY, options.env));
  const live = ctx.isTTY && !ctx.replay;
  const state = createRunState();
  const progress: Omit<LiveProgress, 'elapsedMs'> = { passed: 0, failed: 0, flaky: 0, skipped: 0, running: 0, planned: 0 };
  const soaks = new SoakProgress();
  const metrics = new MetricSummaryCollector();
  // Tests running now, oldest first: the live line names the newest (issue 16, item 3).
  const running = new Map<string, string>();
  // Tests of listed foreign suites (robot) not announced yet: counted in the ETA from the start.
  const listedSuites = new Set<string>();
  let listedNotAnnounced = 0;
  let startedAt = now();
  let shownLine = '';
  let timer: NodeJS.Timeout | undefined;

  // Lines written in one turn of the event loop go out as one write: a
  // thousand tests ending close together are a handful of writes, not a
  // thousand (each costs a system call and, on a pipe, a wait).
  let pending = '';
  let flushing: NodeJS.Immediate | undefined;
  const flush = () => {
    if (flushing) clearImmediate(flushing);
    flushing = undefined;
    if (pending === '') return;
    ctx.stdout.write(pending);
    pending = '';
  };
  const write = (text: string) => {
    pending += text;
    flushing ??= setImmediate(flush);
  };
  // A pseudo-terminal without a size reports 0 columns.
  const width = () => (ctx.stdout as { columns?: number }).columns || 80;

  function clearLive(): void {
    if (shownLine === '') return;
    write(CLEAR_LINE);
    shownLine = '';
  }

  function print(line: string): void {
    clearLive();
    write(`${line}\n`);
  }

  function draw(): void {
    const soak = soaks.latest();
    const current = [...running.values()].at(-1);
    const line = formatLiveLine({ ...progress, elapsedMs: now() - startedAt, ...(current ? { current } : {}), ...(soak ? { soak: formatSoakLive(soak, now()) } : {}) }, colors, width());
    if (line === shownLine) return;
    write(CLEAR_LINE + line);
    shownLine = line;
  }

  function stopLive(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    clearLive();
  }

  function onTestEnd(event: Extract<RunEvent, { type: 'test.end' }>): void {
    const result = state.tests.get(event.testId);
    progress.running = Math.max(0, progress.running - 1);
    running.delete(event.testId);
    if (!result) return;
    if (!event.outcome) {
      const attempt = result.attempts.find((a) => a.attempt === event.attempt);
      if (!live && attempt && (event.status === 'failed' || event.status === 'timedOut')) print(formatRetryLine(result, attempt, colors));
      return;
    }
    if (event.outcome !== 'interrupted') progress[event.outcome]++;
    if (!live || event.outcome === 'failed' || event.outcome === 'flaky') print(formatTestLine(result, colors));
  }

  return {
    printsToStdout: true,
    onEvent(event) {
      applyEvent(state, event);
      metrics.add(event);
      switch (event.type) {
        case 'run.begin': {
          startedAt = live ? now() : Date.parse(event.time);
          for (const suite of event.suites) if (suite.tests !== undefined) listedSuites.add(suite.name), (listedNotAnnounced += suite.tests);
          progress.planned = state.tests.size + listedNotAnnounced;
          const where = [event.gate ? `gate ${event.gate}` : undefined, `environment ${event.environment}`, event.shard ? `shard ${event.shard}` : undefined];
          // Suites of other runners (tap, robot, ...) count their tests as they announce them.
          const others = event.suites.length ? ` and ${event.suites.length} ${event.suites.length === 1 ? 'suite' : 'suites'} of other runners` : '';
          print(colors.dim(`Running ${event.tests.length} ${event.tests.length === 1 ? 'test' : 'tests'} with ${event.workers} ${event.workers === 1 ? 'worker' : 'workers'}${others} (${where.filter(Boolean).join(', ')})`));
          if (live) {
            draw();
            timer = setInterval(draw, options.redrawMs ?? 100);
            timer.unref();
          }
          break;
        }
        case 'test.add':
          if (listedSuites.has(event.test.suite)) listedNotAnnounced = Math.max(0, listedNotAnnounced - 1);
          progress.planned = state.tests.size + listedNotAnnounced;
          break;
        case 'test.begin': {
          progress.running++;
          const test = state.tests.get(event.testId)?.test;
          running.delete(event.testId);
          running.set(event.testId, test ? test.titlePath.join(' › ') : event.testId);
          break;
        }
        case 'test.end':
          onTestEnd(event);
          if (event.outcome) soaks.clearTest(event.testId);
          break;
        case 'error': {
          const where = [event.suite, event.file].filter(Boolean).join(' › ');
          print(`  ${colors.red('✘')} ${event.source} error${where ? ` in ${where}` : ''}: ${firstLine(event.error.message)}`);
          break;
        }
        case 'metric': {
          // A soak's windows (issue 6): on a terminal in the live line, elsewhere a line per window.
          const window = soaks.add(event, now());
          if (window && !live) print(formatSoakWindowLine(window, colors));
          break;
        }
        case 'log':
          // Output that belongs to no test (a runner's own chatter) would otherwise be lost.
          if (event.testId === undefined) print(event.text.replace(/\n$/, ''));
          break;
        case 'run.end':
          stopLive();
          break;
      }
    },
    onEnd() {
      stopLive();
      write(formatEndReport(state, { colors, runDir: ctx.runDir, cwd: options.cwd ?? process.cwd(), width: width(), metrics: metrics.summary(state), outputs: ctx.outputs?.() ?? [], attestation: ctx.attestation?.() }));
      flush();
    },
  };
}

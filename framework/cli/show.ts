import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../model/exit-codes.ts';
import { checkRunId } from '../model/run-id.ts';
import { startReportServer, traceViewerPath, type ReportServer } from './report-server.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

/**
 * `tollgate show-trace FILE` and `tollgate show-report [RUN]` (issue 16,
 * item 4): serve a Playwright trace in the trace viewer, or a run's HTML
 * report (whose trace links then open in the viewer), on a local port until
 * Ctrl+C. Like Playwright's commands of the same names; the browser is the
 * user's to open: the URL is printed.
 */

export interface ShowOptions {
  host?: string;
  port?: string;
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 9323;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${value}: give a port number from 0 to 65535 (0 picks a free one)`);
  return port;
}

export async function showTraceCommand(file: string, options: ShowOptions): Promise<number> {
  try {
    const trace = path.resolve(file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(trace);
    } catch {
      throw new UsageError(`show-trace ${file}: no such file; give the trace.zip a portal or Playwright test attached (the HTML report links it)`);
    }
    if (!stat.isFile() || !isZip(trace)) throw new UsageError(`show-trace ${file}: not a Playwright trace (a .zip written by context.tracing.stop()); give the trace attachment's file`);
    return await serveUntilStopped({ root: path.dirname(trace), index: (origin) => traceViewerPath(encodeURIComponent(path.basename(trace)), origin) }, options, `trace viewer for ${file}`);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
}

export async function showReportCommand(run: string | undefined, options: ShowOptions): Promise<number> {
  try {
    const report = findReport(run);
    return await serveUntilStopped({ root: path.dirname(report), index: `/${encodeURIComponent(path.basename(report))}` }, options, `report ${path.relative(process.cwd(), report) || report}`);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
}

function isZip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head.toString('latin1') === 'PK';
  } finally {
    fs.closeSync(fd);
  }
}

/** RUN is a report file, a run directory, or a run id under .tollgate/runs; none: the newest run that has a report. */
function findReport(run: string | undefined): string {
  const runs = path.resolve('.tollgate', 'runs');
  if (run === undefined) {
    const reports = (fs.existsSync(runs) ? fs.readdirSync(runs) : [])
      .map((id) => path.join(runs, id, 'report.html'))
      .filter((file) => fs.existsSync(file))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    if (reports.length === 0) throw new UsageError(`no run under ${path.relative(process.cwd(), runs) || runs} has a report.html: run with \`--reporter html\` (or \`tollgate report RUN_DIR --reporter html\`), or give the report's path`);
    return reports[0];
  }
  const given = path.resolve(run);
  if (fs.existsSync(given) && fs.statSync(given).isFile()) return given;
  let dir = given;
  if (!fs.existsSync(given)) {
    checkRunId(run, 'show-report');
    dir = path.join(runs, run);
    if (!fs.existsSync(dir)) throw new UsageError(`show-report ${run}: no such file, folder or run under ${path.relative(process.cwd(), runs)}; \`tollgate runs\` lists the runs`);
  }
  const report = path.join(dir, 'report.html');
  if (!fs.existsSync(report)) throw new UsageError(`show-report ${run}: ${path.relative(process.cwd(), dir) || dir} has no report.html; write it with \`tollgate report ${path.relative(process.cwd(), dir) || dir} --reporter html\``);
  return report;
}

async function serveUntilStopped(what: { root: string; index: string | ((origin: string) => string) }, options: ShowOptions, label: string): Promise<number> {
  const port = portOf(options.port);
  let server: ReportServer;
  try {
    server = await startReportServer({ root: what.root, index: what.index, host: options.host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: give another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${options.host}: not an address of this machine`);
    throw error;
  }
  process.stdout.write(`Serving the ${label} at ${server.url}\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return ExitCode.Pass;
}

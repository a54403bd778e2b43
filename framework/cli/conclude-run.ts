import fs from 'node:fs';
import path from 'node:path';
import { dropCutLine, EVENTS_FILE, readEvents, writeVerdict } from '../archive/run-directory.ts';
import { evaluateGate } from '../gate/evaluate-gate.ts';
import { gateInputPolicy } from '../gate/gate-policy.ts';
import { recordedEnvironmentError } from '../gate/harness-rule.ts';
import { TOLLGATE_PROCESS_ERROR, type RunBeginEvent, type RunEvent } from '../model/events.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { buildRunState } from '../model/run-state.ts';
import { builtinReporters, parseReporterSpec } from '../../reporters/registry.ts';
import { reportCommand } from './report.ts';

/**
 * `tollgate conclude-run --standby` (hidden; cli/supervise-run.js starts it
 * when the run is signalled, so that it has loaded by the time it may be
 * needed): waits for the run to conclude, or exits 0 when the supervisor
 * lets it go (the run ended by itself).
 */
export function concludeRunOnRequest(): Promise<number> {
  // Loaded ahead: what the reports of most runs need.
  void Promise.all([import('../../reporters/junit/index.ts'), import('../../reporters/json/index.ts')]).catch(() => {});
  return new Promise((resolve) => {
    process.once('disconnect', () => resolve(ExitCode.Pass));
    process.once('message', (message: ConcludeRunOptions & { runDir: string }) => {
      process.removeAllListeners('disconnect');
      resolve(concludeRun(message.runDir, message));
    });
  });
}

export interface ConcludeRunOptions {
  /** Why the run's process is gone, as its supervisor saw it. */
  reason: string;
  /** The run was asked to stop (SIGINT/SIGTERM): INTERRUPTED, exit 4. */
  interrupted?: boolean;
  /** The run's reporters, as it was given them. */
  reporters: string[];
}

/**
 * The verdict of a run whose process is gone without one. Its events stay
 * as they were written; an error of the tollgate process, run.end and a
 * verdict judged from them are appended, so the verdict is ERROR (or
 * INTERRUPTED), never PASS, and every built-in report is rebuilt from the
 * events as `tollgate report` would. A reporter module of the user's is
 * not run again: it may be what hung the run.
 *
 * The gate's policy is the default one for the run's gate: the config is
 * user code, and may be what hung the run too. With an error outside the
 * tests on record, no policy could make the verdict PASS.
 */
export async function concludeRun(runDir: string, options: ConcludeRunOptions): Promise<number> {
  const dir = path.resolve(runDir);
  const fallback = options.interrupted ? ExitCode.Interrupted : ExitCode.Failed;
  if (!fs.existsSync(path.join(dir, EVENTS_FILE))) {
    process.stderr.write(`tollgate: ${options.reason}, before its run began: no tests ran\n`);
    return fallback;
  }
  const events = readEvents(dir);
  const begin = events.find((e): e is RunBeginEvent => e.type === 'run.begin');
  if (!begin) {
    process.stderr.write(`tollgate: ${options.reason}, before its run began: no tests ran (${dir})\n`);
    return fallback;
  }
  if (!events.some((e) => e.type === 'verdict')) appendVerdict(dir, events, begin, options);
  process.stderr.write(`tollgate: the run was concluded from its events (${path.join(dir, EVENTS_FILE)})\n`);
  const { builtin, skipped } = builtinSpecs(options.reporters);
  if (skipped.length) process.stderr.write(`tollgate: not run again: ${skipped.join(', ')} (a reporter module may be what stopped the run; \`tollgate report ${dir} --reporter ...\` rebuilds it)\n`);
  // The verdict line is printed whatever reporters the run had.
  return reportCommand(dir, { reporter: builtin });
}

function appendVerdict(dir: string, events: RunEvent[], begin: RunBeginEvent, options: ConcludeRunOptions): void {
  const now = new Date();
  const error: RunEvent = { type: 'error', time: now.toISOString(), source: TOLLGATE_PROCESS_ERROR, error: { message: `${options.reason}; the run was ended by its supervisor` } };
  const runEnd: RunEvent[] = events.some((e) => e.type === 'run.end')
    ? []
    : [{ type: 'run.end', time: now.toISOString(), status: options.interrupted ? 'interrupted' : 'completed', duration: now.getTime() - Date.parse(begin.time) }];
  const state = buildRunState([...events, error, ...runEnd]);
  const verdict = evaluateGate({
    state,
    gate: begin.gate,
    policy: gateInputPolicy(begin.gate),
    runId: begin.runId,
    subject: begin.subject,
    environment: begin.environment,
    interrupted: Boolean(options.interrupted),
    environmentError: recordedEnvironmentError(state),
    startTime: begin.time,
  });
  // In the order a run writes them (event-bus.ts): the verdict, then run.end.
  const added: RunEvent[] = [error, { type: 'verdict', time: now.toISOString(), verdict }, ...runEnd];
  const file = path.join(dir, EVENTS_FILE);
  // A line the killed process cut short would glue onto the first one appended.
  dropCutLine(file);
  fs.appendFileSync(file, added.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeVerdict(dir, verdict);
}

function builtinSpecs(specs: readonly string[]): { builtin: string[]; skipped: string[] } {
  const builtin: string[] = [];
  const skipped: string[] = [];
  for (const spec of specs) {
    const { name } = parseReporterSpec(spec);
    // The console showed the run as it went; the verdict line (always written) ends it.
    if (name === 'console') continue;
    (Object.hasOwn(builtinReporters, name) ? builtin : skipped).push(spec);
  }
  return { builtin, skipped };
}

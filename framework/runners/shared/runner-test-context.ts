import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedSuite } from '../../model/config.ts';
import type { RunEvent, TestEndEvent } from '../../model/events.ts';
import type { SuiteRunnerContext } from '../../model/runner.ts';

/**
 * For the runners' own tests: a SuiteRunnerContext that records what the
 * runner emits, and small queries over the recording.
 */

export interface RecordingContext extends SuiteRunnerContext {
  events: RunEvent[];
  abort(): void;
}

export function recordingContext(options: { suite: Partial<ResolvedSuite> & Pick<ResolvedSuite, 'name' | 'runner'>; rootDir: string; files?: string[] }): RecordingContext {
  const controller = new AbortController();
  const events: RunEvent[] = [];
  // The runners under test write no artifacts; nothing is created here.
  const runDir = join(tmpdir(), 'tollgate-run-not-used');
  return {
    suite: { kind: 'unit', tags: [], timeout: 30_000, retries: 0, files: [], ignore: [], ...options.suite },
    files: options.files ?? [],
    rootDir: options.rootDir,
    runDir,
    environment: { name: 'test', endpoints: {}, variables: {}, secrets: {} },
    childEnv: { TOLLGATE_ENV_NAME: 'test' },
    emit: (event) => {
      // Every event must survive JSON, as it would through events.ndjson.
      events.push(JSON.parse(JSON.stringify(event)) as RunEvent);
    },
    signal: controller.signal,
    saveArtifact: async (name) => `artifacts/${name}`,
    events,
    abort: () => controller.abort(),
  };
}

/** The last test.end of each test, by the test's title path joined with ' > '. */
export function finalResults(events: readonly RunEvent[]): Map<string, TestEndEvent & { titlePath: string[] }> {
  const titles = new Map<string, string[]>();
  for (const e of events) if (e.type === 'test.add') titles.set(e.test.id, e.test.titlePath);
  const out = new Map<string, TestEndEvent & { titlePath: string[] }>();
  for (const e of events) {
    if (e.type !== 'test.end' || !e.outcome) continue;
    const titlePath = titles.get(e.testId) ?? [];
    out.set(titlePath.join(' > '), { ...e, titlePath });
  }
  return out;
}

export function eventsOfType<T extends RunEvent['type']>(events: readonly RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** Waits until a process is gone (or a zombie nobody reaped yet); false if it still runs after `ms`. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!isRunning(pid)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

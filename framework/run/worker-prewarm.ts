import { earlyForks } from './fork-worker.js';
import { WorkerHost } from './worker-host.ts';

/**
 * Workers forked before planning: they load tsx and the framework while
 * the tollgate process loads the config, then collect the tests for the
 * plan (worker-collect.ts), so the start-ups overlap instead of adding up.
 * Whatever the run does not use is killed by keepWarmWorkers() or
 * disposeWarmWorkers().
 */
const warm: WorkerHost[] = [];
let spawned = 0;

// Workers bin.js forked before the CLI loaded (early-workers.js) are the first of the pool.
for (const early of earlyForks.splice(0)) {
  const worker = new WorkerHost(early.index, early.rootDir);
  worker.spawn(early);
  warm.push(worker);
  spawned = Math.max(spawned, early.index + 1);
}

export function prewarmWorkers(count: number, rootDir: string): void {
  for (let i = 0; i < count; i++) {
    const worker = new WorkerHost(spawned++, rootDir);
    worker.spawn();
    warm.push(worker);
  }
}

export function takeWarmWorker(rootDir: string): WorkerHost | undefined {
  const at = warm.findIndex((worker) => worker.rootDirIs(rootDir) && worker.isAlive());
  return at === -1 ? undefined : warm.splice(at, 1)[0];
}

/**
 * Keeps `count` warm workers for the project in `rootDir`: forks the
 * missing ones and kills those of another folder and any beyond the count
 * (forked early on a guess; see early-workers.js).
 */
export function keepWarmWorkers(count: number, rootDir: string): void {
  const mine = warm.filter((worker) => worker.rootDirIs(rootDir) && worker.isAlive());
  const extra = [...warm.filter((worker) => !mine.includes(worker)), ...mine.slice(count)];
  for (const worker of extra) {
    warm.splice(warm.indexOf(worker), 1);
    void worker.kill('interrupt');
  }
  prewarmWorkers(count - mine.length, rootDir);
}

/** The warm workers of a project, left in the pool: the planner lets them collect the tests they will run. */
export function warmWorkersOf(rootDir: string): WorkerHost[] {
  return warm.filter((worker) => worker.rootDirIs(rootDir));
}

/** Indices of later workers continue after the warm ones, so every worker of a run has its own. */
export function warmWorkerCount(): number {
  return spawned;
}

export async function disposeWarmWorkers(): Promise<void> {
  await Promise.all(warm.splice(0).map((worker) => worker.kill('interrupt')));
}

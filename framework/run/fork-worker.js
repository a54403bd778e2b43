// Forking a worker process, in plain JavaScript so that bin.js can do it
// before tsx registers (see early-workers.js). Everything else reaches it
// through worker-host.ts; fork-worker.d.ts gives it types.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// worker-main.js is compiled in the package (dist/); in the repository tsx resolves it to worker-main.ts.
const WORKER_MAIN = fileURLToPath(new URL('./worker-main.js', import.meta.url));
/**
 * Node flags that make a process run from the repository's TypeScript sources
 * see `import 'tollgate'` as those same sources (package.json "exports", the
 * `tollgate-source` condition); empty in the installed package.
 */
export const SOURCE_CONDITIONS = existsSync(new URL('./worker-main.ts', import.meta.url)) ? ['--conditions=tollgate-source'] : [];
const TSX = import.meta.resolve('tsx');
const PRELOAD = new URL('./worker-preload.js', import.meta.url).href;

/** Workers forked by bin.js before the CLI loaded; worker-prewarm.ts adopts them. */
export const earlyForks = [];

export function forkWorker(index, rootDir) {
  return forkTypeScript(WORKER_MAIN, { cwd: rootDir, env: { ...process.env, TOLLGATE_WORKER_INDEX: String(index) }, preload: [PRELOAD] });
}

/** Forks one of tollgate's TypeScript entries (a worker, a suite's process) with tsx, IPC and piped output. */
export function forkTypeScript(entry, { cwd, env, preload = [] }) {
  return fork(entry, [], {
    // TOLLGATE_WORKER_NODE_ARGS passes node flags to workers only: --max-old-space-size=4096, --cpu-prof, --inspect.
    execArgv: [...SOURCE_CONDITIONS, ...preload.flatMap((url) => ['--import', url]), '--import', TSX, ...(process.env.TOLLGATE_WORKER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env,
    cwd,
  });
}

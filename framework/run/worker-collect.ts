import { collectInProcess, type CollectedFile, type CollectTests } from '../plan/collect-tests.ts';
import type { WorkerHost } from './worker-host.ts';

/**
 * Lets the pre-forked workers load the test files to plan, instead of the
 * tollgate process: the files then load once, in the process that runs
 * them, and the loading is spread over the cores. Files are dealt out in
 * turn, so each worker gets a like share; the dispatcher later gives every
 * worker the files it already holds first.
 *
 * A worker that dies while loading (a file that crashes node itself) has
 * its share loaded here instead, as without workers.
 */
export function collectInWorkers(workers: WorkerHost[]): CollectTests {
  return async (requests, rootDir) => {
    if (!workers.length) return collectInProcess(requests, rootDir);
    const results = new Array<CollectedFile>(requests.length);
    await Promise.all(
      workers.map(async (worker, w) => {
        const indices = requests.map((_, i) => i).filter((i) => i % workers.length === w);
        if (!indices.length) return;
        const share = indices.map((i) => requests[i]!);
        const files = await worker.collect(share, rootDir).catch(() => collectInProcess(share, rootDir));
        indices.forEach((i, k) => (results[i] = files[k]!));
      }),
    );
    return results;
  };
}

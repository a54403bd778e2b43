import { InstanceError, parseInstance } from '../gate/load-instance.ts';
import { checkRunId } from '../model/run-id.ts';
import { UsageError } from './usage-error.ts';

/**
 * `tollgate run --instance i/n --run-id ID` (issue 9, item 4): this process
 * is load instance i of n of run ID. Tests learn it from TOLLGATE_INSTANCE
 * and TOLLGATE_RUN_ID (workers inherit both), and a load declared with
 * `instances: n` runs its share of the rate, meeting the other instances in
 * the shared archive under ID. TOLLGATE_INSTANCE set by hand (a Kubernetes
 * Indexed Job, a CI matrix) works the same.
 *
 * Instance 1 records the run as ID; instance i > 1 records its own run as
 * `ID.instance-i`, so the tests they all run do not overwrite each other's
 * rows: the merged results live in the load tables under ID, and every
 * instance's test holds the same merged threshold results.
 *
 * Sets `options.runId` for this process in place; throws a UsageError for
 * a bad value or a missing --run-id.
 */
export function applyInstanceOption(options: { instance?: string; runId?: string }): void {
  const text = options.instance ?? process.env.TOLLGATE_INSTANCE;
  if (options.runId !== undefined) process.env.TOLLGATE_RUN_ID = options.runId;
  if (!text) return;
  const where = options.instance !== undefined ? '--instance' : 'TOLLGATE_INSTANCE';
  let instance: { index: number; total: number };
  try {
    instance = parseInstance(text, where);
  } catch (error) {
    if (error instanceof InstanceError) throw new UsageError(error.message);
    throw error;
  }
  const runId = options.runId ?? process.env.TOLLGATE_RUN_ID;
  if (!runId) {
    throw new UsageError(`${where} ${text}: the instances of a distributed load meet under one run id; give every one the same --run-id ID (e.g. the CI pipeline's id)`);
  }
  checkRunId(runId, options.runId !== undefined ? '--run-id' : 'TOLLGATE_RUN_ID');
  process.env.TOLLGATE_INSTANCE = `${instance.index}/${instance.total}`;
  process.env.TOLLGATE_RUN_ID = runId;
  options.runId = instance.index === 1 ? runId : `${runId}.instance-${instance.index}`;
}

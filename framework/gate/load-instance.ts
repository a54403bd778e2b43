/**
 * Which load instance this runner process is: `tollgate run --instance i/n
 * --run-id ID` sets TOLLGATE_INSTANCE=i/n and TOLLGATE_RUN_ID=ID for the
 * tests (a Kubernetes Indexed Job or a CI matrix may set them directly).
 */
export interface LoadInstance {
  /** 1-based. */
  index: number;
  total: number;
  /** The run id every instance shares: the key they meet under in the archive. */
  runId: string;
}

export class InstanceError extends Error {
  override name = 'InstanceError';
}

/** '2/4' → { index: 2, total: 4 }. */
export function parseInstance(text: string, where = '--instance'): { index: number; total: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new InstanceError(`${where} "${text}": expected INDEX/TOTAL, like 1/2 for the first of two load instances`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1 || index < 1 || index > total) throw new InstanceError(`${where} "${text}": instances are numbered 1 to the total; use 1/${Math.max(total, 1)} to ${Math.max(total, 1)}/${Math.max(total, 1)}`);
  return { index, total };
}

/** The instance from TOLLGATE_INSTANCE and TOLLGATE_RUN_ID; undefined when this process is not one of several. */
export function instanceFromEnvironment(env: NodeJS.ProcessEnv = process.env): LoadInstance | undefined {
  const text = env.TOLLGATE_INSTANCE;
  if (!text) return undefined;
  const { index, total } = parseInstance(text, 'TOLLGATE_INSTANCE');
  const runId = env.TOLLGATE_RUN_ID;
  if (!runId) {
    throw new InstanceError(
      `TOLLGATE_INSTANCE=${text} but no run id: every instance of a distributed load must share one. ` +
        'Start each with `tollgate run --instance i/n --run-id ID` (or set TOLLGATE_RUN_ID=ID).',
    );
  }
  return { index, total, runId };
}

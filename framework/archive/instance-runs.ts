import type { Verdict } from '../model/verdict.ts';
import type { SqlConnection } from './sql-connection.ts';
import { databaseNow, isWriterDead, writerOf } from './runner-liveness.ts';

export type InstanceRunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted';

/** The run one load instance recorded (`tollgate run --instance i/n --run-id ID`). */
export interface InstanceRun {
  /** 1-based. */
  index: number;
  /** ID for instance 1, `ID.instance-i` for the others (cli/run-instance.ts). */
  runId: string;
  /** 'incomplete' also for a run still 'running' whose process on this host is gone. */
  status: InstanceRunStatus;
  host: string | null;
  pid: number | null;
  gate: string | null;
  environment: string;
  subject: string | null;
  startTime: string;
  endTime: string | null;
  configFile: string | null;
  configHash: string | null;
  rootDir: string | null;
}

/** The load instances of one run id as the archive knows them. */
export interface InstanceRuns {
  runId: string;
  /** How many instances the run was started with: the most any of them registered or recorded. */
  total: number;
  /** The runs found, by index; an index with none never reported. */
  runs: InstanceRun[];
}

/** The run id load instance `index` records (cli/run-instance.ts). */
export function instanceRunId(runId: string, index: number): string {
  return index === 1 ? runId : `${runId}.instance-${index}`;
}

/** The run id load instances share, from the run id one of them recorded (`ID.instance-i` → ID; instance 1's is ID). */
export function instanceBaseRunId(recorded: string): string {
  return recorded.replace(/\.instance-[1-9]\d*$/, '');
}

/**
 * The runs of the load instances of `runId`, or null when it was not run as
 * instances: neither a run `ID.instance-i` nor a load registration under ID
 * exists. The number of instances comes from the loads' registrations
 * (every instance registers with n before its load starts, and one whose
 * peers never came still did) and from the instance runs found.
 */
export async function findInstanceRuns(conn: SqlConnection, runId: string): Promise<InstanceRuns | null> {
  const prefix = `${runId}.instance-`;
  const rows = await conn.query<Record<string, unknown>>(
    `SELECT id, gate, environment, subject, start_time, end_time, host, pid, status, config_file, config_hash, root_dir, alive_until
     FROM runs WHERE id = ? OR substr(id, 1, ?) = ?`,
    [runId, prefix.length, prefix],
  );
  const [registered] = await conn.query<{ n: number | string | null }>('SELECT MAX(instances) AS n FROM load_instances WHERE run_id = ?', [runId]);
  const now = await databaseNow(conn);
  const runs: InstanceRun[] = [];
  for (const row of rows) {
    const id = String(row.id);
    const index = id === runId ? 1 : Number(/^\.instance-([1-9]\d*)$/.exec(id.slice(runId.length))?.[1] ?? NaN);
    if (!Number.isInteger(index)) continue;
    const writer = writerOf(row);
    let status = String(row.status) as InstanceRunStatus;
    // The archive marks such a run incomplete on its next open; the gate need not wait for that.
    if (status === 'running' && isWriterDead(writer, now)) status = 'incomplete';
    runs.push({
      index,
      runId: id,
      status,
      host: writer.host,
      pid: writer.pid,
      gate: (row.gate as string | null) ?? null,
      environment: String(row.environment),
      subject: (row.subject as string | null) ?? null,
      startTime: String(row.start_time),
      endTime: (row.end_time as string | null) ?? null,
      configFile: (row.config_file as string | null) ?? null,
      configHash: (row.config_hash as string | null) ?? null,
      rootDir: (row.root_dir as string | null) ?? null,
    });
  }
  const fromLoads = registered?.n === null || registered?.n === undefined ? 0 : Number(registered.n);
  const suffixed = runs.some((r) => r.index > 1);
  if (!fromLoads && !suffixed) return null;
  runs.sort((a, b) => a.index - b.index);
  return { runId, total: Math.max(fromLoads, ...runs.map((r) => r.index)), runs };
}

/**
 * The gate's one verdict goes on every instance's run, so that `tollgate
 * verdict` finds it whichever of them is newest, and no instance's own
 * verdict answers for the whole load once the gate has judged.
 */
export async function recordInstanceVerdict(conn: SqlConnection, runs: readonly InstanceRun[], verdict: Verdict): Promise<void> {
  await conn.batch(runs.map((run) => ({ sql: 'UPDATE runs SET verdict = ?, verdict_status = ? WHERE id = ?', params: [JSON.stringify(verdict), verdict.status, run.runId] })));
}


import type { RunBeginEvent, RunEndEvent, TestEndEvent } from '../model/events.ts';
import type { Verdict } from '../model/verdict.ts';
import type { Statement } from './sql-connection.ts';
import { testRow } from './test-rows.ts';

/**
 * Errors, metrics and artifacts are keyed (run_id, seq). The shards of one
 * run write under the same run id, so each shard attempt numbers its rows
 * from a base of its own: slot (attempt - 1) * total + (index - 1), with
 * SEQ_SPAN numbers per slot. PostgreSQL's INTEGER stops at 2^31, which
 * leaves 1024 slots of about two million rows each.
 */
export const SEQ_SPAN = 2 ** 21;
const SLOTS = 2 ** 31 / SEQ_SPAN;

export class ShardSlotError extends Error {
  override name = 'ShardSlotError';
}

/** The first seq of a shard attempt's rows. */
export function shardSeqBase(index: number, total: number, attempt: number): number {
  const slot = (attempt - 1) * total + (index - 1);
  if (slot >= SLOTS) {
    throw new ShardSlotError(`shard ${index}/${total} attempt ${attempt}: a run holds at most ${SLOTS} shard attempts in all; use a new --run-id`);
  }
  return slot * SEQ_SPAN;
}

/** Which shard attempt wrote a row with this seq (the inverse of shardSeqBase). */
export function slotOfSeq(seq: number, total: number): { index: number; attempt: number } {
  const slot = Math.floor(seq / SEQ_SPAN);
  return { index: (slot % total) + 1, attempt: Math.floor(slot / total) + 1 };
}

/** The runs row of a sharded run says how many shards it has, not which one wrote it first. */
export function shardedRunLabel(total: number): string {
  return `*/${total}`;
}

/**
 * The rows a shard of a sharded run writes where an ordinary run writes
 * its own: the runs row is shared (the first shard makes it; the verdict
 * is left to `tollgate gate`, so no shard's own verdict can answer for the
 * whole run), the shard's state goes to `shards`, and a shard run again
 * resets its tests so their outcomes become the new attempt's, while
 * `shard_tests` keeps what every attempt saw.
 */
export class ShardRows {
  readonly index: number;
  readonly total: number;
  readonly attempt: number;
  readonly seqBase: number;

  constructor(private readonly runId: string, shard: string, attempt: number) {
    const [index, total] = shard.split('/').map(Number) as [number, number];
    this.index = index;
    this.total = total;
    this.attempt = attempt;
    this.seqBase = shardSeqBase(index, total, attempt);
  }

  begin(event: RunBeginEvent, options: { runDir: string; pid?: number | null }): Statement[] {
    const rows: Statement[] = [
      {
        // A shard run again reopens the run: its verdict is stale until the gate judges it anew.
        sql: `INSERT INTO runs (id, gate, environment, subject, start_time, host, pid, tollgate_version, config_hash, config_file, root_dir, shard, workers, status)
          VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 'running')
          ON CONFLICT (id) DO UPDATE SET status = 'running', verdict = NULL, verdict_status = NULL, attestation = NULL, end_time = NULL, duration = NULL`,
        params: [event.runId, event.gate, event.environment, event.subject, event.time, event.host, event.tollgateVersion, event.configHash, event.configFile, event.rootDir, shardedRunLabel(this.total), event.workers],
      },
      {
        sql: `INSERT INTO shards (run_id, shard_index, total, attempt, host, pid, status, start_time, planned_tests, run_dir, seq_base)
          VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)
          ON CONFLICT (run_id, shard_index, attempt) DO UPDATE SET host = excluded.host, pid = excluded.pid, status = 'running', start_time = excluded.start_time,
            planned_tests = excluded.planned_tests, run_dir = excluded.run_dir, end_time = NULL, duration = NULL, verdict = NULL, verdict_status = NULL`,
        params: [this.runId, this.index, this.total, this.attempt, event.host, options.pid ?? null, event.time, event.tests.length, options.runDir, this.seqBase],
      },
    ];
    for (const test of event.tests) {
      rows.push(testRow(this.runId, test, 'reset'), {
        sql: `INSERT INTO shard_tests (run_id, shard_index, attempt, test_id) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, shard_index, attempt, test_id) DO NOTHING`,
        params: [this.runId, this.index, this.attempt, test.id],
      });
      if (this.attempt > 1) {
        // The earlier attempt's tries of this test would otherwise read as this attempt's retries.
        for (const table of ['attempts', 'steps']) rows.push({ sql: `DELETE FROM ${table} WHERE run_id = ? AND test_id = ?`, params: [this.runId, test.id] });
      }
    }
    return rows;
  }

  testOutcome(event: TestEndEvent): Statement {
    return {
      sql: `INSERT INTO shard_tests (run_id, shard_index, attempt, test_id, outcome, duration, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id, shard_index, attempt, test_id) DO UPDATE SET outcome = excluded.outcome, duration = excluded.duration, attempts = excluded.attempts`,
      params: [this.runId, this.index, this.attempt, event.testId, event.outcome, event.duration, event.attempt + 1],
    };
  }

  verdict(verdict: Verdict): Statement {
    return { sql: `UPDATE shards SET verdict = ?, verdict_status = ? WHERE ${this.key}`, params: [JSON.stringify(verdict), verdict.status, ...this.keyParams] };
  }

  end(event: RunEndEvent): Statement {
    return {
      sql: `UPDATE shards SET status = ?, end_time = ?, duration = ? WHERE ${this.key}`,
      params: [event.status === 'completed' ? 'complete' : 'interrupted', event.time, event.duration, ...this.keyParams],
    };
  }

  /** Renews the attempt's heartbeat: `until` is SQL for the new alive_until, with `life` (ms) as its parameter. */
  heartbeat(until: string, life: number): Statement {
    return { sql: `UPDATE shards SET alive_until = ${until} WHERE ${this.key} AND status = 'running'`, params: [life, ...this.keyParams] };
  }

  /** A shard attempt that never wrote run.end (an imported run directory of a killed shard). */
  incomplete(): Statement {
    return { sql: `UPDATE shards SET status = 'incomplete' WHERE ${this.key} AND status = 'running'`, params: this.keyParams };
  }

  private get key(): string {
    return 'run_id = ? AND shard_index = ? AND attempt = ?';
  }

  private get keyParams(): unknown[] {
    return [this.runId, this.index, this.attempt];
  }
}

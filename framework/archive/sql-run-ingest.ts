import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import { attachmentFile } from '../model/attachment-file.ts';
import type { RunIngest } from './archive.ts';
import { sha256, type BlobStore } from './blob-store.ts';
import { errorSignature } from './error-signature.ts';
import { databaseNowSql, heartbeatLifeMs } from './runner-liveness.ts';
import { ATTESTATION_FILE } from './run-directory.ts';
import { ShardRows } from './shard-rows.ts';
import { bareTestRow, testRow } from './test-rows.ts';
import type { SqlConnection, Statement } from './sql-connection.ts';

/** How much of what one test attempt (or the run outside tests) printed the archive keeps; events.ndjson keeps all. */
export const LOG_BYTES_PER_ATTEMPT = 64 * 1024;

/**
 * Maps each event to the rows it adds or changes, queues them, and writes
 * the queue in one transaction per flush. Sequence numbers for errors,
 * metrics and artifacts are counted here, so the schema needs no
 * auto-increment (which SQLite and PostgreSQL spell differently).
 */
export class SqlRunIngest implements RunIngest {
  private queue: Statement[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly blobWrites: Promise<unknown>[] = [];
  private seq = 0;
  private ended = false;
  /** Bytes of output seen per test attempt ('' for the run's own), for the archive's cap on logs. */
  private readonly logBytes = new Map<string, number>();
  /** Set when the run is one shard of a sharded run (run.begin with shardAttempt). */
  private shard: ShardRows | undefined;
  /** Set when the run is one load instance (run.begin with instance): its verdict is its own, not the run id's. */
  private instance: string | undefined;
  runId: string | undefined;

  constructor(
    private readonly conn: SqlConnection,
    private readonly blobs: BlobStore,
    private readonly options: { runDir: string; pid?: number | null },
    private readonly onIncomplete: (runId: string) => Promise<void>,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  add(event: RunEvent): void {
    if (this.failure) throw this.failure;
    if (event.type !== 'run.begin' && !this.runId) return;
    this.queue.push(...this.rowsOf(event));
  }

  beat(): void {
    if (this.failure || !this.runId || this.ended) return;
    const until = `${databaseNowSql(this.conn.dialect)} + ?`;
    const life = heartbeatLifeMs();
    this.queue.push(this.shard ? this.shard.heartbeat(until, life) : { sql: `UPDATE runs SET alive_until = ${until} WHERE id = ? AND status = 'running'`, params: [life, this.runId] });
  }

  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.queue.length) return this.writing;
    const statements = this.queue;
    this.queue = [];
    if (this.conn.batchSync) {
      // Synchronous on purpose: the rows are committed before the caller goes on.
      this.conn.batchSync(statements);
      return this.writing;
    }
    this.writing = this.writing.then(() => this.conn.batch(statements)).catch((error: Error) => {
      this.failure = new Error(`archive ${this.conn.location}: ${error.message}`);
      throw this.failure;
    });
    return this.writing;
  }

  async finish(options: { markIncompleteWithoutEnd?: boolean } = {}): Promise<void> {
    await this.flush();
    await Promise.all(this.blobWrites);
    if (this.runId && !this.ended && options.markIncompleteWithoutEnd) await (this.shard ? this.conn.batch([this.shard.incomplete()]) : this.onIncomplete(this.runId));
  }

  private rowsOf(event: RunEvent): Statement[] {
    const runId = this.runId!;
    switch (event.type) {
      case 'run.begin':
        this.runId = event.runId;
        this.instance = event.instance;
        if (event.shard && event.shardAttempt !== undefined) {
          this.shard = new ShardRows(event.runId, event.shard, event.shardAttempt);
          this.seq = this.shard.seqBase;
          return this.shard.begin(event, this.options);
        }
        // The row may be this process's own claim of the id (Archive.claimRun, tollgate run --run-id): run.begin fills it.
        return [
          {
            sql: `INSERT INTO runs (id, gate, environment, subject, start_time, host, pid, tollgate_version, config_hash, config_file, root_dir, shard, workers, instance, status)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')
              ON CONFLICT (id) DO UPDATE SET gate = excluded.gate, environment = excluded.environment, subject = excluded.subject, start_time = excluded.start_time,
                tollgate_version = excluded.tollgate_version, config_hash = excluded.config_hash, config_file = excluded.config_file, root_dir = excluded.root_dir,
                shard = excluded.shard, workers = excluded.workers, instance = excluded.instance
              WHERE runs.tollgate_version IS NULL AND runs.status = 'running' AND runs.pid = excluded.pid AND runs.host = excluded.host`,
            params: [event.runId, event.gate, event.environment, event.subject, event.time, event.host, this.options.pid ?? null, event.tollgateVersion, event.configHash, event.configFile, event.rootDir, event.shard, event.workers, event.instance ?? null],
          },
          ...event.tests.map((test) => testRow(event.runId, test)),
        ];
      case 'test.add':
        return [testRow(runId, event.test)];
      case 'test.begin':
        return [{
          sql: `INSERT INTO attempts (run_id, test_id, attempt, worker_index, start_time, status) VALUES (?, ?, ?, ?, ?, 'running')
            ON CONFLICT (run_id, test_id, attempt) DO NOTHING`,
          params: [runId, event.testId, event.attempt, event.workerIndex, event.time],
        }];
      case 'test.end': {
        const rows: Statement[] = [{
          sql: `INSERT INTO attempts (run_id, test_id, attempt, end_time, status, duration, annotations) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, test_id, attempt) DO UPDATE SET end_time = excluded.end_time, status = excluded.status, duration = excluded.duration, annotations = excluded.annotations`,
          params: [runId, event.testId, event.attempt, event.time, event.status, event.duration, JSON.stringify(event.annotations)],
        }];
        for (const error of event.errors) rows.push(this.errorRow(runId, error, 'test', { testId: event.testId, attempt: event.attempt }));
        if (event.outcome) {
          const first = event.errors[0];
          rows.push(
            bareTestRow(runId, event.testId),
            {
              sql: `UPDATE tests SET outcome = ?, duration = ?, attempts = ?, error_message = ?, error_signature = ? WHERE run_id = ? AND test_id = ?`,
              params: [event.outcome, event.duration, event.attempt + 1, first ? messageOf(first) : null, first ? errorSignature(messageOf(first)) : null, runId, event.testId],
            },
          );
          if (this.shard) rows.push(this.shard.testOutcome(event));
        }
        return rows;
      }
      case 'step.begin':
        return [{
          sql: `INSERT INTO steps (run_id, test_id, attempt, step_id, parent_step_id, title, category, location, start_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, test_id, attempt, step_id) DO NOTHING`,
          params: [runId, event.testId, event.attempt, event.stepId, event.parentStepId, event.title, event.category, event.location ? JSON.stringify(event.location) : null, event.time],
        }];
      case 'step.end':
        return [{
          sql: `UPDATE steps SET duration = ?, error = ? WHERE run_id = ? AND test_id = ? AND attempt = ? AND step_id = ?`,
          params: [event.duration, event.error ? JSON.stringify(event.error) : null, runId, event.testId, event.attempt, event.stepId],
        }];
      case 'attachment':
        return [this.artifactRow(runId, event)];
      case 'metric':
        return [{
          sql: `INSERT INTO metrics (run_id, seq, time, name, value, unit, tags, test_id, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          params: [runId, this.seq++, event.time, event.name, event.value, event.unit, event.tags ? JSON.stringify(event.tags) : null, event.testId, event.attempt],
        }];
      case 'error':
        return [this.errorRow(runId, event.error, event.source, { file: event.file, suite: event.suite })];
      case 'suite.end':
        return event.error ? [this.errorRow(runId, event.error, 'suite', { suite: event.suite })] : [];
      case 'verdict':
        if (this.shard) return [this.shard.verdict(event.verdict)];
        // One instance judged only its part: the run's verdict is the one `tollgate gate --run-id` records (archive/instance-runs.ts).
        if (this.instance) return [{ sql: `UPDATE runs SET instance_verdict = ? WHERE id = ?`, params: [JSON.stringify(event.verdict), runId] }];
        // The run signed its verdict just before it emitted it; the archive keeps the signature with it.
        return [{ sql: `UPDATE runs SET verdict = ?, verdict_status = ?, attestation = ? WHERE id = ?`, params: [JSON.stringify(event.verdict), event.verdict.status, readAttestation(this.options.runDir), runId] }];
      case 'run.end':
        this.ended = true;
        if (this.shard) return [this.shard.end(event)];
        return [{
          sql: `UPDATE runs SET status = ?, end_time = ?, duration = ? WHERE id = ?`,
          params: [event.status === 'completed' ? 'complete' : 'interrupted', event.time, event.duration, runId],
        }];
      case 'log':
        return this.logRows(runId, event);
      case 'suite.begin':
        return [];
    }
  }

  /** Up to LOG_BYTES_PER_ATTEMPT of each attempt's output; past that, one row says events.ndjson has the rest. */
  private logRows(runId: string, event: Extract<RunEvent, { type: 'log' }>): Statement[] {
    const key = event.testId === undefined ? '' : `${event.testId}\0${event.attempt ?? 0}`;
    const used = this.logBytes.get(key) ?? 0;
    const size = Buffer.byteLength(event.text);
    this.logBytes.set(key, used + size);
    if (used >= LOG_BYTES_PER_ATTEMPT) return [];
    const row = (text: string): Statement => ({
      sql: `INSERT INTO logs (run_id, seq, test_id, attempt, stream, time, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [runId, this.seq++, event.testId ?? null, event.testId === undefined ? null : (event.attempt ?? 0), event.stream, event.time, text],
    });
    if (used + size <= LOG_BYTES_PER_ATTEMPT) return [row(event.text)];
    return [row(`[tollgate: the archive keeps up to ${LOG_BYTES_PER_ATTEMPT / 1024} KiB of this output; events.ndjson in the run directory has all of it]\n`)];
  }

  private errorRow(runId: string, error: TestError, source: string, where: { testId?: string; attempt?: number; file?: string; suite?: string }): Statement {
    const message = messageOf(error);
    return {
      sql: `INSERT INTO errors (run_id, seq, test_id, attempt, source, file, suite, message, signature, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [runId, this.seq++, where.testId, where.attempt, source, where.file, where.suite, message, errorSignature(message), JSON.stringify(error)],
    };
  }

  private artifactRow(runId: string, event: Extract<RunEvent, { type: 'attachment' }>): Statement {
    const { attachment } = event;
    let hash: string | null = null;
    let size: number | null = null;
    const file = attachment.path ? attachmentFile(this.options.runDir, attachment.path) : undefined;
    if (attachment.path && !file) {
      process.stderr.write(`tollgate: attachment "${attachment.name}" of run ${runId}: its path ${JSON.stringify(attachment.path)} leads outside the run directory ${this.options.runDir}; its file is not archived\n`);
    } else if (file) {
      try {
        // Read now, while the run directory surely exists; the blob is written in the background.
        const body = fs.readFileSync(file);
        hash = sha256(body);
        size = body.length;
        this.blobWrites.push(this.blobs.put(body).catch((error: Error) => process.stderr.write(`tollgate: archive could not store ${file}: ${error.message}\n`)));
      } catch {
        // An attachment whose file is gone keeps its row without a body.
      }
    } else if (attachment.body !== undefined) {
      size = Buffer.byteLength(attachment.body);
    }
    return {
      sql: `INSERT INTO artifacts (run_id, seq, test_id, attempt, name, content_type, hash, size, path, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [runId, this.seq++, event.testId, event.attempt, attachment.name, attachment.contentType, hash, size, attachment.path, attachment.body],
    };
  }
}

function messageOf(error: TestError): string {
  return error.message || error.value || '(no message)';
}

/** The run directory's signed verdict as text, or null when the run was not signed. */
function readAttestation(runDir: string): string | null {
  try {
    return fs.readFileSync(path.join(runDir, ATTESTATION_FILE), 'utf8');
  } catch {
    return null;
  }
}

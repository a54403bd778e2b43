import { setTimeout as sleep } from 'node:timers/promises';
import * as hdr from 'hdr-histogram-js';
import { combinedGeneratorHealth, parseDuration, type GeneratorVerdictInput, type MetricLookup } from 'tollgate/performance';
import { InstanceError, LoadCoordination, MergedLoadMetrics, type LoadInstance, type LoadIntervalRow } from 'tollgate/distributed';
import type { Executor, OpenExecutor } from './arrival-schedule.ts';
import { latencyHistogram, summarize, type Histogram, type LatencySummary } from './latency-histogram.ts';
import type { MetricRegistry } from './metric-registry.ts';

/** What a distributed load's result says about the whole load. */
export interface DistributedSummary {
  /** This process: instance `index` of `total`. */
  index: number;
  total: number;
  runId: string;
  /** The load's latency over every instance (µs: http_req_duration, ws_latency): the merged histograms' percentiles. */
  latency: LatencySummary;
  /** Requests (or messages received) over every instance. */
  completed: number;
  /** Instances that had not finished when this one gave up waiting. */
  missing: number[];
}

/**
 * One instance's share of an open-model scenario: the same shape at 1/total
 * of the rate, so n instances started together put the scenario's whole
 * arrival rate on the system.
 */
export function splitExecutor(executor: Executor, total: number, where: string): OpenExecutor {
  if (executor.executor === 'constant-arrival-rate') return { ...executor, rate: executor.rate / total };
  if (executor.executor === 'ramping-arrival-rate') {
    return { ...executor, startRate: (executor.startRate ?? 0) / total, stages: executor.stages.map((s) => ({ ...s, target: s.target / total })) };
  }
  throw new InstanceError(`${where}: instances split an arrival rate; ${executor.executor} has none. Use constant-arrival-rate or ramping-arrival-rate, or drop instances.`);
}

export interface JoinOptions {
  instance: LoadInstance;
  /** What the load declares (`instances: n`); must equal the runner's total. */
  instances: number;
  testId: string;
  load: string;
  thresholds: unknown;
  rootDir: string;
  /** How long to wait for every instance to register. */
  timeoutMs: number;
  signal?: AbortSignal;
  where: string;
}

/**
 * This runner's part in a distributed load (issue 9, item 4): meets the
 * other instances in the shared archive, starts with them, writes what it
 * measured each interval (the change of every k6 metric since the last:
 * HDR histograms for trends), reads everyone's, holds the abortOnFail
 * thresholds on the merge, and stops when any instance raised the abort flag.
 */
export class DistributedLoad {
  readonly merged = new MergedLoadMetrics();
  /** Set when the load must stop: an abortOnFail threshold crossed on the merge (here or on another instance), or the archive failed. */
  abortReason: string | undefined;
  private seq = 0;
  private lastWrite: number;
  private readonly sent = new Map<string, Histogram | { total: number; hits: number } | number>();
  private readonly seen = new Map<number, number>();
  private work: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private generators = new Map<number, GeneratorVerdictInput>();

  private constructor(private readonly coordination: LoadCoordination, readonly instance: LoadInstance, readonly startAt: number) {
    this.lastWrite = startAt;
  }

  static async join(options: JoinOptions): Promise<DistributedLoad> {
    const { instance } = options;
    if (!Number.isInteger(options.instances) || options.instances < 1) throw new InstanceError(`${options.where}: instances must be a whole number >= 1, got ${JSON.stringify(options.instances)}`);
    if (instance.total !== options.instances) {
      throw new InstanceError(
        `${options.where} declares instances: ${options.instances}, but this runner is instance ${instance.index}/${instance.total} (--instance / TOLLGATE_INSTANCE). ` +
          `Start ${options.instances} runners with --instance 1/${options.instances} ... ${options.instances}/${options.instances}.`,
      );
    }
    const coordination = await LoadCoordination.open({ rootDir: options.rootDir }, { runId: instance.runId, testId: options.testId, load: options.load });
    try {
      const startAt = await coordination.rendezvous({ instance: instance.index, instances: instance.total, thresholds: options.thresholds ?? null, timeoutMs: options.timeoutMs, signal: options.signal });
      return new DistributedLoad(coordination, instance, startAt);
    } catch (error) {
      await coordination.close().catch(() => {});
      throw error;
    }
  }

  /** Sleeps until the common start (wall clock: the instances' machines should run NTP). */
  async waitForStart(): Promise<void> {
    const wait = this.startAt - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastWrite = Date.now();
  }

  /** Each interval: write this instance's change, read everyone's, hold `live` (the abortOnFail thresholds) on the merge. */
  tick(registry: MetricRegistry, live: (lookup: MetricLookup) => string | undefined): void {
    const rows = this.delta(registry);
    const { index, total } = this.instance;
    this.work = this.work
      .then(async () => {
        if (rows.length) await this.coordination.writeInterval(rows);
        this.merged.add(await this.coordination.intervalsAfter(this.seen, total));
        const flag = await this.coordination.abortFlag();
        if (flag) {
          this.abortReason ??= flag.by === index ? flag.reason : `stopped by instance ${flag.by}/${total}: ${flag.reason}`;
          return;
        }
        const reason = live(this.merged.lookup);
        if (reason) {
          const held = await this.coordination.abort(index, `${reason} (merged over ${total} instances)`);
          this.abortReason ??= held.by === index ? held.reason : `stopped by instance ${held.by}/${total}: ${held.reason}`;
        }
      })
      .catch((error: Error) => {
        this.failure ??= error;
        this.abortReason ??= `the shared archive failed: ${error.message}`;
      });
  }

  /**
   * After the load: writes the last interval, says this instance finished,
   * waits up to `waitMs` for the others and reads what they wrote. Returns
   * the instances that did not finish in time.
   */
  async end(registry: MetricRegistry, waitMs: number, generator: GeneratorVerdictInput): Promise<number[]> {
    await this.work;
    if (this.failure) throw new Error(`distributed load: the shared archive failed during the load: ${this.failure.message}`);
    const rows = this.delta(registry);
    if (rows.length) await this.coordination.writeInterval(rows);
    await this.coordination.finish(this.instance.index, generator);
    const missing = await this.coordination.waitFinished(this.instance.total, waitMs);
    this.merged.add(await this.coordination.intervalsAfter(this.seen, this.instance.total));
    this.generators = await this.coordination.generators();
    return missing;
  }

  /** Every finished instance's generator health, as one (after end()): the merged thresholds are judged with it. */
  generatorHealth(): GeneratorVerdictInput {
    return combinedGeneratorHealth(this.generators);
  }

  /** The whole load: its latency metric's merged percentiles and its completed count, by the load's kind. */
  summary(missing: number[], kind: 'http' | 'ws' = 'http'): DistributedSummary {
    const histogram = this.merged.histogram(kind === 'ws' ? 'ws_latency' : 'http_req_duration');
    const reqs = this.merged.lookup(kind === 'ws' ? 'ws_msgs_received' : 'http_reqs', {});
    return {
      index: this.instance.index,
      total: this.instance.total,
      runId: this.instance.runId,
      latency: summarize(histogram ?? latencyHistogram()),
      // A WebSocket load's matched deliveries are its latency samples (other messages on the stream are not its own).
      completed: kind === 'ws' ? (histogram?.totalCount ?? 0) : (reqs?.count ?? 0),
      missing,
    };
  }

  close(): Promise<void> {
    return this.coordination.close();
  }

  /** Every metric's change since the last write, as rows of this instance's next interval. */
  private delta(registry: MetricRegistry): LoadIntervalRow[] {
    const now = Date.now();
    const base = { instance: this.instance.index, seq: this.seq, start: this.lastWrite, end: now };
    const rows: LoadIntervalRow[] = [];
    for (const entry of registry.entries()) {
      const key = `${entry.kind} ${entry.name} ${Object.keys(entry.tags).sort().map((k) => `${k}=${entry.tags[k]}`).join(',')}`;
      if (entry.kind === 'trend') {
        const sent = (this.sent.get(key) as Histogram | undefined) ?? latencyHistogram();
        this.sent.set(key, sent);
        if (entry.histogram.totalCount === sent.totalCount) continue;
        // The interval's own histogram: everything so far less what earlier intervals carried.
        const change = latencyHistogram();
        change.add(entry.histogram);
        change.subtract(sent);
        sent.add(change);
        rows.push({ ...base, metric: entry.name, tags: entry.tags, kind: 'trend', unit: 'us', samples: change.totalCount, total: 0, histogram: hdr.encodeIntoCompressedBase64(change) });
      } else if (entry.kind === 'rate') {
        const sent = (this.sent.get(key) as { total: number; hits: number } | undefined) ?? { total: 0, hits: 0 };
        if (entry.total === sent.total) continue;
        rows.push({ ...base, metric: entry.name, tags: entry.tags, kind: 'rate', unit: 'ratio', samples: entry.total - sent.total, total: entry.hits - sent.hits });
        this.sent.set(key, { total: entry.total, hits: entry.hits });
      } else {
        const sent = (this.sent.get(key) as number | undefined) ?? 0;
        if (entry.sum === sent) continue;
        rows.push({ ...base, metric: entry.name, tags: entry.tags, kind: 'counter', ...(entry.unit ? { unit: entry.unit } : {}), samples: 0, total: entry.sum - sent });
        this.sent.set(key, entry.sum);
      }
    }
    if (rows.length) {
      this.seq++;
      this.lastWrite = now;
    }
    return rows;
  }
}

/** How long instances wait for each other to register: TOLLGATE_INSTANCE_TIMEOUT ('60s' by default). */
export function rendezvousTimeout(env: NodeJS.ProcessEnv = process.env): number {
  return parseDuration(env.TOLLGATE_INSTANCE_TIMEOUT ?? '60s', 'TOLLGATE_INSTANCE_TIMEOUT');
}

import { instanceFromEnvironment } from 'tollgate/distributed';
import { judgeBaselines, judgeThresholds, LOAD_METRICS_ANNOTATION, loadMetricRows, parseDuration, parseMetricKey, type LoadMetricsRecord, type BaselineConfig, type MetricLookup, type ThresholdsConfig } from 'tollgate/performance';
import { ArrivalSchedule, VuSchedule, isOpen, type Executor, type OpenExecutor } from './arrival-schedule.ts';
import { runAutocannon } from './autocannon-load.ts';
import { DistributedLoad, rendezvousTimeout, splitExecutor } from './distributed-load.ts';
import { runClosedModel } from './closed-model-loop.ts';
import { HttpTarget, type RequestSource } from './http-request.ts';
import { LoadChecks, LoadCheckError, crossed, recordResults, regressed, type CheckContext } from './load-checks.ts';
import { LoadRecorder } from './load-recorder.ts';
import type { LoadResult } from './load-result.ts';
import { findMaxRate, type MaxRateOptions, type MaxRateStep } from './max-rate-search.ts';
import type { MetricSink } from './metric-sink.ts';
import { runOpenModel, type LoopOutcome } from './open-model-loop.ts';
import { runStream, type StreamOptions, type StreamResult } from './stream-load.ts';
import { DeliveryTracker, defaultMatch, openSockets } from './ws-load.ts';

export interface LoadOptions {
  /** The load's name: the `load` tag of its series, and how the verdict names it. Default 'load'. */
  name?: string;
  thresholds?: ThresholdsConfig;
  baseline?: BaselineConfig | BaselineConfig[];
  /** Milliseconds between series points. Default 1000. */
  interval?: string | number;
  /** How long to wait for operations in flight at the end. Default '5s'. */
  gracefulStop?: string | number;
  /** Throw a LoadCheckError when a threshold fails or a baseline regresses. Default true. */
  throwOnFail?: boolean;
  signal?: AbortSignal;
  /**
   * Distributed load (issue 9, item 4): the load's arrival rate is split over this many runner
   * processes, each started as `tollgate run --instance i/n --run-id ID` against one shared
   * archive; they start together and thresholds hold on the merge of all of them. Without
   * --instance (a laptop run) the whole rate runs in this one process. Open-model loads: HTTP
   * arrival rates, and WebSocket message rates (whose connections are split too).
   */
  instances?: number;
}

export interface HttpLoadOptions extends LoadOptions {
  /** The base URL; default: the environment's endpoint `endpoint`. */
  url?: string;
  /** Which environment endpoint is the base URL. Default 'api'. */
  endpoint?: string;
  /** What to send: one request, or a function of the iteration. Default GET of the base URL. */
  request?: RequestSource;
  scenario: Executor;
  /** Connections in the pool. Default: 64 for arrival rates, the most VUs for the closed model. */
  connections?: number;
  /** Arrival-rate executors: the most requests in flight before arrivals are dropped (k6's maxVUs). Default 1000. */
  maxInFlight?: number;
  /** Per request. Default '10s'. */
  timeout?: string | number;
  /**
   * 'undici' (every executor, µs timing, arrival rates corrected for coordinated omission; the default
   * except for constant-vus) or 'autocannon' (the default for constant-vus with a fixed request; also
   * constant-arrival-rate through its overallRate, uncorrected; the fastest).
   */
  engine?: 'undici' | 'autocannon';
  headers?: Record<string, string>;
}

export interface WsLoadOptions extends LoadOptions {
  url?: string;
  /** Which environment endpoint. Default 'events'. */
  endpoint?: string;
  connections: number;
  /** The arrival rate of messages (echo) or of triggers (fan-out). */
  scenario: OpenExecutor;
  /**
   * Fan-out: called at each arrival to cause one message that every
   * connection should receive (an API write the server publishes); `id`
   * must be findable in the message by `match`.
   */
  trigger?: (iteration: number, id: string) => Promise<void>;
  /** Echo: the message to send on one connection at each arrival. Default: JSON { id, iteration }. */
  message?: (iteration: number, id: string) => string;
  /** The id a received message answers to; default: its JSON `id` field. */
  match?: (data: string) => string | undefined;
  /** How long to wait for late messages at the end. Default '5s'. */
  settle?: string | number;
  headers?: Record<string, string>;
}

export interface StreamLoadOptions extends LoadOptions, Omit<StreamOptions, 'duration'> {
  duration: string | number;
}

export interface TrafficContext extends CheckContext {
  endpoints?: Record<string, string>;
  sink?: MetricSink;
  attempt?: number;
  /** Attaches a load's summary to the test. */
  attach?: (name: string, body: string) => Promise<void>;
  /**
   * The system under test runs on this machine (the embedded POD): a load then also measures the
   * machine's CPU, and a saturated machine makes the thresholds it can explain inconclusive.
   */
  sutSharesMachine?: boolean;
}

/**
 * The traffic driver's client (issue 5): HTTP, WebSocket and stream loads
 * shaped by k6-style executors, measured in microseconds, held to
 * thresholds and compared with baselines from the archive. A test gets
 * one as the `traffic` fixture; a script can make one with `new TrafficClient()`.
 *
 * @example
 *   const read = await traffic.http({
 *     name: 'read', request: { path: '/slices' },
 *     scenario: { executor: 'constant-arrival-rate', rate: 200, duration: '5s' },
 *     thresholds: { http_req_duration: ['p(99)<200'], http_req_failed: ['rate<0.01'] },
 *     baseline: { metric: 'latency.p99', maxIncrease: '10%' },
 *   });
 */
export class TrafficClient {
  constructor(readonly context: TrafficContext = {}) {}

  async http(options: HttpLoadOptions): Promise<LoadResult> {
    const name = options.name ?? 'load';
    const checks = new LoadChecks(options.thresholds, options.baseline, `traffic.http "${name}"`);
    const baseUrl = this.url(options.url, options.endpoint ?? 'api', 'http');
    const distributed = await this.distribute(`traffic.http "${name}"`, name, options, checks);
    if (distributed) options = { ...options, scenario: splitExecutor(options.scenario, distributed.instance.total, `traffic.http "${name}"`) };
    const recorder = this.recorder(name, options);
    const timeoutMs = parseDuration(options.timeout ?? '10s', 'timeout');
    const gracefulStopMs = parseDuration(options.gracefulStop ?? '5s', 'gracefulStop');
    const stopReason = this.stopper(checks, recorder, options.signal, distributed);
    const timer = this.ticker(recorder, checks, options, distributed);
    let outcome: LoopOutcome;
    let targetRate: number | undefined;
    try {
      // autocannon is the closed model's default: the fastest engine here (it writes requests on raw sockets); a
      // request function, ramps and arrival rates need the undici engine's own loop.
      const engine = options.engine ?? (options.scenario.executor === 'constant-vus' && typeof options.request !== 'function' ? 'autocannon' : 'undici');
      if (engine === 'autocannon') {
        if (distributed) throw new Error(`traffic.http "${name}": a distributed load (instances) runs on the undici engine; drop engine: 'autocannon'`);
        const scenario = options.scenario;
        if (scenario.executor !== 'constant-vus' && scenario.executor !== 'constant-arrival-rate') {
          throw new Error(`traffic.http "${name}": engine 'autocannon' runs constant-vus and constant-arrival-rate only; use the default engine (undici) for ${scenario.executor}`);
        }
        const spec = typeof options.request === 'function' ? options.request(0) : options.request ?? {};
        // autocannon's overallRate paces its connections and times each request from its actual send:
        // a fixed rate without coordinated-omission correction (the undici engine corrects it).
        const overallRate = scenario.executor === 'constant-arrival-rate' ? scenario.rate / (parseDuration(scenario.timeUnit ?? '1s', 'timeUnit') / 1000) : undefined;
        if (overallRate) targetRate = overallRate;
        if (overallRate) recorder.targetRate(() => overallRate);
        outcome = await runAutocannon(
          {
            url: baseUrl,
            connections: options.connections ?? (scenario.executor === 'constant-vus' ? scenario.vus : 64),
            duration: parseDuration(scenario.duration, 'duration') / 1000,
            ...(overallRate ? { overallRate } : {}),
            method: spec.method,
            path: spec.path,
            headers: { ...options.headers, ...spec.headers },
            body: spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body),
            name: spec.name ?? `${(spec.method ?? 'GET').toUpperCase()} ${spec.path ?? '/'}`,
            timeoutSeconds: timeoutMs / 1000,
            signal: options.signal,
          },
          recorder,
          stopReason,
        );
      } else {
        const open = isOpen(options.scenario);
        const schedule = open ? new ArrivalSchedule(options.scenario as OpenExecutor) : undefined;
        const vus = open ? undefined : new VuSchedule(options.scenario as Exclude<Executor, OpenExecutor>);
        const target = new HttpTarget(baseUrl, recorder, { connections: options.connections ?? (vus ? vus.maxVus : 64), timeoutMs, headers: options.headers });
        const source = options.request ?? {};
        const op = (i: number, intended: number) => target.send(target.prepare(source, i), intended);
        try {
          if (schedule) {
            targetRate = schedule.expected / schedule.duration;
            recorder.targetRate((t) => schedule.rateAt(t));
            outcome = await runOpenModel(schedule, op, { recorder, maxInFlight: options.maxInFlight ?? 1000, gracefulStopMs, stopReason });
          } else outcome = await runClosedModel(vus!, op, { recorder, gracefulStopMs, stopReason });
        } finally {
          await target.close();
        }
      }
    } catch (error) {
      recorder.generator.stop();
      await distributed?.close().catch(() => {});
      throw error;
    } finally {
      clearInterval(timer);
    }
    return this.finish('http', name, options, recorder, checks, outcome, targetRate, distributed);
  }

  /**
   * Joins the other instances of a distributed load and waits for the common start; undefined
   * when this load is not distributed or this runner is not one of several (--instance).
   */
  private async distribute(where: string, name: string, options: LoadOptions & { scenario: Executor }, checks: LoadChecks): Promise<DistributedLoad | undefined> {
    if (options.instances === undefined) return undefined;
    const instance = instanceFromEnvironment();
    if (!instance) return undefined;
    splitExecutor(options.scenario, instance.total, where);
    const load = await DistributedLoad.join({
      instance,
      instances: options.instances,
      testId: this.context.testId ?? 'script',
      load: name,
      thresholds: options.thresholds ?? null,
      rootDir: this.context.rootDir ?? process.cwd(),
      timeoutMs: rendezvousTimeout(),
      signal: options.signal,
      where,
    });
    await load.waitForStart();
    checks.restart();
    return load;
  }

  async ws(options: WsLoadOptions): Promise<LoadResult> {
    const name = options.name ?? 'ws';
    const checks = new LoadChecks(options.thresholds, options.baseline, `traffic.ws "${name}"`);
    const url = this.url(options.url, options.endpoint ?? 'events', 'ws');
    const where = `traffic.ws "${name}"`;
    const distributed = await this.distribute(where, name, options, checks);
    // Each instance sends its share of the messages over its share of the connections.
    if (distributed) options = { ...options, scenario: splitExecutor(options.scenario, distributed.instance.total, where), connections: Math.max(1, Math.ceil(options.connections / distributed.instance.total)) };
    const recorder = this.recorder(name, options);
    const schedule = new ArrivalSchedule(options.scenario);
    const sockets = await openSockets({ url, connections: options.connections, headers: options.headers, timeoutMs: 10_000 }, recorder);
    const tracker = new DeliveryTracker(recorder);
    const match = options.match ?? defaultMatch;
    for (const socket of sockets) socket.on('message', (data: Buffer) => tracker.deliver(match(data.toString('utf8')), data.length));
    recorder.gauges.connections = () => sockets.filter((s) => s.readyState === s.OPEN).length;
    const stopReason = this.stopper(checks, recorder, options.signal, distributed);
    const timer = this.ticker(recorder, checks, options, distributed);
    // Unique per instance: the instances' fan-out messages reach every instance's connections.
    const prefix = `tg${Date.now().toString(36)}${distributed ? `i${distributed.instance.index}` : ''}`;
    let outcome: LoopOutcome;
    recorder.targetRate((t) => schedule.rateAt(t));
    try {
      outcome = await runOpenModel(
        schedule,
        async (i, intended) => {
          const id = `${prefix}-${i}`;
          if (options.trigger) {
            tracker.expect(id, intended, sockets.length);
            try {
              await options.trigger(i, id);
              recorder.registry.add('ws_triggers', 1);
            } catch {
              recorder.registry.add('errors', 1, { kind: 'trigger' });
            }
          } else {
            tracker.expect(id, intended, 1);
            const text = options.message ? options.message(i, id) : JSON.stringify({ id, iteration: i });
            sockets[i % sockets.length]!.send(text);
            recorder.registry.add('ws_msgs_sent', 1);
            recorder.bytes(0, Buffer.byteLength(text));
          }
        },
        { recorder, maxInFlight: options.trigger ? 1000 : Number.POSITIVE_INFINITY, gracefulStopMs: parseDuration(options.gracefulStop ?? '5s', 'gracefulStop'), stopReason },
      );
      await tracker.settle(parseDuration(options.settle ?? '5s', 'settle'));
    } catch (error) {
      recorder.generator.stop();
      await distributed?.close().catch(() => {});
      throw error;
    } finally {
      clearInterval(timer);
      for (const socket of sockets) socket.terminate();
    }
    return this.finish('ws', name, options, recorder, checks, outcome, schedule.expected / schedule.duration, distributed);
  }

  async stream(options: StreamLoadOptions): Promise<LoadResult & { stream: StreamResult }> {
    const name = options.name ?? 'stream';
    const checks = new LoadChecks(options.thresholds, options.baseline, `traffic.stream "${name}"`);
    const recorder = this.recorder(name, options);
    const timer = this.ticker(recorder, checks, options);
    let stream: StreamResult;
    try {
      stream = await runStream({ ...options, duration: parseDuration(options.duration, 'duration') / 1000 }, recorder, this.stopper(checks, recorder, options.signal));
    } catch (error) {
      recorder.generator.stop();
      throw error;
    } finally {
      clearInterval(timer);
    }
    recorder.registry.add('stream_bits', stream.bytesSent * 8, {}, 'bit');
    const result = await this.finish('stream', name, options, recorder, checks, { started: stream.writes, seconds: stream.seconds, abandoned: 0 });
    return { ...result, stream };
  }

  /** The highest arrival rate at which p99 stays under a limit (see findMaxRate). */
  maxRate(options: MaxRateOptions): Promise<{ rate: number; steps: MaxRateStep[] }> {
    return findMaxRate(this, options);
  }

  private url(given: string | undefined, endpoint: string, what: string): string {
    if (given) return given;
    const url = this.context.endpoints?.[endpoint];
    if (url) return url;
    const known = Object.keys(this.context.endpoints ?? {});
    throw new Error(
      `traffic.${what}: no url given and the environment has no endpoint "${endpoint}"${known.length ? ` (it has ${known.join(', ')})` : ''}. ` +
        `Pass url: '...' or endpoint: '<name>', or add endpoints: { ${endpoint}: '...' } to the environment.`,
    );
  }

  private recorder(name: string, options: LoadOptions): LoadRecorder {
    return new LoadRecorder({
      load: name,
      intervalMs: parseDuration(options.interval ?? 1000, 'interval'),
      sink: this.context.sink,
      testId: this.context.testId,
      attempt: this.context.attempt,
      sharesMachine: this.context.sutSharesMachine === true,
    });
  }

  private stopper(checks: LoadChecks, recorder: LoadRecorder, signal?: AbortSignal, distributed?: DistributedLoad): () => string | undefined {
    // A distributed load stops on the shared flag only: whichever instance raised it, all stop with the same reason.
    if (distributed) return () => distributed.abortReason ?? (signal?.aborted ? 'stopped by the test' : undefined);
    return () => checks.abortReason ?? (signal?.aborted ? 'stopped by the test' : undefined);
  }

  /** Each interval: emit the series, then hold the abortOnFail thresholds. */
  private ticker(recorder: LoadRecorder, checks: LoadChecks, options: LoadOptions, distributed?: DistributedLoad): NodeJS.Timeout {
    const interval = parseDuration(options.interval ?? 1000, 'interval');
    return setInterval(() => {
      recorder.flush();
      // A distributed load holds its thresholds on the merge of every instance, never on this one's share.
      if (distributed) distributed.tick(recorder.registry, (lookup) => checks.live(lookup));
      else checks.live(recorder.registry.lookup);
    }, interval);
  }

  private async finish(kind: LoadResult['kind'], name: string, options: LoadOptions, recorder: LoadRecorder, checks: LoadChecks, outcome: LoopOutcome, targetRate?: number, distributed?: DistributedLoad): Promise<LoadResult> {
    recorder.flush(true);
    recorder.registry.end();
    // The generator judges its own measurement: what its own delay can explain is inconclusive, not the system's failure.
    const generator = recorder.generator.finish(targetRate);
    const lookup: MetricLookup = recorder.registry.lookup;
    if (recorder.dropped) recorder.registry.add('dropped_iterations', recorder.dropped);
    let missing: number[] = [];
    if (distributed) {
      try {
        // The others may end a little later (clock skew, graceful stop): wait for their last intervals.
        missing = await distributed.end(recorder.registry, parseDuration(options.gracefulStop ?? '5s', 'gracefulStop') + 30_000, generator);
      } finally {
        await distributed.close().catch(() => {});
      }
    }
    const measured = distributed ? checks.final(distributed.merged.lookup, distributed.merged.names()) : checks.final(lookup, recorder.registry.names());
    const fastestLookup = distributed ? distributed.merged.lookup : lookup;
    // An HTTP request's fastest time counts from its actual send (http_req_service): the generator's send lag left out.
    // Merged thresholds are judged with every instance's generator: one starved instance can explain a merged crossing.
    const thresholds = judgeThresholds(measured, distributed ? distributed.generatorHealth() : generator, (key) => {
      const { metric, tags } = parseMetricKey(key);
      return fastestLookup(metric === 'http_req_duration' ? 'http_req_service' : metric, tags)?.min;
    });
    const baselines = judgeBaselines(await checks.compare(name, (metric) => recorder.series(metric), this.context, (metric) => (metric.startsWith('latency.') ? 'us' : undefined)), generator);
    recordResults(this.context, thresholds, baselines, name);
    // The whole run's metrics for the end-of-run table (issue 16): this instance's own share of a distributed load.
    const record: LoadMetricsRecord = { load: name, seconds: recorder.registry.elapsedSeconds, metrics: loadMetricRows(recorder.registry.entries(), lookup, checks.thresholds) };
    this.context.annotations?.push({ type: LOAD_METRICS_ANNOTATION, description: JSON.stringify(record) });
    const failures = [...recorder.errors.values()].reduce((a, b) => a + b, 0);
    const result: LoadResult = {
      name,
      kind,
      executor: 'scenario' in options ? (options as { scenario: Executor }).scenario.executor : 'stream',
      completed: recorder.completed,
      rate: recorder.completed / Math.max(outcome.seconds, 1e-9),
      ...(targetRate !== undefined ? { targetRate } : {}),
      ...(outcome.sendRate !== undefined ? { sendRate: outcome.sendRate, sendLag: outcome.sendLag } : {}),
      dropped: recorder.dropped,
      seconds: outcome.seconds,
      latency: recorder.latency,
      errors: Object.fromEntries(recorder.errors),
      errorRate: recorder.completed ? failures / recorder.completed : 0,
      bytes: { received: recorder.bytesIn, sent: recorder.bytesOut },
      thresholds,
      baselines,
      generator,
      // Never a pass when a threshold measured nothing or was inconclusive; only crossed ones throw (the gate judges the rest).
      passed: thresholds.every((t) => t.ok && !t.inconclusive) && baselines.every((b) => b.outcome !== 'fail'),
      ...(outcome.stoppedBy ? { stoppedBy: outcome.stoppedBy } : {}),
      ...(distributed ? { distributed: distributed.summary(missing, kind === 'ws' ? 'ws' : 'http') } : {}),
      metric: (metric, tags = {}) => lookup(metric, tags),
      series: (metric) => recorder.series(metric),
    };
    await this.context.attach?.(`load ${name}.json`, JSON.stringify(summaryOf(result), null, 2));
    if (missing.length) {
      throw new Error(
        `traffic.${kind} "${name}": instance(s) ${missing.join(', ')} of ${distributed!.instance.total} did not finish (run ${distributed!.instance.runId}), ` +
          'so the merged thresholds would miss their samples. Check those runners\' output.',
      );
    }
    if ((thresholds.some(crossed) || baselines.some(regressed)) && options.throwOnFail !== false) throw new LoadCheckError(name, thresholds, baselines, outcome.stoppedBy);
    return result;
  }
}

/** The plain-data part of a result, for attachments and scripts. */
export function summaryOf(result: LoadResult): Omit<LoadResult, 'metric' | 'series'> {
  const { metric: _metric, series: _series, ...rest } = result;
  return rest;
}

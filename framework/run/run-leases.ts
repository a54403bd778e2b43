import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { LeaseStore, type Lease, type LeaseHolder } from '../archive/lease-store.ts';
import { durationMs } from '../config/resolve-config.ts';
import type { EnvironmentDefinition } from '../model/environment.ts';
import type { RunEvent } from '../model/events.ts';
import { UsageError } from '../model/usage-error.ts';
import type { Plan } from '../plan/plan.ts';
import { EnvironmentError } from './environment-session.ts';

export const DEFAULT_LEASE_TTL = 30_000;
export const DEFAULT_LEASE_TIMEOUT = 600_000;
/** How often a waiting run prints that it is still waiting. */
const WAIT_REPORT_EVERY = 10_000;

export interface RunLeaseOptions {
  /** The project's root: the archive is found from it (TOLLGATE_ARCHIVE or .tollgate/archive.db). */
  rootDir: string;
  /** The resources to hold; leasesOfRun gives a run's. */
  resources: string[];
  runId: string;
  shard: string | null;
  ttlMs?: number;
  timeoutMs?: number;
  signal: AbortSignal;
  /** Live lines for people while the run waits (default: stderr). */
  print?(line: string): void;
}

/** `--lease-timeout 10m` → ms. */
export function parseLeaseTimeout(text: string): number {
  if (!/^\s*\d+(\.\d+)?\s*(ms|s|m|h)\s*$/.test(text)) throw new UsageError(`--lease-timeout: expected a length like 30s, 10m or 1h, got "${text}"`);
  return durationMs(text);
}

/**
 * The resources a run must hold: its environment's, those of every suite
 * the plan selected and those its planned tests declare (a test skipped
 * where it is declared needs none), each once, sorted. Every run takes them in this one
 * order, so two runs that need the same two testbeds never wait for each other.
 */
export function leasesOfRun(plan: Plan, environment: EnvironmentDefinition): string[] {
  const all = [
    ...(environment.leases ?? []),
    ...plan.files.flatMap((file) => file.suite.leases ?? []),
    ...plan.files.flatMap((file) => file.tests.flatMap((test) => (test.expectedStatus === 'skipped' ? [] : (test.leases ?? [])))),
    ...plan.foreignSuites.flatMap(({ suite }) => suite.leases ?? []),
  ];
  return [...new Set(all)].sort();
}

/**
 * Takes a run's testbed leases through the archive, waiting while another
 * run holds one, and keeps them alive until release(). Returns undefined
 * when the run needs none (no archive connection is opened then).
 *
 * Throws EnvironmentError, naming the resource and its holder, when a lease
 * is not free within the timeout or the run is interrupted while waiting:
 * the run's verdict is then ERROR with exit 3 (or INTERRUPTED, exit 4),
 * and the leases it had already taken are given back.
 */
export async function acquireRunLeases(options: RunLeaseOptions): Promise<RunLeases | undefined> {
  if (!options.resources.length) return undefined;
  let store: LeaseStore;
  try {
    store = await LeaseStore.open({ rootDir: options.rootDir });
  } catch (error) {
    throw new EnvironmentError(`testbed leases ${options.resources.join(', ')} need the archive, which could not be opened: ${(error as Error).message}`);
  }
  const leases = new RunLeases(store, options);
  try {
    await leases.acquireAll();
    return leases;
  } catch (error) {
    await leases.release().catch(() => {});
    throw error;
  }
}

/** The leases one run holds: their heartbeat, their events, their release. */
export class RunLeases {
  readonly token = randomUUID();
  readonly holder: LeaseHolder;
  readonly ttlMs: number;
  readonly timeoutMs: number;
  private readonly held: string[] = [];
  private readonly buffered: RunEvent[] = [];
  private emitter: ((event: RunEvent) => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private renewing = false;
  private lastRenewal = 0;
  private released = false;
  private readonly onExit = () => {
    // A second Ctrl-C exits without awaiting anything: SQLite can still give the leases back; PostgreSQL's expire after their TTL.
    if (!this.released && this.held.length) this.store.releaseSync(this.token, this.held);
  };

  constructor(private readonly store: LeaseStore, private readonly options: RunLeaseOptions) {
    this.holder = { runId: options.runId, host: os.hostname(), pid: process.pid, shard: options.shard };
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LEASE_TIMEOUT;
  }

  /** The resources this run holds now. */
  get resources(): readonly string[] {
    return this.held;
  }

  /** Sends this run's lease events (those buffered since acquisition, then live ones) to the run's bus; call after run.begin. */
  attach(emit: (event: RunEvent) => void): void {
    this.emitter = emit;
    for (const event of this.buffered.splice(0)) emit(event);
  }

  /** @internal Waits for every resource in order, within one shared timeout. */
  async acquireAll(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    process.on('exit', this.onExit);
    for (const resource of this.options.resources) await this.acquire(resource, deadline);
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, this.ttlMs / 3));
    this.heartbeat.unref();
  }

  /** Gives every lease back and stops the heartbeat. Safe to call twice. */
  async release(state: 'released' | 'interrupted' = 'released'): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    process.off('exit', this.onExit);
    try {
      if (this.held.length) {
        await this.store.release(this.token, this.held, state);
        for (const resource of this.held) this.log(`testbed lease "${resource}" released`);
      }
    } finally {
      await this.store.close().catch(() => {});
    }
  }

  private async acquire(resource: string, deadline: number): Promise<void> {
    const requestedAt = new Date(this.store.now()).toISOString();
    const started = Date.now();
    const entry = { resource, token: this.token, ...this.holder, requestedAt, acquiredAt: null, endedAt: null, waitedMs: null, tookOverFrom: null };
    const pollMs = Math.min(1000, Math.max(100, this.ttlMs / 6));
    let lastHolder: Lease | undefined;
    let lastReport = 0;
    for (;;) {
      const result = await this.store.tryAcquire(resource, this.token, this.holder, this.ttlMs);
      if (result.acquired) {
        this.held.push(resource);
        const waitedMs = Date.now() - started;
        await this.store.record({ ...entry, acquiredAt: result.lease.acquiredAt, state: 'held', waitedMs, tookOverFrom: result.tookOver?.runId ?? null });
        const waited = waitedMs >= 1000 || lastHolder ? ` after waiting ${seconds(waitedMs)}${lastHolder ? ` for run ${lastHolder.runId}` : ''}` : '';
        const tookOver = result.tookOver ? `; took it over from run ${describeHolder(result.tookOver)}, whose lease expired at ${result.tookOver.expiresAt} (it stopped renewing)` : '';
        this.log(`testbed lease "${resource}" acquired${waited} (TTL ${seconds(this.ttlMs)})${tookOver}`);
        if (lastHolder) this.print(`tollgate: testbed lease "${resource}" acquired after ${seconds(waitedMs)}`);
        return;
      }
      const { holder } = result;
      const now = Date.now();
      if (holder.token !== lastHolder?.token || now - lastReport >= WAIT_REPORT_EVERY) {
        const line = `waiting for testbed lease "${resource}": held by run ${describeHolder(holder)} since ${holder.acquiredAt}, ` +
          `renewed until ${holder.expiresAt}; waited ${seconds(now - started)} of ${seconds(this.timeoutMs)}`;
        this.print(`tollgate: ${line}`);
        if (holder.token !== lastHolder?.token) this.log(line);
        lastHolder = holder;
        lastReport = now;
      }
      if (this.options.signal.aborted || now >= deadline) {
        const timedOut = !this.options.signal.aborted;
        await this.store.record({ ...entry, state: timedOut ? 'timeout' : 'interrupted', endedAt: new Date(this.store.now()).toISOString(), waitedMs: now - started }).catch(() => {});
        const held = `held by run ${describeHolder(holder)} since ${holder.acquiredAt}`;
        throw new EnvironmentError(timedOut
          ? `testbed lease "${resource}" not acquired within ${seconds(this.timeoutMs)}: ${held}. ` +
            'Wait for that run to end (`tollgate leases` lists the holders), or give more time with --lease-timeout or leaseTimeout in the config.'
          : `interrupted while waiting for testbed lease "${resource}" (${held})`);
      }
      await sleep(Math.min(pollMs, Math.max(0, deadline - now)), this.options.signal);
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.released) return;
    this.renewing = true;
    const wanted = [...this.held];
    try {
      const kept = await this.store.renew(this.token, wanted, this.ttlMs);
      this.lastRenewal = Date.now();
      for (const resource of wanted.filter((r) => !kept.includes(r))) await this.lose(resource, 'another run took it over after it expired');
    } catch (error) {
      // A short outage of the database is survivable while the lease lives; past its TTL another run may take it.
      if (this.lastRenewal && Date.now() - this.lastRenewal > this.ttlMs) {
        for (const resource of wanted) await this.lose(resource, `it could not be renewed for ${seconds(Date.now() - this.lastRenewal)}: ${(error as Error).message}`);
      }
    } finally {
      this.renewing = false;
    }
  }

  /** A lost lease means another run may have used the testbed too: the run's results cannot be trusted to PASS. */
  private async lose(resource: string, why: string): Promise<void> {
    this.held.splice(this.held.indexOf(resource), 1);
    await this.store.markLost(this.token, resource).catch(() => {});
    this.emit({
      type: 'error',
      time: new Date().toISOString(),
      source: 'lease',
      error: { message: `testbed lease "${resource}" was lost while the run used it (${why}); another run may have used the testbed at the same time. Raise leaseTtl if the run stalls for longer than it.` },
    });
  }

  private log(text: string): void {
    this.emit({ type: 'log', time: new Date().toISOString(), stream: 'stdout', text: `${text}\n` });
  }

  private emit(event: RunEvent): void {
    if (this.emitter) this.emitter(event);
    else this.buffered.push(event);
  }

  private print(line: string): void {
    (this.options.print ?? ((text: string) => process.stderr.write(`${text}\n`)))(line);
  }
}

function describeHolder(lease: LeaseHolder): string {
  return `${lease.runId} (host ${lease.host}, pid ${lease.pid}${lease.shard ? `, shard ${lease.shard}` : ''})`;
}

function seconds(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * The load generator judges its own measurement (issue 13, item 8). A load
 * measures latency from when each request was due, so a generator that
 * starts requests late, or reads their answers late, adds its own delay to
 * what it blames on the system; on a machine shared with the system under
 * test (the embedded POD), a saturated CPU slows both. This monitor
 * measures, per interval and over the whole load:
 *
 *  - send lag: how late each arrival started after its scheduled time (open model);
 *  - the generator's event-loop delay (perf_hooks.monitorEventLoopDelay), beyond its sampling resolution;
 *  - the generator's CPU (process.cpuUsage), as a share of one core;
 *  - when the system shares the machine, the machine's CPU busy share (os.cpus() times).
 *
 * Arrivals dropped at maxInFlight are not counted against the generator: they
 * are the system's (it held too many requests in flight). This generator
 * starts a late arrival rather than dropping it, so its lag shows instead.
 *
 * k6 only warns when it cannot hold its rate; a gate must not blame the
 * system for the machine, so a threshold the generator's delay can explain
 * is inconclusive (judgeThresholds in tollgate/performance), and the verdict says ERROR naming the generator.
 */
import os from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { machineBusyShare, machineCpuMark, machineSaturation, percent, type MachineCpuMark } from '../shared/machine-cpu.ts';
import { latencyHistogram, recordMicros, summarize, type Histogram, type LatencySummary } from './latency-histogram.ts';

/** Sampling resolution of the event-loop delay monitor, ms: what it reports beyond this is delay. */
const LOOP_RESOLUTION_MS = 10;
/** The least send-lag (and event-loop delay) p99 limit, µs: timers alone are a millisecond or two late. */
const MIN_LAG_LIMIT_US = 10_000;
/** A generator using this much of its one core cannot keep up with its own event loop. */
const SATURATED_GENERATOR = 0.9;

export interface GeneratorHealthOptions {
  /** The system under test runs on this machine (the embedded POD): its CPU saturation is measured too. */
  sharesMachine?: boolean;
}

/** What the generator measured of itself over one load. Durations in µs, CPU as shares. */
export interface GeneratorHealth {
  /** Open model: how late arrivals started after their scheduled times. */
  sendLag?: LatencySummary;
  /** The send lag p99 (and event-loop delay p99) limit: max(10 ms, 10% of the time between arrivals). */
  lagLimit: number;
  /** The event loop's delay beyond the monitor's resolution: late timers, late reads of answers. */
  eventLoopDelay: { p10: number; p50: number; p99: number; max: number };
  /** The generator process's CPU, as a share of one core. */
  cpu: number;
  /** The machine's CPU busy share over all cores; measured when the system under test shares the machine. */
  machineCpu?: number;
  /** Why the generator could not hold its schedule; empty when it could. */
  problems: string[];
  /** Behind on most of its work, not only on a few sends (send lag or event-loop delay p50 over the limit): none of its timings can be trusted. */
  starved?: boolean;
  /** One line for reports: 'send lag p99 1.2 ms (limit 10 ms) · event loop p99 0.4 ms · generator CPU 23% · machine CPU 61%'. */
  summary: string;
}

interface CpuMark {
  at: number;
  process: NodeJS.CpuUsage;
  machine?: MachineCpuMark;
}

export class GeneratorMonitor {
  private readonly loopTotal: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private readonly loopWindow: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private readonly lagTotal: Histogram = latencyHistogram();
  private readonly lagWindow: Histogram = latencyHistogram();
  private readonly started: CpuMark;
  private window: CpuMark;
  private stopped = false;

  constructor(private readonly options: GeneratorHealthOptions = {}) {
    this.loopTotal.enable();
    this.loopWindow.enable();
    this.started = this.window = this.mark();
  }

  get sharesMachine(): boolean {
    return this.options.sharesMachine === true;
  }

  /** One arrival started `micros` after its scheduled time. */
  sendLag(micros: number): void {
    recordMicros(this.lagTotal, micros);
    recordMicros(this.lagWindow, micros);
  }

  /** The send lag so far, or undefined when nothing was scheduled (closed model, streams). */
  sendLagSummary(): LatencySummary | undefined {
    return this.lagTotal.totalCount ? summarize(this.lagTotal) : undefined;
  }

  /** The interval's points (metric events of the load): generator_send_lag and generator_event_loop_delay p99 in µs, generator_cpu and machine_cpu as ratios. */
  points(): { name: string; value: number; unit: string }[] {
    const now = this.mark();
    const points = [
      ...(this.lagWindow.totalCount ? [{ name: 'generator_send_lag', value: this.lagWindow.getValueAtPercentile(99), unit: 'us' }] : []),
      { name: 'generator_event_loop_delay', value: loopMicros(this.loopWindow, 99), unit: 'us' },
      { name: 'generator_cpu', value: round(processShare(this.window, now)), unit: 'ratio' },
      ...(this.sharesMachine && now.machine ? [{ name: 'machine_cpu', value: round(machineBusyShare(this.window.machine, now.machine)), unit: 'ratio' }] : []),
    ];
    this.window = now;
    this.lagWindow.reset();
    this.loopWindow.reset();
    return points;
  }

  /** The load's health; `ratePerSecond` is the arrival rate asked for (it sets the lag limit). Stops the monitor. */
  finish(ratePerSecond?: number): GeneratorHealth {
    const now = this.mark();
    this.stop();
    const sendLag = this.sendLagSummary();
    const lagLimit = Math.max(MIN_LAG_LIMIT_US, ratePerSecond ? 0.1 * (1_000_000 / ratePerSecond) : 0);
    const eventLoopDelay = { p10: loopMicros(this.loopTotal, 10), p50: loopMicros(this.loopTotal, 50), p99: loopMicros(this.loopTotal, 99), max: loopMicros(this.loopTotal, 100) };
    const cpu = processShare(this.started, now);
    const machineCpu = this.sharesMachine && now.machine ? machineBusyShare(this.started.machine, now.machine) : undefined;
    const problems: string[] = [];
    if (sendLag && sendLag.p99 > lagLimit) problems.push(`the generator fell behind its schedule by ${ms(sendLag.p99)} p99 (limit ${ms(lagLimit)})`);
    if (eventLoopDelay.p99 > lagLimit) problems.push(`the generator's event loop was ${ms(eventLoopDelay.p99)} late p99 (limit ${ms(lagLimit)})`);
    if (cpu >= SATURATED_GENERATOR) problems.push(`the generator used ${percent(cpu)} of a core`);
    const saturated = machineCpu === undefined ? undefined : machineSaturation(machineCpu, 'the system under test', `over ${os.cpus().length} core(s)`);
    if (saturated) problems.push(saturated);
    const starved = (sendLag?.p50 ?? 0) > lagLimit || eventLoopDelay.p50 > lagLimit;
    const summary = [
      sendLag ? `send lag p99 ${ms(sendLag.p99)} (limit ${ms(lagLimit)})` : '',
      `event loop p99 ${ms(eventLoopDelay.p99)}`,
      `generator CPU ${percent(cpu)}`,
      machineCpu !== undefined ? `machine CPU ${percent(machineCpu)}` : '',
    ].filter(Boolean).join(' · ');
    return { ...(sendLag ? { sendLag } : {}), lagLimit, eventLoopDelay, cpu: round(cpu), ...(machineCpu !== undefined ? { machineCpu: round(machineCpu) } : {}), problems, ...(starved ? { starved } : {}), summary };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.loopTotal.disable();
    this.loopWindow.disable();
  }

  private mark(): CpuMark {
    return { at: performance.now(), process: process.cpuUsage(), ...(this.sharesMachine ? { machine: machineCpuMark() } : {}) };
  }
}

function loopMicros(histogram: IntervalHistogram, percentile: number): number {
  if (!histogram.count) return 0;
  const ns = percentile >= 100 ? histogram.max : histogram.percentile(Math.max(percentile, 0.001));
  return Math.max(0, Math.round(ns / 1000 - LOOP_RESOLUTION_MS * 1000));
}

function processShare(from: CpuMark, to: CpuMark): number {
  const usedMicros = to.process.user - from.process.user + (to.process.system - from.process.system);
  const elapsedMicros = (to.at - from.at) * 1000;
  return elapsedMicros > 0 ? usedMicros / elapsedMicros : 0;
}

function ms(micros: number): string {
  return `${Math.round(micros / 100) / 10} ms`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

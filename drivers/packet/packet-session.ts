import { HarnessMeasurementError } from 'tollgate';
import { machineCpuMark, measuredBusyShare, type MachineCpuMark } from '../shared/machine-cpu.ts';
import type { HarnessSide } from './burst-judgement.ts';
import { checkCaptures, decodeCaptured, rateOf, type CheckResult, type PortExpectation } from './check-captures.ts';
import { encodeFrame } from './encode-frame.ts';
import type { FrameSpec } from './frame-spec.ts';
import type { PacketPorts, SendOptions } from './packet-ports.ts';
import { pcapFile } from './pcap-writer.ts';

export interface SentFrame {
  port: string;
  time: number;
  bytes: Uint8Array;
}

/** A failed packet expectation: the message lists what failed, `diff` holds the field-by-field comparison. */
export class PacketExpectationError extends Error {
  constructor(readonly result: CheckResult) {
    super(`packet expectations failed:\n${result.failures.map((f) => `  - ${f}`).join('\n')}`);
    this.name = 'PacketExpectationError';
  }
  get diff(): string {
    return this.result.diff;
  }
}

/**
 * A packet expectation that fell short while the harness could not hold its
 * side (the machine it shares with the switch saturated, or the injector
 * sending below the rate expected): the harness's error, so the test is
 * broken and the gate says ERROR naming the cause, never FAIL (issue 13.8).
 */
export class PacketInconclusiveError extends HarnessMeasurementError {
  constructor(readonly result: CheckResult & { inconclusive: string }) {
    super('packet', `${result.inconclusive}\n${result.failures.map((f) => `  - ${f}`).join('\n')}`);
    this.name = 'PacketInconclusiveError';
  }
  get diff(): string {
    return this.result.diff;
  }
}

export interface CheckOptions {
  /** How long to wait for the expected frames, ms (default 1000). */
  timeout?: number;
  /** After the expected frames arrived, how long to keep listening for extra ones, ms (default 100). */
  settle?: number;
}

/**
 * Sends frames and checks what the switch forwarded, over one PacketPorts
 * helper. A test uses it as `packet`: send(), then expect() (which throws
 * with a diff) or check() (which returns the result); pcaps() gives the
 * frames sent and captured so far, for attaching to a failed test.
 *
 * @example
 *   await packet.send('p1', { eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01' } });
 *   await packet.expect([{ port: 'p2', frames: [{ eth: { src: '02:00:00:00:00:01' } }] }, { port: 'p1', none: true }]);
 */
export class PacketSession {
  readonly sent: SentFrame[] = [];
  private lastSend = 0;
  /** The machine's CPU times at the first send after clear(): a check judges the machine over the burst. */
  private burstStart: MachineCpuMark | undefined;

  /** How ports are named in messages (a vector's logical names). */
  label: (port: string) => string = (p) => p;

  constructor(readonly io: PacketPorts) {}

  get ports(): string[] {
    return Object.keys(this.io.ports);
  }

  /** Sends one frame (a spec or bytes), or several in order, `count` times over. */
  async send(port: string, frames: FrameSpec | Uint8Array | (FrameSpec | Uint8Array)[], options: SendOptions & { count?: number } = {}): Promise<void> {
    const list = (Array.isArray(frames) ? frames : [frames]).map((f, i) => (f instanceof Uint8Array ? f : encodeFrame(f, `frame ${i + 1} sent on ${this.label(port)}`)));
    const all: Uint8Array[] = [];
    for (let n = 0; n < (options.count ?? 1); n++) all.push(...list);
    this.burstStart ??= machineCpuMark();
    const times = await this.io.send(port, all, options);
    all.forEach((bytes, i) => this.sent.push({ port, time: times[i], bytes }));
    this.lastSend = Date.now();
  }

  /** Waits for the expected frames (or the quiet periods) and judges them. */
  async check(expectations: readonly PortExpectation[], options: CheckOptions = {}): Promise<CheckResult> {
    const timeout = options.timeout ?? 1000;
    const settle = options.settle ?? 100;
    const enough = () =>
      expectations.every((e) => {
        const n = this.io.captured.get(e.port)?.length ?? 0;
        if ('frames' in e) return n >= e.frames.length;
        if ('count' in e) return n >= (typeof e.count === 'number' ? e.count : e.count.min ?? 0);
        return true;
      });
    await this.io.waitFor(enough, timeout);
    const quiet = Math.max(settle, ...expectations.map((e) => ('none' in e ? e.within ?? 300 : 0)));
    const wait = this.lastSend + quiet - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const captured = new Map([...this.io.captured].map(([port, frames]) => [port, decodeCaptured(frames)]));
    return checkCaptures(expectations, captured, this.label, this.harnessSide());
  }

  /**
   * Like check(), but throws when anything failed: a PacketExpectationError
   * with the diff, or, when only counts or rates fell short while the
   * harness could not hold its side, a PacketInconclusiveError (the harness's).
   */
  async expect(expectations: PortExpectation | readonly PortExpectation[], options: CheckOptions = {}): Promise<void> {
    const result = await this.check(Array.isArray(expectations) ? expectations : [expectations as PortExpectation], options);
    if (result.inconclusive !== undefined) throw new PacketInconclusiveError({ ...result, inconclusive: result.inconclusive });
    if (!result.ok) throw new PacketExpectationError(result);
  }

  /** Forgets what was sent and captured: the next check sees only what comes after. */
  clear(): void {
    this.sent.length = 0;
    this.burstStart = undefined;
    this.io.clear();
  }

  /** The harness's own side since clear(): the injector's send rate, from the times the helper stamped, and the machine's CPU from the first send to now. */
  harnessSide(): HarnessSide {
    const sent = this.sent.filter((f) => Number.isFinite(f.time)).sort((a, b) => a.time - b.time);
    const side: HarnessSide = {
      ...(sent.length >= 2 ? { sendRate: rateOf(sent) } : {}),
    };
    const machineCpu = this.burstStart && measuredBusyShare(this.burstStart, machineCpuMark());
    return machineCpu === undefined ? side : { ...side, machineCpu };
  }

  /** pcap files of what was sent and of what each port captured (Wireshark and tcpdump -r open them). */
  pcaps(): { name: string; body: Buffer }[] {
    const out = [{ name: 'sent.pcap', body: pcapFile(this.sent) }];
    for (const [port, frames] of this.io.captured) out.push({ name: `captured-${this.label(port).replace(/[^\w.-]+/g, '_')}.pcap`, body: pcapFile(frames) });
    return out;
  }
}

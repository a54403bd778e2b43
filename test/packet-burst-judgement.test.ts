/**
 * Issue 13, item 8, for packets: a burst that arrives short while the
 * harness could not hold its side (the machine it shares with the switch
 * saturated, or the injector sending below the expected rate) is
 * inconclusive, the harness's error; the same shortfall on a quiet machine,
 * and a wrong frame or a frame on the wrong port on any machine, are the
 * switch's failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHarnessFault } from 'tollgate';
import { checkCaptures, decodeCaptured, type PortExpectation } from '../drivers/packet/check-captures.ts';
import { encodeFrame } from '../drivers/packet/encode-frame.ts';
import type { TimedFrame } from '../drivers/packet/frame-batch.ts';
import { expectationOf } from '../drivers/packet/match-frame.ts';
import type { PacketPorts } from '../drivers/packet/packet-ports.ts';
import { PacketInconclusiveError, PacketSession } from '../drivers/packet/packet-session.ts';
import { machineBusyShare, machineSaturation, measuredBusyShare } from '../drivers/shared/machine-cpu.ts';
import { toTestError } from '../framework/runners/native/test-error.ts';

const spec = { eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:0a' }, ipv4: { src: '10.0.0.10', dst: '10.0.0.255' }, udp: { sport: 1, dport: 2 } };
const frame = encodeFrame(spec);
const wrong = encodeFrame({ ...spec, udp: { sport: 1, dport: 3 } });
/** `n` frames 1 ms apart (1000 packets/s). */
const burst = (n: number, bytes = frame): TimedFrame[] => Array.from({ length: n }, (_, i) => ({ time: i, bytes }));
const captured = (ports: Record<string, TimedFrame[]>) => new Map(Object.entries(ports).map(([port, frames]) => [port, decodeCaptured(frames)]));
const want = expectationOf(spec);
const burstOf200: PortExpectation = { port: 'p2', frame: want, count: 200, rate: { minPps: 50 } };
const saturated = { sendRate: { pps: 900, bps: 500_000 }, machineCpu: 0.97 };
const quiet = { sendRate: { pps: 900, bps: 500_000 }, machineCpu: 0.3 };

test('a short burst on a saturated machine is inconclusive, naming the machine and what arrived', () => {
  const result = checkCaptures([burstOf200, { port: 'p3', none: true }], captured({ p2: burst(187), p3: [] }), (p) => (p === 'p2' ? 'host-b (p2)' : p), saturated);
  assert.equal(result.ok, false);
  assert.equal(result.inconclusive, "inconclusive: the machine's CPU, shared with the switch under test, was 97% busy during the burst; on host-b (p2) 187 of 200 frames arrived");
  assert.match(result.failures[0], /expected 200 matching frames, received 187/);
});

test('the same short burst on a quiet machine, with an injector that kept its rate, is the switch failing', () => {
  const result = checkCaptures([burstOf200], captured({ p2: burst(187) }), undefined, quiet);
  assert.equal(result.ok, false);
  assert.equal(result.inconclusive, undefined);
  // It is a shortfall, judged with what the harness measured of its side, which held.
  assert.deepEqual(result.shortfalls, [{ arrived: 'on p2 187 of 200 frames arrived' }]);
  assert.deepEqual(result.harness, quiet);
  // Without a measurement of the harness's side nothing is excused either.
  assert.equal(checkCaptures([burstOf200], captured({ p2: burst(187) })).inconclusive, undefined);
});

test('a rate below its minimum is inconclusive when the injector itself sent below it, on a quiet machine too', () => {
  const slow: TimedFrame[] = burst(200).map((f, i) => ({ ...f, time: i * 40 })); // 25 packets/s
  const injectorSlow = { sendRate: { pps: 24, bps: 12_000 }, machineCpu: 0.2 };
  const result = checkCaptures([burstOf200], captured({ p2: slow }), undefined, injectorSlow);
  assert.match(result.failures.join('\n'), /25 packets\/s is below the minimum 50/);
  assert.match(result.inconclusive ?? '', /^inconclusive: the injector itself sent at 24 packets\/s, below the minimum 50 packets\/s the test expects; on p2 25 packets\/s is below the minimum 50$/);
  // An injector that held the rate leaves the slow forwarding to the switch.
  assert.equal(checkCaptures([burstOf200], captured({ p2: slow }), undefined, quiet).inconclusive, undefined);
});

test('a wrong frame, a frame on the wrong port or an extra frame fails on a saturated machine too', () => {
  // The burst arrived short on p2 and part of it left on p3, which must stay quiet: the switch's fault.
  const wrongPort = checkCaptures([burstOf200, { port: 'p3', none: true }], captured({ p2: burst(187), p3: burst(13) }), undefined, saturated);
  assert.equal(wrongPort.ok, false);
  assert.equal(wrongPort.inconclusive, undefined);
  assert.match(wrongPort.failures.join('\n'), /port p3: expected no frame, received 13/);
  assert.deepEqual([wrongPort.failures.length, wrongPort.shortfalls.length], [2, 1], 'the short count is a shortfall, the frame on p3 is not');
  // Only wrong frames arrived (another UDP port): a wrong frame, not a shortfall.
  const wrongFrame = checkCaptures([burstOf200], captured({ p2: burst(200, wrong) }), undefined, saturated);
  assert.equal(wrongFrame.inconclusive, undefined);
  assert.deepEqual(wrongFrame.shortfalls.map((f) => f.arrived), ['on p2 0 packets/s is below the minimum 50'], 'only the rate (none matched) is a shortfall; the wrong frames are not');
  assert.match(wrongFrame.diff, /✗ udp\.dport\s+2\s+3$/m);
  // More frames than the count allows, or a rate above its maximum: load does not make frames.
  assert.equal(checkCaptures([{ port: 'p2', frame: want, count: { max: 150 } }], captured({ p2: burst(200) }), undefined, saturated).inconclusive, undefined);
  assert.equal(checkCaptures([{ port: 'p2', frame: want, count: 200, rate: { maxPps: 100 } }], captured({ p2: burst(200) }), undefined, saturated).inconclusive, undefined);
  // A listed frame that did not arrive is judged as before.
  assert.equal(checkCaptures([{ port: 'p2', frames: [want] }], captured({ p2: [] }), undefined, saturated).inconclusive, undefined);
});

test('the machine CPU helpers: busy share between two marks, saturated from 90%', () => {
  assert.equal(machineBusyShare({ busy: 100, total: 1000 }, { busy: 1050, total: 2000 }), 0.95);
  assert.equal(machineBusyShare({ busy: 5, total: 10 }, { busy: 5, total: 10 }), 0);
  // Too short a time for os.cpus()' 10 ms ticks to say how busy the machine was: not measured, rather than 0% or 100%.
  assert.equal(measuredBusyShare({ busy: 0, total: 0 }, { busy: 20, total: 20 }), undefined);
  assert.equal(measuredBusyShare({ busy: 0, total: 0 }, { busy: 190, total: 200 }), 0.95);
  assert.equal(machineSaturation(0.89, 'the switch under test', 'during the burst'), undefined);
  assert.equal(machineSaturation(0.9, 'the system under test', 'over 2 core(s)'), "the machine's CPU, shared with the system under test, was 90% busy over 2 core(s)");
});

/** Ports that stamp each sent frame `gapMs` after the last and "forward" every sent frame to p2 at the same pace. */
function fakePorts(gapMs: number, forward: (i: number) => boolean): PacketPorts {
  const capturedFrames = new Map<string, TimedFrame[]>([['p1', []], ['p2', []]]);
  let clock = 0;
  const io = {
    ports: { p1: 'veth1', p2: 'veth2' },
    captured: capturedFrames,
    async send(_port: string, frames: readonly Uint8Array[]) {
      return frames.map((bytes, i) => {
        clock += gapMs;
        if (forward(i)) capturedFrames.get('p2')!.push({ time: clock, bytes: Buffer.from(bytes) });
        return clock;
      });
    },
    async waitFor(done: () => boolean) {
      return done();
    },
    clear() {
      for (const k of capturedFrames.keys()) capturedFrames.set(k, []);
    },
  };
  return io as unknown as PacketPorts;
}

test("the session measures the injector's own rate from its send times: a slow injector's short rate is the harness's error", async () => {
  const session = new PacketSession(fakePorts(100, () => true)); // 10 packets/s
  session.clear();
  await session.send('p1', spec, { count: 20 });
  const side = session.harnessSide();
  assert.equal(Math.round(side.sendRate!.pps), 10);
  const error = await session.expect([{ port: 'p2', frame: want, count: 20, rate: { minPps: 50 } }], { settle: 0 }).then(
    () => assert.fail('a rate of 10 packets/s passed a minimum of 50'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof PacketInconclusiveError, String(error));
  assert.match(error.message, /^driver "packet" could not measure: inconclusive: (the machine's CPU[^;]*; )?the injector itself sent at 10 packets\/s, below the minimum 50 packets\/s the test expects; on p2 10 packets\/s is below the minimum 50$/m);
  assert.ok(isHarnessFault(error));
  assert.equal(toTestError(error, process.cwd()).harness, true, 'the test is broken, not failed');
});

/**
 * Packets checked per second through a Linux bridge, end to end: frames
 * built, sent into the bridge on one port, captured on another and matched
 * field by field against their expectations. Tollgate's packet driver
 * against scapy doing the same job (bench/packet-scapy-peer.py), in the same
 * run and the same kind of topology; plus tollgate's inject-to-capture
 * latency percentiles. Needs root (network namespaces).
 *
 *   npx tsx bench/packet-throughput.ts [--frames 20000] [--scapy-frames 5000] [--rounds 3]
 *
 * scapy gets fewer frames by default: at a few hundred per second on a busy
 * machine, 20,000 would take minutes per round; its rate is steady long before.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeFrame } from '../drivers/packet/decode-frame.ts';
import { encodeFrame } from '../drivers/packet/encode-frame.ts';
import { expectationOf, matchFrame, type FrameExpectation } from '../drivers/packet/match-frame.ts';
import { PacketPorts } from '../drivers/packet/packet-ports.ts';
import { packetSupport } from '../drivers/packet/capability.ts';
import type { FrameSpec } from '../drivers/packet/frame-spec.ts';
import { createLinuxBridgeTopology } from '../environments/local/switch/linux-bridge-topology.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { frames: { type: 'string', default: '20000' }, 'scapy-frames': { type: 'string', default: '5000' }, rounds: { type: 'string', default: '3' } } });
const FRAMES = Number(values.frames);
const ROUNDS = Number(values.rounds);
const SCAPY_FRAMES = Number(values['scapy-frames']);
const CHUNK = 1000;
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const support = packetSupport();
if (!support.ok) {
  console.error(`bench/packet-throughput: ${support.reason}`);
  process.exit(3);
}

function spec(i: number): FrameSpec {
  return { eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01' }, ipv4: { src: '10.0.0.1', dst: '10.0.0.2', ttl: 64 }, udp: { sport: 1000, dport: 2000 }, payload: `seq ${String(i).padStart(8, '0')}` };
}

interface TollgateRound {
  checked: number;
  bad: number;
  seconds: number;
  perSecond: number;
}

type Percentiles = { p50: number; p90: number; p99: number; max: number };

function percentiles(values: number[]): Percentiles {
  const us = values.filter(Number.isFinite).sort((a, b) => a - b);
  const pct = (p: number) => Math.round(us[Math.min(us.length - 1, Math.floor((p / 100) * us.length))] ?? NaN);
  return { p50: pct(50), p90: pct(90), p99: pct(99), max: Math.round(us[us.length - 1] ?? NaN) };
}

/**
 * Inject-to-capture latency, one frame at a time (a burst would measure its
 * own queue): the helper stamps the send and the capture with one clock.
 */
async function latencyRound(io: PacketPorts, count: number): Promise<Percentiles> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    io.clear(); // a fresh list per port: fetch it after clearing
    const captured = io.captured.get('p2')!;
    const [sentAt] = await io.send('p1', [encodeFrame(spec(i))]);
    if (await io.waitFor(() => captured.length > 0, 1000)) out.push((captured[0].time - sentAt) * 1000);
  }
  return percentiles(out);
}

async function tollgateRound(io: PacketPorts): Promise<TollgateRound> {
  io.clear();
  const start = performance.now();
  // Frames and their expectations are built in chunks, each chunk sent as soon as it is built,
  // so building, sending, capturing and matching overlap as they would in a long vector.
  const expectations: FrameExpectation[] = new Array(FRAMES);
  const captured = io.captured.get('p2')!;
  let next = 0;
  let checked = 0;
  let bad = 0;
  const seen = new Uint8Array(FRAMES);
  const matchArrived = () => {
    for (; next < captured.length; next++) {
      const f = captured[next];
      const decoded = decodeFrame(f.bytes);
      const i = Number(Buffer.from((decoded.payload ?? '0x').slice(2), 'hex').toString('latin1').slice(4));
      if (Number.isInteger(i) && i < FRAMES && !seen[i] && matchFrame(expectations[i], decoded, f.bytes).ok) {
        seen[i] = 1;
        checked++;
      } else bad++;
    }
    return checked + bad >= FRAMES;
  };
  const sends: Promise<void>[] = [];
  for (let from = 0; from < FRAMES; from += CHUNK) {
    const frames: Buffer[] = [];
    for (let i = from; i < Math.min(FRAMES, from + CHUNK); i++) {
      const s = spec(i);
      frames.push(encodeFrame(s));
      expectations[i] = expectationOf(s);
    }
    sends.push(io.send('p1', frames, { batch: 64 }).then(() => undefined));
    // Let captured batches in (and get matched) between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await io.waitFor(matchArrived, 30_000);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(sends);
  return { checked, bad, seconds, perSecond: checked / seconds };
}

function scapyRound(netns: string): { checked: number; bad: number; seconds: number; perSecond: number } {
  const run = spawnSync('ip', ['netns', 'exec', netns, PYTHON, join(here, 'packet-scapy-peer.py'), 'h1', 'h2', String(SCAPY_FRAMES)], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`scapy peer failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const topology = await createLinuxBridgeTopology({ ports: 2 });
const results: { tollgate: TollgateRound[]; scapy: ReturnType<typeof scapyRound>[]; latencyUs?: Percentiles } = { tollgate: [], scapy: [] };
try {
  // One helper for all rounds, with rings big enough for a burst (each slot is 64 KiB in cap's immediate mode).
  const io = await PacketPorts.start({ netns: topology.netns, ports: topology.ports, bufferBytes: 128 * 1024 * 1024 });
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const t = await tollgateRound(io);
      results.tollgate.push(t);
      console.log(`round ${r + 1} tollgate: ${t.checked}/${FRAMES} checked in ${t.seconds.toFixed(2)} s = ${Math.round(t.perSecond)}/s`);
    }
    results.latencyUs = await latencyRound(io, 2000);
  } finally {
    await io.close();
  }
  for (let r = 0; r < ROUNDS; r++) {
    const s = scapyRound(topology.netns);
    results.scapy.push(s);
    console.log(`round ${r + 1} scapy:    ${s.checked}/${SCAPY_FRAMES} checked in ${s.seconds.toFixed(2)} s = ${Math.round(s.perSecond)}/s`);
  }
} finally {
  await topology.close();
}

const tg = median(results.tollgate.map((r) => r.perSecond));
const sc = median(results.scapy.map((r) => r.perSecond));
const latency = results.latencyUs!;
const summary = {
  // The machine is shared: its load says how much of the two cores each side really had.
  loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
  cores: cpus().length,
  frames: FRAMES,
  scapyFrames: SCAPY_FRAMES,
  rounds: ROUNDS,
  tollgatePerSecond: Math.round(tg),
  scapyPerSecond: Math.round(sc),
  ratio: Number((tg / sc).toFixed(1)),
  tollgateLatencyUs: latency,
  lost: { tollgate: results.tollgate.map((r) => FRAMES - r.checked), scapy: results.scapy.map((r) => SCAPY_FRAMES - r.checked) },
};
console.log(`\nload average ${summary.loadAverage.join(' ')} on ${summary.cores} cores; median of ${ROUNDS}: tollgate ${summary.tollgatePerSecond}/s, scapy ${summary.scapyPerSecond}/s, ratio ${summary.ratio}x; inject-to-capture latency (2,000 single frames) p50 ${latency.p50} µs, p90 ${latency.p90} µs, p99 ${latency.p99} µs, max ${latency.max} µs`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'packet-throughput.json'), `${JSON.stringify({ time: new Date().toISOString(), ...summary, raw: results }, null, 2)}\n`);

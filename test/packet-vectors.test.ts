import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkCaptures, decodeCaptured } from '../drivers/packet/check-captures.ts';
import { decodeFrame } from '../drivers/packet/decode-frame.ts';
import { encodeFrame } from '../drivers/packet/encode-frame.ts';
import type { FrameSpec } from '../drivers/packet/frame-spec.ts';
import { jsonLocations } from '../drivers/packet/json-locations.ts';
import { loadVectorFile, resolveExpectedFrame, VectorError } from '../drivers/packet/load-vector.ts';
import { expectationOf, matchFrame, type FrameExpectation } from '../drivers/packet/match-frame.ts';
import { REPO } from './helpers/run-inline.ts';

const frame: FrameSpec = { eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:0a' }, vlan: { vid: 20 }, ipv4: { src: '10.0.0.10', dst: '10.0.0.255', ttl: 64 }, udp: { sport: 5, dport: 9 }, payload: 'x' };
const bytes = encodeFrame(frame);
const decoded = decodeFrame(bytes);
const ok = (e: FrameExpectation) => matchFrame(e, decoded, bytes).ok;

test('field expectations: exact, don\'t care, masks, prefixes, absent layers, bytes', () => {
  const table: [string, FrameExpectation, boolean][] = [
    ['the frame itself', expectationOf(frame), true],
    ['nothing named is no constraint', {}, true],
    ['a wrong VLAN', { vlan: { vid: 30 } }, false],
    ["'*' is don't care", { vlan: { vid: '*' }, ipv4: '*' }, true],
    ['a number mask', { vlan: { vid: { value: 0x1f, mask: 0xf0 } } }, true],
    ['a number mask that differs', { vlan: { vid: { value: 0x24, mask: 0xf0 } } }, false],
    ['a MAC mask', { eth: { src: { value: '02:00:00:00:00:00', mask: 'ff:ff:ff:00:00:00' } } }, true],
    ['an IPv4 prefix', { ipv4: { dst: '10.0.0.0/24' } }, true],
    ['an IPv4 prefix that differs', { ipv4: { dst: '10.0.1.0/24' } }, false],
    ['a VLAN that must be absent', { vlan: null }, false],
    ['a layer that is missing', { tcp: { dport: 9 } }, false],
    ['a payload', { payload: 'x' }, true],
    ['a hex payload that differs', { payload: '0x79' }, false],
    ['exact bytes', { bytes: bytes.toString('hex') }, true],
    ['bytes differing under a mask of zeros', { bytes: Buffer.alloc(bytes.length).toString('hex'), mask: Buffer.alloc(bytes.length).toString('hex') }, true],
    ['bytes that differ', { bytes: Buffer.alloc(bytes.length).toString('hex') }, false],
  ];
  for (const [name, expectation, want] of table) assert.equal(ok(expectation), want, name);
});

test('a named frame with overrides keeps the other fields', () => {
  const e = resolveExpectedFrame({ like: 'f', vlan: { vid: 30 } }, { f: frame });
  assert.deepEqual(e.vlan, { vid: 30 });
  assert.equal((e.ipv4 as Record<string, unknown>).ttl, 64);
  assert.equal(ok(e), false);
  assert.equal(ok(resolveExpectedFrame({ like: 'f', ipv4: { ttl: '*' } }, { f: frame })), true);
});

test('checks: counts, silence, order, extra frames, rates, and a diff naming each wrong field', () => {
  const other = encodeFrame({ ...frame, vlan: { vid: 30 } });
  const at = (t: number, b: Buffer) => ({ time: t, bytes: b });
  const captured = new Map([
    ['p2', decodeCaptured([at(0, bytes), at(10, other)])],
    ['p3', decodeCaptured([])],
    ['p4', decodeCaptured(Array.from({ length: 11 }, (_, i) => at(i * 10, bytes)))],
  ]);
  const want = expectationOf(frame);
  assert.equal(checkCaptures([{ port: 'p2', frames: [want], allowExtra: true }], captured).ok, true);
  assert.equal(checkCaptures([{ port: 'p3', none: true }], captured).ok, true);
  assert.equal(checkCaptures([{ port: 'p4', frame: want, count: 11, rate: { minPps: 90, maxPps: 110 } }], captured).ok, true);
  const rate = checkCaptures([{ port: 'p4', frame: want, count: { min: 1 }, rate: { minPps: 1000 } }], captured);
  assert.match(rate.failures.join('\n'), /100 packets\/s is below the minimum 1000/);

  const extra = checkCaptures([{ port: 'p2', frames: [want] }], captured);
  assert.match(extra.failures[0], /port p2: 1 unexpected frame/);
  const order = checkCaptures([{ port: 'p2', frames: [{ vlan: { vid: 30 } }, want], ordered: true }], captured);
  assert.equal(order.ok, false);
  assert.match(order.diff, /✗ vlan\.vid\s+30 \(0x1e\)\s+20 \(0x14\)/);

  const wrong = checkCaptures([{ port: 'p3', frames: [{ ...want, vlan: { vid: 40 } }] }], captured);
  assert.match(wrong.failures[0], /port p3: expected frame 1 of 1 did not arrive/);
  assert.match(wrong.diff, /nothing on p3; the closest frame was received on p2/);
  assert.match(wrong.diff, /✗ vlan\.vid\s+40 \(0x28\)\s+20 \(0x14\)/);
  assert.match(wrong.diff, /^\s+ipv4\.ttl\s+64 \(0x40\)\s+64 \(0x40\)$/m);
  assert.match(checkCaptures([{ port: 'p2', none: true }], captured).failures[0], /expected no frame, received 2/);
});

test('JSON pointers map to lines and columns', () => {
  const where = jsonLocations('{\n  "a": [1,\n    {"b": "x"}],\n  "c": {"d~/e": null}\n}');
  assert.deepEqual(where.get('/a/1/b'), { line: 3, column: 11 });
  assert.deepEqual(where.get('/c/d~0~1e'), { line: 4, column: 17 });
});

test('the suite\'s vectors load', () => {
  const folder = join(REPO, 'suites/integration/switch');
  const files = readdirSync(folder).filter((f) => f.endsWith('.vector.json'));
  assert.ok(files.length >= 5);
  for (const f of files) loadVectorFile(join(folder, f));
  for (const f of readdirSync(join(folder, 'broken'))) loadVectorFile(join(folder, 'broken', f));
});

test('a bad vector is one error listing every problem with file:line:column and the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-vectors-'));
  const file = join(dir, 'bad.vector.json');
  writeFileSync(file, `{
  "name": "bad",
  "frames": { "f": { "eth": { "dst": "ff:ff:ff:ff:ff:ff", "src": "02:00:00:00:00:01" }, "vlan": { "vid": 9999 } } },
  "testCases": [{
    "name": "t",
    "actions": [{ "send": { "port": "p1", "frame": "nope" } }, { "jump": 1 }],
    "expect": [{ "port": "p2", "frames": [{ "like": "missing" }] }]
  }]
}`);
  const error = (() => {
    try {
      loadVectorFile(file, dir);
    } catch (e) {
      return e as VectorError;
    }
    throw new Error('loading a bad vector did not fail');
  })();
  assert.ok(error instanceof VectorError);
  assert.match(error.message, /bad\.vector\.json:6:\d+ \/testCases\/0\/actions\/1: .*unknown property "jump"/);

  writeFileSync(file, readFileSync(file, 'utf8').replace(', { "jump": 1 }', ''));
  const second = (() => {
    try {
      loadVectorFile(file, dir);
    } catch (e) {
      return e as VectorError;
    }
    throw new Error('loading a bad vector did not fail');
  })();
  assert.equal(second.problems.length, 3, second.message);
  assert.match(second.message, /bad\.vector\.json:3:\d+ \/frames\/f\.vlan\.vid: 9999 is out of range/);
  assert.match(second.message, /bad\.vector\.json:6:\d+ \/testCases\/0\/actions\/0\/send\/frame: no frame named "nope"/);
  assert.match(second.message, /bad\.vector\.json:7:\d+ \/testCases\/0\/expect\/0\/frames\/0\/like: no frame named "missing"/);

  writeFileSync(file, '{ "name": "x", ');
  assert.throws(() => loadVectorFile(file, dir), /bad\.vector\.json:1: not valid JSON/);
});

test('without the cap binding the packet driver fails with what to install', async () => {
  const { PacketPorts } = await import('../drivers/packet/packet-ports.ts');
  const previous = process.env.TOLLGATE_PACKET_BINDING;
  process.env.TOLLGATE_PACKET_BINDING = 'tollgate-no-such-binding';
  try {
    await assert.rejects(PacketPorts.start({ netns: null, ports: { p1: 'lo' } }), /needs the optional npm package 'cap'.*apt-get install -y libpcap-dev && npm install cap/s);
  } finally {
    if (previous === undefined) delete process.env.TOLLGATE_PACKET_BINDING;
    else process.env.TOLLGATE_PACKET_BINDING = previous;
  }
});

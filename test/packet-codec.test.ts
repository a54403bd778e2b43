import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bytesToIpv6, ipv6ToBytes } from '../drivers/packet/addresses.ts';
import { internetChecksum } from '../drivers/packet/checksum.ts';
import { decodeFrame } from '../drivers/packet/decode-frame.ts';
import { encodeFrame } from '../drivers/packet/encode-frame.ts';
import type { FrameSpec } from '../drivers/packet/frame-spec.ts';
import { pcapFile, readPcapFile } from '../drivers/packet/pcap-writer.ts';

const eth = { dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01' };

/** Each frame with the scapy expression that builds the same bytes. */
const CASES: { name: string; spec: FrameSpec; scapy: string }[] = [
  {
    name: 'IPv4 UDP',
    spec: { eth, ipv4: { src: '10.0.0.1', dst: '10.0.0.2', id: 7, ttl: 17 }, udp: { sport: 1234, dport: 53 }, payload: 'hello' },
    scapy: "Ether(dst='02:00:00:00:00:02',src='02:00:00:00:00:01')/IP(src='10.0.0.1',dst='10.0.0.2',id=7,ttl=17,flags='DF')/UDP(sport=1234,dport=53)/Raw(b'hello')",
  },
  {
    name: '802.1Q IPv4 TCP',
    spec: { eth, vlan: { vid: 100, pcp: 5 }, ipv4: { src: '192.168.1.1', dst: '192.168.1.2', tos: 0x10 }, tcp: { sport: 40000, dport: 443, seq: 123456789, ack: 42, flags: 0x18, window: 1024 }, payload: '0x00ff10' },
    scapy: "Ether(dst='02:00:00:00:00:02',src='02:00:00:00:00:01')/Dot1Q(vlan=100,prio=5)/IP(src='192.168.1.1',dst='192.168.1.2',tos=0x10,id=0,flags='DF')/TCP(sport=40000,dport=443,seq=123456789,ack=42,flags='PA',window=1024)/Raw(b'\\x00\\xff\\x10')",
  },
  {
    name: 'ICMP echo',
    spec: { eth, ipv4: { src: '10.1.1.1', dst: '10.1.1.2' }, icmp: { type: 8, id: 99, seq: 3 }, payload: 'ping-data' },
    scapy: "Ether(dst='02:00:00:00:00:02',src='02:00:00:00:00:01')/IP(src='10.1.1.1',dst='10.1.1.2',id=0,flags='DF')/ICMP(type=8,id=99,seq=3)/Raw(b'ping-data')",
  },
  {
    name: 'ARP request',
    spec: { eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01' }, arp: { op: 1, sha: '02:00:00:00:00:01', spa: '10.0.0.1', tha: '00:00:00:00:00:00', tpa: '10.0.0.2' } },
    scapy: "Ether(dst='ff:ff:ff:ff:ff:ff',src='02:00:00:00:00:01')/ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='10.0.0.1',hwdst='00:00:00:00:00:00',pdst='10.0.0.2')",
  },
  {
    name: 'IPv6 UDP',
    spec: { eth, ipv6: { src: 'fd00::1', dst: 'fd00::2:0:0:3', hopLimit: 9, flowLabel: 0x12345 }, udp: { sport: 546, dport: 547 }, payload: 'v6 payload here' },
    scapy: "Ether(dst='02:00:00:00:00:02',src='02:00:00:00:00:01')/IPv6(src='fd00::1',dst='fd00::2:0:0:3',hlim=9,fl=0x12345)/UDP(sport=546,dport=547)/Raw(b'v6 payload here')",
  },
  {
    name: 'ICMPv6 echo',
    spec: { eth, ipv6: { src: 'fe80::1', dst: 'ff02::1' }, icmp: { type: 128, id: 5, seq: 6 }, payload: 'abc' },
    scapy: "Ether(dst='02:00:00:00:00:02',src='02:00:00:00:00:01')/IPv6(src='fe80::1',dst='ff02::1')/ICMPv6EchoRequest(id=5,seq=6,data=b'abc')",
  },
];

test('frames match the bytes scapy builds for the same layers (checksums included)', () => {
  // Debian's python3-scapy lives under /usr/bin/python3 (a pyenv python on PATH would not see it).
  const script = `from scapy.all import *\nimport sys\nfor p in [${CASES.map((c) => c.scapy).join(',')}]:\n    print(bytes(p).hex())\n`;
  const out = execFileSync(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
  CASES.forEach((c, i) => {
    const ours = encodeFrame(c.spec);
    const theirs = Buffer.alloc(Math.max(60, out[i].length / 2));
    Buffer.from(out[i], 'hex').copy(theirs);
    assert.equal(ours.toString('hex'), theirs.toString('hex'), c.name);
  });
});

test('decoding an encoded frame gives its layers back, with valid checksums', () => {
  for (const c of CASES) {
    const decoded = decodeFrame(encodeFrame(c.spec));
    assert.deepEqual(decoded.badChecksums, [], c.name);
    for (const layer of ['eth', 'vlan', 'arp', 'ipv4', 'ipv6', 'udp', 'tcp', 'icmp'] as const) {
      const want = c.spec[layer] as unknown as Record<string, unknown> | undefined;
      if (!want) {
        assert.equal(decoded[layer], undefined, `${c.name}: no ${layer}`);
        continue;
      }
      for (const [k, v] of Object.entries(want)) assert.equal((decoded[layer] as unknown as Record<string, unknown>)[k], v, `${c.name}: ${layer}.${k}`);
    }
    const payload = c.spec.payload ?? '';
    assert.equal(decoded.payload ?? '0x', payload.startsWith('0x') ? payload : `0x${Buffer.from(payload).toString('hex')}`, c.name);
  }
});

test('a corrupted byte shows up as a wrong checksum of its layer', () => {
  const f2 = encodeFrame(CASES[0].spec);
  f2[14 + 20 + 8] ^= 1; // the first payload byte
  assert.deepEqual(decodeFrame(f2).badChecksums, ['udp']);
  const f3 = encodeFrame(CASES[0].spec);
  f3[14 + 8] = 1; // the TTL, which UDP's pseudo-header does not cover
  assert.deepEqual(decodeFrame(f3).badChecksums, ['ipv4']);
});

test('the Internet checksum of RFC 1071 example data', () => {
  // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, complement 220d.
  assert.equal(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex')), 0x220d);
});

test('IPv6 text forms round-trip in RFC 5952 form', () => {
  for (const [input, canonical] of [['fd00::1', 'fd00::1'], ['FD00:0:0:0:0:0:0:1', 'fd00::1'], ['::', '::'], ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], ['2001:db8::', '2001:db8::']]) {
    assert.equal(bytesToIpv6(ipv6ToBytes(input)), canonical);
  }
});

test('bad fields are errors that name the field and the range', () => {
  assert.throws(() => encodeFrame({ eth, vlan: { vid: 5000 } }, 'vectors/x.json /frames/a'), /vectors\/x\.json \/frames\/a\.vlan\.vid: 5000 is out of range; expected an integer from 0 to 4095/);
  assert.throws(() => encodeFrame({ eth: { dst: 'zz', src: eth.src } }), /frame\.eth\.dst: "zz" is not a MAC address/);
  assert.throws(() => encodeFrame({ eth, ipv4: { src: '10.0.0.300', dst: '10.0.0.1' } }), /frame\.ipv4\.src: "10\.0\.0\.300" is not an IPv4 address/);
  assert.throws(() => encodeFrame({ eth, udp: { sport: 1, dport: 2 } }), /udp needs an ipv4 or ipv6 layer/);
  assert.throws(() => encodeFrame({ eth, ipv4: { src: '1.1.1.1', dst: '1.1.1.2' }, ipv6: { src: '::1', dst: '::2' } }), /one network layer/);
});

test('pcap files read back and tcpdump decodes them', () => {
  const frames = CASES.map((c, i) => ({ time: 1_700_000_000_000 + i * 1.5, bytes: encodeFrame(c.spec) }));
  const file = pcapFile(frames);
  const back = readPcapFile(file);
  assert.equal(back.length, frames.length);
  back.forEach((r, i) => {
    assert.ok(Buffer.from(r.bytes).equals(frames[i].bytes));
    assert.ok(Math.abs(r.time - frames[i].time) < 0.001);
  });
  const path = join(mkdtempSync(join(tmpdir(), 'tg-pcap-')), 'frames.pcap');
  writeFileSync(path, file);
  const text = execFileSync('tcpdump', ['-nn', '-e', '-r', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = text.trim().split('\n');
  assert.equal(lines.length, CASES.length);
  assert.match(lines[0], /10\.0\.0\.1\.1234 > 10\.0\.0\.2\.53: .*UDP|10\.0\.0\.1\.1234 > 10\.0\.0\.2\.53:/);
  assert.match(lines[1], /vlan 100, p 5/);
  assert.match(lines[2], /ICMP echo request, id 99, seq 3/);
  assert.match(lines[3], /Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1/);
  assert.match(lines[4], /fd00::1\.546 > fd00::2:0:0:3\.547/);
  assert.match(lines[5], /ICMP6, echo request/);
});

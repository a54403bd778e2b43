import { ipv4ToBytes, ipv6ToBytes, macToBytes, payloadToBytes } from './addresses.ts';
import type { DecodedFrame, FrameSpec } from './frame-spec.ts';

/**
 * What a test expects of a frame. Every layer and field is optional: what
 * is left out is not checked (don't care), '*' says so explicitly, a layer
 * set to null must be absent (no VLAN tag), and a field may carry a mask:
 * `{ value: 10, mask: 0xff0 }`, `{ value: '02:00:00:00:00:00', mask: 'ff:ff:ff:00:00:00' }`,
 * or a prefix for addresses: `'10.0.0.0/24'`. `bytes` (hex) compares the
 * whole frame, with an optional `mask` of the same length.
 */
export type FieldMatch = number | string | { value: number | string; mask: number | string };

export type LayerExpectation<T> = { [K in keyof T]?: FieldMatch } | null | '*';

export interface FrameExpectation {
  bytes?: string;
  mask?: string;
  eth?: LayerExpectation<FrameSpec['eth']>;
  vlan?: LayerExpectation<NonNullable<FrameSpec['vlan']>>;
  arp?: LayerExpectation<NonNullable<FrameSpec['arp']>>;
  ipv4?: LayerExpectation<NonNullable<FrameSpec['ipv4']>>;
  ipv6?: LayerExpectation<NonNullable<FrameSpec['ipv6']>>;
  udp?: LayerExpectation<NonNullable<FrameSpec['udp']>>;
  tcp?: LayerExpectation<NonNullable<FrameSpec['tcp']>>;
  icmp?: LayerExpectation<NonNullable<FrameSpec['icmp']>>;
  payload?: string;
  /** Accept wrong checksums (a checksum-offloading switch); by default any wrong checksum fails. */
  anyChecksum?: boolean;
}

export interface FieldResult {
  /** 'vlan.vid', 'ipv4.dst', 'bytes[12]', ... */
  field: string;
  expected: string;
  received: string;
  ok: boolean;
}

export const LAYERS = ['eth', 'vlan', 'arp', 'ipv4', 'ipv6', 'udp', 'tcp', 'icmp'] as const;

/** Compares a decoded frame with an expectation, field by field; `ok` when every field matched. */
export function matchFrame(expectation: FrameExpectation, frame: DecodedFrame, bytes: Uint8Array): { ok: boolean; fields: FieldResult[] } {
  const fields: FieldResult[] = [];
  if (expectation.bytes !== undefined) fields.push(...matchBytes(expectation.bytes, expectation.mask, bytes));
  for (const layer of LAYERS) {
    const want = expectation[layer];
    if (want === undefined || want === '*') continue;
    const got = frame[layer] as Record<string, unknown> | undefined;
    if (want === null) {
      fields.push({ field: layer, expected: '(absent)', received: got ? JSON.stringify(got) : '(absent)', ok: !got });
      continue;
    }
    for (const [name, match] of Object.entries(want as Record<string, FieldMatch>)) {
      if (match === '*' || match === undefined) continue;
      const field = `${layer}.${name}`;
      const value = got?.[name] as number | string | undefined;
      fields.push({ field, expected: show(match), received: got ? show(value) : `(no ${layer} layer)`, ok: got !== undefined && value !== undefined && fieldMatches(match, value, field) });
    }
  }
  if (expectation.payload !== undefined && expectation.payload !== '*') {
    // Decoded payloads are '0x' + lower-case hex: compare in that form.
    const want = expectation.payload.startsWith('0x') ? `0x${payloadToBytes(expectation.payload, 'payload').toString('hex')}` : `0x${Buffer.from(expectation.payload, 'utf8').toString('hex')}`;
    const got = frame.payload ?? '0x';
    fields.push({ field: 'payload', expected: want, received: got, ok: want === got });
  }
  if (!expectation.anyChecksum && frame.badChecksums.length > 0) {
    fields.push({ field: 'checksums', expected: 'valid', received: `wrong: ${frame.badChecksums.join(', ')}`, ok: false });
  }
  return { ok: fields.every((f) => f.ok), fields };
}

function fieldMatches(match: FieldMatch, value: number | string, field: string): boolean {
  // Decoded addresses are in canonical form; most expectations are written the same way.
  if (match === value) return true;
  if (typeof match === 'object') {
    if (typeof value === 'number') return (Number(match.value) & Number(match.mask)) === (value & Number(match.mask));
    const v = addressBytes(value, field);
    const m = addressBytes(String(match.mask), `${field}.mask`);
    const w = addressBytes(String(match.value), `${field}.value`);
    return v.every((byte, i) => (byte & m[i]) === (w[i] & m[i]));
  }
  if (typeof value === 'number') return Number(match) === value;
  if (typeof match === 'string' && match.includes('/')) return inPrefix(value, match, field);
  return addressBytes(value, field).equals(addressBytes(String(match), field));
}

function inPrefix(value: string, prefix: string, field: string): boolean {
  const [net, bitsText] = prefix.split('/');
  const bits = Number(bitsText);
  const v = addressBytes(value, field);
  const n = addressBytes(net, field);
  for (let i = 0; i < v.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    if ((v[i] & mask) !== (n[i] & mask)) return false;
  }
  return true;
}

function addressBytes(text: string, field: string): Buffer {
  if (/^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2}){5}$/.test(text)) return macToBytes(text, field);
  if (text.includes('.')) return ipv4ToBytes(text, field);
  if (text.includes(':')) return ipv6ToBytes(text, field);
  throw new Error(`${field}: cannot compare "${text}"; expected a number, a MAC, an IPv4 or an IPv6 address`);
}

function matchBytes(hex: string, maskHex: string | undefined, bytes: Uint8Array): FieldResult[] {
  const want = payloadToBytes(hex.startsWith('0x') ? hex : `0x${hex}`, 'bytes');
  const mask = maskHex ? payloadToBytes(maskHex.startsWith('0x') ? maskHex : `0x${maskHex}`, 'mask') : undefined;
  const out: FieldResult[] = [];
  if (want.length !== bytes.length) out.push({ field: 'bytes.length', expected: String(want.length), received: String(bytes.length), ok: false });
  const n = Math.min(want.length, bytes.length);
  let differing = 0;
  for (let i = 0; i < n; i++) {
    const m = mask ? mask[i] ?? 0xff : 0xff;
    if ((want[i] & m) === (bytes[i] & m)) continue;
    // Only the first few differing bytes: a diff of a thousand lines helps nobody.
    if (++differing <= 8) out.push({ field: `bytes[${i}]`, expected: hexByte(want[i]), received: hexByte(bytes[i]), ok: false });
  }
  if (differing > 8) out.push({ field: 'bytes', expected: '', received: `${differing - 8} more bytes differ`, ok: false });
  if (out.length === 0) out.push({ field: 'bytes', expected: `${want.length} bytes`, received: 'equal', ok: true });
  return out;
}

function hexByte(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'object' && v !== null && 'mask' in v) {
    const m = v as { value: unknown; mask: unknown };
    return `${show(m.value)} mask ${show(m.mask)}`;
  }
  if (typeof v === 'number') return v > 9 ? `${v} (0x${v.toString(16)})` : String(v);
  return String(v);
}

/** A field-by-field table of one comparison: ✗ marks each field that differs. */
export function formatFieldDiff(fields: readonly FieldResult[]): string {
  const w1 = Math.max(5, ...fields.map((f) => f.field.length));
  const w2 = Math.max(8, ...fields.map((f) => f.expected.length));
  const lines = [`    ${'field'.padEnd(w1)}  ${'expected'.padEnd(w2)}  received`];
  for (const f of fields) lines.push(`  ${f.ok ? ' ' : '✗'} ${f.field.padEnd(w1)}  ${f.expected.padEnd(w2)}  ${f.received}`);
  return lines.join('\n');
}

/** A full frame spec as an exact field expectation (every field it names must match). */
export function expectationOf(spec: FrameSpec): FrameExpectation {
  const out: FrameExpectation = {};
  for (const layer of LAYERS) {
    const value = spec[layer];
    if (value) (out as Record<string, unknown>)[layer] = { ...value };
  }
  if (!spec.vlan) out.vlan = null;
  if (spec.payload !== undefined) out.payload = spec.payload;
  return out;
}

/** Text forms of MAC, IPv4 and IPv6 addresses to bytes and back, with errors that name the bad value. */

/**
 * Parsed addresses, by text: a test sends thousands of frames between the
 * same few hosts, and parsing dominated encoding (the benchmark's 20,000
 * frames spent most of their build time here). Bounded, so it cannot grow.
 */
const parsed = new Map<string, Buffer>();
function memo(kind: string, text: string, parse: () => Buffer): Buffer {
  const key = `${kind}${text}`;
  let bytes = parsed.get(key);
  if (!bytes) {
    bytes = parse();
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(key, bytes);
  }
  return bytes;
}

export function macToBytes(text: string, where = 'MAC address'): Buffer {
  return memo('m', text, () => parseMac(text, where));
}

function parseMac(text: string, where: string): Buffer {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new Error(`${where}: "${text}" is not a MAC address; expected six hex bytes like 02:00:00:00:00:01`);
  }
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

export function bytesToMac(b: Uint8Array, offset = 0): string {
  const out: string[] = [];
  for (let i = 0; i < 6; i++) out.push(b[offset + i].toString(16).padStart(2, '0'));
  return out.join(':');
}

export function ipv4ToBytes(text: string, where = 'IPv4 address'): Buffer {
  return memo('4', text, () => parseIpv4(text, where));
}

function parseIpv4(text: string, where: string): Buffer {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`${where}: "${text}" is not an IPv4 address; expected four numbers 0-255 like 10.0.0.1`);
  }
  return Buffer.from(parts.map(Number));
}

export function bytesToIpv4(b: Uint8Array, offset = 0): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

export function ipv6ToBytes(text: string, where = 'IPv6 address'): Buffer {
  return memo('6', text, () => parseIpv6(text, where));
}

function parseIpv6(text: string, where: string): Buffer {
  const bad = () => new Error(`${where}: "${text}" is not an IPv6 address; expected a form like fd00::1`);
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0 || (halves.length === 2 && missing < 1)) throw bad();
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    out.writeUInt16BE(parseInt(g, 16), i * 2);
  });
  return out;
}

/** The RFC 5952 form: lower case, the longest run of zero groups shortened to '::'. */
export function bytesToIpv6(b: Uint8Array, offset = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[offset + i * 2] << 8) | b[offset + i * 2 + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Payload text: '0x' + hex is bytes, anything else UTF-8. */
export function payloadToBytes(text: string | undefined, where = 'payload'): Buffer {
  if (!text) return Buffer.alloc(0);
  if (!text.startsWith('0x')) return Buffer.from(text, 'utf8');
  const hex = text.slice(2).replace(/[\s:]/g, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`${where}: "${text.slice(0, 40)}" is not hex; write '0x' and an even number of hex digits, or plain text`);
  }
  return Buffer.from(hex, 'hex');
}

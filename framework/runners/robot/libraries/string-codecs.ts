import { RobotError } from '../robot-error.ts';

/**
 * Python's str.encode / bytes.decode for String's Encode String To Bytes
 * and Decode Bytes To String: UTF-8, UTF-16, ASCII and Latin-1 with the
 * 'strict', 'ignore' and 'replace' error handlers, failing as Python does.
 */

type Codec = 'utf-8' | 'utf-16' | 'utf-16-le' | 'utf-16-be' | 'ascii' | 'latin-1';

function codec(encoding: string): Codec {
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (['utf-8', 'utf8', 'u8'].includes(e)) return 'utf-8';
  if (['utf-16', 'utf16'].includes(e)) return 'utf-16';
  if (['utf-16-le', 'utf-16le'].includes(e)) return 'utf-16-le';
  if (['utf-16-be', 'utf-16be'].includes(e)) return 'utf-16-be';
  if (['ascii', 'us-ascii', '646'].includes(e)) return 'ascii';
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'cp819'].includes(e)) return 'latin-1';
  throw new RobotError(`LookupError: unknown encoding: ${encoding}`);
}

function handler(errors: string): 'strict' | 'ignore' | 'replace' {
  if (errors === 'strict' || errors === 'ignore' || errors === 'replace') return errors;
  throw new RobotError(`LookupError: unknown error handler name '${errors}'`);
}

export function encodeString(text: string, encoding: string, errors: string): Uint8Array {
  const c = codec(encoding);
  const h = handler(errors);
  if (c === 'utf-8') return new Uint8Array(Buffer.from(text, 'utf8'));
  if (c.startsWith('utf-16')) {
    const le = Buffer.from(text, 'utf16le');
    if (c === 'utf-16-be') le.swap16();
    return new Uint8Array(c === 'utf-16' ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le);
  }
  const limit = c === 'ascii' ? 128 : 256;
  const out: number[] = [];
  const chars = [...text];
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (code < limit) out.push(code);
    else if (h === 'replace') out.push(63);
    else if (h === 'strict') {
      const shown = code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
      throw new RobotError(`UnicodeEncodeError: '${c === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '${shown}' in position ${i}: ordinal not in range(${limit})`);
    }
  });
  return Uint8Array.from(out);
}

export function decodeBytes(bytes: Uint8Array, encoding: string, errors: string): string {
  const c = codec(encoding);
  const h = handler(errors);
  if (c === 'latin-1') return String.fromCharCode(...bytes);
  if (c === 'ascii') {
    let out = '';
    bytes.forEach((b, i) => {
      if (b < 128) out += String.fromCharCode(b);
      else if (h === 'replace') out += '\ufffd';
      else if (h === 'strict') throw new RobotError(`UnicodeDecodeError: 'ascii' codec can't decode byte 0x${b.toString(16).padStart(2, '0')} in position ${i}: ordinal not in range(128)`);
    });
    return out;
  }
  const label = c === 'utf-16-be' ? 'utf-16be' : c === 'utf-8' ? 'utf-8' : 'utf-16le';
  if (h === 'strict') {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: c !== 'utf-16' }).decode(bytes);
    } catch {
      throw new RobotError(`UnicodeDecodeError: '${c.replace('-le', '-le').replace('-be', '-be')}' codec can't decode bytes: invalid data`);
    }
  }
  const decoded = new TextDecoder(label, { ignoreBOM: c !== 'utf-16' }).decode(bytes);
  return h === 'ignore' ? decoded.replaceAll('\ufffd', '') : decoded;
}

/**
 * DSSE, the Dead Simple Signing Envelope (secure-systems-lab/dsse, protocol
 * v1), signed with ed25519 from node:crypto. The signature covers the
 * pre-authentication encoding of payload type and payload, never the
 * payload alone, so a signature made for one payload type can never pass
 * as one for another.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface DsseSignature {
  /** sha256 of the signer's public key (SPKI DER), hex: a hint for which key to verify with. */
  keyid: string;
  /** base64 of the raw ed25519 signature. */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the payload's bytes. */
  payload: string;
  signatures: DsseSignature[];
}

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** The key id tollgate puts into signatures: sha256 over the public key's SPKI DER, hex. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function signEnvelope(payload: Buffer, payloadType: string, privateKey: KeyObject): DsseEnvelope {
  // ed25519 hashes internally: node:crypto takes `null` as the digest for it.
  const sig = sign(null, pae(payloadType, payload), privateKey);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: keyIdOf(privateKey), sig: sig.toString('base64') }] };
}

export class EnvelopeError extends Error {}

/** Reads an envelope from JSON text; every structural problem is an EnvelopeError with what was expected. */
export function parseEnvelope(text: string, where: string): DsseEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EnvelopeError(`${where} is not JSON (${(error as Error).message}): expected a DSSE envelope as written by \`tollgate run\` with TOLLGATE_SIGNING_KEY`);
  }
  const envelope = value as Partial<DsseEnvelope> | null;
  const problems: string[] = [];
  if (!envelope || typeof envelope !== 'object') problems.push('it is not a JSON object');
  else {
    if (typeof envelope.payloadType !== 'string') problems.push('"payloadType" is missing');
    if (typeof envelope.payload !== 'string') problems.push('"payload" (base64) is missing');
    if (!Array.isArray(envelope.signatures) || envelope.signatures.length === 0) problems.push('"signatures" is missing or empty');
    else if (envelope.signatures.some((s) => !s || typeof s.sig !== 'string')) problems.push('a signature has no "sig"');
  }
  if (problems.length) throw new EnvelopeError(`${where} is not a DSSE envelope: ${problems.join('; ')}`);
  return envelope as DsseEnvelope;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64: Buffer.from(_, 'base64') skips characters it does not know, which would let a changed byte slip by unseen. */
export function decodeBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new EnvelopeError(`${what} is not valid base64`);
  const bytes = Buffer.from(compact, 'base64');
  // Unused low bits in the last character decode to the same bytes; only the canonical form is accepted.
  if (bytes.toString('base64') !== compact) throw new EnvelopeError(`${what} is not canonical base64 (a character was changed)`);
  return bytes;
}

export interface EnvelopeCheck {
  /** The payload's bytes exactly as the valid signature covered them; null when no signature verified. */
  payload: Buffer | null;
  /** The key id of the signature that verified. */
  keyid: string | null;
  /** Why each signature was rejected. */
  rejected: string[];
}

/**
 * Verifies the envelope against one public key. The payload is decoded once
 * and those same bytes are returned, so the caller reads exactly what was signed.
 */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: KeyObject): EnvelopeCheck {
  const payload = decodeBase64(envelope.payload, 'the envelope\'s "payload"');
  const message = pae(envelope.payloadType, payload);
  const expectedId = keyIdOf(publicKey);
  const rejected: string[] = [];
  for (const [index, signature] of envelope.signatures.entries()) {
    let sig: Buffer;
    try {
      sig = decodeBase64(signature.sig, `signature ${index + 1}`);
    } catch (error) {
      rejected.push((error as Error).message);
      continue;
    }
    // The keyid is only a hint: it is not signed, so it decides nothing on its own.
    if (verify(null, message, publicKey, sig)) return { payload, keyid: signature.keyid ?? expectedId, rejected };
    rejected.push(
      signature.keyid && signature.keyid !== expectedId
        ? `signature ${index + 1} was made by key ${signature.keyid}, not by this key (${expectedId})`
        : `signature ${index + 1} does not match the payload: the envelope was changed after it was signed, or signed by another key`,
    );
  }
  return { payload: null, keyid: null, rejected };
}

/**
 * ed25519 key files for signed verdicts: tollgate.key (PKCS8 PEM, mode
 * 0600) signs, tollgate.pub (SPKI PEM) verifies. Reading a key that is
 * missing, unreadable or of the wrong kind fails with an AttestationError
 * that says which file, what was expected and how to make one.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyIdOf } from './attestation-dsse.ts';

export class AttestationError extends Error {}

export const PRIVATE_KEY_FILE = 'tollgate.key';
export const PUBLIC_KEY_FILE = 'tollgate.pub';

export interface KeyPairFiles {
  privateKeyFile: string;
  publicKeyFile: string;
  keyid: string;
}

/** Writes a new key pair into `dir`; refuses to overwrite an existing key (a lost key cannot be re-made). */
export function writeKeyPair(dir: string, { force = false } = {}): KeyPairFiles {
  const privateKeyFile = path.join(dir, PRIVATE_KEY_FILE);
  const publicKeyFile = path.join(dir, PUBLIC_KEY_FILE);
  for (const file of [privateKeyFile, publicKeyFile]) {
    if (!force && fs.existsSync(file)) throw new AttestationError(`${file} already exists: keygen does not overwrite keys; choose another --out folder or pass --force`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(dir, { recursive: true });
  // Written with 0600 from the start, then chmod'ed in case the file existed (--force) with wider rights.
  fs.writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.chmodSync(privateKeyFile, 0o600);
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { privateKeyFile, publicKeyFile, keyid: keyIdOf(publicKey) };
}

/** `source` names where the path came from (an env var, a flag) for the error message. */
export function readPrivateKey(file: string, source: string): KeyObject {
  return readKey(file, source, 'private', (pem) => createPrivateKey(pem));
}

export function readPublicKey(file: string, source: string): KeyObject {
  return readKey(file, source, 'public', (pem) => createPublicKey(pem));
}

function readKey(file: string, source: string, kind: 'private' | 'public', parse: (pem: string) => KeyObject): KeyObject {
  const expected = kind === 'private' ? `an ed25519 private key in PKCS8 PEM (${PRIVATE_KEY_FILE})` : `an ed25519 public key in SPKI PEM (${PUBLIC_KEY_FILE})`;
  const fix = 'make a pair with `tollgate keygen --out DIR`';
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? (error as Error).message})`;
    throw new AttestationError(`${source}: ${file} ${why}; expected ${expected}; ${fix}`);
  }
  let key: KeyObject;
  try {
    key = parse(pem);
  } catch {
    throw new AttestationError(`${source}: ${file} is not a PEM key; expected ${expected}; ${fix}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AttestationError(`${source}: ${file} holds a ${key.asymmetricKeyType ?? 'symmetric'} key; expected ${expected}; ${fix}`);
  }
  // createPublicKey also accepts a private key and derives its public half: say so rather than verify with a secret.
  if (kind === 'public' && /PRIVATE KEY/.test(pem)) {
    throw new AttestationError(`${source}: ${file} is a private key; verify with the public key (${PUBLIC_KEY_FILE}) and keep the private one secret`);
  }
  return key;
}

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { IN_TOTO_PAYLOAD_TYPE, keyIdOf, pae, parseEnvelope, signEnvelope, verifyEnvelope, type DsseEnvelope } from '../framework/gate/attestation-dsse.ts';
import { AttestationError, readPrivateKey, readPublicKey, writeKeyPair } from '../framework/gate/attestation-keys.ts';
import { digestsMatch, subjectDescriptor } from '../framework/gate/attestation-statement.ts';
import { verifyAttestation } from '../framework/gate/attestation-verify.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'v1', digest: { gitCommit: 'd20ace7968ba43c0219f62d71334c1095bab1602' } }],
  predicateType: 'https://in-toto.io/attestation/test-result/v0.1',
  predicate: { result: 'PASSED', configuration: [], passedTests: ['a'], warnedTests: [], failedTests: [] },
};
const signed = () => signEnvelope(Buffer.from(JSON.stringify(statement)), IN_TOTO_PAYLOAD_TYPE, privateKey);

test('PAE matches the DSSE specification (lengths in bytes)', () => {
  assert.equal(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString(), 'DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  // "é" is two bytes in UTF-8: the length counts bytes, not characters.
  assert.equal(pae('t', Buffer.from('é')).toString(), 'DSSEv1 1 t 2 é');
});

test('a signed envelope verifies with its key and hands back the exact signed bytes', () => {
  const envelope = signed();
  assert.equal(envelope.payloadType, 'application/vnd.in-toto+json');
  assert.equal(envelope.signatures[0]!.keyid, keyIdOf(publicKey));
  const result = verifyEnvelope(envelope, publicKey);
  assert.deepEqual(result.rejected, []);
  assert.deepEqual(JSON.parse(result.payload!.toString()), statement);
});

test('one changed byte in the decoded payload, re-encoded, fails verification', () => {
  const envelope = signed();
  const bytes = Buffer.from(envelope.payload, 'base64');
  for (const index of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
    const changed = Buffer.from(bytes);
    changed[index] = changed[index]! ^ 0x01;
    const result = verifyEnvelope({ ...envelope, payload: changed.toString('base64') }, publicKey);
    assert.equal(result.payload, null, `byte ${index}`);
    assert.match(result.rejected[0]!, /does not match the payload/);
  }
});

test('one changed base64 character fails, including the low bits of the last one', () => {
  const envelope = signed();
  const text = envelope.payload;
  const middle = Math.floor(text.length / 2);
  const flipped = text.slice(0, middle) + (text[middle] === 'A' ? 'B' : 'A') + text.slice(middle + 1);
  assert.equal(verifyEnvelope({ ...envelope, payload: flipped }, publicKey).payload, null);
  // A character outside the alphabet is not silently skipped.
  assert.throws(() => verifyEnvelope({ ...envelope, payload: text.slice(0, middle) + '!' + text.slice(middle + 1) }, publicKey), /not valid base64/);
  // Where the payload needs padding, the last character carries unused bits: changing them decodes to the same bytes, yet is refused.
  const padded = signEnvelope(Buffer.from('abcd'), IN_TOTO_PAYLOAD_TYPE, privateKey); // "YWJjZA=="
  const last = padded.payload.indexOf('=') - 1;
  const sameBytes = padded.payload.slice(0, last) + 'B' + padded.payload.slice(last + 1);
  assert.deepEqual(Buffer.from(sameBytes, 'base64'), Buffer.from('abcd'));
  assert.throws(() => verifyEnvelope({ ...padded, payload: sameBytes }, publicKey), /not canonical base64/);
});

test('another key, another payload type or a changed signature fails', () => {
  const envelope = signed();
  const other = generateKeyPairSync('ed25519').publicKey;
  assert.match(verifyEnvelope(envelope, other).rejected[0]!, /made by key .* not by this key/);
  assert.equal(verifyEnvelope({ ...envelope, payloadType: 'application/json' }, publicKey).payload, null);
  const sig = Buffer.from(envelope.signatures[0]!.sig, 'base64');
  sig[3] = sig[3]! ^ 0x80;
  assert.equal(verifyEnvelope({ ...envelope, signatures: [{ ...envelope.signatures[0]!, sig: sig.toString('base64') }] }, publicKey).payload, null);
});

test('verifyAttestation checks the statement and the subject from the signed bytes', () => {
  const text = JSON.stringify(signed());
  const ok = verifyAttestation(text, publicKey, { where: 'x', subject: 'D20ACE7968BA43C0219F62D71334C1095BAB1602' });
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.ok, true);
  assert.equal(ok.subjectMatched, true);
  const wrong = verifyAttestation(text, publicKey, { where: 'x', subject: 'e20ace7968ba43c0219f62d71334c1095bab1602' });
  assert.equal(wrong.ok, false);
  assert.match(wrong.problems.join(), /the subject does not match: the attestation is for v1/);
  const notStatement = signEnvelope(Buffer.from('{"_type":"x"}'), IN_TOTO_PAYLOAD_TYPE, privateKey);
  assert.match(verifyAttestation(JSON.stringify(notStatement), publicKey, { where: 'x' }).problems.join('\n'), /_type is "x"[\s\S]*predicateType/);
  assert.match(verifyAttestation('{"payload":1}', publicKey, { where: 'f.json' }).problems.join(), /f\.json is not a DSSE envelope: "payloadType" is missing/);
  assert.match(verifyAttestation('nope', publicKey, { where: 'f.json' }).problems.join(), /f\.json is not JSON/);
  assert.throws(() => parseEnvelope(JSON.stringify({ payloadType: 't', payload: '', signatures: [] } satisfies DsseEnvelope), 'f'), /"signatures" is missing or empty/);
});

test('subjects: digests, image references, git commits and version labels', () => {
  const hex = 'ab'.repeat(32);
  const table: [string, Record<string, string>][] = [
    [`sha256:${hex}`, { sha256: hex }],
    [`sha256:${hex.toUpperCase()}`, { sha256: hex }],
    [`registry.example/app@sha256:${hex}`, { sha256: hex }],
    [`sha512:${'cd'.repeat(64)}`, { sha512: 'cd'.repeat(64) }],
    ['d20ace7968ba43c0219f62d71334c1095bab1602', { gitCommit: 'd20ace7968ba43c0219f62d71334c1095bab1602' }],
    [hex, { gitCommit: hex }],
    ['1.4.2', { versionLabel: '1.4.2' }],
    ['sha256:short', { versionLabel: 'sha256:short' }],
  ];
  for (const [subject, digest] of table) assert.deepEqual(subjectDescriptor(subject), { name: subject, digest }, subject);
  assert.ok(digestsMatch({ sha256: hex }, { sha256: hex.toUpperCase(), sha512: 'x' }));
  assert.ok(!digestsMatch({ sha256: hex }, { gitCommit: hex }));
  assert.ok(!digestsMatch({ versionLabel: '1.4.2' }, { versionLabel: '1.4.20' }));
});

test('key files: PKCS8 private key with mode 0600, SPKI public key, clear errors for bad ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-keys-'));
  const files = writeKeyPair(dir);
  assert.equal(fs.statSync(files.privateKeyFile).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(files.privateKeyFile, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
  assert.match(fs.readFileSync(files.publicKeyFile, 'utf8'), /^-----BEGIN PUBLIC KEY-----\n/);
  const key = readPrivateKey(files.privateKeyFile, 'TOLLGATE_SIGNING_KEY');
  assert.equal(keyIdOf(readPublicKey(files.publicKeyFile, '--key')), keyIdOf(key));
  assert.equal(files.keyid, keyIdOf(key));
  assert.throws(() => writeKeyPair(dir), /already exists: keygen does not overwrite keys/);

  assert.throws(() => readPrivateKey(path.join(dir, 'missing.key'), 'TOLLGATE_SIGNING_KEY'), (e: Error) =>
    e instanceof AttestationError && /^TOLLGATE_SIGNING_KEY: .*missing\.key does not exist; expected an ed25519 private key in PKCS8 PEM .*tollgate keygen --out DIR/.test(e.message));
  fs.writeFileSync(path.join(dir, 'junk.key'), 'not a key');
  assert.throws(() => readPrivateKey(path.join(dir, 'junk.key'), 'X'), /junk\.key is not a PEM key/);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  fs.writeFileSync(path.join(dir, 'rsa.key'), rsa);
  assert.throws(() => readPrivateKey(path.join(dir, 'rsa.key'), 'X'), /holds a rsa key; expected an ed25519/);
  assert.throws(() => readPublicKey(files.privateKeyFile, '--key'), /is a private key; verify with the public key/);
  assert.throws(() => readPrivateKey(dir, 'X'), /is a folder/);
});

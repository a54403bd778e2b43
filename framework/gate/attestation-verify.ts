/**
 * Checks a signed verdict (attestation.intoto.json) the way a CD system
 * should before it trusts one: the envelope's signature by the given key,
 * over the exact payload bytes; then, from those same bytes, that it is an
 * in-toto test-result Statement, and (when asked) that its subject is the
 * version about to be deployed.
 */
import type { KeyObject } from 'node:crypto';
import { EnvelopeError, IN_TOTO_PAYLOAD_TYPE, parseEnvelope, verifyEnvelope } from './attestation-dsse.ts';
import { digestsMatch, STATEMENT_TYPE, subjectDescriptor, TEST_RESULT_PREDICATE, type TestResultStatement } from './attestation-statement.ts';

export interface AttestationCheck {
  /** True only when every check passed. */
  ok: boolean;
  /** What failed, each in words a person acts on; empty when ok. */
  problems: string[];
  /** What was verified, for people and for logs. */
  keyid: string | null;
  statement: TestResultStatement | null;
  subjectMatched: boolean | null;
}

export interface VerifyOptions {
  /** Names the file in messages. */
  where: string;
  /** The version that must be the statement's subject. */
  subject?: string;
  /** Also demand that the tests passed: result PASSED or WARNED. */
  requirePass?: boolean;
}

export function verifyAttestation(text: string, publicKey: KeyObject, options: VerifyOptions): AttestationCheck {
  const check: AttestationCheck = { ok: false, problems: [], keyid: null, statement: null, subjectMatched: null };
  let payload: Buffer | null;
  try {
    const envelope = parseEnvelope(text, options.where);
    if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) check.problems.push(`payloadType is "${envelope.payloadType}", expected "${IN_TOTO_PAYLOAD_TYPE}"`);
    const result = verifyEnvelope(envelope, publicKey);
    payload = result.payload;
    check.keyid = result.keyid;
    if (!payload) check.problems.push(...result.rejected);
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    check.problems.push(error.message);
    return check;
  }
  if (!payload) return check;

  let statement: Partial<TestResultStatement>;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    check.problems.push('the signed payload is not JSON: expected an in-toto Statement');
    return check;
  }
  if (statement._type !== STATEMENT_TYPE) check.problems.push(`the payload's _type is "${String(statement._type)}", expected "${STATEMENT_TYPE}"`);
  if (statement.predicateType !== TEST_RESULT_PREDICATE) check.problems.push(`the predicateType is "${String(statement.predicateType)}", expected "${TEST_RESULT_PREDICATE}"`);
  if (!Array.isArray(statement.subject) || !statement.subject.length) check.problems.push('the statement has no subject');
  check.statement = statement as TestResultStatement;

  if (options.subject !== undefined && Array.isArray(statement.subject)) {
    const wanted = subjectDescriptor(options.subject);
    check.subjectMatched = statement.subject.some((s) => digestsMatch(wanted.digest, s.digest));
    if (!check.subjectMatched) {
      const attested = statement.subject.map((s) => s.name ?? JSON.stringify(s.digest)).join(', ');
      check.problems.push(`the subject does not match: the attestation is for ${attested}, not for ${options.subject}`);
    }
  }
  const result = statement.predicate?.result;
  if (options.requirePass && result !== 'PASSED' && result !== 'WARNED') {
    check.problems.push(`the attested result is ${String(result)}: the tests did not pass (--require-pass accepts PASSED or WARNED)`);
  }
  check.ok = check.problems.length === 0;
  return check;
}

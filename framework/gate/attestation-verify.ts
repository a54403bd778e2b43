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
  /** The gate whose verdict it must be: a merge gate's PASS does not stand for the deploy gate's. */
  gate?: string;
  /** How old the verdict may be, in ms, with `maxAgeText` for messages (`--max-age 24h`). */
  maxAge?: { ms: number; text: string };
  /** The time to judge the age against; default: now. */
  now?: Date;
}

/** A verdict signed by a clock this far ahead is still taken as signed now (clocks of CI machines drift). */
const CLOCK_SKEW_MS = 5 * 60_000;

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
  const annotations = statement.predicate?.configuration?.[0]?.annotations ?? {};
  if (options.gate !== undefined && annotations.gate !== options.gate) {
    check.problems.push(
      annotations.gate ? `the gate does not match: the attestation is for gate "${String(annotations.gate)}", not "${options.gate}"` : `the gate does not match: the attestation is for a run without a gate, not for gate "${options.gate}"`,
    );
  }
  if (options.maxAge) check.problems.push(...ageProblems(annotations.endTime, options.maxAge, options.now ?? new Date()));
  check.ok = check.problems.length === 0;
  return check;
}

/** Why a verdict given at `endTime` is not recent enough for --max-age; empty when it is. */
function ageProblems(endTime: unknown, maxAge: { ms: number; text: string }, now: Date): string[] {
  const time = typeof endTime === 'string' ? Date.parse(endTime) : NaN;
  if (Number.isNaN(time)) return [`the attestation does not say when its verdict was given (no endTime annotation: signed by an older tollgate), so it cannot be shown to be within --max-age ${maxAge.text}`];
  const age = now.getTime() - time;
  if (age < -CLOCK_SKEW_MS) return [`the verdict's time ${String(endTime)} is in the future by ${formatAge(-age)}: the signing machine's clock is wrong, or the attestation was not made by a run`];
  if (age > maxAge.ms) return [`the attestation is too old: its verdict was given ${String(endTime)}, ${formatAge(age)} ago, more than --max-age ${maxAge.text}`];
  return [];
}

function formatAge(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${(h / 24).toFixed(1)} days` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

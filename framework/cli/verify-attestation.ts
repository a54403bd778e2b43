import fs from 'node:fs';
import path from 'node:path';
import { AttestationError, readPublicKey } from '../gate/attestation-keys.ts';
import { ATTESTATION_FILE } from '../gate/attestation-sign-run.ts';
import { verifyAttestation } from '../gate/attestation-verify.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { parseLength } from './parse-length.ts';
import { UsageError } from './usage-error.ts';

export interface VerifyAttestationOptions {
  key: string;
  subject?: string;
  requirePass?: boolean;
  /** The gate the attestation must be for. */
  gate?: string;
  /** How old its verdict may be: 24h, 30m, 7d. */
  maxAge?: string;
  json?: boolean;
}

/**
 * `tollgate verify-attestation FILE --key PUB [--subject S] [--gate G] [--max-age 24h] [--require-pass]`:
 * exit 0 only when the signature, the subject, the gate, the age (each if
 * given) and the result (with --require-pass) check out; 1 on any
 * mismatch; 2 when the key itself cannot be used. FILE may be a run directory.
 */
export function verifyAttestationCommand(file: string, options: VerifyAttestationOptions): number {
  let maxAge: { ms: number; text: string } | undefined;
  if (options.maxAge !== undefined) {
    const ms = parseLength(options.maxAge);
    if (ms === undefined || ms <= 0) throw new UsageError(`--max-age: expected a length like 24h, 30m or 7d, got "${options.maxAge}"`);
    maxAge = { ms, text: options.maxAge.trim() };
  }
  if (options.gate !== undefined && !options.gate.trim()) throw new UsageError('--gate needs the name of the gate the attestation must be for (merge, deploy, promote, ...)');
  let publicKey;
  try {
    publicKey = readPublicKey(path.resolve(options.key), '--key');
  } catch (error) {
    if (error instanceof AttestationError) throw new UsageError(error.message);
    throw error;
  }
  let target = path.resolve(file);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, ATTESTATION_FILE);
  let text: string;
  try {
    text = fs.readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `tollgate: NOT verified: ${target} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}; a run writes ${ATTESTATION_FILE} into its run directory when TOLLGATE_SIGNING_KEY is set and --subject is given\n`,
    );
    return ExitCode.Failed;
  }

  const check = verifyAttestation(text, publicKey, { where: target, subject: options.subject, requirePass: options.requirePass, gate: options.gate, maxAge });
  const statement = check.statement;
  const predicate = statement?.predicate;
  if (options.json) {
    process.stdout.write(
      JSON.stringify({ verified: check.ok, problems: check.problems, keyid: check.keyid, subject: statement?.subject ?? null, subjectMatched: check.subjectMatched, predicate: predicate ?? null }, null, 2) + '\n',
    );
  }
  if (!check.ok) {
    process.stderr.write(`tollgate: NOT verified: ${target}\n${check.problems.map((p) => `  - ${p}\n`).join('')}`);
    return ExitCode.Failed;
  }
  if (!options.json) {
    const config = predicate?.configuration?.[0]?.annotations ?? {};
    const lines = [
      `verified: ${target}`,
      `  signature: ed25519, key ${check.keyid}`,
      `  statement: ${statement!._type}, predicate ${statement!.predicateType}`,
      `  subject:   ${statement!.subject.map((s) => `${s.name ?? '_'} ${JSON.stringify(s.digest)}`).join(', ')}`,
      options.subject !== undefined ? `  matches:   --subject ${options.subject}` : '  matches:   (no --subject given: the subject was not checked)',
      `  result:    ${predicate?.result} (gate ${config.gate ?? '-'}, environment ${config.environment ?? '-'}, run ${config.runId ?? '-'})`,
      config.endTime ? `  given:     ${config.endTime}` : '',
      options.gate !== undefined ? `  gate:      matches --gate ${options.gate}` : '',
      maxAge ? `  age:       within --max-age ${maxAge.text}` : '',
      `  tests:     ${predicate?.passedTests?.length ?? 0} passed, ${predicate?.warnedTests?.length ?? 0} warned, ${predicate?.failedTests?.length ?? 0} failed`,
      predicate?.url ? `  url:       ${predicate.url}` : '',
    ];
    process.stdout.write(lines.filter(Boolean).join('\n') + '\n');
  }
  return ExitCode.Pass;
}

/**
 * Signs a run's verdict when TOLLGATE_SIGNING_KEY names an ed25519 private
 * key: an in-toto test-result Statement in a DSSE envelope, written as
 * attestation.intoto.json in the run directory. Called by executeRun right
 * after the gate, before the verdict is emitted, so that verdict.json says
 * when signing failed.
 *
 * Decisions (README, "Signed verdicts"):
 * - A run without --subject is not signed: a warning, and the verdict is
 *   unchanged. A subject made up from the run id would bind the signature
 *   to nothing a CD system deploys, and could be mistaken for a version.
 * - A key that cannot be used (missing, unreadable, not ed25519) turns the
 *   verdict into ERROR with an `attestation` rule that says why (exit 1;
 *   an interrupted run stays INTERRUPTED). Every result of the run is kept;
 *   a pipeline that asked for a signed verdict does not go on without one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunState } from '../model/run-state.ts';
import type { Verdict } from '../model/verdict.ts';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope } from './attestation-dsse.ts';
import { AttestationError, readPrivateKey } from './attestation-keys.ts';
import { buildStatement } from './attestation-statement.ts';
import { ATTESTATION_FILE } from '../archive/run-directory.ts';

export { ATTESTATION_FILE } from '../archive/run-directory.ts';
export const SIGNING_KEY_ENV = 'TOLLGATE_SIGNING_KEY';

export interface SignRunInput {
  state: RunState;
  runDir: string;
  config: { configFile: string | null; hash: string; rootDir: string };
  tollgateVersion: string;
  env?: NodeJS.ProcessEnv;
  /** Where warnings and errors for people go (default: stderr). */
  warn?: (message: string) => void;
}

/**
 * Signs `verdict`, or amends it in place (it is not emitted yet) to say why it
 * could not be signed, so the hook in executeRun stays one line. Returns it.
 */
export function signRunVerdict(verdict: Verdict, input: SignRunInput): Verdict {
  const env = input.env ?? process.env;
  const warn = input.warn ?? ((message: string) => process.stderr.write(`tollgate: ${message}\n`));
  const keyFile = env[SIGNING_KEY_ENV];
  if (!keyFile) return verdict;
  if (!verdict.subject) {
    warn(`${SIGNING_KEY_ENV} is set but the run has no --subject, so its verdict was not signed: an attestation names the version it vouches for. Run again with --subject <git commit | sha256:digest | version>.`);
    return verdict;
  }
  try {
    const key = readPrivateKey(path.resolve(input.config.rootDir, keyFile), SIGNING_KEY_ENV);
    const statement = buildStatement({
      verdict,
      state: input.state,
      configFile: input.config.configFile,
      configHash: input.config.hash,
      rootDir: input.config.rootDir,
      runDir: input.runDir,
      tollgateVersion: input.tollgateVersion,
      env,
    });
    const envelope = signEnvelope(Buffer.from(JSON.stringify(statement), 'utf8'), IN_TOTO_PAYLOAD_TYPE, key);
    fs.writeFileSync(path.join(input.runDir, ATTESTATION_FILE), JSON.stringify(envelope, null, 2) + '\n');
    return verdict;
  } catch (error) {
    const message =
      error instanceof AttestationError
        ? `the verdict was not signed: ${error.message}`
        : `the verdict was not signed: writing ${path.join(input.runDir, ATTESTATION_FILE)} failed (${(error as Error).message})`;
    warn(message);
    if (verdict.status !== 'INTERRUPTED') {
      verdict.status = 'ERROR';
      if (verdict.exitCode !== 3) verdict.exitCode = 1;
    }
    verdict.rules.push({ rule: 'attestation', outcome: 'error', measured: 'not signed', limit: 'signed', message });
    return verdict;
  }
}

import path from 'node:path';
import { AttestationError, writeKeyPair } from '../gate/attestation-keys.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { UsageError } from './usage-error.ts';

export interface KeygenOptions {
  out: string;
  force?: boolean;
}

/** `tollgate keygen --out DIR`: an ed25519 key pair for signed verdicts. */
export function keygenCommand(options: KeygenOptions): number {
  let files;
  try {
    files = writeKeyPair(path.resolve(options.out), { force: options.force });
  } catch (error) {
    if (error instanceof AttestationError) throw new UsageError(error.message);
    throw new UsageError(`keygen: could not write into ${options.out} (${(error as Error).message}); choose a folder you can write to`);
  }
  process.stdout.write(
    [
      `private key: ${files.privateKeyFile} (mode 0600; keep it secret, e.g. in your CI's secret store)`,
      `public key:  ${files.publicKeyFile}`,
      `key id:      ${files.keyid}`,
      '',
      `Sign runs with:   TOLLGATE_SIGNING_KEY=${files.privateKeyFile} tollgate run --gate <gate> --subject <version>`,
      `Verify them with: tollgate verify-attestation <run dir>/attestation.intoto.json --key ${files.publicKeyFile} --subject <version>`,
      '',
    ].join('\n'),
  );
  return ExitCode.Pass;
}

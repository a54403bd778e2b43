import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes an attachment's body into the run directory's artifacts/, named
 * by its content hash so an archive can deduplicate them, and returns the
 * path relative to the run directory. Native tests (testInfo.attach) and
 * foreign runners (their SuiteRunnerContext) both store through it.
 */
export async function saveArtifact(runDir: string, body: Buffer, extension: string): Promise<string> {
  const relative = path.posix.join('artifacts', `${crypto.createHash('sha256').update(body).digest('hex')}${extension}`);
  const absolute = path.join(runDir, relative);
  await fs.promises.mkdir(path.dirname(absolute), { recursive: true });
  await fs.promises.writeFile(absolute, body);
  return relative;
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ReporterContext } from 'tollgate/reporter';

/**
 * Where a file reporter writes: the `=path` of `--reporter name=path`,
 * resolved against the working directory as a shell would, or a default
 * name inside the run directory.
 */
export function outputPath(ctx: ReporterContext, defaultName: string): string {
  return ctx.option ? resolve(ctx.option) : join(ctx.runDir, defaultName);
}

/** Writes a report file, creating its folder, with an error that names the path when it cannot. */
export async function writeReportFile(path: string, body: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot write the report to ${path}: ${reason}. Check that the folder is writable, or pick another path with --reporter name=PATH.`);
  }
}

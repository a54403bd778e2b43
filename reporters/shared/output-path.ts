import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ReporterContext, ReporterOutput } from 'tollgate/reporter';

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
    makeDirectory(dirname(path));
    await writeFile(path, body, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot write the report to ${path}: ${reason}. Check that the folder is writable, or pick another path with --reporter name=PATH.`);
  }
}

/**
 * `mkdir -p`, one level at a time. Not `mkdir(dir, { recursive: true })`:
 * Node's recursive mkdir retries for ever where mkdir answers ENOENT under
 * a parent that exists (/proc/x, /sys/x), at 100% CPU in a thread that
 * not even SIGTERM's exit can join (issue 13). Here each missing level is
 * made once, so a path that cannot be made fails with its reason.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !isDirectory(at); ) {
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing.reverse()) fs.mkdirSync(level);
}

function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Kernel and virtual file systems (statfs f_type): files cannot be made
 * there, whatever the permission bits say to root.
 */
const PSEUDO_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x62656570: 'configfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
};

/**
 * Why a reporter could not write `output`, judged before the run starts
 * without making anything: undefined when it looks writable. The nearest
 * folder that exists must be a writable folder on a real file system, and
 * the output itself must not be a folder (a file) or a file (a folder).
 */
export function unwritableReason(output: ReporterOutput): string | undefined {
  const target = resolve(output.path);
  const existing = statOrUndefined(target);
  if (existing) {
    if (output.kind === 'file' && existing.isDirectory()) return `${target} is a folder; give a file path`;
    if (output.kind === 'directory' && !existing.isDirectory()) return `${target} is a file; give a folder`;
  }
  let folder = existing?.isDirectory() ? target : dirname(target);
  for (;;) {
    const stat = statOrUndefined(folder);
    if (stat) {
      if (!stat.isDirectory()) return `${folder} is a file, so nothing can be made under it`;
      break;
    }
    const link = lstatOrUndefined(folder);
    if (link?.isSymbolicLink()) return `${folder} is a link to ${fs.readlinkSync(folder)}, which does not exist`;
    const up = dirname(folder);
    if (up === folder) return `no folder of ${target} exists`;
    folder = up;
  }
  const system = fileSystemType(folder);
  if (system) return `${folder} is on ${system}, a kernel file system where files cannot be made`;
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    if (existing) fs.accessSync(target, fs.constants.W_OK);
  } catch (error) {
    return `${existing ? target : folder} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return undefined;
}

function statOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch {
    return undefined;
  }
}

function fileSystemType(folder: string): string | undefined {
  try {
    return PSEUDO_FILE_SYSTEMS[fs.statfsSync(folder).type];
  } catch {
    return undefined;
  }
}

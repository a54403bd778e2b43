import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Location } from '../../model/test-case.ts';

// A frame's file follows 'at ' or '(' — never the middle of 'node:internal/...'.
const FRAME = /(?:^at |\()((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

/**
 * The location of the first stack frame in `file` (absolute path), read
 * from the source-mapped string stack that tsx gives, so lines match the
 * TypeScript source. Falls back to line 0.
 */
export function callerLocation(file: string, rootDir: string, stack = shortStack()): Location {
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const frameFile = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (frameFile === file) return { file: relativeFile(rootDir, file), line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: relativeFile(rootDir, file), line: 0, column: 0 };
}

/**
 * A declaration's caller is a few frames up; source-mapping a full stack for
 * each of thousands of test() calls costs more than loading the file.
 */
function shortStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 6;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Locations in stacks of errors: the first frame that is not tollgate's or a dependency's. */
export function userFrame(stack: string | undefined, rootDir: string): Location | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const frameFile = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (frameFile.includes(`${path.sep}node_modules${path.sep}`) || TOLLGATE_DIRS.some((dir) => frameFile.startsWith(dir))) continue;
    if (!frameFile.startsWith('/') && !/^[A-Za-z]:\\/.test(frameFile)) continue;
    return { file: relativeFile(rootDir, frameFile), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

// Frames inside tollgate itself (the framework, drivers, reporters) are never where the user should look.
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TOLLGATE_DIRS = ['framework', 'drivers', 'reporters'].map((dir) => path.join(PACKAGE_ROOT, dir) + path.sep);

export function relativeFile(rootDir: string, file: string): string {
  const relative = path.relative(rootDir, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

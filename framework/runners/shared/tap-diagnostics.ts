import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from 'tap-parser';
import type { TestError } from '../../model/results.ts';
import type { Location } from '../../model/test-case.ts';
import { lineDiff } from './line-diff.ts';

/**
 * Reads the YAML diagnostics of a TAP test point into our TestError. TAP
 * producers disagree on the field names, so each reader below accepts the
 * dialects seen in the field:
 * - tap 18+: at {fileName, lineNumber, columnNumber}, diff, source, stack, tapCaught
 * - tap ≤ 17: at {file, line, column}, found/wanted, compare, stack
 * - node:test: location 'file:line:col', error, expected/actual, failureType, duration_ms
 */

type Diag = Record<string, unknown>;

function diagOf(result: Result): Diag {
  return result.diag && typeof result.diag === 'object' ? (result.diag as Diag) : {};
}

export function errorFromTestPoint(result: Result, rootDir: string): TestError {
  const diag = diagOf(result);
  const error: TestError = { message: messageOf(result, diag) };
  const diff = diffOf(diag);
  if (diff) error.diff = diff;
  if (typeof diag.stack === 'string' && diag.stack.trim()) error.stack = diag.stack.replace(/\s+$/, '');
  const location = locationOf(diag, rootDir);
  if (location) error.location = location;
  if (typeof diag.source === 'string' && diag.source.trim()) error.snippet = diag.source.replace(/\s+$/, '');
  return error;
}

function messageOf(result: Result, diag: Diag): string {
  const name = result.name || `test point ${result.id}`;
  let message = name;
  if (typeof diag.error === 'string' && diag.error.trim()) message = diag.error;
  else if (typeof diag.message === 'string' && diag.message.trim() && diag.message !== name) message = `${name}: ${diag.message}`;
  if (typeof diag.tapCaught === 'string') message += ` (uncaught: ${diag.tapCaught})`;
  if (typeof diag.expired === 'string') message += ` (expired: ${diag.expired})`;
  return message;
}

function diffOf(diag: Diag): string | undefined {
  if (typeof diag.diff === 'string' && diag.diff.trim()) return diag.diff.replace(/\s+$/, '');
  if ('found' in diag || 'wanted' in diag) return lineDiff(diag.wanted, diag.found);
  if ('expected' in diag || 'actual' in diag) return lineDiff(diag.expected, diag.actual);
  return undefined;
}

/** Where a failing test point was, relative to rootDir; undefined when the producer does not say. */
export function locationOf(diag: Diag, rootDir: string): Location | undefined {
  const at = diag.at;
  if (at && typeof at === 'object') {
    const a = at as Diag;
    const file = a.fileName ?? a.file;
    const line = Number(a.lineNumber ?? a.line);
    const column = Number(a.columnNumber ?? a.column ?? 0);
    if (typeof file === 'string' && Number.isFinite(line)) return { file: relativeFile(file, rootDir), line, column };
  }
  if (typeof diag.location === 'string') {
    const m = /^(.*):(\d+):(\d+)$/.exec(diag.location);
    if (m) return { file: relativeFile(m[1], rootDir), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** Paths in TAP are absolute, file: URLs, or relative to the producer's cwd (rootDir for us). */
export function relativeFile(file: string, rootDir: string): string {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const abs = isAbsolute(path) ? path : resolve(rootDir, path);
  return relative(rootDir, abs).split('\\').join('/');
}

/** Milliseconds, from `# time=` (tap) or `duration_ms` (node:test); 0 when neither is given. */
export function durationOf(result: Result): number {
  if (typeof result.time === 'number' && Number.isFinite(result.time)) return result.time;
  const ms = Number(diagOf(result).duration_ms);
  return Number.isFinite(ms) ? ms : 0;
}

/** tap reports an expired timeout as 'timeout!'; node:test as failureType testTimeoutFailure. */
export function isTimeout(result: Result): boolean {
  const diag = diagOf(result);
  return result.name === 'timeout!' || diag.failureType === 'testTimeoutFailure';
}

export function exitOf(result: Result): { exitCode: number | null; signal: string | null } {
  const diag = diagOf(result);
  return {
    exitCode: typeof diag.exitCode === 'number' ? diag.exitCode : null,
    signal: typeof diag.signal === 'string' ? diag.signal : null,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import type { TestError } from '../../model/results.ts';
import { isHarnessFault } from './harness-measurement-error.ts';
import { relativeFile, userFrame } from './location.ts';

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Turns anything thrown into a TestError: message, stack, the assertion's
 * diff, the user's source location and a snippet of it. A thrown value that
 * is not an Error is kept in its printed form, never lost.
 */
export function toTestError(thrown: unknown, rootDir: string): TestError {
  if (!(thrown instanceof Error)) {
    const value = inspect(thrown, { depth: 3, breakLength: 120 });
    return { message: `A value that is not an Error was thrown: ${value}`, value };
  }
  const message = (thrown.message || thrown.name || 'Error').replace(ANSI, '');
  const stack = thrown.stack?.replace(ANSI, '');
  const error: TestError = { message: thrown.name && thrown.name !== 'Error' && !message.startsWith(thrown.name) ? `${thrown.name}: ${message}` : message };
  if (stack) error.stack = stack;
  if (isHarnessFault(thrown)) error.harness = true;
  const diff = diffOf(thrown, message);
  if (diff) error.diff = diff;
  const location = userFrame(stack, rootDir) ?? compileErrorLocation(message, rootDir);
  if (location) {
    error.location = location;
    const snippet = snippetAt(path.resolve(rootDir, location.file), location.line, location.column);
    if (snippet) error.snippet = snippet;
  }
  return error;
}

/** esbuild's syntax errors name the place in their message, not in their stack: `/abs/file.ts:4:12: ERROR: ...`. */
function compileErrorLocation(message: string, rootDir: string): TestError['location'] {
  const match = /(\/[^\s:]+):(\d+):(\d+): ERROR/.exec(message);
  if (!match) return undefined;
  return { file: relativeFile(rootDir, match[1]), line: Number(match[2]), column: Number(match[3]) + 1 };
}

/** expect's errors carry a matcherResult; its message holds Expected/Received lines after the first blank line. */
function diffOf(error: Error, message: string): string | undefined {
  if (!('matcherResult' in error)) return undefined;
  const at = message.indexOf('\n\n');
  return at === -1 ? undefined : message.slice(at + 2).trimEnd();
}

export function snippetAt(file: string, line: number, column: number): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

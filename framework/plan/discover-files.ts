import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { ResolvedSuite } from '../model/config.ts';

/** The suite's files, matched by its globs relative to rootDir, sorted so every machine plans the same order. */
export async function discoverFiles(suite: ResolvedSuite, rootDir: string): Promise<string[]> {
  if (!suite.files.length) return [];
  // Zero-config escapes odd file names (`x \(1\)/a.spec.ts`); anything glob-like is left to the glob.
  const literal = suite.files.filter((pattern) => !/[*?[\]{}!()\\]/.test(pattern));
  for (const file of literal) {
    if (!fs.existsSync(path.resolve(rootDir, file))) throw new PlanError(`suite "${suite.name}": file ${file} does not exist (files are relative to ${rootDir})`);
  }
  const found = await glob(suite.files, {
    cwd: rootDir,
    ignore: ['**/node_modules/**', ...suite.ignore],
    absolute: true,
    onlyFiles: true,
  });
  return found.sort();
}

export class PlanError extends Error {}

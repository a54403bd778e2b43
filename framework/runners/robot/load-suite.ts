import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { FileError, ParsedFile } from './ast.ts';
import { RobotSyntaxError } from './ast.ts';
import { parseRobot } from './parse-file.ts';

/**
 * Builds the suite tree from paths (issue 8, item 1): a .robot file is a
 * suite; a folder is a suite whose children are its .robot files and
 * sub-folders, with `__init__.robot` giving its settings. A file that does
 * not parse becomes a suite with `error` set; the rest still run.
 */

export interface RobotSuiteSpec {
  name: string;
  source: string;
  /** The file's data, or a folder's __init__.robot. */
  file?: ParsedFile;
  children: RobotSuiteSpec[];
  /** Set when the file could not be parsed at all. */
  error?: RobotSyntaxError;
  /** Non-fatal problems in this file (unknown settings ...). */
  errors: FileError[];
}

/** 'some_tests' → 'Some Tests'; '01__first' → 'First'; 'API checks' stays. */
export function suiteNameFromPath(path: string): string {
  let name = basename(path, extname(path)).replace(/^\d+__/, '').replace(/_/g, ' ').trim();
  if (name === name.toLowerCase()) name = name.replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase());
  return name;
}

export function loadFile(path: string): RobotSuiteSpec {
  const spec: RobotSuiteSpec = { name: suiteNameFromPath(path), source: path, children: [], errors: [] };
  try {
    spec.file = parseRobot(readFileSync(path, 'utf8'), path);
    spec.errors.push(...spec.file.errors);
    if (spec.file.settings.name) spec.name = spec.file.settings.name;
  } catch (error) {
    if (error instanceof RobotSyntaxError) spec.error = error;
    else spec.error = new RobotSyntaxError(`Parsing failed: ${(error as Error).message}`, { file: path, line: 1 });
  }
  return spec;
}

export function loadDirectory(dir: string): RobotSuiteSpec {
  const spec: RobotSuiteSpec = { name: suiteNameFromPath(dir), source: dir, children: [], errors: [] };
  const entries = readdirSync(dir).sort();
  for (const entry of entries) {
    const path = join(dir, entry);
    if (entry.startsWith('.') || entry.startsWith('_') && entry !== '__init__.robot') continue;
    const stat = statSync(path);
    if (entry === '__init__.robot') {
      const init = loadFile(path);
      if (init.error) spec.error = init.error;
      else if (init.file?.tests.length) spec.error = new RobotSyntaxError("Test suite initialization file cannot contain 'Test Cases' section.", { file: path, line: init.file.tests[0].source.line });
      spec.file = init.file;
      spec.errors.push(...init.errors);
      if (init.file?.settings.name) spec.name = init.file.settings.name;
    } else if (stat.isDirectory()) {
      const child = loadDirectory(path);
      if (hasTests(child) || child.error) spec.children.push(child);
    } else if (entry.endsWith('.robot')) spec.children.push(loadFile(path));
  }
  return spec;
}

function hasTests(spec: RobotSuiteSpec): boolean {
  return (spec.file?.tests.length ?? 0) > 0 || spec.children.some(hasTests);
}

/** One suite for one path; several paths become children of a suite named after them joined with ' & '. */
export function loadSuites(paths: string[]): RobotSuiteSpec {
  const suites = paths.map((p) => (statSync(p).isDirectory() ? loadDirectory(p) : loadFile(p)));
  if (suites.length === 1) return suites[0];
  return { name: suites.map((s) => s.name).join(' & '), source: '', children: suites, errors: [] };
}

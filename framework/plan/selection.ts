import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig, ResolvedSuite } from '../model/config.ts';
import type { SuiteKind, TestCase } from '../model/test-case.ts';
import { PlanError } from './discover-files.ts';
import { parseTagExpression, type TagExpression } from './tag-expression.ts';

/** What the command line asks for. Every filter narrows; none widens. */
export interface SelectionOptions {
  gate?: string;
  suites?: string[];
  kinds?: SuiteKind[];
  tag?: string;
  grep?: string;
  grepInvert?: string;
  /** Test ids that failed last time (--last-failed). */
  lastFailed?: Set<string>;
  /** Absolute files or folders from the command line: only tests in them. */
  paths?: string[];
}

export interface Selection {
  /** Suite-level decision: null when the suite is in, otherwise why it is out. */
  suiteReason(suite: ResolvedSuite): string | null;
  /** Test-level decision: null when the test is in, otherwise why it is out. */
  testReason(test: TestCase): string | null;
}

export function createSelection(config: ResolvedConfig, options: SelectionOptions): Selection {
  const rootDir = config.rootDir;
  const gate = options.gate !== undefined ? config.gates[options.gate] : undefined;
  if (options.gate !== undefined && !gate) {
    throw new PlanError(`unknown gate "${options.gate}"; the config defines: ${Object.keys(config.gates).join(', ') || '(none)'}`);
  }
  for (const name of options.suites ?? []) {
    if (!config.suites.some((s) => s.name === name)) {
      throw new PlanError(`unknown suite "${name}"; the config defines: ${config.suites.map((s) => s.name).join(', ') || '(none)'}`);
    }
  }
  // A mistyped path would select nothing and end as "no tests ran" (exit 1): it is the command line that is wrong (issue 13).
  const missing = (options.paths ?? []).filter((p) => !fs.existsSync(p)).map((p) => path.relative(process.cwd(), p) || p);
  if (missing.length) throw new PlanError(`${missing.length === 1 ? `path ${missing[0]} does` : `paths ${missing.join(', ')} do`} not exist (paths are relative to the current folder, ${process.cwd()})`);
  const gateTags = gate?.tags ? parseTagExpression(gate.tags) : undefined;
  const cliTags = options.tag ? parseTagExpression(options.tag) : undefined;
  const grep = options.grep ? regex(options.grep, '--grep') : undefined;
  const grepInvert = options.grepInvert ? regex(options.grepInvert, '--grep-invert') : undefined;

  return {
    suiteReason(suite) {
      if (gate?.kinds && !gate.kinds.includes(suite.kind)) return `gate "${options.gate}" takes kinds ${gate.kinds.join(', ')}, not ${suite.kind}`;
      if (gate?.suites && !gate.suites.includes(suite.name)) return `gate "${options.gate}" takes suites ${gate.suites.join(', ')}`;
      if (options.suites?.length && !options.suites.includes(suite.name)) return `--suite ${options.suites.join(', ')}`;
      if (options.kinds?.length && !options.kinds.includes(suite.kind)) return `--kind ${options.kinds.join(', ')}`;
      return null;
    },
    testReason(test) {
      if (gateTags && !gateTags.matches(test.tags)) return `gate "${options.gate}" takes tags "${gateTags.source}"; test has ${tagList(test)}`;
      if (cliTags && !cliTags.matches(test.tags)) return `--tag "${cliTags.source}"; test has ${tagList(test)}`;
      const title = [test.suite, test.location.file, ...test.titlePath].join(' ');
      if (grep && !grep.test(title)) return `--grep ${grep.source}`;
      if (grepInvert && grepInvert.test(title)) return `--grep-invert ${grepInvert.source}`;
      if (options.lastFailed && !options.lastFailed.has(test.id)) return '--last-failed: it did not fail last time';
      if (options.paths?.length && !options.paths.some((p) => inPath(rootDir, test.location.file, p))) return `not in ${options.paths.map((p) => path.relative(rootDir, p) || '.').join(', ')}`;
      return null;
    },
  };
}

/** True when tag filters exist that only tests can answer (foreign suites' tests are unknown before they run). */
export function hasTestFilters(options: SelectionOptions): boolean {
  return Boolean(options.tag || options.grep || options.grepInvert || options.lastFailed || options.paths?.length);
}

export function gateTagExpression(config: ResolvedConfig, gate: string | undefined): TagExpression | undefined {
  const tags = gate ? config.gates[gate]?.tags : undefined;
  return tags ? parseTagExpression(tags) : undefined;
}

function inPath(rootDir: string, file: string, target: string): boolean {
  const absolute = path.resolve(rootDir, file);
  return absolute === target || absolute.startsWith(target.endsWith(path.sep) ? target : target + path.sep);
}

function regex(source: string, flag: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new PlanError(`${flag} "${source}" is not a valid regular expression: ${(error as Error).message}`);
  }
}

function tagList(test: TestCase): string {
  return test.tags.length ? test.tags.map((t) => `@${t}`).join(' ') : 'no tags';
}

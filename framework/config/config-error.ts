/**
 * A bad config is the user's input, not our bug: it is reported as a list
 * of problems (all at once, each with its path and a hint), without a stack
 * trace, and the CLI exits with ExitCode.Usage (2).
 */

export interface ConfigProblem {
  /** Where in the config: 'suites[1].kind', 'gates.merge.policy.flaky'; '' for the whole config. */
  path: string;
  /** What is wrong, for a person: 'must be one of unit, smoke, ... (got "smok")'. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export interface ConfigErrorOptions {
  /** 1-based line in `file` when the problem is there (a syntax error, a throw). */
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    /** The config file (absolute), or the command line's paths in zero-config mode. */
    readonly file: string,
    readonly problems: ConfigProblem[],
    options: ConfigErrorOptions = {},
  ) {
    super(summary(file, problems, options.line));
    this.line = options.line;
    this.column = options.column;
  }
}

function summary(file: string, problems: readonly ConfigProblem[], line: number | undefined): string {
  const where = line === undefined ? file : `${file}:${line}`;
  if (problems.length === 1) return `${where}: ${problems[0]!.message}`;
  return `${where} has ${problems.length} problems`;
}

function displayPath(path: string): string {
  return path === '' ? '(config)' : path;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Renders a ConfigError for a terminal, e.g.
 *
 *   tollgate.config.ts has 2 problems:
 *     suites[0].kind: must be one of unit, smoke, integration, performance, soak (got "smok")
 *       hint: did you mean "smoke"?
 *     suites[1].retires: unknown key "retires" — did you mean "retries"?
 *       hint: ...
 *
 * `relativeTo` shortens the file name (usually process.cwd()).
 */
export function formatConfigError(err: ConfigError, relativeTo?: string): string {
  let file = err.file;
  if (relativeTo && file.startsWith(relativeTo.endsWith('/') ? relativeTo : `${relativeTo}/`)) {
    file = file.slice(relativeTo.length).replace(/^\/+/, '');
  }
  const where = err.line === undefined ? file : `${file}:${err.line}${err.column === undefined ? '' : `:${err.column}`}`;
  const lines: string[] = [];
  // A config that did not load has one problem about the whole file.
  if (err.problems.length === 1 && err.problems[0]!.path === '') {
    const [problem] = err.problems;
    lines.push(`${where}: ${problem!.message}`);
    if (problem!.hint) lines.push(`  hint: ${problem!.hint}`);
    return lines.join('\n');
  }
  lines.push(`${where} has ${plural(err.problems.length, 'problem')}:`);
  for (const problem of err.problems) {
    lines.push(`  ${displayPath(problem.path)}: ${problem.message}`);
    if (problem.hint) lines.push(`    hint: ${problem.hint}`);
  }
  return lines.join('\n');
}

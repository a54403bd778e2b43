/**
 * Conformance of the Robot adapter with Robot Framework (issue 15, item 1).
 *
 * Runs the test data of Robot Framework's own acceptance tests
 * (atest/testdata in a local clone of its repository) file by file through
 * the adapter, and compares each test's status and message with what the
 * test's documentation expects, read as Robot's atest reads it
 * (atest/resources/TestCheckerLibrary.py): the first of FAIL, SKIP and PASS
 * found in the documentation is the status and the rest is the message,
 * matched exactly or as `REGEXP:`, `GLOB:` or `STARTS:`; a test whose
 * documentation names none of them must PASS with no message.
 *
 * Robot's data is read from the clone and never copied here. CI has no
 * network and no clone, so this is run by hand:
 *
 *   git clone https://github.com/robotframework/robotframework ../robotframework
 *   git -C ../robotframework checkout v7.3.2
 *   npx tsx bench/robot-conformance.ts --robot ../robotframework
 *   npx tsx bench/robot-conformance.ts --robot ../robotframework --set core --details /tmp/conformance.json
 *   npx tsx bench/robot-conformance.ts --robot ../robotframework --only running/while
 *
 * Options: --set core|portable|all (default portable: the files that
 * import no library but BuiltIn, String and Collections and no Python
 * variable file, directly or through resources), --only SUBSTRING (files whose path
 * holds it), --details FILE (every test's expectation and result, as JSON),
 * --jobs N (files at once, default 2), --timeout SECONDS (per file, 120),
 * --markdown (the table as the README shows it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceTest } from './robot-conformance-file.ts';

/** Control structures and core BuiltIn: the set the issue holds to 95% status and message. */
export const CORE = [
  'running/for/', 'running/if/', 'running/while/', 'running/try_except/',
  'running/return.robot', 'running/test_template.robot',
  'standard_libraries/builtin/should_be_equal.robot', 'standard_libraries/builtin/should_contain.robot',
  'standard_libraries/builtin/should_be_true.robot', 'standard_libraries/builtin/run_keywords.robot',
];
/** The wider set: every suite file under these folders of atest/testdata. */
export const FOLDERS = ['running', 'keywords', 'variables', 'standard_libraries/builtin', 'standard_libraries/collections', 'standard_libraries/string'];

// The child runs in the data's folder (as Robot resolves relative imports from the file), so tsx is named by its path.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The standard libraries the adapter implements; a file that imports any other library cannot run here as it does under Python. */
const PORTABLE_LIBRARIES = new Set(['builtin', 'string', 'collections']);

/**
 * Why a file cannot run without Python, or undefined: it (or a resource it
 * imports) imports a library other than BuiltIn, String and Collections, or
 * a Python variable file.
 */
export function pythonOnly(file: string, seen = new Set<string>()): string | undefined {
  if (seen.has(file) || !existsSync(file)) return undefined;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const settings = text.split(/^\*+\s*settings?\b.*$/im)[1]?.split(/^\*+/m)[0] ?? '';
  for (const line of settings.split('\n')) {
    const cells = line.split(/ {2,}|\t|\s+\|\s+/).map((c) => c.trim()).filter(Boolean);
    const [setting, value] = [cells[0]?.toLowerCase(), cells[1]];
    if (!value) continue;
    const target = value.replace(/\$\{CURDIR\}[\\/]?/gi, '');
    if (setting === 'library' && !PORTABLE_LIBRARIES.has(target.toLowerCase())) return `imports library ${value}`;
    if (setting === 'variables' && !/\.(json|ya?ml)$/i.test(target)) return `imports variable file ${value}`;
    if (setting === 'resource') {
      const why = pythonOnly(resolve(join(file, '..'), target), seen);
      if (why) return `${why} (through ${value})`;
    }
  }
  return undefined;
}

interface Options { robot: string; set: 'core' | 'portable' | 'all'; only?: string; details?: string; jobs: number; timeout: number; markdown: boolean }

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const robot = value('robot');
  if (!robot || !existsSync(join(robot, 'atest', 'testdata'))) {
    console.error('robot-conformance: --robot DIR must name a clone of robotframework/robotframework (it holds atest/testdata)');
    process.exit(2);
  }
  const set = value('set') ?? 'portable';
  if (set !== 'core' && set !== 'portable' && set !== 'all') {
    console.error(`robot-conformance: --set ${set}: use core, portable or all`);
    process.exit(2);
  }
  return { robot: resolve(robot), set, only: value('only'), details: value('details'), jobs: Number(value('jobs') ?? 2), timeout: Number(value('timeout') ?? 120), markdown: argv.includes('--markdown') };
}

function suiteFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...suiteFiles(path));
    else if (entry.endsWith('.robot') && /^\*+\s*(test cases?|tasks?)\b/im.test(readFileSync(path, 'utf8'))) out.push(path);
  }
  return out;
}

export interface Expectation { status: string; message: string }

/** As atest's ProcessResults.visit_test. */
export function expectationOf(doc: string): Expectation {
  for (const status of ['FAIL', 'SKIP', 'PASS']) {
    const at = doc.indexOf(status);
    if (at >= 0) return { status, message: doc.slice(at + status.length).trimStart() };
  }
  return { status: 'PASS', message: '' };
}

/** Robot's Matcher with caseless=False, spaceless=False: `*`, `?` and `[...]`. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function messageMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const pattern = (prefix: string) => expected.slice(prefix.length).trim();
  try {
    if (expected.startsWith('REGEXP:')) return new RegExp(`^(?:${pattern('REGEXP:')})$`, 's').test(actual);
  } catch {
    return false; // a Python-only regexp
  }
  if (expected.startsWith('GLOB:')) return globToRegExp(pattern('GLOB:')).test(actual);
  if (expected.startsWith('STARTS:')) return actual.startsWith(pattern('STARTS:'));
  return false;
}

interface FileOutcome { file: string; error?: string; tests: (ConformanceTest & { expected: Expectation; statusOk: boolean; messageOk: boolean; falsePass: boolean })[]; crashed?: string; seconds: number }

function runFile(file: string, options: Options): Promise<FileOutcome> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--import', TSX, join(import.meta.dirname, 'robot-conformance-file.ts'), file], {
      cwd: join(file, '..'), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=tollgate-source`.trim() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const line = stdout.split('\n').find((l) => l.startsWith('{"file"'));
      if (!line) {
        resolvePromise({ file, tests: [], crashed: signal ? `killed (${signal}) after ${seconds.toFixed(0)} s` : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, seconds });
        return;
      }
      const parsed = JSON.parse(line) as { error?: string; tests: ConformanceTest[] };
      resolvePromise({
        file, seconds, ...(parsed.error ? { error: parsed.error } : {}),
        tests: parsed.tests.map((t) => {
          const expected = expectationOf(t.doc);
          const statusOk = expected.status === t.status;
          return { ...t, expected, statusOk, messageOk: statusOk && messageMatches(expected.message, t.message), falsePass: t.status === 'PASS' && expected.status !== 'PASS' };
        }),
      });
    });
  });
}

/** A file that crashed or did not parse counts the tests Robot would have run as disagreeing. */
function testsInFile(file: string): number {
  const text = readFileSync(file, 'utf8');
  const section = text.split(/^\*+\s*(?:test cases?|tasks?)\b.*$/im)[1] ?? '';
  const body = section.split(/^\*+/m)[0];
  return body.split('\n').filter((l) => /^[^\s#|]/.test(l) && !l.startsWith('...')).length;
}

interface Row { file: string; tests: number; status: number; message: number; falsePasses: number; note?: string }

function row(outcome: FileOutcome, root: string): Row {
  const file = relative(root, outcome.file);
  if (outcome.crashed || outcome.tests.length === 0) {
    return { file, tests: testsInFile(outcome.file), status: 0, message: 0, falsePasses: 0, note: outcome.crashed ?? outcome.error ?? 'no tests ran' };
  }
  return {
    file, tests: outcome.tests.length, status: outcome.tests.filter((t) => t.statusOk).length,
    message: outcome.tests.filter((t) => t.messageOk).length, falsePasses: outcome.tests.filter((t) => t.falsePass).length,
  };
}

function total(rows: Row[]): Omit<Row, 'file'> {
  return rows.reduce((a, r) => ({ tests: a.tests + r.tests, status: a.status + r.status, message: a.message + r.message, falsePasses: a.falsePasses + r.falsePasses }), { tests: 0, status: 0, message: 0, falsePasses: 0 });
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = join(options.robot, 'atest', 'testdata');
  const isCore = (f: string) => CORE.some((c) => relative(root, f).startsWith(c));
  let files = FOLDERS.flatMap((folder) => suiteFiles(join(root, folder)));
  if (options.set === 'core') files = files.filter(isCore);
  const excluded = options.set === 'portable' ? files.map((f) => [f, pythonOnly(f)] as const).filter(([, why]) => why) : [];
  if (options.set === 'portable') files = files.filter((f) => !excluded.some(([x]) => x === f));
  if (options.only) files = files.filter((f) => relative(root, f).includes(options.only!));
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', options.robot, 'describe', '--tags', '--always'], { encoding: 'utf8' }).trim() + ' ' + execFileSync('git', ['-C', options.robot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch { /* not a git clone */ }

  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, async () => {
    while (next < files.length) {
      const at = next++;
      outcomes[at] = await runFile(files[at], options);
      process.stderr.write(`\r${next}/${files.length} files`);
    }
  }));
  process.stderr.write('\n');

  const rows = outcomes.map((o) => row(o, root));
  const core = rows.filter((r) => isCore(join(root, r.file)));
  const rest = rows.filter((r) => !isCore(join(root, r.file)));
  const line = (name: string, r: Omit<Row, 'file'>, files?: number) =>
    `| ${name} | ${files ?? ''} | ${r.tests} | ${pct(r.status, r.tests)} | ${pct(r.message, r.tests)} | ${r.falsePasses} |`;
  const head = ['| Files | Files | Tests | Status agrees | Status and message agree | False PASS |', '|---|---:|---:|---:|---:|---:|'];
  if (!options.markdown) {
    console.log(['| File | | Tests | Status | Status and message | False PASS | Note |', '|---|---|---:|---:|---:|---:|---|',
      ...rows.map((r) => `| ${r.file} | | ${r.tests} | ${pct(r.status, r.tests)} | ${pct(r.message, r.tests)} | ${r.falsePasses} | ${r.note ?? ''} |`)].join('\n'));
    console.log();
  }
  console.log(`Robot Framework ${commit}, atest/testdata${excluded.length ? `; ${excluded.length} files left out because they import Python libraries or variable files (--set all runs them)` : ''}`);
  console.log([...head,
    line('Control structures and core BuiltIn', total(core), core.length),
    line('The other files', total(rest), rest.length),
    line('All', total(rows), rows.length)].join('\n'));
  if (options.details) {
    writeFileSync(options.details, JSON.stringify({ commit, excluded: excluded.map(([f, why]) => ({ file: relative(root, f), why })), files: outcomes.map((o) => ({ ...o, file: relative(root, o.file) })) }, null, 1));
    console.log(`details: ${options.details}`);
  }
}

await main();

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ResolvedSuite } from '../../model/config.ts';
import type { SuiteRunner, SuiteRunnerContext } from '../../model/runner.ts';
import { Redactor } from '../../events/redactor.ts';
import { StreamRedactor } from '../../events/stream-redactor.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { Engine, type EngineOptions } from './engine.ts';
import { closeLibrary } from './library-loader.ts';
import { listRobotTests, robotSuiteTree } from './list-tests.ts';
import type { RobotSuiteSpec } from './load-suite.ts';
import { toOutputXml } from './output-xml.ts';
import type { Message, SuiteResult, TestResult } from './result.ts';
import { RobotEvents } from './robot-events.ts';
import { robotRunOptions, robotSelection } from './robot-options.ts';
import { processConsole, type ConsoleWriter } from './run-context.ts';

/**
 * Runner 'robot' (issue 8, item 4): runs the suite's .robot files with the
 * TypeScript engine, in the suite's own process (run/suite-process-host.ts:
 * its libraries are user code, issue 13), streams tests and keywords as
 * events, reruns failed tests for `retries`, and writes Robot's
 * output.xml to <run dir>/robot/<suite>/output.xml (the robot-xml
 * reporter copies or merges it wherever --reporter robot-xml=FILE says).
 *
 * A file that cannot be parsed is an error event naming file and line,
 * and fails the suite; the other files, and the other suites, still run.
 *
 * Robot's options (--include, --test, --variable, --dryrun ...) come from
 * the suite's `robot` (robot-options.ts): its config's, with `tollgate run`'s
 * flags over them; the older ROBOT_* environment variables still work.
 */
export const robotRunner: SuiteRunner = {
  run: runRobotSuite,
  list: ({ suite, files, rootDir }) => {
    const { tests, unreadable } = listRobotTests(suite, robotSuiteTree(suite, files), rootDir, robotSelection(suite));
    return { tests: tests.map(({ test }) => test), unreadable };
  },
};

/** Keyword libraries known by short name, loaded through tollgate's package exports. */
export const NAMED_LIBRARIES: Record<string, string> = {
  API: 'tollgate/drivers/api/robot',
  Portal: 'tollgate/drivers/portal/robot',
  Traffic: 'tollgate/drivers/traffic/robot',
};

export function outputXmlPath(runDir: string, suiteName: string): string {
  return join(runDir, 'robot', suiteName.replace(/[^\w.-]+/g, '_'), 'output.xml');
}

export async function runRobotSuite(ctx: SuiteRunnerContext): Promise<void> {
  const { suite, rootDir } = ctx;
  const files = ctx.files.filter((f) => f.endsWith('.robot'));
  if (files.length === 0) {
    throw new ForeignSuiteError([`suite "${suite.name}" (runner 'robot') has no .robot files: its files ${JSON.stringify(suite.files)} match none under ${rootDir}; fix the globs in the suite's "files"`]);
  }
  const spec = robotSuiteTree(suite, files);
  const problems: string[] = [];
  const errors: Message[] = [];
  for (const broken of brokenFiles(spec)) {
    const where = `${relative(rootDir, broken.source.file)}:${broken.source.line}`;
    const message = `${where}: ${broken.message.replace(/^.*?:\d+: /, '')}`;
    problems.push(message);
    errors.push({ time: new Date().toISOString(), level: 'ERROR', text: `Error in file '${broken.source.file}' on line ${broken.source.line}: ${broken.message.replace(/^.*?:\d+: /, '')}` });
    ctx.emit({ type: 'error', time: new Date().toISOString(), source: 'load', suite: suite.name, file: relative(rootDir, broken.source.file), error: { message, location: { file: relative(rootDir, broken.source.file), line: broken.source.line, column: 1 } } });
  }
  // What the suite writes itself (output.xml, result.json, Log To Console) is redacted here: those outputs bypass the event bus.
  const redactor = new Redactor(Object.values(ctx.environment.secrets));
  const robotConsole = redactedConsole(redactor);
  const { variables, ...robotOptions } = robotRunOptions(suite);
  const events = new RobotEvents({ suite, rootDir, emit: ctx.emit, ...(ctx.supervisor ? { supervisor: ctx.supervisor } : {}) });
  const options: EngineOptions = {
    ...robotOptions,
    // The planner kept some of the suite's tests (--tag, --grep, ...): the engine runs those, by their long names.
    ...(ctx.only ? { onlyTests: new Set(listRobotTests(suite, spec, rootDir, robotOptions).tests.filter(({ test }) => ctx.only!.has(test.id)).map(({ longName }) => longName)) } : {}),
    // The environment is visible to the data: ${ENDPOINTS}[api], ${ENVIRONMENT}, ${ENV VARIABLES}[region].
    variables: {
      ENVIRONMENT: ctx.environment.name,
      ENDPOINTS: { ...ctx.environment.endpoints },
      'ENV VARIABLES': { ...ctx.environment.variables },
      ...variables,
    },
    listener: events,
    libraries: Object.fromEntries(Object.entries(NAMED_LIBRARIES).map(([name, specifier]) => [name, async () => {
      const { createLibrary } = (await import(specifier)) as { createLibrary: (host: unknown, ...args: unknown[]) => object };
      return (host: unknown, args: unknown[]) => createLibrary(host, ...args);
    }])),
    environment: ctx.environment,
    signal: ctx.signal,
    rootDir,
    globalLibraries: new Map(),
    console: robotConsole.write,
    onFileError: (message, file, line) => {
      errors.push({ time: new Date().toISOString(), level: 'ERROR', text: message.startsWith('Error in file') ? message : `Error in file '${file}' on line ${line}: ${message}` });
      ctx.emit({ type: 'log', time: new Date().toISOString(), stream: 'stderr', text: `[robot] ${relative(rootDir, file)}:${line}: ${message}\n` });
    },
  };
  events.moreAttempts = suite.retries > 0;
  let result = await new Engine(options).run(spec);
  let merged = result;
  for (let retry = 1; retry <= suite.retries; retry++) {
    const failed = failedLongNames(result);
    if (failed.size === 0 || ctx.signal.aborted) break;
    events.attempt = retry;
    events.moreAttempts = retry < suite.retries;
    result = await new Engine({ ...options, onlyTests: failed, onFileError: () => undefined }).run(spec);
    merged = mergeRerun(merged, result);
  }
  for (const library of options.globalLibraries!.values()) {
    await closeLibrary(library).catch((error: unknown) => problems.push(`closing library '${library.name}' failed: ${(error as Error).message}`));
  }
  robotConsole.end();
  // Redacted as a tree, before XML escaping could hide a secret from a search of the text.
  const saved = redactor.value({ result: merged, errors });
  const path = outputXmlPath(ctx.runDir, suite.name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, toOutputXml(saved.result, { errors: saved.errors }));
  // The result tree, for the robot-xml reporter to merge suites (and for `tollgate report` later).
  writeFileSync(join(path, '..', 'result.json'), JSON.stringify(saved));
  const teardown = suiteTeardownFailures(merged);
  problems.push(...teardown);
  if (problems.length > 0) throw new ForeignSuiteError(problems);
}

/**
 * Log To Console for this suite: the process's stdout and stderr, each
 * redacted across writes (a secret printed in pieces with no_newline=True).
 */
function redactedConsole(redactor: Redactor): { write: ConsoleWriter; end(): void } {
  const streams = { stdout: new StreamRedactor(redactor), stderr: new StreamRedactor(redactor) };
  const write: ConsoleWriter = (text, stream) => {
    if (text !== '') processConsole(text, stream);
  };
  return {
    write: (text, stream) => write(streams[stream].write(text), stream),
    end: () => {
      for (const stream of ['stdout', 'stderr'] as const) write(streams[stream].end(), stream);
    },
  };
}

function brokenFiles(spec: RobotSuiteSpec): { message: string; source: { file: string; line: number } }[] {
  return [...(spec.error ? [{ message: spec.error.message, source: spec.error.source }] : []), ...spec.children.flatMap(brokenFiles)];
}

function failedLongNames(result: SuiteResult, prefix = ''): Set<string> {
  const name = prefix ? `${prefix}.${result.name}` : result.name;
  const out = new Set<string>();
  for (const t of result.tests) if (t.status === 'FAIL') out.add(`${name}.${t.name}`);
  for (const s of result.suites) for (const n of failedLongNames(s, name)) out.add(n);
  return out;
}

/** output.xml keeps the last attempt of each test (as rebot --merge does), in the first run's order. */
function mergeRerun(first: SuiteResult, rerun: SuiteResult): SuiteResult {
  const byName = new Map<string, TestResult>();
  const collect = (s: SuiteResult, prefix: string) => {
    const name = prefix ? `${prefix}.${s.name}` : s.name;
    for (const t of s.tests) byName.set(`${name}.${t.name}`, t);
    for (const c of s.suites) collect(c, name);
  };
  collect(rerun, '');
  const apply = (s: SuiteResult, prefix: string): SuiteResult => {
    const name = prefix ? `${prefix}.${s.name}` : s.name;
    const tests = s.tests.map((t) => byName.get(`${name}.${t.name}`) ?? t);
    const suites = s.suites.map((c) => apply(c, name));
    const statuses = [...tests.map((t) => t.status), ...suites.map((c) => c.status)];
    return { ...s, tests, suites, status: statuses.includes('FAIL') ? 'FAIL' : statuses.includes('PASS') ? 'PASS' : s.status };
  };
  return apply(first, '');
}

function suiteTeardownFailures(suite: SuiteResult): string[] {
  const own = suite.teardown?.status === 'FAIL' ? [`suite '${suite.name}' (${suite.source}): ${suite.message}`] : [];
  return [...own, ...suite.suites.flatMap(suiteTeardownFailures)];
}

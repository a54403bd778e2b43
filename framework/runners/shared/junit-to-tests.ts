import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestError } from '../../model/results.ts';
import type { Location } from '../../model/test-case.ts';
import type { AttemptRecord, LogRecord, TestRecord } from './suite-emitter.ts';
import { relativeFile } from './tap-diagnostics.ts';

/**
 * Reads a JUnit XML report into finished tests. Pure: no I/O.
 *
 * The dialects seen in the field (Ant, Maven Surefire, pytest, jest-junit,
 * go-junit-report, our own junit reporter) share this shape:
 *   testsuites? > testsuite (nested testsuites allowed) > testcase
 *   testcase > failure | error | skipped, system-out, system-err
 * and Surefire's reruns:
 *   passed testcase > flakyFailure | flakyError   each is an earlier failed attempt → flaky
 *   failed testcase > rerunFailure | rerunError   each is a later failed attempt    → failed
 *
 * A test's title path is its testsuite names, then its classname when that
 * differs from the innermost suite's name, then its name. Its file is the
 * testcase's (or testsuite's) `file` attribute, else the report itself.
 */

export interface JunitReadOptions {
  rootDir: string;
  /** The report's path relative to rootDir, for error messages. */
  reportFile: string;
}

export interface JunitTests {
  tests: TestRecord[];
  /** Output that belongs to a testsuite rather than to one testcase. */
  logs: LogRecord[];
  /** Why the report could not be read, for people. */
  problems: string[];
}

type El = Record<string, unknown>;

const REPEATED = new Set([
  'testsuite', 'testcase', 'failure', 'error', 'skipped', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError',
  'system-out', 'system-err', 'stackTrace', 'property',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATED.has(name),
});

export function junitToTests(xml: string, options: JunitReadOptions): JunitTests {
  const out: JunitTests = { tests: [], logs: [], problems: [] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    out.problems.push(`${options.reportFile}:${line}:${col} is not well-formed XML: ${msg}`);
    return out;
  }
  const doc = parser.parse(xml) as El;
  if (!doc.testsuites && !doc.testsuite) {
    out.problems.push(`${options.reportFile} is not a JUnit report: its root element is not <testsuites> or <testsuite>`);
    return out;
  }
  if (doc.testsuites) {
    const top = children(doc, 'testsuites')[0];
    // A <testsuites> may hold testcases directly (rare, but seen); its own name is not part of a title.
    readSuite(top, [], undefined, options, out, false);
    for (const suite of children(top, 'testsuite')) readSuite(suite, [], undefined, options, out, true);
  } else {
    for (const suite of children(doc, 'testsuite')) readSuite(suite, [], undefined, options, out, true);
  }
  return out;
}

function readSuite(suite: El, path: string[], parentFile: string | undefined, options: JunitReadOptions, out: JunitTests, named: boolean): void {
  const name = named ? attr(suite, 'name') : undefined;
  const titlePath = name ? [...path, name] : path;
  const file = attr(suite, 'file') ?? parentFile;
  if (named) {
    for (const text of texts(suite, 'system-out')) out.logs.push({ stream: 'stdout', text });
    for (const text of texts(suite, 'system-err')) out.logs.push({ stream: 'stderr', text });
    for (const inner of children(suite, 'testsuite')) readSuite(inner, titlePath, file, options, out, true);
  }
  for (const testcase of children(suite, 'testcase')) out.tests.push(readTestcase(testcase, titlePath, file, options));
}

function readTestcase(testcase: El, suitePath: string[], suiteFile: string | undefined, options: JunitReadOptions): TestRecord {
  const name = attr(testcase, 'name') ?? '(unnamed)';
  const classname = attr(testcase, 'classname');
  const titlePath = [...suitePath, ...(classname && classname !== suitePath[suitePath.length - 1] ? [classname] : []), name];
  // Without a file of its own, a test is filed under the report that holds it.
  const rawFile = attr(testcase, 'file') ?? suiteFile;
  const file = rawFile ? relativeFile(rawFile, options.rootDir) : options.reportFile;
  const line = Number(attr(testcase, 'line'));
  const location: Location = { file, line: rawFile && Number.isFinite(line) ? line : 0, column: 0 };
  const duration = seconds(attr(testcase, 'time'));
  const logs = logsOf(testcase);

  const skipped = children(testcase, 'skipped');
  const failures = [...children(testcase, 'failure').map((f) => errorOf(f, 'failure')), ...children(testcase, 'error').map((e) => errorOf(e, 'error'))];
  const base = { titlePath, file, location };

  if (skipped.length > 0 && failures.length === 0) {
    const reason = attr(skipped[0], 'message') ?? (text(skipped[0]) || undefined);
    return {
      ...base,
      annotations: [{ type: 'skip', ...(reason ? { description: reason } : {}) }],
      expectedStatus: 'skipped',
      attempts: [{ status: 'skipped', duration, errors: [], logs }],
    };
  }
  if (failures.length > 0) {
    const reruns = [...children(testcase, 'rerunFailure'), ...children(testcase, 'rerunError')].map((r) => rerunAttempt(r));
    return { ...base, attempts: [{ status: 'failed', duration, errors: failures, logs }, ...reruns] };
  }
  const earlier = [...children(testcase, 'flakyFailure'), ...children(testcase, 'flakyError')].map((r) => rerunAttempt(r));
  return { ...base, attempts: [...earlier, { status: 'passed', duration, errors: [], logs }] };
}

/** A Surefire flaky/rerun element: one failed attempt with its own output. */
function rerunAttempt(el: El): AttemptRecord {
  return { status: 'failed', duration: seconds(attr(el, 'time')), errors: [errorOf(el, 'failure')], logs: logsOf(el) };
}

function errorOf(el: El, kind: 'failure' | 'error'): TestError {
  const type = attr(el, 'type');
  const body = (text(el) || texts(el, 'stackTrace').join('\n')).replace(/^\s*\n|\s+$/g, '');
  const stated = attr(el, 'message') ?? body.split('\n').find((l) => l.trim())?.trim() ?? type ?? kind;
  // An <error> is something thrown, not an assertion: its type says what.
  const message = kind === 'error' && type && !stated.startsWith(type) ? `${type}: ${stated}` : stated;
  const stack = body && body !== stated && body !== message ? body : undefined;
  return { message, ...(stack ? { stack } : {}) };
}

function logsOf(el: El): LogRecord[] {
  return [
    ...texts(el, 'system-out').map((text) => ({ stream: 'stdout' as const, text })),
    ...texts(el, 'system-err').map((text) => ({ stream: 'stderr' as const, text })),
  ];
}

function children(el: El, name: string): El[] {
  const value = el[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (v && typeof v === 'object' ? (v as El) : { '#text': String(v ?? '') }));
}

function attr(el: El, name: string): string | undefined {
  const value = el[`@_${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function text(el: El): string {
  const value = el['#text'];
  return typeof value === 'string' ? value.trim() : '';
}

function texts(el: El, name: string): string[] {
  return children(el, name).map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).filter((t) => t.trim() !== '');
}

/** JUnit times are seconds, sometimes with thousands separators ("1,234.5"). */
function seconds(value: string | undefined): number {
  const n = Number((value ?? '').replace(/,/g, ''));
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000 * 1000) / 1000 : 0;
}

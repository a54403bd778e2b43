/**
 * What running produced, kept apart from what was parsed (Robot's
 * running/result split). The output.xml writer and the tollgate events
 * both read this tree.
 */

export type RobotStatus = 'PASS' | 'FAIL' | 'SKIP' | 'NOT RUN';

export interface Message {
  time: string;
  level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FAIL' | 'SKIP';
  text: string;
  html?: boolean;
}

export type BodyType = 'kw' | 'for' | 'iter' | 'if' | 'branch' | 'try' | 'while' | 'group' | 'variable' | 'return' | 'break' | 'continue' | 'error';

export interface BodyResult {
  type: BodyType;
  /** Keywords: the name; VAR: the variable; GROUP: its name, resolved. */
  name?: string;
  owner?: string;
  sourceName?: string;
  kwType?: 'SETUP' | 'TEARDOWN';
  args: string[];
  assign: string[];
  /** FOR iterations: the loop variables' values. */
  iterVars?: [string, string][];
  /** FOR: values; RETURN: values; VAR: values; error: the row. */
  values?: string[];
  /** Element attributes: flavor, condition, limit, type (branch), pattern_type, assign... */
  attrs: Record<string, string>;
  patterns?: string[];
  doc?: string;
  tags?: string[];
  timeout?: string;
  messages: Message[];
  body: BodyResult[];
  status: RobotStatus;
  message: string;
  start: string;
  /** Seconds. */
  elapsed: number;
  line?: number;
}

export interface TestResult {
  name: string;
  id: string;
  line: number;
  doc: string;
  tags: string[];
  timeout?: string;
  setup?: BodyResult;
  body: BodyResult[];
  teardown?: BodyResult;
  status: RobotStatus;
  message: string;
  start: string;
  elapsed: number;
}

export interface SuiteResult {
  name: string;
  id: string;
  source: string;
  doc: string;
  metadata: [string, string][];
  setup?: BodyResult;
  teardown?: BodyResult;
  suites: SuiteResult[];
  tests: TestResult[];
  status: RobotStatus;
  message: string;
  start: string;
  elapsed: number;
  rpa: boolean;
}

export function newBody(type: BodyType, fields: Partial<BodyResult> = {}): BodyResult {
  return { type, args: [], assign: [], attrs: {}, messages: [], body: [], status: 'NOT RUN', message: '', start: timestamp(), elapsed: 0, ...fields };
}

let lastMs = 0;
let lastIso = '';

/**
 * The time now as an ISO string, formatted once per millisecond: a loop
 * makes a few result nodes per iteration, and formatting a date for each
 * was a tenth of a 10,000-iteration WHILE (issue 15).
 */
export function timestamp(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export interface Stats {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export function suiteStats(suite: SuiteResult): Stats {
  const s: Stats = { total: 0, passed: 0, failed: 0, skipped: 0 };
  for (const t of suite.tests) {
    s.total++;
    if (t.status === 'PASS') s.passed++;
    else if (t.status === 'FAIL') s.failed++;
    else s.skipped++;
  }
  for (const child of suite.suites) {
    const c = suiteStats(child);
    s.total += c.total;
    s.passed += c.passed;
    s.failed += c.failed;
    s.skipped += c.skipped;
  }
  return s;
}

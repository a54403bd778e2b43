import type { ExitCode } from './exit-codes.ts';

export type VerdictStatus = 'PASS' | 'WARN' | 'FAIL' | 'ERROR' | 'INTERRUPTED';

export type RuleOutcome = 'pass' | 'warn' | 'fail' | 'error';

/** One rule of a gate's policy, as evaluated over one run. */
export interface RuleResult {
  /** A stable name: 'tests-ran', 'complete', 'no-failures', 'flaky', 'not-interrupted', ... */
  rule: string;
  outcome: RuleOutcome;
  /** What was measured (a count, a rate, a duration). */
  measured: number | string | null;
  /** The limit it was held against, in words a person reads: '>= 1', '0', ... */
  limit: string | null;
  message: string;
  /** Test ids this rule is about (the failed ones, the flaky ones, ...). */
  tests?: string[];
}

export interface VerdictCounts {
  planned: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  interrupted: number;
  /** Planned tests that never reached an outcome. */
  missing: number;
}

export interface Verdict {
  status: VerdictStatus;
  /** The gate's name, or null when the run selected suites without a gate. */
  gate: string | null;
  runId: string;
  subject: string | null;
  environment: string;
  counts: VerdictCounts;
  rules: RuleResult[];
  exitCode: ExitCode;
  startTime: string;
  endTime: string;
}

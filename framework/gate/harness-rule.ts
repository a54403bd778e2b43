import type { MissingCapabilityPolicy } from '../model/config.ts';
import { missingCapability, testBroken } from '../model/harness-failure.ts';
import type { RunState, TestResult } from '../model/run-state.ts';
import type { RuleResult } from '../model/verdict.ts';

export interface HarnessVerdict {
  /** The 'harness' rule (outcome error), or null when every driver started and measured. */
  rule: RuleResult | null;
  /** Tests that failed because a driver could not start or could not measure: the no-failures rule leaves them out. */
  broken: Set<string>;
}

/**
 * A test whose driver could not start, even on a second try, or could not
 * hold its side of a measurement (a packet burst cut short on a saturated
 * machine), was never judged: the harness broke or could not measure, not
 * the system (issue 13.8). The verdict is ERROR (exit 3, as for an
 * environment that cannot be set up), never FAIL; the message names the
 * first test's cause.
 */
export function harnessRule(results: readonly TestResult[]): HarnessVerdict {
  const broken = results.filter(testBroken);
  if (broken.length === 0) return { rule: null, broken: new Set() };
  const first = broken[0]!.attempts.at(-1)!.errors.find((e) => e.harness)!;
  return {
    broken: new Set(broken.map((r) => r.test.id)),
    rule: {
      rule: 'harness',
      outcome: 'error',
      measured: broken.length,
      limit: '0',
      message: `${broken.length} test(s) could not be judged because the harness broke or could not measure (a driver did not start, or could not hold its side of a measurement), not the system: ${first.message.split('\n')[0]}`,
      tests: broken.map((r) => r.test.id),
    },
  };
}

/**
 * Tests skipped because this machine lacks a capability (no root, no
 * NET_ADMIN) are coverage the gate lost: the policy says whether that warns
 * or fails (issue 13.9). Null when no test was skipped for that.
 */
export function capabilityRule(results: readonly TestResult[], policy: MissingCapabilityPolicy): RuleResult | null {
  const skipped = results.map((r) => ({ id: r.test.id, reason: missingCapability(r) })).filter((s) => s.reason !== undefined);
  if (skipped.length === 0) return null;
  const reasons = [...new Set(skipped.map((s) => s.reason))];
  return {
    rule: 'capabilities',
    outcome: policy,
    measured: skipped.length,
    limit: policy === 'fail' ? '0' : `any (policy: ${policy})`,
    message: `${skipped.length} test(s) skipped because this machine lacks a capability: ${reasons.join('; ')}. Grant it (tollgate k8s manifests adds the capabilities the gate's suites need), or set the gate's policy.missingCapability to 'warn'`,
    tests: skipped.map((s) => s.id),
  };
}

/** The environment error a run recorded as an error event (source 'environment'), for judging a run directory again. */
export function recordedEnvironmentError(state: RunState): string | undefined {
  return state.errors.find((e) => e.source === 'environment')?.error.message;
}

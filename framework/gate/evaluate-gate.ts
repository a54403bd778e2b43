import type { GatePolicy } from '../model/config.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { TOLLGATE_PROCESS_ERROR } from '../model/events.ts';
import { countOutcomes, type RunState } from '../model/run-state.ts';
import type { RuleResult, Verdict, VerdictStatus } from '../model/verdict.ts';
import type { Quarantine } from './quarantine.ts';
import { quarantineRule } from './quarantine-rule.ts';
import { thresholdRule } from './threshold-rule.ts';
import { judgedResults } from './expected-failures.ts';
import { baselineRule } from './baseline-rule.ts';
import { soakRule } from './soak-rule.ts';
import { gapRule, type RunGap } from './gap-rule.ts';
import { shardRule, type ShardReport } from './shard-rule.ts';
import { distributedThresholdRule, type MergedLoadVerdict } from './distributed-threshold-rule.ts';
import { instanceRule, type InstanceReport } from './instance-rule.ts';
import { defaultMissingCapability } from '../config/resolve-config.ts';
import { capabilityRule, harnessRule, recordedEnvironmentError } from './harness-rule.ts';
import { onlyRule } from './only-rule.ts';

export interface GateInput {
  state: RunState;
  gate: string | null;
  policy: Required<Pick<GatePolicy, 'flaky' | 'minTests'>> & Pick<GatePolicy, 'soak' | 'missingCapability' | 'notJudged'>;
  runId: string;
  subject: string | null;
  environment: string;
  interrupted: boolean;
  /** Set when the environment could not be set up: the verdict is ERROR with exit code 3. */
  environmentError?: string;
  /** The project's quarantine file (loadQuarantine): quarantined failures warn, expired entries fail. */
  quarantine?: Quarantine;
  startTime: string;
  /** The times a resumed run stood still (tollgate run --resume): the gap rule judges them. */
  gaps?: readonly RunGap[];
  /** A sharded run judged as one (issue 9): every shard must have finished. */
  shards?: ShardReport;
  /** Distributed loads of the run judged on their merged histograms (evaluateDistributedLoads, issue 9.4). */
  distributedLoads?: readonly MergedLoadVerdict[];
  /** A run made of load instances judged as one (tollgate gate --run-id, issue 9.4): every instance must have finished. */
  instances?: InstanceReport;
}

/**
 * The merge gate's rules. A run passes only when at least one test ran,
 * every planned test reached an outcome, nothing failed, nothing broke
 * outside the tests, and the run was not interrupted. Each rule reports
 * what it measured against its limit, so a verdict explains itself.
 */
export function evaluateGate(input: GateInput): Verdict {
  const { state, policy } = input;
  const counts = countOutcomes(state);
  const results = [...state.tests.values()];
  const ids = (outcome: string) => results.filter((r) => (r.outcome ?? 'missing') === outcome).map((r) => r.test.id);
  const ran = counts.passed + counts.failed + counts.flaky;
  const rules: RuleResult[] = [];
  const quarantine = quarantineRule(input.quarantine, results);
  const harness = harnessRule(results);
  // A run directory judged again offline carries its environment error as an event.
  const environmentError = input.environmentError ?? recordedEnvironmentError(state);

  if (environmentError) {
    rules.push({ rule: 'environment', outcome: 'error', measured: 'broke', limit: 'set up, and working until torn down', message: environmentError });
  }
  rules.push({
    rule: 'tests-ran',
    outcome: ran >= Math.max(1, policy.minTests) ? 'pass' : 'fail',
    measured: ran,
    limit: `>= ${Math.max(1, policy.minTests)}`,
    message: ran ? `${ran} test(s) ran to an outcome` : 'no test ran: a gate never passes on nothing',
  });
  const missing = ids('missing');
  const suiteErrors = [...state.suiteErrors.entries()];
  rules.push({
    rule: 'complete',
    outcome: missing.length || suiteErrors.length ? 'fail' : 'pass',
    measured: missing.length + suiteErrors.length,
    limit: '0',
    message: [
      missing.length ? `${missing.length} planned test(s) never reached an outcome` : '',
      ...suiteErrors.map(([suite, error]) => `suite "${suite}" did not complete: ${error.message}`),
    ].filter(Boolean).join('; ') || 'every planned test reached an outcome',
    ...(missing.length ? { tests: missing } : {}),
  });
  const failed = ids('failed').filter((id) => !quarantine.excused.has(id) && !harness.broken.has(id));
  rules.push({
    rule: 'no-failures',
    outcome: failed.length ? 'fail' : 'pass',
    measured: failed.length,
    limit: '0',
    message: failed.length ? `${failed.length} test(s) failed` : 'no test failed',
    ...(failed.length ? { tests: failed } : {}),
  });
  const flaky = ids('flaky').filter((id) => !quarantine.excused.has(id));
  rules.push({
    rule: 'flaky',
    outcome: flaky.length ? ({ pass: 'pass', warn: 'warn', fail: 'fail' } as const)[policy.flaky] : 'pass',
    measured: flaky.length,
    limit: policy.flaky === 'fail' ? '0' : `any (policy: ${policy.flaky})`,
    message: flaky.length ? `${flaky.length} test(s) failed and then passed on retry` : 'no flaky test',
    ...(flaky.length ? { tests: flaky } : {}),
  });
  rules.push({
    rule: 'no-errors',
    outcome: state.errors.length ? 'fail' : 'pass',
    measured: state.errors.length,
    limit: '0',
    message: state.errors.length
      ? state.errors.map((e) => `${e.source}${e.file ? ` ${e.file}` : ''}: ${e.error.message.split('\n')[0]}`).join('; ')
      : 'no error outside the tests',
  });
  // User code that crashed, or tried to end, the tollgate process: the harness broke, which is not the system's failure.
  const processErrors = state.errors.filter((e) => e.source === TOLLGATE_PROCESS_ERROR);
  if (processErrors.length) {
    rules.push({ rule: 'tollgate-process', outcome: 'error', measured: processErrors.length, limit: '0', message: processErrors.map((e) => e.error.message.split('\n')[0]).join('; ') });
  }
  rules.push({
    rule: 'not-interrupted',
    outcome: input.interrupted ? 'fail' : 'pass',
    measured: input.interrupted ? 'interrupted' : 'completed',
    limit: 'completed',
    message: input.interrupted ? 'the run was interrupted before it finished' : 'the run completed',
  });

  if (quarantine.rule) rules.push(quarantine.rule);
  for (const rule of [onlyRule(state.begin)]) if (rule) rules.push(rule);
  for (const rule of [harness.rule, capabilityRule(results, policy.missingCapability ?? defaultMissingCapability(input.gate))]) if (rule) rules.push(rule);
  // What measured nothing is never a pass: it fails, or warns where the policy says so (issue 13, item 7).
  const notJudged = policy.notJudged ?? 'fail';
  // A test expected to fail (test.fail()) that failed on a limit failed as expected (issue 14.6).
  const judged = judgedResults(results);
  for (const rule of [thresholdRule(judged, notJudged), baselineRule(judged)]) if (rule) rules.push(rule);
  for (const rule of [soakRule(judged, notJudged)]) if (rule) rules.push(rule);
  for (const rule of [gapRule(results, input.gaps ?? [], policy.soak?.maxGap)]) if (rule) rules.push(rule);
  for (const rule of [shardRule(input.shards)]) if (rule) rules.push(rule);
  for (const rule of [instanceRule(input.instances)]) if (rule) rules.push(rule);
  for (const rule of [distributedThresholdRule(input.distributedLoads ?? [])]) if (rule) rules.push(rule);
  const status = statusOf(rules, input);
  return {
    status,
    gate: input.gate,
    runId: input.runId,
    subject: input.subject,
    environment: input.environment,
    counts: { planned: results.length, ...counts },
    rules,
    // A driver that could not start or could not measure is the harness failing: exit 3, as for the environment.
    exitCode: exitCodeOf(status, Boolean(environmentError) || harness.rule !== null),
    startTime: input.startTime,
    endTime: new Date().toISOString(),
  };
}

export function statusOf(rules: readonly RuleResult[], input: Pick<GateInput, 'interrupted'>): VerdictStatus {
  if (input.interrupted) return 'INTERRUPTED';
  if (rules.some((r) => r.outcome === 'error')) return 'ERROR';
  if (rules.some((r) => r.outcome === 'fail')) return 'FAIL';
  if (rules.some((r) => r.outcome === 'warn')) return 'WARN';
  return 'PASS';
}

export function exitCodeOf(status: VerdictStatus, environmentFailed = false): Verdict['exitCode'] {
  switch (status) {
    case 'PASS':
    case 'WARN':
      return ExitCode.Pass;
    case 'INTERRUPTED':
      return ExitCode.Interrupted;
    case 'ERROR':
      return environmentFailed ? ExitCode.Environment : ExitCode.Failed;
    case 'FAIL':
      return ExitCode.Failed;
  }
}

import type { RunBeginEvent, RunEvent } from '../model/events.ts';
import { buildRunState } from '../model/run-state.ts';
import type { RuleOutcome, RuleResult, Verdict } from '../model/verdict.ts';
import { evaluateGate, exitCodeOf, statusOf, type GateInput } from './evaluate-gate.ts';

export interface RejudgeOptions {
  /** The policy of the run's gate, as this project defines it; default: the merge gate's defaults. */
  policyOf?(gate: string | null): GateInput['policy'];
  quarantine?: GateInput['quarantine'];
}

export interface Rejudged {
  /** The run's events with its verdict event replaced by the one judged here. */
  events: RunEvent[];
  /** The verdict judged from the events, or null when the run has none (it never ended). */
  verdict: Verdict | null;
  /** The verdict the run directory held, when it differs from the one judged here. */
  mismatch: { recorded: Verdict['status']; judged: Verdict['status'] } | null;
}

const WORSE: Record<RuleOutcome, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

/**
 * A run directory from elsewhere is data, not truth (issue 13.5): its
 * verdict is judged again from its events with the gate engine a live run
 * uses, so a verdict.json or verdict event edited to PASS over a failed
 * test does not make the archive answer "passed".
 *
 * What the events cannot show (an environment that failed to set up, a
 * reporter that failed, a stricter policy of the project the run came
 * from) is known only from the recorded verdict; a rule it holds that is
 * worse than the one judged here is kept. The recorded verdict can so
 * only make the verdict worse, never better. A mismatch is shown as the
 * rule `recorded-verdict`, which fails when the record claimed better.
 */
export function rejudgeRun(events: readonly RunEvent[], options: RejudgeOptions = {}): Rejudged {
  const recordedEvent = events.findLast((e) => e.type === 'verdict');
  const begin = events.find((e): e is RunBeginEvent => e.type === 'run.begin');
  if (!begin || recordedEvent?.type !== 'verdict') return { events: [...events], verdict: null, mismatch: null };
  const recorded = recordedEvent.verdict;
  const judgedEvents = events.filter((e) => e.type !== 'verdict');
  const end = events.find((e) => e.type === 'run.end');
  const environmentRule = recorded.rules.find((r) => r.rule === 'environment' && r.outcome === 'error');
  const judged = evaluateGate({
    state: buildRunState(judgedEvents),
    gate: begin.gate,
    policy: options.policyOf?.(begin.gate) ?? { flaky: 'warn', minTests: 1 },
    runId: begin.runId,
    subject: begin.subject,
    environment: begin.environment,
    interrupted: end?.type === 'run.end' ? end.status === 'interrupted' : recorded.status === 'INTERRUPTED',
    ...(environmentRule ? { environmentError: environmentRule.message } : {}),
    quarantine: options.quarantine,
    startTime: begin.time,
  });
  const rules = [...judged.rules];
  for (const rule of recorded.rules) {
    const at = rules.findIndex((r) => r.rule === rule.rule);
    if (at === -1 ? rule.outcome !== 'pass' : WORSE[rule.outcome] > WORSE[rules[at]!.outcome]) {
      const kept: RuleResult = { ...rule, message: `${rule.message} (as the run recorded it)` };
      if (at === -1) rules.push(kept);
      else rules[at] = kept;
    }
  }
  let status = statusOf(rules, { interrupted: judged.status === 'INTERRUPTED' });
  const mismatch = recorded.status !== status ? { recorded: recorded.status, judged: status } : null;
  if (mismatch) {
    const claimedBetter = WORSE[ruleOutcomeOf(recorded.status)] < WORSE[ruleOutcomeOf(status)];
    rules.push({
      rule: 'recorded-verdict',
      outcome: claimedBetter ? 'fail' : 'pass',
      measured: recorded.status,
      limit: status,
      message: `the run directory's verdict said ${recorded.status}; judged again from its events it is ${status}`,
    });
    status = statusOf(rules, { interrupted: status === 'INTERRUPTED' });
  }
  const verdict: Verdict = { ...judged, rules, status, exitCode: exitCodeOf(status, Boolean(environmentRule)), endTime: recorded.endTime };
  const replaced = events.map((e) => (e === recordedEvent ? { ...recordedEvent, verdict } : e)).filter((e) => e.type !== 'verdict' || e.verdict === verdict);
  return { events: replaced, verdict, mismatch };
}

function ruleOutcomeOf(status: Verdict['status']): RuleOutcome {
  return status === 'PASS' ? 'pass' : status === 'WARN' ? 'warn' : status === 'FAIL' ? 'fail' : 'error';
}

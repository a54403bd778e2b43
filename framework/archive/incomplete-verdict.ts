import { ExitCode } from '../model/exit-codes.ts';
import type { TestOutcome } from '../model/results.ts';
import type { Verdict } from '../model/verdict.ts';

export interface IncompleteRun {
  id: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  startTime: string;
  counts: Record<TestOutcome | 'missing', number>;
  /** The verdict, if the run got as far as writing one before it died. */
  verdict: Verdict | null;
}

/**
 * The verdict of a run that never wrote run.end. Whatever the run itself
 * may have concluded, a run that did not finish is ERROR (exit code 1):
 * a CD system asking about it must never read PASS.
 */
export function incompleteVerdict(run: IncompleteRun, now = new Date()): Verdict {
  const { missing, ...counts } = run.counts;
  return {
    status: 'ERROR',
    gate: run.gate,
    runId: run.id,
    subject: run.subject,
    environment: run.environment,
    counts: { planned: Object.values(run.counts).reduce((a, b) => a + b, 0), ...counts, missing },
    rules: [
      {
        rule: 'run-finished',
        outcome: 'error',
        measured: 'no run.end',
        limit: 'run.end written',
        message:
          `the run stopped without finishing (killed, crashed or its machine lost)${run.verdict ? `; its own verdict ${run.verdict.status} was set aside` : ''}: ` +
          `${counts.passed + counts.failed + counts.flaky} test(s) reached an outcome, ${missing} never did`,
      },
      ...(run.verdict?.rules ?? []),
    ],
    exitCode: ExitCode.Failed,
    startTime: run.startTime,
    endTime: now.toISOString(),
  };
}

import type { BodyResult } from './result.ts';
import { RobotError } from './robot-error.ts';

/**
 * What the failures of a templated body come to, as Robot's
 * BodyRunner._handle_skip_with_templates decides: among two or more steps a
 * skipped row does not skip the body, unless every step skipped; then the
 * body is skipped with "All iterations skipped.".
 */
export function templatedFailures(failures: RobotError[], steps: readonly BodyResult[]): RobotError[] {
  if (steps.length < 2 || !failures.some((f) => f.skip)) return failures;
  if (steps.every((s) => s.status === 'SKIP')) return [allSkipped()];
  return failures.filter((f) => !f.skip);
}

/** A templated FOR's rule (Robot's ForInRunner._run_loop): two or more failures, all skips, skip the loop. */
export function templatedLoopFailures(failures: RobotError[]): RobotError[] {
  return failures.length > 1 && failures.every((f) => f.skip) ? [allSkipped()] : failures;
}

function allSkipped(): RobotError {
  return new RobotError('All iterations skipped.', { skip: true });
}

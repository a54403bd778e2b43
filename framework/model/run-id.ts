import { UsageError } from './usage-error.ts';

/** Longest run id accepted: long enough for a CI pipeline's id with a prefix, short enough for a file name. */
export const RUN_ID_MAX_LENGTH = 128;

const RUN_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Why a run id is not a name, or undefined when it is one (issue 13.5).
 * A run id becomes a folder (.tollgate/runs/<run id>) and a row key, so it
 * is a plain name: letters, digits, `.`, `_` and `-`, not starting with a
 * dot (which rules out `.` and `..`), at most RUN_ID_MAX_LENGTH characters.
 */
export function runIdProblem(runId: string): string | undefined {
  if (runId === '') return 'is empty';
  if (runId.length > RUN_ID_MAX_LENGTH) return `is ${runId.length} characters long; at most ${RUN_ID_MAX_LENGTH} are allowed`;
  if (runId.startsWith('.')) return 'starts with a dot';
  if (!RUN_ID.test(runId)) return 'holds characters other than letters, digits, ".", "_" and "-"';
  return undefined;
}

/** Throws a UsageError (exit 2) naming where the run id came from when it is not a name. */
export function checkRunId(runId: string, where: string): string {
  const problem = runIdProblem(runId);
  if (problem) throw new UsageError(`${where} ${JSON.stringify(runId)} ${problem}: a run id is a name (letters, digits, ".", "_", "-", not starting with a dot, at most ${RUN_ID_MAX_LENGTH} characters), e.g. pipeline-1234`);
  return runId;
}

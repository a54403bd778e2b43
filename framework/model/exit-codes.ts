/**
 * Documented exit codes (README, "Exit codes"). A CD system branches on them,
 * so they never change meaning.
 */
export const ExitCode = {
  /** The verdict is PASS or WARN. */
  Pass: 0,
  /** Tests failed, the run was incomplete, or the gate failed. */
  Failed: 1,
  /** Bad command line or bad config. */
  Usage: 2,
  /** The environment could not be set up. */
  Environment: 3,
  /** The run was interrupted (SIGINT/SIGTERM). */
  Interrupted: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

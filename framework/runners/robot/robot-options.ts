import type { ResolvedSuite } from '../../model/config.ts';
import type { TestSelection } from './test-selection.ts';
import { readVariableFile } from './variable-file.ts';

/**
 * A robot suite's Robot Framework options: its config's `robot` (which
 * `tollgate run --include ...` overrides, framework/cli/robot-flags.ts),
 * else the older environment variables ROBOT_INCLUDE / ROBOT_EXCLUDE
 * (comma-separated tag patterns), ROBOT_DRYRUN=1 and ROBOT_VARIABLES
 * (a JSON object), from the suite's `env` or the process environment.
 */

function legacyEnv(suite: ResolvedSuite): NodeJS.ProcessEnv {
  return { ...process.env, ...(suite.env ?? {}) };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** What selects the suite's tests: the planner lists by it and the engine runs by it. */
export function robotSelection(suite: ResolvedSuite): TestSelection {
  const env = legacyEnv(suite);
  const robot = suite.robot ?? {};
  return {
    include: robot.include ?? splitList(env.ROBOT_INCLUDE),
    exclude: robot.exclude ?? splitList(env.ROBOT_EXCLUDE),
    test: robot.test ?? [],
    suite: robot.suite ?? [],
  };
}

export interface RobotRunOptions extends TestSelection {
  dryRun: boolean;
  exitOnFailure: boolean;
  /** Variable files' variables, then ROBOT_VARIABLES', then `variables` (robot --variable wins over --variablefile). */
  variables: Record<string, unknown>;
}

/** @throws VariableFileError when a variable file cannot be read (the CLI checks them before the run starts). */
export function robotRunOptions(suite: ResolvedSuite): RobotRunOptions {
  const env = legacyEnv(suite);
  const robot = suite.robot ?? {};
  const fromFiles = Object.assign({}, ...(robot.variableFiles ?? []).map(readVariableFile)) as Record<string, unknown>;
  return {
    ...robotSelection(suite),
    dryRun: robot.dryRun ?? /^(1|true|yes)$/i.test(env.ROBOT_DRYRUN ?? ''),
    exitOnFailure: robot.exitOnFailure ?? false,
    variables: {
      ...fromFiles,
      ...(env.ROBOT_VARIABLES ? (JSON.parse(env.ROBOT_VARIABLES) as Record<string, unknown>) : {}),
      ...(robot.variables ?? {}),
    },
  };
}

/**
 * Robot Framework's own options on `tollgate run` (README "Robot
 * Framework"), as commander names them; run.json keeps them so that a
 * resumed run selects the same tests. framework/cli/robot-flags.ts turns
 * them into each robot suite's `robot` options.
 */
export interface RobotFlags {
  include?: string[];
  exclude?: string[];
  test?: string[];
  /** robot --suite: `--robot-suite`, as tollgate's own --suite selects tollgate suites. */
  robotSuite?: string[];
  /** NAME:VALUE, each. */
  variable?: string[];
  variablefile?: string[];
  dryrun?: boolean;
  exitonfailure?: boolean;
}

export const ROBOT_FLAGS: [keyof RobotFlags, string][] = [
  ['include', '--include'], ['exclude', '--exclude'], ['test', '--test'], ['robotSuite', '--robot-suite'],
  ['variable', '--variable'], ['variablefile', '--variablefile'], ['dryrun', '--dryrun'], ['exitonfailure', '--exitonfailure'],
];

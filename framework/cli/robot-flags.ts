import path from 'node:path';
import type { ResolvedConfig, ResolvedSuite, RobotSuiteOptions } from '../model/config.ts';
import { ROBOT_FLAGS, type RobotFlags } from '../model/robot-flags.ts';
import { UsageError } from '../model/usage-error.ts';
import { readVariableFile, VariableFileError } from '../runners/robot/variable-file.ts';

/**
 * `tollgate run --include smoke --variable HOST:x ...`: Robot Framework's
 * options, given to every robot suite of the config. A flag replaces the
 * config's value of the same option; --variable adds to the config's
 * variables (and wins). Variable files are read here once, so that a
 * missing or unreadable one stops the run before anything starts (exit 2).
 *
 * @throws UsageError naming the flag (or the config's key) and the fix.
 */
export function applyRobotFlags(config: ResolvedConfig, flags: RobotFlags, cwd: string): ResolvedConfig {
  const given = ROBOT_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  const robotSuites = config.suites.filter((suite) => suite.runner === 'robot');
  if (given.length > 0 && robotSuites.length === 0) {
    throw new UsageError(`${given.join(', ')}: Robot Framework's options apply to suites with runner 'robot', and this project has none (add .robot files, or a suite with runner: 'robot')`);
  }
  const variableFiles = flags.variablefile?.map((file) => {
    const absolute = path.resolve(cwd, file);
    checkVariableFile(absolute, `--variablefile ${file}`);
    return absolute;
  });
  const options: RobotSuiteOptions = {
    ...(flags.include ? { include: flags.include } : {}),
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    ...(flags.test ? { test: flags.test } : {}),
    ...(flags.robotSuite ? { suite: flags.robotSuite } : {}),
    ...(variableFiles ? { variableFiles } : {}),
    ...(flags.dryrun ? { dryRun: true } : {}),
    ...(flags.exitonfailure ? { exitOnFailure: true } : {}),
  };
  const variables = flags.variable ? parseVariables(flags.variable) : undefined;
  config.suites.forEach((suite, index) => {
    for (const [at, file] of (suite.robot?.variableFiles ?? []).entries()) {
      if (!variableFiles) checkVariableFile(file, `${config.configFile ?? 'config'}: suites[${index}].robot.variableFiles[${at}]`);
    }
  });
  if (given.length === 0) return config;
  const withFlags = (suite: ResolvedSuite): ResolvedSuite => {
    if (suite.runner !== 'robot') return suite;
    const robot: RobotSuiteOptions = { ...suite.robot, ...options };
    if (variables) robot.variables = { ...suite.robot?.variables, ...variables };
    return { ...suite, robot };
  };
  return { ...config, suites: config.suites.map(withFlags) };
}

/** robot's --variable NAME:VALUE: split at the first colon, so a value may hold colons (URLs). */
function parseVariables(values: string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0) {
      throw new UsageError(`--variable takes NAME:VALUE, e.g. --variable HOST:example.com (got "${value}": ${colon === 0 ? 'no name before the colon' : 'no colon'})`);
    }
    variables[value.slice(0, colon)] = value.slice(colon + 1);
  }
  return variables;
}

function checkVariableFile(file: string, where: string): void {
  try {
    readVariableFile(file);
  } catch (error) {
    if (error instanceof VariableFileError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

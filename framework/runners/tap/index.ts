export { tapRunner, createTapRunner, runTapSuite } from './tap-runner.ts';
export type { TapRunnerOptions } from './tap-runner.ts';
export { resolveTap } from './resolve-tap.ts';
export type { TapInstall } from './resolve-tap.ts';
export { tapCommand, formatCommand } from './tap-command.ts';

export { commandRunner, runCommandSuite } from './command-runner.ts';
export { findJunitReports } from './junit-reports.ts';

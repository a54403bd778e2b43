import fs from 'node:fs';
import path from 'node:path';
import type { BenchProjects } from './write-projects.ts';

export type ToolName = 'tollgate' | 'node --test' | 'vitest';

/** One invocation of a tool: what to spawn, and where it leaves its proof of work. */
export interface Invocation {
  command: string;
  args: string[];
  cwd: string;
  /** Files the invocation writes its results to, read back by `passedCount`. */
  resultPath?: string;
}

export interface FinishedRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  invocation: Invocation;
}

export interface BenchTool {
  name: ToolName;
  invocation(projects: BenchProjects, runLabel: string): Invocation;
  /**
   * The number of passed tests the tool itself reports, read from its own
   * output, so that a tool that crashed or skipped tests cannot look fast.
   * Throws with the reason when the output holds no such count.
   */
  passedCount(run: FinishedRun): number;
}

export interface ToolSetup {
  repoRoot: string;
  concurrency: number;
}

export function createTools({ repoRoot, concurrency }: ToolSetup): BenchTool[] {
  const tollgate: BenchTool = {
    name: 'tollgate',
    invocation: (projects, runLabel) => {
      const output = path.join(projects.runsDir, `tollgate-${runLabel}`);
      return {
        command: process.execPath,
        // Every feature on: events.ndjson and verdict.json in a run directory, and the console reporter.
        args: [path.join(repoRoot, 'framework/cli/bin.js'), 'run', 'tests', '--workers', String(concurrency), '--reporter', 'console', '--output', output],
        cwd: projects.tollgateDir,
        resultPath: path.join(output, 'verdict.json'),
      };
    },
    passedCount: (run) => tollgatePassed(readResult(run)),
  };

  const nodeTest: BenchTool = {
    name: 'node --test',
    invocation: (projects) => ({
      command: process.execPath,
      // Node 20's --test does not expand globs, so the files are listed; TAP makes the summary parseable.
      args: ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=tap', ...projects.nodeFiles],
      cwd: projects.nodeDir,
    }),
    passedCount: (run) => nodeTestPassed(run.stdout),
  };

  const vitest: BenchTool = {
    name: 'vitest',
    invocation: (projects, runLabel) => {
      const resultPath = path.join(projects.runsDir, `vitest-${runLabel}.json`);
      return {
        command: process.execPath,
        // Vitest 4 dropped --minWorkers; --maxWorkers alone caps the fork pool.
        args: [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--pool=forks', `--maxWorkers=${concurrency}`, '--reporter=default', '--reporter=json', `--outputFile.json=${resultPath}`],
        cwd: projects.vitestDir,
        resultPath,
      };
    },
    passedCount: (run) => vitestPassed(readResult(run)),
  };

  return [tollgate, nodeTest, vitest];
}

function readResult(run: FinishedRun): string {
  const file = run.invocation.resultPath;
  if (!file || !fs.existsSync(file)) throw new Error(`the tool wrote no result file (expected ${file})`);
  return fs.readFileSync(file, 'utf8');
}

/** Passed tests from tollgate's verdict.json; a run whose verdict is not PASS does not count. */
export function tollgatePassed(verdictJson: string): number {
  const verdict = JSON.parse(verdictJson) as { status?: string; counts?: { passed?: number; failed?: number } };
  if (verdict.status !== 'PASS') throw new Error(`verdict.json says ${verdict.status ?? 'nothing'}, not PASS`);
  const passed = verdict.counts?.passed;
  if (typeof passed !== 'number') throw new Error('verdict.json has no counts.passed');
  return passed;
}

/** Passed tests from node --test's TAP summary (`# pass N`, `# fail 0`). */
export function nodeTestPassed(tap: string): number {
  const pass = /^# pass (\d+)$/m.exec(tap);
  const fail = /^# fail (\d+)$/m.exec(tap);
  if (!pass) throw new Error('the TAP output has no "# pass N" line');
  if (fail && Number(fail[1]) > 0) throw new Error(`node --test reports ${fail[1]} failed test(s)`);
  return Number(pass[1]);
}

/** Passed tests from vitest's JSON reporter. */
export function vitestPassed(reportJson: string): number {
  const report = JSON.parse(reportJson) as { numPassedTests?: number; numFailedTests?: number; success?: boolean };
  if (typeof report.numPassedTests !== 'number') throw new Error('the vitest JSON report has no numPassedTests');
  if (report.numFailedTests) throw new Error(`vitest reports ${report.numFailedTests} failed test(s)`);
  return report.numPassedTests;
}

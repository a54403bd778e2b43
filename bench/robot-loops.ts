/**
 * Robot loops in linear time (issue 15, item 3): a 10,000-iteration WHILE
 * and FOR run in-process through the engine, and the WHILE end to end
 * through `tollgate run` (a fresh process, events folded into the run's
 * state, run directory). Each loop is also timed at a tenth of its size, so
 * the ratio shows whether the time grows with the iterations or faster.
 *
 *   npx tsx bench/robot-loops.ts --iterations 10000 --runs 5
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const ITERATIONS = arg('iterations', 10_000);
const RUNS = arg('runs', 5);
const REPO = resolve(import.meta.dirname, '..');

/** A WHILE and a FOR that count to `n` with Evaluate, and check they got there. */
export function loopSuite(n: number): string {
  return [
    '*** Test Cases ***',
    'While Loop',
    '    ${i}=    Set Variable    ${0}',
    `    WHILE    $i < ${n}    limit=NONE`,
    '        ${i}=    Evaluate    $i + 1',
    '    END',
    `    Should Be Equal As Integers    \${i}    ${n}`,
    'For Loop',
    '    ${sum}=    Set Variable    ${0}',
    `    FOR    \${x}    IN RANGE    ${n}`,
    '        ${sum}=    Evaluate    $sum + 1',
    '    END',
    `    Should Be Equal As Integers    \${sum}    ${n}`,
    '',
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'robot-loops-'));

/** Milliseconds of each test of the suite, in-process, median over the runs. */
async function inProcess(n: number): Promise<{ while: number; for: number }> {
  const file = join(dir, `loops-${n}.robot`);
  writeFileSync(file, loopSuite(n));
  const times = { while: [] as number[], for: [] as number[] };
  for (let r = 0; r < RUNS; r++) {
    const result = await new Engine({ console: () => undefined }).run(loadSuites([file]));
    for (const test of result.tests) {
      if (test.status !== 'PASS') throw new Error(`${test.name}: ${test.status} ${test.message}`);
      (test.name === 'While Loop' ? times.while : times.for).push(test.elapsed * 1000);
    }
  }
  return { while: Math.round(median(times.while)), for: Math.round(median(times.for)) };
}

/** Milliseconds of `tollgate run` of the suite, end to end, median over the runs. */
function endToEnd(n: number): number {
  const project = mkdtempSync(join(dir, `e2e-${n}-`));
  writeFileSync(join(project, 'loops.robot'), loopSuite(n));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'robot-loops', type: 'module', private: true }));
  writeFileSync(join(project, 'tollgate.config.ts'), `export default { suites: [{ name: 'loops', kind: 'unit', runner: 'robot', files: '*.robot' }] };`);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const child = spawnSync(process.execPath, [join(REPO, 'framework', 'cli', 'bin.js'), 'run', '--config', join(project, 'tollgate.config.ts'), '--output', join(project, `run-${r}`), '--reporter', 'json'], { cwd: REPO, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (child.status !== 0) throw new Error(`tollgate run failed (${child.status}): ${child.stdout}\n${child.stderr}`);
  }
  return Math.round(median(times));
}

const small = Math.max(1, Math.round(ITERATIONS / 10));
const full = await inProcess(ITERATIONS);
const tenth = await inProcess(small);
const report = {
  iterations: ITERATIONS,
  runs: RUNS,
  medianMs: {
    whileInProcess: full.while,
    forInProcess: full.for,
    [`whileInProcessAt${small}`]: tenth.while,
    [`forInProcessAt${small}`]: tenth.for,
    tollgateRunEndToEnd: endToEnd(ITERATIONS),
    [`tollgateRunEndToEndAt${small}`]: endToEnd(small),
  },
  /** About 10 when the time grows linearly with the iterations. */
  growthFor10xIterations: { while: Math.round((full.while / Math.max(tenth.while, 1)) * 10) / 10, for: Math.round((full.for / Math.max(tenth.for, 1)) * 10) / 10 },
};
console.log(JSON.stringify(report, null, 2));

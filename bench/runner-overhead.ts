// Runner overhead (issue 2, "Performance"): the same 1,000 trivial tests in 100
// files through tollgate, node --test (with tsx) and vitest, at concurrency 2,
// in one process tree. Runs are interleaved (A B C A B C ...) so that machine
// noise spreads over every tool, and each run must report every test passed,
// so that a broken tool cannot look fast.
//
//   npx tsx bench/runner-overhead.ts [--runs 5] [--warmup 1] [--keep] [--results FILE]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childrenCpuSeconds } from './overhead/children-cpu.ts';
import { formatTable, ratio, timeStats, type ToolRow } from './overhead/summarize.ts';
import { createTools, type BenchTool, type FinishedRun, type Invocation } from './overhead/tools.ts';
import { writeProjects } from './overhead/write-projects.ts';

const FILES = 100;
const TESTS_PER_FILE = 10;
const CONCURRENCY = 2;
/** Issue 2: tollgate at most 0.1x of node --test. */
const TARGET_RATIO = 0.1;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      results: { type: 'string', default: path.join(repoRoot, 'bench/results/runner-overhead.json') },
    },
  });
  const count = (text: string, flag: string, min: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) {
      process.stderr.write(`runner-overhead: ${flag} takes a whole number of at least ${min}, not "${text}"\n`);
      process.exit(2);
    }
    return value;
  };
  return { runs: count(values.runs, '--runs', 1), warmup: count(values.warmup, '--warmup', 0), keep: values.keep, results: path.resolve(values.results) };
}

function execute(invocation: Invocation): Promise<FinishedRun & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(invocation.command, invocation.args, { cwd: invocation.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const ms = performance.now() - started;
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), invocation, ms });
    });
  });
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).map((line) => '    ' + line).join('\n');
}

/**
 * One timed run of one tool: wall milliseconds, and CPU milliseconds of its
 * process tree (null off Linux). Throws when the tool failed or did not pass
 * every test.
 */
async function runOnce(tool: BenchTool, invocation: Invocation, expected: number): Promise<{ ms: number; cpuMs: number | null }> {
  const cpuBefore = childrenCpuSeconds();
  const run = await execute(invocation);
  const cpuAfter = childrenCpuSeconds();
  let problem: string | null = null;
  if (run.exitCode !== 0) problem = `exit code ${run.exitCode}`;
  else {
    try {
      const passed = tool.passedCount(run);
      if (passed !== expected) problem = `${passed} passed tests, expected ${expected}`;
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  if (problem) {
    throw new Error(
      `${tool.name} did not pass the benchmark's tests: ${problem}\n  command: ${invocation.command} ${invocation.args.join(' ')}\n  cwd: ${invocation.cwd}\n` +
        `  stdout (end):\n${tail(run.stdout)}\n  stderr (end):\n${tail(run.stderr)}\n  Rerun with --keep to inspect the generated project.`,
    );
  }
  return { ms: run.ms, cpuMs: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) * 1000 : null };
}

function versionOf(packageDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<number> {
  const options = parseOptions();
  const loadBefore = os.loadavg()[0]!;
  const expected = FILES * TESTS_PER_FILE;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-bench-'));
  const projects = writeProjects(root, repoRoot, { files: FILES, testsPerFile: TESTS_PER_FILE });
  const tools = createTools({ repoRoot, concurrency: CONCURRENCY });
  const times = new Map<string, number[]>(tools.map((tool) => [tool.name, []]));
  const cpuTimes = new Map<string, number[]>(tools.map((tool) => [tool.name, []]));
  const roundLoads: number[] = [];
  process.stdout.write(`runner-overhead: ${expected} tests in ${FILES} files, concurrency ${CONCURRENCY}, ${options.warmup} warm-up + ${options.runs} timed round(s), interleaved\n`);
  process.stdout.write(`  projects in ${root}\n`);

  try {
    const rounds = options.warmup + options.runs;
    for (let round = 1; round <= rounds; round++) {
      const warm = round <= options.warmup;
      const label = warm ? `warmup-${round}` : `run-${round - options.warmup}`;
      const cells: string[] = [];
      for (const tool of tools) {
        const { ms, cpuMs } = await runOnce(tool, tool.invocation(projects, label), expected);
        if (!warm) {
          times.get(tool.name)!.push(ms);
          if (cpuMs !== null) cpuTimes.get(tool.name)!.push(cpuMs);
        }
        cells.push(`${tool.name} ${(ms / 1000).toFixed(2)} s`);
      }
      const load = os.loadavg()[0]!;
      if (!warm) roundLoads.push(load);
      process.stdout.write(`  ${label.padEnd(9)} ${cells.join('  ')}  (load ${load.toFixed(2)})\n`);
    }
  } finally {
    if (options.keep) process.stdout.write(`  kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }

  const loadAfter = os.loadavg()[0]!;
  const rows: ToolRow[] = tools.map((tool) => {
    const cpu = cpuTimes.get(tool.name)!;
    return { name: tool.name, wall: timeStats(times.get(tool.name)!), cpu: cpu.length ? timeStats(cpu) : null };
  });
  const byName = (name: string): ToolRow => rows.find((row) => row.name === name)!;
  const versus = (name: string) => {
    const own = byName('tollgate');
    const other = byName(name);
    return { wall: ratio(own.wall, other.wall), cpu: own.cpu && other.cpu ? ratio(own.cpu, other.cpu) : null };
  };
  const versusNode = versus('node --test');
  const versusVitest = versus('vitest');
  const met = versusNode.wall <= TARGET_RATIO;
  process.stdout.write('\n' + formatTable(rows, 'tollgate') + '\n');
  // Other work on the machine slows the per-file tools most; the load average tells a reader how quiet the run was.
  process.stdout.write(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${os.cpus().length} cores\n`);
  process.stdout.write(`target: tollgate <= ${TARGET_RATIO}x of node --test: ${met ? 'met' : 'MISSED'}\n`);

  const cpus = os.cpus();
  const results = {
    benchmark: 'runner-overhead',
    date: new Date().toISOString(),
    command: 'npx tsx bench/runner-overhead.ts' + (options.runs !== 5 ? ` --runs ${options.runs}` : '') + (options.warmup !== 1 ? ` --warmup ${options.warmup}` : ''),
    machine: { platform: `${os.platform()} ${os.release()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage1m: { before: round2(loadBefore), after: round2(loadAfter) } },
    versions: { tollgate: versionOf(repoRoot), vitest: versionOf(path.join(repoRoot, 'node_modules/vitest')), tsx: versionOf(path.join(repoRoot, 'node_modules/tsx')) },
    workload: { tests: expected, files: FILES, testsPerFile: TESTS_PER_FILE, concurrency: CONCURRENCY, warmupRounds: options.warmup, timedRounds: options.runs },
    unit: 'ms',
    loadAverage1mPerRound: roundLoads.map(round2),
    tools: Object.fromEntries(
      rows.map(({ name, wall, cpu }) => [
        name,
        { median: round(wall.median), min: round(wall.min), max: round(wall.max), runs: wall.runs.map(round), cpu: cpu ? { median: round(cpu.median), runs: cpu.runs.map(round) } : null },
      ]),
    ),
    // Wall-time ratios decide the target; CPU-time ratios are the cross-check that other load on the machine moves least.
    ratios: {
      tollgateToNodeTest: { wall: ratio4(versusNode.wall), cpu: versusNode.cpu === null ? null : ratio4(versusNode.cpu) },
      tollgateToVitest: { wall: ratio4(versusVitest.wall), cpu: versusVitest.cpu === null ? null : ratio4(versusVitest.cpu) },
    },
    target: { tollgateToNodeTestAtMost: TARGET_RATIO, met },
  };
  fs.mkdirSync(path.dirname(options.results), { recursive: true });
  fs.writeFileSync(options.results, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`results written to ${path.relative(process.cwd(), options.results) || options.results}\n`);
  // A missed target is a finding to report, not a broken benchmark: exit 0 either way.
  return 0;
}

function round(ms: number): number {
  return Math.round(ms);
}

function ratio4(value: number): number {
  return Number(value.toFixed(4));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`runner-overhead: ${error.message}\n`);
    process.exit(1);
  },
);

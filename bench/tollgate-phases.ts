// Where tollgate's wall time goes on the runner-overhead workload (1,000
// trivial tests in 100 files, 2 workers): fixed start-up costs measured on
// their own, then the phases of a full run read from its events.ndjson.
// Every process also reports its own CPU time (all threads), so the CLI's
// share and each worker's show apart. With --cpu-prof DIR, one more run
// profiles the CLI and every worker.
//
//   npx tsx bench/tollgate-phases.ts [--runs 5] [--cpu-prof DIR] [--keep]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarizeProfile } from './overhead/profile-summary.ts';
import { timeStats } from './overhead/summarize.ts';
import { writeProjects, type BenchProjects } from './overhead/write-projects.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'framework/cli/bin.js');

const cpuPreload = path.join(repoRoot, 'bench/overhead/cpu-preload.mjs');

interface Timed {
  exitCode: number | null;
  startedAt: number;
  firstStdoutMs: number | null;
  ms: number;
  /** CPU milliseconds per process that ran, as each reported it at exit. */
  cpu: Array<{ script: string; cpuMs: number }>;
}

let cpuLogs = 0;

function timed(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const cpuLog = path.join(os.tmpdir(), `tollgate-phases-cpu-${process.pid}-${cpuLogs++}.ndjson`);
  const nodeOptions = [process.env.NODE_OPTIONS, extraEnv.NODE_OPTIONS, `--import ${cpuPreload}`].filter(Boolean).join(' ');
  const env = { ...process.env, ...extraEnv, NODE_OPTIONS: nodeOptions, TOLLGATE_BENCH_CPU_LOG: cpuLog };
  const readCpu = () => {
    if (!fs.existsSync(cpuLog)) return [];
    const lines = fs.readFileSync(cpuLog, 'utf8').trim().split('\n').filter(Boolean);
    fs.rmSync(cpuLog);
    return lines.map((line) => JSON.parse(line) as { script: string; cpuMs: number });
  };
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    let firstStdoutMs: number | null = null;
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', () => (firstStdoutMs ??= performance.now() - started));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, startedAt, firstStdoutMs, ms: performance.now() - started, cpu: readCpu() }));
  });
}

function runArgs(output: string): string[] {
  return [bin, 'run', 'tests', '--workers', '2', '--reporter', 'console', '--output', output];
}

/** Milliseconds from the spawn to each phase boundary of a full run, read from its events. */
function phasesOf(run: Timed, runDir: string): Record<string, number> {
  const events = fs
    .readFileSync(path.join(runDir, 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; time: string });
  const at = (event: { time: string } | undefined, name: string) => {
    if (!event) throw new Error(`events.ndjson in ${runDir} has no ${name} event`);
    return Date.parse(event.time) - run.startedAt;
  };
  const runBegin = at(events.find((e) => e.type === 'run.begin'), 'run.begin');
  const firstTest = at(events.find((e) => e.type === 'test.begin'), 'test.begin');
  const lastTestEnd = at(events.findLast((e) => e.type === 'test.end'), 'test.end');
  return {
    'spawn → run.begin (CLI start, config, plan)': runBegin,
    'run.begin → first test.begin (workers start)': firstTest - runBegin,
    'first test.begin → last test.end (tests)': lastTestEnd - firstTest,
    'last test.end → exit (verdict, flush, exit)': run.ms - lastTestEnd,
  };
}

async function measure(projects: BenchProjects, runs: number) {
  const cwd = projects.tollgateDir;
  const fixed: Record<string, string[]> = {
    'node -e ""': ['-e', ''],
    'node --import tsx -e ""': ['--import', 'tsx', '-e', ''],
    'tollgate --version (tsx + CLI modules)': [bin, '--version'],
    'tollgate run --list (+ config, plan: loads all 100 files)': [bin, 'run', 'tests', '--list'],
  };
  const samples = new Map<string, { wall: number[]; cpu: number[] }>();
  const add = (name: string, wall: number, cpu = NaN) => {
    const entry = samples.get(name) ?? { wall: [], cpu: [] };
    entry.wall.push(wall);
    entry.cpu.push(cpu);
    samples.set(name, entry);
  };
  const cpuOf = (run: Timed, script?: string) => run.cpu.filter((p) => !script || p.script === script).reduce((sum, p) => sum + p.cpuMs, 0);
  for (let round = 1; round <= runs; round++) {
    for (const [name, args] of Object.entries(fixed)) {
      const run = await timed(args, cwd);
      if (run.exitCode !== 0) throw new Error(`${name} exited with ${run.exitCode}`);
      add(name, run.ms, cpuOf(run));
    }
    const output = path.join(projects.runsDir, `phases-${round}`);
    const run = await timed(runArgs(output), cwd);
    if (run.exitCode !== 0) throw new Error(`tollgate run exited with ${run.exitCode}; rerun with --keep and look at ${output}`);
    add('tollgate run (whole; cpu: all processes)', run.ms, cpuOf(run));
    add('  cpu of the CLI process', NaN, cpuOf(run, 'bin.js'));
    const workers = run.cpu.filter((p) => p.script === 'worker-main.ts');
    add(`  cpu of the ${workers.length} workers (sum)`, NaN, cpuOf(run, 'worker-main.ts'));
    add('  spawn → first console line', run.firstStdoutMs ?? NaN);
    for (const [name, ms] of Object.entries(phasesOf(run, output))) add('  ' + name, ms);
  }
  return samples;
}

async function profile(projects: BenchProjects, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const preload = path.join(repoRoot, 'bench/overhead/profile-preload.mjs');
  const before = new Set(fs.readdirSync(dir));
  const run = await timed(runArgs(path.join(projects.runsDir, 'profiled')), projects.tollgateDir, { TOLLGATE_BENCH_PROFILE_DIR: dir, NODE_OPTIONS: `--import ${preload}` });
  process.stdout.write(`\nprofiled run: ${(run.ms / 1000).toFixed(2)} s (the profiler slows it), profiles in ${dir}\n`);
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && !before.has(name))) {
    const summary = summarizeProfile(path.join(dir, file), repoRoot);
    process.stdout.write(`  ${file}: ${summary.spanMs.toFixed(0)} ms profiled, self time by place:\n`);
    for (const { bucket, ms } of summary.buckets.slice(0, 10)) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${bucket}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'cpu-prof': { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of at least 1, not "${values.runs}"`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-phases-'));
  try {
    const projects = writeProjects(root, repoRoot, { files: 100, testsPerFile: 10 });
    process.stdout.write(`tollgate-phases: 1000 tests in 100 files, 2 workers, ${runs} round(s); load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores\n\n`);
    const samples = await measure(projects, runs);
    const width = Math.max(...[...samples.keys()].map((name) => name.length));
    const cell = (values: number[], pick: 'median' | 'min' | 'max', size: number) => (Number.isNaN(values[0]) ? '' : timeStats(values)[pick].toFixed(0)).padStart(size);
    process.stdout.write(`${'step'.padEnd(width)}  wall median  min ms  max ms  cpu median\n`);
    for (const [name, { wall, cpu }] of samples) {
      process.stdout.write(`${name.padEnd(width)}  ${cell(wall, 'median', 11)}  ${cell(wall, 'min', 6)}  ${cell(wall, 'max', 6)}  ${cell(cpu, 'median', 10)}\n`);
    }
    process.stdout.write(`load average after: ${os.loadavg()[0]!.toFixed(2)}\n`);
    if (values['cpu-prof']) await profile(projects, path.resolve(values['cpu-prof']));
  } finally {
    if (values.keep) process.stdout.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`tollgate-phases: ${error.message}\n`);
  process.exit(1);
});

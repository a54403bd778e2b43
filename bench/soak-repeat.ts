/**
 * The promote gate's soak, run again and again (issue 6, item 8): the
 * healthy reference POD must pass it every time, and the leak fault must
 * fail it. Each round is the command a user types, in this repository:
 *
 *   npx tollgate run --gate promote --duration 60s
 *
 * and its verdict's soak rule is read from verdict.json (the memory slope
 * it measured, against its limit).
 *
 *   npx tsx bench/soak-repeat.ts [--runs 10] [--leakRuns 1] [--duration 60s]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, loadAverage } from './traffic-bench-support.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = flags({ runs: 10, leakRuns: 1, duration: '60s' });

interface Round {
  faults: string;
  exitCode: number | null;
  status: string;
  seconds: number;
  soak: string;
}

function round(faults: string, index: number): Promise<Round> {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), `tollgate-soak-repeat-${index}-`));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['framework/cli/bin.js', 'run', '--gate', 'promote', '--duration', String(options.duration), '--reporter', 'json', '--output', output], {
      cwd: repoRoot,
      env: { ...process.env, TOLLGATE_POD_FAULTS: faults, TOLLGATE_ARCHIVE: path.join(output, 'archive.db') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const file = path.join(output, 'verdict.json');
      const verdict = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { status: string; rules: { rule: string; message: string }[] }) : undefined;
      const soak = verdict?.rules.filter((rule) => rule.rule === 'soak').map((rule) => rule.message).join('; ') ?? `no verdict.json: ${stderr.slice(-300)}`;
      fs.rmSync(output, { recursive: true, force: true });
      resolve({ faults: faults || 'none', exitCode, status: verdict?.status ?? 'none', seconds: Math.round((performance.now() - started) / 100) / 10, soak });
    });
  });
}

const rounds: Round[] = [];
const plan = [...Array.from({ length: Number(options.runs) }, () => ''), ...Array.from({ length: Number(options.leakRuns) }, () => 'leak')];
console.log(`soak-repeat: --gate promote --duration ${options.duration}, ${options.runs} healthy + ${options.leakRuns} leak round(s); load average ${await loadAverage()}`);
console.log('| # | faults | exit | verdict | seconds | soak rule |\n|---|---|---|---|---|---|');
for (const [i, faults] of plan.entries()) {
  const r = await round(faults, i);
  rounds.push(r);
  console.log(`| ${i + 1} | ${r.faults} | ${r.exitCode} | ${r.status} | ${r.seconds} | ${r.soak} |`);
}
const healthy = rounds.filter((r) => r.faults === 'none');
const leak = rounds.filter((r) => r.faults === 'leak');
const summary = {
  duration: options.duration,
  healthyPassed: `${healthy.filter((r) => r.exitCode === 0).length}/${healthy.length}`,
  leakFailed: `${leak.filter((r) => r.exitCode === 1 && r.status === 'FAIL').length}/${leak.length}`,
  loadAverage: await loadAverage(),
};
console.log(JSON.stringify(summary, null, 2));
fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(repoRoot, 'bench/results/soak-repeat.json'), JSON.stringify({ summary, rounds }, null, 2) + '\n');

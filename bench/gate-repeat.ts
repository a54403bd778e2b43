/**
 * Every gate, run again and again against the reference POD (issues 6 and
 * 13): the healthy POD must pass each gate every time (no false FAIL), and
 * each POD fault must be caught by the gate meant for it (no false PASS).
 * Each round is the command a user types, in this repository:
 *
 *   npx tollgate run --gate <gate> [--duration 60s]
 *
 * with TOLLGATE_POD_FAULTS set for the fault rounds; the verdict is read
 * from verdict.json, and the rules that were not PASS are quoted.
 *
 *   npx tsx bench/gate-repeat.ts [--merge 20] [--deploy 5] [--promote 5] [--faults 1] [--duration 60s]
 *
 * `--faults N` runs each fault N times on its gate (0: none), for the gates
 * that run at all. Results go to
 * bench/results/gate-repeat.json. A round whose exit code is 0 with a fault
 * on, or non-zero on the healthy POD, is a false verdict: the script says so
 * and exits 1. A healthy round that ends in ERROR naming the generator
 * (issue 13, item 8: the machine could not hold the load) is counted apart:
 * not a false verdict, but not a pass either.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, loadAverage, median } from './traffic-bench-support.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const options = flags({ merge: 20, deploy: 5, promote: 5, faults: 1, duration: '60s' });

/** README "Environments and the reference POD": which gate catches which fault. */
const FAULTS: Record<string, string[]> = { merge: ['schema', 'portal'], deploy: ['latency', 'errors'], promote: ['leak'] };

interface Round {
  gate: string;
  faults: string;
  exitCode: number | null;
  status: string;
  seconds: number;
  /** The rules that were not PASS, with their messages. */
  reasons: string;
}

function round(gate: string, faults: string, index: number): Promise<Round> {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), `tollgate-gate-repeat-${index}-`));
  const started = performance.now();
  const args = ['framework/cli/bin.js', 'run', '--gate', gate, '--reporter', 'json', '--output', path.join(output, 'run')];
  if (gate === 'promote') args.push('--duration', String(options.duration));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, TOLLGATE_POD_FAULTS: faults, TOLLGATE_ARCHIVE: path.join(output, 'archive.db') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const file = path.join(output, 'run', 'verdict.json');
      const verdict = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { status: string; rules: { rule: string; outcome: string; message: string; tests?: string[] }[] }) : undefined;
      const reasons = verdict
        ? verdict.rules.filter((rule) => rule.outcome !== 'pass').map((rule) => `${rule.rule}: ${rule.message}${rule.tests?.length ? ` (${rule.tests.slice(0, 3).join(', ')})` : ''}`).join('; ').replace(/\s+/g, ' ').slice(0, 400)
        : `no verdict.json: ${stderr.slice(-300)}`;
      fs.rmSync(output, { recursive: true, force: true });
      resolve({ gate, faults: faults || 'none', exitCode, status: verdict?.status ?? 'none', seconds: Math.round((performance.now() - started) / 100) / 10, reasons });
    });
  });
}

const plan: { gate: string; faults: string }[] = [];
for (const gate of ['merge', 'deploy', 'promote'] as const) {
  for (let i = 0; i < Number(options[gate]); i++) plan.push({ gate, faults: '' });
  // A gate left out (`--deploy 0`) is left out with its faults.
  if (Number(options[gate]) > 0) for (const fault of FAULTS[gate]!) for (let i = 0; i < Number(options.faults); i++) plan.push({ gate, faults: fault });
}

const rounds: Round[] = [];
console.log(`gate-repeat: ${plan.length} rounds (merge ${options.merge}, deploy ${options.deploy}, promote ${options.promote} of ${options.duration}, each fault ${options.faults}); ${os.cpus().length} cores, load average ${await loadAverage()}`);
console.log('| # | gate | faults | exit | verdict | seconds | rules not PASS |\n|---|---|---|---|---|---|---|');
for (const [i, { gate, faults }] of plan.entries()) {
  const r = await round(gate, faults, i);
  rounds.push(r);
  console.log(`| ${i + 1} | ${r.gate} | ${r.faults} | ${r.exitCode} | ${r.status} | ${r.seconds} | ${r.reasons} |`);
}

const inconclusive = (r: Round) => r.status === 'ERROR' && /generator/i.test(r.reasons);
const falseVerdicts = rounds.filter((r) => (r.faults === 'none' ? r.exitCode !== 0 && !inconclusive(r) : r.exitCode === 0 || r.status === 'PASS'));
const summary = Object.fromEntries(
  ['merge', 'deploy', 'promote'].map((gate) => {
    const healthy = rounds.filter((r) => r.gate === gate && r.faults === 'none');
    const faulty = rounds.filter((r) => r.gate === gate && r.faults !== 'none');
    return [gate, {
      healthyPassed: `${healthy.filter((r) => r.exitCode === 0).length}/${healthy.length}`,
      healthyInconclusive: healthy.filter(inconclusive).length,
      faultsCaught: `${faulty.filter((r) => r.exitCode === 1 && r.status === 'FAIL').length}/${faulty.length}`,
      medianSeconds: healthy.length ? median(healthy.map((r) => r.seconds)) : null,
    }];
  }),
);
const result = { summary, falseVerdicts: falseVerdicts.length, duration: options.duration, loadAverage: await loadAverage(), at: new Date().toISOString() };
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(repoRoot, 'bench/results/gate-repeat.json'), JSON.stringify({ ...result, rounds }, null, 2) + '\n');
if (falseVerdicts.length) {
  console.log(`FALSE VERDICTS: ${falseVerdicts.map((r) => `${r.gate}/${r.faults} → ${r.status} (exit ${r.exitCode})`).join(', ')}`);
  process.exitCode = 1;
}

/**
 * The config is user code that runs in the tollgate process itself, and a
 * loop there that never yields starved the run: no SIGTERM handler, no run
 * guard and no timer could run, so the run never ended and wrote no verdict
 * (issue 13, item 1). `tollgate run` now runs under a supervisor that runs
 * no user code (framework/cli/supervise-run.js): it kills such a process
 * and concludes the run from its events, never as PASS.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isProcessAlive } from '../framework/archive/process-alive.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/** A run stuck for ever fails the test instead of hanging it. */
const GIVE_UP_MS = 60_000;

/**
 * A config whose timer spins for ever once the slow test has begun (it
 * writes `started`), after the failing test ended: the run has begun, and a
 * result is on record. The config writes its process's pid to `run.pid`.
 */
const PROJECT = {
  'tollgate.config.ts': `import { existsSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tollgate';
writeFileSync('run.pid', String(process.pid));
const timer = setInterval(() => {
  if (!existsSync('started') || existsSync('no-spin')) return;
  clearInterval(timer);
  console.log('config spins');
  for (;;) {}
}, 50);
timer.unref();
export default defineConfig({ suites: [{ name: 'unit', kind: 'unit', runner: 'native', files: '*.spec.ts' }] });
`,
  'a.spec.ts': `import { writeFileSync } from 'node:fs';
import { test } from 'tollgate';
test('fails', () => { throw new Error('boom'); });
test('slow', async () => { writeFileSync('started', ''); await new Promise((r) => setTimeout(r, 20_000)); });
`,
};

const ARGS = ['run', '--workers', '1', '--reporter', 'console', '--reporter', 'junit=junit.xml'];

interface Acted {
  result: InlineResult;
  /** ms from the act to the end of the process and of everything holding its output. */
  afterAct: number;
}

/** Runs the project; `act(child, dir)` once the output matches `when`. */
async function runUntil(when: RegExp, act: (child: ChildProcess, dir: string) => void, options: { env?: Record<string, string>; files?: Record<string, string> } = {}): Promise<Acted> {
  const dir = writeProject({ ...PROJECT, ...options.files });
  let actedAt = 0;
  let endedAt = 0;
  const result = await runCli(dir, ARGS, {
    env: options.env,
    onSpawn: (child, output) => {
      const giveUp = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_MS);
      const timer = setInterval(() => {
        if (!actedAt && when.test(output())) {
          actedAt = Date.now();
          act(child, dir);
        }
      }, 50);
      child.on('close', () => {
        endedAt = Date.now();
        clearInterval(timer);
        clearTimeout(giveUp);
      });
    },
  });
  return { result, afterAct: actedAt ? endedAt - actedAt : Number.NaN };
}

const runPid = (dir: string) => Number(readFileSync(join(dir, 'run.pid'), 'utf8'));

/** The verdict, the failed test's result from before the end, JUnit with the failure, events.ndjson ending as a run's does. */
function assertConcluded(result: InlineResult, status: string, reason: RegExp): void {
  const verdict = result.verdict();
  assert.equal(verdict.status, status, result.output);
  assert.match(verdict.rules.map((r) => r.message).join('\n'), reason);
  assert.ok(result.events().some((e) => e.type === 'test.end' && e.outcome === 'failed'), 'the failed test is kept');
  const junit = readFileSync(join(result.dir, 'junit.xml'), 'utf8');
  assert.match(junit, /<failure[^>]*>/, `JUnit carries the failure:\n${junit}`);
  assert.deepEqual(result.events().slice(-2).map((e) => e.type), ['verdict', 'run.end'], 'events.ndjson ends as a run ends');
}

test('SIGTERM while the config spins in a synchronous loop: exit 4 within 10 s, verdict INTERRUPTED, JUnit written', async () => {
  const { result, afterAct } = await runUntil(/config spins/, (child) => child.kill('SIGTERM'));
  assert.equal(result.signal, null, result.output);
  assert.equal(result.exitCode, 4, result.output);
  assert.ok(afterAct < 10_000, `the run took ${afterAct} ms to end after SIGTERM`);
  assertConcluded(result, 'INTERRUPTED', /had not exited [\d.]+ s after SIGTERM/);
  assert.ok(!isProcessAlive(runPid(result.dir)), "the run's process is gone");
});

test('the config spins and nobody signals: the silent run process is killed after TOLLGATE_STALL_TIMEOUT, verdict ERROR, exit 1', async () => {
  const { result } = await runUntil(/config spins/, () => {}, { env: { TOLLGATE_STALL_TIMEOUT: '6s' } });
  assert.equal(result.exitCode, 1, result.output);
  assertConcluded(result, 'ERROR', /did not answer for 6 s/);
});

test("the run's process killed with SIGKILL mid-run (the kernel's OOM killer, say): verdict ERROR naming the signal, exit 1", async () => {
  const { result } = await runUntil(/✘ .*fails/, (_child, dir) => process.kill(runPid(dir), 'SIGKILL'), { files: { 'no-spin': '' } });
  assert.equal(result.exitCode, 1, result.output);
  assertConcluded(result, 'ERROR', /killed by SIGKILL/);
});

test('the supervisor killed with SIGKILL (its process group killed by CI, say): the run ends by itself within 10 s, INTERRUPTED, JUnit written', async () => {
  // 'close' waits for the output pipes, which the run's process holds: afterAct is until it ended too.
  const { result, afterAct } = await runUntil(/✘ .*fails/, (child) => child.kill('SIGKILL'), { files: { 'no-spin': '' } });
  assert.equal(result.signal, 'SIGKILL');
  assert.ok(afterAct < 10_000, `the run's process took ${afterAct} ms to end after its supervisor died`);
  assertConcluded(result, 'INTERRUPTED', /interrupted/);
  assert.ok(!isProcessAlive(runPid(result.dir)), "the run's process is gone");
});

test('a TOLLGATE_STALL_TIMEOUT that is not a length: exit 2 naming it, nothing run', async () => {
  const dir = writeProject(PROJECT);
  const result = await runCli(dir, ARGS, { env: { TOLLGATE_STALL_TIMEOUT: 'soon' } });
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /TOLLGATE_STALL_TIMEOUT: expected a length like 120s or 5m, got "soon"/);
  assert.doesNotMatch(result.output, /\n\s+at /, 'no stack trace');
  assert.ok(!existsSync(join(dir, 'run.pid')), 'the config was not loaded');
});

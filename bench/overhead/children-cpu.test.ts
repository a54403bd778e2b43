import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { childrenCpuSeconds, cpuSecondsFromStat } from './children-cpu.ts';

test('cpuSecondsFromStat reads fields 16 and 17 even when the command name holds spaces and parentheses', () => {
  const stat = '42 (my (odd) cmd) S 1 42 42 0 -1 4194304 10 20 0 0 7 3 250 50 20 0 1 0 100 0 0';
  assert.equal(cpuSecondsFromStat(stat, 100), 3);
});

test('childrenCpuSeconds grows by the CPU a finished child burned', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const before = childrenCpuSeconds()!;
  // Spin on the child's own CPU clock, not the wall clock, so a busy machine cannot shorten it.
  spawnSync(process.execPath, ['-e', 'const u = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; }; const end = u() + 0.3; while (u() < end);']);
  const spent = childrenCpuSeconds()! - before;
  assert.ok(spent >= 0.29 && spent < 5, `expected about 0.3 s of child CPU, got ${spent}`);
});

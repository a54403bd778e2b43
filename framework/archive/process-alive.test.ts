import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { isProcessAlive } from './process-alive.ts';

test('a zombie is not alive: it has ended, though its pid still answers kill(pid, 0)', { skip: process.platform !== 'linux' && 'zombies are read from /proc' }, async () => {
  // `sleep 0.1` ends under a parent (exec'd into `sleep 3`) that never waits for it: a zombie until that parent ends.
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 3'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d).trim()))));
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.doesNotThrow(() => process.kill(pid, 0), 'the zombie still has its pid');
    assert.equal(isProcessAlive(pid), false);
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isProcessAlive(parent.pid!), true);
  } finally {
    parent.kill('SIGKILL');
  }
});

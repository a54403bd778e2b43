import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runSoak, type SoakCheckpoint } from '../drivers/soak/index.ts';

const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'drivers', 'soak', 'index.ts');

test('a soak killed with SIGKILL resumes from its checkpoint as one soak, the gap recorded', { timeout: 60_000 }, async () => {
  const server = createServer((req, res) => res.end(req.url === '/metrics' ? 'process_resident_memory_bytes 1000000\n' : 'ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-soak-resume-'));
  const checkpoint = path.join(dir, 'soak.json');
  const options = { name: 'resumable', duration: '6s', window: '1s', load: { rate: 20 }, criteria: { memorySlope: '1MB/h' }, checkpoint };
  const endpoints = { api: base, metrics: `${base}/metrics` };
  try {
    const script = `import { runSoak } from ${JSON.stringify(INDEX)}; await runSoak(${JSON.stringify(options)}, { endpoints: ${JSON.stringify(endpoints)} });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
    // Kill it once two windows are checkpointed, mid-soak.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          if ((JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as SoakCheckpoint).windows.length >= 2) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch { /* not written yet */ }
      }, 50);
      child.on('exit', (code) => { clearInterval(timer); reject(new Error(`the soak ended by itself (exit ${code}) before it was killed`)); });
    });
    const killed = JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as SoakCheckpoint;
    assert.ok(killed.windows.length >= 2 && killed.windows.length < 6, `checkpointed ${killed.windows.length} windows`);
    await new Promise((r) => setTimeout(r, 500));

    const result = await runSoak(options, { endpoints });
    assert.equal(result.windows.length, 6, 'the resumed soak ends with all its windows');
    assert.deepEqual(result.windows.map((w) => w.index), [0, 1, 2, 3, 4, 5]);
    assert.equal(result.gaps.length, 1);
    assert.equal(result.gaps[0]!.afterWindow, killed.windows.length);
    assert.ok(result.gaps[0]!.ms >= 500, `gap ${result.gaps[0]!.ms} ms`);
    assert.ok(result.windows.every((w, i) => i === 0 || w.end > result.windows[i - 1]!.end), 'one clock across the restart');
    assert.equal(result.passed, true, JSON.stringify(result.criteria));
    assert.equal(fs.existsSync(checkpoint), false, 'a finished soak leaves no checkpoint to resume');
    fs.writeFileSync(checkpoint, JSON.stringify({ ...killed, name: 'resumable' }));
    await assert.rejects(runSoak({ ...options, name: 'another' }, { endpoints }), /belongs to another soak \(resumable, 1000 ms windows\); delete it/);
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { bucketOf, summarizeProfile } from './profile-summary.ts';

test('bucketOf names V8 pseudo-frames, packages, node modules, tollgate folders and test files', () => {
  const repo = '/work/main';
  assert.equal(bucketOf('', '(idle)', repo), '(idle)');
  assert.equal(bucketOf('', 'compileFunction', repo), '(native)');
  assert.equal(bucketOf('file:///work/main/node_modules/@jest/diff/build/index.js', 'f', repo), 'npm @jest/diff');
  assert.equal(bucketOf('file:///work/main/node_modules/expect/build/index.js', 'f', repo), 'npm expect');
  assert.equal(bucketOf('node:internal/modules/esm/loader', 'f', repo), 'node internal/modules');
  assert.equal(bucketOf('file:///work/main/framework/run/worker-main.ts', 'f', repo), 'tollgate framework/run');
  assert.equal(bucketOf('file:///tmp/x/tollgate/tests/file-001.spec.ts', 'f', repo), 'test files');
});

test('summarizeProfile adds each sample\'s duration to its bucket, largest first', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 3] },
      { id: 2, callFrame: { functionName: '(idle)', url: '' } },
      { id: 3, callFrame: { functionName: 'run', url: 'file:///repo/framework/run/a.ts' } },
    ],
    startTime: 0,
    endTime: 10_000,
    samples: [2, 3, 3, 2],
    // Microseconds before each sample: sample i lasts timeDeltas[i + 1].
    timeDeltas: [0, 1000, 2000, 4000],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-summary-')), 'x.cpuprofile');
  fs.writeFileSync(file, JSON.stringify(profile));
  const summary = summarizeProfile(file, '/repo');
  assert.equal(summary.spanMs, 10);
  assert.deepEqual(summary.buckets, [
    { bucket: 'tollgate framework/run', ms: 6 },
    { bucket: '(idle)', ms: 1 },
  ]);
});

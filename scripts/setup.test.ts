import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A PATH with sh, node and a dpkg-query that knows no package, and no apt-get: a machine tollgate cannot install on. */
function machineWithoutPackages(): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-nopkg-'));
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.writeFileSync(path.join(bin, 'dpkg-query'), '#!/bin/sh\necho "dpkg-query: no packages found matching $3" >&2\nexit 1\n', { mode: 0o755 });
  return bin;
}

for (const [command, script, wants] of [['npm start', 'start.mjs', ['chromium']], ['npm test', 'test.mjs', ['chromium', 'libpcap-dev', 'python3-scapy', 'openvswitch-switch', 'postgresql']]] as const) {
  test(`${command} on a machine it cannot install on stops before running anything, with exit 3 and the command to run`, () => {
    const bin = machineWithoutPackages();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script)], { cwd: ROOT, encoding: 'utf8', env: { PATH: bin, HOME: os.tmpdir() }, timeout: 60_000 });
    assert.equal(run.status, 3, run.stderr + run.stdout);
    const install = /apt-get install -y --no-install-recommends (.+)/.exec(run.stderr)?.[1]?.split(' ') ?? [];
    for (const name of wants) assert.ok(install.includes(name), `the command installs ${name}: ${run.stderr}`);
    if (command === 'npm start') assert.deepEqual(install, ['chromium'], 'npm start asks only for what the merge gate needs');
    assert.match(run.stderr, /cannot install them here \(no apt-get\)/);
    assert.doesNotMatch(run.stdout + run.stderr, /Running|passed|npm ci/, 'nothing ran');
  });
}

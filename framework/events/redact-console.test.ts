import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs `body` in a fresh process with the console redacted for 'hunter2'; returns what reached its stdout and stderr. */
function run(body: string): { stdout: string; stderr: string } {
  const script = `
    import { redactConsole } from './redact-console.ts';
    import { Redactor } from './redactor.ts';
    const release = redactConsole(new Redactor(['hunter2']));
    ${body}
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: HERE, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return { stdout: child.stdout, stderr: child.stderr };
}

test('what the process prints is redacted, whole, in pieces, as bytes, and what is held is written at exit', () => {
  const { stdout, stderr } = run(`
    console.log('whole: hunter2');
    process.stdout.write('pieces: hun');
    process.stdout.write(Buffer.from('ter2\\n'));
    process.stderr.write('err: h');
    process.stderr.write('unter2 and hun');
  `);
  assert.equal(stdout, 'whole: [REDACTED]\npieces: [REDACTED]\n');
  assert.equal(stderr, 'err: [REDACTED] and hun', 'the piece held at exit is written then');
});

test('released, the streams write as before, after what was held', () => {
  const { stdout } = run(`
    process.stdout.write('held: hun');
    release();
    process.stdout.write('ter2\\n');
  `);
  assert.equal(stdout, 'held: hunter2\n', 'after release nothing is redacted; the held piece came first');
});

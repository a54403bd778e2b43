import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StderrTail } from './stderr-tail.ts';

describe('StderrTail', () => {
  const tail = new StderrTail();
  tail.push('warning from test/a.tap.ts: slow\n\n');
  tail.push('node:internal/modules/run_main:123\n    triggerUncaughtException(\n    ^\n');
  tail.push('Error: Unable to compile TypeScript:\ntest/b.tap.ts(3,36): error TS1135: Argument expression expected.\n    at async nextLoad (node:internal/modules/esm/hooks:864:22)\n');

  it('picks the paragraphs that name a file, without stack frames or node preamble', () => {
    assert.equal(tail.excerptFor(['test/b.tap.ts']), 'Error: Unable to compile TypeScript:\ntest/b.tap.ts(3,36): error TS1135: Argument expression expected.');
    assert.equal(tail.excerptFor(['test/a.tap.ts']), 'warning from test/a.tap.ts: slow');
    assert.equal(tail.excerptFor(['test/c.tap.ts']), undefined);
  });

  it('gives the last lines, and says how many came before', () => {
    const long = new StderrTail();
    for (let i = 1; i <= 20; i++) long.push(`line ${i}\n`);
    const last = long.last()!.split('\n');
    assert.equal(last[0], '… 5 earlier lines in the suite log');
    assert.deepEqual(last.slice(1, 3), ['line 6', 'line 7']);
    assert.equal(last.at(-1), 'line 20');
    assert.equal(new StderrTail().last(), undefined);
  });
});

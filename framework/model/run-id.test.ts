import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIdProblem } from './run-id.ts';

test('run ids are names: letters, digits, ".", "_", "-", not starting with a dot, at most 128 characters', () => {
  for (const good of ['pipeline-1234', 'nightly_2026.12.06', '2026-11-27T10-31-05-123Z-ab12', 'a', 'x'.repeat(128), 'run.instance-2', '-x', '_x']) {
    assert.equal(runIdProblem(good), undefined, good);
  }
  const bad: [string, RegExp][] = [
    ['', /is empty/],
    ['.', /starts with a dot/],
    ['..', /starts with a dot/],
    ['../../x', /starts with a dot/],
    ['.hidden', /starts with a dot/],
    ['a/b', /characters other than/],
    ['a\\b', /characters other than/],
    ['a b', /characters other than/],
    ['x\0', /characters other than/],
    ['é', /characters other than/],
    ['x'.repeat(129), /129 characters long/],
  ];
  for (const [id, problem] of bad) assert.match(runIdProblem(id) ?? '', problem, JSON.stringify(id));
});

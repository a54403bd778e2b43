import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryUntil } from './expect-retry.ts';

test('retryUntil: returns once the attempt passes, waiting the intervals between tries', async () => {
  let tries = 0;
  await retryUntil(async () => { if (++tries < 3) throw new Error('not yet'); }, { intervals: [1] }, 'poll', new Error());
  assert.equal(tries, 3);
});

test('retryUntil: at the timeout, throws the last failure, named, with the caller\'s frames', async () => {
  let tries = 0;
  const callsite = new Error();
  await assert.rejects(
    retryUntil(async () => { throw new Error(`try ${++tries}`); }, { timeout: 60, intervals: [10, 20] }, 'toPass', callsite),
    (error: Error) => {
      assert.match(error.message, new RegExp(`^toPass: timeout 60ms exceeded after ${tries} tries\\.\\n\\ntry ${tries}$`));
      assert.ok(tries >= 2, `tried ${tries} times`);
      assert.ok(error.stack?.includes('expect-retry.test.ts'), error.stack);
      return true;
    },
  );
});

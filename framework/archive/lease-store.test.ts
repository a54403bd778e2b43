import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { LeaseStore, type LeaseHolder } from './lease-store.ts';

const holder = (runId: string): LeaseHolder => ({ runId, host: 'h', pid: 1, shard: null });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`LeaseStore on ${backend}`, () => {
    const open = () => {
      if (backend === 'postgres') return LeaseStore.open({ rootDir: os.tmpdir(), url: db.url });
      return LeaseStore.open({ rootDir: os.tmpdir(), url: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-lease-')), 'archive.db') });
    };

    test('a held lease is refused to others, renewed by its holder, and taken over once it expired', async () => {
      const store = await open();
      try {
        const r = `bed-${Math.random()}`;
        const first = await store.tryAcquire(r, 't1', holder('run-1'), 300);
        assert.equal(first.acquired, true);
        await store.record({ resource: r, token: 't1', ...holder('run-1'), requestedAt: new Date().toISOString(), acquiredAt: new Date().toISOString(), endedAt: null, state: 'held', waitedMs: 0, tookOverFrom: null });
        const refused = await store.tryAcquire(r, 't2', holder('run-2'), 300);
        assert.equal(refused.acquired, false);
        assert.equal(!refused.acquired && refused.holder.runId, 'run-1');
        assert.deepEqual(await store.renew('t1', [r], 300), [r]);
        await sleep(400);
        const taken = await store.tryAcquire(r, 't2', holder('run-2'), 10_000);
        assert.equal(taken.acquired && taken.tookOver?.runId, 'run-1');
        assert.deepEqual(await store.renew('t1', [r], 300), [], 'the old holder learns it lost the lease');
        const [old] = await store.history({ runId: 'run-1' });
        assert.equal(old?.state, 'expired');
        await store.release('t1', [r]);
        assert.equal((await store.get(r))?.runId, 'run-2', 'a release by a former holder leaves the new holder alone');
        await store.release('t2', [r]);
        assert.equal(await store.get(r), undefined);
      } finally {
        await store.close();
      }
    });

    test('of many runners asking at once, exactly one gets the lease', async () => {
      const stores = await Promise.all(Array.from({ length: 6 }, open));
      try {
        const r = `bed-${Math.random()}`;
        // SQLite stores here are separate files: share one so that they contend.
        const contenders = backend === 'sqlite' ? Array.from({ length: 6 }, () => stores[0]!) : stores;
        const results = await Promise.all(contenders.map((s, i) => s.tryAcquire(r, `t${i}`, holder(`run-${i}`), 5000)));
        assert.equal(results.filter((x) => x.acquired).length, 1);
        assert.equal(new Set(results.map((x) => (x.acquired ? x.lease.token : x.holder.token))).size, 1, 'everyone sees the same holder');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('releaseSync gives leases back at process exit on SQLite; PostgreSQL leaves them to expire', async () => {
      const store = await open();
      try {
        const r = `bed-${Math.random()}`;
        await store.tryAcquire(r, 't1', holder('run-1'), 5000);
        assert.equal(store.releaseSync('t1', [r]), backend === 'sqlite');
        assert.equal((await store.get(r)) === undefined, backend === 'sqlite');
      } finally {
        await store.close();
      }
    });
  });
}

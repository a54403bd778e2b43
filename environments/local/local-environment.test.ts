import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentSetupResult } from 'tollgate';
import local from '../local.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function context() {
  const runDir = mkdtempSync(join(tmpdir(), 'tollgate-local-env-'));
  dirs.push(runDir);
  return { name: 'local', rootDir: process.cwd(), runDir, variables: {}, signal: new AbortController().signal };
}

/** Runs `fn` with some environment variables set, then puts them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  assert.ok(match, `${name} is not in ${url}`);
  return Number(match[1]);
}

describe('the local environment', () => {
  test('setup starts the POD as a child process and teardown stops it', async () => {
    const ctx = context();
    const result = (await withEnv({ TOLLGATE_POD_FAULTS: undefined, TOLLGATE_POD_TOKEN: undefined }, async () =>
      local.setup!(ctx),
    )) as EnvironmentSetupResult;
    const { endpoints } = result;
    const child = (result.state as { child: import('node:child_process').ChildProcess }).child;
    try {
      assert.match(endpoints!.base!, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(endpoints!.api, `${endpoints!.base}/api/v1`);
      assert.equal(endpoints!.portal, `${endpoints!.base}/portal`);
      assert.equal(endpoints!.metrics, `${endpoints!.base}/metrics`);
      assert.equal(endpoints!.events, `${endpoints!.base!.replace('http', 'ws')}/api/v1/events`);
      assert.notEqual(child.pid, process.pid);
      const health = await fetch(`${endpoints!.base}/healthz`);
      assert.equal(health.status, 200);
      assert.equal((await fetch(`${endpoints!.api}/slices`)).status, 200);
    } finally {
      await local.teardown!({ ...ctx, state: result.state });
    }
    assert.ok(child.exitCode !== null || child.signalCode !== null, 'the POD process has ended');
    assert.equal(child.exitCode, 0, 'the POD stopped cleanly on SIGTERM');
    await assert.rejects(fetch(`${endpoints!.base}/healthz`));
    const log = readFileSync(join(ctx.runDir, 'pod.log'), 'utf8');
    assert.match(log, /POD_LISTENING http:\/\/127\.0\.0\.1:\d+/);
    assert.match(log, /SIGTERM, stopping/);
  });

  test('a POD that cannot start fails setup with the tail of its log', async () => {
    const ctx = context();
    await withEnv({ TOLLGATE_POD_FAULTS: 'schema,bogus' }, async () => {
      await assert.rejects(local.setup!(ctx) as Promise<unknown>, (error: Error) => {
        assert.match(error.message, /The local POD did not start: it exited with code 2/);
        assert.match(error.message, /unknown fault "bogus"/);
        assert.match(error.message, /leak: every request keeps 64 KiB/);
        assert.ok(error.message.includes(join(ctx.runDir, 'pod.log')));
        return true;
      });
    });
  });

  test('TOLLGATE_POD_TOKEN becomes the POD API token and stays out of the log', async () => {
    const ctx = context();
    const token = 'tk-4f9e2a61';
    const result = (await withEnv({ TOLLGATE_POD_TOKEN: token, POD_API_TOKEN: undefined }, async () =>
      local.setup!(ctx),
    )) as EnvironmentSetupResult;
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${result.endpoints!.api}/enterprises`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ name: 'Globex' }),
        });
      assert.equal((await post({})).status, 401);
      assert.equal((await post({ authorization: `Bearer ${token}` })).status, 201);
    } finally {
      await local.teardown!({ ...ctx, state: result.state });
    }
    assert.deepEqual(local.secrets, { apiToken: 'TOLLGATE_POD_TOKEN' });
    assert.doesNotMatch(readFileSync(join(ctx.runDir, 'pod.log'), 'utf8'), new RegExp(token));
  });

  test('the leak fault grows the POD process, not this one', async () => {
    const ctx = context();
    const result = (await withEnv({ TOLLGATE_POD_FAULTS: 'leak' }, async () => local.setup!(ctx))) as EnvironmentSetupResult;
    try {
      const { base, metrics } = result.endpoints!;
      const before = await metric(metrics!, 'nodejs_external_memory_bytes');
      const ours = process.memoryUsage().external;
      for (let i = 0; i < 150; i++) await (await fetch(`${base}/healthz`)).text();
      const grown = (await metric(metrics!, 'nodejs_external_memory_bytes')) - before;
      assert.ok(grown >= 150 * 64 * 1024 * 0.9, `the POD grew by ${grown} bytes`);
      assert.ok(process.memoryUsage().external - ours < grown / 2, 'the memory is not in the harness process');
    } finally {
      await local.teardown!({ ...ctx, state: result.state });
    }
  });
});

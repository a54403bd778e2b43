import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FaultConfigError } from './faults.ts';
import { startPod } from './pod.ts';
import { schemas } from './schemas.ts';
import { SLICE, call, collect } from './test-support.ts';

const ajv = new Ajv2020({ strict: true });
const validSlice = ajv.compile(schemas.slice);
const validSliceList = ajv.compile(schemas['slice-list']);

describe('POD faults', () => {
  test('no faults: slices match their schema', async () => {
    const pod = await startPod();
    try {
      const list = await call(pod.url, 'GET', '/api/v1/slices');
      assert.ok(validSliceList(list.body), JSON.stringify(validSliceList.errors));
    } finally {
      await pod.close();
    }
  });

  test('schema: sst comes back as a string, in answers and events', async () => {
    const pod = await startPod({ faults: 'schema' });
    const stream = await collect(`${pod.url.replace('http', 'ws')}/api/v1/events`);
    try {
      const one = await call(pod.url, 'GET', '/api/v1/slices/fremont-video');
      assert.equal(one.body.sst, '1');
      assert.equal(validSlice(one.body), false);
      assert.equal(validSlice.errors?.[0]?.instancePath, '/sst');
      assert.equal(validSliceList((await call(pod.url, 'GET', '/api/v1/slices')).body), false);
      const created = await call(pod.url, 'POST', '/api/v1/slices', SLICE);
      assert.equal(created.body.sst, '2');
      const event = await stream.waitFor((m) => m.id === 'robots');
      assert.equal(event.data.sst, '2');
      const site = await call(pod.url, 'GET', '/api/v1/sites/acme-fremont');
      assert.ok(ajv.compile(schemas.site)(site.body), 'other resources stay valid');
    } finally {
      stream.close();
      await pod.close();
    }
  });

  test('latency: every API answer is delayed by the configured time', async () => {
    // A delay far above a busy machine's noise, so the check does not depend on how loaded it is.
    const pod = await startPod({ faults: ['latency'], latencyMs: 600 });
    try {
      for (const path of ['/api/v1/slices', '/api/v1/nope']) {
        const started = performance.now();
        await call(pod.url, 'GET', path);
        const elapsed = performance.now() - started;
        assert.ok(elapsed >= 599, `${path} took ${elapsed.toFixed(1)} ms`);
      }
      const started = performance.now();
      await call(pod.url, 'GET', '/healthz');
      assert.ok(performance.now() - started < 300, 'health checks are not delayed');
    } finally {
      await pod.close();
    }
  });

  test('latency: 50 ms when no delay is given', async () => {
    const pod = await startPod({ faults: 'latency' });
    try {
      assert.equal(pod.faults.latencyMs, 50);
    } finally {
      await pod.close();
    }
  });

  test('errors: every 100th API request answers 500', async () => {
    const pod = await startPod({ faults: 'errors' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) statuses.push((await call(pod.url, 'GET', '/api/v1/enterprises')).status);
      const failed = statuses.flatMap((status, i) => (status === 500 ? [i + 1] : []));
      assert.deepEqual(failed, [100, 200, 300]);
      assert.ok(statuses.every((status) => status === 200 || status === 500));
    } finally {
      await pod.close();
    }
  });

  test('errors: the 500 answer is an error body', async () => {
    const pod = await startPod({ faults: 'errors' });
    try {
      let last;
      for (let i = 0; i < 100; i++) last = await call(pod.url, 'GET', '/api/v1/slices');
      assert.equal(last!.status, 500);
      assert.equal(last!.body.error, 'internal');
      assert.match(last!.body.message, /errors/);
    } finally {
      await pod.close();
    }
  });

  test('leak: memory grows by about 64 KiB per request and is not given back', async () => {
    const measure = async (faults: string) => {
      const pod = await startPod({ faults });
      try {
        const before = process.memoryUsage().arrayBuffers;
        for (let i = 0; i < 200; i++) await call(pod.url, 'GET', '/healthz');
        globalThis.gc?.();
        return process.memoryUsage().arrayBuffers - before;
      } finally {
        await pod.close();
      }
    };
    const leaked = await measure('leak');
    const normal = await measure('');
    assert.ok(leaked >= 200 * 64 * 1024 * 0.9, `grew only ${leaked} bytes with the leak fault`);
    assert.ok(normal < leaked / 4, `grew ${normal} bytes without the fault, ${leaked} with it`);
  });

  test('portal: the create slice button no longer submits', async () => {
    const submitType = async (faults: string, page: string) => {
      const pod = await startPod({ faults });
      try {
        const answer = await call(pod.url, 'GET', page);
        return /<button type="(\w+)" data-testid="submit">/.exec(answer.body)?.[1];
      } finally {
        await pod.close();
      }
    };
    assert.equal(await submitType('', '/portal/slices/new'), 'submit');
    assert.equal(await submitType('portal', '/portal/slices/new'), 'button');
    assert.equal(await submitType('portal', '/portal/sites/new'), 'submit', 'other forms still work');
    assert.equal(await submitType('portal', '/portal/slices/fremont-video/edit'), 'submit', 'editing still works');
  });

  test('an unknown fault refuses to start and lists the valid ones', async () => {
    await assert.rejects(startPod({ faults: 'schema,slow,oops' }), (error: unknown) => {
      assert.ok(error instanceof FaultConfigError);
      assert.match(error.message, /unknown fault "slow", "oops"/);
      for (const name of ['schema', 'portal', 'latency', 'errors', 'leak']) assert.match(error.message, new RegExp(`\\b${name}:`));
      return true;
    });
  });
});

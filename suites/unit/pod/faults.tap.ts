// Fault parsing (TOLLGATE_POD_FAULTS) and what each fault does to traffic.
import t from 'tap';
import { FaultInjector } from '../../../environments/local/pod/fault-injector.ts';
import {
  DEFAULT_LATENCY_MS,
  FAULT_NAMES,
  FaultConfigError,
  NO_FAULTS,
  faultsFromEnv,
  parseFaults,
} from '../../../environments/local/pod/faults.ts';
import type { Slice } from '../../../environments/local/pod/resources.ts';

t.test('no faults by default', async (t) => {
  for (const faults of [NO_FAULTS, parseFaults(), parseFaults({ faults: '' }), faultsFromEnv({})]) {
    t.equal(faults.enabled.size, 0);
    t.match(faults, { schema: false, portal: false, latencyMs: 0, errorEvery: 0, leakBytes: 0 });
  }
});

t.test('a comma list switches faults on, spaces and empty items ignored', async (t) => {
  const faults = parseFaults({ faults: ' schema, ,leak,' });
  t.strictSame([...faults.enabled].sort(), ['leak', 'schema']);
  t.equal(faults.schema, true);
  t.equal(faults.leakBytes, 64 * 1024);
  t.equal(faults.portal, false);
  t.strictSame([...parseFaults({ faults: ['errors', 'portal'] }).enabled], ['errors', 'portal']);
  t.strictSame(FAULT_NAMES, ['schema', 'portal', 'latency', 'errors', 'leak']);
});

t.test('unknown faults are refused with every valid name listed', async (t) => {
  t.throws(() => parseFaults({ faults: 'schema,Latency,nope' }), {
    name: 'FaultConfigError',
    message: /unknown fault "Latency", "nope"\. Valid faults/,
  });
  try {
    parseFaults({ faults: 'x' });
    t.fail('expected a FaultConfigError');
  } catch (error) {
    t.ok(error instanceof FaultConfigError);
    for (const name of FAULT_NAMES) t.match((error as Error).message, new RegExp(`\\n  ${name}: `), name);
  }
});

t.test('latency: 50 ms unless TOLLGATE_POD_LATENCY_MS says otherwise', async (t) => {
  t.equal(parseFaults({ faults: 'latency' }).latencyMs, DEFAULT_LATENCY_MS);
  t.equal(DEFAULT_LATENCY_MS, 50);
  t.equal(faultsFromEnv({ TOLLGATE_POD_FAULTS: 'latency', TOLLGATE_POD_LATENCY_MS: '5' }).latencyMs, 5);
  t.equal(faultsFromEnv({ TOLLGATE_POD_LATENCY_MS: '5' }).latencyMs, 0, 'the delay alone switches nothing on');
  for (const bad of ['-1', 'fast', 'NaN']) {
    t.throws(() => faultsFromEnv({ TOLLGATE_POD_FAULTS: 'latency', TOLLGATE_POD_LATENCY_MS: bad }), {
      name: 'FaultConfigError',
      message: new RegExp(`TOLLGATE_POD_LATENCY_MS: expected a number of milliseconds >= 0, got "${bad}"`),
    });
  }
});

t.test('errors: exactly every 100th API request fails', async (t) => {
  const injector = new FaultInjector(parseFaults({ faults: 'errors' }));
  const failed: number[] = [];
  for (let i = 1; i <= 1000; i++) if (injector.failThisApiRequest()) failed.push(i);
  t.strictSame(failed, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  const healthy = new FaultInjector(NO_FAULTS);
  let any = false;
  for (let i = 0; i < 1000; i++) any ||= healthy.failThisApiRequest();
  t.equal(any, false);
});

t.test('schema: only a slice changes, and only its sst, to a string', async (t) => {
  const injector = new FaultInjector(parseFaults({ faults: 'schema' }));
  const slice: Slice = { id: 'v', site: 's', name: 'V', sst: 7, sd: '000001', maxBitrateUl: 1, maxBitrateDl: 1, deviceGroups: [] };
  t.strictSame(injector.present('slices', slice), { ...slice, sst: '7' });
  t.equal(slice.sst, 7, 'the stored item is not touched');
  const site = { id: 's', enterprise: 'e', name: 'S' };
  t.equal(injector.present('sites', site), site);
  t.equal(new FaultInjector(NO_FAULTS).present('slices', slice), slice);
});

t.test('leak: every request keeps 64 KiB until released', async (t) => {
  const injector = new FaultInjector(parseFaults({ faults: 'leak' }));
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 50; i++) injector.onRequest();
  t.equal(injector.leakedBytes, 50 * 64 * 1024);
  t.ok(process.memoryUsage().arrayBuffers - before >= 50 * 64 * 1024, 'the memory is really held');
  injector.release();
  t.equal(injector.leakedBytes, 0);
  const healthy = new FaultInjector(NO_FAULTS);
  healthy.onRequest();
  t.equal(healthy.leakedBytes, 0);
});

t.test('latency: delay() waits the configured time, or not at all', async (t) => {
  const slow = new FaultInjector(parseFaults({ faults: 'latency', latencyMs: 20 }));
  let started = performance.now();
  await slow.delay();
  t.ok(performance.now() - started >= 19, 'waited about 20 ms');
  started = performance.now();
  await new FaultInjector(NO_FAULTS).delay();
  t.ok(performance.now() - started < 15, 'no delay without the fault');
});

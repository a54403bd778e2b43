import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import type { MetricEvent } from 'tollgate';
import { ArrivalSchedule, LoadCheckError, StreamSink, TrafficClient, VuSchedule } from '../drivers/traffic/index.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('arrival schedules (k6 executors)', () => {
  test('a constant rate schedules exactly rate x duration arrivals, evenly', () => {
    const schedule = new ArrivalSchedule({ executor: 'constant-arrival-rate', rate: 200, duration: '2s' });
    const times: number[] = [];
    for (let n = 0; ; n++) {
      const t = schedule.timeOf(n);
      if (t === undefined) break;
      times.push(t);
    }
    assert.equal(times.length, 400);
    assert.equal(schedule.expected, 400);
    assert.ok(Math.abs(times[1]! - times[0]! - 0.005) < 1e-9);
    assert.ok(times[399]! < 2);
  });

  test('ramps up, holds and ramps down: arrivals follow the integral of the rate', () => {
    const schedule = new ArrivalSchedule({ executor: 'ramping-arrival-rate', startRate: 0, stages: [{ target: 100, duration: '1s' }, { target: 100, duration: '1s' }, { target: 0, duration: '1s' }] });
    const times: number[] = [];
    for (let n = 0; ; n++) {
      const t = schedule.timeOf(n);
      if (t === undefined) break;
      times.push(t);
    }
    assert.equal(times.length, 200);
    assert.equal(times.filter((t) => t < 1).length, 50);
    assert.equal(times.filter((t) => t >= 1 && t < 2).length, 100);
    assert.ok(times.every((t, i) => i === 0 || t > times[i - 1]!));
    assert.equal(schedule.rateAt(0.5), 50);
    const vus = new VuSchedule({ executor: 'ramping-vus', startVUs: 0, stages: [{ target: 10, duration: '1s' }, { target: 0, duration: '1s' }] });
    assert.deepEqual([vus.vusAt(0.5), vus.vusAt(1), vus.vusAt(1.5), vus.vusAt(2.5), vus.maxVus], [5, 10, 5, 0, 10]);
    assert.throws(() => new ArrivalSchedule({ executor: 'constant-arrival-rate', rate: 0, duration: '1s' }), /rate must be > 0/);
  });
});

describe('HTTP load against a local server', () => {
  let server: Server;
  let url: string;
  let stallFrom = Number.POSITIVE_INFINITY;
  let failEvery = 0;
  let count = 0;
  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      count++;
      const reply = () => {
        if (failEvery && count % failEvery === 0) return void res.writeHead(500).end('no');
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      };
      // The stall: everything that arrives within one second of stallFrom is answered at its end.
      const now = performance.now();
      if (now >= stallFrom && now < stallFrom + 1000) setTimeout(reply, stallFrom + 1000 - now);
      else reply();
    });
    url = await listen(server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('open model: latencies in µs; a 1 s stall shows in the high percentiles (coordinated omission corrected), the closed model hides it', async () => {
    const events: MetricEvent[] = [];
    const client = new TrafficClient({ sink: (e) => events.push(e) });
    // Also a warm-up: the first requests of a process pay for loading and compiling undici.
    const healthy = await client.http({ url, name: 'healthy', scenario: { executor: 'constant-arrival-rate', rate: 200, duration: '1s' }, interval: 250 });
    assert.equal(healthy.completed, 200, 'every scheduled arrival was sent');
    assert.ok(healthy.sendRate! > 150 && healthy.sendRate! <= 200.5, `started ${healthy.sendRate} per second of schedule`);
    assert.ok(healthy.sendLag!.count === 200);
    assert.ok(healthy.latency.min >= 1 && healthy.latency.min < healthy.latency.max);
    assert.ok([healthy.latency.min, healthy.latency.p50, healthy.latency.p90].some((v) => v % 1000 !== 0), `microseconds, not whole milliseconds: ${JSON.stringify(healthy.latency)}`);

    stallFrom = performance.now() + 500;
    const open = await client.http({ url, name: 'stalled', scenario: { executor: 'constant-arrival-rate', rate: 200, duration: '2.5s' }, interval: 250 });
    assert.equal(open.completed, 500);
    assert.ok(open.latency.p99 >= 900_000, `open-model p99 ${open.latency.p99} µs should include the 1 s stall`);
    assert.ok(open.latency.p90 >= 500_000, `open-model p90 ${open.latency.p90} µs: a fifth of the requests arrived during the stall`);

    stallFrom = performance.now() + 500;
    const closed = await client.http({ url, name: 'closed', scenario: { executor: 'constant-vus', vus: 2, duration: '2.5s' }, interval: 250 });
    // Its first request after the stall began waited out most of it (how much depends on when a busy machine sent it).
    assert.ok(closed.latency.max >= 500_000, `the closed model sees the stall only in its max (${closed.latency.max} µs)`);
    assert.ok(closed.latency.p90 < open.latency.p90 / 2, `closed-model p90 ${closed.latency.p90} µs against ${open.latency.p90} µs: its users waited, so the stall is a few samples only`);
    stallFrom = Number.POSITIVE_INFINITY;

    const p99 = events.filter((e) => e.name === 'latency.p99' && e.tags?.load === 'stalled');
    assert.ok(p99.length >= 4, `${p99.length} latency.p99 points for 2.5 s at 250 ms`);
    assert.ok(p99.every((e) => e.unit === 'us'));
    assert.ok(Math.max(...p99.map((e) => e.value)) >= 500_000, 'an interval shows the stall');
    assert.deepEqual(open.series('latency.p99'), p99.map((e) => e.value), 'the kept series is what was emitted');
    assert.ok(events.some((e) => e.name === 'rate' && e.unit === 'ops/s'));
  });

  test('thresholds: errors by kind, abortOnFail stops early, the error names the metric, its value and the limit', async () => {
    failEvery = 10;
    const client = new TrafficClient();
    const started = performance.now();
    await assert.rejects(
      client.http({
        url,
        name: 'failing',
        interval: 100,
        scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '10s' },
        thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '300ms' }], http_req_duration: ['p(95)<2000'] },
      }),
      (error: unknown) => {
        assert.ok(error instanceof LoadCheckError);
        assert.match(error.message, /load "failing" did not meet its limits \(aborted after \d+ ms: http_req_failed rate = 0\.\d+ \(\d+(\.\d+)?%\), limit < 0\.01 \(1%\): crossed\)/);
        assert.match(error.message, /threshold http_req_failed "rate<0\.01" failed/);
        assert.doesNotMatch(error.message, /http_req_duration/);
        return true;
      },
    );
    assert.ok(performance.now() - started < 8000, 'the load stopped early');
    const kept = await client.http({ url, name: 'kept', scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '0.5s' }, thresholds: { 'http_req_duration{name:GET /}': ['p(99)<5000'], http_reqs: ['count>=50'] }, throwOnFail: false });
    failEvery = 0;
    assert.equal(kept.errors.http_500, 5);
    assert.equal(kept.passed, true);
    assert.deepEqual(kept.thresholds.map((t) => t.ok), [true, true]);
    assert.equal(kept.metric('http_req_failed')?.rate, 0.1);
    const misspelt = await client.http({ url, scenario: { executor: 'constant-arrival-rate', rate: 20, duration: '200ms' }, thresholds: { http_req_duraton: ['p(95)<200'] }, throwOnFail: false });
    assert.match(misspelt.thresholds[0]!.message, /^http_req_duraton: this load recorded no metric "http_req_duraton" \(it has .*http_req_duration.*\); check the name in thresholds$/);
  });

  test('the autocannon engine runs the closed model and a fixed rate, with sub-millisecond resolution', async () => {
    const client = new TrafficClient();
    const result = await client.http({ url, engine: 'autocannon', scenario: { executor: 'constant-vus', vus: 4, duration: '1s' } });
    assert.ok(result.completed > 100, `${result.completed} requests`);
    assert.ok(result.latency.p50 % 1000 !== 0 || result.latency.p90 % 1000 !== 0, `µs, not whole ms: ${JSON.stringify(result.latency)}`);
    const paced = await client.http({ url, engine: 'autocannon', connections: 4, scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '2s' } });
    // autocannon paces per second and catches up after a slow one: bounded, not exact (the undici engine is exact).
    assert.ok(paced.completed >= 100 && paced.completed <= 400, `autocannon's overallRate held the load near 100/s: ${paced.completed} in 2 s`);
    assert.ok(paced.completed < result.completed, 'paced runs slower than flat out');
    await assert.rejects(client.http({ url, engine: 'autocannon', scenario: { executor: 'ramping-arrival-rate', stages: [{ target: 10, duration: '1s' }] } }), /engine 'autocannon' runs constant-vus and constant-arrival-rate only/);
  });
});

describe('WebSocket and stream loads', () => {
  test('WebSocket echo: round trips at a fixed rate, in µs; lost messages are counted', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    let drop = false;
    wss.on('connection', (socket) => socket.on('message', (data) => !drop && socket.send(data.toString())));
    await new Promise((resolve) => wss.once('listening', resolve));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    try {
      const client = new TrafficClient();
      const echo = await client.ws({ url, connections: 4, scenario: { executor: 'constant-arrival-rate', rate: 200, duration: '1s' }, thresholds: { ws_latency: ['p(99)<2000'], ws_failed: ['rate==0'] } });
      assert.equal(echo.completed, 200);
      assert.equal(echo.metric('ws_sessions')?.count, 4);
      assert.ok(echo.latency.p50 > 0 && echo.latency.p50 < 500_000);
      drop = true;
      const lossy = await client.ws({ url, connections: 2, scenario: { executor: 'constant-arrival-rate', rate: 20, duration: '0.5s' }, settle: 200, thresholds: { ws_failed: ['rate<0.5'] }, throwOnFail: false });
      assert.equal(lossy.errors.ws_lost, 10);
      assert.equal(lossy.passed, false);
    } finally {
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  test('TCP and UDP streams: what was sent arrives at the sink', async () => {
    const client = new TrafficClient();
    const tcp = new StreamSink('tcp');
    const udp = new StreamSink('udp');
    try {
      const tcpRun = await client.stream({ protocol: 'tcp', host: '127.0.0.1', port: await tcp.listen(), duration: '300ms', bitrate: 80_000_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(tcp.bytes, tcpRun.stream.bytesSent);
      assert.ok(tcpRun.stream.bitsPerSecond < 80_000_000 * 1.2 && tcpRun.stream.bitsPerSecond > 80_000_000 * 0.5, `${tcpRun.stream.bitsPerSecond} bit/s`);
      const udpRun = await client.stream({ protocol: 'udp', host: '127.0.0.1', port: await udp.listen(), duration: '300ms', bitrate: 8_000_000, size: 1000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(udp.bytes >= udpRun.stream.bytesSent * 0.9 && udp.bytes <= udpRun.stream.bytesSent, `${udp.bytes} of ${udpRun.stream.bytesSent}`);
      assert.equal(udpRun.metric('stream_bytes_sent')?.count, udpRun.stream.bytesSent);
    } finally {
      await tcp.close();
      await udp.close();
    }
  });
});

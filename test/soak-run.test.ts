import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parsePrometheusText, runSoak, sampleValue } from '../drivers/soak/index.ts';

/** A server whose /metrics reports a resident memory that grows by `leak` bytes per request. */
async function fakeSut(leak: number) {
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(`# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ${50e6 + requests * leak}\n`);
      return;
    }
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoints: { api: `${url}/api`, metrics: `${url}/metrics` }, close: () => new Promise((r) => server.close(r)) };
}

test('a soak serves its progress in Prometheus text format while it runs, and passes a flat SUT', { timeout: 60_000 }, async () => {
  const sut = await fakeSut(0);
  let port = 0;
  const scrapes: string[] = [];
  const pending: Promise<void>[] = [];
  try {
    const result = await runSoak(
      {
        duration: '4s',
        window: '1s',
        load: { rate: 50 },
        probe: async () => { if ((await fetch(sut.endpoints.api)).status !== 200) throw new Error('probe failed'); },
        criteria: { memorySlope: '1MB/h', errorRate: 0.01 },
        // The last window's scrape may race the server's close: a failed one is simply not counted.
        onWindow: () => { pending.push(fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).then((t) => { scrapes.push(t); }, () => {})); },
      },
      { endpoints: sut.endpoints, metricsPort: 0, onMetricsServer: (p) => (port = p) },
    );
    await Promise.all(pending);
    assert.ok(port > 0);
    assert.equal(result.passed, true, JSON.stringify(result.criteria));
    assert.equal(result.windows.length, 4);
    assert.ok(result.windows.every((w) => w.memory === 50e6 && w.requests > 0 && w.probeFailures === 0), JSON.stringify(result.windows));
    assert.ok(scrapes.length >= 2, `scraped ${scrapes.length} time(s)`);
    const samples = parsePrometheusText(scrapes[scrapes.length - 1]!);
    assert.ok(sampleValue(samples, 'tollgate_soak_windows', { soak: 'soak' })! >= 1);
    assert.equal(sampleValue(samples, 'tollgate_soak_sut_memory_bytes', { soak: 'soak' }), 50e6);
    assert.ok(sampleValue(samples, 'tollgate_process_resident_memory_bytes')! > 0, 'the harness process metrics are there too');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'the server stops with the soak');
  } finally {
    await sut.close();
  }
});

test('a leaking SUT fails on its memory slope and the soak stops early', { timeout: 60_000 }, async () => {
  const sut = await fakeSut(64 * 1024);
  try {
    const result = await runSoak({ duration: '10s', window: '1s', load: { rate: 50 }, criteria: { memorySlope: '1GB/h' } }, { endpoints: sut.endpoints });
    assert.equal(result.passed, false);
    assert.match(result.abortedBy ?? '', /^memory\.slope cannot pass any more after 4 of 10 windows$/);
    assert.match(result.criteria[0]!.message, /^memory\.slope = [\d.]+ GB\/h over 3 windows .*limit < 1GB\/h: crossed$/);
  } finally {
    await sut.close();
  }
});

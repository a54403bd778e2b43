/**
 * The harness's own metrics while a soak runs (issue 6, item 4): with
 * `tollgate run --metrics-port N` (TOLLGATE_METRICS_PORT), the process that
 * runs the soak serves GET /metrics in Prometheus text format on loopback
 * (prom-client): the soak's progress, the last window's p99, error rate
 * and the SUT's memory, and its own process metrics (RSS, heap, fds), so
 * existing monitoring can watch a long soak and the harness itself.
 */
import { createServer, type Server } from 'node:http';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { SoakWindow } from './soak-criteria.ts';

export const METRICS_PORT_ENV = 'TOLLGATE_METRICS_PORT';

export class SoakMetricsServer {
  private readonly registry = new Registry();
  private readonly labels = ['soak'] as const;
  private readonly windows = new Gauge({ name: 'tollgate_soak_windows', help: 'Windows of the soak finished so far', labelNames: this.labels, registers: [this.registry] });
  private readonly left = new Gauge({ name: 'tollgate_soak_time_left_seconds', help: 'Time left in the soak', labelNames: this.labels, registers: [this.registry] });
  private readonly p99 = new Gauge({ name: 'tollgate_soak_window_latency_p99_seconds', help: "The last window's p99 latency", labelNames: this.labels, registers: [this.registry] });
  private readonly errors = new Gauge({ name: 'tollgate_soak_window_error_ratio', help: "The last window's failed requests as a ratio", labelNames: this.labels, registers: [this.registry] });
  private readonly memory = new Gauge({ name: 'tollgate_soak_sut_memory_bytes', help: "The SUT's resident memory at the last window's end", labelNames: this.labels, registers: [this.registry] });

  private constructor(private readonly server: Server) {}

  /** Listens on 127.0.0.1:port (0 = any free port). */
  static async start(port: number): Promise<SoakMetricsServer> {
    let instance: SoakMetricsServer | undefined;
    const server = createServer((req, res) => {
      if (req.url?.split('?')[0] !== '/metrics' || !instance) {
        res.writeHead(404).end('not found: GET /metrics\n');
        return;
      }
      instance.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': instance!.registry.contentType }).end(body),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    instance = new SoakMetricsServer(server);
    collectDefaultMetrics({ register: instance.registry, prefix: 'tollgate_' });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(`--metrics-port ${port}: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); choose a free port or 0`)),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  begin(soak: string, durationMs: number): void {
    this.windows.set({ soak }, 0);
    this.left.set({ soak }, durationMs / 1000);
  }

  window(soak: string, window: SoakWindow, progress: { elapsedMs: number; durationMs: number }): void {
    this.windows.set({ soak }, window.index + 1);
    this.left.set({ soak }, Math.max(0, (progress.durationMs - progress.elapsedMs) / 1000));
    this.p99.set({ soak }, window.p99 / 1e6);
    this.errors.set({ soak }, window.requests ? window.errors / window.requests : 0);
    if (window.memory !== undefined) this.memory.set({ soak }, window.memory);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

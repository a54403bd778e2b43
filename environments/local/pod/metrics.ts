/**
 * Prometheus metrics of the POD (GET /metrics): the default process metrics
 * (process_resident_memory_bytes, heap, event loop lag: what a soak gate
 * watches for the leak fault) and a counter and latency histogram per route.
 * Each POD gets its own registry, so PODs started in one process do not mix.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface PodMetrics {
  registry: Registry;
  /** Records one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** The text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(gauges: { subscribers: () => number; resources: () => Record<string, number> }): PodMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'pod_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'pod_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'pod_event_subscribers',
    help: 'Open change-event streams.',
    registers: [registry],
    collect() {
      this.set(gauges.subscribers());
    },
  });
  new Gauge({
    name: 'pod_resources',
    help: 'Stored resources, by collection.',
    labelNames: ['resource'] as const,
    registers: [registry],
    collect() {
      for (const [resource, count] of Object.entries(gauges.resources())) this.set({ resource }, count);
    },
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

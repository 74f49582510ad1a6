import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ms } from '../../sim/units.js';

/**
 * Prometheus metrics of one service instance, on a registry of its own (tests start several
 * instances in one process; prom-client's global registry would refuse the second).
 * Queue length and busy workers are read from the pool at scrape time, so a request costs
 * one counter increment and one histogram observation.
 */

// Seconds; dense between 5 and 300 ms where the calibration runs' latencies live (p50 18-285 ms).
const DURATION_BUCKETS = [0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export interface PoolGauges {
  readonly busy: number;
  readonly waiting: number;
  readonly size: number;
}

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Count a finished request and observe its handler residence time. `op` is "unknown" for 404s. */
  observe(op: string, status: number, durationMs: Ms): void;
  /** Text exposition format, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** @example const m = createMetrics(pool); m.observe('authorize', 200, 18.3) */
export function createMetrics(pool: PoolGauges): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by payment operation and status code.',
    labelNames: ['op', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from handler entry to response written (queue wait + CPU + downstream), seconds.',
    labelNames: ['op', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'payment_queue_length',
    help: 'Requests waiting for a worker slot (bounded by QMAX).',
    registers: [registry],
    collect() {
      this.set(pool.waiting);
    },
  });
  new Gauge({
    name: 'payment_workers_busy',
    help: 'Worker slots in use (bounded by W).',
    registers: [registry],
    collect() {
      this.set(pool.busy);
    },
  });
  new Gauge({ name: 'payment_workers', help: 'Worker slots configured (W).', registers: [registry] }).set(pool.size);
  return {
    registry,
    observe(op, status, durationMs) {
      const labels = { op, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationMs / 1000);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

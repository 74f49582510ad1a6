import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ms } from '../../sim/units.js';
import { DURATION_BUCKETS_SECONDS, OPERATION_LABEL, QUEUE_LENGTH, REQUEST_DURATION_SECONDS, REQUESTS_TOTAL, STATUS_LABEL, WORKERS, WORKERS_BUSY } from './metricNames.js';

/**
 * Prometheus metrics of one service instance, on a registry of its own (tests start several
 * instances in one process; prom-client's global registry would refuse the second).
 * Queue length and busy workers are read from the pool at scrape time, so a request costs
 * one counter increment and one histogram observation.
 */

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
    name: REQUESTS_TOTAL,
    help: 'HTTP requests answered, by payment operation and status code.',
    labelNames: [OPERATION_LABEL, STATUS_LABEL] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: REQUEST_DURATION_SECONDS,
    help: 'Time from handler entry to response written (queue wait + CPU + downstream), seconds.',
    labelNames: [OPERATION_LABEL, STATUS_LABEL] as const,
    buckets: [...DURATION_BUCKETS_SECONDS],
    registers: [registry],
  });
  new Gauge({
    name: QUEUE_LENGTH,
    help: 'Requests waiting for a worker slot (bounded by QMAX).',
    registers: [registry],
    collect() {
      this.set(pool.waiting);
    },
  });
  new Gauge({
    name: WORKERS_BUSY,
    help: 'Worker slots in use (bounded by W).',
    registers: [registry],
    collect() {
      this.set(pool.busy);
    },
  });
  new Gauge({ name: WORKERS, help: 'Worker slots configured (W).', registers: [registry] }).set(pool.size);
  return {
    registry,
    observe(op, status, durationMs) {
      const labels = { [OPERATION_LABEL]: op, [STATUS_LABEL]: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationMs / 1000);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

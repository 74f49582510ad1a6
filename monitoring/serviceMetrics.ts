import {
  DURATION_BUCKETS_SECONDS,
  OPERATION_LABEL,
  QUEUE_LENGTH,
  REQUEST_DURATION_SECONDS,
  REQUESTS_TOTAL,
  STATUS_LABEL,
} from '../loadtests/service/metricNames.js';
import { OPERATIONS } from '../loadtests/service/config.js';
import type { Matcher } from './promql.js';

/**
 * The metrics of the service that SLO rules and dashboards query: the reference payment service
 * by default (loadtests/service/metricNames.ts), or another service with the same shape (a
 * request counter and a latency histogram labelled by operation and status) under other names.
 */
export interface ServiceMetricNames {
  /** Counter of answered requests, labelled by operation and status code. */
  readonly requestsMetric: string;
  /** Histogram of request durations in seconds (its `_bucket` and `_count` series are used). */
  readonly durationMetric: string;
  /** Gauge of requests waiting in the service's queue. */
  readonly queueMetric: string;
  readonly operationLabel: string;
  readonly statusLabel: string;
  /** Matchers selecting the service's series (`job="payment-service"`). */
  readonly selector: readonly Matcher[];
  /** The histogram's bucket bounds (seconds), to check latency thresholds; null when unknown. */
  readonly bucketsSeconds: readonly number[] | null;
  /** The operation label's values, to check SLO scopes; null when unknown. */
  readonly operations: readonly string[] | null;
}

/** The Prometheus job of the reference service: the Service's name (ServiceMonitor and compose scrape both use it). */
export const REFERENCE_JOB = 'payment-service';

export const referenceServiceMetrics: ServiceMetricNames = {
  requestsMetric: REQUESTS_TOTAL,
  durationMetric: REQUEST_DURATION_SECONDS,
  queueMetric: QUEUE_LENGTH,
  operationLabel: OPERATION_LABEL,
  statusLabel: STATUS_LABEL,
  selector: [['job', '=', REFERENCE_JOB]],
  bucketsSeconds: DURATION_BUCKETS_SECONDS,
  operations: OPERATIONS,
};

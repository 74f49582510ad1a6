/**
 * The Prometheus metrics the reference payment service exposes on /metrics, as plain data: the
 * service registers them (metrics.ts) and capsim's SLO rules and dashboard query them
 * (monitoring/), so the two cannot disagree on a name, a label or a bucket bound.
 */

export const REQUESTS_TOTAL = 'http_requests_total';
export const REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
export const QUEUE_LENGTH = 'payment_queue_length';
export const WORKERS_BUSY = 'payment_workers_busy';
export const WORKERS = 'payment_workers';

/** Label of the payment operation ("authorize"...; "unknown" for 404s) and of the HTTP status code. */
export const OPERATION_LABEL = 'op';
export const STATUS_LABEL = 'status';

/**
 * Histogram bucket upper bounds, seconds: dense between 5 and 300 ms, where the calibration runs'
 * latencies live (p50 18-285 ms), with a bound at every p99 target of the scenario library
 * (scenarios/library/referenceService.ts: 200, 250, 300, 500 ms, 1 s), so an SLO alert counts
 * slow requests exactly instead of interpolating inside a bucket.
 */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1, 2.5, 5, 10];

import { InputError } from '../../input/inputError.js';
import { parseQueryRange, type PromSeries } from './queryRange.js';
import { recogniseRoles, type LabelMatch, type ServiceTelemetry, type TelemetryRoles } from './telemetry.js';

/**
 * The PromQL capsim sends to `--prometheus-url`, by role. Each must return counters (raw, not
 * `rate()`): capsim takes their increases over its own windows. Override one with
 * `--prometheus-query role=EXPR`, e.g. `cpu=container_cpu_usage_seconds_total{namespace="pay",container="pay"}`.
 */
export const DEFAULT_QUERIES: Readonly<Record<keyof Required<TelemetryRoles>, string>> = {
  cpu: 'process_cpu_seconds_total',
  requests: 'http_requests_total',
  durationSum: 'http_request_duration_seconds_sum',
  durationCount: 'http_request_duration_seconds_count',
  // Read by `capsim validate` only (server-side percentiles, busy workers, queue length); may return nothing.
  durationBucket: 'http_request_duration_seconds_bucket',
  busyWorkers: 'payment_workers_busy',
  queueLength: 'payment_queue_length',
};

/** Prometheus refuses a range query of more than 11,000 points per series. */
const MAX_POINTS = 11_000;
/** One HTTP request may take this long before capsim gives up. */
const TIMEOUT_MS = 30_000;

export interface RangeQuery {
  /** Prometheus base URL, e.g. http://127.0.0.1:9090 (a path prefix is kept). */
  url: string;
  /** The window, unix seconds. */
  startS: number;
  endS: number;
  queries?: Partial<Record<keyof TelemetryRoles, string>>;
  match?: readonly LabelMatch[];
}

/**
 * Ask a live Prometheus for the service's counters over a window (`/api/v1/query_range`, step
 * 1 s or coarser to stay under 11,000 points) and recognise them by role (telemetry.ts). The
 * request counters and the duration histogram are optional; the CPU counter is not.
 * @throws InputError naming the URL: unreachable, an HTTP or PromQL error, no CPU series in the window.
 * @example await queryTelemetry({ url: 'http://127.0.0.1:9090', startS: 1.8e9, endS: 1.8e9 + 90 })
 */
export async function queryTelemetry(q: RangeQuery): Promise<ServiceTelemetry> {
  const queries = { ...DEFAULT_QUERIES, ...q.queries };
  const startS = Math.floor(q.startS);
  const endS = Math.ceil(q.endS);
  const step = Math.max(1, Math.ceil((endS - startS) / (MAX_POINTS - 1)));
  const roles = {} as Required<TelemetryRoles>;
  for (const role of Object.keys(DEFAULT_QUERIES) as (keyof Required<TelemetryRoles>)[]) {
    roles[role] = await queryRange(q.url, queries[role], startS, endS, step, role);
  }
  if (roles.cpu.length === 0)
    throw new InputError(`the CPU query ${JSON.stringify(queries.cpu)} returned no series from ${new Date(startS * 1000).toISOString()} to ${new Date(endS * 1000).toISOString()}; expected the service's CPU seconds counter over the k6 run (set it with --prometheus-query cpu=EXPR)`, q.url);
  return recogniseRoles(roles, q.url, q.match ?? []);
}

async function queryRange(base: string, query: string, startS: number, endS: number, step: number, role: string): Promise<PromSeries[]> {
  const url = new URL('api/v1/query_range', base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams({ query, start: String(startS), end: String(endS), step: `${step}s` }).toString();
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new InputError(`cannot reach Prometheus (${cause}); expected the base URL of a running Prometheus, e.g. http://127.0.0.1:9090`, base);
  }
  const text = await res.text();
  if (!res.ok) {
    let why = text.slice(0, 200);
    try {
      why = (JSON.parse(text) as { error?: string }).error ?? why;
    } catch {
      /* not JSON: keep the text */
    }
    throw new InputError(`Prometheus answered HTTP ${res.status} to the ${role} query ${JSON.stringify(query)}: ${why.replace(/\s+/g, ' ')}`, base);
  }
  return parseQueryRange(text, `${base} (${role} query ${JSON.stringify(query)})`);
}

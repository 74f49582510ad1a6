import { InputError } from '../../input/inputError.js';
import { seriesName, type PromSeries } from './queryRange.js';

/**
 * The service's own measurements, recognised among Prometheus series by their names and labels,
 * grouped per pod. Source-neutral: built from an export folder or from a live Prometheus.
 */
export interface ServiceTelemetry {
  /** Where it came from (a folder or a URL), for messages and the model file. */
  source: string;
  pods: PodTelemetry[];
  /** First and last sample time over all series, unix seconds. */
  spanS: [number, number];
}

export interface PodTelemetry {
  /** The pod's identity: the value of `podLabel`. */
  pod: string;
  podLabel: string;
  /** CPU seconds counters of the pod (one per container for cAdvisor; summed). */
  cpu: PromSeries[];
  /** Which counter: `process_cpu_seconds_total` or `container_cpu_usage_seconds_total`. */
  cpuMetric: string;
  /** Completed requests counters by operation and status. */
  requests: LabelledCounter[];
  /** Server residence: sum (seconds) and count of the duration histogram, by operation and status. */
  durationSum: LabelledCounter[];
  durationCount: LabelledCounter[];
  /** The duration histogram's cumulative buckets (`le`, seconds), by operation and status; empty when not exported. */
  durationBucket: BucketCounter[];
  /** Instantaneous gauges read at scrape time: workers busy and requests waiting (empty when not exported). */
  busyWorkers: PromSeries[];
  queueLength: PromSeries[];
}

/** One cumulative bucket counter of a duration histogram: answers of `op`/`status` that took at most `le` seconds. */
export interface BucketCounter extends LabelledCounter {
  le: number;
}

export interface LabelledCounter {
  op: string;
  status: string;
  series: PromSeries;
}

/** CPU counters capsim recognises, preferred first: cAdvisor's per container, a process's own. */
export const CPU_METRICS = ['container_cpu_usage_seconds_total', 'process_cpu_seconds_total'] as const;
/** Labels that name the pod, preferred first. */
export const POD_LABELS = ['pod', 'replica', 'instance'] as const;
/** Labels that name the operation, preferred first. */
export const OP_LABELS = ['op', 'operation', 'route', 'handler', 'endpoint', 'name'] as const;
/** Labels that hold the response status. */
export const STATUS_LABELS = ['status', 'code', 'status_code'] as const;

/** A label matcher `name=value` (exact), from --prometheus-match. */
export interface LabelMatch {
  name: string;
  value: string;
}

/** Series sorted by what they measure (by name in an export, by the query that returned them from a URL). */
export interface TelemetryRoles {
  /** CPU seconds counters. */
  cpu: PromSeries[];
  /** Completed requests counters (with an operation label). */
  requests: PromSeries[];
  /** The duration histogram's `_sum` and `_count` (with an operation label). */
  durationSum: PromSeries[];
  durationCount: PromSeries[];
  /** Optional, for `capsim validate`: the histogram's `_bucket` series (with `le`), and the busy-worker and queue-length gauges. */
  durationBucket?: PromSeries[];
  busyWorkers?: PromSeries[];
  queueLength?: PromSeries[];
}

/** Gauges recognised by name in an export: workers busy, requests waiting (e.g. `payment_workers_busy`, `payment_queue_length`). */
export const BUSY_WORKERS_NAME = /(workers_busy|busy_workers|workers_in_use)$/;
export const QUEUE_LENGTH_NAME = /(queue_length|queue_size|queue_depth|requests_queued)$/;

/**
 * Recognise the series capsim needs among an export's, by name: the CPU counter is the first of
 * CPU_METRICS present; completions are `*_requests_total` (else the duration histogram's
 * `_count`); server residence is `*_duration_seconds_sum` / `_count`. Then as recogniseRoles.
 * @throws InputError naming `source` when there is no CPU series, and what recogniseRoles throws.
 */
export function recognise(series: readonly PromSeries[], source: string, match: readonly LabelMatch[] = []): ServiceTelemetry {
  const named = (n: string) => series.filter((s) => s.labels.__name__ === n);
  const cpuMetric = CPU_METRICS.find((n) => named(n).some(isContainerSeries));
  if (cpuMetric === undefined) {
    const names = [...new Set(series.map((s) => s.labels.__name__ ?? '(no name)'))].sort();
    throw new InputError(`no CPU seconds counter: expected a series named ${CPU_METRICS.join(' or ')}, found ${names.length > 0 ? names.slice(0, 12).join(', ') : 'no series'}`, source);
  }
  const ending = (suffix: string) => series.filter((s) => (s.labels.__name__ ?? '').endsWith(suffix));
  const matching = (re: RegExp) => series.filter((s) => re.test(s.labels.__name__ ?? ''));
  return recogniseRoles(
    {
      cpu: named(cpuMetric),
      requests: ending('_requests_total'),
      durationSum: ending('_duration_seconds_sum'),
      durationCount: ending('_duration_seconds_count'),
      durationBucket: ending('_duration_seconds_bucket'),
      busyWorkers: matching(BUSY_WORKERS_NAME),
      queueLength: matching(QUEUE_LENGTH_NAME),
    },
    source,
    match,
  );
}

/**
 * Group the series by pod: the pod is named by the first of POD_LABELS that every CPU series has
 * (cAdvisor's pod-level `container=""` and pause `container="POD"` series left out: they double
 * count); counters need an operation label (OP_LABELS). Series failing `match` are dropped.
 * Without request counters the duration histogram's `_count` counts completions.
 * @throws InputError naming `source` when no CPU series is left after `match`, or it has no pod label.
 */
export function recogniseRoles(roles: TelemetryRoles, source: string, match: readonly LabelMatch[] = []): ServiceTelemetry {
  const matches = (s: PromSeries): boolean => match.every((m) => s.labels[m.name] === m.value);
  const allCpu = roles.cpu.filter(isContainerSeries);
  const cpu = allCpu.filter(matches);
  if (cpu.length === 0) {
    const shown = allCpu.slice(0, 4).map((s) => seriesName(s.labels)).join(', ');
    throw new InputError(`the label match ${match.map((m) => `${m.name}=${JSON.stringify(m.value)}`).join(',')} matches no pod's CPU series; expected one of: ${shown}`, source, '--prometheus-match');
  }
  const cpuMetric = cpu[0]!.labels.__name__ ?? 'CPU query';
  const podLabel = POD_LABELS.find((l) => cpu.every((s) => s.labels[l] !== undefined));
  if (podLabel === undefined) throw new InputError(`the CPU series ${seriesName(cpu[0]!.labels)} has no pod label: expected one of ${POD_LABELS.join(', ')}`, source);
  type PodCounter = LabelledCounter & { pod: string };
  const counters = (xs: readonly PromSeries[]): PodCounter[] =>
    xs.filter(matches).flatMap((s) => {
      const op = labelOf(s, OP_LABELS);
      const pod = s.labels[podLabel];
      return op === undefined || pod === undefined ? [] : [{ op, status: labelOf(s, STATUS_LABELS) ?? '', series: s, pod }];
    });
  const durationCount = counters(roles.durationCount);
  const durationSum = counters(roles.durationSum);
  let requests = counters(roles.requests);
  if (requests.length === 0) requests = durationCount;
  const durationBucket = counters(roles.durationBucket ?? []).flatMap((c) => {
    const le = c.series.labels.le;
    return le === undefined ? [] : [{ ...c, le: le === '+Inf' ? Infinity : Number(le) }];
  });
  const gauges = (xs: readonly PromSeries[] | undefined, pod: string): PromSeries[] => (xs ?? []).filter((s) => matches(s) && s.labels[podLabel] === pod);
  const pods = [...new Set(cpu.map((s) => s.labels[podLabel] as string))].sort();
  const of = (xs: PodCounter[], pod: string): LabelledCounter[] => xs.filter((c) => c.pod === pod).map(({ op, status, series: s }) => ({ op, status, series: s }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [...roles.cpu, ...roles.requests]) {
    if (s.timesS.length === 0) continue;
    lo = Math.min(lo, s.timesS[0] as number);
    hi = Math.max(hi, s.timesS[s.timesS.length - 1] as number);
  }
  return {
    source,
    spanS: [lo, hi],
    pods: pods.map((pod) => ({
      pod,
      podLabel,
      cpu: cpu.filter((s) => s.labels[podLabel] === pod),
      cpuMetric,
      requests: of(requests, pod),
      durationSum: of(durationSum, pod),
      durationCount: of(durationCount, pod),
      durationBucket: durationBucket.filter((c) => c.pod === pod).map(({ op, status, le, series: s }) => ({ op, status, le, series: s })),
      busyWorkers: gauges(roles.busyWorkers, pod),
      queueLength: gauges(roles.queueLength, pod),
    })),
  };
}

/** cAdvisor exports a pod total (`container=""`) and the pause container (`POD`) besides each container. */
function isContainerSeries(s: PromSeries): boolean {
  const c = s.labels.container;
  return c === undefined || (c !== '' && c !== 'POD');
}

function labelOf(s: PromSeries, names: readonly string[]): string | undefined {
  for (const n of names) if (s.labels[n] !== undefined) return s.labels[n];
  return undefined;
}

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

/**
 * Recognise the series capsim needs, per pod:
 * - CPU: the first of CPU_METRICS present (cAdvisor's pod-level `container=""` and pause
 *   `container="POD"` series left out: they double count);
 * - completions: `*_requests_total` with an operation label (else the duration histogram's `_count`);
 * - server residence: `*_duration_seconds_sum` / `_count` with an operation label.
 * The pod is named by the first of POD_LABELS on the CPU series. Series failing `match` are dropped.
 * @throws InputError naming `source` when there is no CPU series, or `match` leaves no pod.
 */
export function recognise(series: readonly PromSeries[], source: string, match: readonly LabelMatch[] = []): ServiceTelemetry {
  const matches = (s: PromSeries): boolean => match.every((m) => s.labels[m.name] === m.value);
  const named = (n: string) => series.filter((s) => s.labels.__name__ === n);
  const cpuMetric = CPU_METRICS.find((n) => named(n).some(isContainerSeries));
  if (cpuMetric === undefined) {
    const names = [...new Set(series.map((s) => s.labels.__name__ ?? '(no name)'))].sort();
    throw new InputError(`no CPU seconds counter: expected a series named ${CPU_METRICS.join(' or ')}, found ${names.length > 0 ? names.slice(0, 12).join(', ') : 'no series'}`, source);
  }
  const allCpu = named(cpuMetric).filter(isContainerSeries);
  const cpu = allCpu.filter(matches);
  if (cpu.length === 0) {
    const shown = allCpu.slice(0, 4).map((s) => seriesName(s.labels)).join(', ');
    throw new InputError(`the label match ${match.map((m) => `${m.name}=${JSON.stringify(m.value)}`).join(',')} matches no pod's CPU series; expected one of: ${shown}`, source, '--prometheus-match');
  }
  const podLabel = POD_LABELS.find((l) => cpu.every((s) => s.labels[l] !== undefined));
  if (podLabel === undefined) throw new InputError(`the CPU series ${seriesName(cpu[0]!.labels)} has no pod label: expected one of ${POD_LABELS.join(', ')}`, source);
  const counters = (pick: (name: string) => boolean): LabelledCounter[] =>
    series
      .filter((s) => pick(s.labels.__name__ ?? '') && matches(s))
      .flatMap((s) => {
        const op = labelOf(s, OP_LABELS);
        return op === undefined ? [] : [{ op, status: labelOf(s, STATUS_LABELS) ?? '', series: s, pod: s.labels[podLabel] }];
      })
      .filter((c) => c.pod !== undefined) as (LabelledCounter & { pod: string })[];
  let requests = counters((n) => n.endsWith('_requests_total')) as (LabelledCounter & { pod: string })[];
  const durationCount = counters((n) => n.endsWith('_duration_seconds_count')) as (LabelledCounter & { pod: string })[];
  const durationSum = counters((n) => n.endsWith('_duration_seconds_sum')) as (LabelledCounter & { pod: string })[];
  if (requests.length === 0) requests = durationCount;
  const pods = [...new Set(cpu.map((s) => s.labels[podLabel] as string))].sort();
  const of = (xs: (LabelledCounter & { pod: string })[], pod: string): LabelledCounter[] => xs.filter((c) => c.pod === pod).map(({ op, status, series: s }) => ({ op, status, series: s }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
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

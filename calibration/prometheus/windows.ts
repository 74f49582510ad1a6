import { InputError } from '../../input/inputError.js';
import type { UtilizationWindow } from '../fit/utilizationLaw.js';
import { counterIncrease } from './counters.js';
import type { LabelledCounter, PodTelemetry, ServiceTelemetry } from './telemetry.js';

export interface WindowOptions {
  /** The k6 run, unix seconds: first request start and last response. */
  runS: [number, number];
  /** Operation names in the model's order. */
  operations: readonly string[];
  /** Length of one utilization-law window, seconds. */
  windowS: number;
  /** Windows may start this long before the run and end this long after it (idle CPU). */
  padS: number;
  /** CPU capacity of one pod, cores (its limit; a single-threaded process: 1). */
  podCores: number;
  /** Which run these windows belong to (for stratified resampling). */
  run: number;
}

/**
 * Cut each pod's counters into consecutive windows of `windowS` over the k6 run (± `padS`): per
 * window the CPU seconds the pod used and the requests it completed, 2xx by operation and the
 * rest (rejections, errors, operations the model does not have). Both come from the same scrape
 * of the same target, so a window's CPU and completions cover the same instants. Windows are
 * aligned on the CPU series' own evaluation grid. O(windows × series).
 * @throws InputError naming the source when the telemetry does not overlap the run, or no request
 *   counter names any of the model's operations.
 */
export function telemetryWindows(t: ServiceTelemetry, o: WindowOptions): UtilizationWindow[] {
  const [from, to] = [o.runS[0] - o.padS, o.runS[1] + o.padS];
  if (t.spanS[1] < o.runS[0] || t.spanS[0] > o.runS[1])
    throw new InputError(`the series cover ${iso(t.spanS[0])} to ${iso(t.spanS[1])}, which does not overlap the k6 run (${iso(o.runS[0])} to ${iso(o.runS[1])}); expected Prometheus data of the same run`, t.source);
  const known = new Set(o.operations);
  if (!t.pods.some((p) => p.requests.some((c) => known.has(c.op)))) {
    const seen = [...new Set(t.pods.flatMap((p) => p.requests.map((c) => c.op)))].sort();
    throw new InputError(`no request counter names an operation of the scenario (${o.operations.join(', ')}); found operations: ${seen.length > 0 ? seen.join(', ') : 'no request counters (expected *_requests_total or *_duration_seconds_count with an op label)'}`, t.source);
  }
  const out: UtilizationWindow[] = [];
  for (const pod of t.pods) {
    const grid = pod.cpu[0]!.timesS.filter((x) => x >= from && x <= to);
    const firstScrape = pod.cpu.reduce((a, s) => Math.min(a, s.timesS.length > 0 ? (s.timesS[0] as number) : Infinity), Infinity);
    let start = grid[0];
    for (const x of grid) {
      if (start === undefined || x - start < o.windowS - 1e-6) continue;
      out.push(podWindow(pod, start, x, firstScrape, o));
      start = x;
    }
  }
  return out;
}

function podWindow(pod: PodTelemetry, a: number, b: number, firstScrape: number, o: WindowOptions): UtilizationWindow {
  // A labelled counter that appears after the target was first scraped was created by its first
  // increment (prom-client, client_golang): it was 0 before.
  const inc = (c: LabelledCounter): number => counterIncrease(c.series, a, b, (c.series.timesS[0] ?? Infinity) > firstScrape);
  const okByOp = o.operations.map(() => 0);
  let other = 0;
  for (const c of pod.requests) {
    const k = o.operations.indexOf(c.op);
    const n = inc(c);
    if (k >= 0 && /^2\d\d$/.test(c.status)) okByOp[k] = (okByOp[k] as number) + n;
    else other += n;
  }
  const cpuS = pod.cpu.reduce((s, x) => s + counterIncrease(x, a, b, false), 0);
  return { run: o.run, pod: pod.pod, fromS: a, toS: b, cpuS, okByOp, other, cores: o.podCores, inLoad: a >= o.runS[0] && b <= o.runS[1] };
}

function iso(s: number): string {
  return Number.isFinite(s) ? new Date(s * 1000).toISOString() : 'nothing';
}

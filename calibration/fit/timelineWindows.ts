import type { Timeline } from '../recorder/readTimeline.js';
import type { RunReplay } from '../replay.js';
import type { UtilizationWindow } from './utilizationLaw.js';

/**
 * Utilization-law windows from a recorded timeline's podMetrics (metrics.k8s.io, as
 * metrics-server serves them: each pod's mean CPU over its window, about 15 s, ending at its
 * timestamp) and the k6 run's completions. k6 does not know which pod answered, so one window
 * is one podMetrics sample of all pods together: their CPU summed, every response k6 received
 * inside the window, and `cores` = pods × podCores. Samples repeated by the recorder (the same
 * timestamp polled twice) count once. O(samples × requests).
 */
export function timelineWindows(tl: Timeline, replay: RunReplay, run: number, operations: readonly string[], podCores: number): UtilizationWindow[] {
  const runFrom = replay.startEpochMs;
  const runTo = replay.startEpochMs + replay.lastEndMs;
  const seen = new Set<string>();
  const out: UtilizationWindow[] = [];
  for (const line of tl.lines) {
    if (line.kind !== 'podMetrics' || line.pods.length === 0) continue;
    const first = line.pods[0]!;
    const toMs = Date.parse(first.timestamp ?? line.t);
    const windowMs = first.windowMs ?? 0;
    if (!(windowMs > 0) || seen.has(String(toMs))) continue;
    const fromMs = toMs - windowMs;
    // Only windows that overlap the load: a long recording's idle hours would otherwise dominate.
    if (toMs <= runFrom || fromMs >= runTo) continue;
    seen.add(String(toMs));
    const okByOp = operations.map(() => 0);
    let other = 0;
    for (let i = 0; i < replay.timesMs.length; i++) {
      const end = runFrom + (replay.timesMs[i] as number) + (replay.durationMs[i] as number);
      if (end <= fromMs || end > toMs) continue;
      const s = replay.status[i] as number;
      if (s === 0) continue; // failed inside the client: never reached a pod
      const op = replay.ops[i] as number;
      if (s >= 200 && s < 300) okByOp[op] = (okByOp[op] as number) + 1;
      else other++;
    }
    const cpuS = line.pods.reduce((a, p) => a + (p.cpuMillicores / 1000) * ((p.windowMs ?? windowMs) / 1000), 0);
    out.push({ run, pod: 'all pods', fromS: fromMs / 1000, toS: toMs / 1000, cpuS, okByOp, other, cores: podCores * line.pods.length, inLoad: fromMs >= runFrom && toMs <= runTo });
  }
  return out;
}

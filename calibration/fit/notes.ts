import type { Estimate } from './bootstrap.js';
import type { CpuSearchResult } from './cpuSearch.js';

/** The model file's notes on what the data could and could not identify. */
export function identifiabilityNotes(workers: Estimate, search: CpuSearchResult, names: readonly string[], cpuMeasured = false, clientGapMs = 0): string[] {
  const downstream =
    clientGapMs > 0
      ? `Downstream = low-load k6 latency − client gap (${clientGapMs} ms, simulated separately) − CPU${cpuMeasured ? ' − wake-up' : ''}.`
      : `Downstream = low-load k6 latency − CPU${cpuMeasured ? ' − wake-up' : ''}: it includes the client-side gap (k6 duration − server residence, ~1-1.5 ms below saturation), which only the service's duration histogram (--prometheus) measures; the model's client gap is 0.`;
  if (cpuMeasured)
    return [
      downstream,
      ...(workers.interval?.[1] === null ? [`Workers per pod not identifiable from these runs (${workers.method}).`] : []),
    ];
  const wide = names.filter((_, k) => {
    const iv = search.intervals[k] as [number, number];
    return iv[1] - iv[0] > 0.5 * Math.max(search.cpuMs[k] as number, 1);
  });
  return [
    downstream,
    'CPU is identified from k6 data alone only by requests that start within 6 ms of the previous one on the same pod (crowding groups) and by how little p50/p95 grow with load; the values include per-request CPU outside the handler (HTTP parsing, GC) at the calibration loads.',
    ...(wide.length > 0 ? [`Weakly identified (interval wider than half the estimate): CPU of ${wide.join(', ')}; a timeline with podMetrics (--timeline) or a run nearer saturation narrows it.`] : []),
    ...(search.wakeupInterval[1] - search.wakeupInterval[0] >= 0.5
      ? [`CPU wake-up cost not identified by k6 latency below saturation (any value in [${search.wakeupInterval[0]}, ${search.wakeupInterval[1]}] ms fits as well): a request that finds the CPU idle pays it but its downstream, fitted as low-load latency − CPU − wake-up, gives it back, and a request queued behind it waits for it but pays none itself, so latencies do not move; only the CPU-bound capacity of a saturated run or podMetrics CPU per request at two loads measure it.`]
      : []),
    ...(workers.interval?.[1] === null ? [`Workers per pod not identifiable from these runs (${workers.method}).`] : []),
  ];
}

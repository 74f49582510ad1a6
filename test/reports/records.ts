import type { RunRecord } from '../../reports/runRecord.js';
import type { SeriesColumn } from '../../sim/metrics/timeSeries.js';
import type { RunSummary } from '../../sim/results.js';

const lat = (p: number) => ({ mean: p, p50: p, p90: p, p95: p, p99: p, max: p, count: 1 }) as unknown as RunSummary['latencyMs'];

/**
 * A hand-made record for report tests: `rows` intervals of 60 s, every column given by `cols`
 * (a constant or one value per row), everything else zero. Numbers chosen to make the
 * recommendation arithmetic easy to follow.
 */
export function syntheticRecord(cols: Partial<Record<SeriesColumn, number | number[]>>, over: Partial<RunRecord> = {}, rows = 4): RunRecord {
  const tSeconds = Array.from({ length: rows }, (_, i) => i * 60);
  const columns: Partial<Record<SeriesColumn, number[]>> = {};
  for (const [c, v] of Object.entries(cols)) columns[c as SeriesColumn] = Array.isArray(v) ? v : tSeconds.map(() => v as number);
  const summary = {
    scenario: 'synthetic',
    seed: 1,
    durationSeconds: rows * 60,
    requests: { arrived: 1000, firstAttempts: 1000, retries: 0, completed: 990, rejected: 5, errors: 3, timedOut: 2, gaveUp: 0, unfinished: 0, droppedIterations: 0 },
    latencyMs: lat(100),
    latencyAllMs: lat(100),
    queueWaitMs: lat(1),
    waitProbability: 0,
    errorRate: 0.01,
    throughputRps: 10,
    replicas: { min: 2, max: 4, mean: 3, peakDesired: 5 },
    podSeconds: 720,
    podHours: 0.2,
    cpuUtilization: { mean: 0.5 },
    cost: { total: 1.5, perHour: 0.5, pods: 1.5, nodes: null },
    scaling: { timeToScaleSeconds: 90, overloadedSeconds: 120, scaleUps: 2, scaleDowns: 1, peakReady: 4, peakPending: 0 },
    pods: { oomKills: 0, vpaEvictions: 0, vpaResizes: 0 },
    perOperation: { authorize: { arrived: 1000, completed: 990, rejected: 5, errors: 3, timedOut: 2, errorRate: 0.01, latencyMs: lat(100), queueWaitMs: lat(1) } },
  } as RunSummary;
  return {
    name: 'synthetic',
    label: 'synthetic',
    summary,
    verdicts: [{ scope: 'authorize', objective: 'p99 latency', unit: 'ms', target: 300, predicted: 100, pass: true, margin: 2 / 3 }],
    series: { intervalSeconds: 60, tSeconds, columns },
    operationSeries: null,
    events: [],
    scenarioText: 'name: synthetic\n',
    manifests: [],
    setup: { podCpuRequestMillicores: 500, podMemoryRequestBytes: 2 ** 30, workersPerPod: 10, idleCpuMillicores: 0, currency: 'USD', hpa: null, nodeGroups: null },
    targetSearch: null,
    ...over,
  };
}

import { InputError } from '../../input/inputError.js';
import { readPrometheusExport } from '../prometheus/exportFolder.js';
import { queryTelemetry } from '../prometheus/httpApi.js';
import type { LabelMatch, ServiceTelemetry } from '../prometheus/telemetry.js';
import { telemetryWindows } from '../prometheus/windows.js';
import type { RunReplay } from '../replay.js';
import type { UtilizationWindow } from './utilizationLaw.js';

/** Utilization-law windows, seconds: long enough that a request straddling an edge is a small error. */
export const WINDOW_S = 5;
/** Idle time kept around each run, seconds: it measures the CPU the pod uses without requests. */
export const PAD_S = 10;

/** CPU telemetry of the calibration runs, ready for the utilization law. */
export interface CpuTelemetry {
  /** What measured the CPU: the service's counters scraped by Prometheus, or metrics.k8s.io samples in a recorded timeline. */
  kind: 'prometheus' | 'timeline';
  /** Where each part came from (folders, URLs), in order. */
  sources: string[];
  /** Which CPU counter was read. */
  metrics: string[];
  /** The k6 file of each run index the windows refer to. */
  runFiles: string[];
  /** Each Prometheus source with the run (index) it covers; empty for podMetrics. */
  perRun: { run: number; telemetry: ServiceTelemetry }[];
  windows: UtilizationWindow[];
}

/**
 * Windows of each telemetry source, each assigned to the k6 run it overlaps most (sources may be
 * given in any order; a run may have none).
 * @throws InputError naming the source when it overlaps no run (telemetryWindows), and for a run
 *   given two sources.
 */
export function telemetryForRuns(sources: readonly ServiceTelemetry[], runs: readonly RunReplay[], operations: readonly string[], podCores: number): CpuTelemetry {
  const windows: UtilizationWindow[] = [];
  const perRun: CpuTelemetry['perRun'] = [];
  const taken = new Map<number, string>();
  for (const t of sources) {
    const overlap = runs.map((r) => {
      const [a, b] = runSpanS(r);
      return Math.min(b, t.spanS[1]) - Math.max(a, t.spanS[0]);
    });
    const best = overlap.indexOf(overlap.reduce((a, b) => Math.max(a, b), -Infinity));
    const run = runs[best] as RunReplay;
    const prev = taken.get(best);
    if (prev !== undefined && (overlap[best] as number) > 0) throw new InputError(`covers the same k6 run (${run.file}) as ${prev}: expected one Prometheus source per run`, t.source);
    taken.set(best, t.source);
    perRun.push({ run: best, telemetry: t });
    for (const w of telemetryWindows(t, { runS: runSpanS(run), operations, windowS: WINDOW_S, padS: PAD_S, podCores, run: best })) windows.push(w);
  }
  return { kind: 'prometheus', perRun, runFiles: runs.map((r) => r.file), sources: [...new Set(sources.map((s) => s.source))], metrics: [...new Set(sources.flatMap((s) => s.pods.map((p) => p.cpuMetric)))], windows };
}

/** Ask a live Prometheus for the counters over one run's window (± PAD_S). */
export function queryRunTelemetry(url: string, run: RunReplay, queries: Partial<Record<string, string>>, match: readonly LabelMatch[]): Promise<ServiceTelemetry> {
  const [a, b] = runSpanS(run);
  return queryTelemetry({ url, startS: a - PAD_S, endS: b + PAD_S, queries, match });
}

/** Read `--prometheus DIR` folders. */
export async function readExports(dirs: readonly string[], match: readonly LabelMatch[]): Promise<ServiceTelemetry[]> {
  const out: ServiceTelemetry[] = [];
  for (const d of dirs) out.push(await readPrometheusExport(d, match));
  return out;
}

/** The run's first request start and last response, unix seconds. */
export function runSpanS(r: RunReplay): [number, number] {
  return [r.startEpochMs / 1000, (r.startEpochMs + r.lastEndMs) / 1000];
}

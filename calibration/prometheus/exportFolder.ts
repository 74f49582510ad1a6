import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../input/inputError.js';
import { parseQueryRange, type PromSeries } from './queryRange.js';
import { recognise, type LabelMatch, type ServiceTelemetry } from './telemetry.js';

/**
 * Read a folder of Prometheus `query_range` responses (`*.json`, one expression each, as saved
 * from `/api/v1/query_range`) and recognise the service's series (telemetry.ts). When one metric
 * is in several files (the same expression at step 1 s and 5 s, or an instant query of raw
 * samples), the file with the finest regular step wins: every counter is then read on the same
 * evaluation grid, so increases over a window compare like with like. Series without a metric name
 * (`rate(...)` results) are ignored: capsim takes increases of the counters itself.
 * @throws InputError naming the folder or file: unreadable, no JSON files, a file that is not a
 *   matrix response, and what recognise throws.
 * @example (await readPrometheusExport('run/prometheus')).pods[0]?.cpuMetric // 'process_cpu_seconds_total'
 */
export async function readPrometheusExport(dir: string, match: readonly LabelMatch[] = []): Promise<ServiceTelemetry> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    throw new InputError(`cannot read the Prometheus export folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; expected a folder of query_range JSON files`, dir);
  }
  if (names.length === 0) throw new InputError('no *.json files: expected a folder of Prometheus query_range responses (one expression per file)', dir);
  const best = new Map<string, { step: number; series: PromSeries[] }>();
  for (const name of names) {
    const file = join(dir, name);
    const series = parseQueryRange(await readFile(file, 'utf8'), file);
    const step = regularStep(series);
    const byMetric = new Map<string, PromSeries[]>();
    for (const s of series) {
      const metric = s.labels.__name__;
      if (metric === undefined) continue;
      byMetric.set(metric, [...(byMetric.get(metric) ?? []), s]);
    }
    for (const [metric, xs] of byMetric) {
      const prev = best.get(metric);
      if (prev === undefined || step < prev.step) best.set(metric, { step, series: xs });
    }
  }
  const all = [...best.keys()].sort().flatMap((m) => best.get(m)!.series);
  return recognise(all, dir, match);
}

/** The step of a range query's evaluation grid (seconds); Infinity for irregular raw samples. */
function regularStep(series: readonly PromSeries[]): number {
  const s = series.find((x) => x.timesS.length > 2);
  if (s === undefined) return Infinity;
  const step = (s.timesS[1] as number) - (s.timesS[0] as number);
  for (let i = 2; i < s.timesS.length; i++) if (Math.abs((s.timesS[i] as number) - (s.timesS[i - 1] as number) - step) > 1e-6) return Infinity;
  return step;
}

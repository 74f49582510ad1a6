import { MetricStore, type StoredMetric } from './metricStore.js';
import { GaugeSink } from './sinks.js';
import { builtinDecl } from './builtinMetrics.js';
import type { WarnFn } from './warnings.js';

/** Gauges that count VUs of one runner: the test's total is the sum over runners. */
const ADDITIVE_GAUGES = new Set(['vus', 'vus_max']);

/**
 * Merge the samples of several runners of one distributed test (k6-operator,
 * `--execution-segment`) into one store, so the summary is computed over all points:
 * trend values are pooled (percentiles over every sample, never averages of percentiles),
 * counters summed, rates add passes and totals, `vus`/`vus_max` are summed across runners
 * (each runner's last level carried forward, its first one back to the start), other gauges take the min of mins, max of maxes and the latest value.
 * The time span becomes the union, so the estimated test duration covers all runners.
 * Warns when the inputs look like different tests (scenarios, thresholds or custom metrics
 * differ, or their time ranges do not overlap).
 * @example summarize(mergeStores([a.metrics, b.metrics], warn))
 */
export function mergeStores(stores: readonly MetricStore[], warn: WarnFn, label = 'merged runs'): MetricStore {
  const out = new MetricStore(label, warn, stores[0]?.trendAccuracy ?? null);
  checkSameTest(stores, warn);
  const gauges = new Map<string, GaugeSink[]>();
  for (const store of stores) {
    for (const m of store.metrics.values()) {
      const target = out.metrics.get(m.name) ?? out.create(m.name, m.type, m.contains);
      if (target.type !== m.type) {
        warn({ file: store.file, message: `metric "${m.name}" is a ${m.type} here but a ${target.type} in another run; not merged` });
        continue;
      }
      for (const t of m.thresholds) if (!target.thresholds.includes(t)) target.thresholds.push(t);
      mergeSink(target, m, gauges);
    }
    for (const s of store.scenarios) out.scenarios.add(s);
    out.checks.merge(store.checks);
    out.firstMs = Math.min(out.firstMs, store.firstMs);
    out.lastMs = Math.max(out.lastMs, store.lastMs);
    out.earliestStartMs = Math.min(out.earliestStartMs, store.earliestStartMs);
  }
  for (const [name, sinks] of gauges) {
    const target = out.metrics.get(name)!;
    out.metrics.set(name, { ...target, sink: ADDITIVE_GAUGES.has(name) ? sumAcrossRunners(sinks) : extremes(sinks) });
  }
  return out;
}

function mergeSink(target: StoredMetric, m: StoredMetric, gauges: Map<string, GaugeSink[]>): void {
  const [t, s] = [target.sink, m.sink];
  if (s.type === 'gauge') gauges.set(m.name, [...(gauges.get(m.name) ?? []), s]);
  else if (t.type === 'counter' && s.type === 'counter') t.merge(s);
  else if (t.type === 'rate' && s.type === 'rate') t.merge(s);
  else if (t.type === 'trend' && s.type === 'trend') t.merge(s);
}

/**
 * The test-wide level at each runner's sample: that runner's new value plus every other
 * runner's level at that time — its last value before, or, before its first sample, that
 * first value (runners sample once a second from their own start, so a runner that started a
 * few ms later already had its VUs; counting it as 0 would make the merged min far too low).
 * One runner alone gives back its own series.
 */
function sumAcrossRunners(sinks: readonly GaugeSink[]): GaugeSink {
  const samples: (readonly [number, number, number])[] = [];
  const levels = sinks.map((g, r) => {
    const [times, values] = [g.times.view(), g.values.view()];
    let [first, firstAt] = [0, Infinity];
    for (let i = 0; i < times.length; i++) {
      samples.push([times[i]!, r, values[i]!]);
      if (times[i]! < firstAt) [first, firstAt] = [values[i]!, times[i]!];
    }
    return first;
  });
  samples.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new GaugeSink();
  for (const [t, r, v] of samples) {
    levels[r] = v;
    out.add(levels.reduce((a, b) => a + b, 0), t);
  }
  return out;
}

function extremes(sinks: readonly GaugeSink[]): GaugeSink {
  const out = new GaugeSink();
  const latest = (g: GaugeSink): number => g.times.view().reduce((a, b) => Math.max(a, b), -Infinity);
  const ordered = sinks.filter((g) => g.times.length > 0).sort((a, b) => latest(a) - latest(b));
  for (const g of ordered) {
    out.add(g.min, latest(g));
    out.add(g.max, latest(g));
    out.add(g.value, latest(g));
  }
  return out;
}

function checkSameTest(stores: readonly MetricStore[], warn: WarnFn): void {
  const [first, ...rest] = stores;
  if (first === undefined) return;
  const describe = (s: MetricStore) => ({
    scenarios: [...s.scenarios].sort().join(', '),
    thresholds: [...s.metrics.values()].filter((m) => m.thresholds.length > 0).map((m) => `${m.name}: ${m.thresholds.join(' ')}`).sort().join('; '),
    custom: [...s.metrics.values()].filter((m) => builtinDecl(m.name) === undefined && !m.name.includes('{')).map((m) => m.name).sort().join(', '),
  });
  const ref = describe(first);
  for (const s of rest) {
    const d = describe(s);
    for (const k of ['scenarios', 'thresholds', 'custom'] as const) {
      if (d[k] !== ref[k]) warn({ file: s.file, message: `${k} differ from ${first.file} ("${d[k]}" vs "${ref[k]}"): are these runners of one test?` });
    }
    if (s.firstMs > first.lastMs || first.firstMs > s.lastMs) {
      warn({ file: s.file, message: `its time range does not overlap ${first.file}'s: runners of one distributed test run at the same time` });
    }
  }
}

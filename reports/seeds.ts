import { stringify } from 'csv-stringify/sync';
import type { RunSummary } from '../sim/results.js';
import type { SloVerdict } from './slo.js';

/** The figures compared across seeds, with their CSV headers (units in the names). */
const FIGURES: ReadonlyArray<[string, (s: RunSummary) => number]> = [
  ['arrived', (s) => s.requests.arrived],
  ['completed', (s) => s.requests.completed],
  ['error_rate', (s) => s.errorRate],
  ['latency_p50_ms', (s) => s.latencyMs.p50],
  ['latency_p95_ms', (s) => s.latencyMs.p95],
  ['latency_p99_ms', (s) => s.latencyMs.p99],
  ['throughput_rps', (s) => s.throughputRps],
  ['replicas_max', (s) => s.replicas.max],
  ['replicas_mean', (s) => s.replicas.mean],
  ['pod_hours', (s) => s.podHours],
  ['cost_total', (s) => s.cost.total],
];

export interface SeedRow {
  seed: number;
  summary: RunSummary;
  verdicts: SloVerdict[];
}

/** `seeds.csv`: one row per seed, the key figures and whether every SLO passed. */
export function seedsCsv(rows: readonly SeedRow[]): string {
  return stringify([
    ['seed', ...FIGURES.map(([h]) => h), 'slo_pass'],
    ...rows.map((r) => [r.seed, ...FIGURES.map(([, f]) => f(r.summary)), r.verdicts.every((v) => v.pass) ? 'pass' : 'fail']),
  ]);
}

/**
 * `seeds.json`: every seed's figures and, per figure, the mean, the sample standard deviation
 * and the range over the seeds (how much of a difference between two configurations is noise).
 */
export function seedsJson(rows: readonly SeedRow[]): string {
  const spread: Record<string, { mean: number; sd: number; min: number; max: number }> = {};
  for (const [h, f] of FIGURES) {
    const xs = rows.map((r) => f(r.summary));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
    spread[h] = { mean, sd, min: xs.reduce((a, b) => Math.min(a, b), Infinity), max: xs.reduce((a, b) => Math.max(a, b), -Infinity) };
  }
  const perSeed = rows.map((r) => ({ seed: r.seed, ...Object.fromEntries(FIGURES.map(([h, f]) => [h, f(r.summary)])), sloPass: r.verdicts.every((v) => v.pass) }));
  return JSON.stringify({ seeds: rows.length, sloPassShare: rows.filter((r) => r.verdicts.every((v) => v.pass)).length / rows.length, spread, perSeed }, null, 2) + '\n';
}

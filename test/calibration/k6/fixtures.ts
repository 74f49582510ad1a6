import { readFileSync } from 'node:fs';
import { loadRun } from '../../../calibration/k6/run.js';
import type { K6Run } from '../../../calibration/k6/run.js';
import type { ReaderWarning } from '../../../calibration/k6/warnings.js';
import { SHARED_FIXTURES } from '../../support/shared.js';

/** Read-only fixtures shared by the k6 reader tests (see ../shared/fixtures/k6/SOURCES.md). */
export const FIXTURES = SHARED_FIXTURES;
export const LOCAL = `${FIXTURES}/k6/local`;
export const PUBLIC = `${FIXTURES}/k6/public`;
export const CALIBRATION_RUNS = ['low', 'mid', 'overload', 'step'] as const;
export const calibration = (run: string, file: string): string => `${FIXTURES}/calibration/${run}/${file}`;

/** A `--summary-export` file as plain JSON. */
export type ExportJson = { metrics: Record<string, Record<string, unknown>> };
export const readExport = (file: string): ExportJson => JSON.parse(readFileSync(file, 'utf8')) as ExportJson;

/** The test run duration k6 used, recovered from a counter: count / rate. */
export function exportDurationMs(exp: ExportJson): number {
  const reqs = exp.metrics.http_reqs as { count: number; rate: number };
  return (reqs.count / reqs.rate) * 1000;
}

/** The trend stats a summary was written with, from the keys of a trend metric. */
export function exportTrendStats(exp: ExportJson): string[] {
  return Object.keys(exp.metrics.http_req_duration ?? {}).filter((k) => k !== 'thresholds');
}

/** Load a run, keeping its warnings. */
export async function load(file: string): Promise<{ run: K6Run; warnings: ReaderWarning[] }> {
  const warnings: ReaderWarning[] = [];
  const run = await loadRun(file, (w) => void warnings.push(w));
  return { run, warnings };
}

/** Equal to 1e-9 relative (k6 prints float64 with full precision). */
export function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
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

/**
 * Split one run into `parts` runner files (in `dir`) as `--execution-segment` stripes
 * iterations: every point goes to part rid % parts (rid = iterationInTest); Metric lines go to
 * every part; test-wide points without rid (vus, vus_max) stay with runner 0.
 */
export function splitRunners(ndjsonGz: string, parts: number, dir: string): string[] {
  const outs: string[][] = Array.from({ length: parts }, () => []);
  for (const line of gunzipSync(readFileSync(ndjsonGz)).toString('utf8').split('\n')) {
    if (line === '') continue;
    const rid = /"rid":"(\d+)"/.exec(line)?.[1];
    if (line.includes('"type":"Metric"')) outs.forEach((o) => o.push(line));
    else outs[rid === undefined ? 0 : Number(rid) % parts]!.push(line);
  }
  return outs.map((lines, i) => {
    const file = join(dir, `runner-${i}.ndjson.gz`);
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    return file;
  });
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/inputError.js';
import { readRunRecord } from '../reports/runRecordFiles.js';
import type { ExportedRun } from './openMetrics.js';

/** The run-folder format this capsim writes and reads (run.json `format`). */
export const RUN_FORMAT = 'capsim-run/1';

/**
 * A run folder read for export: its series, scenario, seed and HPA target, and the default start
 * time (the run ends when its folder was written: summary.json's modification time).
 * @throws InputError naming the folder or file: not a folder, not written by `capsim run`, or
 *   written by a capsim whose run format this one does not read.
 */
export function readRunForExport(dir: string): { run: ExportedRun; defaultStartSeconds: number } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('expected a run folder written by capsim run', dir);
  const runJson = join(dir, 'run.json');
  if (!existsSync(runJson)) throw new InputError(`expected a run folder written by capsim run (run.json with format "${RUN_FORMAT}"); this folder has no run.json`, dir);
  let format: unknown;
  try {
    format = (JSON.parse(readFileSync(runJson, 'utf8')) as { format?: unknown }).format;
  } catch (e) {
    throw new InputError(`expected JSON: ${(e as Error).message}`, runJson);
  }
  if (format !== RUN_FORMAT) throw new InputError(`written by another capsim version (${JSON.stringify(format ?? null)}); expected "${RUN_FORMAT}": re-run the scenario with this capsim`, runJson, 'format');
  const record = readRunRecord(dir);
  if (record.series.tSeconds.length === 0) throw new InputError('expected at least one interval in the time series', join(dir, 'timeseries.csv'));
  const target = record.setup?.hpa?.cpuTargetPercent ?? null;
  const seed = (record.summary as { seed?: unknown }).seed;
  if (typeof seed !== 'number') throw new InputError('expected a number', join(dir, 'summary.json'), 'seed');
  const durationSeconds = (record.series.tSeconds.at(-1) as number) + record.series.intervalSeconds;
  const writtenSeconds = Math.floor(statSync(join(dir, 'summary.json')).mtimeMs / 1000);
  return {
    run: { scenario: record.name, seed, series: record.series, hpaTargetRatio: target === null ? null : target / 100 },
    defaultStartSeconds: writtenSeconds - durationSeconds,
  };
}

/**
 * A start time as given on the command line: RFC 3339 (`2026-11-27T00:00:00Z`) or Unix seconds.
 * @throws InputError naming the flag.
 */
export function parseStartTime(text: string, flag: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new InputError(`expected an RFC 3339 time with its zone (2026-11-27T00:00:00Z) or Unix seconds, got "${text}"`, undefined, flag);
}

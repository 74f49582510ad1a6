import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertCompleteFolder } from './runFolder.js';
import { InputError } from '../input/inputError.js';
import type { RunSummary } from '../sim/results.js';
import { runHtml } from './html.js';
import { runMarkdown } from './markdown.js';
import { DEFAULT_CURRENCY, type CalibrationResults, type RunEvent, type RunRecord, type RunSetup } from './runRecord.js';
import { operationTableCsv, parseOperationSeriesCsv } from './operationSeriesTable.js';
import { parseSeriesCsv } from './seriesTable.js';

const OPERATION_CSV = 'timeseries-by-operation.csv';
import type { SloVerdict } from './slo.js';
import type { TargetSearch } from './recommendations.js';

/** `run.json`: what a report needs beyond summary.json and timeseries.csv. */
interface RunJson {
  format: 'capsim-run/1';
  name: string;
  setup: Omit<RunSetup, 'currency'> & { currency?: string };
  targetSearch: TargetSearch | null;
  manifests: Array<{ file: string; path: string }>;
}

/**
 * The report files of a run folder, next to the summary.json, timeseries.csv and operations.csv
 * that `runFiles` writes: report.html, report.md, run.json, events.json, scenario.yaml,
 * manifests/NN-<name> and calibration.json (when calibrated). Paths are relative to the folder.
 */
export function recordFiles(r: RunRecord): Record<string, string> {
  const manifests = r.manifests.map((m, i) => ({ file: m.file, path: `manifests/${String(i + 1).padStart(2, '0')}-${safeName(m.file)}` }));
  const files: Record<string, string> = {
    'report.html': runHtml(r),
    'report.md': runMarkdown(r),
    'events.json': JSON.stringify(r.events, null, 2) + '\n',
  };
  if (r.operationSeries !== null) files[OPERATION_CSV] = operationTableCsv(r.operationSeries);
  if (r.setup !== null) files['run.json'] = JSON.stringify({ format: 'capsim-run/1', name: r.name, setup: r.setup, targetSearch: r.targetSearch, manifests } satisfies RunJson, null, 2) + '\n';
  if (r.scenarioText !== null) files['scenario.yaml'] = r.scenarioText;
  r.manifests.forEach((m, i) => void (files[(manifests[i] as { path: string }).path] = m.text));
  if (r.calibration !== undefined) files['calibration.json'] = JSON.stringify(r.calibration, null, 2) + '\n';
  return files;
}

/**
 * Read a run folder written by `capsim run` back into a record. summary.json and timeseries.csv
 * are required; the other files are optional (a folder from an older capsim gives a report
 * without recommendations that need the configuration).
 * @throws InputError naming the folder or file when a required file is missing or malformed.
 */
export function readRunRecord(dir: string): RunRecord {
  const folder = resolve(dir);
  assertCompleteFolder(dir);
  if (!existsSync(join(folder, 'summary.json'))) throw new InputError('expected a run folder written by capsim run (no summary.json in it)', dir);
  const summaryJson = readJson(folder, 'summary.json') as RunSummary & { slo?: Array<Omit<SloVerdict, 'margin'> & { margin: number | null }> };
  const { slo, ...summary } = summaryJson;
  if (typeof summary.scenario !== 'string' || typeof summary.requests !== 'object') throw new InputError('expected a capsim run summary (scenario, requests...)', join(dir, 'summary.json'));
  const verdicts: SloVerdict[] = (slo ?? []).map((v) => ({ ...v, margin: v.margin ?? (v.pass ? Infinity : -Infinity) }));
  const csvFile = join(folder, 'timeseries.csv');
  if (!existsSync(csvFile)) throw new InputError('expected timeseries.csv in the run folder', dir);
  const run = optionalJson(folder, 'run.json') as RunJson | null;
  const record: RunRecord = {
    name: summary.scenario,
    label: basename(folder),
    summary,
    verdicts,
    series: parseSeriesCsv(readFileSync(csvFile, 'utf8'), csvFile),
    operationSeries: existsSync(join(folder, OPERATION_CSV)) ? parseOperationSeriesCsv(readFileSync(join(folder, OPERATION_CSV), 'utf8'), join(folder, OPERATION_CSV)) : null,
    events: (optionalJson(folder, 'events.json') as RunEvent[] | null) ?? [],
    scenarioText: existsSync(join(folder, 'scenario.yaml')) ? readFileSync(join(folder, 'scenario.yaml'), 'utf8') : null,
    manifests: (run?.manifests ?? []).map((m) => ({ file: m.file, text: readFileSync(join(folder, manifestPath(m.path, dir)), 'utf8') })),
    // run.json of an older capsim has no currency: its prices were the USD defaults.
    setup: run?.setup === undefined ? null : { ...run.setup, currency: run.setup.currency ?? DEFAULT_CURRENCY },
    targetSearch: run?.targetSearch ?? null,
  };
  const calibration = optionalJson(folder, 'calibration.json') as CalibrationResults | null;
  if (calibration !== null) record.calibration = calibration;
  return record;
}

function readJson(folder: string, name: string): unknown {
  try {
    return JSON.parse(readFileSync(join(folder, name), 'utf8'));
  } catch (e) {
    throw new InputError(`expected JSON: ${(e as Error).message}`, join(folder, name));
  }
}

function optionalJson(folder: string, name: string): unknown {
  return existsSync(join(folder, name)) ? readJson(folder, name) : null;
}

/** Only files under manifests/ of the folder are read, whatever run.json says. */
function manifestPath(path: string, dir: string): string {
  if (!/^manifests\/[A-Za-z0-9._-]+$/.test(path) || path.includes('..')) throw new InputError(`expected a path manifests/<name>, got "${path}"`, join(dir, 'run.json'), 'manifests');
  return path;
}

/** A manifest's file name made safe for a folder: its base name, other characters as `_`. */
function safeName(file: string): string {
  return basename(file).replace(/[^A-Za-z0-9._-]/g, '_') || 'manifest.yaml';
}

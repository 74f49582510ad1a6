import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRun, prepareRun } from '../app/runScenario.js';
import { simulate } from '../sim/run.js';
import { profileDurationMs } from '../sim/traffic/stages.js';
import { k6ScenarioFile } from '../app/k6Scenario.js';
import { ensureK6Bundle } from '../app/k6Bundle.js';
import { InputError } from '../input/inputError.js';
import { resolveScenario } from '../input/resolveScenario.js';
import { library } from '../scenarios/library/index.js';
import { k6Plan, type K6Request } from '../scenarios/toK6Options.js';
import { summarizeFiles } from './k6/summarizeFiles.js';
import { crossedMetrics } from './k6/summary.js';
import type { ThresholdSet } from './k6/thresholdConfig.js';
import type { ThresholdConfig } from './k6/thresholds.js';
import type { WarnFn } from './k6/warnings.js';
import type { GateVerdict } from './gateReport.js';

export interface GateOptions {
  readonly scenario: string;
  readonly manifests?: string[];
  readonly seed?: number;
  /** k6 results of the change (--out json/csv files of the runners, or one summary JSON). */
  readonly k6?: readonly string[];
  /** Run the k6 smoke test against this deployed service (needs k6 on PATH). */
  readonly baseUrl?: string;
  readonly request?: Omit<K6Request, 'baseUrl'>;
  readonly warn: WarnFn;
  /** Told the simulated time so far and the run's horizon, ms (a whole day takes a minute or two). */
  readonly onProgress?: (doneMs: number, totalMs: number) => void;
}

/**
 * A pull-request gate: simulate the scenario (with the changed manifests) and check its SLOs;
 * when k6 results are given, or a base URL to run the k6 smoke test against, decide the
 * scenario's k6 thresholds over them as k6 does, and compare predicted with measured p95 per
 * operation. Passes when every simulated SLO and every threshold holds.
 * @throws InputError for bad input, or a base URL without k6 on PATH.
 */
export async function gate(o: GateOptions): Promise<GateVerdict> {
  const sf = resolveScenario(o.scenario);
  const prepared = prepareRun(sf, { ...(o.manifests !== undefined ? { manifests: o.manifests } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  const horizonMs = profileDurationMs(prepared.config.traffic.profile) + prepared.config.output.drainMs;
  const progress = o.onProgress;
  const run = completeRun(sf, prepared, simulate(prepared.config, [], progress ? { onProgress: (now) => progress(now, horizonMs) } : {}));
  progress?.(horizonMs, horizonMs);
  const predictedP95Ms: Record<string, number> = {};
  for (const [op, s] of Object.entries(run.result.summary.perOperation)) if (s.latencyMs !== undefined) predictedP95Ms[op] = s.latencyMs.p95;
  const files = o.baseUrl !== undefined ? [await runK6Smoke(o.scenario, o.baseUrl, o.request ?? {})] : (o.k6 ?? []);
  const k6 = files.length === 0 ? undefined : await summarizeFiles(files, { thresholds: scenarioThresholds(sf.spec, o.request ?? {}), warn: o.warn });
  const pass = run.verdicts.every((v) => v.pass) && (k6 === undefined || crossedMetrics(k6).length === 0);
  return { scenario: sf.spec.name, slos: run.verdicts, ...(k6 !== undefined ? { k6 } : {}), predictedP95Ms, pass };
}

/** The thresholds the scenario's k6 options carry, plus every operation's duration sub-metric (for the p95 comparison). */
function scenarioThresholds(spec: Parameters<typeof k6Plan>[0], request: Omit<K6Request, 'baseUrl'>): ThresholdSet {
  const byMetric = new Map<string, ThresholdConfig[]>();
  for (const op of Object.keys(spec.workload.operations)) byMetric.set(`http_req_duration{name:${op}}`, []);
  for (const [name, list] of Object.entries(k6Plan(spec, request).options.thresholds ?? {})) {
    byMetric.set(name, list.map((t) => (typeof t === 'string' ? { source: t, abortOnFail: false } : { source: t.threshold, abortOnFail: t.abortOnFail ?? false })));
  }
  return { file: `${spec.name} (thresholds from its SLOs)`, byMetric };
}

/**
 * `k6 run` of the scenario's script against `baseUrl` (k6's own progress on stderr), samples to a
 * temporary NDJSON file. k6's exit 99 (thresholds crossed) is a result, not a failure.
 * @throws InputError when k6 is not on PATH or the run fails otherwise.
 */
async function runK6Smoke(scenario: string, baseUrl: string, request: Omit<K6Request, 'baseUrl'>): Promise<string> {
  const version = spawnSync('k6', ['version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) throw new InputError('k6 is not on PATH: install k6 (0.48 or later) to run the smoke test, or give its results with --k6', undefined, '--base-url');
  const dir = mkdtempSync(join(tmpdir(), 'capsim-gate-'));
  const env = [`BASE_URL=${baseUrl}`, ...(request.timeCompression !== undefined ? [`TIME_COMPRESSION=${request.timeCompression}`] : []), ...(request.scale !== undefined ? [`SCALE=${request.scale}`] : [])];
  if (library[scenario] !== undefined) env.push(`SCENARIO=${scenario}`);
  else {
    writeFileSync(join(dir, 'scenario.json'), k6ScenarioFile(scenario).text);
    env.push(`SCENARIO_FILE=${join(dir, 'scenario.json')}`);
  }
  const out = join(dir, 'k6.ndjson');
  const bundle = (await ensureK6Bundle()).path;
  const r = spawnSync('k6', ['run', '--quiet', '--out', `json=${out}`, ...env.flatMap((e) => ['-e', e]), bundle], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 && r.status !== 99) throw new InputError(`k6 run exited ${r.status ?? r.signal}: see its messages above`, undefined, '--base-url');
  return out;
}

/**
 * The payment load test: one k6 entry for every library scenario.
 *
 *   k6 run -e SCENARIO=black-friday -e BASE_URL=http://127.0.0.1:8080 loadtests/payments.ts
 *   npm run build:k6 && k6 run -e SCENARIO=steady-authorize -e TIME_COMPRESSION=60 -e SCALE=0.05 dist/k6/payments.js
 *
 * Modern k6 runs this file directly: it strips types file by file and loads import paths as
 * written (grafana/k6 internal/js/compiler, internal/loader), so every runtime import in this
 * module graph names its `.ts` file (tsc rewrites them to `.js` for Node;
 * test/loadtests/k6ImportGraph.test.ts keeps it so). k6 0.48 and the k6-operator run the bundle.
 *
 * Options come from the scenario (scenarios/toK6Options.ts): an open model, iterations started on
 * the arrival-rate schedule whatever the response times, so there is no sleep() here. Each
 * iteration sends one request; its operation is picked by a hash of exec.scenario.iterationInTest
 * (sim/traffic/mix.ts pickForIteration), the function the simulator's k6 mode uses, so a run can
 * be compared with a simulation request by request. Requests go only to BASE_URL.
 *
 * Environment: SCENARIO (library name, default the library default), BASE_URL (default
 * http://127.0.0.1:8080), TIME_COMPRESSION (default 1), SCALE (default 1), MIX_SEED (default the
 * scenario's), SUMMARY_FILE (default summary.json).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { DEFAULT_SCENARIO, library, scenarioNames } from '../scenarios/library/index.ts';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { k6Plan } from '../scenarios/toK6Options.ts';
import { pickForIteration } from '../sim/traffic/mix.ts';
import { textSummary, type SummaryData } from './summary.ts';

const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

const scenarioName = __ENV['SCENARIO'] || DEFAULT_SCENARIO;
const baseUrl = (__ENV['BASE_URL'] || DEFAULT_BASE_URL).replace(/\/+$/, '');
const plan = k6Plan(scenarioByName(scenarioName), {
  timeCompression: numberEnv('TIME_COMPRESSION', 1),
  scale: numberEnv('SCALE', 1),
  baseUrl,
});
const mixSeed = __ENV['MIX_SEED'] ? integerEnv('MIX_SEED') : plan.mixSeed;
const summaryFile = __ENV['SUMMARY_FILE'] || 'summary.json';

export const options: Options = plan.options;

export default function (): void {
  const iteration = exec.scenario.iterationInTest;
  const op = plan.mix.names[pickForIteration(plan.mix, iteration, mixSeed)] as string;
  const res = http.post(`${baseUrl}/${op}`, JSON.stringify({ iteration }), {
    headers: { 'Content-Type': 'application/json', 'X-Req-Id': String(iteration) },
    tags: { name: op },
    timeout: plan.requestTimeout,
  });
  check(res, { 'status is 200': (r) => r.status === 200 });
}

/** summary.json is the handleSummary argument as k6 gives it (calibration reads it); stdout a short text summary. */
export function handleSummary(data: SummaryData): Record<string, string> {
  return { [summaryFile]: JSON.stringify(data, null, 2), stdout: textSummary(data) };
}

function scenarioByName(name: string): ScenarioSpec {
  const spec = library[name];
  if (spec === undefined) throw new Error(`unknown scenario "${name}" (SCENARIO): expected one of ${scenarioNames().join(', ')}`);
  return spec;
}

function numberEnv(key: string, fallback: number): number {
  const raw = __ENV[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${key}: expected a number > 0, got "${raw}"`);
  return n;
}

function integerEnv(key: string): number {
  const raw = __ENV[key] ?? '';
  if (!/^-?\d+$/.test(raw)) throw new Error(`${key}: expected a whole number, got "${raw}"`);
  return Number(raw);
}

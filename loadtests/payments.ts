/**
 * The load test of any service declared in a scenario: one k6 entry for every scenario.
 *
 *   k6 run -e SCENARIO=black-friday -e BASE_URL=http://127.0.0.1:8080 loadtests/payments.ts
 *   npx capsim k6 script wallet.yaml --out out/k6 && k6 run -e BASE_URL=http://127.0.0.1:8080 out/k6/payments.js
 *
 * Modern k6 (>= 0.57) runs this file directly: it strips types file by file and loads import paths
 * as written (grafana/k6 internal/js/compiler, internal/loader), so every runtime import in this
 * module graph names its `.ts` file (tsc rewrites them to `.js` for Node;
 * test/loadtests/k6ImportGraph.test.ts keeps it so). k6 0.48 and the k6-operator run the bundle.
 *
 * The scenario says everything (scenarios/toK6Options.ts, scenarios/http/): the arrival schedule,
 * VUs, thresholds from the SLOs, and per operation the HTTP request (method, path, headers, body
 * template, checks, values to capture) and the flows (steps in order, a fraction of them, after a
 * wait). Each iteration runs one flow (an operation alone is a one-step flow), picked by a hash of
 * exec.scenario.iterationInTest (sim/traffic/mix.ts pickForIteration): without flows this is the
 * function the simulator's k6 mode uses, so a run and a simulation compare request by request.
 * An open model: iterations start on the arrival-rate schedule whatever the response times; the
 * only sleep() is a flow's declared wait. Requests go only to BASE_URL.
 *
 * Environment: SCENARIO_FILE (a scenario JSON written by `capsim k6 script`, read with open()) or
 * SCENARIO (library name, default the library default), BASE_URL (default http://127.0.0.1:8080),
 * TIME_COMPRESSION (default 1), SCALE (default 1), MIX_SEED (default the scenario's), RUN_ID
 * (fixes the idempotency keys' nonce; default random per VU), SUMMARY_FILE (default summary.json).
 */
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { DEFAULT_SCENARIO, library, scenarioNames } from '../scenarios/library/index.ts';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { k6Plan } from '../scenarios/toK6Options.ts';
import { flowPlan, stepRuns } from '../scenarios/http/flows.ts';
import { drawValue, idempotencyKey, type ValueGenerator } from '../scenarios/http/values.ts';
import { jsonField, render, renderText, type TemplateValues } from '../scenarios/http/templates.ts';
import { hashString } from '../sim/engine/hash.ts';
import { pickForIteration } from '../sim/traffic/mix.ts';
import { textSummary, type SummaryData } from './summary.ts';

const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

const spec = scenarioFromEnv();
const baseUrl = (__ENV['BASE_URL'] || DEFAULT_BASE_URL).replace(/\/+$/, '');
const plan = k6Plan(spec, {
  timeCompression: numberEnv('TIME_COMPRESSION', 1),
  scale: numberEnv('SCALE', 1),
  baseUrl,
});
const flows = flowPlan(spec);
requireRequests();
const mixSeed = __ENV['MIX_SEED'] ? integerEnv('MIX_SEED') : plan.mixSeed;
const nonce = __ENV['RUN_ID'] ? hashString(__ENV['RUN_ID']) : Math.floor(Math.random() * 4294967296);
const generators = Object.entries((spec.http?.values ?? {}) as Record<string, ValueGenerator>);
const summaryFile = __ENV['SUMMARY_FILE'] || 'summary.json';

export const options: Options = plan.options;

/** One iteration: the flow this iteration number picks, step by step, until a step fails its checks. */
export default function (): void {
  const iteration = exec.scenario.iterationInTest;
  const flow = flows.flows[pickForIteration(flows.mix, iteration, mixSeed)];
  if (flow === undefined) return;
  // Drawn once per iteration: a capture charges the amount the authorisation held.
  const values: Record<string, string | number | boolean> = { iteration };
  for (const [name, g] of generators) values[name] = drawValue(g, name, iteration, 0, mixSeed);
  for (let k = 0; k < flow.steps.length; k++) {
    const step = flow.steps[k]!;
    if (!stepRuns(iteration, k, step.fraction, mixSeed)) return;
    if (step.afterMs > 0) sleep(step.afterMs / 1000);
    values['idempotencyKey'] = idempotencyKey(iteration, k, nonce);
    if (!send(step.operation, values)) return;
  }
}

type Request = NonNullable<ScenarioSpec['workload']['operations'][string]['request']>;

/** Send one operation's request, run its checks, keep its captures; false when a check failed. */
function send(op: string, values: Record<string, string | number | boolean>): boolean {
  const req = spec.workload.operations[op]?.request as Request;
  const headers: Record<string, string> = {};
  const body = req.body === undefined ? null : JSON.stringify(render(req.body, values as TemplateValues));
  if (body !== null) headers['Content-Type'] = 'application/json';
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = renderText(v, values);
  const res = http.request(req.method ?? 'POST', baseUrl + renderText(req.path, values), body, { headers, tags: { name: op }, timeout: plan.requestTimeout });
  const statuses = req.checks?.status ?? [200];
  let doc: unknown;
  const json = (): unknown => {
    if (doc === undefined) {
      try {
        doc = JSON.parse(String(res.body ?? ''));
      } catch {
        doc = null;
      }
    }
    return doc;
  };
  const sets: Record<string, (r: typeof res) => boolean> = { [`status is ${statuses.join(' or ')}`]: (r) => statuses.includes(r.status) };
  for (const [path, want] of Object.entries(req.checks?.json ?? {})) sets[`${path} is ${JSON.stringify(want)}`] = () => jsonField(json(), path) === want;
  for (const path of Object.values(req.capture ?? {})) sets[`${path} is present`] = () => isValue(jsonField(json(), path));
  if (!check(res, sets)) return false;
  for (const [name, path] of Object.entries(req.capture ?? {})) values[name] = jsonField(json(), path) as string | number | boolean;
  return true;
}

/** Every operation an iteration can send declares its request (capsim checks it too, with the file and line). */
function requireRequests(): void {
  flows.flows.forEach((f, i) => {
    const weight = flows.mix.cumulative[i]! - (i > 0 ? flows.mix.cumulative[i - 1]! : 0);
    if (weight <= 0) return;
    for (const s of f.steps) if (spec.workload.operations[s.operation]?.request === undefined) throw new Error(`operation "${s.operation}" has no request: the k6 script needs workload.operations.${s.operation}.request (method, path, ...)`);
  });
}

function isValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** summary.json is the handleSummary argument as k6 gives it (`capsim k6 summary --options` and calibrate read it); stdout a short text summary. */
export function handleSummary(data: SummaryData): Record<string, string> {
  return { [summaryFile]: JSON.stringify(data, null, 2), stdout: textSummary(data) };
}

function scenarioFromEnv(): ScenarioSpec {
  const file = __ENV['SCENARIO_FILE'];
  if (file) {
    const parsed = JSON.parse(open(file)) as { capsimScenario?: ScenarioSpec };
    if (parsed.capsimScenario === undefined) throw new Error(`SCENARIO_FILE ${file}: expected a scenario written by \`capsim k6 script\` (a "capsimScenario" object)`);
    return parsed.capsimScenario;
  }
  const name = __ENV['SCENARIO'] || DEFAULT_SCENARIO;
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

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../loadtests/service/config.js';
import { evaluateSlos } from '../../reports/slo.js';
import { compileScenario } from '../../scenarios/compile.js';
import { compressTime } from '../../scenarios/compress.js';
import { fitCurve } from '../../scenarios/curves.js';
import { approximationError, DEFAULT_SCENARIO, library, scenarioNames } from '../../scenarios/library/index.js';
import { fittedCurves } from '../../scenarios/profiles.js';
import { peakRps, scaleScenario } from '../../scenarios/scale.js';
import { scenarioSchema } from '../../scenarios/schema.js';
import { simulate } from '../../sim/run.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';

const REQUIRED = ['weekday-diurnal', 'payday', 'month-end-settlement', 'black-friday', 'singles-day-midnight', 'retry-storm', 'steady-authorize', 'trace-replay'];

/** Default peak (rps) of each library scenario: what scaleScenario rescales from. */
const DEFAULT_PEAKS: Record<string, number> = {
  'checkout-peak': 1200,
  'weekday-diurnal': 992,
  payday: 2500,
  'month-end-settlement': 1500,
  'black-friday': 3000,
  'singles-day-midnight': 5000,
  'retry-storm': 600,
  'steady-authorize': 200,
  'trace-replay': 37715 / 60,
};

/** A test-sized copy: peak 40 rps, compressed to at most half an hour of simulated time (a few ten thousand requests). */
function small(name: string) {
  const spec = library[name]!;
  const seconds = compileScenario(spec).traffic.profile;
  const durationS = seconds.executor === 'constant-arrival-rate' ? seconds.durationNs / 1e9 : seconds.stages.reduce((a, s) => a + s.durationNs / 1e9, 0);
  return scaleScenario(compressTime(spec, Math.max(1, durationS / 1800)), 40);
}

describe('the scenario library', () => {
  it('has every scenario the issue asks for, and keeps checkout-peak as the default', () => {
    expect(scenarioNames()).toEqual(expect.arrayContaining([...REQUIRED, 'checkout-peak']));
    expect(DEFAULT_SCENARIO).toBe('checkout-peak');
  });

  it.each(readdirSync('scenarios/library').filter((f) => f.endsWith('.ts')))('scenarios/library/%s is plain data: its only runtime import is the shared reference-service data', (file) => {
    const runtimeImports = [...readFileSync(join('scenarios/library', file), 'utf8').matchAll(/^import (?!type )[^;]* from '([^']+)';$/gm)].map((m) => m[1]);
    const allowed = file === 'index.ts' ? /^\.\/[A-Za-z]+\.ts$/ : /^\.\/referenceService\.ts$/;
    for (const spec of runtimeImports) expect(spec).toMatch(allowed);
  });

  it.each(scenarioNames())('%s: its registered name is its own name, and it validates with the zod schema', (name) => {
    const spec = library[name]!;
    expect(spec.name).toBe(name);
    expect(scenarioSchema.safeParse(spec).success).toBe(true);
  });

  it.each(scenarioNames())('%s: is documented (description and a source citing numbers.md), with SLOs per operation and an error budget', (name) => {
    const spec = library[name]!;
    expect(spec.description?.length).toBeGreaterThan(40);
    expect(spec.source).toMatch(/numbers\.md/);
    for (const op of Object.keys(spec.traffic.mix)) expect(spec.slo?.latency?.[op]?.p99, op).toBeDefined();
    expect(spec.slo?.errorRate).toBe(0.001);
  });

  it.each(scenarioNames())("%s: the mix uses only the reference service's operations", (name) => {
    for (const op of Object.keys(library[name]!.traffic.mix)) expect(OPERATIONS as readonly string[]).toContain(op);
  });

  it.each(scenarioNames())('%s: its default peak is the one documented', (name) => {
    expect(peakRps(library[name]!)).toBeCloseTo(DEFAULT_PEAKS[name]!, 9);
  });

  it.each(scenarioNames())('%s: compiles, runs in the simulator scaled down, and its SLO verdicts can be evaluated', (name) => {
    const spec = small(name);
    expect(peakRps(spec)).toBeCloseTo(40, 9);
    const result = simulate(compileScenario(spec));
    const s = result.summary;
    expect(s.requests.firstAttempts).toBeGreaterThan(1000);
    expect(s.requests.firstAttempts).toBeLessThan(200_000);
    const verdicts = evaluateSlos(s, spec.slo);
    const targets = Object.values(spec.slo?.latency ?? {}).reduce((n, t) => n + Object.keys(t).length, 0);
    expect(verdicts).toHaveLength(targets + 1);
    for (const v of verdicts) expect(Number.isFinite(v.predicted)).toBe(true);
  });

  it.each(Object.keys(fittedCurves))('%s: the committed stages are what fitting its curve gives, and the error in the description is that fit\'s', (name) => {
    const curve = fittedCurves[name]!;
    const fit = fitCurve(curve.pieces, curve.fit);
    const spec = library[name]!;
    expect({ startRate: spec.traffic.startRate, stages: spec.traffic.stages }).toEqual({ startRate: fit.startRate, stages: fit.stages });
    expect(approximationError(name)).toBe(fit.maxRelativeError);
    expect(fit.maxRelativeError).toBeLessThanOrEqual(curve.fit.maxRelativeError);
    expect(spec.description).toContain(`maximum relative error ${(fit.maxRelativeError * 100).toFixed(1)} %`);
    expect(spec.description).toContain(`${fit.stages.length} k6 stages`);
  });

  it.each(['month-end-settlement', 'black-friday', 'retry-storm', 'steady-authorize', 'checkout-peak'])('%s: piecewise linear as written, approximation error 0', (name) => {
    expect(approximationError(name)).toBe(0);
  });
});

describe("Singles' Day midnight", () => {
  const spec = library['singles-day-midnight']!;
  const MIDNIGHT_S = 600;
  // Break points (time s, rate) of the stages.
  const nodes: Array<[number, number]> = [[0, spec.traffic.startRate ?? 0]];
  for (const st of spec.traffic.stages ?? []) nodes.push([nodes[nodes.length - 1]![0] + parseDurationMs(st.duration)! / 1000, st.target]);
  const total = nodes[nodes.length - 1]![0];
  let area = 0;
  for (let k = 1; k < nodes.length; k++) area += ((nodes[k]![0] - nodes[k - 1]![0]) * (nodes[k]![1] + nodes[k - 1]![1])) / 2;
  const average = area / total;
  const [peakAt, peak] = nodes.reduce((a, b) => (b[1] > a[1] ? b : a));

  it('covers one day', () => {
    expect(total).toBe(86_400);
  });

  it('is near idle at midnight (under 2 % of the peak)', () => {
    const atMidnight = nodes.find(([t]) => t === MIDNIGHT_S)![1];
    expect(atMidnight / peak).toBeLessThan(0.02);
  });

  it("peaks at more than 10x its own day's average, within 60 s of midnight", () => {
    expect(peak / average).toBeGreaterThan(10);
    expect(peakAt - MIDNIGHT_S).toBeGreaterThan(0);
    expect(peakAt - MIDNIGHT_S).toBeLessThanOrEqual(60);
  });

  it('decays over the first hour: below a quarter of the peak one hour after midnight', () => {
    const hourLater = nodes.find(([t]) => t >= MIDNIGHT_S + 3600)!;
    expect(hourLater[1] / peak).toBeLessThan(0.25);
  });
});

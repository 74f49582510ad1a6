import { describe, expect, it } from 'vitest';
import { runScenario } from '../../app/runScenario.js';
import { parseScenario } from '../../input/scenarioFile.js';
import { searchTarget, targetSearchForRun, withCpuTarget } from '../../reports/recommendations.js';
import type { SimConfig } from '../../sim/model.js';
import type { SimResult } from '../../sim/results.js';
import { simulate } from '../../sim/run.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { smallMixRun } from './smallMix.js';

describe('searchTarget: the highest HPA target on the grid that meets every SLO', () => {
  const passesAtOrBelow = (limit: number) => (t: number) => ({ pass: t <= limit, worstMargin: t <= limit ? 0.1 : -0.2 });
  it.each([
    { name: 'first step down passes', current: 80, limit: 75, want: 70, tried: [70] },
    { name: 'walks down until one passes', current: 80, limit: 55, want: 50, tried: [70, 60, 50] },
    { name: 'none passes down to the floor', current: 50, limit: 10, want: null, tried: [40, 30, 20] },
    { name: 'bounded by maxRuns', current: 90, limit: 10, want: null, tried: [80, 70, 60, 50, 40], maxRuns: 5 },
    { name: 'custom step', current: 70, limit: 62, want: 60, tried: [65, 60], step: 5 },
  ])('$name', ({ current, limit, want, tried, ...limits }) => {
    const calls: number[] = [];
    const r = searchTarget(current, (t) => (calls.push(t), passesAtOrBelow(limit)(t)), limits);
    expect(r.recommended).toBe(want);
    expect(r.tried.map((x) => x.target)).toEqual(tried);
    expect(calls).toEqual(tried);
    expect(r.current).toBe(current);
  });
});

/** The hpa-step fixture with a tight SLO it misses at its 50% target. */
function hpaRun(sloP99: string) {
  const file = resolve('test/fixtures/scenarios/hpa-step/scenario.yaml');
  const text = readFileSync(file, 'utf8') + `slo:\n  latency:\n    overall: { p99: ${sloP99} }\n`;
  return runScenario(parseScenario(text, file, resolve('test/fixtures/scenarios/hpa-step')));
}

describe('targetSearchForRun: re-simulates with lower CPU targets', () => {
  it('does not apply without an HPA (small-mix is a fixed deployment)', () => {
    expect(targetSearchForRun(smallMixRun(), { simulate: () => { throw new Error('must not simulate'); } })).toBeNull();
  });

  it('re-simulates copies of the config with the CPU target lowered, leaving the run untouched', () => {
    const run = hpaRun('1ms');
    expect(run.verdicts.some((v) => !v.pass)).toBe(true);
    const seen: number[] = [];
    const fake = (cfg: SimConfig): SimResult => {
      const m = cfg.hpa?.spec.metrics[0] as { target: { averageUtilization: number } };
      seen.push(m.target.averageUtilization);
      const summary = structuredClone(run.result.summary);
      summary.latencyMs.p99 = m.target.averageUtilization <= 30 ? 0.5 : 5;
      return { ...run.result, summary };
    };
    const r = targetSearchForRun(run, { simulate: fake });
    expect(r).toEqual({ current: 50, recommended: 30, tried: [{ target: 40, pass: false, worstMargin: -4 }, { target: 30, pass: true, worstMargin: 0.5 }] });
    expect(seen).toEqual([40, 30]);
    expect((run.config.hpa?.spec.metrics[0] as { target: { averageUtilization: number } }).target.averageUtilization).toBe(50);
  });

  it('runs the real simulator on the copy (one bounded step): a lower target gives more replicas', () => {
    const run = hpaRun('1ms');
    let peak = 0;
    const r = targetSearchForRun(run, { maxRuns: 1, simulate: (cfg) => { const res = simulate(cfg); peak = res.summary.replicas.max; return res; } });
    expect(r?.tried.map((t) => [t.target, t.pass])).toEqual([[40, false]]);
    expect(r?.recommended).toBeNull();
    // 2,000 rps × 10 ms = 20 cores: 80 pods at 50% of 500m, 100 (maxReplicas) at 40%
    expect(run.result.summary.replicas.max).toBe(80);
    expect(peak).toBe(100);
  });

  it('does not search when every SLO is met', () => {
    expect(targetSearchForRun(hpaRun('60s'), { simulate: () => { throw new Error('must not simulate'); } })).toBeNull();
  });

  it('withCpuTarget changes only that metric target and turns tracing off', () => {
    const run = hpaRun('60s');
    const copy = withCpuTarget(run.config, 0, 35);
    expect((copy.hpa?.spec.metrics[0] as { target: { averageUtilization: number } }).target.averageUtilization).toBe(35);
    expect(copy.output.trace).toBe(false);
    expect({ ...copy, hpa: null, output: null }).toEqual({ ...run.config, hpa: null, output: null });
  });
});

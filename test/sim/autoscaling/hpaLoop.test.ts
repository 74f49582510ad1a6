import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../app/runScenario.js';
import { InputError } from '../../../input/inputError.js';
import { parseScenario, readScenarioFile } from '../../../input/scenarioFile.js';
import type { SimEvent } from '../../../sim/simulation.js';

/**
 * The HPA control loop in the simulator, against timelines computed by hand.
 *
 * The scenario (test/fixtures/scenarios/hpa-step) is deterministic: k6 arrivals, 10 ms of CPU per
 * request, no CPU limit, pods start 10 s after they are created and are Ready at once
 * (initialDelaySeconds 0). metrics-server scrapes at 0, 15, 30 ... s; the HPA syncs at 1, 16, 31 ... s.
 * 200 rps = 2 cores = 8 pods at 50% of 500m; the step to 2,000 rps at 300 s needs 80 pods.
 */
const DIR = 'test/fixtures/scenarios/hpa-step';

function run(manifests: string[], patch: (yaml: string) => string = (y) => y) {
  const base = readScenarioFile(join(DIR, 'scenario.yaml'));
  const text = patch(readFileSync(join(DIR, 'scenario.yaml'), 'utf8'));
  const sf = parseScenario(text, base.file, base.dir);
  return runScenario(sf, { manifests: manifests.map((m) => join(DIR, m)) });
}

/** Replica changes written by the HPA: [time s, from, to]. */
function scalings(events: SimEvent[]): Array<[number, number, number]> {
  return events.filter((e) => e.source === 'deployment').map((e) => [e.tMs / 1000, e.from as number, e.to as number]);
}

describe('HPA with the default behavior on a 200 -> 2,000 rps step', () => {
  const r = run(['deploy.yaml', 'hpa-default.yaml']);
  const steps = scalings(r.result.events);

  it('first sees the step at the sync after the first scrape that covers it (315 s scrape, 316 s sync) and doubles: 8 -> 16', () => {
    expect(steps[0]).toEqual([316, 8, 16]);
  });

  it('then grows by max(+4, +100%) per 15 s window, measured from the replicas at the window start: 16 -> 32 -> 64', () => {
    expect(steps[1]).toEqual([331, 16, 32]);
    expect(steps[2]).toEqual([346, 32, 64]);
  });

  it('never grows faster than the policies allow, and settles at the 80 pods the formula gives', () => {
    const up = steps.filter(([, from, to]) => to > from);
    for (const [t, from, to] of up) {
      // Replicas at the start of the 15 s window ending now (events strictly after t - 15 s excluded).
      const start = [...steps].reverse().find(([tt]) => tt <= t - 15)?.[2] ?? 8;
      expect(to, `at ${t}s`).toBeLessThanOrEqual(Math.max(start + 4, 2 * start));
      expect(from).toBeLessThanOrEqual(to);
    }
    const ready = r.result.series.columns.readyReplicas;
    expect(ready[88]).toBe(80); // t = 880 s
  });

  it('holds the peak for the 300 s downscale stabilisation window after the load falls at 900 s, then drops at the first sync past it (1201 s)', () => {
    const down = steps.filter(([, from, to]) => to < from);
    expect(down[0]?.[0]).toBe(1201);
    expect(down[0]?.[2]).toBe(8);
    expect(steps.filter(([t, from, to]) => to < from && t < 1201)).toEqual([]);
  });

  it('serves the step without errors: no request is lost while scaling', () => {
    expect(r.result.summary.requests.rejected + r.result.summary.requests.errors + r.result.summary.requests.timedOut).toBe(0);
  });
});

describe('HPA with a custom scale-up policy (5 pods per 60 s)', () => {
  const r = run(['deploy.yaml', 'hpa-custom.yaml']);
  const up = scalings(r.result.events).filter(([, from, to]) => to > from);

  it('adds 5 pods once per 60 s window: 316 s, 376 s, 436 s, ... (events exactly 60 s old no longer count)', () => {
    expect(up.slice(0, 4)).toEqual([
      [316, 8, 13],
      [376, 13, 18],
      [436, 18, 23],
      [496, 23, 28],
    ]);
  });
});

describe('steady state', () => {
  it('with a constant deterministic load the replica count settles where the HPA formula puts it: ceil(10 cores / (500m x 60%)) = 34', () => {
    // 1,000 rps x 10 ms = 10 cores from t = 0, starting from 8 pods; legacy HPA (no behavior), target 60%.
    const r = run(['deploy.yaml', 'hpa-legacy-60.yaml'], (y) =>
      y.replace(/stages:[\s\S]*?mix:/, 'stages:\n    - { duration: 900s, target: 1000 }\n  mix:').replace('startRate: 200', 'startRate: 1000'),
    );
    const ready = r.result.series.columns.readyReplicas;
    expect(ready[80]).toBe(34);
    // and it is inside the tolerance band: utilisation 10000 / (34 x 500) = 58.8% is within 60% ± 10%.
    expect(Math.abs(10_000 / (34 * 500) / 0.6 - 1)).toBeLessThanOrEqual(0.1);
  });
});

describe('what the real controller does with broken inputs', () => {
  it('a Deployment without cpu requests: ScalingActive=False (FailedGetResourceMetric), no scaling, said in the results', () => {
    const r = run(['deploy-no-requests.yaml', 'hpa-default.yaml']);
    expect(scalings(r.result.events)).toEqual([]);
    const last = r.result.hpaDecisions.at(-1);
    expect(last?.conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(last?.conditions.find((c) => c.type === 'ScalingActive')?.message).toMatch(/missing request for cpu in container api/);
    expect(r.result.events.some((e) => e.source === 'hpa' && e.reason === 'FailedGetResourceMetric' && /missing request for cpu/.test(e.message))).toBe(true);
  });

  it('an HPA whose scaleTargetRef names a Deployment not given: a clear error naming file and field', () => {
    expect(() => run(['deploy.yaml', 'hpa-other-target.yaml'])).toThrow(InputError);
    expect(() => run(['deploy.yaml', 'hpa-other-target.yaml'])).toThrow(/hpa-other-target\.yaml:\d+: spec\.scaleTargetRef\.name: scaleTargetRef names Deployment "wallet"/);
  });
});

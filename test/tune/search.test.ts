import { describe, expect, it } from 'vitest';
import { inProcessPool, type EvalPool, type EvalTask } from '../../tune/pool.js';
import { adaptiveSearch, exhaustiveSearch, multiFidelitySearch, refineBudget } from '../../tune/search.js';
import { runCandidate, type RunFigures, type TuneScenario } from '../../tune/evaluate.js';
import { loadTuneInputs } from '../../tune/inputs.js';
import { aggregate, objectiveUnit } from '../../tune/evaluation.js';
import { FLASH, STEADY, fixtureSearch } from './support.js';

/** The user's HPA evaluated like a candidate, on every seed. */
function currentOf(f: ReturnType<typeof fixtureSearch>) {
  const { inputs, input } = f;
  const runs = runCandidate(inputs.hpa.spec, inputs.scenarios, [...Array(input.seeds).keys()]);
  return aggregate({ index: -1, id: 'current', origin: 'current', params: null, spec: inputs.hpa.spec }, runs, inputs.scenarios.length, objectiveUnit(inputs.scenarios));
}

describe('a flash sale (40 -> 300 rps at once) where the current HPA (80%, +1 pod per minute) misses the p99 SLO', () => {
  const f = fixtureSearch(FLASH, { budget: 20, seeds: 2 });
  const current = currentOf(f);
  const run = adaptiveSearch(f.input, inPool(f));

  it('the current HPA misses p99 < 300 ms and the 1% error budget on every seed', () => {
    expect(current.feasible).toBe(false);
    expect(current.violated.filter((v) => /authorize p99 latency/.test(v))).toHaveLength(2);
  });

  it('tuning finds a configuration that meets every SLO on both seeds', async () => {
    const { best } = await run;
    expect(best?.feasible).toBe(true);
    expect(best?.seeds).toBe(2);
    expect(best?.runs.every((r) => r.verdicts.every((v) => v.pass))).toBe(true);
  });

  it('never reports a cheaper feasible configuration than the best among the full evaluations', async () => {
    const { best, evaluations } = await run;
    const cheaper = evaluations.filter((e) => e.seeds === 2 && e.feasible && e.objective < (best?.objective ?? 0));
    expect(cheaper).toEqual([]);
  });
});

describe('a flat load where the current HPA (target 30%) over-provisions', () => {
  const f = fixtureSearch(STEADY, { budget: 20, seeds: 2 });
  const current = currentOf(f);

  it('tuning finds a cheaper configuration (fewer pod-hours) that still meets every SLO', async () => {
    const { best } = await adaptiveSearch(f.input, inPool(f));
    expect(current.feasible).toBe(true);
    expect(best?.feasible).toBe(true);
    expect(best?.objective).toBeLessThan(0.75 * current.objective);
    expect(best?.params?.targetUtilization).toBeGreaterThan(30);
  });
});

describe('the adaptive search (successive halving, then local refinement)', () => {
  const f = fixtureSearch(STEADY, { budget: 15, seeds: 2, seed: 3 });

  it('is deterministic given the seed', async () => {
    const a = await adaptiveSearch(f.input, inPool(f));
    const b = await adaptiveSearch(f.input, inPool(f));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('screens every candidate of the list on one seed and evaluates the best third in full', async () => {
    const { evaluations } = await adaptiveSearch(f.input, inPool(f));
    const listed = evaluations.filter((e) => e.origin !== 'refine');
    expect(listed).toHaveLength(15 - refineBudget(15));
    expect(listed.filter((e) => e.seeds === 2)).toHaveLength(Math.ceil(listed.length / 3));
    expect(evaluations.filter((e) => e.origin === 'refine').every((e) => e.seeds === 2)).toBe(true);
  });

  it('stops when aborted, keeping what was evaluated, marked partial', async () => {
    const ac = new AbortController();
    const out = await adaptiveSearch(f.input, inPool(f), { signal: ac.signal, onProgress: (done) => (done >= 3 ? ac.abort() : undefined) });
    expect(out.partial).toBe(true);
    expect(out.evaluations.length).toBeGreaterThanOrEqual(3);
    expect(out.evaluations.length).toBeLessThan(12);
  });
});

describe('the exhaustive search', () => {
  it('evaluates every candidate of the list on every seed', async () => {
    const f = fixtureSearch(STEADY, { budget: 6, seeds: 1 });
    const { evaluations } = await exhaustiveSearch(f.input, inPool(f));
    expect(evaluations.map((e) => [e.index, e.seeds])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 1]));
  });
});

function inPool(f: ReturnType<typeof fixtureSearch>) {
  return inProcessPool(f.inputs.scenarios);
}

/**
 * The confirmation in full simulation, specified on a model whose answers are known: the
 * screening calls every configuration feasible at a cost of minReplicas + (100 − target)/100 pod-hours
 * per scenario; the "full simulation" costs 10 % more (plus 0.1 % per seed position) and rejects
 * minReplicas 1 on the first seed of the dearer scenario and minReplicas 2 on the second seed.
 */
describe('the multi-fidelity search confirms in full, cheapest screened first', () => {
  const f = fixtureSearch(FLASH, { budget: 20, seeds: 3 });
  const scenarios = loadTuneInputs([STEADY.scenario, FLASH.scenario], FLASH.manifests).scenarios;
  const input = { ...f.input, scenarios };
  const dear = scenarios[1]?.name; // the flash sale has more arrivals than the steady load
  const current = { index: -1, id: 'current', origin: 'current' as const, params: null, spec: f.inputs.hpa.spec };

  it('returns only a configuration simulated in full on every seed of every scenario, meeting every SLO on each', async () => {
    const out = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), {}, current);
    expect(out.best?.params?.minReplicas).toBe(4);
    expect(out.best?.seeds).toBe(3);
    expect(out.best?.runs).toHaveLength(6);
    expect(out.best?.runs.every((r) => r.verdicts.every((v) => v.pass))).toBe(true);
    // The cheapest minReplicas 4 the screening ranked.
    const screened4 = (out.screened ?? []).filter((e) => e.params?.minReplicas === 4).sort((a, b) => a.objective - b.objective);
    expect(out.best?.objective).toBeCloseTo((screened4[0]?.objective ?? 0) * 1.1 + 0.002, 9);
  });

  it('rejects a configuration at its first missed SLO, without its remaining seeds', async () => {
    const { evaluations } = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), {}, current);
    const m1 = evaluations.filter((e) => e.params?.minReplicas === 1);
    const m2 = evaluations.filter((e) => e.params?.minReplicas === 2);
    expect(m1.length).toBeGreaterThan(0);
    expect(m2.length).toBeGreaterThan(0);
    // Cheaper scenario first: seed 1 of the steady load passed, then the flash sale's seed 1 failed.
    for (const e of m1) expect(e.runs.map((r) => [r.scenario, r.seed])).toEqual([[scenarios[0]?.name, 1], [dear, 1]]);
    // Seed 1 of both, then seed 2 of the steady load failed: the flash sale's seed 2 never ran.
    for (const e of m2) expect(e.runs.map((r) => [r.scenario, r.seed])).toEqual([[scenarios[0]?.name, 1], [scenarios[0]?.name, 2], [dear, 1]]);
    expect([...m1, ...m2].every((e) => !e.feasible && e.seeds < 3)).toBe(true);
  });

  it('stops once no candidate left can beat the configuration confirmed (its screened cost times the screening\'s smallest error ratio)', async () => {
    const { evaluations, best } = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), {}, current);
    const m4 = evaluations.filter((e) => e.params?.minReplicas === 4);
    expect(m4.map((e) => e.id)).toEqual([best?.id]);
  });

  it('examines the first --confirm finalists whatever the screening says, and 3 × --confirm at most', async () => {
    const { evaluations } = await multiFidelitySearch(input, 2, modelPool(scenarios, 1), {}, current);
    // 6 examined, all rejected (minReplicas 1 and 2 are the cheapest screened); none met every
    // SLO, so the least violating of them is completed on every seed, to report the closest.
    expect(evaluations).toHaveLength(6);
    expect(evaluations.every((e) => (e.params?.minReplicas ?? 0) <= 2)).toBe(true);
    expect(evaluations.filter((e) => e.seeds === 3)).toHaveLength(1);
  });

  it('simulates the current HPA in full on every seed alongside when it meets every SLO', async () => {
    const passing = { ...current, spec: { ...current.spec, minReplicas: 4 } };
    const out = await multiFidelitySearch(input, 10, modelPool(scenarios, 2), {}, passing);
    expect(out.current?.seeds).toBe(3);
    expect(out.current?.runs).toHaveLength(6);
  });

  it('stops the current HPA after the first seed on which it misses an SLO, once a configuration is confirmed feasible', async () => {
    const failing = { ...current, spec: { ...current.spec, minReplicas: 1 } };
    const out = await multiFidelitySearch(input, 10, modelPool(scenarios, 2), {}, failing);
    expect(out.best?.feasible).toBe(true);
    expect(out.current?.feasible).toBe(false);
    // Seed 1 of every scenario, so its cost is estimated on each; seeds 2 and 3 not simulated.
    expect(out.current?.runs.map((r) => r.seed)).toEqual([1, 1]);
    expect(out.current?.seeds).toBe(1);
    expect(out.partial).toBe(false);
  });

  it('simulates every seed of the current HPA when no configuration is confirmed feasible (violations compare over the same runs)', async () => {
    const failing = { ...current, spec: { ...current.spec, minReplicas: 1 } };
    const out = await multiFidelitySearch(input, 2, modelPool(scenarios, 2), {}, failing);
    expect(out.best?.feasible).toBe(false);
    expect(out.current?.seeds).toBe(3);
  });

  it('keeps what it simulated when interrupted, and a search reusing that (--resume) ends with the results of an uninterrupted one', async () => {
    const whole = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), {}, current);
    const ac = new AbortController();
    // Progress counts a screening run as 1/50 of a full one: stop after the 3rd full simulation.
    const cut = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), { signal: ac.signal, onProgress: (done) => (done >= 3 + (20 * 2) / 50 ? ac.abort() : undefined) }, current);
    expect(cut.partial).toBe(true);
    const kept = [...cut.evaluations, ...(cut.current ? [cut.current] : [])];
    expect(kept.reduce((n, e) => n + e.runs.length, 0)).toBeGreaterThanOrEqual(3);
    const reuse = new Map(kept.map((e) => [e.id, e.runs]));
    const pool = modelPool(scenarios, 1);
    let simulated = 0;
    const counting: EvalPool = { ...pool, run: (tasks, opts) => ((simulated += tasks.filter((t) => t.fidelity !== 'screen').length), pool.run(tasks, opts)) };
    const resumed = await multiFidelitySearch(input, 10, counting, { reuse }, current);
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(whole));
    // Only what the interrupted search had not simulated runs again.
    const all = [...whole.evaluations, ...(whole.current ? [whole.current] : [])].reduce((n, e) => n + e.runs.length, 0);
    expect(simulated).toBe(all - kept.reduce((n, e) => n + e.runs.length, 0));
  });

  it('gives the same results byte for byte whatever the number of workers and the order simulations finish in', async () => {
    const one = await multiFidelitySearch(input, 10, modelPool(scenarios, 1), {}, current);
    for (const workers of [2, 3]) expect(JSON.stringify(await multiFidelitySearch(input, 10, modelPool(scenarios, workers), {}, current))).toBe(JSON.stringify(one));
  });
});

/** A pool answering with the model above; with several workers, simulations finish out of order. */
function modelPool(scenarios: readonly TuneScenario[], workers: number): EvalPool {
  const run = (t: EvalTask): RunFigures[] =>
    (t.scenarioIdx ?? scenarios.map((_, k) => k)).flatMap((k) =>
      t.seedIdx.map((i) => {
        const s = scenarios[k] as TuneScenario;
        const target = (t.spec.metrics[0] as { target: { averageUtilization: number } }).target.averageUtilization;
        const screen = t.spec.minReplicas + (100 - target) / 100;
        const full = t.fidelity !== 'screen';
        const fails = full && ((t.spec.minReplicas === 1 && k === 1 && i === 0) || (t.spec.minReplicas === 2 && i === 1));
        const podHours = full ? screen * 1.1 + i * 0.001 : screen;
        const margin = fails ? -0.5 : 0.5;
        return { scenario: s.name, seed: s.config.seed + i, podHours, cost: podHours, p99Ms: 100, errorRate: 0, peakReplicas: t.spec.minReplicas, worstMargin: margin, verdicts: [{ scope: 'overall', objective: 'error rate', target: 0.01, predicted: fails ? 0.015 : 0.005, pass: !fails, margin }] };
      }),
    );
  return {
    workers,
    async run(tasks, opts = {}) {
      return Promise.all(
        tasks.map(async (t, j) => {
          // Out of order with several workers: a delay that depends on the task.
          if (workers > 1) await new Promise((r) => setTimeout(r, (t.spec.minReplicas * 7 + (t.seedIdx[0] ?? 0) * 3 + j) % 5));
          const runs = run(t);
          opts.onDone?.(j, runs);
          return runs;
        }),
      );
    },
    close: async () => {},
  };
}

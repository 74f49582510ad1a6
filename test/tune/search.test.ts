import { describe, expect, it } from 'vitest';
import { inProcessPool } from '../../tune/pool.js';
import { adaptiveSearch, exhaustiveSearch, refineBudget } from '../../tune/search.js';
import { runCandidate } from '../../tune/evaluate.js';
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

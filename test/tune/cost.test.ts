import { describe, expect, it } from 'vitest';
import { estimateRunCost } from '../../app/runCost.js';
import { maxPods } from '../../scenarios/clusterCapacity.js';
import { checkTuneCost, estimateTuneCost, fullSimulationsPerScenario, type TunePlan } from '../../tune/cost.js';
import { loadTuneInputs } from '../../tune/inputs.js';
import { FLASH, STEADY } from './support.js';

const plan = (p: Partial<TunePlan>): TunePlan => ({ mode: 'multi-fidelity', budget: 200, seeds: 3, confirm: 5, shards: 1, workers: 2, maxReplicas: 10, ...p });

describe('the cost of a tuning search, before it starts', () => {
  it('counts the full simulations as the search makes them: the current HPA on every seed, then typically one finalist confirmed on every seed (at most 3 × --confirm), the successive halving, or every candidate', () => {
    expect(fullSimulationsPerScenario(plan({}))).toEqual({ typical: 3 + 3, atMost: 3 + 3 * 5 * 3 });
    // Never more finalists than candidates.
    expect(fullSimulationsPerScenario(plan({ budget: 4, seeds: 1 }))).toEqual({ typical: 1 + 1, atMost: 1 + 4 });
    // budget 200: 160 listed on one seed, the best 54 on the other two, 40 refinements on all three.
    expect(fullSimulationsPerScenario(plan({ mode: 'adaptive' }))).toEqual({ typical: 3 + 160 + 54 * 2 + 40 * 3, atMost: 3 + 160 + 54 * 2 + 40 * 3 });
    expect(fullSimulationsPerScenario(plan({ mode: 'exhaustive', shards: 4 }))).toEqual({ typical: 3 + 50 * 3, atMost: 3 + 50 * 3 });
  });

  it('adds up each scenario\'s run cost over its simulations, and one more simulation\'s memory per worker', () => {
    const { scenarios } = loadTuneInputs([FLASH.scenario, STEADY.scenario], FLASH.manifests);
    const c = estimateTuneCost(scenarios, plan({ workers: 1 }));
    const steps = scenarios.map((s) => {
      const r = estimateRunCost(s.config, Math.max(maxPods(s.config), 10));
      return r.attemptsWorstCase + r.loopSteps;
    });
    expect(c.simulations).toEqual({ typical: 2 * 6, atMost: 2 * 48 });
    expect(c.steps.typical).toBeCloseTo((steps[0]! + steps[1]!) * 6, 6);
    expect(estimateTuneCost(scenarios, plan({ workers: 2 })).memoryBytes).toBeGreaterThan(c.memoryBytes);
  });

  it('refuses a search over a limit with the estimate and the flag to raise it', () => {
    const { scenarios } = loadTuneInputs([FLASH.scenario], FLASH.manifests);
    const c = estimateTuneCost(scenarios, plan({}));
    expect(() => checkTuneCost(c, { maxSimulatedSteps: c.steps.typical * 2, maxMemoryBytes: 2 ** 40 })).not.toThrow();
    expect(() => checkTuneCost(c, { maxSimulatedSteps: 1000, maxMemoryBytes: 2 ** 40 })).toThrow(/this search would simulate about .* steps in full \(6 full simulations, up to .* in 48\), more than the limit of 1000: .* --max-steps \d/);
    expect(() => checkTuneCost(c, { maxSimulatedSteps: 1e15, maxMemoryBytes: 1 })).toThrow(/more than the limit of 1\.0 B: .* --max-memory \d+Gi$/);
  });
});

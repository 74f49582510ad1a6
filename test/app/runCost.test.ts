import { describe, expect, it } from 'vitest';
import { checkRunCost, DEFAULT_RUN_LIMITS, estimateRunCost } from '../../app/runCost.js';
import { compileScenario } from '../../scenarios/compile.js';
import type { ScenarioSpec } from '../../scenarios/schema.js';

const spec = (over: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  name: 'c',
  traffic: { startRate: 100, stages: [{ duration: '1h', target: 300 }], mix: { a: 1 } },
  workload: { operations: { a: { cpu: { distribution: 'constant', valueMs: 10 } } }, pod: { workers: 8, queueLimit: 64 } },
  ...over,
});

describe('estimateRunCost: what a run costs, before it starts', () => {
  it('counts the expected first attempts as the area under the rate curve (100 -> 300 rps over an hour: 720,000)', () => {
    const c = estimateRunCost(compileScenario(spec()), 1);
    expect(c.firstAttempts).toBeCloseTo(720_000, 6);
    expect(c.attemptsWorstCase).toBe(c.firstAttempts);
    expect(c.seriesRows).toBe(Math.ceil((3600 + 30) / 10)); // 10 s rows over the traffic and the 30 s drain
  });

  it('counts every retry in the worst case', () => {
    const c = estimateRunCost(compileScenario(spec({ client: { retry: { maxRetries: 3, backoff: '1s' } } })), 1);
    expect(c.attemptsWorstCase).toBeCloseTo(4 * 720_000, 6);
  });

  it('grows memory with the time-series rows, not with the rate', () => {
    const slow = estimateRunCost(compileScenario(spec()), 1);
    const fast = estimateRunCost(compileScenario(spec({ traffic: { startRate: 10_000, stages: [{ duration: '1h', target: 30_000 }], mix: { a: 1 } } })), 1);
    expect(fast.memoryBytes).toBeCloseTo(slow.memoryBytes, -6);
    const fine = estimateRunCost(compileScenario(spec({ output: { interval: '1s' } })), 1);
    expect(fine.memoryBytes - slow.memoryBytes).toBeGreaterThan(9 * (slow.memoryBytes - estimateRunCost(compileScenario(spec({ output: { interval: '100s' } })), 1).memoryBytes));
  });

  it('counts control-loop steps: an HPA syncing every millisecond costs as much as millions of requests', () => {
    const c = estimateRunCost({ ...compileScenario(spec({ hpaController: { syncPeriod: '1ms' } })), hpa: { name: 'h', spec: { minReplicas: 1, maxReplicas: 10, metrics: [] }, controller: { ...compileScenario(spec()).hpa?.controller, syncPeriodMs: 1 } as never } }, 10);
    expect(c.loopSteps).toBeGreaterThan(3.6e6);
  });
});

describe('checkRunCost: a run over a limit is refused with the estimate and the flag', () => {
  it('passes a run within the default limits', () => {
    expect(() => checkRunCost(estimateRunCost(compileScenario(spec()), 1), DEFAULT_RUN_LIMITS, 's.yaml')).not.toThrow();
  });

  it('refuses too many steps, naming the worst case with retries and --max-steps', () => {
    const c = estimateRunCost(compileScenario(spec({ client: { retry: { maxRetries: 1000, backoff: '0s' } } })), 1);
    expect(() => checkRunCost(c, { ...DEFAULT_RUN_LIMITS, maxSimulatedSteps: 1e8 }, 's.yaml')).toThrow(/^s\.yaml: this run would simulate about 7\.21e8 steps \(7\.20e5 request attempts over 60\.5 min, up to 7\.21e8 with every retry\), more than the limit of 1\.00e8: .*--max-steps 9e8$/);
  });

  it('refuses too much memory, naming the rows and --max-memory', () => {
    const c = estimateRunCost(compileScenario(spec({ output: { interval: '1ms' } })), 1);
    expect(() => checkRunCost(c, DEFAULT_RUN_LIMITS, 's.yaml')).toThrow(/^s\.yaml: this run would need about \d+ GiB of memory \(3\.63e6 time-series rows of 0\.001 s\), more than the limit of 2\.0 GiB: use a longer output\.interval, or raise the limit with --max-memory \d+Gi/);
  });
});

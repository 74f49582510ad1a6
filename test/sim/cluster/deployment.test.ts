import { describe, expect, it } from 'vitest';
import { DeploymentController } from '../../../sim/cluster/deployment.js';
import type { ControlLoop } from '../../../sim/controlLoop.js';
import { Rng } from '../../../sim/engine/rng.js';
import type { SimConfig } from '../../../sim/model.js';
import { Simulation } from '../../../sim/simulation.js';
import { TraceSink } from '../../../sim/trace.js';
import { PodState } from '../../../sim/workload/podTable.js';
import { baseConfig, replayAt } from '../../support/scenarios.js';

/** A simulation with its deployment, and a loop that scales it at given times. */
function withScaling(cfg: SimConfig, steps: Array<[number, number]>) {
  const loops: ControlLoop[] = [];
  const sim = new Simulation(cfg, loops);
  const d = new DeploymentController(sim, new Rng(1, 'pod-startup'));
  const plan = [...steps];
  loops.push({ name: 'test-scaler', periodMs: 1, firstTickMs: 0, tick: ({ now }) => {
    while (plan.length > 0 && (plan[0] as [number, number])[0] <= now) d.scaleTo((plan.shift() as [number, number])[1]);
  } });
  sim.trace = new TraceSink(cfg.operations.map((o) => o.name));
  d.start(cfg.lifecycle.initialReady);
  sim.run();
  return { sim, d, trace: sim.trace.records };
}

const cfg = (over: Partial<SimConfig> = {}): SimConfig =>
  baseConfig({ output: { intervalMs: 1000, drainMs: 60_000, sketchAccuracy: 0.01, trace: true }, ...over });

describe('pod lifecycle', () => {
  it('a new pod starts after the start-up delay, is Ready at the first readiness probe, and only then gets traffic', () => {
    // Start-up 5 s (constant), readiness probe initialDelay 2 s: Ready at 1 + 5 + 2 = 8 s.
    const { sim, trace } = withScaling(
      cfg({ deployment: { replicas: 1 }, traffic: replayAt(Array.from({ length: 20 }, (_, i) => i * 1000), 20_000), lifecycle: { ...baseConfig().lifecycle, readinessDelayMs: 2000, initialReady: 1 } }),
      [[1000, 2]],
    );
    expect(sim.pods.startedAt[1]).toBe(6000);
    expect(sim.pods.readyAt[1]).toBe(8000);
    const toNew = trace.filter((t) => t.pod === 1);
    expect(toNew.map((t) => t.arrivalMs).reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(8000);
  });

  it('a deleted pod leaves the endpoints at once, finishes its in-flight requests, then goes away', () => {
    const { sim, trace } = withScaling(
      cfg({ deployment: { replicas: 2 }, traffic: replayAt([0, 0, 500, 600], 5000), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 1000 }, downstream: null, memoryPerRequest: 0 }], lifecycle: { ...baseConfig().lifecycle, initialReady: 2 }, pod: { ...baseConfig().pod, workers: 1 } }),
      [[100, 1]],
    );
    // Round-robin sent request 2 to pod 1; at 100 ms the ReplicaSet deletes the most recently
    // ready pod (pod 1, ties by newer index), which finishes its request at 1000 ms and is gone.
    expect(sim.pods.goneAt[1]).toBe(1000);
    expect(trace.filter((t) => t.arrivalMs >= 100).every((t) => t.pod === 0)).toBe(true);
    expect(trace.every((t) => t.status === 'ok')).toBe(true);
  });

  it('requests still running when the grace period ends fail (connection reset) and the pod is killed', () => {
    const { sim, trace } = withScaling(
      cfg({ deployment: { replicas: 2 }, traffic: replayAt([0, 0], 60_000), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 45_000 }, downstream: null, memoryPerRequest: 0 }], lifecycle: { ...baseConfig().lifecycle, initialReady: 2, terminationGraceMs: 30_000 } }),
      [[1000, 1]],
    );
    expect(sim.pods.state[1]).toBe(PodState.Gone);
    expect(sim.pods.goneAt[1]).toBe(31_000);
    expect(trace.find((t) => t.pod === 1)).toMatchObject({ status: 'error', endMs: 31_000 });
    expect(trace.find((t) => t.pod === 0)).toMatchObject({ status: 'ok', endMs: 45_000 });
  });

  it('a warming pod spends more CPU per request for its first seconds after Ready (JVM-like)', () => {
    // Warm-up 10 s at 3x CPU: a pod Ready at 6 s serves 10 ms requests in 30 ms until 16 s.
    const { trace } = withScaling(
      cfg({
        deployment: { replicas: 0 },
        traffic: replayAt([7000, 20_000], 30_000),
        operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
        lifecycle: { ...baseConfig().lifecycle, initialReady: 0, warmup: { durationMs: 10_000, cpuFactor: 3 } },
      }),
      [[1000, 1]],
    );
    expect(trace.map((t) => t.endMs - t.arrivalMs)).toEqual([30, 10]);
  });
});

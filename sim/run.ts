import type { ControlLoop } from './controlLoop.js';
import type { SimConfig } from './model.js';
import { summarize, type SimResult } from './results.js';
import { Simulation } from './simulation.js';
import { TraceSink } from './trace.js';
import { PodState } from './workload/podTable.js';

/**
 * Run one simulation: `simulate(config)` gives the summary, the time series and, when
 * `config.output.trace` is set, one record per request attempt. Deterministic in `config.seed`.
 *
 * With no control loops the deployment keeps `config.deployment.replicas` pods, all Ready at t = 0.
 */
export function simulate(cfg: SimConfig, loops: ControlLoop[] = [], setup?: (sim: Simulation) => void): SimResult {
  const sim = new Simulation(cfg, loops);
  if (cfg.output.trace) sim.trace = new TraceSink(cfg.operations.map((o) => o.name));
  if (setup) setup(sim);
  else startFixedPods(sim, cfg.deployment.replicas);
  sim.run();
  return { summary: summarize(sim), series: sim.series, trace: sim.trace?.records ?? null };
}

/** A fixed-size deployment whose pods are all running and Ready when the traffic starts. */
export function startFixedPods(sim: Simulation, replicas: number): void {
  const cores = sim.cfg.pod.cpuLimit === null ? Infinity : sim.cfg.pod.cpuLimit / 1000;
  for (let i = 0; i < replicas; i++) {
    const p = sim.pods.add(0, cores, sim.cfg.pod.cpuRequest);
    sim.pods.state[p] = PodState.Ready;
    sim.pods.startedAt[p] = 0;
    sim.pods.readyAt[p] = 0;
    sim.addReady(p);
  }
}

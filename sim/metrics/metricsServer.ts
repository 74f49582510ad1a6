import type { ControlLoop, LoopContext } from '../controlLoop.js';
import type { PodMetricsSample } from '../autoscaling/hpa/types.js';
import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { PodState } from '../workload/podTable.js';

/**
 * metrics-server: every `--metric-resolution` it scrapes each running pod's cumulative CPU
 * counter (the model's exact integral of CPU used) and reports the rate since its previous
 * scrape of that pod, stamped with the scrape time and the window between the two scrapes, as
 * the metrics API (metrics.k8s.io PodMetrics) does. A pod scraped once has no rate yet: the
 * HPA then treats it as missing. The HPA reads whatever the last scrape produced, so it acts on
 * data up to one resolution old, plus its own sync delay.
 */
export class MetricsServer implements ControlLoop {
  readonly name = 'metrics-server';
  readonly periodMs: Ms;
  readonly firstTickMs: Ms;
  private readonly prev = new Map<number, { t: Ms; cum: number }>();
  private latest: PodMetricsSample[] = [];

  constructor(sim: Simulation, phaseMs: Ms) {
    this.periodMs = sim.cfg.metricsServer.resolutionMs;
    this.firstTickMs = phaseMs;
  }

  /** The PodMetricsList the metrics API would answer now. */
  podMetrics(): readonly PodMetricsSample[] {
    return this.latest;
  }

  /** Pods running before the scenario have been scraped before: their counters start at t = 0. */
  start(ctx: LoopContext): void {
    const pods = ctx.sim.pods;
    for (let p = 0; p < pods.n; p++) {
      if (!Number.isNaN(pods.startedAt[p] as number)) this.prev.set(p, { t: 0, cum: this.cumulative(ctx.sim, p, 0) });
    }
  }

  tick(ctx: LoopContext): void {
    const { sim, now } = ctx;
    const pods = sim.pods;
    const out: PodMetricsSample[] = [];
    const container = sim.cfg.containers[0]?.name ?? 'app';
    for (let p = 0; p < pods.n; p++) {
      const st = pods.state[p];
      const running = (st === PodState.Starting || st === PodState.Ready || st === PodState.Terminating) && !Number.isNaN(pods.startedAt[p] as number);
      if (!running) {
        this.prev.delete(p);
        continue;
      }
      const cum = this.cumulative(sim, p, now);
      const before = this.prev.get(p);
      this.prev.set(p, { t: now, cum });
      if (before === undefined || now <= before.t) continue;
      const cpu = Math.ceil(((cum - before.cum) / (now - before.t)) * 1000);
      out.push({ pod: podName(p), timestamp: now, windowMs: now - before.t, containers: [{ name: container, cpu, memory: Math.round(sim.workingSetBytes(p)) }] });
    }
    this.latest = out;
  }

  /** The container's CPU counter (cpu-ms): what its requests used, plus its idle use since it started. */
  private cumulative(sim: Simulation, p: number, now: Ms): number {
    const pods = sim.pods;
    pods.integrate(p, now);
    return (pods.cpuCum[p] as number) + (sim.cfg.pod.idleCpu / 1000) * (now - (pods.startedAt[p] as number));
  }

}

/** Pod names as the simulator reports them. */
export function podName(p: number): string {
  return `pod-${p}`;
}

import type { ControlLoop, LoopContext } from '../controlLoop.js';
import type { Rng } from '../engine/rng.js';
import type { NodeGroupModel } from '../model.js';
import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { makeSampler, type Sampler } from '../workload/distributions.js';
import type { DeploymentController } from './deployment.js';
import { NodeState, type NodePool, type SimNode } from './nodes.js';

/** Cluster Autoscaler defaults: scan every 10 s; no scale-down for 10 min after a scale-up. */
const SCAN_INTERVAL_MS = 10_000;
const SCALE_DOWN_DELAY_AFTER_ADD_MS = 600_000;

/**
 * Node autoscaling as the Cluster Autoscaler does it, simplified to one workload:
 * - scale-up: pods that fit on no node (Pending) are first placed, in the estimate, on nodes
 *   still being provisioned; those left are binpacked (first-fit decreasing) onto new nodes of
 *   the first node group where they fit and that is below its max; new nodes become Ready after
 *   the group's provisioning delay, and the scheduler then places the Pending pods;
 * - scale-down: a node that has been empty for the group's unneeded time is removed (not below
 *   the group's min, and not within 10 min of a scale-up). Moving pods off under-used nodes
 *   (drain) is not modelled.
 */
export class ClusterAutoscaler implements ControlLoop {
  readonly name = 'cluster-autoscaler';
  readonly periodMs = SCAN_INTERVAL_MS;
  readonly firstTickMs: Ms;
  private readonly provisioning: Sampler[];
  private lastScaleUp = -Infinity;

  constructor(private readonly sim: Simulation, private readonly deployment: DeploymentController, private readonly pool: NodePool, private readonly rng: Rng, phaseMs: Ms) {
    this.firstTickMs = phaseMs;
    this.provisioning = pool.groups.map((g) => makeSampler(g.provisioning));
  }

  tick(ctx: LoopContext): void {
    this.scaleUp(ctx.now);
    this.scaleDown(ctx.now);
  }

  private scaleUp(now: Ms): void {
    const pending = this.deployment.pendingPods();
    if (pending.length === 0) return;
    const pods = this.sim.pods;
    const demands = pending.map((p) => ({ cpu: pods.cpuRequest[p] as number, mem: pods.memRequest[p] as number })).sort((a, b) => b.cpu - a.cpu);
    // Room on nodes being provisioned counts: those pods will land there.
    const upcoming = this.pool.nodes.filter((n) => n.state === NodeState.Provisioning).map((n) => ({ cpu: n.allocatableCpu - n.requestedCpu, mem: n.allocatableMemory - n.requestedMemory }));
    const left = demands.filter((d) => !takeRoom(upcoming, d));
    if (left.length === 0) return;
    this.pool.groups.forEach((g, gi) => {
      if (left.length === 0) return;
      const fitting = left.filter((d) => d.cpu <= g.cpuMillicores && d.mem <= g.memoryBytes);
      if (fitting.length === 0) return;
      const live = this.pool.nodes.filter((n) => n.group === gi && n.state !== NodeState.Removed).length;
      const want = binpack(fitting, g);
      const add = Math.min(want, g.max - live);
      if (add <= 0) {
        this.sim.emit('node', 'NotTriggerScaleUp', `node group ${g.name} is at its max size (${g.max})`);
        return;
      }
      for (let i = 0; i < add; i++) this.provision(gi, now);
      this.sim.emit('node', 'TriggeredScaleUp', `pod triggered scale-up: group ${g.name} ${live} -> ${live + add} (max: ${g.max})`, live, live + add);
      this.lastScaleUp = now;
      const rest = left.filter((d) => !fitting.includes(d));
      left.length = 0;
      for (const d of rest) left.push(d);
    });
  }

  private provision(group: number, now: Ms): void {
    const node = this.pool.add(group, now, false);
    const delay = (this.provisioning[group] as Sampler).sample(this.rng);
    this.sim.at(now + delay, () => this.ready(node));
  }

  private ready(node: SimNode): void {
    if (node.state !== NodeState.Provisioning) return;
    node.state = NodeState.Ready;
    node.readyAt = this.sim.now;
    node.emptySince = this.sim.now;
    this.sim.emit('node', 'NodeReady', `node-${node.id} (${this.pool.groups[node.group]?.name}) is Ready after ${Math.round((this.sim.now - node.createdAt) / 1000)} s`);
    this.deployment.nodeReady();
  }

  private scaleDown(now: Ms): void {
    if (now - this.lastScaleUp < SCALE_DOWN_DELAY_AFTER_ADD_MS) return;
    this.pool.groups.forEach((g, gi) => {
      let live = this.pool.nodes.filter((n) => n.group === gi && n.state !== NodeState.Removed).length;
      for (const n of this.pool.nodes) {
        if (live <= g.min) break;
        if (n.group !== gi || n.state !== NodeState.Ready || n.pods > 0) continue;
        if (!(now - n.emptySince >= g.scaleDownUnneededMs)) continue;
        n.state = NodeState.Removed;
        n.removedAt = now;
        live--;
        this.sim.emit('node', 'ScaleDown', `node-${n.id} removed: unneeded for ${Math.round((now - n.emptySince) / 1000)} s`, live + 1, live);
      }
    });
  }
}

function takeRoom(bins: Array<{ cpu: number; mem: number }>, d: { cpu: number; mem: number }): boolean {
  for (const b of bins) {
    if (b.cpu >= d.cpu && b.mem >= d.mem) {
      b.cpu -= d.cpu;
      b.mem -= d.mem;
      return true;
    }
  }
  return false;
}

/** Nodes of the group needed for these pods: first-fit decreasing (the CA's binpacking estimator). */
export function binpack(demands: ReadonlyArray<{ cpu: number; mem: number }>, g: Pick<NodeGroupModel, 'cpuMillicores' | 'memoryBytes'>): number {
  const bins: Array<{ cpu: number; mem: number }> = [];
  for (const d of [...demands].sort((a, b) => b.cpu - a.cpu)) {
    if (!takeRoom(bins, d)) bins.push({ cpu: g.cpuMillicores - d.cpu, mem: g.memoryBytes - d.mem });
  }
  return bins.length;
}

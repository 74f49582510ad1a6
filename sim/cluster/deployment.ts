import type { Rng } from '../engine/rng.js';
import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { makeSampler, type Sampler } from '../workload/distributions.js';
import { PodState } from '../workload/podTable.js';
import { NodePool, type SimNode } from './nodes.js';
import { cpuWeight, quotaMs } from './cgroupCpu.js';

/** When the pods that exist before the scenario started and became Ready. */
const PRE_RUN: Ms = -3_600_000;

/** What a pod waits for next in its lifecycle. */
const Stage = { None: 0, ContainerStart: 1, Readiness: 2, GraceExpiry: 3 } as const;

/**
 * The Deployment, its ReplicaSet and the pods' lifecycle, on the simulation clock:
 * scale to N creates pods (Pending until the scheduler finds a node with room for their
 * requests, then the container starts after a start-up delay, then the first readiness probe
 * passes and the pod is Ready and routed to) or deletes pods (in the ReplicaSet's order:
 * unscheduled, then not ready, then the most recently ready), which stop receiving traffic at
 * once, finish their in-flight requests, and are killed when the grace period runs out.
 */
export class DeploymentController {
  /** `spec.replicas`. */
  replicas = 0;
  readonly nodes: NodePool | null;
  private readonly stage: number[] = [];
  private readonly nodeOf: (SimNode | null)[] = [];
  private readonly startup: Sampler;
  private readonly startupRng: Rng;
  /** Counters for the results. */
  readonly counts = { oomKills: 0, evictions: 0, resizes: 0 };
  /**
   * Resources a new pod gets: the template's, or what the VPA admission controller sets.
   * Returns [cpuRequest m, cpuLimit m or Infinity, memoryRequest B, memoryLimit B or Infinity].
   */
  admission: (() => [number, number, number, number]) | null = null;
  /** Pods waiting for a node, oldest first. */
  private readonly unscheduled: number[] = [];
  /** Called when pods are Pending for want of room (the node autoscaler listens). */
  onUnschedulable: (() => void) | null = null;

  constructor(private readonly sim: Simulation, rng: Rng) {
    const cfg = sim.cfg;
    this.startup = makeSampler(cfg.lifecycle.startup);
    this.startupRng = rng;
    this.nodes = cfg.cluster ? new NodePool(cfg.cluster.nodeGroups) : null;
    sim.lifecycle = (pod, token) => this.onLifecycle(pod, token);
    sim.afterComplete = (pod) => this.afterComplete(pod);
    sim.oomKill = (pod) => this.onOom(pod);
    const warm = cfg.lifecycle.warmup;
    if (warm !== null) {
      sim.cpuFactor = (pod, now) => (now - (sim.pods.readyAt[pod] as number) < warm.durationMs ? warm.cpuFactor : 1);
    }
  }

  /**
   * The state before the scenario: nodes up, `initialReady` pods running and Ready since well
   * before t = 0 (an hour, so the HPA's CPU initialisation rules do not apply to them).
   */
  start(initialReady: number): void {
    this.nodes?.groups.forEach((g, gi) => {
      for (let i = 0; i < g.initial; i++) this.nodes?.add(gi, 0, true);
    });
    this.replicas = initialReady;
    this.sim.gauges.desiredReplicas = initialReady;
    const pods = this.sim.pods;
    for (let i = 0; i < initialReady; i++) {
      const p = this.create(0);
      if (this.stage[p] !== Stage.ContainerStart) continue; // did not fit: stays Pending
      pods.lifeVersion[p] = (pods.lifeVersion[p] as number) + 1; // cancel the start-up event
      this.stage[p] = Stage.None;
      pods.scheduledAt[p] = PRE_RUN;
      pods.startedAt[p] = PRE_RUN;
      this.markReady(p);
      pods.readyAt[p] = PRE_RUN;
    }
    this.sim.gauges.nodes = this.nodeCount();
  }

  /** Set `spec.replicas` (the HPA's scale subresource write). */
  scaleTo(n: number): void {
    const now = this.sim.now;
    const before = this.replicas;
    this.replicas = n;
    this.sim.gauges.desiredReplicas = n;
    const active = this.activePods();
    if (active.length < n) {
      for (let k = active.length; k < n; k++) this.create(now);
      this.sim.emit('deployment', 'ScalingReplicaSet', `Scaled up replica set to ${n}`, before, n);
    } else if (active.length > n) {
      const victims = this.deletionOrder(active).slice(0, active.length - n);
      for (const p of victims) this.terminate(p);
      this.sim.emit('deployment', 'ScalingReplicaSet', `Scaled down replica set to ${n}`, before, n);
    }
  }

  /** Pods counted by the ReplicaSet: not terminating, not gone. */
  activePods(): number[] {
    const out: number[] = [];
    const pods = this.sim.pods;
    for (let p = 0; p < pods.n; p++) {
      const s = pods.state[p];
      if (s === PodState.Pending || s === PodState.Starting || s === PodState.Ready) out.push(p);
    }
    return out;
  }

  /** Place Pending pods that now fit (after a pod left or a node became Ready). */
  schedulePending(): void {
    const now = this.sim.now;
    let stillPending = false;
    for (let i = 0; i < this.unscheduled.length; ) {
      const p = this.unscheduled[i] as number;
      if (this.sim.pods.state[p] !== PodState.Pending) {
        this.unscheduled.splice(i, 1);
        continue;
      }
      if (this.place(p, now)) this.unscheduled.splice(i, 1);
      else {
        stillPending = true;
        i++;
      }
    }
    if (stillPending) this.onUnschedulable?.();
  }

  /** Pods that are Pending for want of room. */
  pendingPods(): readonly number[] {
    return this.unscheduled;
  }

  private template(): [number, number, number, number] {
    const pod = this.sim.cfg.pod;
    return [pod.cpuRequest, pod.cpuLimit ?? Infinity, pod.memoryRequest, pod.memoryLimit ?? Infinity];
  }

  private create(now: Ms): number {
    const pods = this.sim.pods;
    const [cpuReq, cpuLim, memReq, memLim] = this.admission?.() ?? this.template();
    const p = pods.add(now, cpuLim / 1000, cpuReq, this.sim.cfg.pod.cpuDiscipline === 'fifo', this.sim.nodeCpu !== null);
    pods.memRequest[p] = memReq;
    pods.memLimit[p] = memLim;
    this.cpuLimit[p] = cpuLim;
    this.stage[p] = Stage.None;
    this.nodeOf[p] = null;
    if (!this.place(p, now)) {
      this.unscheduled.push(p);
      this.sim.emit('pod', 'FailedScheduling', `pod-${p}: 0 nodes available: insufficient cpu or memory`);
      this.onUnschedulable?.();
    }
    return p;
  }

  private place(p: number, now: Ms): boolean {
    const pods = this.sim.pods;
    const cpuReq = pods.cpuRequest[p] as number;
    const memReq = pods.memRequest[p] as number;
    if (this.nodes !== null) {
      const n = this.nodes.pick(cpuReq, memReq);
      if (n === undefined) return false;
      this.nodes.bind(n, cpuReq, memReq);
      this.nodeOf[p] = n;
      pods.node[p] = n.id;
      this.attachCpu(p, n, now);
    }
    pods.state[p] = PodState.Starting;
    pods.scheduledAt[p] = now;
    this.next(p, Stage.ContainerStart, now + this.startup.sample(this.startupRng));
    return true;
  }

  /** The pod's cgroup joins the node's CPU: weight from its request, quota from its limit. */
  private attachCpu(p: number, n: SimNode, now: Ms): void {
    const cpu = this.sim.nodeCpu;
    const cluster = this.sim.cfg.cluster;
    if (cpu === null || cluster === null) return;
    const pods = this.sim.pods;
    const limit = this.cpuLimit[p] ?? Infinity;
    // `fifo`: one event loop per core of the limit (one without a limit); `shared`: every request's CPU phase is a thread.
    const servers = this.sim.cfg.pod.cpuDiscipline === 'fifo' ? (Number.isFinite(limit) ? Math.max(1, Math.ceil(limit / 1000 - 1e-9)) : 1) : Infinity;
    cpu.attach(p, n.id, n.allocatableCpu / 1000, cpuWeight(pods.cpuRequest[p] as number, cluster.cgroup), quotaMs(limit, cpu.periodMs), servers, now);
  }

  private next(p: number, stage: number, at: Ms): void {
    const pods = this.sim.pods;
    this.stage[p] = stage;
    pods.lifeVersion[p] = (pods.lifeVersion[p] as number) + 1;
    this.sim.scheduleLifecycle(at, p, pods.lifeVersion[p] as number);
  }

  private onLifecycle(p: number, token: number): void {
    const pods = this.sim.pods;
    if (token !== pods.lifeVersion[p]) return;
    const now = this.sim.now;
    switch (this.stage[p]) {
      case Stage.ContainerStart:
        pods.startedAt[p] = now;
        this.next(p, Stage.Readiness, now + this.sim.cfg.lifecycle.readinessDelayMs);
        return;
      case Stage.Readiness:
        this.stage[p] = Stage.None;
        this.markReady(p);
        return;
      case Stage.GraceExpiry:
        this.stage[p] = Stage.None;
        this.sim.killPodRequests(p);
        this.remove(p);
        return;
    }
  }

  private markReady(p: number): void {
    const pods = this.sim.pods;
    pods.state[p] = PodState.Ready;
    pods.readyAt[p] = this.sim.now;
    pods.integrate(p, this.sim.now);
    this.sim.addReady(p);
  }

  private terminate(p: number): void {
    const pods = this.sim.pods;
    const now = this.sim.now;
    const wasReady = pods.state[p] === PodState.Ready;
    if (pods.state[p] === PodState.Pending) {
      this.stage[p] = Stage.None;
      pods.state[p] = PodState.Gone;
      pods.goneAt[p] = now;
      pods.terminatingAt[p] = now;
      return;
    }
    pods.state[p] = PodState.Terminating;
    pods.terminatingAt[p] = now;
    if (wasReady) this.sim.removeReady(p);
    if (this.idle(p)) this.remove(p);
    else this.next(p, Stage.GraceExpiry, now + this.sim.cfg.lifecycle.terminationGraceMs);
  }

  private afterComplete(p: number): void {
    if (this.sim.pods.state[p] === PodState.Terminating && this.idle(p)) this.remove(p);
  }

  private idle(p: number): boolean {
    const pods = this.sim.pods;
    return (pods.busy[p] as number) === 0 && (pods.queues[p]?.size ?? 0) === 0;
  }

  private remove(p: number): void {
    const pods = this.sim.pods;
    const now = this.sim.now;
    pods.integrate(p, now);
    pods.state[p] = PodState.Gone;
    pods.goneAt[p] = now;
    pods.lifeVersion[p] = (pods.lifeVersion[p] as number) + 1;
    const n = this.nodeOf[p];
    if (n && this.nodes) {
      this.sim.nodeCpu?.detach(p, now);
      this.nodes.unbind(n, pods.cpuRequest[p] as number, pods.memRequest[p] as number, now);
      this.nodeOf[p] = null;
      this.schedulePending();
    }
  }

  /**
   * ReplicaSet deletion preference (controller.ActivePodsWithRanks): unscheduled before scheduled,
   * not running before running, not ready before ready, ready for less time before longer, newer
   * before older.
   */
  private deletionOrder(active: number[]): number[] {
    const pods = this.sim.pods;
    const key = (p: number): number[] => {
      const st = pods.state[p] as number;
      const ready = st === PodState.Ready;
      const running = !Number.isNaN(pods.startedAt[p] as number);
      return [st === PodState.Pending ? 0 : 1, running ? 1 : 0, ready ? 1 : 0, ready ? -(pods.readyAt[p] as number) : 0, -(pods.createdAt[p] as number), -p];
    };
    return [...active].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
      return 0;
    });
  }

  /**
   * The container went over its memory limit: the kernel kills it, its in-flight requests fail,
   * the pod is not Ready until the kubelet restarts it after the CrashLoopBackOff delay (10 s,
   * doubling per recent restart up to 5 min) and its readiness probe passes again.
   */
  private onOom(p: number): void {
    const pods = this.sim.pods;
    const now = this.sim.now;
    const lc = this.sim.cfg.lifecycle;
    const recent = !Number.isNaN(pods.lastOomAt[p] as number) && now - (pods.lastOomAt[p] as number) < 600_000;
    pods.restarts[p] = (pods.restarts[p] as number) + 1;
    pods.lastOomAt[p] = now;
    this.counts.oomKills++;
    this.sim.emit('pod', 'OOMKilled', `pod-${p}: container exceeded its memory limit (restart ${pods.restarts[p]})`);
    this.onOomKilled?.(p);
    this.onOomKilledCount?.();
    this.sim.killPodRequests(p);
    if (pods.state[p] === PodState.Ready) this.sim.removeReady(p);
    if (pods.state[p] === PodState.Terminating) return this.remove(p);
    pods.state[p] = PodState.Starting;
    pods.startedAt[p] = NaN;
    pods.readyAt[p] = NaN;
    this.backoff[p] = recent ? Math.min(lc.restartBackoffMaxMs, (this.backoff[p] ?? lc.restartBackoffMs) * 2) : lc.restartBackoffMs;
    this.next(p, Stage.ContainerStart, now + (this.backoff[p] as number));
  }

  private readonly backoff: number[] = [];
  /** Each pod's CPU limit (millicores, Infinity without one), for its CFS quota. */
  private readonly cpuLimit: number[] = [];
  /** Listeners of OOM kills (the VPA recommender bumps memory on them; the time series counts them). */
  onOomKilled: ((pod: number) => void) | null = null;
  onOomKilledCount: (() => void) | null = null;

  /** The VPA updater evicts a pod: it goes away and the ReplicaSet creates a replacement (admitted anew). */
  evict(p: number): void {
    const pods = this.sim.pods;
    const st = pods.state[p];
    if (st !== PodState.Ready && st !== PodState.Starting) return;
    this.counts.evictions++;
    this.sim.emit('vpa', 'EvictedByVPA', `pod-${p} evicted to apply new resource recommendation`);
    this.terminate(p);
    this.create(this.sim.now);
  }

  /**
   * Resize a running pod in place (InPlaceOrRecreate): requests and limits change without a
   * restart when the node has room for the increase; returns false when it does not.
   */
  resize(p: number, cpuReq: number, cpuLim: number, memReq: number, memLim: number): boolean {
    const pods = this.sim.pods;
    const n = this.nodeOf[p];
    const dCpu = cpuReq - (pods.cpuRequest[p] as number);
    const dMem = memReq - (pods.memRequest[p] as number);
    if (n && this.nodes) {
      if (n.requestedCpu + dCpu > n.allocatableCpu || n.requestedMemory + dMem > n.allocatableMemory) return false;
      n.requestedCpu += dCpu;
      n.requestedMemory += dMem;
    }
    pods.integrate(p, this.sim.now);
    pods.cpuRequest[p] = cpuReq;
    // A limit changes the CPU share only for pods already modelled with one (the request phases in
    // flight keep their model); an unlimited pod that gains a limit gets it from its next restart.
    if (pods.ps[p] !== null && Number.isFinite(cpuLim)) {
      pods.cpuCap[p] = cpuLim / 1000;
      this.sim.reschedulePs(p);
    }
    // On a modelled node the kubelet rewrites the pod's cgroup: new weight, new quota.
    const cpu = this.sim.nodeCpu;
    const cluster = this.sim.cfg.cluster;
    if (cpu !== null && cluster !== null) {
      this.cpuLimit[p] = cpuLim;
      cpu.setResources(p, cpuWeight(cpuReq, cluster.cgroup), quotaMs(cpuLim, cpu.periodMs), this.sim.now);
    }
    pods.memRequest[p] = memReq;
    pods.memLimit[p] = memLim;
    this.counts.resizes++;
    this.sim.emit('vpa', 'InPlaceResized', `pod-${p} resized in place to cpu ${Math.round(cpuReq)}m, memory ${Math.round(memReq / 2 ** 20)}Mi`);
    return true;
  }

  /** Called by the node autoscaler when a node becomes Ready. */
  nodeReady(): void {
    this.schedulePending();
  }

  /** Nodes Ready now (for the time series); NaN when nodes are not modelled. */
  nodeCount(): number {
    return this.nodes === null ? NaN : this.nodes.live();
  }
}

import type { ControlLoop, LoopContext } from '../controlLoop.js';
import type { DeploymentController } from '../cluster/deployment.js';
import type { MetricsServer } from '../metrics/metricsServer.js';
import { podName } from '../metrics/metricsServer.js';
import type { VpaModel } from '../model.js';
import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { PodState } from '../workload/podTable.js';
import { admitPodResources } from './vpa/admission.js';
import type { ContainerRecommendation } from './vpa/recommendation.js';
import { RecommenderState, recommend } from './vpa/recommender.js';
import { modeCapabilities } from './vpa/updateMode.js';
import { updaterDecide } from './vpa/updater.js';
import type { UpdaterPod } from './vpa/updaterPod.js';

/**
 * The VPA in the simulation: its recommender reads the metrics API every recommender interval
 * (CPU rate and memory working set per container, OOM kills), its updater evicts or resizes pods
 * whose requests are outside the recommended bounds (upstream rules, see ./vpa), and its
 * admission controller gives new pods the recommended requests. The first container is the one
 * the simulator models; the others keep their template resources.
 */
export class VpaRecommenderLoop implements ControlLoop {
  readonly name = 'vpa-recommender';
  readonly periodMs: Ms;
  readonly firstTickMs: Ms;
  readonly state: RecommenderState;
  recommendation: ContainerRecommendation[] | undefined;
  readonly container: string;

  constructor(private readonly vpa: VpaModel, private readonly sim: Simulation, deployment: DeploymentController, private readonly metrics: MetricsServer, phaseMs: Ms) {
    this.periodMs = vpa.recommender.recommenderIntervalMs;
    this.firstTickMs = phaseMs;
    this.state = new RecommenderState(vpa.recommender);
    this.container = sim.cfg.containers[0]?.name ?? 'app';
    deployment.onOomKilled = (p) => this.state.recordOom({ pod: podName(p), container: this.container }, sim.now, sim.pods.memRequest[p] as number);
    if (modeCapabilities(vpa.spec.updateMode).appliesAtCreation) deployment.admission = () => this.admit();
  }

  tick(ctx: LoopContext): void {
    const { sim, now } = ctx;
    for (const m of this.metrics.podMetrics()) {
      const c = m.containers.find((x) => x.name === this.container);
      if (c === undefined) continue;
      const ref = { pod: m.pod, container: this.container };
      const p = Number(m.pod.slice(4));
      this.state.setRequests(ref, { cpu: sim.pods.cpuRequest[p] as number, memory: sim.pods.memRequest[p] as number }, now);
      if (c.cpu !== undefined) this.state.addCpuSample(ref, c.cpu, m.timestamp);
      if (c.memory !== undefined) this.state.addMemorySample(ref, c.memory, m.timestamp);
    }
    const recs = recommend(this.state, this.vpa.spec, now);
    this.recommendation = recs;
    const mine = recs.find((r) => r.containerName === this.container);
    if (mine) {
      sim.gauges.vpaTargetCpuMillicores = mine.target.cpu ?? NaN;
      sim.gauges.vpaTargetMemoryBytes = mine.target.memory ?? NaN;
    }
  }

  /** Resources for a new pod, as the admission controller would set them. */
  private admit(): [number, number, number, number] {
    const pod = this.sim.cfg.pod;
    const limits = { ...(pod.cpuLimit !== null ? { cpu: pod.cpuLimit } : {}), ...(pod.memoryLimit !== null ? { memory: pod.memoryLimit } : {}) };
    const out = admitPodResources(this.vpa.spec, this.recommendation, { [this.container]: { requests: { cpu: pod.cpuRequest, memory: pod.memoryRequest }, limits } });
    const c = out[this.container];
    return [c?.requests.cpu ?? pod.cpuRequest, c?.limits.cpu ?? Infinity, c?.requests.memory ?? pod.memoryRequest, c?.limits.memory ?? Infinity];
  }
}

/** The VPA updater: every updater interval, evict or resize pods as the real updater decides. */
export class VpaUpdaterLoop implements ControlLoop {
  readonly name = 'vpa-updater';
  readonly periodMs: Ms;
  readonly firstTickMs: Ms;

  constructor(private readonly vpa: VpaModel, private readonly recommender: VpaRecommenderLoop, private readonly deployment: DeploymentController, phaseMs: Ms) {
    this.periodMs = vpa.updaterIntervalMs;
    this.firstTickMs = phaseMs;
  }

  tick(ctx: LoopContext): void {
    const { sim, now } = ctx;
    const actions = updaterDecide({ vpa: this.vpa.spec, recommendation: this.recommender.recommendation, pods: this.pods(sim), configuredReplicas: { rs: this.deployment.replicas } }, now);
    for (const a of actions) {
      const p = Number(a.pod.slice(4));
      const r = a.resources[this.recommender.container];
      if (a.action === 'evict') {
        this.deployment.evict(p);
        sim.gauges.evictions++;
      } else if (r !== undefined) {
        this.deployment.resize(p, r.requests.cpu ?? (sim.pods.cpuRequest[p] as number), r.limits.cpu ?? Infinity, r.requests.memory ?? (sim.pods.memRequest[p] as number), r.limits.memory ?? Infinity);
      }
    }
  }

  /** Running, scheduled pods that are not being deleted, as the updater lists them. */
  private pods(sim: Simulation): UpdaterPod[] {
    const out: UpdaterPod[] = [];
    const pods = sim.pods;
    const container = this.recommender.container;
    for (let p = 0; p < pods.n; p++) {
      const st = pods.state[p];
      if (st !== PodState.Ready && st !== PodState.Starting) continue;
      if (Number.isNaN(pods.scheduledAt[p] as number)) continue;
      const oom = pods.lastOomAt[p] as number;
      const cpuLim = pods.cpuCap[p] as number;
      const memLim = pods.memLimit[p] as number;
      out.push({
        name: podName(p),
        owner: 'rs',
        phase: 'Running',
        startTimeMs: pods.scheduledAt[p] as number,
        containers: [
          {
            name: container,
            requests: { cpu: pods.cpuRequest[p] as number, memory: pods.memRequest[p] as number },
            limits: { ...(Number.isFinite(cpuLim) ? { cpu: cpuLim * 1000 } : {}), ...(Number.isFinite(memLim) ? { memory: memLim } : {}) },
            ...(Number.isNaN(oom) ? {} : { lastTermination: { reason: 'OOMKilled', startedAtMs: Math.max(0, pods.scheduledAt[p] as number), finishedAtMs: oom } }),
          },
        ],
      });
    }
    return out;
  }
}

import type { ControlLoop, LoopContext } from '../controlLoop.js';
import type { DeploymentController } from '../cluster/deployment.js';
import type { MetricsServer } from '../metrics/metricsServer.js';
import { podName } from '../metrics/metricsServer.js';
import type { HpaModel } from '../model.js';
import type { Simulation } from '../simulation.js';
import type { Ms } from '../units.js';
import { PodState } from '../workload/podTable.js';
import { reconcileHpa } from './hpa/reconcile.js';
import type { HpaCondition, HpaState, PodSnapshot } from './hpa/types.js';

/** One HPA decision, kept for the results (what `kubectl describe hpa` would have shown). */
export interface HpaDecision {
  tMs: Ms;
  current: number;
  desired: number;
  utilization: number | null;
  conditions: readonly HpaCondition[];
}

/**
 * The HPA controller's sync loop: every sync period it looks at the deployment's pods as the pod
 * informer shows them and the metrics API's latest PodMetrics, runs the pure reconcile (the
 * controller's own rules, see ./hpa), and writes the scale when the decision changes it.
 */
export class HpaLoop implements ControlLoop {
  readonly name = 'hpa';
  readonly periodMs: Ms;
  readonly firstTickMs: Ms;
  private state: HpaState | undefined;
  readonly decisions: HpaDecision[] = [];
  private readonly lastCondition = new Map<string, string>();
  private readonly lastEvent = new Map<string, string>();

  constructor(
    private readonly hpa: HpaModel,
    private readonly deployment: DeploymentController,
    private readonly metrics: MetricsServer,
    phaseMs: Ms,
  ) {
    this.periodMs = hpa.controller.syncPeriodMs;
    this.firstTickMs = phaseMs;
  }

  tick(ctx: LoopContext): void {
    const { sim, now } = ctx;
    const current = this.deployment.replicas;
    const pods = this.snapshot(sim);
    const result = reconcileHpa(
      {
        spec: this.hpa.spec,
        currentReplicas: current,
        statusReplicas: pods.filter((p) => !p.deleting).length,
        pods,
        podMetrics: this.metrics.podMetrics(),
        now,
        ...(this.state !== undefined ? { state: this.state } : {}),
      },
      this.hpa.controller,
    );
    this.state = result.state;
    const util = result.currentMetrics[0]?.averageUtilization ?? null;
    sim.gauges.hpaUtilization = util ?? NaN;
    sim.gauges.desiredReplicas = result.desiredReplicas;
    // A month of 15 s syncs is 172,800 decisions: consecutive equal conditions share one array,
    // so the record grows by a few numbers a sync, not by the conditions' strings.
    const prev = this.decisions.at(-1)?.conditions;
    const conditions = prev !== undefined && sameConditions(prev, result.conditions) ? prev : result.conditions;
    this.decisions.push({ tMs: now, current, desired: result.desiredReplicas, utilization: util, conditions });
    for (const e of result.explanation.events) {
      // Kubernetes aggregates repeated events (a count on one event); report each distinct one once in a row.
      if (this.lastEvent.get(e.reason) === e.message && !result.rescale) continue;
      this.lastEvent.set(e.reason, e.message);
      sim.emit('hpa', e.reason, e.message, current, result.desiredReplicas);
    }
    this.noteConditions(sim, result.conditions);
    if (result.rescale) this.deployment.scaleTo(result.desiredReplicas);
  }

  /** A condition is reported when its status or reason changes (as `kubectl describe hpa` would show a new one). */
  private noteConditions(sim: Simulation, conditions: readonly HpaCondition[]): void {
    for (const c of conditions) {
      const key = `${c.status}/${c.reason}`;
      if (this.lastCondition.get(c.type) === key) continue;
      this.lastCondition.set(c.type, key);
      if (c.type === 'AbleToScale' && (c.reason === 'SucceededGetScale' || c.reason === 'SucceededRescale')) continue;
      sim.emit('hpa', `${c.type}:${c.reason}`, c.message);
    }
  }

  /** The pods of the deployment as the pod informer shows them. */
  private snapshot(sim: Simulation): PodSnapshot[] {
    const pods = sim.pods;
    const out: PodSnapshot[] = [];
    const template = sim.cfg.containers;
    for (let p = 0; p < pods.n; p++) {
      const st = pods.state[p];
      if (st === PodState.Gone) continue;
      const scheduled = pods.scheduledAt[p] as number;
      const started = pods.startedAt[p] as number;
      const ready = st === PodState.Ready;
      const snap: PodSnapshot = {
        name: podName(p),
        phase: Number.isNaN(started) ? 'Pending' : 'Running',
        deleting: st === PodState.Terminating,
        ...(Number.isNaN(scheduled) ? {} : { startTime: scheduled }),
        ...(Number.isNaN(scheduled)
          ? {}
          : { ready: { status: ready ? 'True' : 'False', lastTransitionTime: ready ? (pods.readyAt[p] as number) : scheduled } }),
        containers: containersOf(template, pods.cpuRequest[p] as number, pods.memRequest[p] as number),
      };
      out.push(snap);
    }
    return out;
  }
}

/**
 * The pod's containers with their requests: the first container carries the pod's current
 * requests (which the VPA may have changed), the others keep the template's. A container the
 * template gives no cpu request keeps none (the HPA then reports the upstream error).
 */
function containersOf(template: SimConfigContainers, cpu: number, memory: number): PodSnapshot['containers'] {
  return template.map((c, i) => {
    const cpuReq = c.cpuRequest === null ? undefined : i === 0 ? cpu : c.cpuRequest;
    const memReq = c.memoryRequest === null ? undefined : i === 0 ? memory : c.memoryRequest;
    return { name: c.name, requests: { ...(cpuReq !== undefined ? { cpu: cpuReq } : {}), ...(memReq !== undefined ? { memory: memReq } : {}) } };
  });
}

type SimConfigContainers = Simulation['cfg']['containers'];

function sameConditions(a: readonly HpaCondition[], b: readonly HpaCondition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as unknown as Record<string, unknown>;
    const y = b[i] as unknown as Record<string, unknown>;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const k of keys) if (x[k] !== y[k]) return false;
  }
  return true;
}

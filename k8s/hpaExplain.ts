import { InputError } from '../input/inputError.js';
import {
  DEFAULT_HPA_CONTROLLER_CONFIG, metricLabel, reconcileHpa,
  type HpaControllerConfig, type HpaState, type PodMetricsSample, type PodSnapshot, type ReconcileResult,
} from '../sim/autoscaling/hpa/index.js';
import type { DeploymentModel } from './deployment.js';
import type { HpaModel } from './hpa.js';
import { excerpt } from '../input/oneLine.js';
import { cpuMillicores, formatBytes, memoryBytes } from './quantity.js';
import type { MetricSpec, PodProposalDetail } from '../sim/autoscaling/hpa/index.js';

/**
 * `capsim hpa explain`: turn a cluster snapshot (kubectl JSON) into the pure reconcile's inputs,
 * run it once, and describe the decision.
 *
 * History JSON (optional; the controller's in-memory state, which kubectl cannot show):
 * ```json
 * { "recommendations": [{ "replicas": 5, "timestamp": "2026-11-25T18:00:00Z" }],
 *   "scaleUpEvents":   [{ "replicaChange": 2, "timestamp": "2026-11-25T17:59:00Z" }],
 *   "scaleDownEvents": [] }
 * ```
 * Without a history file the controller's "no history" rule applies: the current size is recorded
 * as a recommendation now (so a scale-down is held for the stabilization window).
 */
export interface ExplainInputs {
  readonly hpa: HpaModel;
  /** `kubectl get pods -o json` (v1 PodList). */
  readonly podList: unknown;
  /** `kubectl get --raw /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods` (PodMetricsList). */
  readonly podMetricsList: unknown;
  readonly history?: unknown;
  readonly replicas?: number;
  readonly deployment?: DeploymentModel;
  /**
   * False when the Deployment manifest has no spec.replicas (the HPA owns it, as GitOps manifests
   * leave it out): the current count is then the Deployment's pods. Default true.
   */
  readonly deploymentHasReplicas?: boolean;
  /** RFC3339; default: the newest metric timestamp. */
  readonly now?: string;
  readonly config?: HpaControllerConfig;
  /** File names, for error messages. */
  readonly files: { readonly pods: string; readonly metrics: string; readonly history?: string };
}

export interface Explanation {
  readonly hpa: string;
  readonly now: string;
  readonly currentReplicas: number;
  /** Where the current count came from. */
  readonly replicasFrom: ReplicasSource;
  readonly result: ReconcileResult;
}

/**
 * `--replicas`, the Deployment's spec.replicas, or its pods: those not terminating and not
 * finished (Pending ones included), as the ReplicaSet counts them in status.replicas.
 */
export type ReplicasSource = '--replicas' | 'spec.replicas' | 'pods';

/**
 * @throws InputError for malformed JSON shapes, a Deployment that is not the scale target, or no time.
 */
export function explainHpa(inp: ExplainInputs): Explanation {
  const ref = inp.hpa.scaleTargetRef;
  if (inp.deployment && (ref.kind !== 'Deployment' || ref.name !== inp.deployment.name)) {
    throw new InputError(`scaleTargetRef names ${ref.kind} ${ref.name}, but the given Deployment is ${inp.deployment.name}`, undefined, 'spec.scaleTargetRef');
  }
  let pods = podsFrom(inp.podList, inp.files.pods);
  const sel = inp.deployment?.selector;
  if (sel) pods = pods.filter((p) => Object.entries(sel).every(([k, v]) => p.labels[k] === v));
  const [currentReplicas, replicasFrom]: [number | undefined, ReplicasSource] = inp.replicas !== undefined
    ? [inp.replicas, '--replicas']
    : inp.deployment === undefined
      ? [undefined, '--replicas']
      : inp.deploymentHasReplicas === false
        ? [pods.filter((p) => !p.pod.deleting && p.pod.phase !== 'Succeeded' && p.pod.phase !== 'Failed').length, 'pods']
        : [inp.deployment.replicas, 'spec.replicas'];
  if (currentReplicas === undefined) throw new InputError(`give --replicas N or --deployment with the scale target ${ref.kind} ${ref.name}`);
  // metrics-server lists PodMetrics by the same label selector; items without labels are kept.
  const podMetrics = podMetricsFrom(inp.podMetricsList, inp.files.metrics)
    .filter((m) => !sel || m.labels === undefined || Object.entries(sel).every(([k, v]) => m.labels?.[k] === v))
    .map((m) => m.sample);
  const nowMs = inp.now !== undefined ? parseTime(inp.now, '--now', undefined) : podMetrics.map((m) => m.timestamp).reduce((a, b) => Math.max(a, b), -Infinity);
  if (!Number.isFinite(nowMs)) throw new InputError('no metric timestamps to take the time from; pass --now', inp.files.metrics);
  const state = inp.history === undefined ? undefined : historyFrom(inp.history, inp.files.history ?? 'history');
  const result = reconcileHpa({
    spec: inp.hpa.spec, currentReplicas, statusReplicas: pods.filter((p) => !p.pod.deleting).length,
    pods: pods.map((p) => p.pod), podMetrics, now: nowMs, ...(state ? { state } : {}),
  }, inp.config ?? DEFAULT_HPA_CONTROLLER_CONFIG);
  return { hpa: `${inp.hpa.namespace}/${inp.hpa.name}`, now: new Date(nowMs).toISOString(), currentReplicas, replicasFrom, result };
}

type J = Record<string, unknown>;
const obj = (x: unknown): J => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as J) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function items(list: unknown, file: string, kind: string): J[] {
  const l = obj(list);
  if (!Array.isArray(l['items'])) throw new InputError(`expected a ${kind} with an "items" array`, file, 'items');
  return (l['items'] as unknown[]).map(obj);
}

function podsFrom(list: unknown, file: string): { pod: PodSnapshot; labels: Record<string, string> }[] {
  return items(list, file, 'v1 PodList').map((p, i) => {
    const meta = obj(p['metadata']);
    const status = obj(p['status']);
    const spec = obj(p['spec']);
    const name = text(meta['name']);
    if (name === '') throw new InputError('Required value', file, `items[${i}].metadata.name`);
    const cond = arr(status['conditions']).map(obj).find((c) => c['type'] === 'Ready');
    const f = `items[${i}]`;
    const containers = (key: string) => arr(spec[key]).map(obj).map((c, j) => {
      const req = obj(obj(c['resources'])['requests']);
      const cf = `${f}.spec.${key}[${j}].resources.requests`;
      return {
        name: text(c['name']),
        requests: {
          ...(req['cpu'] !== undefined ? { cpu: nonNegative(cpuMillicores(req['cpu'], `${cf}.cpu`, file), `${cf}.cpu`, file, req['cpu']) } : {}),
          ...(req['memory'] !== undefined ? { memory: nonNegative(memoryBytes(req['memory'], `${cf}.memory`, file), `${cf}.memory`, file, req['memory']) } : {}),
        },
        ...(c['restartPolicy'] === 'Always' ? { restartPolicyAlways: true } : {}),
      };
    });
    const phase = (text(status['phase']) || 'Pending') as PodSnapshot['phase'];
    const pod: PodSnapshot = {
      name, phase, deleting: meta['deletionTimestamp'] !== undefined && meta['deletionTimestamp'] !== null,
      ...(cond ? { ready: { status: cond['status'] === 'True' ? 'True' : cond['status'] === 'False' ? 'False' : 'Unknown', lastTransitionTime: parseTime(cond['lastTransitionTime'] ?? '1970-01-01T00:00:00Z', `${f}.status.conditions.lastTransitionTime`, file) } } : {}),
      ...(status['startTime'] ? { startTime: parseTime(status['startTime'], `${f}.status.startTime`, file) } : {}),
      containers: containers('containers'),
      initContainers: containers('initContainers'),
    };
    return { pod, labels: obj(meta['labels']) as Record<string, string> };
  });
}

function podMetricsFrom(list: unknown, file: string): { sample: PodMetricsSample; labels?: Record<string, string> }[] {
  return items(list, file, 'metrics.k8s.io/v1beta1 PodMetricsList').map((m, i) => {
    const labels = obj(m['metadata'])['labels'];
    return { ...(labels !== undefined ? { labels: obj(labels) as Record<string, string> } : {}), sample: podMetricFrom(m, i, file) };
  });
}

function podMetricFrom(m: J, i: number, file: string): PodMetricsSample {
  return {
    pod: text(obj(m['metadata'])['name']),
    timestamp: parseTime(m['timestamp'], `items[${i}].timestamp`, file),
    windowMs: parseGoDuration(m['window'] ?? '60s', `items[${i}].window`, file),
    containers: arr(m['containers']).map(obj).map((c, j) => {
      const u = obj(c['usage']);
      const cf = `items[${i}].containers[${j}].usage`;
      return {
        name: text(c['name']),
        ...(u['cpu'] !== undefined ? { cpu: nonNegative(cpuMillicores(u['cpu'], `${cf}.cpu`, file), `${cf}.cpu`, file, u['cpu']) } : {}),
        ...(u['memory'] !== undefined ? { memory: nonNegative(memoryBytes(u['memory'], `${cf}.memory`, file), `${cf}.memory`, file, u['memory']) } : {}),
      };
    }),
  };
}

function historyFrom(h: unknown, file: string): HpaState {
  const o = obj(h);
  const ev = (key: string) => arr(o[key]).map(obj).map((e, i) => ({
    replicaChange: count(e['replicaChange'], `${key}[${i}].replicaChange`, file), timestamp: parseTime(e['timestamp'], `${key}[${i}].timestamp`, file), outdated: false,
  }));
  return {
    recommendations: arr(o['recommendations']).map(obj).map((r, i) => ({ replicas: count(r['replicas'], `recommendations[${i}].replicas`, file), timestamp: parseTime(r['timestamp'], `recommendations[${i}].timestamp`, file) })),
    scaleUpEvents: ev('scaleUpEvents'),
    scaleDownEvents: ev('scaleDownEvents'),
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseTime(v: unknown, field: string, file: string | undefined): number {
  // Date.parse alone takes "2026-02-30" and other shapes; Kubernetes writes RFC 3339 only.
  const t = typeof v === 'string' && RFC3339.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new InputError(`expected an RFC3339 time like 2026-11-25T18:00:00Z, got ${excerpt(v)}`, file, field);
  return t;
}

/** A name or phase: a string, or '' when absent (never String() of a list, which recurses). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** metrics-server and the API server never report a negative usage or request. */
function nonNegative(x: number, field: string, file: string, raw: unknown): number {
  if (x < 0) throw new InputError(`expected a quantity of at least 0, got ${excerpt(raw)}`, file, field);
  return x;
}

/** A replica count in the controller history. */
function count(v: unknown, field: string, file: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`expected a whole number, got ${excerpt(v)}`, file, field);
  return v;
}

/** Go duration text as metrics-server writes `window` ("15s", "1m0s", "15.039s", "500ms"). */
function parseGoDuration(v: unknown, field: string, file: string): number {
  if (typeof v !== 'string') throw new InputError(`expected a duration like 60s or 1m0s, got ${excerpt(v)}`, file, field);
  const s = v;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let consumed = '';
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    consumed += m[0];
  }
  if (consumed !== s || s === '') throw new InputError(`expected a duration like 60s or 1m0s, got ${excerpt(v)}`, file, field);
  return Math.round(total);
}

const RULE_TEXT: Record<PodProposalDetail['rule'], string> = {
  'within-tolerance': 'within tolerance, keep the current size',
  'ratio-times-ready-pods': 'ceil(ratio × ready pods)',
  'adjusted-within-tolerance-or-direction-flip': 'counting missing/unready pods puts the ratio within tolerance or reverses it, keep the current size',
  'adjusted-would-reverse-direction': 'the adjusted count would move against the metric, keep the current size',
  'adjusted-ratio-times-samples': 'ceil(adjusted ratio × counted pods)',
};

// Milli-units as Kubernetes would print them: CPU in m, memory in bytes, other metrics as quantities.
function quantityText(spec: MetricSpec, milli: number): string {
  if ((spec.type === 'Resource' || spec.type === 'ContainerResource') && spec.resource === 'memory') {
    const b = Math.round(milli / 1000);
    const exact = formatBytes(b);
    return exact === String(b) ? `${(b / 2 ** 20).toFixed(1)}Mi` : exact;
  }
  if ((spec.type === 'Resource' || spec.type === 'ContainerResource') && spec.resource === 'cpu') return `${milli}m`;
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Human-readable report of one explanation (the default output of `capsim hpa explain`). */
export function formatExplanation(e: Explanation): string {
  const r = e.result;
  const x = r.explanation;
  const from = e.replicasFrom === 'pods' ? " (the Deployment's pods: its manifest has no spec.replicas; --replicas N overrides)" : '';
  const lines: string[] = [`HPA ${e.hpa} at ${e.now}: current replicas ${e.currentReplicas}${from}`];
  lines.push(`tolerance: scale-down ${x.tolerances.scaleDown}, scale-up ${x.tolerances.scaleUp}`);
  if (x.branch === 'disabled') lines.push('scaling disabled: the target has 0 replicas and minReplicas > 0');
  if (x.branch === 'above-max' || x.branch === 'below-min') lines.push(`current replicas outside [min, max]: clamped without reading metrics`);
  x.metrics.forEach((o, i) => {
    const label = metricLabel(o.spec);
    if (!o.ok) {
      lines.push(`metric ${i + 1} (${label}): FAILED ${o.reason}: ${o.message}`);
      return;
    }
    const s = o.status;
    const q = (milli: number | undefined) => (milli === undefined ? '?' : quantityText(o.spec, milli));
    const cur = s.averageUtilization !== undefined ? `${s.averageUtilization}% of request (avg ${q(s.averageValueMilli)} per pod)` : s.averageValueMilli !== undefined ? `avg ${q(s.averageValueMilli)} per pod` : `value ${q(s.valueMilli)}`;
    lines.push(`metric ${i + 1} (${label}): ${cur} -> proposes ${o.replicas}${x.winner === i ? ' (largest, used)' : ''}`);
    const d = o.detail;
    if (d) {
      lines.push(`  usage ratio ${d.usageRatio.toFixed(3)} over ${d.grouping.readyPodCount} ready pod(s)${d.adjustedRatio !== undefined ? `; adjusted ratio ${d.adjustedRatio.toFixed(3)}` : ''}: ${RULE_TEXT[d.rule]}`);
      for (const [pod, why] of [...d.grouping.reasons].sort()) if (why !== 'ready') lines.push(`  pod ${pod}: ${d.grouping.ignored.has(pod) ? 'ignored' : d.grouping.unready.has(pod) ? 'unready' : 'missing'} (${why})`);
      if (d.missingFilledWith) lines.push(`  missing pods counted as ${d.missingFilledWith === 'zero' ? '0 usage (scale-up)' : d.missingFilledWith === 'target' ? 'the target (scale-down)' : '100% of request or the target if higher (scale-down)'}`);
      if (d.unreadyFilledWithZero) lines.push('  unready pods counted as 0 usage (scale-up)');
    }
  });
  const n = x.normalization;
  if (n) {
    lines.push(`proposal ${n.proposal}; stabilized ${n.stabilized} (${n.path === 'legacy' ? `max over the last ${n.downWindowSeconds}s` : `up-window ${n.upWindowSeconds}s min ${n.upRecommendation}, down-window ${n.downWindowSeconds}s max ${n.downRecommendation}`})`);
    const rate = n.limited.rate;
    if (rate?.chosen) lines.push(`rate limit ${rate.limit}: ${rate.chosen.policy.type} ${rate.chosen.policy.value}/${rate.chosen.policy.periodSeconds}s from ${rate.chosen.periodStartReplicas} replicas at the start of the period`);
    lines.push(`limited: ${n.limited.replicas} (${n.limited.reason})`);
  }
  for (const c of r.conditions) lines.push(`condition ${c.type}=${c.status} ${c.reason}: ${c.message}`);
  lines.push(`desired replicas: ${r.desiredReplicas}${r.rescale ? ' (rescale)' : ' (no change)'}`);
  return lines.join('\n') + '\n';
}

/**
 * The explanation as plain JSON (the `--json` output of `capsim hpa explain`): the pod grouping's
 * sets and maps become sorted arrays and objects, so the output is stable.
 */
export function explanationJson(e: Explanation): unknown {
  const r = e.result;
  const metrics = r.explanation.metrics.map((o) => (o.ok && o.detail
    ? { ...o, detail: { ...o.detail, grouping: { readyPodCount: o.detail.grouping.readyPodCount, unready: [...o.detail.grouping.unready].sort(), missing: [...o.detail.grouping.missing].sort(), ignored: [...o.detail.grouping.ignored].sort(), reasons: Object.fromEntries([...o.detail.grouping.reasons].sort()) } } }
    : o));
  return { ...e, result: { ...r, explanation: { ...r.explanation, metrics } } };
}

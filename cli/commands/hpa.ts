import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { InputError } from '../../input/inputError.js';
import { deploymentFromManifest } from '../../k8s/deployment.js';
import { hpaFromManifest } from '../../k8s/hpa.js';
import { explainHpa, formatExplanation } from '../../k8s/hpaExplain.js';
import { dispatchByKind, readManifests, requireKinds } from '../../k8s/manifests.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG } from '../../sim/autoscaling/hpa/index.js';
import { ioOf } from '../io.js';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('cannot read file', file);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`invalid JSON: ${(e as Error).message}`, file);
  }
}

/** Go-style duration flag value ("5m", "30s", "1m30s") in ms. */
function durationMs(v: string, flag: string): number {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let consumed = '';
  for (const m of v.matchAll(re)) {
    total += Number(m[1]) * (unit[m[2] as string] as number);
    consumed += m[0];
  }
  if (consumed !== v || v === '') throw new InputError(`expected a duration like 5m or 30s, got "${v}"`, undefined, flag);
  return total;
}

function num(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InputError(`expected a non-negative number, got "${v}"`, undefined, flag);
  return n;
}

const explain = defineCommand({
  meta: { name: 'explain', description: 'What will my HPA do next, and why (from a cluster snapshot)' },
  args: {
    hpa: { type: 'string', required: true, description: 'HPA manifest (autoscaling/v2 or v1)' },
    pods: { type: 'string', required: true, description: 'kubectl get pods -o json' },
    metrics: { type: 'string', required: true, description: 'metrics.k8s.io/v1beta1 PodMetricsList JSON' },
    history: { type: 'string', description: 'controller history JSON (recommendations, scale events)' },
    now: { type: 'string', description: 'RFC3339 time of the reconcile (default: newest metric timestamp)' },
    replicas: { type: 'string', description: 'current replicas of the scale target' },
    deployment: { type: 'string', description: 'Deployment manifest of the scale target' },
    json: { type: 'boolean', description: 'print JSON' },
    'horizontal-pod-autoscaler-tolerance': { type: 'string', default: '0.1' },
    'horizontal-pod-autoscaler-cpu-initialization-period': { type: 'string', default: '5m' },
    'horizontal-pod-autoscaler-initial-readiness-delay': { type: 'string', default: '30s' },
    'horizontal-pod-autoscaler-downscale-stabilization': { type: 'string', default: '5m' },
  },
  run(ctx) {
    const a = ctx.args;
    const hpa = dispatchByKind(readManifests([a.hpa]), { HorizontalPodAutoscaler: hpaFromManifest })[0];
    if (hpa === undefined) throw new InputError('no HorizontalPodAutoscaler found', a.hpa);
    const deployDoc = a.deployment ? requireKinds(readManifests([a.deployment]), ['Deployment']).find((d) => d.object['metadata'] && (d.object['metadata'] as { name?: string }).name === hpa.scaleTargetRef.name) : undefined;
    if (a.deployment && deployDoc === undefined) {
      throw new InputError(`no Deployment named ${hpa.scaleTargetRef.name} (the HPA's scaleTargetRef) in this file`, a.deployment);
    }
    const config = {
      ...DEFAULT_HPA_CONTROLLER_CONFIG,
      tolerance: num(a['horizontal-pod-autoscaler-tolerance'], '--horizontal-pod-autoscaler-tolerance'),
      cpuInitializationPeriodMs: durationMs(a['horizontal-pod-autoscaler-cpu-initialization-period'], '--horizontal-pod-autoscaler-cpu-initialization-period'),
      initialReadinessDelayMs: durationMs(a['horizontal-pod-autoscaler-initial-readiness-delay'], '--horizontal-pod-autoscaler-initial-readiness-delay'),
      downscaleStabilizationMs: durationMs(a['horizontal-pod-autoscaler-downscale-stabilization'], '--horizontal-pod-autoscaler-downscale-stabilization'),
    };
    const e = explainHpa({
      hpa, podList: readJson(a.pods), podMetricsList: readJson(a.metrics),
      ...(a.history ? { history: readJson(a.history) } : {}),
      ...(a.replicas !== undefined ? { replicas: Math.trunc(num(a.replicas, '--replicas')) } : {}),
      ...(deployDoc ? { deployment: deploymentFromManifest(deployDoc) } : {}),
      ...(a.now ? { now: a.now } : {}),
      config,
      files: { pods: a.pods, metrics: a.metrics, ...(a.history ? { history: a.history } : {}) },
    });
    const io = ioOf({ data: ctx.data ?? inheritedData });
    if (a.json) {
      const r = e.result;
      const metrics = r.explanation.metrics.map((o) => (o.ok && o.detail
        ? { ...o, detail: { ...o.detail, grouping: { readyPodCount: o.detail.grouping.readyPodCount, unready: [...o.detail.grouping.unready].sort(), missing: [...o.detail.grouping.missing].sort(), ignored: [...o.detail.grouping.ignored].sort(), reasons: Object.fromEntries([...o.detail.grouping.reasons].sort()) } } }
        : o));
      io.out(JSON.stringify({ ...e, result: { ...r, explanation: { ...r.explanation, metrics } } }, null, 2) + '\n');
    } else io.out(formatExplanation(e));
  },
});

// citty 0.2 does not pass `data` (our CliIo) on to sub-commands; the group keeps it for them.
let inheritedData: unknown;

/** `capsim hpa …` command group. */
export default defineCommand({
  meta: { name: 'hpa', description: 'HorizontalPodAutoscaler tools' },
  setup(ctx) {
    inheritedData = ctx.data;
  },
  cleanup() {
    inheritedData = undefined;
  },
  subCommands: { explain },
});

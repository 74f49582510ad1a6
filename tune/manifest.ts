import { stringify } from 'yaml';
import type { HpaModel } from '../k8s/hpa.js';
import type { HpaSpec, MetricSpec, ScalingRules } from '../sim/autoscaling/hpa/types.js';

/**
 * The tuned HPA as a ready autoscaling/v2 manifest: the user's name, namespace and
 * scaleTargetRef, the found spec. Every behavior field is written explicitly, so the manifest
 * reads back (k8s/hpa.ts `hpaFromManifest`) to exactly `spec`, defaults included.
 * `header` lines become YAML comments on top (evidence: scenarios, cost, margin).
 * @throws Error for a metric this writer does not emit (only Resource/ContainerResource targets).
 * @example hpaManifestYaml(model, spec, ['tuned by capsim']).startsWith('# tuned by capsim') // true
 */
export function hpaManifestYaml(user: Pick<HpaModel, 'name' | 'namespace' | 'scaleTargetRef'>, spec: HpaSpec, header: readonly string[] = []): string {
  const doc = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: user.name, namespace: user.namespace },
    spec: {
      scaleTargetRef: { ...(user.scaleTargetRef.apiVersion ? { apiVersion: user.scaleTargetRef.apiVersion } : {}), kind: user.scaleTargetRef.kind, name: user.scaleTargetRef.name },
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: spec.metrics.map(metricDoc),
      ...(spec.behavior ? { behavior: { scaleUp: rulesDoc(spec.behavior.scaleUp), scaleDown: rulesDoc(spec.behavior.scaleDown) } } : {}),
    },
  };
  const comments = header.map((h) => `# ${h.replace(/\n/g, ' ')}\n`).join('');
  return comments + stringify(doc, { lineWidth: 0 });
}

function metricDoc(m: MetricSpec): Record<string, unknown> {
  if ((m.type !== 'Resource' && m.type !== 'ContainerResource') || m.target?.type !== 'Utilization') throw new Error(`hpaManifestYaml: cannot write a ${m.type} metric`);
  const target = { type: 'Utilization', averageUtilization: m.target.averageUtilization };
  if (m.type === 'Resource') return { type: 'Resource', resource: { name: m.resource, target } };
  return { type: 'ContainerResource', containerResource: { name: m.resource, container: m.container, target } };
}

function rulesDoc(r: ScalingRules): Record<string, unknown> {
  return {
    ...(r.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: r.stabilizationWindowSeconds } : {}),
    selectPolicy: r.selectPolicy,
    policies: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
    // The API type is a Quantity; a plain number reads back through parseQuantity unchanged.
    ...(r.tolerance !== undefined ? { tolerance: String(r.tolerance) } : {}),
  };
}

/**
 * The tuned HPA as a kustomize strategic-merge patch, written next to hpa.yaml: add it to an
 * overlay's `patchesStrategicMerge` (deploy/overlays/production) to apply the tuning to that
 * overlay's HPA, matched by name and namespace. It carries only what the tuning chose; its lists
 * (metrics, policies) replace the overlay's, as autoscaling/v2 gives them no merge key.
 * @example hpaPatchYaml({ name: 'payment-service', namespace: 'payments' }, spec).includes('minReplicas') // true
 */
export function hpaPatchYaml(user: Pick<HpaModel, 'name' | 'namespace'>, spec: HpaSpec, header: readonly string[] = []): string {
  const doc = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: user.name, namespace: user.namespace },
    spec: {
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: spec.metrics.map(metricDoc),
      ...(spec.behavior ? { behavior: { scaleUp: rulesDoc(spec.behavior.scaleUp), scaleDown: rulesDoc(spec.behavior.scaleDown) } } : {}),
    },
  };
  const comments = [...header, 'kustomize patch: list it under patchesStrategicMerge in an overlay (see deploy/overlays/production)'].map((h) => `# ${h.replace(/\n/g, ' ')}\n`).join('');
  return comments + stringify(doc, { lineWidth: 0 });
}

import type { V1HorizontalPodAutoscaler, V2HorizontalPodAutoscaler, V2MetricSpec, V2MetricTarget, V2HPAScalingRules } from '@kubernetes/client-node';
import { InputError } from '../input/inputError.js';
import { behaviorWithDefaults, type HpaSpec, type MetricSpec, type MetricTarget, type ScalingRulesInput } from '../sim/autoscaling/hpa/index.js';
import { validateManifest } from './apiValidation.js';
import { withDocLocation, type ManifestDoc } from './manifests.js';
import { milliValue, parseQuantity } from './quantity.js';

/** An HPA manifest as capsim uses it: identity, target reference, and the defaulted pure spec. */
export interface HpaModel {
  readonly name: string;
  readonly namespace: string;
  readonly scaleTargetRef: { readonly kind: string; readonly name: string; readonly apiVersion?: string };
  readonly spec: HpaSpec;
}

/** autoscaling/v1 default target when targetCPUUtilizationPercentage is unset. */
const DEFAULT_CPU_UTILIZATION = 80;

/**
 * autoscaling/v2 (or v1, converted as the API server does) HorizontalPodAutoscaler -> HpaModel, with
 * API defaults: minReplicas 1, metrics [cpu 80%] when empty, behavior defaults only if behavior is set.
 * @throws InputError (file, document line, field path) for what the API server would reject.
 */
export function hpaFromManifest(doc: ManifestDoc): HpaModel {
  return withDocLocation(doc, () => readHpa({ ...doc, object: validateManifest(doc) }));
}

function readHpa(doc: ManifestDoc): HpaModel {
  const at = (problem: string, field: string) => new InputError(problem, doc.file, field, doc.line);
  if (doc.kind !== 'HorizontalPodAutoscaler') throw at(`expected a HorizontalPodAutoscaler, got ${doc.kind}`, 'kind');
  if (doc.apiVersion === 'autoscaling/v1') return fromV1(doc.object as unknown as V1HorizontalPodAutoscaler, at);
  if (doc.apiVersion !== 'autoscaling/v2') throw at(`unsupported apiVersion ${doc.apiVersion}; expected autoscaling/v2 or autoscaling/v1`, 'apiVersion');
  const h = doc.object as unknown as V2HorizontalPodAutoscaler;
  const s = h.spec;
  if (!s) throw at('Required value', 'spec');
  const metrics = (s.metrics ?? []).map((m, i) => metricFrom(m, `spec.metrics[${i}]`, at));
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } });
  const behavior = s.behavior === undefined || s.behavior === null ? undefined : behaviorWithDefaults({
    ...(s.behavior.scaleUp ? { scaleUp: rulesFrom(s.behavior.scaleUp, 'spec.behavior.scaleUp', at) } : {}),
    ...(s.behavior.scaleDown ? { scaleDown: rulesFrom(s.behavior.scaleDown, 'spec.behavior.scaleDown', at) } : {}),
  });
  const spec: HpaSpec = { minReplicas: s.minReplicas ?? 1, maxReplicas: s.maxReplicas, metrics, ...(behavior ? { behavior } : {}) };
  validateReplicas(spec, at);
  return { ...identity(h.metadata, s.scaleTargetRef, at), spec };
}

function fromV1(h: V1HorizontalPodAutoscaler, at: (p: string, f: string) => InputError): HpaModel {
  const s = h.spec;
  if (!s) throw at('Required value', 'spec');
  const target = s.targetCPUUtilizationPercentage ?? DEFAULT_CPU_UTILIZATION;
  if (!(target > 0)) throw at('must be greater than 0', 'spec.targetCPUUtilizationPercentage');
  const spec: HpaSpec = {
    minReplicas: s.minReplicas ?? 1, maxReplicas: s.maxReplicas,
    metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: target } }],
  };
  validateReplicas(spec, at);
  return { ...identity(h.metadata, s.scaleTargetRef, at), spec };
}

function identity(meta: { name?: string; namespace?: string } | undefined, ref: { kind?: string; name?: string; apiVersion?: string } | undefined, at: (p: string, f: string) => InputError) {
  if (!meta?.name) throw at('Required value', 'metadata.name');
  if (!ref?.kind) throw at('Required value', 'spec.scaleTargetRef.kind');
  if (!ref.name) throw at('Required value', 'spec.scaleTargetRef.name');
  return { name: meta.name, namespace: meta.namespace ?? 'default', scaleTargetRef: { kind: ref.kind, name: ref.name, ...(ref.apiVersion ? { apiVersion: ref.apiVersion } : {}) } };
}

function validateReplicas(spec: HpaSpec, at: (p: string, f: string) => InputError): void {
  if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < 1) throw at('must be greater than or equal to 1', 'spec.maxReplicas');
  const objectOrExternal = spec.metrics.some((m) => m.type === 'Object' || m.type === 'External');
  if (!Number.isInteger(spec.minReplicas) || spec.minReplicas < 0 || (spec.minReplicas === 0 && !objectOrExternal)) {
    throw at('must be greater than or equal to 1 (0 is allowed only with an Object or External metric and the HPAScaleToZero gate)', 'spec.minReplicas');
  }
  if (spec.minReplicas > spec.maxReplicas) throw at(`must be greater than or equal to minReplicas (${spec.minReplicas})`, 'spec.maxReplicas');
}

function metricFrom(m: V2MetricSpec, f: string, at: (p: string, f: string) => InputError): MetricSpec {
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const src = m.type === 'Resource' ? m.resource : m.containerResource;
      if (!src) throw at('Required value: must populate information for the given metric source', `${f}.${key}`);
      if (src.name !== 'cpu' && src.name !== 'memory') throw at(`unsupported resource "${src.name}"; expected cpu or memory`, `${f}.${key}.name`);
      if (!src.target?.type) throw at('Required value: must specify a metric target', `${f}.${key}.target.type`);
      if (src.target.type === 'Value') throw at('must be either Utilization or AverageValue', `${f}.${key}.target.type`);
      const target = targetFrom(src.target, `${f}.${key}.target`, at);
      if (m.type === 'Resource') return { type: 'Resource', resource: src.name, target };
      const container = (src as { container?: string }).container;
      if (!container) throw at('Required value: must specify a container', `${f}.containerResource.container`);
      return { type: 'ContainerResource', resource: src.name, container, target };
    }
    case 'Pods': {
      if (!m.pods?.metric?.name) throw at('Required value', `${f}.pods.metric.name`);
      if (m.pods.target?.type !== 'AverageValue') throw at('must be AverageValue', `${f}.pods.target.type`);
      return { type: 'Pods', metricName: m.pods.metric.name, target: targetFrom(m.pods.target, `${f}.pods.target`, at) };
    }
    case 'Object': {
      const o = m.object;
      if (!o?.metric?.name) throw at('Required value', `${f}.object.metric.name`);
      if (!o.describedObject?.kind || !o.describedObject.name) throw at('Required value', `${f}.object.describedObject`);
      if (o.target?.type !== 'Value' && o.target?.type !== 'AverageValue') throw at('must be Value or AverageValue', `${f}.object.target.type`);
      return { type: 'Object', metricName: o.metric.name, describedObject: `${o.describedObject.kind}/${o.describedObject.name}`, target: targetFrom(o.target, `${f}.object.target`, at) };
    }
    case 'External': {
      const e = m.external;
      if (!e?.metric?.name) throw at('Required value', `${f}.external.metric.name`);
      if (e.target?.type !== 'Value' && e.target?.type !== 'AverageValue') throw at('must be Value or AverageValue', `${f}.external.target.type`);
      return { type: 'External', metricName: e.metric.name, target: targetFrom(e.target, `${f}.external.target`, at) };
    }
    default:
      throw at(`unknown metric type "${String(m.type)}"; must be either Object, Pods, Resource, ContainerResource or External`, `${f}.type`);
  }
}

function targetFrom(t: V2MetricTarget, f: string, at: (p: string, f: string) => InputError): MetricTarget {
  if (t.type === 'Utilization') {
    if (t.averageUtilization === undefined) throw at('Required value', `${f}.averageUtilization`);
    if (!(t.averageUtilization > 0)) throw at('must be greater than 0', `${f}.averageUtilization`);
    return { type: 'Utilization', averageUtilization: t.averageUtilization };
  }
  if (t.type === 'AverageValue' || t.type === 'Value') {
    const key = t.type === 'AverageValue' ? 'averageValue' : 'value';
    const raw = t[key];
    if (raw === undefined) throw at('Required value', `${f}.${key}`);
    const milli = milliValue(raw, `${f}.${key}`);
    if (!(milli > 0)) throw at('must be positive', `${f}.${key}`);
    return t.type === 'AverageValue' ? { type: 'AverageValue', averageValueMilli: milli } : { type: 'Value', valueMilli: milli };
  }
  throw at(`must be either Utilization, Value, or AverageValue, got "${String(t.type)}"`, `${f}.type`);
}

function rulesFrom(r: V2HPAScalingRules, f: string, at: (p: string, f: string) => InputError): ScalingRulesInput {
  const w = r.stabilizationWindowSeconds;
  if (w !== undefined && (!Number.isInteger(w) || w < 0 || w > 3600)) throw at('must be between 0 and 3600 seconds', `${f}.stabilizationWindowSeconds`);
  const sp = r.selectPolicy;
  if (sp !== undefined && sp !== 'Max' && sp !== 'Min' && sp !== 'Disabled') throw at(`must be Max, Min or Disabled, got "${sp}"`, `${f}.selectPolicy`);
  if (r.policies !== undefined && r.policies.length === 0 && sp !== 'Disabled') throw at('must specify at least one Policy', `${f}.policies`);
  const policies = r.policies?.map((p, i) => {
    const pf = `${f}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent') throw at(`must be Pods or Percent, got "${p.type}"`, `${pf}.type`);
    if (!Number.isInteger(p.value) || p.value <= 0) throw at('must be greater than zero', `${pf}.value`);
    if (!Number.isInteger(p.periodSeconds) || p.periodSeconds <= 0 || p.periodSeconds > 1800) throw at('must be greater than zero and less than or equal to 1800', `${pf}.periodSeconds`);
    return { type: p.type as 'Pods' | 'Percent', value: p.value, periodSeconds: p.periodSeconds };
  });
  let tolerance: number | undefined;
  if (r.tolerance !== undefined) {
    tolerance = parseQuantity(r.tolerance, `${f}.tolerance`);
    if (tolerance < 0) throw at('must be greater than or equal to 0', `${f}.tolerance`);
  }
  return {
    ...(w !== undefined ? { stabilizationWindowSeconds: w } : {}),
    ...(sp !== undefined ? { selectPolicy: sp } : {}),
    ...(policies !== undefined ? { policies } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
  };
}

import { parseQuantity } from './quantity.js';
import type { ApiProblem } from './schemaValidation.js';

/**
 * The API server's own rules for a HorizontalPodAutoscaler, which its OpenAPI schema does not
 * express: a port of `ValidateHorizontalPodAutoscaler` (kubernetes/kubernetes
 * pkg/apis/autoscaling/validation/validation.go) for autoscaling/v2 objects, messages verbatim.
 * It runs on an object the schema already accepted (types are right; null means unset), after
 * the API's defaulting: `behavior.scaleUp.policies` left unset gets the default policies, so
 * only an explicit empty list is "Required".
 *
 * Scale to zero (minReplicas 0) is allowed with an Object or External metric, as with the
 * HPAScaleToZero feature gate on (the simulator models it); without such a metric it is refused.
 */
export function hpaV2Problems(hpa: unknown): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const o = rec(hpa);
  append(errs, objectMetaProblems(rec(o['metadata'])));
  const spec = rec(o['spec']);
  const p = ['spec'];
  const minReplicas = num(spec['minReplicas']);
  const maxReplicas = num(spec['maxReplicas']) ?? 0;
  const metrics = list(spec['metrics']);
  const scaleToZero = metrics.some((m) => rec(m)['type'] === 'Object' || rec(m)['type'] === 'External');
  const lowerBound = scaleToZero ? 0 : 1;
  if (minReplicas !== undefined && minReplicas < lowerBound) errs.push(invalid([...p, 'minReplicas'], `must be greater than or equal to ${lowerBound}`));
  if (maxReplicas < 1) errs.push(invalid([...p, 'maxReplicas'], 'must be greater than 0'));
  if (minReplicas !== undefined && maxReplicas < minReplicas) errs.push(invalid([...p, 'maxReplicas'], 'must be greater than or equal to `minReplicas`'));
  append(errs, crossVersionObjectReference(rec(spec['scaleTargetRef']), [...p, 'scaleTargetRef']));
  metrics.forEach((m, i) => append(errs, metricSpec(rec(m), [...p, 'metrics', i])));
  const behavior = spec['behavior'];
  if (behavior !== undefined && behavior !== null) {
    for (const dir of ['scaleUp', 'scaleDown'] as const) {
      const rules = rec(behavior)[dir];
      if (rules !== undefined && rules !== null) append(errs, scalingRules(rec(rules), [...p, 'behavior', dir]));
    }
  }
  return errs;
}

/** autoscaling/v1: the same rules after conversion (its one metric is CPU utilization). */
export function hpaV1Problems(hpa: unknown): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const o = rec(hpa);
  append(errs, objectMetaProblems(rec(o['metadata'])));
  const spec = rec(o['spec']);
  const minReplicas = num(spec['minReplicas']);
  const maxReplicas = num(spec['maxReplicas']) ?? 0;
  if (minReplicas !== undefined && minReplicas < 1) errs.push(invalid(['spec', 'minReplicas'], 'must be greater than or equal to 1'));
  if (maxReplicas < 1) errs.push(invalid(['spec', 'maxReplicas'], 'must be greater than 0'));
  if (minReplicas !== undefined && maxReplicas < minReplicas) errs.push(invalid(['spec', 'maxReplicas'], 'must be greater than or equal to `minReplicas`'));
  append(errs, crossVersionObjectReference(rec(spec['scaleTargetRef']), ['spec', 'scaleTargetRef']));
  const target = num(spec['targetCPUUtilizationPercentage']);
  if (target !== undefined && target < 1) errs.push(invalid(['spec', 'targetCPUUtilizationPercentage'], 'must be greater than 0'));
  return errs;
}

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

type Path = ReadonlyArray<string | number>;

function scalingRules(rules: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const w = num(rules['stabilizationWindowSeconds']);
  if (w !== undefined && w < 0) errs.push(invalid([...p, 'stabilizationWindowSeconds'], 'must be greater than or equal to zero'));
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW_SECONDS) errs.push(invalid([...p, 'stabilizationWindowSeconds'], `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  const sp = rules['selectPolicy'];
  if (sp !== undefined && sp !== null && !SELECT_POLICIES.includes(String(sp))) errs.push(notSupported([...p, 'selectPolicy'], SELECT_POLICIES));
  // Defaulting fills unset policies; an explicit empty list stays empty and is refused.
  const policies = rules['policies'];
  if (Array.isArray(policies) && policies.length === 0) errs.push(required([...p, 'policies'], 'must specify at least one Policy'));
  list(policies).forEach((raw, i) => {
    const pp = [...p, 'policies', i];
    const pol = rec(raw);
    if (!POLICY_TYPES.includes(String(pol['type']))) errs.push(notSupported([...pp, 'type'], POLICY_TYPES));
    if (!((num(pol['value']) ?? 0) > 0)) errs.push(invalid([...pp, 'value'], 'must be greater than zero'));
    const period = num(pol['periodSeconds']) ?? 0;
    if (period <= 0) errs.push(invalid([...pp, 'periodSeconds'], 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) errs.push(invalid([...pp, 'periodSeconds'], `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  const tolerance = rules['tolerance'];
  if (tolerance !== undefined && tolerance !== null && sign(tolerance) < 0) errs.push(invalid([...p, 'tolerance'], 'must be greater than or equal to 0'));
  return errs;
}

function metricSpec(spec: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const type = typeof spec['type'] === 'string' ? spec['type'] : '';
  if (type === '') errs.push(required([...p, 'type'], 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported([...p, 'type'], METRIC_SOURCE_TYPES));
  const present: string[] = [];
  const given = (f: string) => spec[f] !== undefined && spec[f] !== null;
  for (const [f, check] of [['object', objectSource], ['external', externalSource], ['pods', podsSource], ['resource', resourceSource], ['containerResource', containerResourceSource]] as const) {
    if (!given(f)) continue;
    present.push(f);
    // Only the first source given is validated, as upstream does.
    if (present.length === 1) append(errs, check(rec(spec[f]), [...p, f]));
  }
  const expected = SOURCE_FIELD[type];
  if (expected !== undefined && !given(expected)) errs.push(required([...p, expected], 'must populate information for the given metric source'));
  if (present.length !== 1) for (const f of present.filter((x) => x !== expected)) errs.push({ path: [...p, f], problem: 'Forbidden: must populate the given metric source only', kind: 'value' });
  return errs;
}

function objectSource(src: Record<string, unknown>, p: Path): ApiProblem[] {
  const t = rec(src['target']);
  return [
    ...crossVersionObjectReference(rec(src['describedObject']), [...p, 'describedObject']),
    ...metricIdentifier(rec(src['metric']), [...p, 'metric']),
    ...metricTarget(t, [...p, 'target']),
    ...(unset(t['value']) && unset(t['averageValue']) ? [required([...p, 'target', 'averageValue'], 'must set either a target value or averageValue')] : []),
  ];
}

function externalSource(src: Record<string, unknown>, p: Path): ApiProblem[] {
  const t = rec(src['target']);
  const errs = [...metricIdentifier(rec(src['metric']), [...p, 'metric']), ...metricTarget(t, [...p, 'target'])];
  if (unset(t['value']) && unset(t['averageValue'])) errs.push(required([...p, 'target', 'averageValue'], 'must set either a target value for metric or a per-pod target'));
  if (!unset(t['value']) && !unset(t['averageValue'])) errs.push({ path: [...p, 'target', 'value'], problem: 'Forbidden: may not set both a target value for metric and a per-pod target', kind: 'value' });
  return errs;
}

function podsSource(src: Record<string, unknown>, p: Path): ApiProblem[] {
  const t = rec(src['target']);
  const errs = [...metricIdentifier(rec(src['metric']), [...p, 'metric']), ...metricTarget(t, [...p, 'target'])];
  if (unset(t['averageValue'])) errs.push(required([...p, 'target', 'averageValue'], 'must specify a positive target averageValue'));
  return errs;
}

function containerResourceSource(src: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  if (!src['name']) errs.push(required([...p, 'name'], 'must specify a resource name'));
  const container = src['container'];
  if (!container) errs.push(required([...p, 'container'], 'must specify a container'));
  else if (!DNS1123_LABEL.test(String(container)) || String(container).length > 63) errs.push(invalid([...p, 'container'], "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
  append(errs, utilizationOrValue(rec(src['target']), p));
  return errs;
}

function resourceSource(src: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  if (!src['name']) errs.push(required([...p, 'name'], 'must specify a resource name'));
  append(errs, utilizationOrValue(rec(src['target']), p));
  return errs;
}

function utilizationOrValue(t: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs = metricTarget(t, [...p, 'target']);
  if (unset(t['averageUtilization']) && unset(t['averageValue'])) errs.push(required([...p, 'target', 'averageUtilization'], 'must set either a target raw value or a target utilization'));
  if (!unset(t['averageUtilization']) && !unset(t['averageValue'])) errs.push({ path: [...p, 'target', 'averageValue'], problem: 'Forbidden: may not set both a target raw value and a target utilization', kind: 'value' });
  return errs;
}

function metricTarget(t: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const type = typeof t['type'] === 'string' ? t['type'] : '';
  if (type === '') errs.push(required([...p, 'type'], 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') errs.push(invalid([...p, 'type'], 'must be either Utilization, Value, or AverageValue'));
  if (!unset(t['value']) && sign(t['value']) !== 1) errs.push(invalid([...p, 'value'], 'must be positive'));
  if (!unset(t['averageValue']) && sign(t['averageValue']) !== 1) errs.push(invalid([...p, 'averageValue'], 'must be positive'));
  const u = num(t['averageUtilization']);
  if (u !== undefined && u < 1) errs.push(invalid([...p, 'averageUtilization'], 'must be greater than 0'));
  return errs;
}

function metricIdentifier(id: Record<string, unknown>, p: Path): ApiProblem[] {
  const name = typeof id['name'] === 'string' ? id['name'] : '';
  if (name === '') return [required([...p, 'name'], 'must specify a metric name')];
  return pathSegmentName(name).map((msg) => invalid([...p, 'name'], msg));
}

/** `ValidateCrossVersionObjectReference`. */
function crossVersionObjectReference(ref: Record<string, unknown>, p: Path): ApiProblem[] {
  const errs: ApiProblem[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = typeof ref[f] === 'string' ? (ref[f] as string) : '';
    if (v === '') errs.push(required([...p, f], ''));
    else append(errs, pathSegmentName(v).map((msg) => invalid([...p, f], msg)));
  }
  return errs;
}

/** `ValidateObjectMeta` for what capsim reads: the name is required and a DNS-1123 subdomain. */
export function objectMetaProblems(meta: Record<string, unknown>): ApiProblem[] {
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  if (name === '') return [required(['metadata', 'name'], 'name or generateName is required')];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [invalid(['metadata', 'name'], "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")];
  }
  return [];
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** apimachinery `IsValidPathSegmentName`. */
function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

function sign(q: unknown): number {
  try {
    return Math.sign(parseQuantity(q));
  } catch {
    return Number.NaN;
  }
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const unset = (v: unknown): boolean => v === undefined || v === null;
const invalid = (path: Path, msg: string): ApiProblem => ({ path, problem: `Invalid value: ${msg}`, kind: 'value' });
const required = (path: Path, msg: string): ApiProblem => ({ path, problem: msg === '' ? 'Required value' : `Required value: ${msg}`, kind: 'required' });
const notSupported = (path: Path, allowed: readonly string[]): ApiProblem => ({ path, problem: `Unsupported value: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`, kind: 'value' });

/** Adds `more` to `errs` (a loop: spreading a long list into a call can overflow the stack). */
function append(errs: ApiProblem[], more: readonly ApiProblem[]): void {
  for (const e of more) errs.push(e);
}

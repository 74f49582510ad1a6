import { objectMetaProblems } from './hpaValidation.js';
import { formatBytes, formatMillicores, parseQuantity } from './quantity.js';
import type { ApiProblem } from './schemaValidation.js';

/**
 * The API server's own rules for an apps/v1 Deployment that its OpenAPI schema does not
 * express, for the fields capsim reads (`ValidateDeployment` → `ValidatePodTemplateSpec` in
 * pkg/apis/apps/validation and pkg/apis/core/validation, messages verbatim):
 * replicas not negative; at least one container, each named; resource quantities not
 * negative and every request at most its limit; probe delays, periods and thresholds not
 * negative. Runs on an object the schema accepted (types are right; null means unset).
 */
export function deploymentProblems(deployment: unknown): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const o = rec(deployment);
  append(errs, objectMetaProblems(rec(o['metadata'])));
  const spec = rec(o['spec']);
  const replicas = spec['replicas'];
  if (typeof replicas === 'number' && replicas < 0) errs.push(invalid(['spec', 'replicas'], 'must be greater than or equal to 0'));
  const podSpec = rec(rec(spec['template'])['spec']);
  const p = ['spec', 'template', 'spec'];
  const containers = podSpec['containers'];
  if (!Array.isArray(containers) || containers.length === 0) errs.push({ path: [...p, 'containers'], problem: 'Required value', kind: 'required' });
  for (const key of ['initContainers', 'containers'] as const) {
    list(podSpec[key]).forEach((c, i) => append(errs, containerProblems(c, [...p, key, i])));
  }
  const grace = podSpec['terminationGracePeriodSeconds'];
  if (typeof grace === 'number' && grace < 0) errs.push(invalid([...p, 'terminationGracePeriodSeconds'], 'must be greater than or equal to 0'));
  return errs;
}

const PROBE_FIELDS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

function containerProblems(raw: unknown, p: ReadonlyArray<string | number>): ApiProblem[] {
  const errs: ApiProblem[] = [];
  const c = rec(raw);
  if (typeof c['name'] !== 'string' || c['name'] === '') errs.push({ path: [...p, 'name'], problem: 'Required value', kind: 'required' });
  const resources = rec(c['resources']);
  const limits = rec(resources['limits']);
  const requests = rec(resources['requests']);
  for (const [kind, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(values)) {
      if (q !== null && quantity(q) < 0) errs.push(invalid([...p, 'resources', kind, name], 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    if (q === null || limit === undefined || limit === null) continue;
    const req = quantity(q);
    const lim = quantity(limit);
    if (req > lim) errs.push(invalid([...p, 'resources', 'requests'], `must be less than or equal to ${name} limit of ${render(name, lim)}`, `${String(q)}`));
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    const pr = c[probe];
    if (pr === undefined || pr === null) continue;
    for (const f of PROBE_FIELDS) {
      const v = rec(pr)[f];
      if (typeof v === 'number' && v < 0) errs.push(invalid([...p, probe, f], 'must be greater than or equal to 0'));
    }
  }
  return errs;
}

function render(resource: string, value: number): string {
  if (resource === 'cpu') return formatMillicores(Math.round(value * 1000));
  if (resource === 'memory') return formatBytes(value);
  return String(value);
}

function quantity(q: unknown): number {
  try {
    return parseQuantity(q);
  } catch {
    return Number.NaN;
  }
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** `Invalid value: <value>: <why>`; the value is filled from the object unless given. */
const invalid = (path: ReadonlyArray<string | number>, msg: string, shown?: string): ApiProblem => ({ path, problem: `Invalid value: ${shown !== undefined ? `${JSON.stringify(shown)}: ` : ''}${msg}`, kind: 'value' });

/** Adds `more` to `errs` (a loop: spreading a long list into a call can overflow the stack). */
function append(errs: ApiProblem[], more: readonly ApiProblem[]): void {
  for (const e of more) errs.push(e);
}

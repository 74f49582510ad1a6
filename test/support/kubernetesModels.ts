/**
 * Validate a Kubernetes object against its OpenAPI schema with kubernetes-models (the upstream
 * API's schemas) and its CRD packages (the VPA's and the Prometheus Operator's CRD schemas).
 * An apiVersion no package models is an error, not a pass.
 */

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** The module of each API group's models; the core group is "". */
const PACKAGES: Record<string, string> = {
  '': 'kubernetes-models',
  apps: 'kubernetes-models/apps',
  policy: 'kubernetes-models/policy',
  autoscaling: 'kubernetes-models/autoscaling',
  batch: 'kubernetes-models/batch',
  'rbac.authorization.k8s.io': 'kubernetes-models/rbac.authorization.k8s.io',
  'autoscaling.k8s.io': '@kubernetes-models/autoscaler/autoscaling.k8s.io',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

/**
 * Validate one object; resolves when it is valid.
 * @throws Error naming the object and the schema violations.
 */
export async function validateObject(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }): Promise<void> {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  const pkg = PACKAGES[group];
  if (pkg === undefined) throw new Error(`${kind} ${String(obj.metadata?.name)}: no kubernetes-models package for API group "${group}"`);
  const mod = (await import(`${pkg}/${version}`)) as Record<string, ModelClass | undefined>;
  const Model = mod[kind];
  if (Model === undefined) throw new Error(`${kind} ${String(obj.metadata?.name)}: ${pkg}/${version} has no model ${kind}`);
  try {
    new Model(obj).validate();
  } catch (e) {
    throw new Error(`${apiVersion} ${kind} ${String(obj.metadata?.name)} does not validate: ${(e as Error).message}`);
  }
}

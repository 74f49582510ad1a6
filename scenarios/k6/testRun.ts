/**
 * A k6-operator distributed test (grafana/k6-operator, CRD TestRun k6.io/v1alpha1) for load
 * beyond one k6 instance: the bundle in a ConfigMap, N runners each taking an execution segment
 * of the same arrival schedule (k6.md §1 "Execution segments"), the scenario chosen by -e flags
 * as in the smoke workflow. Pure: the caller reads the bundle.
 */

export interface TestRunRequest {
  scenario: string;
  /** The k6 bundle (dist/k6/payments.js) text. */
  bundle: string;
  /** A scenario that is not in the library, as `capsim k6 script` writes it (read with SCENARIO_FILE). */
  scenarioJson?: string;
  parallelism: number;
  namespace: string;
  baseUrl: string;
  timeCompression?: number;
  scale?: number;
}

/** The service the kind files deploy (loadtests/kind/payment-service.yaml), seen from inside the cluster. */
export const IN_CLUSTER_BASE_URL = 'http://payment-service.payments.svc.cluster.local';
/** Kubernetes keeps a ConfigMap under 1 MiB. */
const CONFIGMAP_LIMIT = 1024 * 1024;

/**
 * The two manifests, ConfigMap first (the TestRun mounts it).
 * @throws Error when parallelism is not a positive integer or the bundle exceeds a ConfigMap.
 * @example k6TestRunManifests({ scenario: 'black-friday', bundle, parallelism: 4, namespace: 'k6', baseUrl })[1].spec.parallelism // 4
 */
export function k6TestRunManifests(r: TestRunRequest): [Record<string, unknown>, Record<string, unknown>] {
  if (!Number.isInteger(r.parallelism) || r.parallelism < 1) throw new Error(`expected --parallelism to be a whole number >= 1, got ${r.parallelism}`);
  const size = new TextEncoder().encode(r.bundle + (r.scenarioJson ?? '')).length;
  if (size > CONFIGMAP_LIMIT) throw new Error(`the k6 bundle is ${size} bytes, more than a ConfigMap holds (1 MiB)`);
  const name = `capsim-${dnsLabel(r.scenario)}`.slice(0, 52).replace(/-+$/, '');
  const labels = { 'app.kubernetes.io/part-of': 'capsim', 'capsim.io/scenario': dnsLabel(r.scenario) };
  const env: Array<[string, string]> = [r.scenarioJson !== undefined ? ['SCENARIO_FILE', 'scenario.json'] : ['SCENARIO', r.scenario], ['BASE_URL', r.baseUrl]];
  if (r.timeCompression !== undefined) env.push(['TIME_COMPRESSION', String(r.timeCompression)]);
  if (r.scale !== undefined) env.push(['SCALE', String(r.scale)]);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-script`, namespace: r.namespace, labels }, data: { 'payments.js': r.bundle, ...(r.scenarioJson !== undefined ? { 'scenario.json': r.scenarioJson } : {}) } };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, namespace: r.namespace, labels },
    spec: {
      parallelism: r.parallelism,
      script: { configMap: { name: `${name}-script`, file: 'payments.js' } },
      arguments: env.map(([k, v]) => `-e ${k}=${v}`).join(' '),
    },
  };
  return [configMap, testRun];
}

/** A Kubernetes-safe name part: lower case, [a-z0-9-], no leading or trailing dash. */
function dnsLabel(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'scenario';
}

import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1LabelSelector,
  type V1Deployment,
  type V1Node,
  type V1Pod,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { InputError } from '../../input/inputError.js';

/** One collection the recorder watches: its path and the matching typed list call. */
export interface Collection<T extends KubernetesObject> {
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * The API calls the recorder makes, all get, list or watch (see loadtests/kind/recorder-rbac.yaml):
 * get the deployment (and HPA) once, list+watch pods, the deployment, the HPA and nodes, and list
 * pod metrics. Every call goes through the kubeconfig's auth.
 */
export interface ClusterApi {
  /** The deployment's spec.selector; throws InputError when it does not exist. */
  readDeploymentSelector(): Promise<V1LabelSelector | undefined>;
  /** Throws InputError when the HPA does not exist. */
  checkHpa(name: string): Promise<void>;
  pods(labelSelector: string): Collection<V1Pod>;
  deployment(): Collection<V1Deployment>;
  hpa(name: string): Collection<V2HorizontalPodAutoscaler>;
  nodes(): Collection<V1Node>;
  /** `GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods?labelSelector=...` (a PodMetricsList). */
  podMetrics(labelSelector: string): Promise<unknown>;
}

/**
 * The recorder's API calls for one deployment, through the kubeconfig's current context and auth.
 * Building it makes no request.
 * @example const api = clusterApi(kc, 'pay', 'pay-api'); selectorString(await api.readDeploymentSelector())
 */
export function clusterApi(kc: KubeConfig, namespace: string, deployment: string): ClusterApi {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const autoscaling = kc.makeApiClient(AutoscalingV2Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const byName = (name: string): string => `metadata.name=${name}`;
  const selector = (s: string): { labelSelector?: string } => (s === '' ? {} : { labelSelector: s });
  return {
    async readDeploymentSelector() {
      const d = await notFoundAsInput(apps.readNamespacedDeployment({ name: deployment, namespace }), 'deployment', deployment, namespace, '--deployment');
      return d.spec?.selector;
    },
    async checkHpa(name) {
      await notFoundAsInput(autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace }), 'horizontalpodautoscaler', name, namespace, '--hpa');
    },
    pods: (labelSelector) => ({
      path: `/api/v1/namespaces/${namespace}/pods`,
      list: () => core.listNamespacedPod({ namespace, ...selector(labelSelector) }),
      ...selector(labelSelector),
    }),
    deployment: () => ({
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      list: () => apps.listNamespacedDeployment({ namespace, fieldSelector: byName(deployment) }),
      fieldSelector: byName(deployment),
    }),
    hpa: (name) => ({
      path: `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`,
      list: () => autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace, fieldSelector: byName(name) }),
      fieldSelector: byName(name),
    }),
    nodes: () => ({ path: '/api/v1/nodes', list: () => core.listNode() }),
    podMetrics: (labelSelector) =>
      custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods', ...selector(labelSelector) }),
  };
}

// 404 means the user named something that is not there: bad input, not a crash.
async function notFoundAsInput<T>(call: Promise<T>, kind: string, name: string, namespace: string, flag: string): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ApiException && e.code === 404) {
      throw new InputError(`${kind} "${name}" not found in namespace "${namespace}"`, undefined, flag);
    }
    if (e instanceof ApiException && e.code === 403) {
      throw new Error(`forbidden to get ${kind} "${name}" in namespace "${namespace}": apply loadtests/kind/recorder-rbac.yaml`);
    }
    throw e;
  }
}

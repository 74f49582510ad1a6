import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuMillicores, memoryBytes } from '../../../k8s/quantity.js';
import { loadConfig, loadListenAddress } from '../../../loadtests/service/config.js';
import { startServer } from '../../../loadtests/service/server.js';
import { KIND_DIR, one, readDocs, type Obj } from './manifests.js';

const yamlFiles = readdirSync(KIND_DIR).filter((f) => f.endsWith('.yaml')).sort();

// The apiVersion each kind must use (the current GA or documented version).
const API_VERSIONS: Record<string, string> = {
  Cluster: 'kind.x-k8s.io/v1alpha4',
  Namespace: 'v1',
  ServiceAccount: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  APIService: 'apiregistration.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  VerticalPodAutoscaler: 'autoscaling.k8s.io/v1',
};

describe('every YAML file in loadtests/kind', () => {
  it.each(yamlFiles)('%s parses and every document has a known kind with its apiVersion', (file) => {
    const docs = readDocs(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(Object.keys(API_VERSIONS)).toContain(d['kind']);
      expect({ kind: d['kind'], apiVersion: d['apiVersion'] }).toEqual({ kind: d['kind'], apiVersion: API_VERSIONS[String(d['kind'])] });
    }
  });
});

const svcDocs = readDocs('payment-service.yaml');
const deployment = one(svcDocs, 'Deployment', 'payment-service');
const service = one(svcDocs, 'Service', 'payment-service');
const pod = deployment['spec']['template'] as Obj;
const container = (pod['spec']['containers'] as Obj[])[0] as Obj;
const envOf = (c: Obj): Record<string, string> => Object.fromEntries((c['env'] as Obj[]).map((e) => [e['name'], String(e['value'])]));

describe('kind-config.yaml', () => {
  const cluster = one(readDocs('kind-config.yaml'), 'Cluster');

  it('has one control-plane and two workers', () => {
    expect((cluster['nodes'] as Obj[]).map((n) => n['role'])).toEqual(['control-plane', 'worker', 'worker']);
  });

  it('maps the Service\'s NodePort to 127.0.0.1 on the host', () => {
    const mappings = (cluster['nodes'] as Obj[]).flatMap((n) => (n['extraPortMappings'] as Obj[] | undefined) ?? []);
    const nodePort = (service['spec']['ports'] as Obj[])[0]?.['nodePort'];
    expect(mappings).toContainEqual(expect.objectContaining({ containerPort: nodePort, listenAddress: '127.0.0.1' }));
  });
});

describe('metrics-server.yaml (upstream components.yaml, pinned)', () => {
  const docs = readDocs('metrics-server.yaml');
  const ms = one(docs, 'Deployment', 'metrics-server');
  const msContainer = (ms['spec']['template']['spec']['containers'] as Obj[])[0] as Obj;

  it('holds the upstream objects: ServiceAccount, ClusterRoles, bindings, Service, Deployment, APIService', () => {
    expect(docs.map((d) => `${d['kind']}/${d['metadata']['name']}`).sort()).toEqual(
      [
        'APIService/v1beta1.metrics.k8s.io',
        'ClusterRole/system:aggregated-metrics-reader',
        'ClusterRole/system:metrics-server',
        'ClusterRoleBinding/metrics-server:system:auth-delegator',
        'ClusterRoleBinding/system:metrics-server',
        'Deployment/metrics-server',
        'RoleBinding/metrics-server-auth-reader',
        'Service/metrics-server',
        'ServiceAccount/metrics-server',
      ].sort(),
    );
  });

  it('runs a pinned release with the flags kind needs', () => {
    expect(msContainer['image']).toMatch(/^registry\.k8s\.io\/metrics-server\/metrics-server:v\d+\.\d+\.\d+$/);
    expect(msContainer['args']).toContain('--kubelet-insecure-tls');
    expect(msContainer['args']).toContain('--metric-resolution=15s');
  });

  it('the APIService points at the metrics-server Service, whose selector matches the pods', () => {
    const api = one(docs, 'APIService');
    const svc = one(docs, 'Service', 'metrics-server');
    expect(api['spec']['service']).toEqual({ name: 'metrics-server', namespace: 'kube-system' });
    expect(api['spec']).toMatchObject({ group: 'metrics.k8s.io', version: 'v1beta1' });
    expect(ms['spec']['template']['metadata']['labels']).toMatchObject(svc['spec']['selector']);
    expect(ms['spec']['template']['spec']['serviceAccountName']).toBe('metrics-server');
  });

  it('every binding grants to the metrics-server ServiceAccount', () => {
    for (const b of docs.filter((d) => String(d['kind']).endsWith('Binding'))) {
      expect(b['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' }]);
    }
  });
});

describe('payment-service.yaml', () => {
  it('puts everything in the payments namespace it creates', () => {
    expect(one(svcDocs, 'Namespace')['metadata']['name']).toBe('payments');
    expect([deployment, service].map((d) => d['metadata']['namespace'])).toEqual(['payments', 'payments']);
  });

  it('sets cpu and memory requests and limits, requests <= limits', () => {
    const { requests, limits } = container['resources'] as Obj;
    expect(cpuMillicores(requests['cpu'])).toBeLessThanOrEqual(cpuMillicores(limits['cpu']));
    expect(memoryBytes(requests['memory'])).toBeLessThanOrEqual(memoryBytes(limits['memory']));
  });

  it('its env is a valid service configuration with the calibration runs\' values', () => {
    const env = envOf(container);
    const config = loadConfig(env);
    expect({ W: config.workers, QMAX: config.queueMax, SEED: config.seed, CPU_CLOCK: config.cpuClock, DS_SIGMA: config.downstreamSigma }).toEqual({
      W: 8,
      QMAX: 64,
      SEED: 12345,
      CPU_CLOCK: 'cpu',
      DS_SIGMA: 0.3,
    });
    expect(loadListenAddress(env).port).toBe(container['ports'][0]['containerPort']);
  });

  it('probes /readyz and /healthz on the container port, and the service answers both there', async () => {
    const ports = container['ports'] as Obj[];
    const portOf = (probe: Obj): number => {
      const p = probe['httpGet']['port'];
      return typeof p === 'number' ? p : (ports.find((q) => q['name'] === p)?.['containerPort'] as number);
    };
    expect(container['readinessProbe']['httpGet']['path']).toBe('/readyz');
    expect(container['livenessProbe']['httpGet']['path']).toBe('/healthz');
    expect(portOf(container['readinessProbe'])).toBe(loadListenAddress(envOf(container)).port);
    expect(portOf(container['livenessProbe'])).toBe(loadListenAddress(envOf(container)).port);
    const svc = await startServer(loadConfig(envOf(container)), { host: '127.0.0.1', port: 0 });
    try {
      for (const path of ['/readyz', '/healthz']) expect((await fetch(`${svc.url}${path}`)).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('drains within the grace period: preStop sleep + DRAIN_TIMEOUT_MS < terminationGracePeriodSeconds', () => {
    const command = container['lifecycle']['preStop']['exec']['command'] as string[];
    expect(command[0]).toBe('sleep');
    const preStopS = Number(command[1]);
    const drainS = loadConfig(envOf(container)).drainTimeoutMs / 1000;
    expect(preStopS).toBeGreaterThan(0);
    expect(preStopS + drainS).toBeLessThan(pod['spec']['terminationGracePeriodSeconds']);
  });

  it('rolls out with RollingUpdate, never below capacity', () => {
    expect(deployment['spec']['strategy']).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
  });

  it('the Service selects the Deployment\'s pods and targets the named container port', () => {
    const selector = service['spec']['selector'] as Obj;
    expect(deployment['spec']['selector']['matchLabels']).toEqual(selector);
    expect(pod['metadata']['labels']).toMatchObject(selector);
    const target = (service['spec']['ports'] as Obj[])[0]?.['targetPort'];
    expect((container['ports'] as Obj[]).map((p) => p['name'])).toContain(target);
  });
});

describe('hpa.yaml', () => {
  const hpa = one(readDocs('hpa.yaml'), 'HorizontalPodAutoscaler');

  it('targets the Deployment in its namespace', () => {
    expect(hpa['metadata']['namespace']).toBe(deployment['metadata']['namespace']);
    expect(hpa['spec']['scaleTargetRef']).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment['metadata']['name'] });
  });

  it('scales on cpu Utilization with explicit behavior, minReplicas <= maxReplicas', () => {
    expect(hpa['spec']['metrics']).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: expect.objectContaining({ type: 'Utilization' }) } });
    expect(hpa['spec']['behavior']).toHaveProperty('scaleUp');
    expect(hpa['spec']['behavior']).toHaveProperty('scaleDown');
    expect(hpa['spec']['minReplicas']).toBeLessThanOrEqual(hpa['spec']['maxReplicas']);
  });
});

describe('vpa.yaml', () => {
  const vpa = one(readDocs('vpa.yaml'), 'VerticalPodAutoscaler');

  it('targets the Deployment, recommendation only (updateMode Off), for its container', () => {
    expect(vpa['metadata']['namespace']).toBe(deployment['metadata']['namespace']);
    expect(vpa['spec']['targetRef']).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment['metadata']['name'] });
    expect(vpa['spec']['updatePolicy']['updateMode']).toBe('Off');
    expect(vpa['spec']['resourcePolicy']['containerPolicies'][0]['containerName']).toBe(container['name']);
  });
});

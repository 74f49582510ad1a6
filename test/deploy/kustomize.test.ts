import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hpaPatchYaml } from '../../tune/manifest.js';
import { validateObject } from '../support/kubernetesModels.js';
import { findTool, reportMissing, runTool, type Tool } from '../support/tools.js';

/**
 * The kustomize base and overlays, rendered by the real `kubectl kustomize` (Debian's
 * kubernetes-client 1.20 bundles kustomize v2.0.3; newer kubectls bundle kustomize v5: the files
 * are written for both), and every rendered object validated against the Kubernetes OpenAPI
 * schemas (kubernetes-models) and the VPA and Prometheus Operator CRD schemas.
 * KUBECTL names a kubectl to prefer (e.g. a second version to check against).
 */

const kubectl: Tool | null = findTool([...(process.env['KUBECTL'] ? [process.env['KUBECTL']] : []), 'kubectl'], ['kustomize', '--help']);
if (kubectl === null) reportMissing('kubectl', 'apt-get install --no-install-recommends kubernetes-client');

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

function render(dir: string): K8sObject[] {
  const r = runTool(kubectl!, ['kustomize', dir]);
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as K8sObject).filter((o) => o !== null);
}

const byKind = (objs: K8sObject[], kind: string) => {
  const found = objs.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as K8sObject;
};

const tmp = mkdtempSync(join(tmpdir(), 'capsim-kustomize-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(kubectl === null)(`kustomize base and overlays (${kubectl?.path ?? 'no kubectl'})`, () => {
  it.each(['deploy/base', 'deploy/overlays/kind', 'deploy/overlays/production'])('%s renders, and every object validates against its schema', async (dir) => {
    const objs = render(dir);
    for (const o of objs) await validateObject(o);
    for (const kind of ['Namespace', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'ServiceMonitor']) byKind(objs, kind);
    for (const o of objs.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe('payments');
    // The generated ConfigMap's name (with its content hash) is the one the Deployment reads.
    const deployment = byKind(objs, 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.envFrom[0].configMapRef.name).toBe(byKind(objs, 'ConfigMap').metadata.name);
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.resources.requests).toEqual({ cpu: '500m', memory: '128Mi' });
    expect(container.env.find((e: { name: string }) => e.name === 'API_KEY').valueFrom.secretKeyRef.key).toBe('api-key');
    // Objects whose CRDs a cluster may lack say so, so kind-up.sh can leave them out.
    expect(byKind(objs, 'VerticalPodAutoscaler').metadata.labels?.['capsim.dev/requires']).toBe('vpa');
    expect(byKind(objs, 'ServiceMonitor').metadata.labels?.['capsim.dev/requires']).toBe('prometheus-operator');
  });

  it('kind: the locally loaded image, NodePort 30080, a generated Secret the Deployment references', () => {
    const objs = render('deploy/overlays/kind');
    const container = byKind(objs, 'Deployment').spec.template.spec.containers[0];
    expect(container.imagePullPolicy).toBe('Never');
    expect(container.image).toBe('capsim/payment-service:dev');
    expect(byKind(objs, 'Service').spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30080 }] });
    const secret = byKind(objs, 'Secret');
    expect(container.env.find((e: { name: string }) => e.name === 'API_KEY').valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
    expect(Buffer.from(secret.data?.['api-key'] ?? '', 'base64').toString()).toBe('kind-local-only');
  });

  it('kind: the service runs with the settings of loadtests/kind/payment-service.yaml (no drift between the two)', () => {
    const config = byKind(render('deploy/overlays/kind'), 'ConfigMap').data ?? {};
    const kindDoc = parseAllDocuments(readFileSync('loadtests/kind/payment-service.yaml', 'utf8')).map((d) => d.toJS() as K8sObject).find((o) => o.kind === 'Deployment') as K8sObject;
    const env = Object.fromEntries((kindDoc.spec.template.spec.containers[0].env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
    expect(config).toEqual(env);
  });

  it('production: the registry image, 3 to 30 replicas, the SLO PrometheusRule, no Secret in the manifests', () => {
    const objs = render('deploy/overlays/production');
    expect(byKind(objs, 'Deployment').spec.template.spec.containers[0].image).toBe('registry.example.com/payments/payment-service:0.1.0');
    expect(byKind(objs, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 30 });
    const rule = byKind(objs, 'PrometheusRule');
    expect(rule.metadata.labels?.['capsim.dev/requires']).toBe('prometheus-operator');
    expect(JSON.stringify(rule.spec)).toContain('BudgetBurn');
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it("production with capsim tune's hpa-patch.yaml: the tuned HPA renders and validates", async () => {
    cpSync('deploy', join(tmp, 'deploy'), { recursive: true });
    const overlay = join(tmp, 'deploy', 'overlays', 'production');
    const patch = hpaPatchYaml(
      { name: 'payment-service', namespace: 'payments' },
      {
        minReplicas: 4,
        maxReplicas: 24,
        metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } }],
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 200, periodSeconds: 15 }] },
          scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
        },
      } as never,
      ['tuned by capsim (test)'],
    );
    writeFileSync(join(overlay, 'hpa-patch.yaml'), patch);
    const kustomization = readFileSync(join(overlay, 'kustomization.yaml'), 'utf8').replace('  - hpa.yaml\n', '  - hpa.yaml\n  - hpa-patch.yaml\n');
    writeFileSync(join(overlay, 'kustomization.yaml'), kustomization);
    const hpa = byKind(render(overlay), 'HorizontalPodAutoscaler');
    await validateObject(hpa);
    expect(hpa.spec).toMatchObject({ minReplicas: 4, maxReplicas: 24, scaleTargetRef: { kind: 'Deployment', name: 'payment-service' } });
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } } }]);
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] });
  });
});

import { describe, expect, it } from 'vitest';
import { deploymentFromManifest } from '../../k8s/deployment.js';
import { parseManifestText, readManifests } from '../../k8s/manifests.js';

describe('deploymentFromManifest', () => {
  it('reads replicas, selector, requests/limits, probe and strategy with Kubernetes defaults', () => {
    const [doc] = readManifests(['test/fixtures/k8s/payments-deployment.yaml']);
    if (!doc) throw new Error('no doc');
    const d = deploymentFromManifest(doc);
    expect(d).toMatchObject({ name: 'payments-api', namespace: 'payments', replicas: 4, selector: { app: 'payments-api' }, terminationGracePeriodSeconds: 45 });
    expect(d.containers[0]).toEqual({
      name: 'api', requests: { cpu: 500, memory: 512 * 2 ** 20 }, limits: { cpu: 1000, memory: 2 ** 30 },
      readinessProbe: { initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 3, successThreshold: 1 },
    });
    expect(d.containers[1]).toEqual({ name: 'sidecar', requests: { cpu: 100, memory: 64 * 2 ** 20 }, limits: {} });
    expect(d.strategy).toEqual({ type: 'RollingUpdate', maxSurge: 1, maxUnavailable: '25%' });
  });
  it('defaults replicas 1, terminationGracePeriodSeconds 30 and RollingUpdate 25%/25%', () => {
    const [doc] = parseManifestText('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n', 'd.yaml');
    if (!doc) throw new Error('no doc');
    expect(deploymentFromManifest(doc)).toMatchObject({ replicas: 1, terminationGracePeriodSeconds: 30, strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' } });
  });
  it('names file, line and field for a bad quantity', () => {
    const [doc] = parseManifestText('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: c, resources: {requests: {cpu: lots}}}]\n', 'd.yaml');
    if (!doc) throw new Error('no doc');
    expect(() => deploymentFromManifest(doc)).toThrow(/^d\.yaml:7:53: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: expected a Kubernetes quantity/);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/inputError.js';
import { vpaFromObject, vpaFromYaml } from '../../k8s/vpa.js';
import { formatCpu, formatGoDuration, formatMemory } from '../../k8s/vpaFormat.js';

const base = {
  apiVersion: 'autoscaling.k8s.io/v1',
  kind: 'VerticalPodAutoscaler',
  metadata: { name: 'payments-api', namespace: 'payments' },
  spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-api' } },
};
const src = { file: 'vpa.yaml', line: 3 };
const withSpec = (spec: object): object => ({ ...base, spec: { ...base.spec, ...spec } });

describe('reading a VerticalPodAutoscaler', () => {
  it('applies the API defaults: updateMode Auto, no container policies', () => {
    expect(vpaFromObject(base, src)).toEqual({
      name: 'payments-api',
      namespace: 'payments',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-api' },
      updateMode: 'Auto',
      containerPolicies: [],
    });
  });

  it('reads update policy and container policies, with quantities in millicores and bytes', () => {
    const vpa = vpaFromObject(
      withSpec({
        updatePolicy: { updateMode: 'InPlaceOrRecreate', minReplicas: 1 },
        resourcePolicy: {
          containerPolicies: [
            { containerName: 'api', minAllowed: { cpu: '100m', memory: '128Mi' }, maxAllowed: { cpu: 2, memory: '2Gi' }, controlledResources: ['cpu'], controlledValues: 'RequestsOnly' },
            { containerName: '*', mode: 'Off' },
          ],
        },
      }),
      src,
    );
    expect(vpa.updateMode).toBe('InPlaceOrRecreate');
    expect(vpa.minReplicas).toBe(1);
    expect(vpa.containerPolicies).toEqual([
      { containerName: 'api', mode: 'Auto', minAllowed: { cpu: 100, memory: 134_217_728 }, maxAllowed: { cpu: 2000, memory: 2_147_483_648 }, controlledResources: ['cpu'], controlledValues: 'RequestsOnly' },
      { containerName: '*', mode: 'Off', minAllowed: {}, maxAllowed: {}, controlledResources: ['cpu', 'memory'], controlledValues: 'RequestsAndLimits' },
    ]);
  });

  it.each([
    ['wrong apiVersion', { ...base, apiVersion: 'autoscaling/v2' }, 'vpa.yaml:3: apiVersion: expected autoscaling.k8s.io/v1, got "autoscaling/v2"'],
    ['missing targetRef name', { ...base, spec: { targetRef: { kind: 'Deployment' } } }, 'vpa.yaml:3: spec.targetRef.name: Required value'],
    ['missing spec', { ...base, spec: undefined }, 'vpa.yaml:3: spec: Required value'],
    ['unknown update mode', withSpec({ updatePolicy: { updateMode: 'auto' } }), 'vpa.yaml:3: spec.updatePolicy.updateMode: expected one of Off, Initial, Recreate, InPlaceOrRecreate, InPlace, Auto, got "auto"'],
    ['minReplicas 0', withSpec({ updatePolicy: { minReplicas: 0 } }), 'vpa.yaml:3: spec.updatePolicy.minReplicas: expected a positive integer, got 0'],
    ['bad quantity', withSpec({ resourcePolicy: { containerPolicies: [{ containerName: 'api', minAllowed: { cpu: 'lots' } }] } }), 'vpa.yaml:3: spec.resourcePolicy.containerPolicies[0].minAllowed.cpu: expected a Kubernetes quantity'],
    ['unknown resource', withSpec({ resourcePolicy: { containerPolicies: [{ containerName: 'api', maxAllowed: { mem: '1Gi' } }] } }), 'spec.resourcePolicy.containerPolicies[0].maxAllowed.mem: unsupported resource "mem"; expected cpu or memory'],
    ['bad controlled resource', withSpec({ resourcePolicy: { containerPolicies: [{ containerName: 'api', controlledResources: ['cpu', 'gpu'] }] } }), 'spec.resourcePolicy.containerPolicies[0].controlledResources[1]: expected one of cpu, memory, got "gpu"'],
    ['max below min', withSpec({ resourcePolicy: { containerPolicies: [{ containerName: 'api', minAllowed: { cpu: '1' }, maxAllowed: { cpu: '500m' } }] } }), 'spec.resourcePolicy.containerPolicies[0].maxAllowed.cpu: max resource for cpu is lower than min'],
    ['missing container name', withSpec({ resourcePolicy: { containerPolicies: [{ mode: 'Off' }] } }), 'spec.resourcePolicy.containerPolicies[0].containerName: Required value'],
    ['bad controlledValues', withSpec({ resourcePolicy: { containerPolicies: [{ containerName: 'a', controlledValues: 'Limits' }] } }), 'controlledValues: expected one of RequestsAndLimits, RequestsOnly, got "Limits"'],
  ])('rejects %s with file, line and field path', (_name, obj, message) => {
    expect(() => vpaFromObject(obj, src)).toThrow(InputError);
    expect(() => vpaFromObject(obj, src)).toThrow(message);
  });

  it('takes the first VerticalPodAutoscaler document of a YAML file and reports its line', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: x}',
      '---',
      'apiVersion: autoscaling.k8s.io/v1',
      'kind: VerticalPodAutoscaler',
      'metadata: {name: api}',
      'spec:',
      '  targetRef: {kind: Deployment, name: api}',
      '  updatePolicy: {updateMode: Bogus}',
    ].join('\n');
    expect(() => vpaFromYaml(text, 'v.yaml')).toThrow('v.yaml:10:18: spec.updatePolicy.updateMode');
    expect(vpaFromYaml(text.replace('Bogus', 'Off'), 'v.yaml').updateMode).toBe('Off');
    expect(() => vpaFromYaml('kind: Deployment\n', 'v.yaml')).toThrow('v.yaml: expected a document with kind: VerticalPodAutoscaler');
  });
});

describe('VPA quantity and duration formatting', () => {
  it.each([
    [587, '587m'], [1000, '1'], [1500, '1500m'], [25, '25m'], [1e14, '100G'], [0, '0'],
  ])('cpu %i millicores → %s', (m, text) => expect(formatCpu(m)).toBe(text));
  it.each([
    [262_144_000, '262144k'], [1_238_659_775, '1238659775'], [1e14, '100T'], [131_072_000, '131072k'],
  ])('memory %i bytes → %s', (b, text) => expect(formatMemory(b)).toBe(text));
  it.each([[0, '0s'], [90_000, '1m30s'], [86_400_000, '24h0m0s'], [8 * 86_400_000 + 1500, '192h0m1.5s']])('%i ms → %s', (ms, text) => expect(formatGoDuration(ms)).toBe(text));
});

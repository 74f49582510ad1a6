import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '../../input/inputError.js';
import { hpaFromManifest } from '../../k8s/hpa.js';
import { parseManifestText, readManifests } from '../../k8s/manifests.js';

type Obj = Record<string, unknown>;
const base = (): Obj => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    behavior: { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 120 } },
  },
});
const hpaText = (o: Obj) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n${stringify(o)}`;
const spec = (o: Obj) => o['spec'] as Obj;
const metric0 = (o: Obj) => (spec(o)['metrics'] as Obj[])[0] as Obj;
const up = (o: Obj) => (spec(o)['behavior'] as Obj)['scaleUp'] as Obj;
const down = (o: Obj) => (spec(o)['behavior'] as Obj)['scaleDown'] as Obj;

/** The HPA is the second document of the file, starting at line 5. */
function read(mutate: (o: Obj) => void) {
  const o = base();
  mutate(o);
  const text = hpaText(o);
  const doc = parseManifestText(text, 'hpa.yaml')[1];
  if (!doc) throw new Error('no doc');
  return hpaFromManifest(doc);
}

describe('HPA manifests the API server would reject', () => {
  const cases: [string, (o: Obj) => void, string][] = [
    ['minReplicas > maxReplicas', (o) => { spec(o)['minReplicas'] = 11; }, 'spec.maxReplicas'],
    ['maxReplicas < 1', (o) => { spec(o)['maxReplicas'] = 0; spec(o)['minReplicas'] = 1; }, 'spec.maxReplicas'],
    ['minReplicas < 1 with only a Resource metric', (o) => { spec(o)['minReplicas'] = 0; }, 'spec.minReplicas'],
    ['negative minReplicas', (o) => { spec(o)['minReplicas'] = -1; }, 'spec.minReplicas'],
    ['utilisation target <= 0', (o) => { ((metric0(o)['resource'] as Obj)['target'] as Obj)['averageUtilization'] = 0; }, 'spec.metrics[0].resource.target.averageUtilization'],
    ['policy periodSeconds 0', (o) => { ((up(o)['policies'] as Obj[])[0] as Obj)['periodSeconds'] = 0; }, 'spec.behavior.scaleUp.policies[0].periodSeconds'],
    ['policy periodSeconds 1801', (o) => { ((up(o)['policies'] as Obj[])[0] as Obj)['periodSeconds'] = 1801; }, 'spec.behavior.scaleUp.policies[0].periodSeconds'],
    ['policy value <= 0', (o) => { ((up(o)['policies'] as Obj[])[0] as Obj)['value'] = 0; }, 'spec.behavior.scaleUp.policies[0].value'],
    ['policy type unknown', (o) => { ((up(o)['policies'] as Obj[])[0] as Obj)['type'] = 'Nodes'; }, 'spec.behavior.scaleUp.policies[0].type'],
    ['stabilizationWindowSeconds 3601', (o) => { down(o)['stabilizationWindowSeconds'] = 3601; }, 'spec.behavior.scaleDown.stabilizationWindowSeconds'],
    ['stabilizationWindowSeconds -1', (o) => { down(o)['stabilizationWindowSeconds'] = -1; }, 'spec.behavior.scaleDown.stabilizationWindowSeconds'],
    ['unknown metric type', (o) => { metric0(o)['type'] = 'CheddarCheese'; }, 'spec.metrics[0].type'],
    ['Resource metric without a target', (o) => { delete (metric0(o)['resource'] as Obj)['target']; }, 'spec.metrics[0].resource.target'],
    ['Resource metric with a Value target', (o) => { (metric0(o)['resource'] as Obj)['target'] = { type: 'Value', value: '1' }; }, 'spec.metrics[0].resource.target.averageUtilization'],
    ['negative tolerance', (o) => { up(o)['tolerance'] = '-0.1'; }, 'spec.behavior.scaleUp.tolerance'],
    ['selectPolicy not Max/Min/Disabled', (o) => { up(o)['selectPolicy'] = 'Sometimes'; }, 'spec.behavior.scaleUp.selectPolicy'],
    ['empty policies list', (o) => { up(o)['policies'] = []; }, 'spec.behavior.scaleUp.policies'],
    ['a bad quantity in a target', (o) => { metric0(o)['resource'] = { name: 'memory', target: { type: 'AverageValue', averageValue: 'lots' } }; }, 'spec.metrics[0].resource.target.averageValue'],
    ['an unsupported apiVersion', (o) => { o['apiVersion'] = 'autoscaling/v2beta1'; }, 'apiVersion'],
  ];
  it.each(cases)('%s: names file, the line and column of the field, and the field', (_n, mutate, field) => {
    let err: unknown;
    const o = base();
    mutate(o);
    try {
      read(mutate);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect([e.file, e.field]).toEqual(['hpa.yaml', field]);
    // The line is the field's own (or, for a missing field, its parent's), inside the HPA document.
    const line = hpaText(o).split('\n')[(e.line as number) - 1] as string;
    const keys = field.split(/[.[\]]/).filter((k) => k !== '' && !/^\d+$/.test(k));
    expect(e.line).toBeGreaterThanOrEqual(5);
    expect(keys.some((k) => line.includes(k)) || line.trimStart().startsWith('-')).toBe(true);
    expect(e.message.startsWith(`hpa.yaml:${e.line}:${e.column !== undefined ? `${e.column}:` : ''} ${field}: `)).toBe(true);
  });

  it('accepts minReplicas 0 with an External metric (HPAScaleToZero)', () => {
    const h = read((o) => {
      spec(o)['minReplicas'] = 0;
      spec(o)['metrics'] = [{ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } }];
    });
    expect(h.spec.minReplicas).toBe(0);
    expect(h.spec.metrics).toEqual([{ type: 'External', metricName: 'queue', target: { type: 'AverageValue', averageValueMilli: 30000 } }]);
  });
});

describe('defaults as the API server fills them', () => {
  it('payments-hpa.yaml: behavior fields completed one by one; scaleDown window kept; tolerance per direction', () => {
    const [doc] = readManifests(['test/fixtures/k8s/payments-hpa.yaml']);
    if (!doc) throw new Error('no doc');
    const h = hpaFromManifest(doc);
    expect(h).toMatchObject({ name: 'payments-api', namespace: 'payments', scaleTargetRef: { kind: 'Deployment', name: 'payments-api' } });
    expect(h.spec.metrics).toEqual([
      { type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      { type: 'Resource', resource: 'memory', target: { type: 'AverageValue', averageValueMilli: 400 * 2 ** 20 * 1000 } },
    ]);
    expect(h.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }], tolerance: 0.05 },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });
  it('no behavior -> no behavior (legacy path)', () => {
    expect(read((o) => { delete spec(o)['behavior']; }).spec.behavior).toBeUndefined();
  });
  it('behavior: {} -> both directions defaulted; the scaleDown window stays unset for the controller flag', () => {
    expect(read((o) => { spec(o)['behavior'] = {}; }).spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });
  it('no metrics -> cpu Utilization 80%; no minReplicas -> 1', () => {
    const h = read((o) => { delete spec(o)['metrics']; delete spec(o)['minReplicas']; });
    expect([h.spec.minReplicas, h.spec.metrics]).toEqual([1, [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }]]);
  });
});

describe('autoscaling/v1 conversion', () => {
  const docs = readManifests(['test/fixtures/k8s/hpa-v1.yaml']).map(hpaFromManifest);
  it('targetCPUUtilizationPercentage unset -> Resource cpu Utilization 80, minReplicas 1, no behavior', () =>
    expect(docs[0]?.spec).toEqual({ minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }] }));
  it('targetCPUUtilizationPercentage 50 -> Resource cpu Utilization 50', () =>
    expect(docs[1]?.spec).toEqual({ minReplicas: 3, maxReplicas: 10, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }] }));
});

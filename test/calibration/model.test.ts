import { describe, expect, it } from 'vitest';
import { applyModel, formatModel, parseModel, type WorkloadModel } from '../../calibration/model.js';
import { InputError } from '../../input/inputError.js';
import { scenario } from './fit/fixtures.js';

const model: WorkloadModel = {
  kind: 'capsim/WorkloadModel',
  fittedFrom: ['low.ndjson.gz'],
  workload: {
    operations: {
      authorize: { cpu: { distribution: 'constant', valueMs: 5 }, downstream: { distribution: 'lognormal', medianMs: 15, sigma: 0.3 } },
      capture: { cpu: { distribution: 'constant', valueMs: 3 } },
      refund: { cpu: { distribution: 'constant', valueMs: 4 } },
    },
    pod: { workers: 6, queueLimit: 10, startup: { distribution: 'constant', valueMs: 30000 } },
    routing: 'global-round-robin',
  },
  uncertainty: { 'pod.workers': { estimate: 6, interval: [4, null], method: 'test' } },
  notes: ['a note'],
};

describe('the model file', () => {
  it('round-trips through YAML (an unbounded interval is written as null)', () => {
    const text = formatModel(model);
    expect(text).toMatch(/interval:\n\s+- 4\n\s+- null/);
    expect(parseModel(text, 'm.yaml')).toEqual(model);
  });
  it('a distribution the scenario schema rejects is an error with its line', () => {
    const bad = formatModel(model).replace('sigma: 0.3', 'sigma: -1');
    expect(() => parseModel(bad, 'm.yaml')).toThrow(InputError);
    expect(() => parseModel(bad, 'm.yaml')).toThrow(/^m\.yaml:\d+: workload\.operations\.authorize\.downstream\.sigma: /);
  });
});

describe('applyModel', () => {
  const { spec } = scenario('one-replica');
  it('replaces the workload (operations and pod), keeps traffic, deployment and SLOs', () => {
    const out = applyModel(spec, model);
    expect(out.workload).toEqual(model.workload);
    expect(out.traffic).toEqual(spec.traffic);
    expect(out.slo).toEqual(spec.slo);
  });
  it("pod: 'scenario' keeps the scenario's pod (the measured setup) and takes the model's start-up", () => {
    const out = applyModel(spec, model, 'scenario');
    expect(out.workload.operations).toEqual(model.workload.operations);
    expect(out.workload.pod).toEqual({ ...spec.workload.pod, startup: { distribution: 'constant', valueMs: 30000 } });
  });
  it.each([
    ['the scenario sets a discipline: it keeps it and takes the fitted wake-up', 'one-replica', { request: '1', limit: '1', discipline: 'shared', wakeupMs: 0.75 }],
    ['the scenario sets none: the discipline the CPU was fitted under comes with the wake-up', 'two-replicas-500m', { request: '500m', limit: '500m', discipline: 'fifo', wakeupMs: 0.75 }],
  ] as const)("pod: 'scenario', CPU wake-up and discipline from a model (workload.pod.cpu): %s", (_name, sc, cpu) => {
    const fitted = { ...model, workload: { ...model.workload, pod: { ...model.workload.pod, cpu: { request: '2', limit: '2', discipline: 'fifo' as const, wakeupMs: 0.75 } } } };
    expect(applyModel(scenario(sc).spec, fitted, 'scenario').workload.pod.cpu).toEqual(cpu);
  });
  it("pod: 'scenario' with a model file from before the wake-up (no pod.cpu): the scenario's CPU block unchanged", () => {
    expect(applyModel(spec, model, 'scenario').workload.pod.cpu).toEqual(spec.workload.pod.cpu);
  });
  it("pod: 'scenario' takes the model's idle CPU (the process's own, measured with the demand) and client gap, unless the scenario sets the idle CPU", () => {
    const fitted = { ...model, workload: { ...model.workload, clientGapMs: 0.8, pod: { ...model.workload.pod, idleCpu: '34m' } } };
    const out = applyModel(spec, fitted, 'scenario');
    expect(out.workload.pod.idleCpu).toBe('34m');
    expect(out.workload.clientGapMs).toBe(0.8);
    const own = { ...spec, workload: { ...spec.workload, pod: { ...spec.workload.pod, idleCpu: '5m' } } };
    expect(applyModel(own, fitted, 'scenario').workload.pod.idleCpu).toBe('5m');
  });
  it('a model lacking an operation of the mix is refused', () => {
    const partial = { ...model, workload: { ...model.workload, operations: { authorize: model.workload.operations.authorize! } } };
    expect(() => applyModel(spec, partial)).toThrow(/traffic\.mix\.capture: the scenario's traffic\.mix names "capture", which the model does not have/);
  });
});

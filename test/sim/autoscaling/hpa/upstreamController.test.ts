import { describe, expect, it } from 'vitest';
import { reconcileHpa, UPSTREAM_TEST_HPA_CONTROLLER_CONFIG as CFG, type HpaCondition } from '../../../../sim/autoscaling/hpa/index.js';
import { controllerCases, type ControllerCase } from '../../../fixtures/upstream/hpa/horizontal.cases.js';
import { controllerInputs } from './upstreamHarness.js';

type Cond = readonly [HpaCondition['type'], HpaCondition['status'], string];
const statusOk: Cond[] = [['AbleToScale', 'True', 'SucceededRescale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'False', 'DesiredWithinRange']];

function expectedConditions(tc: ControllerCase): Cond[] {
  if (tc.conditions) return [...tc.conditions];
  const out = [...statusOk];
  for (const o of tc.conditionOverrides ?? []) {
    const i = out.findIndex((c) => c[0] === o[0]);
    if (i >= 0) out[i] = o;
    else out.push(o);
  }
  return out;
}

describe('horizontal_test.go controller cases through reconcileHpa (test config: factor 8, 2 min / 10 s)', () => {
  it.each(controllerCases.map((c) => [c.name, c] as const))('%s', (_n, tc) => {
    const r = reconcileHpa(controllerInputs(tc), CFG);
    expect(r.desiredReplicas).toBe(tc.expectedDesiredReplicas);
    expect(r.rescale).toBe(tc.expectedDesiredReplicas !== tc.specReplicas);
    expect(r.conditions.map((c) => [c.type, c.status, c.reason])).toEqual(expectedConditions(tc));
    if (tc.expectedEvents !== undefined) expect(r.explanation.events.map((e) => [e.reason, e.message])).toEqual(tc.expectedEvents);
    if (tc.expectedCPUCurrent !== undefined) {
      const cpu = r.currentMetrics.find((m) => m.type === 'Resource' && m.name === 'cpu');
      expect(cpu?.averageUtilization).toBe(tc.expectedCPUCurrent);
    }
  });
});

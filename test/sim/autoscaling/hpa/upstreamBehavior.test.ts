import { describe, expect, it } from 'vitest';
import {
  convertDesiredReplicasWithBehaviorRate, convertDesiredReplicasWithRules, replicasChangeIn, scaleDownLimit, scaleDownRulesWithDefaults,
  scaleUpLimit, scaleUpRulesWithDefaults, stabilizeLegacy, stabilizeWithBehavior, storeScaleEvent, UPSTREAM_TEST_HPA_CONTROLLER_CONFIG as CFG,
} from '../../../../sim/autoscaling/hpa/index.js';
import {
  behaviorStabilizeCases, convertWithRulesCases, legacyStabilizeCases, scalingWithRulesCases, storeScaleEventsCases, type Events,
} from '../../../fixtures/upstream/hpa/behavior.cases.js';
import { NOW_MS, rules } from './upstreamHarness.js';

const events = (e: Events | undefined) => (e ?? []).map((x) => ({ replicaChange: x.change, timestamp: NOW_MS - x.agoSeconds * 1000, outdated: false }));
const recs = (r: readonly { replicas: number; agoSeconds: number }[]) => r.map((x) => ({ replicas: x.replicas, timestamp: NOW_MS - x.agoSeconds * 1000 }));

describe('TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)', () => {
  it.each(scalingWithRulesCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = convertDesiredReplicasWithBehaviorRate({
      behavior: {
        scaleUp: c.scaleUpRules ? scaleUpRulesWithDefaults(rules(c.scaleUpRules)) : scaleUpRulesWithDefaults(),
        scaleDown: c.scaleDownRules ? scaleDownRulesWithDefaults(rules(c.scaleDownRules)) : scaleDownRulesWithDefaults(),
      },
      minReplicas: c.specMinReplicas, maxReplicas: c.specMaxReplicas, current: c.currentReplicas, desired: c.prenormalizedDesiredReplicas,
      scaleUpEvents: events(c.scaleUpEvents), scaleDownEvents: events(c.scaleDownEvents), now: NOW_MS,
    });
    expect([r.replicas, r.reason]).toEqual([c.expectedReplicas, c.expectedCondition]);
  });
});

describe('TestStoreScaleEvents', () => {
  it.each(storeScaleEventsCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const prev = c.prev.map((e) => ({ replicaChange: e.change, timestamp: NOW_MS - e.agoSeconds * 1000, outdated: e.outdated ?? false }));
    expect(replicasChangeIn(60, prev, NOW_MS)).toBe(c.expectedReplicasChange);
    // Without behavior the controller stores nothing (reconcile only calls storeScaleEvent for behavior HPAs).
    const next = c.rules === undefined ? prev : storeScaleEvent(prev, rules(c.rules), c.replicaChange, NOW_MS);
    expect(next.map((e) => [e.replicaChange, e.outdated])).toEqual(c.next);
  });
});

describe('TestNormalizeDesiredReplicas (legacy stabilization, 5 min)', () => {
  it.each(legacyStabilizeCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = stabilizeLegacy(recs(c.recommendations), c.prenormalized, NOW_MS, 5 * 60_000);
    expect(r.replicas).toBe(c.expectedStabilized);
    expect(r.recommendations).toHaveLength(c.expectedLogLength ?? -1);
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)', () => {
  it.each(behaviorStabilizeCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = stabilizeWithBehavior(recs(c.recommendations), c.currentReplicas ?? 0, c.prenormalized, NOW_MS, (c.upWindowSeconds ?? 0) * 1000, (c.downWindowSeconds ?? 0) * 1000);
    expect(r.replicas).toBe(c.expectedStabilized);
    if (c.expectedRecommendations) expect(r.recommendations.map((x) => x.replicas)).toEqual(c.expectedRecommendations);
  });
});

describe('TestConvertDesiredReplicasWithRules (legacy clamp, factor 8)', () => {
  it.each(convertWithRulesCases)('%s', (_n, cur, desired, min, max, expected, reason) => {
    const r = convertDesiredReplicasWithRules(cur, desired, min, max, CFG);
    expect([r.replicas, r.reason]).toEqual([expected, reason]);
  });
});

describe('TestCalculateScaleUpLimitWithScalingRules / TestCalculateScaleDownLimitWithBehaviors', () => {
  const minRules = { stabilizationWindowSeconds: 300, selectPolicy: 'Min' as const, policies: [{ type: 'Pods' as const, value: 2, periodSeconds: 60 }, { type: 'Percent' as const, value: 50, periodSeconds: 60 }] };
  it('scale-up Min of Pods 2 and Percent 50 from 1 is 2', () => expect(scaleUpLimit(1, [], [], minRules, NOW_MS).limit).toBe(2));
  it('scale-down Min of Pods 2 and Percent 50 from 5 is 3', () => expect(scaleDownLimit(5, [], [], minRules, NOW_MS).limit).toBe(3));
});

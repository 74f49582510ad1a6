import { describe, expect, it } from 'vitest';
import {
  AggregateContainerState,
  CPU_HISTOGRAM_OPTIONS,
  DEFAULT_RECOMMENDER_CONFIG,
  Histogram,
  MEMORY_HISTOGRAM_OPTIONS,
  RecommenderState,
  constEstimator,
  getConfidence,
  percentileCpuEstimator,
  percentileMemoryEstimator,
  recommend,
  recommendPodResources,
  withConfidenceMultiplier,
  withMargin,
  withMinResource,
  type PodEstimators,
} from '../../../../sim/autoscaling/vpa/index.js';
import { CONFIDENCE_CASES, POD_RECOMMENDER_CASES } from '../../../fixtures/upstream/vpa/estimatorCases.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const fresh = (): AggregateContainerState => new AggregateContainerState(DEFAULT_RECOMMENDER_CONFIG, 0);

describe('estimators (upstream recommender/logic/estimator_test.go)', () => {
  it('TestPercentileEstimator: p20 of CPU {1,2,3} ≈ 1 core, p50 of memory {1e9,2e9,3e9} ≈ 2e9, within the 5% bucket width', () => {
    const s = fresh();
    // Upstream builds plain (non-decaying) histograms; weights are equal, so the decaying ones agree.
    const cpu = new Histogram(CPU_HISTOGRAM_OPTIONS);
    const mem = new Histogram(MEMORY_HISTOGRAM_OPTIONS);
    for (const v of [1, 2, 3]) cpu.addSample(v, 1);
    for (const v of [1e9, 2e9, 3e9]) mem.addSample(v, 1);
    const state = Object.assign(s, { cpu, memoryPeaks: mem });
    expect(Math.abs(percentileCpuEstimator(0.2)(state) / 1000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(percentileMemoryEstimator(0.5)(state) / 2e9 - 1)).toBeLessThan(0.05);
  });

  it.each(CONFIDENCE_CASES)('$name', (c) => {
    const s = fresh();
    for (let i = 0; i < c.samples.count; i++) s.addCpuSample(1000, i * c.samples.stepMs);
    if (c.expectedConfidence !== undefined) expect(getConfidence(s, c.confidenceIntervalMs)).toBeCloseTo(c.expectedConfidence, 15);
    expect(withConfidenceMultiplier(c.multiplier, c.exponent, constEstimator(c.base.cpu), c.confidenceIntervalMs)(s)).toBe(c.expected.cpu);
    if (c.expected.memory !== undefined) {
      expect(withConfidenceMultiplier(c.multiplier, c.exponent, constEstimator(c.base.memory), c.confidenceIntervalMs)(s)).toBe(c.expected.memory);
    }
  });

  it('TestMarginEstimator: 10% on 3.14 cores and 3.14e9 bytes', () => {
    expect(withMargin(0.1, constEstimator(3140))(fresh())).toBe(3454);
    expect(withMargin(0.1, constEstimator(3.14e9))(fresh())).toBe(3.454e9);
  });

  it('TestMinResourcesEstimator: the minimum only raises', () => {
    expect(withMinResource(200, constEstimator(3140))(fresh())).toBe(3140);
    expect(withMinResource(2e7, constEstimator(4e8))(fresh())).toBe(4e8);
    expect(withMinResource(200, constEstimator(100))(fresh())).toBe(200);
  });
});

describe('pod recommender (upstream recommender/logic/recommender_test.go)', () => {
  it.each(POD_RECOMMENDER_CASES)('$name', (c) => {
    const cpu = constEstimator(c.estimate.cpu);
    const memory = constEstimator(c.estimate.memory);
    const estimators: PodEstimators = { targetCpu: cpu, targetMemory: memory, lowerBoundCpu: cpu, lowerBoundMemory: memory, upperBoundCpu: cpu, upperBoundMemory: memory };
    const containers = new Map(c.containers.map((n) => [n, { state: fresh(), controlledResources: c.controlled ?? (['cpu', 'memory'] as const) }]));
    const out = recommendPodResources(estimators, containers, {
      podMinCpuMillicores: c.podMin?.cpuMillicores ?? 25,
      podMinMemoryMb: c.podMin?.memoryMb ?? 250,
    });
    for (const name of c.containers) {
      const rec = out.get(name);
      expect(rec?.target).toEqual(c.expectedTarget);
      expect(rec?.lowerBound).toEqual(c.expectedTarget);
      expect(rec?.upperBound).toEqual(c.expectedTarget);
    }
  });

  it('TestMapToListOfRecommendedContainerResources: containers come out sorted by name', () => {
    const cpu = constEstimator(1000);
    const estimators: PodEstimators = { targetCpu: cpu, targetMemory: cpu, lowerBoundCpu: cpu, lowerBoundMemory: cpu, upperBoundCpu: cpu, upperBoundMemory: cpu };
    const names = ['b-container', 'a-container', 'd-container', 'c-container'];
    const out = recommendPodResources(estimators, new Map(names.map((n) => [n, { state: fresh(), controlledResources: ['cpu'] as const }])), DEFAULT_RECOMMENDER_CONFIG);
    expect([...out.keys()]).toEqual(['a-container', 'b-container', 'c-container', 'd-container']);
  });
});

/** Feed one sample a minute from `from` to `to` inclusive, CPU from `cpuAt(i)`, memory constant. */
function steady(to: number, cpuAt: (i: number) => number, memory: number): RecommenderState {
  const state = new RecommenderState();
  const ref = { pod: 'pod-1', container: 'app' };
  for (let i = 0, t = T0; t <= to; i++, t += MIN) {
    state.addCpuSample(ref, cpuAt(i), t);
    state.addMemorySample(ref, memory, t);
  }
  return state;
}

describe('hand check: a steady day of known usage (issue 7)', () => {
  // Every minute for 24 h (1441 samples, T0..T0+24h): 200m four minutes out of five, 500m the fifth;
  // memory a constant 1 GiB.
  const state = steady(T0 + DAY, (i) => (i % 5 === 4 ? 500 : 200), 2 ** 30);
  const [rec] = recommend(state, { containerPolicies: [] }, T0 + DAY);

  it('history: one day, so confidence c = min(1440 min / 1440, 1441 / 1440) = 1', () => {
    expect(rec?.history.historyMs).toBe(DAY);
    expect(rec?.history.totalSamples).toBe(1441);
    expect(rec?.history.confidenceCpu).toBe(1);
  });

  it('target cpu = upper edge of the p90 bucket × 1.15 margin (no confidence factor on the target, as upstream)', () => {
    // 80% of the weight sits at 200m, so p90 falls in the bucket of 500m:
    //   bucket(0.5 cores) = floor(ln(0.5 × 0.05 / 0.01 + 1) / ln 1.05) = floor(25.68) = 25
    //   its upper edge = start(26) = 0.01 × (1.05^26 − 1) / 0.05 = 0.51113 cores → 511m (truncated)
    const edge = (0.01 * (Math.pow(1.05, 26) - 1)) / 0.05;
    expect(Math.trunc(edge * 1000)).toBe(511);
    //   margin: 511 + trunc(511 × 0.15 = 76.65) = 587m
    expect(rec?.target.cpu).toBe(511 + 76);
    expect(rec?.uncappedTarget.cpu).toBe(587);
  });

  it('upper bound cpu = p95 edge (511m) × 1.15 → 587m, × confidence factor (1 + 1/1)^1 = 2 → 1174m', () => {
    expect(rec?.upperBound.cpu).toBe(587 * 2);
  });

  it('lower bound cpu = p50 edge × 1.15 × (1 + 0.001/1)^−2', () => {
    // p50 falls in the bucket of 200m: floor(ln(0.2 × 5 + 1) / ln 1.05) = floor(14.21) = 14;
    // upper edge start(15) = 0.2 × (1.05^15 − 1) = 0.215786 → 215m; margin 215 + trunc(32.25) = 247m;
    // confidence factor 1.001^−2 = 0.998003 → trunc(246.51) = 246m.
    expect(Math.trunc(0.2 * (Math.pow(1.05, 15) - 1) * 1000)).toBe(215);
    expect(rec?.lowerBound.cpu).toBe(Math.trunc(247 * Math.pow(1.001, -2)));
    expect(rec?.lowerBound.cpu).toBe(246);
  });

  it('memory target = edge of the 1 GiB bucket (start(38) = 1077095457 B) × 1.15 = 1238659775 B', () => {
    // Two daily peaks (windows opened at T0 and T0+24h), both 1 GiB: bucket 37, upper edge start(38).
    expect(Math.trunc((1e7 * (Math.pow(1.05, 38) - 1)) / 0.05)).toBe(1_077_095_457);
    expect(rec?.target.memory).toBe(1_077_095_457 + 161_564_318);
  });
});

describe('worked example vpa.md §6.5 (derived): 0.5 cores and 1 GiB every minute for 8 days', () => {
  const state = steady(T0 + 8 * DAY, () => 500, 2 ** 30);
  const [rec] = recommend(state, { containerPolicies: [] }, T0 + 8 * DAY);
  it('target 587m / 1238659775 B, lower 586m / 1238350168 B, upper 660m / 1393492246 B', () => {
    expect(rec?.history.confidenceCpu).toBe(8);
    expect(rec?.target).toEqual({ cpu: 587, memory: 1_238_659_775 });
    expect(rec?.lowerBound).toEqual({ cpu: 586, memory: 1_238_350_168 });
    expect(rec?.upperBound).toEqual({ cpu: 660, memory: 1_393_492_246 });
  });
});

describe('no history (vpa.md §6.4)', () => {
  it('an aggregate without samples recommends the minimums everywhere (0 × ∞ = NaN → the floor wins)', () => {
    const state = new RecommenderState();
    state.setRequests({ pod: 'p', container: 'c' }, {}, T0);
    const [rec] = recommend(state, { containerPolicies: [] }, T0);
    const min = { cpu: 25, memory: 262_144_000 };
    expect([rec?.target, rec?.lowerBound, rec?.upperBound]).toEqual([min, min, min]);
  });

  it('with a memory peak but no CPU sample (confidence 0) the memory upper bound is MaxResourceAmount and the lower bound the floor', () => {
    const state = new RecommenderState();
    state.addMemorySample({ pod: 'p', container: 'c' }, 0, T0);
    const [rec] = recommend(state, { containerPolicies: [] }, T0);
    // A 0-byte peak lands in bucket 0, whose upper edge is 1e7 B: base > 0, × ∞ → clamped to 1e14.
    expect(rec?.upperBound.memory).toBe(1e14);
    expect(rec?.lowerBound.memory).toBe(262_144_000);
    expect(rec?.target.memory).toBe(262_144_000);
  });
});

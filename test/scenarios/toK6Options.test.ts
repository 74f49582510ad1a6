import { describe, expect, it } from 'vitest';
import type { RampingArrivalRateScenario, ConstantArrivalRateScenario } from 'k6/options';
import { compileProfile, compileScenario } from '../../scenarios/compile.js';
import { k6ScenarioProfile } from '../../scenarios/k6/profile.js';
import { wholeRates } from '../../scenarios/k6/rates.js';
import { library, scenarioNames } from '../../scenarios/library/index.js';
import { scenarioSchema } from '../../scenarios/schema.js';
import { K6_SCENARIO, k6Mix, k6Plan, SCENARIO_FIELDS, toK6Options, TRAFFIC_FIELDS } from '../../scenarios/toK6Options.js';
import { simulate } from '../../sim/run.js';
import { K6Arrivals } from '../../sim/traffic/arrivals.js';
import { pickForIteration } from '../../sim/traffic/mix.js';
import { k6RegularStarts } from '../../sim/traffic/k6Schedule.js';
import { parseDurationMs } from '../../sim/traffic/duration.js';

const ramping = (name: string, req = {}) => toK6Options(library[name]!, req).scenarios![K6_SCENARIO] as RampingArrivalRateScenario;

describe('toK6Options: a scenario as k6 options', () => {
  it('checkout-peak: one ramping-arrival-rate scenario with its stages, VUs from Little\'s law, thresholds from its SLOs', () => {
    // Mean latency of the mix: 0.7 x 72.12 + 0.2 x 29.15 + 0.1 x 48.42 = 61.16 ms (lognormal means, median x e^(sigma^2/2)).
    // preAllocatedVUs = ceil(2 x 1200/s x 0.06116 s) = 147; maxVUs = max(2 x 147, ceil(1200/s x 0.3 s) = 360,
    // ceil(2 x 1200/s x 0.06116 s x (1 + 200 queued / 32 workers)) = 1065): room for a full queue, so overload shows as 503s.
    expect(toK6Options(library['checkout-peak']!)).toEqual({
      scenarios: {
        payments: {
          executor: 'ramping-arrival-rate',
          startRate: 300,
          timeUnit: '1s',
          stages: [
            { duration: '5m', target: 300 },
            { duration: '10m', target: 1200 },
            { duration: '10m', target: 1200 },
            { duration: '5m', target: 300 },
          ],
          preAllocatedVUs: 147,
          maxVUs: 1065,
          gracefulStop: '10s',
          tags: { capsim_scenario: 'checkout-peak' },
        },
      },
      thresholds: {
        'http_req_duration{name:authorize}': ['p(99)<300'],
        'http_req_duration{name:capture}': ['p(99)<200'],
        'http_req_duration{name:refund}': ['p(99)<250'],
        http_req_failed: ['rate<0.001'],
      },
      tags: { capsim_scenario: 'checkout-peak' },
    });
  });

  it('steady-authorize: constant-arrival-rate, and the CI variant (TIME_COMPRESSION=60, SCALE=0.05) is 10 rps for 10 s', () => {
    const s = toK6Options(library['steady-authorize']!, { timeCompression: 60, scale: 0.05, baseUrl: 'http://127.0.0.1:8080' }).scenarios![K6_SCENARIO] as ConstantArrivalRateScenario;
    expect(s).toMatchObject({ executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '10s', env: { BASE_URL: 'http://127.0.0.1:8080' } });
  });

  it.each(scenarioNames())('%s: the compressed and scaled variant keeps the shape (durations / N, rates x scale)', (name) => {
    const spec = library[name]!;
    if (spec.traffic.executor === 'constant-arrival-rate') return;
    const full = ramping(name);
    const small = ramping(name, { timeCompression: 60, scale: 0.5 });
    const unit = (s: RampingArrivalRateScenario) => parseDurationMs(s.timeUnit!)! / 1000;
    expect(small.stages.map((s) => parseDurationMs(s.duration))).toEqual(full.stages.map((s) => Math.round(parseDurationMs(s.duration)! / 60)));
    // Whole rates per the chosen time unit: within one unit of rounding of half the full rate.
    small.stages.forEach((s, i) => expect(Math.abs(s.target / unit(small) - (0.5 * full.stages[i]!.target) / unit(full))).toBeLessThanOrEqual(0.5 / unit(small) + 1e-9));
  });

  it('thresholds: every percentile target per operation, `overall` on all requests, the error budget on http_req_failed', () => {
    const spec = { ...library['payday']!, slo: { latency: { overall: { p95: '250ms', p99: '1s' }, payout: { p50: '40ms', p90: '1.5s' } }, errorRate: 0.02 } };
    expect(toK6Options(spec).thresholds).toEqual({
      http_req_duration: ['p(95)<250', 'p(99)<1000'],
      'http_req_duration{name:payout}': ['p(50)<40', 'p(90)<1500'],
      http_req_failed: ['rate<0.02'],
    });
  });

  it('rates that scaling makes fractional move to a longer time unit where they are whole', () => {
    expect(ramping('checkout-peak', { scale: 0.01 })).toMatchObject({ startRate: 3, timeUnit: '1s' });
    const s = ramping('checkout-peak', { scale: 0.0125 });
    expect(s).toMatchObject({ startRate: 225, timeUnit: '1m' }); // 3.75/s = 225/min
    expect(s.stages[1]).toEqual({ duration: '10m', target: 900 });
    expect(wholeRates([12.5, 25], 1e9)).toMatchObject({ factor: 60, timeUnit: '1m', maxRelativeError: 0 });
  });

  it.each([
    { name: 'time compression 0', req: { timeCompression: 0 }, message: /timeCompression > 0/ },
    { name: 'a negative scale', req: { scale: -1 }, message: /scale > 0/ },
  ])('throws for $name', ({ req, message }) => {
    expect(() => toK6Options(library['checkout-peak']!, req)).toThrow(message);
  });

  it('has a k6 mapping or an explicit null for every scenario field and every traffic field (no drift)', () => {
    expect(Object.keys(SCENARIO_FIELDS).sort()).toEqual(Object.keys(scenarioSchema.shape).sort());
    expect(Object.keys(TRAFFIC_FIELDS).sort()).toEqual(Object.keys(scenarioSchema.shape.traffic.shape).sort());
  });

  it('orders the mix as the simulator does (workload.operations), whatever the order of traffic.mix', () => {
    const spec = library['checkout-peak']!;
    const reordered = { ...spec, traffic: { ...spec.traffic, mix: { refund: 10, capture: 20, authorize: 70 } } };
    expect(k6Mix(reordered)).toEqual(k6Mix(spec));
    expect(k6Mix(spec).names).toEqual(['authorize', 'capture', 'refund']);
  });
});

describe('one source of truth: the simulator schedule from the same options object k6 runs', () => {
  it.each(scenarioNames())('%s: the profile read back from the k6 options is the compiled profile', (name) => {
    const options = toK6Options(library[name]!);
    expect(k6ScenarioProfile(options.scenarios![K6_SCENARIO]!)).toEqual(compileProfile(library[name]!));
  });

  it.each([
    ['checkout-peak', { timeCompression: 60, scale: 0.05 }],
    ['singles-day-midnight', { timeCompression: 240, scale: 0.01 }],
    ['payday', { timeCompression: 30, scale: 0.02 }],
    ['steady-authorize', { timeCompression: 60, scale: 0.05 }],
  ] as const)('%s %o: K6Arrivals driven by the options\' stages gives exactly k6RegularStarts of those stages', (name, req) => {
    const profile = k6ScenarioProfile(k6Plan(library[name]!, req).options.scenarios![K6_SCENARIO]!);
    const fromSim: number[] = [];
    const arrivals = new K6Arrivals(profile);
    for (let t = arrivals.next(); t !== Infinity && fromSim.length < 200_000; t = arrivals.next()) fromSim.push(t);
    const fromK6 = [...k6RegularStarts(profile)].map((ns) => ns / 1e6);
    expect(fromSim.length).toBeGreaterThanOrEqual(100);
    expect(fromSim).toEqual(fromK6);
  });
});

describe('request by request: a k6-mode simulation sends what the k6 script sends', () => {
  it('checkout-peak at CI size: each first attempt starts when k6 starts that iteration, with the operation the script picks', () => {
    const spec = { ...library['checkout-peak']!, traffic: { ...library['checkout-peak']!.traffic, arrivals: 'k6' as const } };
    const plan = k6Plan(spec, { timeCompression: 60, scale: 0.05 });
    const cfg = compileScenario(spec, { trace: true });
    cfg.traffic.profile = k6ScenarioProfile(plan.options.scenarios![K6_SCENARIO]!);
    const trace = simulate(cfg).trace!.filter((r) => r.attempt === 0).sort((a, b) => a.id - b.id);
    const starts = [...k6RegularStarts(cfg.traffic.profile)];
    expect(trace.length).toBe(starts.length);
    trace.forEach((r, i) => {
      expect(r.id).toBe(i);
      expect(r.arrivalMs).toBe(starts[i]! / 1e6);
      expect(r.operation).toBe(plan.mix.names[pickForIteration(plan.mix, i, plan.mixSeed)]);
    });
  });
});

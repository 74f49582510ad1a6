import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { authorize: 100 };

/**
 * A steady card-authorisation load for smoke tests: constant-arrival-rate, 200 rps for 10
 * minutes against the kind Deployment's 2 replicas (about 40 % of their CPU). In k6 arrival mode
 * the simulator starts the very iterations k6 starts, so a smoke run compares request by
 * request. CI runs it with TIME_COMPRESSION=60 and SCALE=0.05: 10 rps for 10 s.
 */
export const steadyAuthorize: ScenarioSpec = {
  name: 'steady-authorize',
  description: 'Steady card authorisations: 200 rps for 10 min (constant-arrival-rate). Constant profile: k6 schedule exact (approximation error 0).',
  source: 'Authorisation latency target < 300 ms (orchestrator guidance, numbers.md §5); 2 replicas as loadtests/kind/payment-service.yaml.',
  seed: 1,
  traffic: {
    arrivals: 'k6',
    executor: 'constant-arrival-rate',
    timeUnit: '1s',
    rate: 200,
    duration: '10m',
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: { timeout: '10s' },
  deployment: { replicas: 2 },
  slo: sloFor(mix),
  output: { interval: '10s' },
};

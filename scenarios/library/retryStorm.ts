import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { authorize: 80, capture: 20 };

/**
 * An issuer outage: steady 600 rps for 20 minutes; from minute 5 to 10 half the authorisations
 * fail at the issuer and the issuer answers 4x slower. Clients retry failed, rejected and
 * timed-out requests up to 3 times with exponential backoff (100 ms doubling, capped at 2 s)
 * and full jitter, so the service sees more attempts than the clients' first attempts; then
 * the issuer recovers. Retries are counted apart from first attempts
 * (summary.requests.retries, the `retries` time-series column).
 */
export const retryStorm: ScenarioSpec = {
  name: 'retry-storm',
  description:
    'Issuer outage 5m-10m into a steady 600 rps: 50 % of authorisations fail at the issuer, 4x slower; clients retry up to 3 times (backoff 100 ms x2, max 2 s, full jitter), then recovery. ' +
    'Flat profile: k6 stages exact (approximation error 0); k6 sends first attempts only, the simulator adds the retries.',
  source:
    'UPI: completion timeout 15 s, status checks with backoff (numbers.md §5); Stripe BFCM ~17-18 API requests per transaction at peak (numbers.md §5); AWS full-jitter backoff.',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 600,
    stages: [{ duration: '20m', target: 600 }],
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: {
    timeout: '2s',
    retry: { maxRetries: 3, backoff: '100ms', multiplier: 2, maxBackoff: '2s', jitter: 1, on: ['errors', 'timeouts', 'rejected'] },
  },
  faults: [
    { from: '5m', to: '10m', operations: ['authorize'], errorRate: 0.5, latencyMultiplier: 4, description: 'issuer outage: half the authorisations fail, 4x slower' },
  ],
  deployment: { replicas: 5 },
  slo: sloFor(mix),
  output: { interval: '10s' },
};

import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { authorize: 60, capture: 25, refund: 5, void: 3, balance: 7 };

/**
 * Black Friday, midnight to midnight: a busy night (250-300 rps), a sharp ramp from 07:00 to
 * 07:30 up to 2,700 rps, 3,000 rps (3x the weekday-diurnal evening peak) sustained from noon to
 * 20:00, then down to 600 rps by midnight. Piecewise linear: the k6 stages are exact.
 */
export const blackFriday: ScenarioSpec = {
  name: 'black-friday',
  description:
    'Black Friday over 24 h: ~300 rps at night, a sharp 30-minute morning ramp (07:00-07:30) to 2,700 rps, 3,000 rps (3x a weekday peak) sustained 12:00-20:00, down to 600 rps at midnight. ' +
    'Piecewise linear: k6 stages exact (approximation error 0).',
  source:
    'Stripe BFCM 2023/2024: peak 1,555-2,283 tx/s, ~1.7-1.8x the 4-day mean, API peak 27,395 req/s; Adyen BFCM 2025 peak ~3,317 tx/s (numbers.md §5). ' +
    'The day runs at a few times a normal weekday peak.',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 300,
    stages: [
      { duration: '7h', target: 250 },
      { duration: '30m', target: 2700 },
      { duration: '4h30m', target: 3000 },
      { duration: '8h', target: 3000 },
      { duration: '2h', target: 2500 },
      { duration: '2h', target: 600 },
    ],
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: { timeout: '10s' },
  // The reference Deployment and its HPA (70% CPU, default behavior), relative to scenarios/.
  manifests: ['manifests/reference/deployment.yaml', 'manifests/reference/hpa.yaml'],
  slo: sloFor(mix),
  output: { interval: '5m' },
};

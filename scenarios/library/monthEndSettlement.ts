import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { capture: 50, refund: 15, settle: 10, authorize: 25 };

/**
 * Month-end settlement, 22:30 to 00:30: card traffic at 200 rps, then at 23:00 the merchants'
 * held captures and refunds are released as a batch (1 minute ramp to 1,500 rps, 45 minutes at
 * it, 1 minute back down). Piecewise linear as written: the k6 stages are exact.
 */
export const monthEndSettlement: ScenarioSpec = {
  name: 'month-end-settlement',
  description:
    'Month-end settlement 22:30-00:30: 200 rps, then a batch window at 23:00 of captures and refunds at 1,500 rps for 45 min. ' +
    'Piecewise linear: k6 stages exact (approximation error 0).',
  source:
    'Merchants hold transactions and release them in bulk (Adyen peak-season load testing, numbers.md §5); Adyen keeps utilisation under 30 % to absorb such spikes.',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 200,
    stages: [
      { duration: '30m', target: 200 },
      { duration: '1m', target: 1500 },
      { duration: '45m', target: 1500 },
      { duration: '1m', target: 200 },
      { duration: '43m', target: 200 },
    ],
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: { timeout: '10s' },
  deployment: { replicas: 10 },
  slo: sloFor(mix),
  output: { interval: '30s' },
};

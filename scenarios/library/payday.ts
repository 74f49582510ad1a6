import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { payout: 60, balance: 25, authorize: 15 };

/** Achieved maximum relative error of the stages against the curve (scenarios/profiles.ts paydayCurve). */
export const paydayError = 0.019908096593793268;

/**
 * Payday from 15:30 to 16:30: card and balance traffic at 250 rps, then at 16:00:00 every
 * scheduled payout is released at once and the wave decays with a 2-minute time constant
 * (about 270,000 extra requests). The jump is an exact 0-duration stage; the decay is fitted.
 * The schema has one mix per scenario, so the wave's composition (mostly payouts, people
 * checking their balance, some card spend) is used throughout.
 */
export const payday: ScenarioSpec = {
  name: 'payday',
  description:
    'Payday 15:30-16:30: 250 rps, then a wave of payouts at exactly 16:00 (jump to 2,500 rps) decaying with a 2 min time constant. ' +
    'Exponential decay fitted with 12 k6 stages, maximum relative error 2.0 % (floor 2 % of the peak).',
  source:
    'Monzo "Get Paid Early": up to 250,000 Bacs payments arriving in a wave at exactly 16:00; Paym payday Friday ~40 % above normal (numbers.md §5).',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 250,
    stages: [
      { duration: '30m', target: 250 }, { duration: '0s', target: 2500 }, { duration: '50s', target: 1733 },
      { duration: '50s', target: 1228 }, { duration: '55s', target: 868 }, { duration: '55s', target: 641 },
      { duration: '1m5s', target: 477 }, { duration: '1m15s', target: 372 }, { duration: '1m35s', target: 305 },
      { duration: '2m25s', target: 266 }, { duration: '6m', target: 251 }, { duration: '14m10s', target: 250 },
    ],
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: { timeout: '10s' },
  // The reference Deployment and its HPA (70% CPU, default behavior), relative to scenarios/.
  manifests: ['manifests/reference/deployment.yaml', 'manifests/reference/hpa.yaml'],
  slo: sloFor(mix),
  output: { interval: '10s' },
};

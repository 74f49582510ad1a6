import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { authorize: 60, capture: 25, refund: 5, void: 3, balance: 7 };

/** Achieved maximum relative error of the stages against the curve (scenarios/profiles.ts weekdayDiurnalCurve). */
export const weekdayDiurnalError = 0.029972630836966864;

/**
 * A weekday of card traffic, midnight to midnight: a night trough at about 5 % of the peak, a
 * morning shoulder, a lunch peak at 12:30 and the evening peak at 20:00 (about 1,000 rps). The
 * curve is a sum of Gaussians (scenarios/profiles.ts weekdayShape) fitted with 28 linear k6
 * stages; peak-to-average about 3x. Fixed 6 replicas (no autoscaler): the evening peak runs at
 * about two thirds of their CPU.
 */
export const weekdayDiurnal: ScenarioSpec = {
  name: 'weekday-diurnal',
  description:
    'Weekday card traffic over 24 h: night trough (~50 rps), lunch peak at 12:30 (~680 rps), evening peak at 20:00 (~1,000 rps). ' +
    'Sum-of-Gaussians curve fitted with 28 k6 stages, maximum relative error 3.0 % (floor 2 % of the peak).',
  source:
    'Peak hours 10:00-13:00 and 17:00-21:30 (UPI, numbers.md §5); daily evening flash peak (Bedrock, numbers.md §5); ' +
    'peak-to-average ~3x, below the Visa ~3.8x derived across years (numbers.md §5).',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 130,
    stages: [
      { duration: '35m', target: 87 }, { duration: '36m', target: 65 }, { duration: '47m', target: 54 },
      { duration: '1h54m', target: 50 }, { duration: '1h55m', target: 52 }, { duration: '41m', target: 62 },
      { duration: '33m', target: 85 }, { duration: '32m', target: 130 }, { duration: '50m', target: 245 },
      { duration: '51m', target: 350 }, { duration: '1h31m', target: 399 }, { duration: '45m', target: 535 },
      { duration: '48m', target: 680 }, { duration: '36m', target: 636 }, { duration: '1h22m', target: 227 },
      { duration: '24m', target: 151 }, { duration: '22m', target: 115 }, { duration: '22m', target: 105 },
      { duration: '26m', target: 121 }, { duration: '32m', target: 175 }, { duration: '38m', target: 287 },
      { duration: '56m', target: 541 }, { duration: '1h23m', target: 934 }, { duration: '55m', target: 992 },
      { duration: '59m', target: 806 }, { duration: '1h36m', target: 329 }, { duration: '41m', target: 193 },
      { duration: '30m', target: 130 },
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

import type { ScenarioSpec } from '../schema.js';
import { operationsFor, referencePod, sloFor } from './referenceService.ts';

const mix = { authorize: 70, capture: 25, balance: 5 };

/** Achieved maximum relative error of the stages against the curve (scenarios/profiles.ts singlesDayCurve). */
export const singlesDayError = 0.02999408487281285;

/** Seconds from the scenario's start (23:50) to midnight. */
export const singlesDayMidnightS = 600;

/**
 * Singles' Day, 24 h from 23:50: ten near-idle minutes (75 rps), the midnight rush to 5,000 rps
 * in 30 s, a decay with a 15-minute time constant over the first hour onto the day's own
 * diurnal level (80-510 rps). Peak to the day's average is about 16x, above the 10x (2016) and
 * 15x (2017) derived from Alipay's figures.
 */
export const singlesDayMidnight: ScenarioSpec = {
  name: 'singles-day-midnight',
  description:
    'Singles Day from 23:50: near idle (75 rps), 5,000 rps within 30 s of midnight, decaying over the first hour onto the day (80-510 rps); peak ~16x the daily average. ' +
    'Curve fitted with 30 k6 stages, maximum relative error 3.0 % (floor 2 % of the peak).',
  source:
    'Alipay peaks 120,000 payments/s at 00:09:39 (2016) and 256,000/s five minutes after midnight (2017); peak-to-day-average ~10x (2016) and ~15x (2017); ' +
    '~39 % of GMV in the first hour (numbers.md §5).',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 75,
    stages: [
      { duration: '10m', target: 75 }, { duration: '30s', target: 5000 }, { duration: '7m20s', target: 3133 },
      { duration: '7m30s', target: 1965 }, { duration: '7m40s', target: 1241 }, { duration: '7m50s', target: 795 },
      { duration: '8m20s', target: 515 }, { duration: '9m', target: 341 }, { duration: '10m', target: 235 },
      { duration: '12m', target: 168 }, { duration: '16m10s', target: 127 }, { duration: '25m30s', target: 101 },
      { duration: '55m20s', target: 83 }, { duration: '1h42m50s', target: 79 },
      { duration: '1h13m50s', target: 95 }, { duration: '55m50s', target: 130 }, { duration: '1h1m', target: 204 },
      { duration: '2h6m10s', target: 403 }, { duration: '1h5m30s', target: 419 },
      { duration: '1h16m30s', target: 325 }, { duration: '1h31m50s', target: 178 },
      { duration: '50m10s', target: 133 }, { duration: '46m', target: 122 }, { duration: '45m50s', target: 140 },
      { duration: '54m20s', target: 199 }, { duration: '1h35m10s', target: 377 },
      { duration: '1h26m', target: 512 }, { duration: '1h10m', target: 507 },
      { duration: '1h33m30s', target: 349 }, { duration: '1h8m20s', target: 218 },
    ],
    mix,
  },
  workload: { operations: operationsFor(mix), pod: referencePod },
  client: { timeout: '10s' },
  // The reference Deployment and its HPA (70% CPU, default behavior), relative to scenarios/.
  manifests: ['manifests/reference/deployment.yaml', 'manifests/reference/hpa.yaml'],
  slo: sloFor(mix),
  output: { interval: '1m' },
};

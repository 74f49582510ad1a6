import type { ScenarioSpec } from '../schema.js';
import { referenceRequest } from './referenceService.ts';

/**
 * The default scenario: an evening checkout peak on a card-payments API. Traffic climbs from a
 * 300 rps baseline to a 1,200 rps peak (a 4x swing, close to the Visa peak-to-average of about
 * 3.8x in ../shared/reference/numbers.md), holds, and falls back. Mix and service times follow
 * the reference payment service: authorisation is the heavy call (CPU plus an issuer round
 * trip), captures and refunds are lighter. SLOs from the orchestrator guidance cited there
 * (authorisation under 300 ms).
 */
export const checkoutPeak: ScenarioSpec = {
  name: 'checkout-peak',
  description: 'Evening checkout peak: 300 -> 1,200 rps over 10 minutes, 10 minutes at the peak, back down, against a Deployment with an HPA at 60% CPU.',
  source: 'Visa peak-to-average ~3.8x (numbers.md §5); authorisation latency target < 300 ms (numbers.md §5, orchestrator guidance).',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    timeUnit: '1s',
    startRate: 300,
    stages: [
      { duration: '5m', target: 300 },
      { duration: '10m', target: 1200 },
      { duration: '10m', target: 1200 },
      { duration: '5m', target: 300 },
    ],
    mix: { authorize: 70, capture: 20, refund: 10 },
  },
  workload: {
    operations: {
      authorize: { cpu: { distribution: 'lognormal', medianMs: 4, sigma: 0.25 }, downstream: { distribution: 'lognormal', medianMs: 60, sigma: 0.5 }, request: referenceRequest('authorize') },
      capture: { cpu: { distribution: 'lognormal', medianMs: 2, sigma: 0.25 }, downstream: { distribution: 'lognormal', medianMs: 25, sigma: 0.4 }, request: referenceRequest('capture') },
      refund: { cpu: { distribution: 'lognormal', medianMs: 3, sigma: 0.25 }, downstream: { distribution: 'lognormal', medianMs: 40, sigma: 0.5 }, request: referenceRequest('refund') },
    },
    pod: { workers: 32, queueLimit: 200, idleCpu: '10m', startup: { distribution: 'lognormal', medianMs: 8000, sigma: 0.5 } },
  },
  client: { timeout: '10s' },
  // The Deployment (requests 500m, limit 1 core, readiness probe) and its HPA (60% CPU, default
  // behavior); paths are relative to the scenarios/ folder.
  manifests: ['manifests/checkout/deployment.yaml', 'manifests/checkout/hpa.yaml'],
  slo: {
    latency: { authorize: { p99: '300ms' }, capture: { p99: '200ms' }, refund: { p99: '250ms' } },
    errorRate: 0.001,
  },
};

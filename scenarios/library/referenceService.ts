import type { ScenarioSpec } from '../schema.js';

/**
 * The reference payment service (loadtests/service) as scenario data, shared by the library
 * scenarios so a simulated run and a k6 run against the real service compare like with like.
 * Plain data: the k6 bundle includes it.
 *
 * Service times are the service's defaults (loadtests/service/config.ts DEFAULT_OPERATIONS: the
 * calibration runs' truth.json for authorize/capture/refund): a fixed CPU busy loop per request
 * plus a lognormal downstream wait with sigma 0.3 (DS_SIGMA). The pod is the kind Deployment's
 * (loadtests/kind/payment-service.yaml): W = 8 workers, QMAX = 64, 500m request, 1 core limit.
 */

type Operations = ScenarioSpec['workload']['operations'];
type Operation = Operations[string];

/**
 * The request: `POST /<operation>` with the iteration number as body and as `X-Req-Id` (the
 * service logs it, so a run is matched request by request), 200 counted as success.
 */
export function referenceRequest(name: string): NonNullable<Operation['request']> {
  return { method: 'POST', path: `/${name}`, headers: { 'X-Req-Id': '{{iteration}}' }, body: { iteration: '{{iteration}}' }, checks: { status: [200] } };
}

const op = (name: string, cpuMs: number, downstreamMedianMs: number): Operation => ({
  cpu: { distribution: 'constant', valueMs: cpuMs },
  downstream: { distribution: 'lognormal', medianMs: downstreamMedianMs, sigma: 0.3 },
  request: referenceRequest(name),
});

/** Every operation of the reference service (OPERATIONS in loadtests/service/config.ts). */
export const referenceOperations: Readonly<Operations> = {
  authorize: op('authorize', 4, 15),
  capture: op('capture', 2, 8),
  refund: op('refund', 3, 8),
  void: op('void', 2, 8),
  payout: op('payout', 5, 25),
  balance: op('balance', 1, 5),
  settle: op('settle', 6, 30),
};

/** Only the operations a scenario's mix uses (a smaller simulator configuration). */
export function operationsFor(mix: Readonly<Record<string, number>>): Operations {
  const out: Operations = {};
  for (const name of Object.keys(mix)) {
    const o = referenceOperations[name];
    if (o !== undefined) out[name] = o;
  }
  return out;
}

export const referencePod: ScenarioSpec['workload']['pod'] = {
  workers: 8,
  queueLimit: 64,
  cpu: { request: '500m', limit: '1' },
  memory: { request: '128Mi', limit: '256Mi' },
  idleCpu: '5m',
};

/**
 * p99 targets per operation: authorisation under 300 ms (orchestrator guidance, numbers.md §5),
 * captures, refunds and voids tighter (no issuer round trip on the critical path), payouts and
 * settlement within Tokopedia's 1 s payment SLA, balance reads within its 500 ms check-status.
 */
export const referenceLatencySlo: Readonly<Record<string, { p99: string }>> = {
  authorize: { p99: '300ms' },
  capture: { p99: '200ms' },
  refund: { p99: '250ms' },
  void: { p99: '250ms' },
  payout: { p99: '1s' },
  balance: { p99: '500ms' },
  settle: { p99: '1s' },
};

/** SLOs for the operations of a mix: p99 per operation and a 0.1 % error budget. */
export function sloFor(mix: Readonly<Record<string, number>>, errorRate = 0.001): NonNullable<ScenarioSpec['slo']> {
  const latency: Record<string, { p99: string }> = {};
  for (const name of Object.keys(mix)) {
    const t = referenceLatencySlo[name];
    if (t !== undefined) latency[name] = { ...t };
  }
  return { latency, errorRate };
}

import type { SimConfig } from '../sim/model.js';
import type { DistributionSpec } from '../sim/workload/distributions.js';

/** The benchmark cases of issue 2, as simulator configurations (no files involved). */
export interface BenchCase {
  id: string;
  title: string;
  config: SimConfig;
}

const S = 1e9;

function base(name: string, rate: number, durationS: number, replicas: number, workers: number, routing: SimConfig['routing']): SimConfig {
  return {
    name,
    seed: 1,
    traffic: {
      arrivals: 'poisson',
      profile: { executor: 'ramping-arrival-rate', startRate: rate, timeUnitNs: S, stages: [{ durationNs: durationS * S, target: rate }] },
      mix: { authorize: 1 },
      mixSeed: 7,
    },
    operations: [op('authorize', { distribution: 'exponential', meanMs: 10 }, null)],
    pod: { workers, queueLimit: 1_000_000, cpuRequest: 1000, cpuLimit: null, memoryRequest: 2 ** 29, memoryLimit: null, idleCpu: 0, cpuDiscipline: 'shared', cpuWakeupMs: 0 },
    routing,
    service: { proxyMode: 'iptables', keepAliveTimeoutMs: 5000, clientNodes: 1, clients: 1 },
    client: { timeoutMs: Infinity, gapMs: 0, abandonQueued: false, retry: null },
    faults: [],
    deployment: { replicas },
    output: { intervalMs: 10_000, drainMs: 0, sketchAccuracy: 0.01, trace: false },
    pricing: { perCoreHour: 0.04, perGiBHour: 0.005 },
    lifecycle: { startup: { distribution: 'constant', valueMs: 10_000 }, readinessDelayMs: 0, terminationGraceMs: 30_000, warmup: null, initialReady: replicas, restartBackoffMs: 10_000, restartBackoffMaxMs: 300_000 },
    containers: [{ name: 'app', cpuRequest: 1000, memoryRequest: 2 ** 29 }],
    cluster: null,
    hpa: null,
    vpa: null,
    metricsServer: { resolutionMs: 15_000, memoryBaseline: 2 ** 27 },
  };
}

function op(name: string, cpu: DistributionSpec, downstream: DistributionSpec | null): SimConfig['operations'][number] {
  return { name, cpu, downstream, memoryPerRequest: 0 };
}

/**
 * (a) M/M/10 at 90% load (the mmc-check), `requests` requests;
 * (b) 20 pods of 10 workers behind round-robin at 70% load, 10 million requests;
 * (c) one hour at 2,000 rps with three operations (lognormal CPU and downstream waits).
 */
export function benchCases(requestsA = 10_000_000): BenchCase[] {
  const a = base('mmc-10M', 900, Math.round(requestsA / 900), 1, 10, 'global-round-robin');
  const rateB = 0.7 * 20 * 10 * 100; // 70% of 20 pods x 10 workers x 100/s
  const b = base('20-pods-rr', rateB, Math.round(10_000_000 / rateB), 20, 10, 'global-round-robin');
  const c = base('hour-3-ops', 2000, 3600, 8, 32, 'least-outstanding');
  c.traffic.mix = { authorize: 70, capture: 20, refund: 10 };
  c.operations = [
    op('authorize', { distribution: 'lognormal', medianMs: 4, sigma: 0.3 }, { distribution: 'lognormal', medianMs: 40, sigma: 0.5 }),
    op('capture', { distribution: 'lognormal', medianMs: 2, sigma: 0.3 }, { distribution: 'lognormal', medianMs: 20, sigma: 0.4 }),
    op('refund', { distribution: 'lognormal', medianMs: 3, sigma: 0.3 }, { distribution: 'lognormal', medianMs: 30, sigma: 0.5 }),
  ];
  c.pod.cpuLimit = 2000;
  return [
    { id: 'a', title: `M/M/10 at 90% load, ${(requestsA / 1e6).toFixed(0)}M requests`, config: a },
    { id: 'b', title: '20 pods x 10 workers, round-robin, 70% load, 10M requests', config: b },
    { id: 'c', title: 'one hour at 2,000 rps, 3 operations, CPU limits, least-outstanding', config: c },
  ];
}


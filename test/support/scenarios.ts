import type { SimConfig } from '../../sim/model.js';

/** A minimal simulator configuration for tests: one operation, one pod, no timeout. Override what a case needs. */
export function baseConfig(over: Partial<SimConfig> = {}): SimConfig {
  return {
    name: 'test',
    seed: 1,
    traffic: {
      arrivals: 'poisson',
      profile: { executor: 'ramping-arrival-rate', startRate: 100, timeUnitNs: 1e9, stages: [{ durationNs: 60e9, target: 100 }] },
      mix: { op: 1 },
      mixSeed: 7,
    },
    operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 1 }, downstream: null, memoryPerRequest: 0 }],
    pod: { workers: 1, queueLimit: 1000, cpuRequest: 1000, cpuLimit: null, memoryRequest: 2 ** 28, memoryLimit: null, idleCpu: 0, cpuDiscipline: 'shared', cpuWakeupMs: 0 },
    routing: 'global-round-robin',
    service: { proxyMode: 'iptables', keepAliveTimeoutMs: 5000, clientNodes: 1, clients: 1 },
    client: { timeoutMs: Infinity, gapMs: 0, abandonQueued: false, retry: null },
    faults: [],
    deployment: { replicas: 1 },
    output: { intervalMs: 10_000, drainMs: 0, sketchAccuracy: 0.01, trace: false },
    pricing: { perCoreHour: 0.04, perGiBHour: 0.005 },
    lifecycle: { startup: { distribution: 'constant', valueMs: 5000 }, readinessDelayMs: 0, terminationGraceMs: 30_000, warmup: null, initialReady: over.deployment?.replicas ?? 1, restartBackoffMs: 10_000, restartBackoffMaxMs: 300_000 },
    containers: [{ name: 'app', cpuRequest: 1000, memoryRequest: 2 ** 28 }],
    cluster: null,
    hpa: null,
    vpa: null,
    metricsServer: { resolutionMs: 15_000, memoryBaseline: 2 ** 27 },
    ...over,
  };
}

/** Arrivals at exact times (ms), replayed: for hand-computed timelines. */
export function replayAt(timesMs: number[], durationMs: number): SimConfig['traffic'] {
  return {
    arrivals: 'replay',
    profile: { executor: 'constant-arrival-rate', rate: 1, timeUnitNs: 1e9, durationNs: durationMs * 1e6 },
    mix: { op: 1 },
    mixSeed: 7,
    replay: { timesMs: Float64Array.from(timesMs) },
  };
}

/**
 * Every default of a scenario, in one frozen place. Sources: k6 (timeout 60 s, timeUnit 1s),
 * Kubernetes (grace period 30 s), ../shared/reference/numbers.md (prices: $29 per vCPU-month and
 * $3.2 per GB-month from the Akamas guides, i.e. /730 h).
 */
export const scenarioDefaults = Object.freeze({
  seed: 1,
  arrivals: 'poisson' as const,
  executor: 'ramping-arrival-rate' as const,
  timeUnit: '1s',
  startRate: 0,
  mixSeed: 7,
  /** A Kubernetes Service: kube-proxy per connection, clients keeping connections alive. */
  routing: 'service' as const,
  serviceProxyMode: 'iptables' as const,
  /** Node.js http.Server keepAliveTimeout default. */
  serviceKeepAliveTimeout: '5s',
  /**
   * Callers of a payment API with their own keep-alive pools: a few gateway or ingress replicas
   * with several worker processes each. Results stop depending on it from a handful of pools on:
   * the first 45 minutes of singles-day-midnight (75 to 5,000 rps in 30 s) give 64 % errors and
   * 12 pods at most with 1, 6.2 % and 41 with 4, 5.1 % and 45 with 16, 4.2 % and 46 with 64
   * (3.3 % and 44 with a per-request rotation).
   */
  serviceClients: 16,
  clientTimeout: '60s',
  abandonQueued: false,
  retryMultiplier: 2,
  retryJitter: 1,
  retryOn: ['rejected', 'errors', 'timeouts'] as const,
  replicas: 1,
  cpuRequest: '1',
  memoryRequest: '256Mi',
  idleCpu: '0',
  interval: '10s',
  drain: '30s',
  sketchAccuracy: 0.01,
  perCoreHour: 29 / 730,
  perGiBHour: 3.2 / 730,
  /** The default prices are in US dollars. */
  currency: 'USD',
  /** Scheduled to container running. numbers.md §4: schedule 1-5 s, image pull 5-60 s, start 1-5 s. */
  startup: { distribution: 'lognormal' as const, medianMs: 8000, sigma: 0.5 },
  terminationGrace: '30s',
  memoryBaseline: '128Mi',
  metricResolution: '15s',
  nodeProvisioning: { distribution: 'lognormal' as const, medianMs: 90_000, sigma: 0.3 },
  nodeScaleDownUnneeded: '10m',
  /** cgroup v2 with the current runc weight formula (Kubernetes 1.31+ on cgroup v2 nodes). */
  cgroup: 'v2' as const,
  /** kubelet --cpu-cfs-quota-period default. */
  cfsPeriod: '100ms',
});

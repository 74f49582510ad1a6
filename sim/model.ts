import type { ArrivalProfile } from './traffic/stages.js';
import type { DistributionSpec } from './workload/distributions.js';
import type { Bytes, Millicores, Ms } from './units.js';
import type { HpaControllerConfig, HpaSpec } from './autoscaling/hpa/types.js';
import type { RecommenderConfig } from './autoscaling/vpa/config.js';
import type { VpaSpec } from './autoscaling/vpa/vpaSpec.js';
import type { CgroupCpu } from './cluster/cgroupCpu.js';

/**
 * Everything one simulation run needs, already validated and in simulator units. Scenario files,
 * manifests and calibrated models are turned into this by the adapters (scenarios/, k8s/); the
 * core never reads a file.
 */
export interface SimConfig {
  name: string;
  seed: number;
  traffic: TrafficModel;
  operations: OperationModel[];
  pod: PodModel;
  routing: Routing;
  /** How the Service's connections reach pods (used when `routing` is `service`). */
  service: ServiceModel;
  client: ClientModel;
  faults: FaultWindow[];
  deployment: { replicas: number };
  output: OutputModel;
  pricing: Pricing;
  /** Pod start-up, readiness, warm-up and termination. */
  lifecycle: LifecycleModel;
  /** Containers of the pod template as the HPA sees them (requests per container). */
  containers: ContainerModel[];
  /** Nodes, or null for unlimited room (every pod is scheduled at once). */
  cluster: ClusterModel | null;
  /** The HorizontalPodAutoscaler on the deployment, or null for a fixed replica count. */
  hpa: HpaModel | null;
  /** The VerticalPodAutoscaler on the deployment, or null. */
  vpa: VpaModel | null;
  metricsServer: MetricsServerModel;
}

export interface VpaModel {
  spec: VpaSpec;
  recommender: RecommenderConfig;
  /** How often the updater runs (upstream `--updater-interval`, 1 min). */
  updaterIntervalMs: Ms;
}

export interface LifecycleModel {
  /** Scheduled to container running: image pull plus container start (ms). */
  startup: DistributionSpec;
  /** Readiness probe `initialDelaySeconds`: the first probe, which passes, runs this long after the container starts. */
  readinessDelayMs: Ms;
  /** `terminationGracePeriodSeconds`: in-flight requests of a deleted pod get this long to finish. */
  terminationGraceMs: Ms;
  /** JVM-like warm-up: CPU per request multiplied by `cpuFactor` for the first `durationMs` after Ready. */
  warmup: { durationMs: Ms; cpuFactor: number } | null;
  /** Pods Ready when the traffic starts (the deployment's steady state before the scenario). */
  initialReady: number;
  /** kubelet's CrashLoopBackOff after an OOM kill: first delay, doubling up to the maximum (10 s, 300 s). */
  restartBackoffMs: Ms;
  restartBackoffMaxMs: Ms;
}

export interface ContainerModel {
  name: string;
  cpuRequest: Millicores | null;
  memoryRequest: Bytes | null;
}

export interface NodeGroupModel {
  name: string;
  cpuMillicores: Millicores;
  memoryBytes: Bytes;
  min: number;
  max: number;
  initial: number;
  pricePerHour: number;
  /** Time from the request for a node to the node being Ready. */
  provisioning: DistributionSpec;
  /** A node unneeded this long is removed (Cluster Autoscaler scale-down-unneeded-time). */
  scaleDownUnneededMs: Ms;
}

export interface ClusterModel {
  nodeGroups: NodeGroupModel[];
  /** How pods' cgroup weights come from their CPU requests: cgroup v1 cpu.shares, or v2 cpu.weight (current or pre-1.3 runc formula). */
  cgroup: CgroupCpu;
  /** CFS bandwidth period (kubelet `--cpu-cfs-quota-period`, 100 ms): a CPU limit is a quota per period. */
  cfsPeriodMs: Ms;
}

export interface HpaModel {
  name: string;
  spec: HpaSpec;
  controller: HpaControllerConfig;
  /** Offset of the first sync from t = 0; drawn from the seed when absent (real clusters have arbitrary phases). */
  phaseMs?: Ms;
}

export interface MetricsServerModel {
  /** `--metric-resolution`: how often usage is scraped; the reported CPU is the rate between scrapes. */
  resolutionMs: Ms;
  /** Memory working set of an idle pod (the model adds memory per in-flight request). */
  memoryBaseline: Bytes;
  /** Offset of the first scrape from t = 0; drawn from the seed when absent. */
  phaseMs?: Ms;
}

export type ArrivalMode = 'poisson' | 'k6' | 'replay';

export interface TrafficModel {
  arrivals: ArrivalMode;
  profile: ArrivalProfile;
  /** Operation weights, in the scenario's order (names match `operations`). */
  mix: Record<string, number>;
  /** Seed of the k6 iteration hash that picks each iteration's operation (k6 mode). */
  mixSeed: number;
  /**
   * k6 mode: the VU pool of the arrival-rate executor (an iteration that finds no idle VU is
   * dropped); `initMs` is how long k6 takes to initialise an extra VU. Null: VUs never run out.
   */
  vus?: { preAllocated: number; max: number; initMs: Ms } | null;
  /** Replay mode: arrival times (ms, sorted) and, optionally, the operation index of each. */
  replay?: { timesMs: Float64Array; operations?: Int32Array };
}

export interface OperationModel {
  name: string;
  /** CPU work of one request, in ms of one core. */
  cpu: DistributionSpec;
  /** Downstream wait (bank, issuer): holds a worker, uses no CPU. */
  downstream: DistributionSpec | null;
  /** Memory held by each request while it is in the pod (queued or in service). */
  memoryPerRequest: Bytes;
}

export interface PodModel {
  workers: number;
  /** Waiting requests allowed per pod beyond busy workers; a full queue answers 503 at once. */
  queueLimit: number;
  cpuRequest: Millicores;
  /** CPU limit (throttling beyond it), or null for no limit. */
  cpuLimit: Millicores | null;
  /**
   * How requests share a CPU limit: `shared` (processor sharing: the kernel time-slices threads)
   * or `fifo` (one request at a time per core, non-preemptive: a Node.js event loop).
   */
  cpuDiscipline: 'shared' | 'fifo';
  /**
   * CPU a request costs on top of its own work when it finds the pod's CPU idle (waking the
   * event loop or thread pool, cold caches); requests that arrive while the CPU is busy ride along
   * for free. This makes the per-request CPU fall with load, as measured on real services.
   */
  cpuWakeupMs: Ms;
  memoryRequest: Bytes;
  memoryLimit: Bytes | null;
  /** CPU a pod uses with no traffic (runtime, health checks). */
  idleCpu: Millicores;
}

/**
 * `service`: a Kubernetes Service through kube-proxy, per connection, clients keeping connections
 * alive (the default); `global-round-robin`: one rotation over all requests (a client-side
 * balancer, or the ideal); `random` and `least-outstanding`: per request.
 */
export type Routing = 'service' | 'global-round-robin' | 'random' | 'least-outstanding';

export interface ServiceModel {
  /** kube-proxy mode: iptables picks an endpoint at random per connection, IPVS round-robins per node. */
  proxyMode: 'iptables' | 'ipvs';
  /** The server closes a keep-alive connection idle this long (Node.js http: 5 s). */
  keepAliveTimeoutMs: Ms;
  /** Nodes the clients' connections come from (IPVS keeps one rotation per node). */
  clientNodes: number;
  /**
   * Independent callers of an open-model workload (gateway or ingress replicas, calling service
   * pods), each with its own keep-alive pool; requests are dealt to them in turn. A k6 run uses
   * its VUs instead. One pool is a knife edge: a saturated pod answering 503 at once keeps its
   * connections the most recently used, so pods added later get almost nothing.
   */
  clients: number;
}

export interface ClientModel {
  /** The client gives up after this long (k6's default request timeout is 60 s). */
  timeoutMs: Ms;
  /**
   * The path between client and pod outside the pod's handler (connection handling, the kernel's
   * socket queues, the event loop's delay before the handler runs, the network): what the client
   * measures is the pod's residence plus this. It delays what the client sees (latencies, the
   * moment it can retry and its VU or connection is free) and brings the pod-side deadline of a
   * client timeout forward by as much. Calibrated as k6 duration − server residence; 0 when not.
   */
  gapMs: Ms;
  /** Whether a server drops a queued request whose client already gave up, when it reaches the head. */
  abandonQueued: boolean;
  retry: RetryPolicy | null;
}

/** Client retries with exponential backoff and jitter (AWS "full jitter" when jitter = 1). */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: Ms;
  multiplier: number;
  maxBackoffMs: Ms;
  /** Fraction of the backoff that is randomised: 0 = fixed, 1 = uniform in [0, backoff]. */
  jitter: number;
  /** Retry on 503 rejections, on 5xx errors, on client timeouts. */
  on: { rejected: boolean; errors: boolean; timeouts: boolean };
}

/** A downstream outage or slowdown (an issuer down), for a time window and some operations. */
export interface FaultWindow {
  fromMs: Ms;
  toMs: Ms;
  /** Operations affected; empty = all. */
  operations: string[];
  /** Share of downstream calls that fail (the request answers 502 after the downstream wait). */
  errorRate: number;
  /** Multiplies the downstream wait. */
  latencyMultiplier: number;
}

export interface OutputModel {
  /** Time-series resolution. */
  intervalMs: Ms;
  /** After the traffic ends, keep running this long so in-flight requests can finish. */
  drainMs: Ms;
  /** Relative accuracy of the latency quantile sketches. */
  sketchAccuracy: number;
  /** Keep one record per request (for --trace). Off by default; costs nothing when off. */
  trace: boolean;
}

/** Prices for cost figures (per hour, in the user's currency). */
export interface Pricing {
  perCoreHour: number;
  perGiBHour: number;
}

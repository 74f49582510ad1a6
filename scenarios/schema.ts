import { z } from 'zod';
import { parseQuantity } from '../core/quantity.js';
import { parseDurationNs } from '../sim/traffic/duration.js';
import { KUBERNETES_MAX_NODES, KUBERNETES_MAX_PODS, TOO_MANY_PODS } from './clusterCapacity.js';

/**
 * The scenario file schema (YAML or the TypeScript library). Field names follow k6 where k6 has
 * a word for it (`timeUnit`, `startRate`, `stages`), Kubernetes where Kubernetes has one.
 * Objects are strict: a misspelt field is an error, not silently ignored. Defaults live in
 * `defaults.ts`, applied when the scenario is compiled.
 */

const DURATION_HINT = 'a duration like 90s, 20m or 1h30m';
/**
 * The longest duration a scenario field holds: a year. Longer is not a capacity question, and
 * the simulator's clock (float milliseconds) keeps microsecond steps only up to ~285 years.
 */
const MAX_DURATION_NS = 366 * 86_400e9;
/** The shortest period or time unit: 1 µs. A step of 0 never advances the clock. */
const MIN_PERIOD_NS = 1000;

function durationCheck(minNs: number, what: string) {
  return (v: string | number, ctx: z.RefinementCtx) => {
    const ns = parseDurationNs(v);
    if (ns === undefined) ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}` });
    else if (!(ns <= MAX_DURATION_NS)) ctx.addIssue({ code: 'custom', message: `expected ${what} of at most 366d` });
    else if (ns < minNs) ctx.addIssue({ code: 'custom', message: `expected ${what} of at least 1µs (a step of 0 never advances the clock)` });
  };
}
/** A duration from 0 to a year. */
export const durationSchema = z.union([z.string(), z.number()]).superRefine(durationCheck(0, 'a duration'));
/** A period, time step or time unit: from 1 µs to a year. */
export const periodSchema = z.union([z.string(), z.number()]).superRefine(durationCheck(MIN_PERIOD_NS, 'a period'));

const QUANTITY_HINT = 'a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi';
/** A Kubernetes quantity that is 0 or more (requests, memory per request, idle CPU). */
const quantity = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  const q = quantityValue(v);
  if (q === undefined) ctx.addIssue({ code: 'custom', message: `expected ${QUANTITY_HINT}` });
  else if (!(q >= 0)) ctx.addIssue({ code: 'custom', message: 'expected a quantity of 0 or more' });
});
/** A limit or a capacity: more than 0 (a limit of 0 or less leaves nothing to run on). */
const positiveQuantity = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  const q = quantityValue(v);
  if (q === undefined) ctx.addIssue({ code: 'custom', message: `expected ${QUANTITY_HINT}` });
  else if (!(q > 0)) ctx.addIssue({ code: 'custom', message: 'expected a quantity greater than 0' });
});

function quantityValue(v: string | number): number | undefined {
  try {
    const q = parseQuantity(v);
    return Number.isFinite(q) ? q : undefined;
  } catch {
    return undefined;
  }
}
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const distributionSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('constant'), valueMs: nonNegative }),
  z.strictObject({ distribution: z.literal('exponential'), meanMs: positive }),
  z.strictObject({ distribution: z.literal('lognormal'), medianMs: positive, sigma: nonNegative }),
  z.strictObject({ distribution: z.literal('empirical'), samplesMs: z.array(nonNegative).min(1) }),
]);

/** Any JSON value (a request body template). */
const jsonValue: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));
const valueName = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'expected a name of letters, digits, _, . or - (used as {{name}})');

/**
 * The HTTP request a load test sends for an operation. `{{name}}` in the path, a header or any
 * string of the body is filled per request (scenarios/http/templates.ts) from `http.values`, a
 * value captured by an earlier step of the flow, `idempotencyKey` (fresh per request) or
 * `iteration`.
 */
const requestSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  path: z.string().regex(/^\//, 'expected a path starting with / (the base URL comes from BASE_URL)'),
  headers: z.record(z.string(), z.string()).optional(),
  body: jsonValue.optional(),
  /** What counts as success: status codes (default 200) and JSON fields with their expected value. */
  checks: z
    .strictObject({
      status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    })
    .optional(),
  /** Values taken from the JSON response for later steps: name -> field path (`id`, `data.token`). */
  capture: z.record(valueName, z.string().min(1)).optional(),
});

const valueGeneratorSchema = z.union([
  z.strictObject({ oneOf: z.array(z.union([z.string(), z.number()])).min(1), weights: z.array(z.number().nonnegative()).optional() }).refine((g) => g.weights === undefined || (g.weights.length === g.oneOf.length && g.weights.some((w) => w > 0)), {
    message: 'expected one weight per oneOf entry, at least one positive',
  }),
  z.strictObject({ distribution: z.literal('constant'), value: z.union([z.string(), z.number()]) }),
  z.strictObject({ distribution: z.literal('uniform'), min: z.number(), max: z.number(), decimals: z.number().int().min(0).max(10).optional() }).refine((g) => g.max >= g.min, { message: 'expected max >= min' }),
  z.strictObject({ distribution: z.literal('lognormal'), median: z.number().positive(), sigma: z.number().nonnegative(), min: z.number().optional(), max: z.number().optional(), decimals: z.number().int().min(0).max(10).optional() }),
]);

const flowStepSchema = z.strictObject({
  operation: z.string(),
  /** Probability that this step runs when the previous one did (default 1). */
  fraction: z.number().min(0).max(1).optional(),
  /** Wait before the step (a capture a while after the authorisation). */
  after: durationSchema.optional(),
});

const operationSchema = z
  .strictObject({
    /** Total service time; `cpuShare` of it is CPU, the rest downstream wait. */
    serviceTime: distributionSchema.optional(),
    cpuShare: z.number().min(0).max(1).optional(),
    /** Or the two parts separately. */
    cpu: distributionSchema.optional(),
    downstream: distributionSchema.optional(),
    /** Memory held per in-flight request (Kubernetes quantity). */
    memoryPerRequest: quantity.optional(),
    /** What the load test sends for it (k6); the simulator ignores it. */
    request: requestSchema.optional(),
  })
  .refine((o) => (o.serviceTime === undefined) !== (o.cpu === undefined), {
    message: 'expected either serviceTime (with optional cpuShare) or cpu (with optional downstream)',
  });

const stageSchema = z.strictObject({ duration: durationSchema, target: nonNegative });

export const trafficSchema = z.strictObject({
  arrivals: z.enum(['poisson', 'k6']).optional(),
  executor: z
    .enum(['ramping-arrival-rate', 'constant-arrival-rate'], {
      // k6 users reach for the VU executors first: say why they are not offered and what to write.
      error: (iss) =>
        typeof iss.input === 'string' && /^(constant-vus|ramping-vus|per-vu-iterations|shared-iterations|externally-controlled)$/.test(iss.input)
          ? 'expected "constant-arrival-rate" or "ramping-arrival-rate" with the rate to reach (iterations/s ≈ VUs / iteration duration): a VU executor is a closed model, whose rate falls as latency grows, and payments arrive whether or not the service keeps up'
          : undefined,
    })
    .optional(),
  timeUnit: periodSchema.optional(),
  startRate: nonNegative.optional(),
  stages: z.array(stageSchema).optional(),
  rate: nonNegative.optional(),
  duration: durationSchema.optional(),
  mix: z.record(z.string(), nonNegative),
  mixSeed: z.number().int().optional(),
  /** k6 VU pool for the generated load test (sized from rate and latency when absent). */
  preAllocatedVUs: z.number().int().positive().optional(),
  maxVUs: z.number().int().positive().optional(),
});

const podSchema = z.strictObject({
  workers: z.number().int().min(1),
  queueLimit: z.number().int().min(0),
  cpu: z
    .strictObject({
      request: quantity.optional(),
      limit: positiveQuantity.optional(),
      /** How requests share the CPU limit: shared (time-sliced threads) or fifo (one event loop). */
      discipline: z.enum(['shared', 'fifo']).optional(),
      /** Extra CPU (ms) for a request that finds the pod's CPU idle (wake-up cost). */
      wakeupMs: nonNegative.optional(),
    })
    .optional(),
  memory: z.strictObject({ request: quantity.optional(), limit: positiveQuantity.optional(), baseline: quantity.optional() }).optional(),
  idleCpu: quantity.optional(),
  /** Pod start-up: scheduling to Ready (image pull + container start), a distribution in ms. */
  startup: distributionSchema.optional(),
  /** JVM-like warm-up: CPU per request is multiplied by `cpuFactor` for the first `duration`. */
  warmup: z.strictObject({ duration: durationSchema, cpuFactor: z.number().min(1) }).optional(),
});

const retrySchema = z.strictObject({
  maxRetries: z.number().int().min(0),
  backoff: durationSchema,
  multiplier: z.number().min(1).optional(),
  maxBackoff: durationSchema.optional(),
  jitter: z.number().min(0).max(1).optional(),
  on: z.array(z.enum(['rejected', 'errors', 'timeouts'])).optional(),
});

const faultSchema = z.strictObject({
  from: durationSchema,
  to: durationSchema,
  operations: z.array(z.string()).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  latencyMultiplier: nonNegative.optional(),
  description: z.string().optional(),
});

const nodeCount = z.number().int().min(0).max(KUBERNETES_MAX_NODES, { message: `expected at most ${KUBERNETES_MAX_NODES} (Kubernetes supports at most ${KUBERNETES_MAX_NODES} nodes in a cluster)` });

const nodeGroupSchema = z.strictObject({
  name: z.string(),
  cpu: positiveQuantity,
  memory: positiveQuantity,
  min: nodeCount.optional(),
  max: nodeCount.optional(),
  initial: nodeCount.optional(),
  pricePerHour: nonNegative.optional(),
  provisioning: distributionSchema.optional(),
  scaleDownUnneeded: durationSchema.optional(),
});

const latencyTargets = z.strictObject({
  p50: durationSchema.optional(),
  p90: durationSchema.optional(),
  p95: durationSchema.optional(),
  p99: durationSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Where the shape comes from (public figures), for the scenario library. */
  source: z.string().optional(),
  seed: z.number().int().optional(),
  traffic: trafficSchema,
  workload: z.strictObject({
    operations: z.record(z.string(), operationSchema),
    pod: podSchema,
    /**
     * service (default): a Kubernetes Service, per connection through kube-proxy, clients keeping
     * connections alive; global-round-robin: one rotation over all requests (client-side
     * balancing, the ideal); random, least-outstanding: per request. `round-robin` = global-round-robin.
     */
    routing: z.enum(['service', 'global-round-robin', 'round-robin', 'random', 'least-outstanding']).optional(),
    /**
     * Milliseconds the client measures beyond the pod's own residence (connection handling, socket
     * queues, the event loop before the handler, the network): k6 duration − server residence,
     * fitted by `capsim calibrate` from the service's duration histogram. Default 0.
     */
    clientGapMs: z.number().nonnegative().finite().optional(),
    service: z
      .strictObject({
        /** kube-proxy mode: iptables (random endpoint per connection) or ipvs (round robin per node). */
        proxyMode: z.enum(['iptables', 'ipvs']).optional(),
        /** The server closes keep-alive connections idle this long (Node.js: 5s). */
        keepAliveTimeout: durationSchema.optional(),
        /** Nodes the client connections come from (IPVS rotates per node). */
        clientNodes: z.number().int().min(1).optional(),
        /** Independent callers with their own keep-alive pools (gateway replicas, calling pods); open-model traffic only. */
        clients: z.number().int().min(1).max(1_000_000).optional(),
      })
      .optional(),
  }),
  client: z
    .strictObject({
      timeout: periodSchema.optional(),
      abandonQueued: z.boolean().optional(),
      retry: retrySchema.optional(),
    })
    .optional(),
  faults: z.array(faultSchema).optional(),
  deployment: z.strictObject({ replicas: z.number().int().min(0).max(KUBERNETES_MAX_PODS, { message: TOO_MANY_PODS }) }).optional(),
  /** Kubernetes manifests (Deployment, HPA, VPA), paths relative to the scenario file. */
  manifests: z.array(z.string()).optional(),
  cluster: z
    .strictObject({
      nodeGroups: z.array(nodeGroupSchema).min(1),
      /** How pods' CPU requests become cgroup weights: v1 cpu.shares, v2 cpu.weight (runc >= 1.3), v2-linear (older runc). */
      cgroup: z.enum(['v1', 'v2', 'v2-linear']).optional(),
      /** CFS bandwidth period for CPU limits (kubelet --cpu-cfs-quota-period; 1ms to 1s). */
      cfsPeriod: durationSchema.optional(),
    })
    .optional(),
  slo: z
    .strictObject({
      latency: z.record(z.string(), latencyTargets).optional(),
      errorRate: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /** kube-controller-manager HPA settings (defaults: the Kubernetes defaults). */
  hpaController: z
    .strictObject({
      syncPeriod: periodSchema.optional(),
      tolerance: z.number().min(0).optional(),
      cpuInitializationPeriod: durationSchema.optional(),
      initialReadinessDelay: durationSchema.optional(),
      downscaleStabilization: durationSchema.optional(),
      /** When the first sync happens after t = 0 (default: drawn from the seed). */
      syncPhase: durationSchema.optional(),
    })
    .optional(),
  metricsServer: z
    .strictObject({
      resolution: periodSchema.optional(),
      /** When the first scrape happens after t = 0 (default: drawn from the seed). */
      phase: durationSchema.optional(),
    })
    .optional(),
  output: z
    .strictObject({
      interval: periodSchema.optional(),
      drain: durationSchema.optional(),
      sketchAccuracy: z.number().min(0.0001).max(0.1).optional(),
    })
    .optional(),
  pricing: z
    .strictObject({
      perCoreHour: nonNegative.optional(),
      perGiBHour: nonNegative.optional(),
      /** ISO 4217 code the prices are in; reports print it next to every cost. */
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as USD or EUR').optional(),
    })
    .optional(),
  /**
   * Generated request values and multi-step flows. `traffic.mix` may weigh a flow like an
   * operation; rates then count flows started per second (k6 iterations).
   */
  http: z
    .strictObject({
      values: z.record(valueName, valueGeneratorSchema).optional(),
      flows: z.record(z.string(), z.strictObject({ description: z.string().optional(), steps: z.array(flowStepSchema).min(1) })).optional(),
    })
    .optional(),
});

export type ScenarioSpec = z.infer<typeof scenarioSchema>;
export type DistributionInput = z.infer<typeof distributionSchema>;

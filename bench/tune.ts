import { performance } from 'node:perf_hooks';
import { compileScenario, type ManifestInputs } from '../scenarios/compile.js';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { behaviorWithDefaults } from '../sim/autoscaling/hpa/defaults.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import type { TuneScenario } from '../tune/evaluate.js';
import { createPool, defaultWorkers, workerFile } from '../tune/pool.js';
import { adaptiveSearch } from '../tune/search.js';
import { defaultSearchSpace } from '../tune/searchSpace.js';

/**
 * The tuning benchmark of issue 8: a 500-configuration search (one seed, so every configuration
 * is one full simulation) over a one-hour scenario on every core. A morning ramp from 50 to
 * 250 rps and back, 4 ms of CPU and a 15 ms downstream wait per authorisation, 500m pods
 * limited to one core: about 540,000 requests per simulation.
 */
const HOUR_SCENARIO: ScenarioSpec = {
  name: 'bench-tune-hour',
  seed: 1,
  traffic: {
    arrivals: 'poisson',
    startRate: 50,
    stages: [
      { duration: '15m', target: 50 },
      { duration: '15m', target: 250 },
      { duration: '15m', target: 250 },
      { duration: '15m', target: 50 },
    ],
    mix: { authorize: 1 },
  },
  workload: {
    operations: { authorize: { cpu: { distribution: 'constant', valueMs: 4 }, downstream: { distribution: 'lognormal', medianMs: 15, sigma: 0.3 } } },
    pod: { workers: 8, queueLimit: 64, startup: { distribution: 'constant', valueMs: 10_000 } },
  },
  client: { timeout: '10s' },
  slo: { latency: { authorize: { p99: '300ms' } }, errorRate: 0.001 },
  output: { interval: '10s' },
};

const CURRENT_HPA: HpaSpec = {
  minReplicas: 2,
  maxReplicas: 20,
  metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } }],
  behavior: behaviorWithDefaults({}) as NonNullable<HpaSpec['behavior']>,
};

const MANIFESTS: ManifestInputs = {
  deployment: {
    name: 'payments',
    replicas: 2,
    containers: [{ name: 'api', requests: { cpu: 500, memory: 128 * 2 ** 20 }, limits: { cpu: 1000, memory: 256 * 2 ** 20 } }],
    terminationGracePeriodSeconds: 30,
  },
  hpa: { name: 'payments', spec: CURRENT_HPA },
};

export interface TuneBenchResult {
  configs: number;
  seconds: number;
  configsPerSecond: number;
  workers: number;
}

/**
 * Run the benchmark. Needs the compiled worker (dist/tune/worker.js, `npm run build`) for more
 * than one worker; without it, it runs in this thread and says so with `workers: 1`.
 */
export async function benchTune(configs = 500, workers = defaultWorkers()): Promise<TuneBenchResult> {
  const scenarios: TuneScenario[] = [{ name: HOUR_SCENARIO.name, config: compileScenario(HOUR_SCENARIO, {}, MANIFESTS), slo: HOUR_SCENARIO.slo, currency: 'USD' }];
  const used = workerFile() === null ? 1 : workers;
  const pool = createPool(scenarios, used);
  const t0 = performance.now();
  try {
    const out = await adaptiveSearch({ space: defaultSearchSpace(CURRENT_HPA), current: CURRENT_HPA, scenarios, seeds: 1, budget: configs, seed: 1 }, pool);
    const seconds = (performance.now() - t0) / 1000;
    return { configs: out.evaluations.length, seconds, configsPerSecond: out.evaluations.length / seconds, workers: used };
  } finally {
    await pool.close();
  }
}

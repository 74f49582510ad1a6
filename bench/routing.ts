import { prepareRun } from '../app/runScenario.js';
import { resolveScenario } from '../input/resolveScenario.js';
import type { SimConfig } from '../sim/model.js';
import { simulate } from '../sim/run.js';

/**
 * `npm run bench:routing`: why the Service's routing matters (README, What is modelled). The
 * black-friday morning ramp (07:00-09:00: 250 to 2,800 rps) with the two HPAs of
 * docs/examples/black-friday (80 % and 50 % CPU targets), routed through a Service (keep-alive
 * connections of 16 callers by default, of 1), and by the ideal per-request rotation. Prints
 * p50/p95/p99 latency, the mean and peak ready pods and the error rate of each.
 */
const HOUR_MS = 3_600_000;

function morning(targetPercent: number): SimConfig {
  const sf = resolveScenario('black-friday');
  // The day's stages from 07:00: the 30-minute ramp to 2,700 rps, then 90 minutes of the next ramp.
  sf.spec.traffic.startRate = 250;
  sf.spec.traffic.stages = [
    { duration: '30m', target: 2700 },
    { duration: '90m', target: 2800 },
  ];
  return prepareRun(sf, { manifests: [`docs/examples/black-friday/hpa-${targetPercent}.yaml`] }).config;
}

const variants: Array<[string, (c: SimConfig) => SimConfig]> = [
  ['Service, 16 callers (default)', (c) => c],
  ['Service, 1 caller', (c) => ({ ...c, service: { ...c.service, clients: 1 } })],
  ['per-request rotation', (c) => ({ ...c, routing: 'global-round-robin' })],
];

console.log('black-friday 07:00-09:00 (250 -> 2,800 rps), reference Deployment; p50/p95/p99 ms, ready pods mean/peak, errors');
for (const [name, vary] of variants) {
  for (const target of [80, 50]) {
    const r = simulate(vary(morning(target)));
    const s = r.summary;
    // Ready pods averaged over the two hours of traffic (the drain after it left out).
    const rows = Math.min(r.series.rows, Math.ceil((2 * HOUR_MS) / r.series.intervalMs));
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += r.series.columns.readyReplicas[i] as number;
    const meanPods = sum / rows;
    console.log(
      `${name.padEnd(30)} HPA ${target} %: ${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.p95.toFixed(1)} / ${s.latencyMs.p99.toFixed(1)} ms, ` +
        `${meanPods.toFixed(1)} / ${s.replicas.max} pods, ${(100 * s.errorRate).toFixed(2)} % errors`,
    );
  }
}

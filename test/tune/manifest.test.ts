import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../app/manifestInputs.js';
import { hpaFromManifest } from '../../k8s/hpa.js';
import { parseManifestText } from '../../k8s/manifests.js';
import { readScenarioFile } from '../../input/scenarioFile.js';
import { evaluateSlos } from '../../reports/slo.js';
import { compileScenario } from '../../scenarios/compile.js';
import { behaviorWithDefaults } from '../../sim/autoscaling/hpa/defaults.js';
import type { HpaSpec } from '../../sim/autoscaling/hpa/types.js';
import { simulate } from '../../sim/run.js';
import { hpaManifestYaml } from '../../tune/manifest.js';
import { runTune } from '../../tune/runTune.js';
import { FLASH, SMALL_SPACE, tempDir } from './support.js';

const user = { name: 'checkout', namespace: 'shop', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' } };

describe('the written manifest', () => {
  const specs: Array<[string, HpaSpec]> = [
    ['explicit policies both ways', { minReplicas: 3, maxReplicas: 40, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } }], behavior: { scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 30 }, { type: 'Percent', value: 50, periodSeconds: 30 }] }, scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 10, periodSeconds: 60 }] } } }],
    ['API defaults (scale-down window unset) and a per-HPA tolerance', { minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }], behavior: behaviorWithDefaults({ scaleUp: { tolerance: 0.05 } }) as NonNullable<HpaSpec['behavior']> }],
    ['no behavior (legacy)', { minReplicas: 2, maxReplicas: 9, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }] }],
  ];
  it.each(specs)('is an autoscaling/v2 HPA that reads back to the same spec: %s', (_n, spec) => {
    const yaml = hpaManifestYaml(user, spec, ['tuned']);
    const [doc] = parseManifestText(yaml, 'hpa.yaml');
    expect(doc).toMatchObject({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });
    const back = hpaFromManifest(doc as NonNullable<typeof doc>);
    expect(back.spec).toEqual(spec);
    expect(back).toMatchObject({ name: 'checkout', namespace: 'shop', scaleTargetRef: user.scaleTargetRef });
  });
});

describe('the tuned HPA of a flash-sale run, simulated again from the written files', () => {
  it('gives exactly the figures the results report, on every seed', async () => {
    const run = await runTune({ scenarios: [FLASH.scenario], manifests: FLASH.manifests, budget: 10, seeds: 2, seed: 1, space: SMALL_SPACE, workers: 1 });
    const best = run.results?.best;
    expect(best?.feasible).toBe(true);
    const dir = tempDir();
    writeFileSync(join(dir, 'hpa.yaml'), run.files['hpa.yaml'] as string);
    const loaded = loadManifests([join(FLASH.manifests, 'deploy.yaml'), join(dir, 'hpa.yaml')]);
    expect(loaded.hpa?.spec).toEqual(best?.spec);
    expect(loaded.hpa).toMatchObject({ name: 'checkout', namespace: 'shop' });
    const sf = readScenarioFile(FLASH.scenario);
    const spec = loaded.hpa?.spec as HpaSpec;
    // The documented starting point: the Deployment's replicas clamped to [minReplicas, maxReplicas].
    const deployment = loaded.inputs.deployment as NonNullable<typeof loaded.inputs.deployment>;
    const inputs = { ...loaded.inputs, deployment: { ...deployment, replicas: Math.min(spec.maxReplicas, Math.max(spec.minReplicas, deployment.replicas)) } };
    for (const reported of best?.runs ?? []) {
      const summary = simulate(compileScenario(sf.spec, { seed: reported.seed }, inputs)).summary;
      expect(summary.podHours).toBe(reported.podHours);
      expect(summary.cost.total).toBe(reported.cost);
      expect(summary.latencyMs.p99).toBe(reported.p99Ms);
      expect(summary.errorRate).toBe(reported.errorRate);
      expect(evaluateSlos(summary, sf.spec.slo).map((v) => v.pass)).toEqual(reported.verdicts.map((v) => v.pass));
    }
    expect(best?.runs.map((r) => r.seed)).toEqual([1, 2]);
  }, 60_000);
});

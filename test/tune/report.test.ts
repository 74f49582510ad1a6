import { describe, expect, it } from 'vitest';
import { evaluationsCsv, tuneFiles } from '../../tune/report.js';
import { tuneResults, type TuneMeta } from '../../tune/results.js';
import type { Evaluation } from '../../tune/evaluation.js';
import { defaultSearchSpace } from '../../tune/searchSpace.js';

const spec = { minReplicas: 1, maxReplicas: 4, metrics: [] };
const meta: TuneMeta = {
  mode: 'adaptive', scenarios: ['<flash>'], seeds: 1, budget: 2, seed: 1, objective: 'pod-hours', currency: 'EUR', space: defaultSearchSpace(spec),
  hpa: { name: 'web<1>', namespace: 'shop', scaleTargetRef: { kind: 'Deployment', name: 'web' }, spec },
};
const params = { targetUtilization: 70, minReplicas: 2, maxReplicas: 8, scaleUp: { stabilizationWindowSeconds: 0, pods: 4, percent: 100, periodSeconds: 15, selectPolicy: 'Max' as const }, scaleDown: { stabilizationWindowSeconds: 300, pods: 1, percent: 10, periodSeconds: 60, selectPolicy: 'Min' as const } };
function ev(id: string, index: number, objective: number, feasible: boolean, margin: number): Evaluation {
  return { index, id, origin: index < 0 ? 'current' : 'grid', params: index < 0 ? null : params, spec, seeds: 1, feasible, objective, podHours: objective, cost: objective / 10, worstMargin: margin, violation: feasible ? 0 : -margin, violated: feasible ? [] : ['<flash>/1: overall p99 latency 400 > 300'], runs: [] };
}
const r = tuneResults(meta, ev('current', -1, 1, false, -0.33), [ev('aaaa0001', 0, 2, true, 0.2), ev('aaaa0002', 1, 3, true, 0.1)], false);

describe('the tuning report files', () => {
  const files = tuneFiles(r, 'apiVersion: autoscaling/v2\n');

  it('are results.json, evaluations.csv, report.md, pareto.svg, tune.html and hpa.yaml', () => {
    expect(Object.keys(files).sort()).toEqual(['evaluations.csv', 'hpa.yaml', 'pareto.svg', 'report.md', 'results.json', 'tune.html']);
  });

  it('the CSV has the current HPA first, then one row per evaluation, parameters flattened', () => {
    const lines = evaluationsCsv(r).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^-1,current,current,1,false,/);
    expect(lines[2]).toMatch(/^0,aaaa0001,grid,1,true,2,2,0\.2,0\.2,0,70,2,8,0,4,100,15,Max,300,1,10,60,Min,$/);
  });

  it('the page compares current and best, escapes user text and inlines the Pareto SVG', () => {
    const html = files['tune.html'] as string;
    expect(html).toContain('web&lt;1&gt;');
    expect(html).not.toContain('web<1>');
    expect(html).toContain(files['pareto.svg'] as string);
    expect(html).toMatch(/<td>every SLO met<\/td><td>no \(1 missed\)<\/td><td>yes<\/td>/);
    expect(html).toContain('&lt;flash&gt;/1: overall p99 latency 400 &gt; 300');
  });

  it('the Markdown report lists the Pareto front by cost', () => {
    expect(files['report.md']).toMatch(/\| aaaa0001 \| 2 \| 20\.00% \| yes \| target 70%, replicas 2-8/);
    expect(files['report.md']).not.toMatch(/\| aaaa0002 \|/);
  });
});

import { describe, expect, it } from 'vitest';
import { compareCharts, compareHtml, compareMarkdown } from '../../reports/compare.js';
import { syntheticRecord } from './records.js';

const fail = { scope: 'authorize', objective: 'p99 latency', unit: 'ms' as const, target: 300, predicted: 450, pass: false, margin: -0.5 };
const a = syntheticRecord({ arrivals: 100, readyReplicas: [2, 4, 4, 2], latencyP99Ms: 120, completed: 100 }, { label: 'hpa-80' });
const b = syntheticRecord({ arrivals: 100, readyReplicas: [6, 6, 6, 6], latencyP99Ms: 450, completed: 100 }, { label: 'hpa-50', verdicts: [fail], summary: { ...a.summary, cost: { total: 3.25, perHour: 1, pods: 3.25, nodes: null } } });

describe('compare: runs side by side', () => {
  it('puts each run in a column of the verdict and key-figure tables, in the order given', () => {
    const md = compareMarkdown([a, b]);
    expect(md).toContain('# Capacity comparison: hpa-80 vs hpa-50');
    expect(md).toContain('| objective | hpa-80 | hpa-50 |');
    expect(md).toContain('| authorize p99 latency | 100 ms (target 300 ms) | **FAIL** 450 ms (target 300 ms) |');
    expect(md).toContain('| cost | 1.50 USD (pod requests; nodes not modelled) | 3.25 USD (pod requests; nodes not modelled) |');
  });

  it('shows a dash for an objective a run does not have', () => {
    const c = syntheticRecord({}, { label: 'no-slo', verdicts: [] });
    expect(compareMarkdown([a, c])).toContain('| authorize p99 latency | 100 ms (target 300 ms) | — |');
  });

  it('overlays replicas and p99 latency (one line per run) and charts the cost per run', () => {
    const charts = compareCharts([a, b]);
    expect(charts.map((c) => c.id)).toEqual(['replicas', 'latency-p99', 'cost']);
    const series = (i: number) => (charts[i]?.option as { series: Array<{ name: string; data: unknown[] }> }).series;
    expect(series(0).map((s) => s.name)).toEqual(['hpa-80', 'hpa-50']);
    expect(series(1).map((s) => s.data[1])).toEqual([[60, 120], [60, 450]]);
    expect(series(2).map((s) => s.data)).toEqual([[{ value: 1.5, itemStyle: { color: '#0072B2' } }, { value: 3.25, itemStyle: { color: '#D55E00' } }]]);
  });

  it('makes duplicate labels unique', () => {
    expect(compareMarkdown([a, a])).toContain('| objective | hpa-80 | hpa-80 \\#2 |');
  });

  it('renders one self-contained page with three charts, unique ids, and escaped labels', () => {
    const evil = syntheticRecord({ arrivals: 1 }, { label: '<script>alert(1)</script>', name: '<b>x</b>' });
    const html = compareHtml([a, evil]);
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('hpa-80 vs &lt;script&gt;alert(1)&lt;/script&gt;');
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(compareHtml([a, evil])).toBe(html);
  });

  it('needs at least one run', () => {
    expect(() => compareHtml([])).toThrow(/at least one run/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as EChartsModule from 'echarts';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareCharts } from '../../reports/compare.js';
import { recordFromRun } from '../../reports/runRecord.js';
import { runCharts } from '../../reports/runCharts.js';
import { tuneResults, type TuneMeta } from '../../tune/results.js';
import type { Evaluation } from '../../tune/evaluation.js';
import { defaultSearchSpace } from '../../tune/searchSpace.js';
import { smallMixRun } from './smallMix.js';

// The tuning report draws its chart inside paretoSvg: its option is taken here as it reaches chartSvg.
const drawn = vi.hoisted(() => [] as Array<{ option: object; size: { width: number; height: number } }>);
vi.mock('../../reports/chartSvg.js', async (original) => ({
  ...(await original<typeof import('../../reports/chartSvg.js')>()),
  chartSvg: (option: object, size: { width: number; height: number }) => (drawn.push({ option, size }), ''),
}));
const { canonicalIds } = await import('../../reports/chartSvg.js');
const { paretoSvg } = await import('../../tune/report.js');

/**
 * The reports draw with a bundle of the ECharts parts they use (reports/echartsParts.ts, built by
 * reports/buildECharts.mjs into dist/reports/echarts.cjs): it must draw every kind of report chart
 * exactly as the full ECharts does, or a part is missing from reports/echartsParts.ts.
 */
const dir = mkdtempSync(join(tmpdir(), 'capsim-echarts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Engine = Pick<typeof EChartsModule, 'init'>;

function svg(engine: Engine, option: object, size: { width: number; height: number }): string {
  const chart = engine.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    return canonicalIds(chart.renderToSVGString(), 'c');
  } finally {
    chart.dispose();
  }
}

/** Every kind of chart the reports draw: a run's (with calibration), a comparison's, the tuning front. */
function reportCharts(): Array<{ id: string; option: object; size: { width: number; height: number } }> {
  const page = { width: 960, height: 360 };
  const run = recordFromRun(smallMixRun(), {
    calibration: {
      rows: [
        { scope: 'overall', metric: 'p99 2xx', measured: 650, predicted: 608, relativeError: -0.065 },
        { scope: 'overall', metric: 'error rate', measured: 0, predicted: 0.01, relativeError: null, absoluteError: 0.01 },
      ],
      series: [{ metric: 'ready replicas', unit: 'pods', tSeconds: [0, 10, 20], measured: [2, 3, 3], predicted: [2, 2, 3] }],
    },
  });
  const other = { ...run, label: 'other', summary: { ...run.summary, cost: { ...run.summary.cost, total: run.summary.cost.total * 2 } } };
  const spec = { minReplicas: 1, maxReplicas: 4, metrics: [] };
  const meta: TuneMeta = {
    mode: 'adaptive', scenarios: ['flash'], seeds: 1, budget: 3, seed: 1, objective: 'pod-hours', currency: 'EUR', space: defaultSearchSpace(spec),
    hpa: { name: 'web', namespace: 'shop', scaleTargetRef: { kind: 'Deployment', name: 'web' }, spec },
  };
  const ev = (id: string, index: number, objective: number, feasible: boolean, margin: number): Evaluation => ({
    index, id, origin: index < 0 ? 'current' : 'grid', params: null, spec, seeds: 1, feasible, objective, podHours: objective, cost: objective / 10, worstMargin: margin, violation: feasible ? 0 : -margin, violated: [], runs: [],
  });
  drawn.length = 0;
  paretoSvg(tuneResults(meta, ev('current', -1, 1, false, -0.33), [ev('a1', 0, 2, true, 0.2), ev('a2', 1, 3, true, 0.1), ev('a3', 2, 1.5, false, -0.05)], false));
  return [
    ...runCharts(run).map((c) => ({ id: `run ${c.id}`, option: c.option, size: { width: page.width, height: c.height ?? page.height } })),
    ...compareCharts([run, other]).map((c) => ({ id: `compare ${c.id}`, option: c.option, size: { width: page.width, height: c.height ?? page.height } })),
    ...drawn.map((d, i) => ({ id: `tune ${i}`, option: d.option, size: d.size })),
  ];
}

describe('the ECharts parts bundled for the reports', () => {
  it('draw every kind of report chart byte for byte as the full ECharts does', () => {
    const outfile = join(dir, 'echarts.cjs');
    const built = spawnSync(process.execPath, ['reports/buildECharts.mjs', '--outfile', outfile], { encoding: 'utf8', timeout: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    const require = createRequire(import.meta.url);
    const parts = require(outfile) as Engine;
    const full = require('echarts') as Engine;
    const charts = reportCharts();
    expect(charts.map((c) => c.id.split(' ')[0])).toEqual(expect.arrayContaining(['run', 'compare', 'tune']));
    expect(charts.some((c) => JSON.stringify(c.option).includes('"bar"'))).toBe(true);
    expect(charts.some((c) => JSON.stringify(c.option).includes('"scatter"'))).toBe(true);
    expect(charts.some((c) => JSON.stringify(c.option).includes('markArea'))).toBe(true);
    for (const c of charts) expect(svg(parts, c.option, c.size), c.id).toBe(svg(full, c.option, c.size));
  });
});

import { describe, expect, it } from 'vitest';
import { runHtml } from '../../reports/html.js';
import { runCharts } from '../../reports/runCharts.js';
import { recordFromRun, type RunRecord } from '../../reports/runRecord.js';
import { smallMixRun } from './smallMix.js';
import { syntheticRecord } from './records.js';

const CHARTS = ['demand', 'replicas', 'latency', 'latency-op-1', 'cpu', 'queue', 'errors'];
const figures = (html: string) => [...html.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1]);
const allIds = (html: string) => [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);

describe('runHtml: the self-contained HTML report of one run', () => {
  const record = recordFromRun(smallMixRun());
  const html = runHtml(record);

  it('is deterministic: the same record gives the same bytes', () => {
    expect(runHtml(recordFromRun(smallMixRun()))).toBe(html);
  });

  it('needs no network and no script: inline CSS and SVG only', () => {
    const withoutNamespaces = html.replace(/xmlns(:xlink)?="[^"]*"/g, ''); // XML namespace names, not fetched
    expect(withoutNamespaces).not.toMatch(/<script|<link|<img|src=|@import|https?:\/\//i);
    expect(html.match(/<svg/g)?.length).toBe(CHARTS.length);
  });

  it('has every section and every chart, each with a title and a caption', () => {
    for (const id of ['slo', 'figures', 'recommendations', 'charts', 'operations', 'events', 'configuration']) expect(html).toContain(`<section id="${id}">`);
    expect(figures(html)).toEqual(CHARTS.map((c) => `chart-${c}`));
    for (const title of ['Arrival rate vs serving capacity', 'Replicas', 'Latency vs SLO', 'CPU utilisation vs HPA target', 'Queue length', 'Errors']) expect(html).toContain(`>${title}</text>`);
    expect(html.match(/<figcaption>/g)?.length).toBe(CHARTS.length);
  });

  it('gives every element a unique id', () => {
    const ids = allIds(html);
    expect(ids.length).toBeGreaterThan(CHARTS.length);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('shows the SLO verdicts with target, predicted value and pass or fail', () => {
    expect(html).toContain('SLOs: 2 of 2 missed.');
    expect(html).toMatch(/<td>authorize<\/td><td>p99 latency<\/td><td class="num">300 ms<\/td><td class="num">[\d.]+ ms<\/td>.*<td class="fail">FAIL<\/td>/);
    // authorize's SLO is drawn on authorize's own latency, not on the latency over all operations.
    expect(html).toContain('>Latency of authorize vs its SLO</text>');
    const [overall, authorize] = ['chart-latency', 'chart-latency-op-1'].map((id) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</figure>', html.indexOf(`id="${id}"`))));
    expect(authorize).toContain('SLO p99 300 ms');
    expect(overall).not.toContain('SLO p99 300 ms');
  });

  it('shows the scenario as given in a <pre>', () => {
    expect(html).toMatch(/<pre>name: small-mix\n/);
  });

  it('shows the HPA target line and the manifests when the run has them', () => {
    const r: RunRecord = syntheticRecord({ arrivals: 100, capacityRps: 400, readyReplicas: 4, cpuUtilization: 0.5 }, {
      manifests: [{ file: 'hpa.yaml', text: 'kind: HorizontalPodAutoscaler\n' }],
      setup: { podCpuRequestMillicores: 500, podMemoryRequestBytes: 2 ** 30, workersPerPod: 10, idleCpuMillicores: 0, currency: 'USD', hpa: { name: 'payments', minReplicas: 2, maxReplicas: 20, cpuTargetPercent: 60 }, nodeGroups: null },
    });
    const page = runHtml(r);
    expect(page).toContain('>HPA target 60%</text>');
    expect(page).toContain('<h4>hpa.yaml</h4>\n<pre>kind: HorizontalPodAutoscaler\n</pre>');
  });

  it('adds a calibration table and charts of measured against predicted when calibrated', () => {
    const page = runHtml({ ...record, calibration: {
      rows: [
        { scope: 'authorize', metric: 'p99 2xx', measured: 210, predicted: 198, relativeError: -0.057, absoluteError: -12 },
        { scope: 'overall', metric: 'error rate', measured: 0, predicted: 0.5, relativeError: null, absoluteError: 0.5 },
      ],
      series: [{ metric: 'arrival rate', unit: 'requests per second', tSeconds: [0, 10, 20], measured: [100, 120, 130], predicted: [101, 118, 131] }],
    } });
    expect(page).toContain('<section id="calibration">');
    expect(page).toContain('<td class="num">-5.70%</td>');
    expect(page).toContain('<td class="num">abs 0.50</td>');
    expect(figures(page).slice(-3)).toEqual(['chart-calibration-latency', 'chart-calibration-error', 'chart-calibration-1']);
    expect(page).toContain('>Calibration: latency measured vs predicted</text>');
    expect(page).toContain('>Calibration: arrival rate</text>');
  });
});

describe('escaping user text', () => {
  const evil = '<script>alert(1)</script>';
  const base = recordFromRun(smallMixRun());
  const r: RunRecord = {
    ...base,
    name: evil,
    verdicts: base.verdicts.map((v) => ({ ...v, scope: `${v.scope}<img src=x onerror=alert(2)>` })),
    summary: { ...base.summary, perOperation: { [`"><b>op</b>`]: base.summary.perOperation.authorize! } },
    events: [{ tMs: 1000, source: 'hpa', reason: '<i>r</i>', message: 'm & <u>m</u>' }],
    manifests: [{ file: '<x>.yaml', text: 'metadata: { name: "</pre><script>alert(3)</script>" }' }],
    scenarioText: `name: "${evil}"`,
  };
  const html = runHtml(r);

  it('shows a scenario named <script>alert(1)</script> as text', () => {
    expect(html).toContain('<h1>Capacity report: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<title>capsim report: &lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('has no tag from user text anywhere: operation, SLO scope, events, manifests', () => {
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>|onerror=alert\(2\)>/);
    expect(html).toContain('&quot;&gt;&lt;b&gt;op&lt;/b&gt;');
    expect(html).toContain('m &amp; &lt;u&gt;m&lt;/u&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
  });
});

describe('the drain after the traffic in the charts', () => {
  it('is shaded from the end of the traffic to the end of the run in every chart over time, and said so in the caption', () => {
    const record = recordFromRun(smallMixRun());
    const end = record.summary.durationSeconds;
    for (const c of runCharts(record).filter((x) => !x.id.startsWith('calibration'))) {
      const first = (c.option as { series: Array<{ markArea?: { data: Array<[{ xAxis: number }, { xAxis: number }]> } }> }).series[0];
      const [from] = first?.markArea?.data[0] ?? [];
      expect(from?.xAxis, c.id).toBeCloseTo(end * (record.series.tSeconds.at(-1) as number > 600 ? 1 / 60 : 1), 6);
      expect(c.caption).toContain('Shaded: the drain after the traffic ends.');
    }
  });
});

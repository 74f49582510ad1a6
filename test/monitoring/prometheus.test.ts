import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServiceHandle } from '../../loadtests/service/server.js';
import { loadConfig } from '../../loadtests/service/config.js';
import { capsimOk } from '../support/cli.js';
import { prometheusBinary, startPrometheus, type RangeSeries, type RunningPrometheus } from '../support/prometheus.js';
import { promtool, runTool } from '../support/tools.js';

/**
 * A simulated run, exported with `capsim export openmetrics`, turned into TSDB blocks by promtool
 * and served by a real Prometheus on 127.0.0.1 that also scrapes the reference service while it
 * answers requests: query_range gives back every value capsim wrote, at the times it wrote them,
 * and every query of the generated Grafana dashboard (measured and predicted) returns data.
 */

const START = Date.parse('2026-11-27T00:00:00Z') / 1000;
const dir = mkdtempSync(join(tmpdir(), 'capsim-om-'));
let prom: RunningPrometheus | null = null;
let service: ServiceHandle | null = null;
const live = { from: 0, to: 0 };
const tools = promtool !== null && prometheusBinary !== null;
afterAll(async () => {
  await prom?.stop();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Traffic for the measured side: every operation with an SLO, in bursts wider than the one worker
 * and empty queue, so some answers are 503s; until `untilMs` (bounded by the caller).
 */
async function traffic(svc: ServiceHandle, ops: readonly string[], untilMs: number): Promise<void> {
  while (Date.now() < untilMs) {
    await Promise.all(ops.flatMap((op) => [0, 1, 2].map(() => fetch(`${svc.url}/${op}`, { method: 'POST' }).then((r) => r.arrayBuffer()))));
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The samples capsim wrote, by series text (`name{labels}`), as [seconds, value] pairs. */
function writtenSamples(text: string): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+\{[^}]*\}) (\S+) (\S+)$/.exec(line);
    if (m === null) throw new Error(`unexpected line: ${line}`);
    const list = out.get(m[1] as string) ?? [];
    list.push([Number(m[3]), Number(m[2])]);
    out.set(m[1] as string, list);
  }
  return out;
}

/** Smallest and largest of many numbers (no spread into a call: test/architecture/noSpreadCalls.test.ts). */
const minOf = (xs: readonly number[]) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

let om = '';
beforeAll(async () => {
  if (!tools) return;
  await capsimOk(['run', 'test/fixtures/scenarios/small-mix.yaml', '--out', join(dir, 'run')]);
  await capsimOk(['export', 'openmetrics', join(dir, 'run'), '--start', '2026-11-27T00:00:00Z', '--out', join(dir, 'om')]);
  om = readFileSync(join(dir, 'om', 'metrics.om'), 'utf8');
  const blocks = runTool(promtool!, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'om', 'metrics.om'), join(dir, 'data')]);
  expect(blocks.status, blocks.stdout + blocks.stderr).toBe(0);
  service = await startServer(loadConfig({ W: '1', QMAX: '0', CPU_CLOCK: 'wall' }), { host: '127.0.0.1', port: 0 });
  const scrape = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'scrape_configs:',
    '  - job_name: payment-service',
    `    static_configs: [{ targets: ["${new URL(service.url).host}"] }]`,
    '',
  ].join('\n');
  prom = await startPrometheus(join(dir, 'data'), scrape);
  live.from = Math.floor(Date.now() / 1000);
  await traffic(service, ['authorize'], Date.now() + 8000);
  live.to = Math.ceil(Date.now() / 1000);
}, 180_000);

describe.skipIf(!tools)('capsim export openmetrics, loaded into a real Prometheus', () => {
  it('labels every series source="capsim" with the scenario and seed, from the given start', () => {
    const samples = writtenSamples(om);
    expect(samples.size).toBeGreaterThan(15);
    for (const [series, points] of samples) {
      expect(series).toMatch(/\{source="capsim",scenario="small-mix",seed="3"/);
      expect(points[0]?.[0]).toBeGreaterThan(START);
    }
    expect(om.endsWith('# EOF\n')).toBe(true);
  });

  it('query_range returns every value capsim wrote, at its time', async () => {
    const samples = writtenSamples(om);
    const all = [...samples.values()].flat();
    const first = minOf(all.map(([t]) => t));
    const last = maxOf(all.map(([t]) => t));
    const one = samples.values().next().value as Array<[number, number]>;
    const step = one[1]![0] - one[0]![0];
    const data = await prom!.api<{ resultType: string; result: RangeSeries[] }>('query_range', { query: '{source="capsim"}', start: first, end: last, step });
    expect(data.result).toHaveLength(samples.size);
    let compared = 0;
    for (const r of data.result) {
      const { __name__: name, ...labels } = r.metric;
      const key = `${name}{${['source', 'scenario', 'seed', ...Object.keys(labels).filter((k) => !['source', 'scenario', 'seed'].includes(k))].map((k) => `${k}="${labels[k]}"`).join(',')}}`;
      const written = samples.get(key);
      expect(written, key).toBeDefined();
      const returned = new Map(r.values.map(([t, v]) => [t, Number(v)]));
      for (const [t, v] of written!) {
        expect(returned.get(t), `${key} at ${t}`).toBe(v);
        compared++;
      }
    }
    expect(compared).toBe(all.length);
  });

  it('answers PromQL over the predicted series: peak desired replicas', async () => {
    const desired = [...writtenSamples(om)].filter(([k]) => k.startsWith('capsim_replicas{') && k.includes('state="desired"')).flatMap(([, p]) => p);
    const last = maxOf(desired.map(([t]) => t));
    const data = await prom!.api<{ result: Array<{ value: [number, string] }> }>('query', { query: 'max_over_time(capsim_replicas{source="capsim",state="desired"}[1d])', time: last });
    expect(Number(data.result[0]?.value[1])).toBe(maxOf(desired.map(([, v]) => v)));
  });
});

describe.skipIf(!tools)('the Grafana dashboard against the same Prometheus', () => {
  interface Target { refId: string; expr: string }
  interface Panel { title: string; type: string; targets: Target[] }

  /** Grafana's variables as a panel query would see them: the run's seed, a rate window of 4 scrapes. */
  const interpolate = (expr: string) => expr.replaceAll('$__rate_interval', '4s').replaceAll('$seed', '3');

  it('has measured and predicted queries on every panel, and every one returns data', async () => {
    await capsimOk(['dashboard', 'test/fixtures/scenarios/small-mix.yaml', '--out', join(dir, 'grafana')]);
    const dashboard = JSON.parse(readFileSync(join(dir, 'grafana', 'dashboards', 'capsim-small-mix.json'), 'utf8')) as { panels: Panel[] };
    const panels = dashboard.panels.filter((p) => p.type === 'timeseries');
    expect(panels.map((p) => p.title)).toEqual(['Request rate', 'authorize p99 latency against the SLO (300ms)', 'Replicas', 'CPU utilisation against the HPA target', 'Queue', 'Errors']);
    const written = [...writtenSamples(om).values()].flat().map(([t]) => t);
    const predictedRange = { start: minOf(written), end: maxOf(written), step: 10 };
    const measuredRange = { start: live.from, end: live.to, step: 1 };
    for (const p of panels) {
      expect(p.targets.map((t) => t.refId).sort(), p.title).toEqual(['measured', 'predicted']);
      for (const t of p.targets) {
        const expr = interpolate(t.expr);
        expect(expr, `${p.title}: a variable left`).not.toMatch(/\$/);
        const range = t.refId === 'predicted' ? predictedRange : measuredRange;
        const data = await prom!.api<{ result: RangeSeries[] }>('query_range', { query: expr, ...range });
        const values = data.result.flatMap((r) => r.values.map(([, v]) => Number(v))).filter((v) => Number.isFinite(v));
        expect(values.length, `${p.title} (${t.refId}): ${expr}`).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it('writes provisioning for a Prometheus datasource and the dashboards folder', () => {
    const ds = readFileSync(join(dir, 'grafana', 'provisioning', 'datasources', 'prometheus.yaml'), 'utf8');
    expect(ds).toContain('type: prometheus');
    expect(ds).toContain('url: http://prometheus:9090');
    expect(readFileSync(join(dir, 'grafana', 'provisioning', 'dashboards', 'capsim.yaml'), 'utf8')).toContain('path: /var/lib/grafana/dashboards');
  });
});

import { describe, expect, it } from 'vitest';
import { RequestStore, FAILED_UNKNOWN } from '../../../calibration/k6/requests.js';
import type { K6Point } from '../../../calibration/k6/samples.js';
import { load, calibration, readExport, LOCAL } from './fixtures.js';

describe('RequestStore: one record per request, joined from its http_req_* points', () => {
  it('calibration/low: 1801 requests with rid, the op mix of the summary, and every part present', async () => {
    const v = (await load(calibration('low', 'k6.ndjson.gz'))).run.requests.view();
    expect(v.length).toBe(1801);
    expect([...v.rid].sort((a, b) => a - b)).toEqual(Array.from({ length: 1801 }, (_, i) => i));
    const count = (op: string): number => [...v.op].filter((i) => v.names[i] === op).length;
    const k6 = readExport(calibration('low', 'summary.json')).metrics;
    for (const op of ['authorize', 'capture', 'refund']) expect(count(op), op).toBe(k6[`http_req_duration{name:${op}}`]!.count);
    for (const col of [v.durationMs, v.waitingMs, v.sendingMs, v.receivingMs, v.blockedMs, v.connectingMs]) expect(col.every((x) => x >= 0)).toBe(true);
    expect(new Set(v.failed)).toEqual(new Set([0]));
    expect(new Set([...v.scenario].map((i) => v.names[i]))).toEqual(new Set(['pay']));
  });

  it('http_req_duration = sending + waiting + receiving (k6 transport.go), to the ns k6 prints', async () => {
    const v = (await load(calibration('mid', 'k6.ndjson.gz'))).run.requests.view();
    for (let i = 0; i < v.length; i++) expect(Math.abs(v.durationMs[i]! - (v.sendingMs[i]! + v.waitingMs[i]! + v.receivingMs[i]!))).toBeLessThan(2e-6);
  });

  it('calibration/overload: failed flags and 503 statuses agree with k6\'s http_req_failed passes', async () => {
    const v = (await load(calibration('overload', 'k6.ndjson.gz'))).run.requests.view();
    const failed = readExport(calibration('overload', 'summary.json')).metrics.http_req_failed!.passes;
    expect(v.failed.reduce((a, b) => a + b, 0)).toBe(failed);
    expect([...v.status].filter((s) => s === 503).length).toBe(failed);
  });

  it('local run: statuses 200 and 502 (every 10th iteration GETs /fail), and the vus/vus_max series', async () => {
    const v = (await load(`${LOCAL}/run.ndjson`)).run.requests.view();
    expect(v.length).toBe(61);
    expect(new Set([...v.status])).toEqual(new Set([200, 502]));
    expect(v.vus.value.length).toBe(4);
    expect(v.vusMax.value.every((x) => x === 2)).toBe(true);
  });

  it('without rid, two requests with the same time and tags are kept apart (a second http_reqs opens a new record)', () => {
    const store = new RequestStore();
    const p = (metric: string, value: number): K6Point => ({ metric, timeMs: 1000, value, tags: { name: 'x', status: '200' }, metadata: undefined, line: 1 });
    for (const d of [5, 7]) for (const [m, x] of [['http_reqs', 1], ['http_req_duration', d]] as const) store.point(p(m, x));
    const v = store.view();
    expect([...v.durationMs]).toEqual([5, 7]);
    expect([...v.failed]).toEqual([FAILED_UNKNOWN, FAILED_UNKNOWN]);
    expect(v.names[v.op[0]!]).toBe('x');
  });

  it('the url names the operation when there is no name tag', () => {
    const store = new RequestStore();
    store.point({ metric: 'http_reqs', timeMs: 1, value: 1, tags: { url: 'http://a/b' }, metadata: undefined, line: 1 });
    expect(store.view().names[store.view().op[0]!]).toBe('http://a/b');
  });
});

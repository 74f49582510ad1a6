import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../loadtests/service/config.js';
import type { ServiceHandle } from '../../../loadtests/service/server.js';
import { call, start, track, until } from './serviceClient.js';

// Loads stay small (<= 20 requests of <= 5 ms CPU): the machine's two cores are shared.
const running: ServiceHandle[] = [];
async function service(env: Record<string, string>): Promise<ServiceHandle> {
  const svc = await start(env);
  running.push(svc);
  return svc;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

// "settle" with no CPU and a long exact downstream wait holds a worker slot: a gate.
const GATE = { CPU_MS_SETTLE: '0', DS_SIGMA: '0' };

describe('payment operations', () => {
  it.each(OPERATIONS.map((op) => ({ op })))('POST /$op answers 200 with the operation\'s JSON', async ({ op }) => {
    const svc = await service({ [`CPU_MS_${op.toUpperCase()}`]: '0.2', [`DS_MEDIAN_${op.toUpperCase()}`]: '1' });
    const r = await call(svc, `/${op}`, { rid: `req-${op}` });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-req-id')).toBe(`req-${op}`);
    expect(r.body).toMatchObject({ op, status: 'ok', rid: `req-${op}`, rep: 0, seq: 0 });
    expect(r.body['cpu_used_ms']).toBeGreaterThanOrEqual(0.2);
  });

  it('draws the calibration runs\' downstream waits: SEED 12345, replica 0, sigma 0.3 (fixture low, seq 0-2)', async () => {
    const svc = await service({ CPU_MS_AUTHORIZE: '0.1' });
    const drawn = [];
    for (let i = 0; i < 3; i++) drawn.push((await call(svc, '/authorize')).body['ds_drawn_ms']);
    expect(drawn).toEqual([14.685, 15.878, 17.42]);
  });

  it('an unknown operation -> 404 naming it and the known ones', async () => {
    const svc = await service({ OPS: 'authorize,capture' });
    const r = await call(svc, '/chargeback');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'unknown operation "chargeback"', op: 'chargeback', known: ['authorize', 'capture'] });
    expect((await call(svc, '/refund')).status).toBe(404);
  });

  it.each([
    { name: 'GET on an operation', method: 'GET', path: '/authorize', allow: 'POST' },
    { name: 'POST on a probe', method: 'POST', path: '/healthz', allow: 'GET, HEAD' },
  ])('$name -> 405 with Allow', async ({ method, path, allow }) => {
    const svc = await service({});
    const r = await call(svc, path, { method });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe(allow);
    expect(String(r.body['error'])).toContain(`method ${method} not allowed`);
  });
});

describe('queueing as configured (W slots, FIFO, QMAX)', () => {
  it('W=1, CPU 5 ms: 19 requests queued behind a held slot wait for one another\'s CPU phases', async () => {
    const cpuMs = 5;
    const gateMs = 3000; // long enough for 19 requests to queue behind it on a busy machine
    const svc = await service({ ...GATE, W: '1', DS_MEDIAN_SETTLE: String(gateMs), CPU_MS_AUTHORIZE: String(cpuMs), DS_MEDIAN_AUTHORIZE: '1' });
    const gate = call(svc, '/settle');
    await until(svc, (s) => s.busy === 1);
    const queued = Array.from({ length: 19 }, (_, i) => call(svc, '/authorize', { rid: `q${i}` }));
    await until(svc, (s) => s.waiting === 19);
    const replies = (await Promise.all(queued)).map((r) => r.body).sort((a, b) => Number(a['seq']) - Number(b['seq']));
    expect((await gate).status).toBe(200);

    // All 19 arrived before the first of them started, and each start waits for the previous
    // request's CPU phase (>= 5 ms of process CPU, of which a little may be other threads').
    const firstStart = Number(replies[0]?.['start']);
    replies.forEach((r, k) => {
      expect(Number(r['arr'])).toBeLessThanOrEqual(firstStart);
      expect(Number(r['wait_ms'])).toBeGreaterThanOrEqual(k * cpuMs * 0.9);
    });
    const last = Number(replies[18]?.['wait_ms']);
    expect(last).toBeGreaterThanOrEqual(18 * cpuMs * 0.9);
    // Generous upper bound from the config: the gate plus 19 slot cycles, each 10x slower than configured.
    expect(last).toBeLessThan(gateMs + 19 * (cpuMs + 1) * 10);
  });

  it('QMAX overflow -> 503 at once, while the held slot is still busy', async () => {
    const svc = await service({ ...GATE, W: '1', QMAX: '2', DS_MEDIAN_SETTLE: '600', CPU_MS_AUTHORIZE: '0.1', DS_MEDIAN_AUTHORIZE: '1' });
    const gate = track(call(svc, '/settle'));
    await until(svc, (s) => s.busy === 1);
    const queued = [call(svc, '/authorize'), call(svc, '/authorize')];
    await until(svc, (s) => s.waiting === 2);
    const refused = await call(svc, '/authorize', { rid: 'over' });
    expect(gate.settled()).toBe(false);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ op: 'authorize', rid: 'over' });
    expect(String(refused.body['error'])).toContain('QMAX 2');
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual([200, 200]);
    expect((await gate.promise).status).toBe(200);
  });
});

describe('probes, metrics and draining', () => {
  it('/healthz and /readyz answer 200 while serving', async () => {
    const svc = await service({});
    expect((await call(svc, '/healthz', { method: 'GET' })).body).toEqual({ status: 'ok' });
    expect((await call(svc, '/readyz', { method: 'GET' })).body).toEqual({ status: 'ready' });
  });

  it('/metrics exposes request counters, the duration histogram, pool gauges and process metrics', async () => {
    const svc = await service({ ...GATE, W: '1', QMAX: '0', DS_MEDIAN_SETTLE: '300', CPU_MS_AUTHORIZE: '0.1', DS_MEDIAN_AUTHORIZE: '1' });
    const gate = call(svc, '/settle');
    await until(svc, (s) => s.busy === 1);
    expect((await call(svc, '/authorize')).status).toBe(503);
    await gate;
    await call(svc, '/authorize');
    await call(svc, '/nope');
    const text = String((await call(svc, '/metrics', { method: 'GET' })).body['text']);
    for (const line of [
      'http_requests_total{op="settle",status="200"} 1',
      'http_requests_total{op="authorize",status="503"} 1',
      'http_requests_total{op="authorize",status="200"} 1',
      'http_requests_total{op="unknown",status="404"} 1',
      'http_request_duration_seconds_count{op="settle",status="200"} 1',
      'payment_queue_length 0',
      'payment_workers_busy 0',
      'payment_workers 1',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('drain: readyz turns 503 at once, in-flight and queued requests complete, then no new connections', async () => {
    const svc = await service({ ...GATE, W: '1', DRAIN_DELAY_MS: '1000', DS_MEDIAN_SETTLE: '300', CPU_MS_AUTHORIZE: '0.1', DS_MEDIAN_AUTHORIZE: '1' });
    const inFlight = call(svc, '/settle');
    await until(svc, (s) => s.busy === 1);
    const queued = call(svc, '/authorize');
    await until(svc, (s) => s.waiting === 1);
    const drained = track(svc.drain());
    const ready = await call(svc, '/readyz', { method: 'GET' });
    expect([ready.status, ready.body['status']]).toEqual([503, 'draining']);
    const done = await Promise.all([inFlight, queued]);
    expect(done.map((r) => [r.status, r.headers.get('connection')])).toEqual([
      [200, 'close'],
      [200, 'close'],
    ]);
    await drained.promise;
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
  });

  it('drain with no delay: closes the listener first, resolves only after in-flight responses', async () => {
    const svc = await service({ ...GATE, W: '1', DS_MEDIAN_SETTLE: '300' });
    const inFlight = track(call(svc, '/settle'));
    await until(svc, (s) => s.busy === 1);
    const drained = svc.drain();
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
    expect(inFlight.settled()).toBe(false);
    await drained;
    expect(svc.stats().inFlight).toBe(0);
    expect((await inFlight.promise).status).toBe(200);
  });

  it('drain gives up after DRAIN_TIMEOUT_MS and cuts what is left', async () => {
    const svc = await service({ ...GATE, W: '1', DRAIN_TIMEOUT_MS: '100', DS_MEDIAN_SETTLE: '1500' });
    const stuck = track(call(svc, '/settle'));
    await until(svc, (s) => s.busy === 1);
    await svc.drain();
    expect(svc.stats().inFlight).toBe(1);
    await expect(stuck.promise).rejects.toThrow();
  });
});

describe('LOG_FILE: one NDJSON line per request in the fixtures\' server log format', () => {
  // Key sets of low/server-0.ndjson (200) and overload/server-0.ndjson (503) lines.
  const OK_KEYS = ['arr', 'busy_at_arr', 'cpu_end', 'cpu_used_ms', 'cpu_wall_ms', 'ds_actual_ms', 'ds_drawn_ms', 'end', 'op', 'q_at_arr', 'rep', 'resid_ms', 'rid', 'seq', 'start', 'status', 'wait_ms'];
  const REFUSED_KEYS = ['arr', 'busy_at_arr', 'end', 'op', 'q_at_arr', 'rep', 'rid', 'status'];

  it('writes 200 and 503 lines with the fixture fields, flushed on drain', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'capsim-svc-')), 'server-0.ndjson');
    const svc = await service({ ...GATE, W: '1', QMAX: '0', LOG_FILE: logFile, DS_MEDIAN_SETTLE: '200' });
    const gate = call(svc, '/settle', { rid: '1' });
    await until(svc, (s) => s.busy === 1);
    await call(svc, '/refund', { rid: '2' });
    await gate;
    await svc.drain();
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['rid'], l['status']])).toEqual([
      ['2', 503],
      ['1', 200],
    ]);
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual(REFUSED_KEYS);
    expect(Object.keys(lines[1] ?? {}).sort()).toEqual(OK_KEYS);
    expect(lines[0]).toMatchObject({ q_at_arr: 0, busy_at_arr: 1 });
    const ok = lines[1] ?? {};
    expect(Number(ok['end']) - Number(ok['arr'])).toBeCloseTo(Number(ok['resid_ms']), 2);
    expect(Number(ok['ds_drawn_ms'])).toBe(200);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { flowPlan, stepRuns } from '../../scenarios/http/flows.js';
import { drawValue, type ValueGenerator } from '../../scenarios/http/values.js';
import type { ScenarioSpec } from '../../scenarios/schema.js';
import { pickForIteration } from '../../sim/traffic/mix.js';

/**
 * A service that is not the reference service (test/fixtures/scenarios/wallet.yaml: tokenize,
 * then charge with the token, then refund a fifth of the charges; a balance read on its own)
 * declared once in a scenario; `capsim k6 script` writes its k6 script; the script runs against a
 * Node http server on 127.0.0.1 that answers as a wallet would and records every request. The
 * script runs in a k6-like node:vm runtime (test/loadtests/k6HttpHarness.mjs: k6/* stubbed,
 * http.request synchronous as in k6), and under real k6 when `k6` is on PATH.
 */
const WALLET = 'test/fixtures/scenarios/wallet.yaml';
const dir = mkdtempSync(join(tmpdir(), 'capsim-k6-flows-'));
const ITERATIONS = 120;

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
  answer: Record<string, unknown>;
}

let server: Server;
let baseUrl = '';
let seen: Seen[] = [];
let spec: ScenarioSpec;

/** Answers like a wallet API: ids for tokens, charges and refunds. */
function answer(method: string, path: string): [number, Record<string, unknown>] {
  const n = seen.length;
  if (method === 'POST' && path === '/v1/tokens') return [201, { id: `tok_${n}` }];
  if (method === 'POST' && path === '/v1/charges') return [200, { id: `ch_${n}`, status: 'succeeded' }];
  if (method === 'POST' && /^\/v1\/charges\/ch_\d+\/refunds$/.test(path)) return [200, { id: `re_${n}` }];
  if (method === 'GET' && path === '/v1/balance') return [200, { available: 1000 }];
  return [404, { error: 'no such route' }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const [status, body] = answer(req.method ?? '', req.url ?? '');
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>), answer: body });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const t = await capsim(['k6', 'script', WALLET, '--out', join(dir, 'k6')]);
  if (t.code !== 0) throw new Error(`capsim k6 script failed: ${t.stderr}`);
  spec = (JSON.parse(readFileSync(join(dir, 'k6', 'scenario.json'), 'utf8')) as { capsimScenario: ScenarioSpec }).capsimScenario;
}, 120_000);

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

function runHarness(env: Record<string, string>, iterations: number): Promise<{ error?: string; checks: Array<{ name: string; ok: boolean }>; sleeps: number[] }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--experimental-vm-modules', '--no-warnings', 'test/loadtests/k6HttpHarness.mjs', join(dir, 'k6', 'payments.js'), JSON.stringify(env), String(iterations)]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) fail(new Error(`harness exited ${code}: ${err}`));
      else ok(JSON.parse(out));
    });
  });
}

/** The requests the declaration says iteration i sends, in order: [operation, values drawn for it]. */
function expectedSteps(i: number): string[] {
  const plan = flowPlan(spec);
  const seed = spec.traffic.mixSeed ?? 7;
  const flow = plan.flows[pickForIteration(plan.mix, i, seed)]!;
  const ops: string[] = [];
  for (const [k, s] of flow.steps.entries()) {
    if (!stepRuns(i, k, s.fraction, seed)) break;
    ops.push(s.operation);
  }
  return ops;
}

const value = (name: string, i: number): string | number => drawValue(spec.http!.values![name] as ValueGenerator, name, i, 0, spec.traffic.mixSeed ?? 7);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('a wallet scenario (not the reference service) drives k6: the declared requests, in the declared mix', () => {
  it('in a k6-like runtime: every request is the declared one (method, path, headers, body), values carried from earlier steps', async () => {
    seen = [];
    const out = await runHarness({ SCENARIO_FILE: 'scenario.json', BASE_URL: baseUrl, RUN_ID: 'test' }, ITERATIONS);
    expect(out.error).toBeUndefined();
    const expected = Array.from({ length: ITERATIONS }, (_, i) => expectedSteps(i).map((op) => [i, op] as const)).flat();
    const opOf = (s: Seen): string => (s.path === '/v1/tokens' ? 'tokenize' : s.path === '/v1/charges' ? 'charge' : s.path === '/v1/balance' ? 'balance' : 'refund');
    expect(seen.map(opOf)).toEqual(expected.map(([, op]) => op));
    // the mix: 4 pay flows to 1 balance read, 70 % of tokens charged, 20 % of charges refunded
    const count = (op: string): number => expected.filter(([, o]) => o === op).length;
    expect(count('tokenize') + count('balance')).toBe(ITERATIONS);
    expect(count('tokenize') / ITERATIONS).toBeGreaterThan(0.7);
    expect(count('charge')).toBeGreaterThan(0);
    expect(count('refund')).toBeGreaterThan(0);
    let token = '';
    let charge = '';
    seen.forEach((s, n) => {
      const [i, op] = expected[n]!;
      if (op !== 'balance') expect(s.headers['idempotency-key']).toMatch(UUID_V4);
      if (op === 'tokenize') {
        expect([s.method, s.path, s.headers['content-type']]).toEqual(['POST', '/v1/tokens', 'application/json']);
        expect(s.body).toEqual({ card: { number: '4242424242424242', expMonth: 12, expYear: 2030 } });
        token = s.answer.id as string;
      } else if (op === 'charge') {
        expect([s.method, s.path, s.headers['x-wallet-request']]).toEqual(['POST', '/v1/charges', `iteration-${i}`]);
        expect(s.body).toEqual({ source: token, amount: value('amount', i), currency: value('currency', i), description: `order ${i} in ${value('currency', i)}` });
        charge = s.answer.id as string;
      } else if (op === 'refund') {
        expect([s.method, s.path]).toEqual(['POST', `/v1/charges/${charge}/refunds`]);
        expect(s.body).toEqual({ amount: value('amount', i) });
      } else {
        expect([s.method, s.path, s.body, s.headers['content-type']]).toEqual(['GET', '/v1/balance', null, undefined]);
      }
    });
    const keys = seen.map((s) => s.headers['idempotency-key']).filter((k) => k !== undefined);
    expect(new Set(keys).size).toBe(keys.length);
    // amounts from the declared lognormal (median 40, 2 decimals, within [1, 5000]); currencies from the list
    const charges = seen.filter((s) => s.path === '/v1/charges');
    for (const c of charges) {
      expect(Math.abs((c.body!.amount as number) * 100 - Math.round((c.body!.amount as number) * 100))).toBeLessThan(1e-6);
      expect(c.body!.amount).toBeGreaterThanOrEqual(1);
      expect(['EUR', 'USD', 'GBP']).toContain(c.body!.currency);
    }
    // the refund's wait is declared, not a hidden sleep
    expect(out.sleeps).toEqual(Array(count('refund')).fill(1));
    expect(out.checks.every((c) => c.ok)).toBe(true);
  }, 90_000);

  it('a failed check ends the flow: nothing is sent with a value that was never captured', async () => {
    seen = [];
    const out = await runHarness({ SCENARIO_FILE: 'scenario.json', BASE_URL: `${baseUrl}/nowhere`, RUN_ID: 'test' }, 20);
    expect(out.error).toBeUndefined();
    // every first step got a 404: no charge, no refund was attempted
    expect(seen.every((s) => s.path.startsWith('/nowhere/v1/tokens') || s.path.startsWith('/nowhere/v1/balance'))).toBe(true);
    expect(out.checks.some((c) => !c.ok)).toBe(true);
  }, 60_000);

  const k6 = spawnSync('k6', ['version'], { encoding: 'utf8' });
  it.skipIf(k6.status !== 0)('under real k6 (skipped: no k6 on PATH): the same requests reach the server, values carried', async () => {
    seen = [];
    // k6 must run asynchronously: this process's server answers it.
    const code = await new Promise<number | null>((ok) => {
      const child = spawn('k6', ['run', '--quiet', '-e', 'SCENARIO_FILE=scenario.json', '-e', `BASE_URL=${baseUrl}`, '-e', 'TIME_COMPRESSION=10', '-e', 'RUN_ID=real', join(dir, 'k6', 'payments.js')], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill(), 90_000);
      child.on('close', (c) => (clearTimeout(timer), ok(c)));
    });
    expect([0, 99]).toContain(code);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => answer(s.method, s.path)[0] !== 404)).toBe(true);
    const tokens = new Set(seen.filter((s) => s.path === '/v1/tokens').map((s) => s.answer.id));
    for (const c of seen.filter((s) => s.path === '/v1/charges')) expect(tokens.has(c.body!.source)).toBe(true);
  }, 120_000);
});
